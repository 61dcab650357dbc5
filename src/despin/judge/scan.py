"""The document test's one pass over a text: the fingerprint words and the spinner-only
phrases found by Aho-Corasick in the lower-cased text, without tokenizing, so that a clean
text costs one pass in C and a few Python steps per hit."""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict

import regex

from ..text.literals import blank, literal_spans
from ..text.quotes import QUOTED
from ..text.spans import merge
from ..text.tokens import (
    HYPHENS,
    NUMBER_MARKS,
    glue_point,
    in_hyphenated_word,
    in_identifier,
    in_larger_number,
)
from .detection import MAX_HITS, Hit

_APOSTROPHES = "'’"
# a spinner swaps words, not parts of hyphenated words: on the real pages a table's
# original inside one was kept 45 times in 46 ("two-child", "long-awaited"), against 55%
# of the time standing alone. Such a part is no evidence either way (the fingerprint and
# the originals kept); spinner-only phrases are looked for there too, as paraphrasers of
# papers do write inside compounds ("profound learning-based").


class Scanner:
    """Finds ``words`` (the fingerprint words and the survivors of evidence.py) and the
    phrases of rules marked ``when: always`` in a text. An original word inside a spun
    phrase ("keeping" in "in keeping with") did not survive the spinner: the spinner wrote
    it, so such phrases mask the words of ``originals`` inside them."""

    def __init__(self, rules, entries, words: set[str], originals: set[str]):
        self.rules = rules
        self.pair_words = words
        self._longest_word = max(map(len, words), default=0)
        self.masks = sorted({_surface(e.pattern) for e in entries if len(e.pattern.words) > 1
                             and originals.intersection(e.pattern.words)})
        # spinner-only phrases as the scan sees them: lower-case words joined by their separators
        self.always = [(e.rule, e.cased, _surface(e.pattern)) for e in entries
                       if rules[e.rule].when == "always"]
        self._automaton = None

    def __getstate__(self) -> dict:
        state = self.__dict__.copy()
        state["_automaton"] = None  # rebuilt on first use
        return state

    def _scanner(self):
        if self._automaton is None:
            import ahocorasick

            automaton = ahocorasick.Automaton()
            keys: dict[str, list] = defaultdict(list)
            for w in self.pair_words:
                keys[w].append(("word", w, None))
            for rule_index, cased, surface in self.always:
                keys[surface].append(("rule", rule_index, cased))
            for surface in self.masks:
                keys[surface].append(("mask", None, None))
            for key, payload in keys.items():
                if len(payload) == 1 and payload[0][0] == "word":
                    payload = key  # a fingerprint word alone, the commonest hit: no list
                automaton.add_word(key, (len(key), payload))
            automaton.make_automaton()
            self._automaton = automaton
        return self._automaton

    def scan(self, text: str) -> tuple[Counter, dict[int, int], list[Hit], Counter]:
        """Counts of fingerprint words (outside spun phrases), of matches per spinner-only
        rule, those matches, and the counts of fingerprint words inside quotation marks."""
        low = _prose(text)
        same_length = len(low) == len(text)
        glued = text if same_length else " " * len(low)  # its glue points part words too
        words: Counter = Counter()
        rules: dict[int, int] = defaultdict(int)
        hits: list[Hit] = []
        if not self.pair_words and not self.always:
            return words, rules, hits, Counter()
        n = len(low)
        found_words: list[tuple[int, int, str]] = []
        masked: list[tuple[int, int]] = []
        for end, (length, payload) in self._scanner().iter(low):
            start = end - length + 1
            compound = False  # a part of a hyphenated word ("two-child")
            # a space on either side needs no more checks: the commonest case by far
            if start > 0 and (c := low[start - 1]) != " ":
                if (c.isalnum() and not (glued[start].isupper() and glue_point(glued, start))) \
                        or (c in _APOSTROPHES and start > 1 and low[start - 2].isalnum()):
                    continue
                if (c == "_" and in_identifier(low, start, end + 1)) \
                        or (c in NUMBER_MARKS and in_larger_number(low, start, end + 1)):
                    continue  # "system_info", the "5" of "3.5": no word of their own
                compound = c in HYPHENS and in_hyphenated_word(low, start, end + 1)
            if end + 1 < n and (c := low[end + 1]) != " ":
                if c.isalnum() and not (glued[end + 1].isupper() and glue_point(glued, end + 1)):
                    continue
                if (c == "_" and in_identifier(low, start, end + 1)) \
                        or (c in NUMBER_MARKS and in_larger_number(low, start, end + 1)):
                    continue
                if c in _APOSTROPHES and end + 2 < n and low[end + 2].isalpha() and not (
                        low[end + 2] == "s" and (end + 3 >= n or not low[end + 3].isalnum())):
                    continue  # inside a contraction such as "isn’t"
                compound = compound or (c in HYPHENS and in_hyphenated_word(low, start, end + 1))
            if payload.__class__ is str:
                if not compound:
                    found_words.append((start, end, payload))
                continue
            for kind, item, cased in payload:
                if kind == "word":
                    if not compound:
                        found_words.append((start, end, item))
                elif kind == "mask":
                    masked.append((start, end + 1))
                elif cased is None or (same_length and _same_case(text[start:end + 1], cased)):
                    rules[item] += 1
                    if same_length and len(hits) < MAX_HITS:
                        rule = self.rules[item]
                        hits.append(Hit(start, end + 1, text[start:end + 1], rule.id,
                                        _context(text, start, end + 1), rule.original))
        if masked:
            found_words = _outside(found_words, merge(masked), self._longest_word)
        words.update(w for _, _, w in found_words)
        return words, rules, hits, self._quoted(words, found_words, text if same_length else "")

    def _quoted(self, words: Counter, found: list[tuple[int, int, str]], text: str) -> Counter:
        """The counts of ``words`` (``found`` where they stand) inside quotation marks in
        ``text``."""
        quotes = [m.span() for m in QUOTED.finditer(text)]
        if not quotes:
            return Counter()
        # _outside keeps the words outside the quotes: the quoted ones are the rest
        return words - Counter(w for _, _, w in _outside(found, quotes, self._longest_word))


def _prose(text: str) -> str:
    """``text`` in lower case as the scan reads it. Line breaks and tabs read as spaces, so
    phrases may wrap, and every offset stays put (three replaces: str.translate is ten times
    slower on long texts); code, markup and addresses are not prose, and are blanked:
    `final` in Java, "…/final-12-months"."""
    low = text.lower().replace("\n", " ").replace("\t", " ").replace("\r", " ")
    return blank(low, literal_spans(text))


def _outside(found: list[tuple[int, int, str]], masked: list[tuple[int, int]],
             longest: int) -> list[tuple[int, int, str]]:
    """The words of ``found`` (start, last index, word; in order of their ends, as the scan
    finds them) that touch none of the disjoint sorted ``masked`` spans. Masks are few and
    words many: each mask looks only at the words whose ends lie near it."""
    ends = [e for _, e, _ in found]
    drop = set()
    for a, b in masked:
        k = bisect.bisect_left(ends, a)  # the first word that ends inside or after the mask
        # a word ending at b + longest or later starts after the mask
        while k < len(ends) and ends[k] < b + longest:
            if found[k][0] < b:
                drop.add(k)
            k += 1
    return [w for k, w in enumerate(found) if k not in drop] if drop else found


def _context(text: str, start: int, end: int, width: int = 40) -> str:
    left = text[max(0, start - width):start].rsplit("\n", 1)[-1]
    right = text[end:end + width].split("\n", 1)[0]
    if start - len(left) > 0 and text[start - len(left) - 1].isalnum() and " " in left:
        left = left.split(" ", 1)[1]  # no word cut in half at the edges
    if end + len(right) < len(text) and text[end + len(right)].isalnum() and " " in right:
        right = right.rsplit(" ", 1)[0]
    return f"{left}[{text[start:end]}]{right}"


def _surface(pattern) -> str:
    out = pattern.words[0]
    for sep, word in zip(pattern.seps, pattern.words[1:]):
        out += sep + word
    return out + pattern.tail


def _same_case(text: str, cased: tuple[str, ...]) -> bool:
    return [w for w in regex.findall(r"[\p{L}\p{N}]+", text)] == \
        [w for c in cased for w in regex.findall(r"[\p{L}\p{N}]+", c)]
