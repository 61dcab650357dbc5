"""Suggestions for tortured phrases that no list holds.

The spinners that wrote the listed tortured phrases reuse one word table: "random" became
"irregular" in "irregular woodland" and in a dozen other phrases. Inverted, the listed
pairs give that table word by word (for a word w, which words the spinners replaced with
w, and in how many listed terms). For every run of two to five words that holds a word of
that table, each word may map back through the table (or the table of the other number:
"highlight" from "highlights" -> "features"), or through the thesaurus (WordNet synonyms,
unseen.py), or stay; a candidate is a combination that gives a known term:

* an original of the list ("irregular timberland" -> "random forest");
* a MeSH heading or a WordNet term (vocabulary.py: "polymerase chain response" ->
  "polymerase chain reaction");
* a word pair the web counts list (context.py), or two words of the list's originals.

The run must not be a known term itself, nor common English (a pair around a replaced
word is missing from the web counts: "face detection" is English). Each candidate is
scored (``score``): where the term is known from, how well each word maps (listed terms
behind the weakest list map; thesaurus maps), how rare the run is, how much commoner the
term is, and how much better it fits its neighbours. The weights are a logistic fit
(benchmarks/suggestions.py --fit) on the listed phrases, five folds each found by a
# suggester learnt without it, and on runs of clean
prose; the held-out split is never read by it.

A suggestion is shown (``Detection.suggestions``) from SHOW_CONFIDENCE, and applied as a
change (rule id ``tortured:suggested``) from APPLY_CONFIDENCE, the levels that
benchmarks/suggestions.py shows (benchmarks/results.md). Suggestions are looked for only in
documents that already hold a listed phrase of the same pack: that is where a screener
needs them, and it keeps clean prose free of them. Each carries its evidence: the map each
word used and where the term is known from.
"""

from __future__ import annotations

import math
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from ..judge.context import LISTED_PAIR, sigmoid
from ..text.casing import transfer_case
from ..text.spans import merge, overlaps
from ..text.tokens import Token, tokenize
from . import vocabulary
from .unseen import synonyms as thesaurus

RULE_ID = "tortured:suggested"
PACKS = ("tortured",)  # packs whose phrases teach the word table
MAX_WORDS = 5
MAPS_CACHE = 200_000  # words whose maps are kept (a paper's vocabulary is far smaller)
MAX_MAPS = 24  # originals tried per word, best supported first (a few words map to dozens)
_INSIDE = {" ", "-"}  # separators a phrase may hold ("flag-to-commotion")
# how a word maps back, and where a term is known from (evidence, and features of the score)
LIST_MAP, NUMBER_MAP, THESAURUS_MAP = "list", "list by number", "thesaurus"
LIST_TERM, WEB_TERM, COMPOSED_TERM = "list", "web", "composed"  # and vocabulary's sources
# ("mesh", "wordnet"); composed: two words of the list's originals, a term of no source
WEB_PAIR = LISTED_PAIR  # a word pair the web counts list is a known two-word term
KNOWN_FROM = {LIST_TERM: "an original of the tortured-phrase list", "mesh": "a MeSH heading",
              "wordnet": "a WordNet term", WEB_TERM: "a word pair the web counts list",
              COMPOSED_TERM: "no known term, but both words are words of the list's originals"}
# The score's weights (log-odds), fitted by benchmarks/suggestions.py --fit on the listed
# phrases in five folds (never the held-out split) and on runs of clean prose
WEIGHTS = {"bias": -2.97, LIST_TERM: 2.48, "mesh": 0.22, "wordnet": -0.06, WEB_TERM: -3.05,
           COMPOSED_TERM: -2.49, "support": 1.42, "thesaurus": -3.01, "swaps": -0.39,
           "fit": 0.27, "rarity": 0.79, "commoner": -0.37, "share": 1.17}
# shown from here (Detection.suggestions): the lowest level at which the benchmark's clean
# prose gets under one suggestion per 100,000 words once a listed phrase opens the search
SHOW_CONFIDENCE = 0.8
# applied from here (benchmarks/results.md: the most precise level on the held-out phrases,
# and the fewest changes to clean prose)
APPLY_CONFIDENCE = 0.95


def normal(word: str) -> str:
    """Lower case without accents: "Naïve" and "naive" are one word here."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_stem = vocabulary.stem


def _plural(word: str) -> bool:
    return word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3


def _numbered(term: tuple[str, ...], plural: bool) -> tuple[str, ...]:
    """The term with its last word in the number of the run it stands for (a spinner keeps
    the number: "irregular woodlands" are "random forests")."""
    last = term[-1]
    if plural and not _plural(last):
        last = last[:-1] + "ies" if last.endswith("y") and last[-2:-1] not in "aeiou" \
            else last + ("es" if last.endswith(("s", "x", "ch", "sh")) else "s")
    elif not plural and _plural(last):
        last = last[:-3] + "y" if last.endswith("ies") else last[:-1]
    return term[:-1] + (last,)


def score(features: dict) -> float:
    """The log-odds that a candidate is the term the spinner rewrote."""
    w = WEIGHTS
    return (w["bias"] + w[features["source"]] + w["support"] * math.log1p(features["support"])
            + w["thesaurus"] * features["thesaurus"] + w["swaps"] * (features["swaps"] - 1)
            + w["fit"] * features["fit"] + w["rarity"] * features["rarity"]
            + w["commoner"] * features["commoner"] + w["share"] * features["share"])


@dataclass(frozen=True)
class Candidate:
    """A known term a run of words may stand for, with what supports it."""

    words: tuple[str, ...]
    written: str | None  # the term as the list writes it, if it is a listed original
    swaps: tuple  # (position, word, original word, map, listed terms)
    source: str  # where the term is known from
    features: dict
    score: float

    def evidence(self, run: str) -> tuple[str, ...]:
        out = []
        for _, a, b, how, s in self.swaps:
            if how == THESAURUS_MAP:
                out.append(f"{a!r} stands for {b!r} in the thesaurus (WordNet)")
            else:
                out.append(f"{a!r} stands for {b!r} in {s} listed terms"
                           + (" (the table of the other number)" if how == NUMBER_MAP else ""))
        term = self.written or " ".join(self.words)
        out.append(f"forms the known term {term!r}: {KNOWN_FROM[self.source]}")
        out.append(f"{run!r} is not common English")
        if self.features["fit"] > 0:
            out.append(f"fits its neighbours better by {self.features['fit']:.1f} log-odds")
        return tuple(out)


@dataclass(frozen=True)
class Suggestion:
    """A run of words that looks like a tortured phrase, and the term it may stand for."""

    start: int
    end: int
    text: str
    suggestion: str
    confidence: float
    known: str  # where the term is known from (KNOWN_FROM)
    evidence: tuple[str, ...]
    rule: str = RULE_ID

    @property
    def applicable(self) -> bool:
        return self.confidence >= APPLY_CONFIDENCE

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text,
                "suggestion": self.suggestion, "rule": self.rule, "known": self.known,
                "confidence": round(self.confidence, 3), "evidence": list(self.evidence)}


class Suggester:
    def __init__(self, rules, context):
        self.context = context
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
        self.known: dict[tuple[str, ...], list[tuple[str, ...]]] = defaultdict(list)
        for t in self.terms:  # a term up to number -> its listed forms
            self.known[_stem(t)].append(t)
        self._prefixes = {t[:k] for t in self.terms for k in range(1, len(t))}
        self._all_prefixes: frozenset | None = None  # with the vocabulary's (_is_prefix)
        self.original_words = {w for t in self.terms for w in t}
        self._maps_of: dict[str, tuple] = {}
        self._totals: dict[str, int] = {}  # listed terms behind all the list maps of a word

    def __getstate__(self) -> dict:
        state = self.__dict__.copy()
        state["_all_prefixes"] = None  # the vocabulary's part: some 15 MB, rebuilt on use
        return state

    def _maps(self, word: str) -> tuple[tuple[str, str, int], ...]:
        """What the spinners may have replaced ``word`` with: (original word, map, listed
        terms showing it), best supported first. Maps: the list's table; the table by
        number ("highlight" from "highlights" -> "features"); the thesaurus (WordNet)."""
        got = self._maps_of.get(word)
        if got is not None:
            return got
        if len(self._maps_of) >= MAPS_CACHE:
            self._maps_of.clear()
        out: dict[str, tuple[str, int]] = {}
        for b, s in self.table.get(word, {}).items():
            out[b] = (LIST_MAP, s)
        if not out and len(word) > 3:  # the table is by word form: try the other number
            if word.endswith("s") and word[:-1] in self.table:
                out = {b + "s": (NUMBER_MAP, s) for b, s in self.table[word[:-1]].items()
                       if not b.endswith("s")}
            elif word + "s" in self.table:
                out = {b[:-1]: (NUMBER_MAP, s) for b, s in self.table[word + "s"].items()
                       if b.endswith("s") and len(b) > 3}
        for b in thesaurus(word):
            out.setdefault(b, (THESAURUS_MAP, 0))
        ranked = sorted(out.items(), key=lambda kv: -kv[1][1])[:MAX_MAPS]
        got = self._maps_of[word] = tuple((b, how, s) for b, (how, s) in ranked)
        self._totals[word] = sum(s for _, s in out.values()) or 1
        return got

    def _source(self, term: tuple[str, ...], plural: bool) -> tuple[str, tuple, str | None] | None:
        """(where the term is known from, its words in the number of the run (``plural``),
        the term as the list writes it), or None."""
        forms = self.known.get(_stem(term))
        if forms:
            same = [t for t in forms if t[-1].endswith("s") == plural]
            if same:
                return LIST_TERM, same[0], self.terms[same[0]]
            return LIST_TERM, _numbered(forms[0], plural), None
        found = vocabulary.lookup(term)
        if found is not None:
            return found[0], _numbered(tuple(found[1].split()), plural), None
        if len(term) == 2:
            if self.context.pair(*term) >= WEB_PAIR:
                return WEB_TERM, term, None
            if term[0] in self.original_words and term[1] in self.original_words:
                return COMPOSED_TERM, term, None
        return None

    def _is_prefix(self, words: tuple[str, ...]) -> bool:
        if self._all_prefixes is None:  # the list's and the vocabulary's, in one set
            self._all_prefixes = self._prefixes | vocabulary.prefixes()
        return words in self._all_prefixes

    def candidates(self, words: list[str], left: str | None = None,
                   right: str | None = None) -> list["Candidate"]:
        """Known terms ``words`` may stand for, best first. ``words`` are normalised (see
        :func:`normal`); ``left`` and ``right``, the neighbours, if any."""
        n = len(words)
        run = tuple(words)
        if _stem(run) in self.known or vocabulary.lookup(run) is not None:
            return []
        options = [((w, None, 0),) + self._maps(w) for w in words]
        found = []

        def walk(i: int, prefix: tuple[str, ...], swaps: tuple, listed: bool) -> None:
            """``listed``: some swap of ``swaps`` maps through the list (a candidate needs
            one: the thesaurus alone is no tortured phrase)."""
            if i == n:
                if listed:
                    made = self._candidate(run, prefix, swaps, left, right)
                    if made is not None:
                        found.append(made)
                return
            for b, how, s in options[i]:
                term = prefix + (b,)
                if i < n - 1 and n > 2 and not self._is_prefix(term):
                    continue
                walk(i + 1, term, swaps + (((i, words[i], b, how, s),) if how else ()),
                     listed or (how is not None and how != THESAURUS_MAP))

        walk(0, (), (), False)
        found.sort(key=lambda c: c.score, reverse=True)
        return found

    def _candidate(self, run, term, swaps, left, right) -> "Candidate | None":
        known = self._source(term, _plural(run[-1]))
        if known is None:
            return None
        source, term, written = known
        if term == run:
            return None
        pair = self.context.pair
        changed = [i for i, *_ in swaps]
        around = {(j, j + 1) for i in changed for j in (i - 1, i) if 0 <= j < len(run) - 1}
        if around and all(pair(run[a], run[b]) >= LISTED_PAIR for a, b in around):
            return None  # the run is common English
        fit = self.context.fit(left, list(term), right) - self.context.fit(left, list(run), right)
        features = {
            "source": source,
            "swaps": len(swaps),
            "support": min((s for *_, how, s in swaps if how != THESAURUS_MAP), default=0),
            # the weakest list map's share of its word's list maps: "organization" is
            # "network" in 27 listed terms and little else
            "share": min((s / self._totals[a] for _, a, _, how, s in swaps
                          if how != THESAURUS_MAP), default=0.0),
            "thesaurus": sum(how == THESAURUS_MAP for *_, how, _ in swaps),
            "fit": fit,
            "rarity": -math.log10(self.context.phrase_count(list(run))),
            # how much commoner the term is than the run (log10)
            "commoner": math.log10(self.context.phrase_count(list(term))
                                   / self.context.phrase_count(list(run))),
            "words": len(run),
        }
        return Candidate(term, written, tuple(swaps), source, features, score(features))

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
        """Suggestions in ``text``, left to right, none overlapping ``taken`` (spans
        already explained by a rule) nor each other: where runs overlap, the best scored."""
        if not self.terms:
            return ()
        tokens = tokenize(text) if tokens is None else tokens
        words = [normal(t.text) for t in tokens]
        busy = merge([*taken, *self._known_in(text, tokens, words)])
        busy_starts = [a for a, _ in busy]
        # every suggestion holds a word of the spinners' table (in either number)
        mapped = [w in self.table or (len(w) > 3 and (w[:-1] in self.table
                                                     or w + "s" in self.table)) for w in words]
        found = []
        for first in range(len(tokens) - 1):
            for last in range(first + 1, min(first + MAX_WORDS, len(tokens))):
                if any(mapped[first:last + 1]):
                    found += self._at(text, tokens, words, first, last, busy, busy_starts)
        chosen: list[Suggestion] = []
        for s in sorted(set(found), key=lambda s: (-s.confidence, s.start, -s.end)):
            if all(s.end <= c.start or c.end <= s.start for c in chosen):
                chosen.append(s)
        return tuple(sorted(chosen, key=lambda s: s.start))

    def _at(self, text, tokens, words, first, last, busy, busy_starts) -> list[Suggestion]:
        if any(text[tokens[k].end:tokens[k + 1].start] not in _INSIDE for k in range(first, last)):
            return []
        start, end = tokens[first].start, tokens[last].end
        if overlaps(busy, busy_starts, start, end):
            return []
        run = tokens[first:last + 1]
        if all(t.text[:1].isupper() for t in run) or any(t.text.isdigit() for t in run):
            return []  # a name ("United Nations Organization"), a label ("digit 1")
        left = words[first - 1] if first and text[tokens[first - 1].end:start] == " " else None
        right = words[last + 1] if last + 1 < len(tokens) \
            and text[end:tokens[last + 1].start] == " " else None
        found = self.candidates(words[first:last + 1], left, right)
        if not found:
            return []
        best = found[0]
        confidence = sigmoid(best.score)
        if confidence < SHOW_CONFIDENCE:
            return []
        before = text[start:end]
        if best.written is not None:
            term = best.written
        else:  # the run's own separators between the term's words
            term = best.words[0] + "".join(
                text[tokens[k].end:tokens[k + 1].start] + w
                for k, w in zip(range(first, last), best.words[1:]))
        return [Suggestion(start, end, before, transfer_case(before, term), confidence,
                           KNOWN_FROM[best.source], best.evidence(before))]
