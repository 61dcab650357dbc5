"""Character spans that changes must not touch: merged once, then tested by bisection."""

from __future__ import annotations

import bisect
from typing import Iterable


def merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """The union of ``spans`` as disjoint spans, sorted (touching spans join)."""
    merged: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def overlaps(spans: list[tuple[int, int]], starts: list[int], start: int, end: int) -> bool:
    """Does [start, end) touch one of the disjoint sorted ``spans`` (``starts``: their starts)?"""
    k = bisect.bisect_left(starts, end) - 1  # the last span starting before ``end``
    return k >= 0 and spans[k][1] > start


def drop_blocked(matches: dict, blocked, held) -> None:
    """Remove the matches that touch a ``blocked`` span (disjoint, sorted), and those that
    reach into the words a keep-case holds without touching the match it keeps (``held``:
    (words, match) span pairs, sorted; ``Decider.held_by_keep_cases``)."""
    starts = [a for a, _ in blocked]
    held_starts = [a for (a, _), _ in held]
    longest = max((b - a for (a, b), _ in held), default=0)
    for i in list(matches):
        kept = []
        for m in matches[i]:
            if blocked and overlaps(blocked, starts, m.start, m.end):
                continue
            k = bisect.bisect_left(held_starts, m.start - longest)
            near = held[k:bisect.bisect_left(held_starts, m.end)]
            if any(a < m.end and m.start < b and not (c < m.end and m.start < d)
                   for (a, b), (c, d) in near):
                continue
            kept.append(m)
        if kept:
            matches[i] = kept
        else:
            del matches[i]
