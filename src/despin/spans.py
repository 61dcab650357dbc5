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
