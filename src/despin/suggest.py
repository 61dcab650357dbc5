"""Suggestions for tortured phrases that no list holds.

The spinners that wrote the listed tortured phrases reuse one word table: "random" became
"irregular" in "irregular woodland" and in a dozen other phrases. Inverted, the listed
pairs give that table word by word (for a word w, which words the spinners replaced with
w, and in how many listed terms). A run of two to five words is suggested as a term when

* replacing some of its words through the inverted table gives a known term: the original
  of a listed phrase ("irregular timberland" -> "random forest");
* each replacement was seen in at least MIN_SUPPORT distinct listed terms;
* the run itself is not a known term, nor common English: a pair around a replaced word
  is missing from the word-pair counts (context.py) that list every pair seen 100,000
  times on the web ("face detection" is English, "irregular timberland" is not).

A suggestion is shown (``Detection.suggestions``) from MIN_SUPPORT on, and applied as a
change (rule id ``tortured:suggested``) from APPLY_SUPPORT on, where the phrases held out
of the pack were right 36 times and wrong twice (benchmarks/suggestions.py). Suggestions
are looked for only in documents that already hold a listed phrase of the same pack: that
is where a screener needs them, and it keeps clean prose free of them.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from .casing import transfer_case
from .context import LISTED_PAIR
from .spans import merge, overlaps
from .tokens import Token, tokenize

RULE_ID = "tortured:suggested"
PACKS = ("tortured",)  # packs whose phrases teach the word table
MIN_SUPPORT = 2  # distinct listed terms showing a replacement (benchmarks/suggestions.py)
APPLY_SUPPORT = 4  # from here a suggestion is applied (held-out precision 0.947)
# held-out precision by support (benchmarks/suggestions.py), given as the confidence
CONFIDENCE = {2: 0.89, 3: 0.90, APPLY_SUPPORT: 0.95}
MAX_WORDS = 5
_INSIDE = {" ", "-"}  # separators a phrase may hold ("flag-to-commotion")


def normal(word: str) -> str:
    """Lower case without accents: "Naïve" and "naive" are one word here."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _stem(words: tuple[str, ...]) -> tuple[str, ...]:
    """A term up to number: "random forests" and "random forest" are one term."""
    return words[:-1] + (words[-1].rstrip("s"),)


@dataclass(frozen=True)
class Suggestion:
    """A run of words that looks like a tortured phrase, and the term it may stand for."""

    start: int
    end: int
    text: str
    suggestion: str
    confidence: float
    support: int  # distinct listed terms behind the weakest replacement
    evidence: tuple[str, ...]
    rule: str = RULE_ID

    @property
    def applicable(self) -> bool:
        return self.support >= APPLY_SUPPORT

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text,
                "suggestion": self.suggestion, "rule": self.rule, "support": self.support,
                "confidence": self.confidence, "evidence": list(self.evidence)}


class Suggester:
    def __init__(self, rules, context, min_support: int = MIN_SUPPORT):
        self.context = context
        self.min_support = min_support
        self.packs = {p for p in PACKS if any(r.pack == p for r in rules)}
        seen: dict[str, dict[str, set]] = defaultdict(lambda: defaultdict(set))
        self.terms: dict[tuple[str, ...], str] = {}  # normalised words -> the term as written
        for rule in rules:
            if rule.pack not in self.packs:
                continue
            for original in rule.originals:
                out = tuple(normal(t.text) for t in tokenize(original))
                if not 2 <= len(out) <= MAX_WORDS:
                    continue
                self.terms.setdefault(out, original.strip())
                for form in rule.spun:
                    spun = tuple(normal(t.text) for t in tokenize(form))
                    if len(spun) == len(out):
                        for a, b in zip(spun, out):
                            if a != b:
                                seen[a][b].add(_stem(out))
        # spun word -> {original word: distinct terms}; plural and hyphen variants of one
        # listed pair count once
        self.table = {a: {b: len(terms) for b, terms in bs.items()} for a, bs in seen.items()}
        self.by_first: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        for term in self.terms:
            self.by_first[term[0]].append(term)
        self.known = {_stem(t) for t in self.terms}

    def candidates(self, words: list[str]) -> list[tuple[int, str, list[tuple[str, str, int]]]]:
        """Known terms ``words`` may stand for, best first, as (support, term, replacements).
        ``words`` are normalised (see :func:`normal`)."""
        n = len(words)
        if _stem(tuple(words)) in self.known:
            return []
        table, pair = self.table, self.context.pair
        found = []
        for first in {words[0], *table.get(words[0], ())}:
            for term in self.by_first.get(first, ()):
                if len(term) != n:
                    continue
                changed = [i for i in range(n) if words[i] != term[i]]
                swaps = [(words[i], term[i], table.get(words[i], {}).get(term[i], 0))
                         for i in changed]
                if not swaps:
                    continue
                support = min(s for _, _, s in swaps)
                if support < self.min_support:
                    continue
                around = {(j, j + 1) for i in changed for j in (i - 1, i) if 0 <= j < n - 1}
                if around and all(pair(words[a], words[b]) >= LISTED_PAIR for a, b in around):
                    continue  # the run is common English
                same_number = term[-1].endswith("s") == words[-1].endswith("s")
                found.append(((support, same_number, self.context.phrase_count(list(term))),
                              self.terms[term], swaps))
        found.sort(key=lambda f: f[0], reverse=True)
        return [(key[0], term, swaps) for key, term, swaps in found]

    def _known_in(self, text: str, tokens: list[Token], words: list[str]) -> list[tuple[int, int]]:
        """The spans of known terms in the text. No run inside one is a suggestion: it is
        part of a term ("classification-techniques" in "supervised-classification-
        techniques", which a rule may have just restored: a second pass must not take it
        for a tortured phrase)."""
        spans = []
        for i in range(len(tokens) - 1):
            if words[i] not in self.by_first:
                continue
            for n in range(min(MAX_WORDS, len(tokens) - i), 2, -1):
                last = i + n - 1
                if _stem(tuple(words[i:last + 1])) in self.known and all(
                        text[tokens[k].end:tokens[k + 1].start] in _INSIDE for k in range(i, last)):
                    spans.append((tokens[i].start, tokens[last].end))
                    break
        return spans

    def suggest(self, text: str, tokens: list[Token] | None = None,
                taken: list[tuple[int, int]] = ()) -> tuple[Suggestion, ...]:
        """Suggestions in ``text``, left to right, longest first, none overlapping
        ``taken`` (spans already explained by a rule)."""
        if not self.terms:
            return ()
        tokens = tokenize(text) if tokens is None else tokens
        words = [normal(t.text) for t in tokens]
        busy = merge([*taken, *self._known_in(text, tokens, words)])
        busy_starts = [a for a, _ in busy]
        out: list[Suggestion] = []
        i = 0
        while i < len(tokens):
            if words[i] not in self.table and words[i] not in self.by_first:
                i += 1
                continue
            made = None
            for n in range(min(MAX_WORDS, len(tokens) - i), 1, -1):
                last = i + n - 1
                if any(text[tokens[k].end:tokens[k + 1].start] not in _INSIDE
                       for k in range(i, last)):
                    continue
                start, end = tokens[i].start, tokens[last].end
                if overlaps(busy, busy_starts, start, end):
                    continue
                found = self.candidates(words[i:last + 1])
                if found:
                    support, term, swaps = found[0]
                    before = text[start:end]
                    evidence = tuple(f"{a!r} stands for {b!r} in {s} listed terms"
                                     for a, b, s in swaps)
                    evidence += (f"forms the known term {term!r}",
                                 f"{before!r} is not common English")
                    confidence = CONFIDENCE[max(2, min(support, APPLY_SUPPORT))]
                    made = Suggestion(start, end, before, transfer_case(before, term),
                                      confidence, support, evidence)
                    break
            if made:
                out.append(made)
                i = next(k for k in range(i, len(tokens)) if tokens[k].end >= made.end) + 1
            else:
                i += 1
        return tuple(out)
