"""What a text is recognised by, spun or not: the features a spinner leaves alone.

A spinner swaps common words for synonyms; it keeps numbers, names, quoted speech and the
rare words its table does not list, and most runs of words survive once despin has
restored what it knows. So a text is fingerprinted by

* anchors: numbers ("n:46,700"), capitalised words inside a sentence ("c:kazakhstan"),
  quoted strings of three words or more ("q:dead man walking"), and rare lower-case
  words ("r:counteroffensive": fewer than ``RARE`` in a trillion words of English);
* shingles: runs of three words ("s:the stock market"), taken from the restored text
  when the text is spun.

An archive document is fingerprinted as it is (it is clean); a spun page after restoring.

>>> sorted(anchors("Ukraine began its counteroffensive on 8 June, ABC News said: “it is underway”."))
['c:abc', 'c:june', 'c:news', 'n:8', 'q:it is underway', 'r:counteroffensive']
"""

from __future__ import annotations

import regex

from ..judge.context import ContextModel, normalise
from ..text.tokens import tokenize

RARE = 3_000_000  # per 1T words: "deportation" (1.0M) is rare, "inflation" (8.6M) is not
SHINGLE = 3  # words a shingle: long enough to be specific, short enough to survive a swap

_NUMBER = regex.compile(r"\d+(?:[.,:/]\d+)*")
_QUOTE = regex.compile(r"[“\"]([^”\"\n]{1,300})[”\"]")
_OPENS = frozenset(".!?:;\"“”‘'([\n\r")  # a capital after these opens a sentence, not a name

_context = ContextModel()


def _words(text: str) -> list[tuple[str, bool]]:
    """(word, opens a sentence) for each word token."""
    out = []
    for tok in tokenize(text):
        i = tok.start - 1
        while i >= 0 and text[i] in " \t":
            i -= 1
        out.append((tok.text, i < 0 or text[i] in _OPENS))
    return out


def anchors(text: str) -> set[str]:
    """Numbers, names, quoted strings and rare words of ``text``, each with its kind."""
    found = {"n:" + m.group() for m in _NUMBER.finditer(text)}
    for m in _QUOTE.finditer(text):
        quoted = " ".join(normalise(t.text) for t in tokenize(m.group(1)))
        if quoted.count(" ") >= 2:
            found.add("q:" + quoted)
    for word, opens in _words(text):
        if any(c.isdigit() for c in word):
            continue
        key = normalise(word)
        if len(key) < 2:
            continue
        if word[0].isupper():
            if not opens:
                found.add("c:" + key)
        elif len(key) >= 4 and _context.count(key) < RARE:
            found.add("r:" + key)
    return found


def words(text: str) -> list[str]:
    """The text's words as shingles and alignments compare them (lower case, letters and
    digits only)."""
    return [k for k in (normalise(t.text) for t in tokenize(text)) if k]


def shingles(text: str) -> set[str]:
    """Every run of SHINGLE words."""
    w = words(text)
    return {"s:" + " ".join(w[i:i + SHINGLE]) for i in range(len(w) - SHINGLE + 1)}


def features(text: str) -> set[str]:
    """Anchors and shingles together: the set a MinHash summarises."""
    return anchors(text) | shingles(text)
