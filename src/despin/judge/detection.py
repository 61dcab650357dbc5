"""What the document test says of a text: spun or not, by which pack, how strongly, and on
what evidence (evidence.py weighs it, scan.py finds what it weighs).

``score = sigmoid(total - BIAS)``; a document is judged spun when ``score >= THRESHOLD``.
The constants are calibrated by benchmarks/detection.py (see docs/design.md).
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field

from .context import sigmoid

THRESHOLD = 0.5
BIAS = 4.5  # 4.0 judged 3 of 5,139 clean Debian and package documents spun (docs/design.md)
ARTIFACT_WEIGHT = 2.5  # per distinct always-rule artifact
# a suggested phrase (suggest.py) weighs its confidence times this: less than a listed one,
# since it is a guess, and never enough alone to judge a document (it is only looked for
# where a listed phrase was found)
SUGGESTION_WEIGHT = 1.0
SUGGESTION_CAP = 4.0
MAX_HITS = 1000  # positions kept per document for screening reports


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
