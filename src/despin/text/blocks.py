"""Long text cut into blocks, so that the memory a restore takes is bounded by a block, not
by the text.

A block ends where no part of the engine reaches across: after the white space that follows
a sentence's last mark (".", "!", "?", "…", with closing quotes or brackets), when the next
sentence starts with no lower-case letter. A word's left and right context and a phrase
are white space apart, so the mark keeps them from crossing, and a block restored alone
gives what it gives inside the whole text. Best at a paragraph's end, then at a line's end,
then inside a line; failing those, at a blank line, at white space, after punctuation; and
only where a whole block holds none of these (no word is that long) at the limit itself.
A cut never falls inside code, markup, an address, a quotation or a ``despin: off`` region
unless one of them is longer than a block.

>>> text = "One sentence. Another one.\\n\\nA paragraph."
>>> [text[a:b] for a, b in spans(text, 30)]
['One sentence. Another one.\\n\\n', 'A paragraph.']
"""

from __future__ import annotations

import os
from typing import Iterable, Iterator

import regex

from .literals import OFF_ON, literal_spans
from .quotes import QUOTED

SIZE = 256 * 1024  # characters a block holds at most: some 20 MB of working memory
SIZE_VARIABLE = "DESPIN_BLOCK_SIZE"  # a smaller size for tests and benchmarks

_END = r"(?<=[.!?…][\"'”’»)\]]{0,3})"  # a sentence's last mark, then closing marks
_NEXT = r"(?=[^\s\p{Ll}])"  # the next sentence: not lower case ("sq. toes" is one phrase)
# where a block may end, best first; searched backwards (REVERSE) for the last one
_CUTS = [regex.compile("(?r)" + p) for p in (
    _END + r"[ \t\r]*\n[ \t\r]*\n\s*" + _NEXT,  # a paragraph's end
    _END + r"[ \t\r]*\n\s*" + _NEXT,  # a line's end
    _END + r"[ \t]+" + _NEXT,  # a sentence's end inside a line
    r"\n[ \t\r]*\n\s*(?=\S)",  # a blank line: no phrase crosses it
    r"(?<=\S)\s+(?=\S)",  # white space
    r"[^\p{L}\p{M}\p{N}\s]+(?=\S)",  # after punctuation: still not inside a word
)]


def size() -> int:
    """The block size: :data:`SIZE`, or the environment's ``DESPIN_BLOCK_SIZE``."""
    value = os.environ.get(SIZE_VARIABLE, "")
    return int(value) if value.isdigit() and int(value) > 0 else SIZE


def _whole(window: str) -> list[tuple[int, int]]:
    """Spans of ``window`` that a cut must not split: code, markup and addresses, a
    quotation (the document test weighs the words inside quotes apart) and a ``despin:
    off`` region."""
    found = literal_spans(window) + [m.span() for m in QUOTED.finditer(window)]
    found += [m.span() for m in OFF_ON.finditer(window)]  # a search, not a lower-cased copy
    return sorted(found)


def cut(window: str, limit: int) -> int:
    """Where a block that starts ``window`` ends: ``len(window)`` when it is no longer than
    ``limit``, else the best place at most ``limit`` characters in (in the last three
    quarters, where there is one). ``window`` holds one character more than ``limit`` when
    the text goes on, so that what follows a place is seen."""
    if len(window) <= limit:
        return len(window)
    inside = _whole(window)
    for low in (limit // 4, 1):
        for pattern in _CUTS:
            at = _last(pattern, window, low, limit + 1, inside)
            if at:
                return at
    return limit  # a block's length without white space or punctuation: no word


def _last(pattern, window: str, low: int, high: int, inside) -> int | None:
    """The end of the last match of ``pattern`` in ``window[low:high]`` that splits none
    of the ``inside`` spans (sorted), or None."""
    while high > low:
        m = pattern.search(window, low, high)
        if m is None:
            return None
        at = m.end()
        split = next((a for a, b in inside if a < at < b), None)
        if split is None:
            return at
        high = split  # look again before the span
    return None


def spans(text: str, limit: int | None = None) -> Iterator[tuple[int, int]]:
    """(start, end) of each block of ``text``, in order; they cover it."""
    limit = limit or size()
    pos = 0
    while pos < len(text):
        end = pos + cut(text[pos:pos + limit + 1], limit)
        yield pos, end
        pos = end


def split(text: str, limit: int | None = None) -> Iterator[str]:
    """``text`` as blocks of at most ``limit`` characters (:func:`size`)."""
    return (text[a:b] for a, b in spans(text, limit))


def stream(pieces: Iterable[str], limit: int | None = None) -> Iterator[str]:
    """Text that arrives in ``pieces`` of any size (a file read bit by bit), as blocks of
    at most ``limit`` characters: the same blocks :func:`split` gives of the whole text."""
    limit = limit or size()
    pending = ""
    for piece in pieces:
        pending += piece
        while len(pending) > limit:
            at = cut(pending[:limit + 1], limit)
            yield pending[:at]
            pending = pending[at:]
    if pending:
        yield pending
