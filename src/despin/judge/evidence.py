"""Is a document spun? The per-document evidence that gates ambiguous rules.

Two kinds of evidence, added up as log-odds:

* artifacts only a spinner writes: matches of rules marked ``when: always``
  ("Chilly Struggle", "final 12 months"), each distinct one counting once;
* the fingerprint of a deterministic table: for a one-word rule "mentioned -> said", a
  spun text uses "mentioned" and never "said", while clean English uses "said" about
  twenty times as often. Each such pair in the text contributes the log-likelihood ratio
  of its two counts under "spun" against "clean" (the clean rate comes from the English
  word counts of :mod:`despin.judge.context`), capped so that no single pair decides. Pairs
  for "spun" count only when at least MIN_PAIRS of them are strong: one "however" and
  one "mentioned" in a short abstract are a writer's habit, not a table.

``score = sigmoid(total - BIAS)``; a document is judged spun when ``score >= THRESHOLD``.
The constants are calibrated by benchmarks/detection.py (see docs/design.md).
"""

from __future__ import annotations

import bisect
import dataclasses
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterable

import regex

from ..text.literals import blank, literal_spans
from ..text.quotes import QUOTED
from ..text.spans import merge
from ..text.tokens import HYPHENS, NUMBER_MARKS, glue_point, in_identifier, in_larger_number
from .context import ContextModel, sigmoid

THRESHOLD = 0.5
BIAS = 4.5  # 4.0 judged 3 of 5,139 clean Debian and package documents spun (docs/design.md)
PAIR_CAP = 2.5  # no single fingerprint pair may add or remove more than this
MIN_PAIRS = 3  # a table shows itself in several words: fewer pairs for it are not evidence
STRONG_PAIR = 1.0  # a pair that counts towards MIN_PAIRS (and is listed as evidence)
ARTIFACT_WEIGHT = 2.5  # per distinct always-rule artifact
ARTIFACT_CAP = 10.0
# a suggested phrase (suggest.py) weighs its confidence times this: less than a listed one,
# since it is a guess, and never enough alone to judge a document (it is only looked for
# where a listed phrase was found)
SUGGESTION_WEIGHT = 1.0
SUGGESTION_CAP = 4.0
SPUN_RATE = 0.97  # share of the spun form among (spun form + original) in spun text
# a swap the spinner makes only sometimes (rule field `rewritten`) is no fingerprint: its
# spun form alone says little, and legal or technical English has its own habits ("shall").
# Its original, where it survives, still counts against "spun" (a survivor, ``judge``).
FINGERPRINT_RATE = 0.8
MAX_HITS = 1000  # positions kept per document for screening reports
# a spinner swaps words, not parts of hyphenated words: on the real pages a table's
# original inside one was kept 45 times in 46 ("two-child", "long-awaited"), against 55%
# of the time standing alone. Such a part is no evidence either way (the fingerprint and
# the originals kept); spinner-only phrases are looked for there too, as paraphrasers of
# papers do write inside compounds ("profound learning-based").


@dataclass(frozen=True)
class Hit:
    """A spinner-only phrase found by the scan, for screening reports."""

    start: int
    end: int
    text: str
    rule: str
    context: str
    original: str = ""  # what the rule restores

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text, "rule": self.rule,
                "original": self.original, "context": self.context,
                "evidence": [f"listed: rule {self.rule} ({self.text!r} -> {self.original!r})"]}


@dataclass(frozen=True)
class Detection:
    spun: bool  # judged spun by some pack
    score: float  # in [0, 1]: the strongest pack's
    pack: str | None  # the pack whose evidence is strongest
    artifacts: int  # matches of always-rules
    evidence: tuple[str, ...]
    packs: dict = field(default_factory=dict)  # pack -> score in [0, 1]
    hits: tuple[Hit, ...] = ()
    suggestions: tuple = ()  # suggest.Suggestion: unlisted phrases that look tortured
    # the word count is only needed for densities, and counting took a fifth of the time
    # of a clean text: it is counted from the text on first use (``words``)
    _words: int | None = field(default=None, repr=False, compare=False)
    _text: str | None = field(default=None, repr=False, compare=False)

    def spun_by(self, pack: str) -> bool:
        return self.packs.get(pack, 0.0) >= THRESHOLD

    @property
    def words(self) -> int:
        """The document's word count (white-space separated)."""
        if self._words is None:
            object.__setattr__(self, "_words", len(self._text.split()) if self._text else 0)
            object.__setattr__(self, "_text", None)
        return self._words

    def __getstate__(self) -> dict:  # pickled with its count, not with the whole text
        return {**self.__dict__, "_words": self.words, "_text": None}

    @property
    def density(self) -> float:
        """Spinner-only artifacts per 1,000 words."""
        if not self.artifacts:
            return 0.0
        return 1000 * self.artifacts / self.words if self.words else 0.0

    def with_suggestions(self, suggestions: tuple, pack: str) -> "Detection":
        """This detection with the suggested phrases of ``pack`` (suggest.py) as evidence:
        each weighs its confidence times SUGGESTION_WEIGHT (a listed phrase weighs
        ARTIFACT_WEIGHT), at most SUGGESTION_CAP in all. For screening reports: restoring
        decides by the listed phrases alone, so that a suggestion cannot switch rules on."""
        if not suggestions:
            return self
        added = min(SUGGESTION_CAP, SUGGESTION_WEIGHT * sum(s.confidence for s in suggestions))
        p = min(max(self.packs.get(pack, sigmoid(-BIAS)), 1e-12), 1 - 1e-12)
        packs = {**self.packs, pack: sigmoid(math.log(p / (1 - p)) + added)}
        best = max(packs, key=lambda k: (packs[k], k == pack))
        evidence = self.evidence + (f"{pack}: {len(suggestions)} suggested phrases, "
                                    f"+{added:.2f} (a listed one: +{ARTIFACT_WEIGHT})",)
        return dataclasses.replace(self, spun=packs[best] >= THRESHOLD, score=packs[best],
                                   pack=best, evidence=evidence, packs=packs,
                                   suggestions=suggestions)

    def to_dict(self) -> dict:
        return {"spun": self.spun, "score": round(self.score, 3), "pack": self.pack,
                "artifacts": self.artifacts, "density_per_1000_words": round(self.density, 3),
                "packs": {k: round(v, 3) for k, v in sorted(self.packs.items())},
                "evidence": list(self.evidence),
                # listed phrases and suggested ones apart: a screener weighs them apart
                "listed": len(self.hits), "hits": [h.to_dict() for h in self.hits],
                "suggested": len(self.suggestions),
                "suggestions": [s.to_dict() for s in self.suggestions]}


_APOSTROPHES = "'’"


def _one_word_swaps(rules, entries) -> tuple[dict, dict]:
    """(spun word, original word) -> pack, for one-word swaps whose original no rule takes as
    a spun form: the fingerprints, and the rest (survivors). A fingerprint's spun form no
    rule writes, and the spinner swaps it at least FINGERPRINT_RATE of the time: restoring
    can then only lower the evidence, never raise it. Of any other pair, the original still
    counts against "spun" where it survives: restoring only adds originals, so that
    evidence too can only fall."""
    spun_words = {e.pattern.words[0] for e in entries if len(e.pattern.words) == 1}
    written = {w for r in rules for o in r.originals for w in o.lower().split()}
    pairs, survivors = {}, {}
    for e in entries:
        rule = rules[e.rule]
        original = rule.original.lower()
        word = e.pattern.words[0]
        if rule.when == "spun" and len(e.pattern.words) == 1 and not e.pattern.tail \
                and " " not in original and original not in spun_words:
            fingerprint = word not in written and (rule.rewritten or 1) >= FINGERPRINT_RATE
            (pairs if fingerprint else survivors).setdefault((word, original), rule.pack)
    return pairs, survivors


def _grouped(swaps: dict) -> dict[tuple[str, str], tuple[str, ...]]:
    """(pack, original) -> its spun words, sorted, from (spun word, original) -> pack."""
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for (word, original), pack in swaps.items():
        groups[pack, original].append(word)
    return {key: tuple(sorted(words)) for key, words in groups.items()}


class Detector:
    """Scores a document from one Aho-Corasick pass over its lower-cased text.

    The scan finds the fingerprint words and the spinner-only phrases without tokenizing,
    so a clean text costs one pass in C and a few Python steps per hit.
    """

    def __init__(self, rules, entries, context: ContextModel):
        self.rules = rules
        self.context = context
        pairs, survivors = _one_word_swaps(rules, entries)
        self.pairs = pairs
        # one fingerprint per original word, with all the spun words that stand for it:
        # "more" in a text is one piece of evidence, however many rules write it
        self.groups = _grouped(pairs)
        self.survivors = _grouped({swap: pack for swap, pack in survivors.items()
                                   if (pack, swap[1]) not in self.groups})
        # a pack that widens another's table (`extends`): the same spinner, seen more widely
        self.parents = {r.pack: r.extends for r in rules if r.extends}
        self.pack_names = {r.pack for r in rules}
        self._spun_rate = self._spun_rates(rules, entries)
        # the share of the spun form in clean English, per pair: computed once here (and
        # cached with the compiled rules) so that detection never loads the word counts
        self._clean_rate = {key: self._rate(words, key[1])
                            for key, words in (*self.groups.items(), *self.survivors.items())}
        # a survivor whose spun form is no likelier in spun text than in English says
        # nothing: not counted at all (every such word is a hit of the scan otherwise)
        self.survivors = {key: words for key, words in self.survivors.items()
                          if self._clean_rate[key] < self._spun_rate.get(key, SPUN_RATE)}
        self.pair_words = {w for pair in pairs for w in pair} | {o for _, o in self.survivors}
        self._longest_word = max(map(len, self.pair_words), default=0)
        originals = {original for _, original in (*pairs, *survivors)}
        # an original inside a spun phrase ("keeping" in "in keeping with") did not survive
        # the spinner: the spinner wrote it, so it is no evidence of a clean text
        self.masks = sorted({_surface(e.pattern) for e in entries if len(e.pattern.words) > 1
                             and originals.intersection(e.pattern.words)})
        # spinner-only phrases as the scan sees them: lower-case words joined by their separators
        self.always = [(e.rule, e.cased, _surface(e.pattern)) for e in entries
                       if rules[e.rule].when == "always"]
        self._automaton = None

    def _spun_rates(self, rules, entries) -> dict[tuple[str, str], float]:
        """How reliably the spinner rewrites each original: SPUN_RATE for a table seen to be
        deterministic, less where real pages show the original surviving (rule field
        `rewritten`); the surest rule of a group speaks for it."""
        rates: dict[tuple[str, str], float] = {}
        for e in entries:
            rule = rules[e.rule]
            key = (rule.pack, rule.original.lower())
            words = self.groups.get(key) or self.survivors.get(key, ())
            if e.pattern.words[0] in words:
                rate = min(SPUN_RATE, rule.rewritten or SPUN_RATE)
                rates[key] = max(rates.get(key, 0.0), rate)
        return rates

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
        # line breaks and tabs read as spaces, so phrases may wrap; every offset stays put
        # (three replaces: str.translate is ten times slower on long texts)
        low = text.lower().replace("\n", " ").replace("\t", " ").replace("\r", " ")
        # code, markup and addresses are not prose: `final` in Java, "…/final-12-months"
        low = blank(low, literal_spans(text))
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
                compound = c in HYPHENS and start > 1 and low[start - 2].isalnum()
            if end + 1 < n and (c := low[end + 1]) != " ":
                if c.isalnum() and not (glued[end + 1].isupper() and glue_point(glued, end + 1)):
                    continue
                if (c == "_" and in_identifier(low, start, end + 1)) \
                        or (c in NUMBER_MARKS and in_larger_number(low, start, end + 1)):
                    continue
                if c in _APOSTROPHES and end + 2 < n and low[end + 2].isalpha() and not (
                        low[end + 2] == "s" and (end + 3 >= n or not low[end + 3].isalnum())):
                    continue  # inside a contraction such as "isn’t"
                compound = compound or (c in HYPHENS and end + 2 < n and low[end + 2].isalnum())
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
        quotes = [m.span() for m in QUOTED.finditer(text)] if same_length else []
        quoted = Counter()
        if quotes:  # _outside keeps the words outside the quotes: the quoted ones are the rest
            quoted = words - Counter(w for _, _, w in _outside(found_words, quotes,
                                                                self._longest_word))
        return words, rules, hits, quoted

    def _rate(self, spun_words: tuple[str, ...], original: str) -> float:
        """The share of the spun words among (spun words + original) in clean English."""
        s = sum(self.context.count(w) for w in spun_words)
        return s / (s + self.context.count(original))

    def clean_rate(self, pack: str, original: str) -> float:
        rate = self._clean_rate.get((pack, original))
        return rate if rate is not None else self._rate(self.groups[pack, original], original)

    def _families(self, per_pack: dict[str, float]) -> dict[str, float]:
        """Evidence of a pack and of the pack that widens its table, weighed together. Both
        describe one spinner, so the wider pack's positive evidence counts for the narrower
        one. The wider pack's own rules need its table to show, or at least not to be
        contradicted (its evidence not negative: a text spun with the narrower table alone
        keeps the originals the wider table rewrites); then the narrower pack's positive
        evidence counts for it too."""
        if not self.parents:
            return per_pack
        out = dict(per_pack)
        for child, parent in self.parents.items():
            if parent not in self.pack_names or (child not in per_pack and parent not in per_pack):
                continue
            c, p = per_pack.get(child, 0.0), per_pack.get(parent, 0.0)
            out[parent] = p + max(0.0, c)
            if c >= 0:
                out[child] = c + max(0.0, p)
        return out

    def detect(self, text: str) -> Detection:
        return self.judge(*self.scan(text), text=text)

    def detect_blocks(self, blocks: Iterable[str]) -> Detection:
        """The detection of one document given as its consecutive blocks (blocks.py): the
        counts of every block added up, then judged once, so that a long document is tested
        as a whole while only one block is held at a time. Hits are offsets into the
        document."""
        counts, rules, quoted, found = Counter(), Counter(), Counter(), []
        words = offset = 0
        for block in blocks:
            c, r, hits, q = self.scan(block)
            counts.update(c)
            rules.update(r)
            quoted.update(q)
            found += [dataclasses.replace(h, start=h.start + offset, end=h.end + offset)
                      for h in hits[:MAX_HITS - len(found)]]
            words += len(block.split())
            offset += len(block)
        return self.judge(counts, rules, found, quoted, words=words)

    def _weigh_artifacts(self, hits: dict[int, int], per_pack, evidence: list[str]) -> None:
        """Spinner-only phrases: each distinct rule of a pack adds to its score, up to a cap."""
        distinct: dict[str, set] = defaultdict(set)
        for rule_index in hits:
            rule = self.rules[rule_index]
            distinct[rule.pack].add(rule.id)
        for pack, ids in distinct.items():
            per_pack[pack] += min(ARTIFACT_CAP, ARTIFACT_WEIGHT * len(ids))
            evidence.append(f"{pack}: {len(ids)} distinct spinner-only artifacts")

    def _weigh_pairs(self, counts: Counter, quoted: Counter, per_pack):
        """Fingerprints: each pair's log-likelihood ratio of spun against clean, capped. What
        speaks for "spun" is kept apart per pack (it counts only with enough strong pairs);
        what speaks against goes to ``per_pack`` at once. Returns (scores for spun per pack,
        the strong pairs' evidence per pack)."""
        fingerprint: dict[str, list[str]] = defaultdict(list)
        for_spun: dict[str, list[float]] = defaultdict(list)  # positive pair scores per pack
        get = counts.get
        for (pack, original), spun_words in self.groups.items():
            # most originals have one spun word: no generator for them (a clean text
            # runs this loop for every pair, and it was a tenth of its time)
            n_s = get(spun_words[0], 0) if len(spun_words) == 1 else \
                sum(get(w, 0) for w in spun_words)
            # an original inside quotation marks is no evidence of clean text: spinners
            # often leave quoted speech as it was
            n_o = get(original, 0) - quoted.get(original, 0)
            if not n_s and not n_o:
                continue
            f = self.clean_rate(pack, original)
            rate = self._spun_rate.get((pack, original), SPUN_RATE)
            if f >= rate:
                continue  # the spun form is no likelier in spun text than in English
            llr = n_s * math.log(rate / f) + n_o * math.log((1 - rate) / (1 - f))
            # a survivor of an original the spinner rewrites only sometimes says less: a
            # page may come from a version of the table without the swap
            llr = max(-PAIR_CAP * (rate / SPUN_RATE) ** 2, min(PAIR_CAP, llr))
            if llr > 0:
                for_spun[pack].append(llr)
            else:
                per_pack[pack] += llr
            if llr >= STRONG_PAIR:
                fingerprint[pack].append(f"{'+'.join(spun_words)}×{n_s}/{original}×{n_o}")
        return for_spun, fingerprint

    def _weigh_survivors(self, counts: Counter,
                         quoted: Counter) -> dict[str, list[tuple[float, str]]]:
        """Originals kept where the spinner would have swapped them (survivors): each one's
        (log-likelihood ratio against "spun", evidence), per pack."""
        get = counts.get
        kept: dict[str, list[tuple[float, str]]] = defaultdict(list)
        for (pack, original), spun_words in self.survivors.items():
            n_o = get(original, 0) - quoted.get(original, 0)
            if n_o <= 0:
                continue
            f = self._clean_rate[pack, original]  # below the rate (__init__)
            rate = self._spun_rate.get((pack, original), SPUN_RATE)
            llr = max(-PAIR_CAP * (rate / SPUN_RATE) ** 2, n_o * math.log((1 - rate) / (1 - f)))
            kept[pack].append((llr, f"{original}×{n_o} (spun: {'/'.join(spun_words)})"))
        return kept

    def judge(self, counts: Counter, hits: dict[int, int], found: list[Hit], quoted: Counter,
              *, text: str | None = None, words: int | None = None) -> Detection:
        """The detection from what :meth:`scan` found (``text``, or its ``words`` count,
        gives the word count of densities)."""
        per_pack: dict[str, float] = defaultdict(float)
        evidence: list[str] = []
        self._weigh_artifacts(hits, per_pack, evidence)
        for_spun, fingerprint = self._weigh_pairs(counts, quoted, per_pack)
        kept = self._weigh_survivors(counts, quoted)
        for pack, scores in for_spun.items():
            if sum(x >= STRONG_PAIR for x in scores) >= MIN_PAIRS:
                per_pack[pack] += sum(scores)
            else:
                fingerprint.pop(pack, None)
        for pack, items in fingerprint.items():
            evidence.append(_listing(f"{pack}: table fingerprint", items))
        against = {pack: sum(llr for llr, _ in weighed) for pack, weighed in kept.items()}
        for pack, weighed in kept.items():
            if against[pack] <= -STRONG_PAIR:
                evidence.append(_listing(f"{pack}: originals kept",
                                         [item for _, item in sorted(weighed)]))
        per_pack = self._families(per_pack)
        # survivors lower their own pack only, after the families are weighed: a swap made
        # only sometimes is no sign that a page was spun with the narrower table alone
        for pack, total in against.items():
            if pack in per_pack:
                per_pack[pack] += total
        artifacts = sum(hits.values())
        if not per_pack:
            return Detection(False, sigmoid(-BIAS), None, 0, (), {}, (), _words=words, _text=text)
        packs = {p: sigmoid(t - BIAS) for p, t in per_pack.items()}
        # on a tie the narrower pack of a family names the table (the wider one's score
        # includes the narrower one's evidence)
        pack = max(packs, key=lambda p: (packs[p], p not in self.parents, p))
        score = packs[pack]
        return Detection(score >= THRESHOLD, score, pack, artifacts, tuple(evidence), packs,
                         tuple(found), _words=words, _text=text)


def _listing(label: str, items: list[str], shown: int = 8) -> str:
    """One line of evidence: the first ``shown`` items, and how many more there are."""
    more = f" (+{len(items) - shown} more)" if len(items) > shown else ""
    return f"{label} " + ", ".join(items[:shown]) + more


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


