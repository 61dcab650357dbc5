"""What restoring returns: each change, with the rule and evidence behind it, and the
text that replaying the changes gives."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, NamedTuple

from ..judge.detection import Detection


@dataclass(frozen=True)
class Change:
    """One restoration: ``text[start:end] == before`` became ``after``."""

    start: int
    end: int
    before: str
    after: str
    rule: str
    file: str
    confidence: float
    evidence: tuple[str, ...] = field(default=(), compare=False)

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "before": self.before, "after": self.after,
                "rule": self.rule, "file": self.file, "confidence": round(self.confidence, 3),
                "evidence": list(self.evidence)}


class Explanation(NamedTuple):
    text: str
    changes: list[Change]
    detection: Detection


def apply(text: str, changes: Iterable[Change]) -> str:
    """Replay ``changes`` (as ``explain`` returns them) on ``text``.

    >>> apply("He mentioned it", [Change(3, 12, "mentioned", "said", "r", "f", 1.0)])
    'He said it'
    """
    out, pos = [], 0
    for change in sorted(changes, key=lambda c: c.start):
        if change.start < pos or text[change.start:change.end] != change.before:
            raise ValueError(f"change {change.before!r} -> {change.after!r} at {change.start} "
                             "does not fit this text")
        out.append(text[pos:change.start])
        out.append(change.after)
        pos = change.end
    out.append(text[pos:])
    return "".join(out)
