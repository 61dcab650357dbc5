"""How a Restorer applies its compiled rules: the settings that change no rule.

They are frozen: ``Restorer.with_options`` gives a twin with other settings that shares
the compiled rules (cheap), so no caller changes a restorer another one uses.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..judge.scoring import DEFAULT_MIN_CONFIDENCE, valid_floor


@dataclass(frozen=True)
class Options:
    """``assume_spun``: None lets the document test decide; True treats every text as spun,
    False as clean (only ``when: always`` rules fire). ``min_confidence``: no change below
    it. ``protect``: words and phrases never changed. ``unseen``: the thesaurus stage.
    ``suggest``: suggestions for unlisted tortured phrases. ``force_chains``: chained rules
    apply as declared, without the check that the restored text looks clean (a rule's
    examples are single sentences: validate.py)."""

    assume_spun: bool | None = None
    min_confidence: float = DEFAULT_MIN_CONFIDENCE
    protect: tuple[str, ...] = ()
    unseen: bool = False
    suggest: bool = True
    force_chains: bool = False

    def __post_init__(self) -> None:
        if not valid_floor(self.min_confidence):
            raise ValueError("min_confidence must lie between 0 and 1 (above 0, at most 1), "
                             f"not {self.min_confidence!r}")
        # one string is one phrase, never a sequence of characters; blank ones protect nothing
        protect = (self.protect,) if isinstance(self.protect, str) else self.protect
        object.__setattr__(self, "protect", tuple(p for p in protect if p.strip()))
