"""The text as a second pass will read it: restored words as neighbours, and the text
around a match with the changes made so far applied.

A decision that looks at the words or characters around a match must see them as the
restored text has them, or a second pass, which reads that text, can decide otherwise
(docs/design.md, "Chains and idempotence").

>>> last_word("text-to-speech"), last_word("U.S."), first_word("Support vector")
('speech', 'S', 'Support')
"""

from __future__ import annotations

import bisect

from ..text.tokens import tokenize

WIDTH = 1000  # characters around a match that the test of a name or a number may look at
# (its line), each side; a keep-case needs no more than its own length


def last_word(after: str) -> str | None:
    """The last word token of a restoration, as a second pass tokenizes it."""
    words = after.split()
    if words and words[-1].isalnum():
        return words[-1]  # one token (the usual case, without the tokenizer)
    tokens = tokenize(after)
    return tokens[-1].text if tokens else None


def first_word(after: str) -> str | None:
    """The word token a restoration begins with, if nothing comes before it."""
    words = after.split(maxsplit=1)
    if words and words[0].isalnum() and after[:1] == words[0][:1]:
        return words[0]
    tokens = tokenize(after)
    return tokens[0].text if tokens and tokens[0].start == 0 else None


def around(text: str, changes, start: int, end: int, width: int = WIDTH) -> tuple[str, int]:
    """The text around ``text[start:end]``, ``width`` characters each side (and the whole of
    a change there), as the ``changes`` (sorted by start, none overlapping the span) leave
    it, and where ``start`` lies in it; ``text`` and ``start`` where no change is near. A
    change may join two lines ("Place\\nOf Work" -> "Office").

    >>> from types import SimpleNamespace as C
    >>> around("Not Beneficial Properties 1000", [C(start=4, end=25, after="Gains")], 26, 30)
    ('Not Gains 1000', 10)
    >>> around("a\\nPlace\\nOf Work 5", [C(start=2, end=15, after="Office")], 16, 17)
    ('a\\nOffice 5', 9)
    """
    lo, hi = max(0, start - width), min(len(text), end + width)
    k = bisect.bisect_left(changes, lo, key=_start) - 1  # a change over the edge: all of it
    if k >= 0 and changes[k].end > lo:
        lo = changes[k].start
    k = bisect.bisect_left(changes, hi, key=_start) - 1
    if k >= 0 and changes[k].end > hi:
        hi = changes[k].end
    near, k = [], bisect.bisect_left(changes, lo, key=_start)
    while k < len(changes) and changes[k].start < hi:
        if not (changes[k].start < end and start < changes[k].end):
            near.append(changes[k])
        k += 1
    if not near:
        return text, start
    pieces, pos, at = [], lo, None
    for c in near:
        if at is None and c.start >= end:
            at = sum(map(len, pieces)) + start - pos
        pieces += [text[pos:c.start], c.after]
        pos = c.end
    if at is None:
        at = sum(map(len, pieces)) + start - pos
    pieces.append(text[pos:hi])
    return "".join(pieces), at


def _start(change) -> int:
    return change.start


def note_restored(text: str, tokens, change, last: int, restored_left: dict[int, str],
                  detached: set[int]) -> None:
    """Record the word ``change`` ends with (at token ``last``) as the next match's left
    neighbour, as a second pass tokenizes it ("speech" of "text-to-speech"). Where a mark
    ends it ("U.S.") or more than white space follows it, it is no neighbour (``detached``)."""
    after = change.after
    word = after if after.isalnum() else last_word(after)  # one word: the usual case
    if word is None:
        return  # a deleted word
    restored_left[last] = word
    gap = text[change.end:tokens[last + 1].start] if last + 1 < len(tokens) else ""
    if (gap and not gap.isspace()) or (word is not after and not after.rstrip(" ").endswith(word)):
        detached.add(last)


def near_ids(changes, start: int, reach: int) -> tuple[int, ...]:
    """The ids of the last changes that end within ``reach`` characters before ``start``."""
    out = []
    for change in reversed(changes):
        if change.end <= start - reach:
            break
        out.append(id(change))
    return tuple(out)
