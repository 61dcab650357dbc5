"""Aligned pairs of texts: a clean text and its spun copy, aligned word by word.

The two texts are aligned with rapidfuzz's Levenshtein opcodes on token lists, line by
line when they have the same number of lines. Every replaced stretch is a candidate swap
(spun words -> original words); a lone insertion or deletion is joined to its neighbour
("brand new" -> "new"), and a long stretch made of known swaps is cut into them. learn.py
counts the swaps into proposals; pair_evidence.py weighs rules against the same pairs.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from ..text.tokens import Token, tokenize

MAX_PHRASE = 5  # longest stretch taken as one swap (longer ones are rewrites, not table entries)


@dataclass(frozen=True)
class Text:
    """One aligned pair of texts, and where it came from."""

    original: str
    spun: str
    source: str = ""  # a story or file name: what the rule's note counts
    url: str = ""  # the spun page, for the rule's source


def word_keys(tokens: list[Token]) -> list[str]:
    return [t.text.lower() for t in tokens]


def _regions(s_keys: list[str], o_keys: list[str]) -> list[tuple[int, int, int, int]]:
    """Maximal runs of non-equal opcodes: (spun start, spun end, original start, original end).
    A lone insertion or deletion takes the next (or previous) word along ("brand new" -> "new")."""
    regions = []
    for op in Levenshtein.opcodes(s_keys, o_keys):
        if op.tag == "equal":
            continue
        if regions and regions[-1][1] == op.src_start and regions[-1][3] == op.dest_start:
            s0, _, o0, _ = regions.pop()
            regions.append((s0, op.src_end, o0, op.dest_end))
        else:
            regions.append((op.src_start, op.src_end, op.dest_start, op.dest_end))
    out = []
    for s0, s1, o0, o1 in regions:
        if s0 == s1 or o0 == o1:
            if s1 < len(s_keys) and o1 < len(o_keys):
                s1, o1 = s1 + 1, o1 + 1
            elif s0 > 0 and o0 > 0:
                s0, o0 = s0 - 1, o0 - 1
            else:
                continue
        out.append((s0, s1, o0, o1))
    return out


def _peel(region, s_keys, o_keys, known: set) -> list[tuple[int, int, int, int]]:
    """Split a long region into known swaps and equal words where it is made of them
    ("mentioned plane service" -> "said aircraft carrier" is three known swaps); else
    peel known one-word swaps off its ends. ``known`` holds (spun words, original words)
    tuples: swaps seen alone in the texts, and the existing rules' pairs."""
    s0, s1, o0, o1 = region
    whole = _segment(s0, s1, o0, o1, s_keys, o_keys, known)
    if whole is not None:
        return whole
    head, tail = [], []
    while s1 - s0 > 1 and o1 - o0 > 1:
        if ((s_keys[s0],), (o_keys[o0],)) in known:
            head.append((s0, s0 + 1, o0, o0 + 1))
            s0, o0 = s0 + 1, o0 + 1
        elif ((s_keys[s1 - 1],), (o_keys[o1 - 1],)) in known:
            tail.append((s1 - 1, s1, o1 - 1, o1))
            s1, o1 = s1 - 1, o1 - 1
        else:
            break
    return head + [(s0, s1, o0, o1)] + tail[::-1]


def _segment(s0, s1, o0, o1, s_keys, o_keys, known: set):
    """The region as a run of known swaps and equal words, or None: a search over
    (spun, original) positions, pieces of at most MAX_PHRASE words a side."""
    if (s1 - s0) + (o1 - o0) <= 2:
        return None  # one word a side: nothing to split
    back = {(s0, o0): None}
    frontier = [(s0, o0)]
    while frontier:
        nxt = []
        for i, j in frontier:
            steps = [(i + 1, j + 1, False)] if i < s1 and j < o1 and s_keys[i] == o_keys[j] else []
            for a in range(1, min(MAX_PHRASE, s1 - i) + 1):
                for b in range(1, min(MAX_PHRASE, o1 - j) + 1):
                    if (tuple(s_keys[i:i + a]), tuple(o_keys[j:j + b])) in known:
                        steps.append((i + a, j + b, True))
            for i2, j2, swap in steps:
                if (i2, j2) not in back:
                    back[i2, j2] = (i, j, swap)
                    nxt.append((i2, j2))
        frontier = nxt
    if (s1, o1) not in back:
        return None
    pieces, at = [], (s1, o1)
    while back[at] is not None:
        i, j, swap = back[at]
        if swap:
            pieces.append((i, at[0], j, at[1]))
        at = (i, j)
    return pieces[::-1]


def aligned_lines(original: str, spun: str) -> tuple[list[str], list[str]]:
    """Texts aligned line by line when they have the same lines, else as wholes."""
    o_lines, s_lines = original.split("\n"), spun.split("\n")
    if len(o_lines) != len(s_lines):
        return [original], [spun]
    return o_lines, s_lines


def align(original: str, spun: str, known: set | None = None) -> list[tuple[str, str, str, str]]:
    """(spun text, original text, spun context, restored context) for every swap. A swap
    that opens a sentence has its first letters in lower case where both were capitals
    only for that reason ("Mentioned" -> "Said" is "mentioned" -> "said"); inside a
    sentence a capital is a name's and stays ("the Decide ruled": "Decide" -> "Judge")."""
    swaps = []
    for o_line, s_line in zip(*aligned_lines(original, spun)):
        o_toks, s_toks = tokenize(o_line), tokenize(s_line)
        s_keys, o_keys = word_keys(s_toks), word_keys(o_toks)
        for region in _regions(s_keys, o_keys):
            for s0, s1, o0, o1 in (_peel(region, s_keys, o_keys, known) if known else [region]):
                if s1 - s0 > MAX_PHRASE or o1 - o0 > MAX_PHRASE:
                    continue
                s_text = s_line[s_toks[s0].start:s_toks[s1 - 1].end]
                o_text = o_line[o_toks[o0].start:o_toks[o1 - 1].end]
                if _opens_sentence(s_line, s_toks[s0].start):
                    s_text, o_text = _normal_case(s_text, o_text)
                lo = s_toks[max(0, s0 - 3)].start
                hi = s_toks[min(len(s_toks), s1 + 3) - 1].end
                restored = s_line[lo:s_toks[s0].start] + o_text + s_line[s_toks[s1 - 1].end:hi]
                swaps.append((s_text, o_text, s_line[lo:hi], restored))
    return swaps


def known_swaps(texts: list[Text], existing=()) -> set:
    """Swaps known as wholes: one-word swaps that stand alone somewhere in the texts, and
    the existing rules' pairs. Long regions are cut into these."""
    known = set()
    for t in texts:
        for s_text, o_text, _, _ in align(t.original, t.spun):
            if " " not in s_text and " " not in o_text:
                known.add(((s_text.lower(),), (o_text.lower(),)))
    for rule in existing:
        for form in rule.spun:
            for original in rule.originals:
                known.add((tuple(word_keys(tokenize(form))), tuple(word_keys(tokenize(original)))))
    return known


def _opens_sentence(line: str, start: int) -> bool:
    before = line[:start].rstrip(" \t\"“‘'(")
    return not before or before[-1] in ".!?:;"


def _normal_case(spun: str, original: str) -> tuple[str, str]:
    """"However" -> "But" is "however" -> "but" at a sentence start: case transfer brings
    the capital back. Names ("White Home" -> "White House") keep their case."""
    if spun[:1].isupper() and original[:1].isupper() and not any(c.isupper() for c in spun[1:]) \
            and not any(c.isupper() for c in original[1:]):
        return spun[:1].lower() + spun[1:], original[:1].lower() + original[1:]
    return spun, original


def rewritten_shares(texts: list[Text], min_seen: int = 1) -> dict[str, float]:
    """For each word of the original texts seen at least ``min_seen`` times: the share of
    its occurrences that the spinner rewrote (smoothed). A spinner that is not deterministic
    leaves some originals as they were, and the document test must not take each survivor
    as proof of a clean text."""
    total: Counter = Counter()
    changed: Counter = Counter()
    for t in texts:
        for o_line, s_line in zip(*aligned_lines(t.original, t.spun)):
            o_keys = word_keys(tokenize(o_line))
            total.update(o_keys)
            for _, _, o0, o1 in _regions(word_keys(tokenize(s_line)), o_keys):
                changed.update(o_keys[o0:o1])
    return {w: round((changed[w] + 0.5) / (n + 1), 3) for w, n in total.items()
            if n >= min_seen}
