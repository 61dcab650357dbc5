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

``score = sigmoid(total - BIAS)`` (detection.py). The constants are calibrated by
benchmarks/detection.py (see docs/design.md).
"""

from __future__ import annotations

import dataclasses
import math
from collections import Counter, defaultdict
from typing import Iterable

from .context import ContextModel, sigmoid
from .detection import ARTIFACT_WEIGHT, BIAS, MAX_HITS, THRESHOLD, Detection, Hit
from .scan import Scanner

PAIR_CAP = 2.5  # no single fingerprint pair may add or remove more than this
MIN_PAIRS = 3  # a table shows itself in several words: fewer pairs for it are not evidence
STRONG_PAIR = 1.0  # a pair that counts towards MIN_PAIRS (and is listed as evidence)
ARTIFACT_CAP = 10.0
SPUN_RATE = 0.97  # share of the spun form among (spun form + original) in spun text
# a swap the spinner makes only sometimes (rule field `rewritten`) is no fingerprint: its
# spun form alone says little, and legal or technical English has its own habits ("shall").
# Its original, where it survives, still counts against "spun" (a survivor, ``judge``).
FINGERPRINT_RATE = 0.8
# a survivor that can move a score by less than this (log-odds) at most is not counted:
# "the", which the spinner rewrites 2% of the time, could move it by 0.001, yet every "the"
# of a text would be a hit for the scan to check
MIN_EFFECT = 0.01


def _survivor_cap(rate: float) -> float:
    """The most that originals kept can lower a score, for an original the spinner rewrites
    at ``rate``: a survivor of a swap made only sometimes says less (a page may come from a
    version of the table without the swap)."""
    return PAIR_CAP * (rate / SPUN_RATE) ** 2


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


def _index(words_of: dict) -> dict[str, tuple]:
    """word -> (place, key) of each key of ``words_of`` whose words hold it."""
    index: dict[str, list] = defaultdict(list)
    for place, (key, words) in enumerate(words_of.items()):
        for word in set(words):
            index[word].append((place, key))
    return {word: tuple(keys) for word, keys in index.items()}


def _touched(index: dict[str, tuple], *counters: Counter) -> list:
    """The keys of ``index`` that the words of ``counters`` hold, in the index's order."""
    found = {item for counts in counters for word in counts for item in index.get(word, ())}
    return [key for _, key in sorted(found)]


class Detector:
    """Scores a document from what one pass over its text finds (scan.py): the spinner-only
    phrases, and the counts of the fingerprint words and the survivors."""

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
                          if self._clean_rate[key] < self._spun_rate.get(key, SPUN_RATE)
                          and _survivor_cap(self._spun_rate.get(key, SPUN_RATE)) >= MIN_EFFECT}
        self.pair_words = {w for pair in pairs for w in pair} | {o for _, o in self.survivors}
        # the groups each counted word belongs to: a text weighs only the groups its words
        # touch (a sentence touches a few of some 300), in the order of the table
        self._groups_of = _index({key: (*words, key[1]) for key, words in self.groups.items()})
        self._survivors_of = _index({key: (key[1],) for key in self.survivors})
        # an original inside a spun phrase is no evidence of a clean text (scan.py)
        originals = {original for _, original in (*pairs, *survivors)}
        self.scanner = Scanner(rules, entries, self.pair_words, originals)

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

    def scan(self, text: str) -> tuple[Counter, dict[int, int], list[Hit], Counter]:
        """Counts of fingerprint words (outside spun phrases), of matches per spinner-only
        rule, those matches, and the counts of fingerprint words inside quotation marks."""
        return self.scanner.scan(text)

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
        get, groups = counts.get, self.groups
        for pack, original in _touched(self._groups_of, counts, quoted):
            spun_words = groups[pack, original]
            # most originals have one spun word: no generator for them
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
            llr = max(-_survivor_cap(rate), min(PAIR_CAP, llr))
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
        for pack, original in _touched(self._survivors_of, counts):
            spun_words = self.survivors[pack, original]
            n_o = get(original, 0) - quoted.get(original, 0)
            if n_o <= 0:
                continue
            f = self._clean_rate[pack, original]  # below the rate (__init__)
            rate = self._spun_rate.get((pack, original), SPUN_RATE)
            llr = max(-_survivor_cap(rate), n_o * math.log((1 - rate) / (1 - f)))
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
