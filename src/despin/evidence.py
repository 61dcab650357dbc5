"""Is a document spun? The per-document evidence that gates ambiguous rules.

Two kinds of evidence, added up as log-odds:

* artifacts only a spinner writes: matches of rules marked ``when: always``
  ("Chilly Struggle", "final 12 months"), each distinct one counting once;
* the fingerprint of a deterministic table: for a one-word rule "mentioned -> said", a
  spun text uses "mentioned" and never "said", while clean English uses "said" about
  twenty times as often. Each such pair in the text contributes the log-likelihood ratio
  of its two counts under "spun" against "clean" (the clean rate comes from the English
  word counts of :mod:`despin.context`), capped so that no single pair decides.

``score = sigmoid(total - BIAS)``; a document is judged spun when ``score >= THRESHOLD``.
The constants are calibrated by benchmarks/detection.py (see docs/design.md).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass

from .context import ContextModel

THRESHOLD = 0.5
BIAS = 4.0
PAIR_CAP = 2.5  # no single fingerprint pair may add or remove more than this
ARTIFACT_WEIGHT = 2.5  # per distinct always-rule artifact
ARTIFACT_CAP = 10.0
SPUN_RATE = 0.97  # share of the spun form among (spun form + original) in spun text


@dataclass(frozen=True)
class Detection:
    spun: bool
    score: float  # in [0, 1]
    pack: str | None  # the pack whose evidence is strongest
    artifacts: int  # matches of always-rules
    evidence: tuple[str, ...]

    def to_dict(self) -> dict:
        return {"spun": self.spun, "score": round(self.score, 3), "pack": self.pack,
                "artifacts": self.artifacts, "evidence": list(self.evidence)}


class Detector:
    def __init__(self, rules, entries, context: ContextModel):
        self.rules = rules
        self.context = context
        spun_words = {e.pattern.words[0] for e in entries if len(e.pattern.words) == 1}
        # (spun word, original word, pack) for one-word swaps whose original no rule writes
        # as a spun form (a spinner output would make the original appear in spun text too).
        pairs = {}
        for e in entries:
            rule = rules[e.rule]
            original = rule.original.lower()
            if rule.when == "spun" and len(e.pattern.words) == 1 and not e.pattern.tail \
                    and " " not in original and original not in spun_words:
                pairs.setdefault((e.pattern.words[0], original), rule.pack)
        self.pairs = pairs
        self.pair_words = {w for pair in pairs for w in pair}
        self._clean_rate: dict[tuple[str, str], float] = {}

    def clean_rate(self, spun: str, original: str) -> float:
        key = (spun, original)
        if key not in self._clean_rate:
            s, o = self.context.count(spun), self.context.count(original)
            self._clean_rate[key] = s / (s + o)
        return self._clean_rate[key]

    def detect(self, text, tokens, lowers, matches) -> Detection:
        per_pack: dict[str, float] = defaultdict(float)
        evidence = []
        artifacts = 0
        distinct: dict[str, set] = defaultdict(set)
        for found in matches.values():
            for m in found:
                rule = self.rules[m.entry.rule]
                if rule.when == "always":
                    artifacts += 1
                    distinct[rule.pack].add(rule.id)
                    break
        for pack, ids in distinct.items():
            per_pack[pack] += min(ARTIFACT_CAP, ARTIFACT_WEIGHT * len(ids))
            evidence.append(f"{pack}: {len(ids)} distinct spinner-only artifacts")
        counts = Counter(w for w in lowers if w in self.pair_words)
        fingerprint: dict[str, list[str]] = defaultdict(list)
        for (spun, original), pack in self.pairs.items():
            n_s, n_o = counts.get(spun, 0), counts.get(original, 0)
            if not n_s and not n_o:
                continue
            f = self.clean_rate(spun, original)
            if f >= SPUN_RATE:
                continue
            llr = n_s * math.log(SPUN_RATE / f) + n_o * math.log((1 - SPUN_RATE) / (1 - f))
            llr = max(-PAIR_CAP, min(PAIR_CAP, llr))
            per_pack[pack] += llr
            if llr >= 1.0:
                fingerprint[pack].append(f"{spun}×{n_s}/{original}×{n_o}")
        for pack, items in fingerprint.items():
            evidence.append(f"{pack}: table fingerprint " + ", ".join(items[:8])
                            + (f" (+{len(items) - 8} more)" if len(items) > 8 else ""))
        if not per_pack:
            return Detection(False, _sigmoid(-BIAS), None, 0, ())
        pack, total = max(per_pack.items(), key=lambda kv: kv[1])
        score = _sigmoid(total - BIAS)
        return Detection(score >= THRESHOLD, score, pack, artifacts, tuple(evidence))


def _sigmoid(x: float) -> float:
    x = max(-50.0, min(50.0, x))
    return 1 / (1 + math.exp(-x))
