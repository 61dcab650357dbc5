"""despin: restore machine-spun text to its original wording.

>>> import despin
>>> despin.restore("It ended the Chilly Struggle.")
'It ended the Cold War.'
"""

from __future__ import annotations

from functools import lru_cache

from .authoring import learn
from .engine.changes import Change, Explanation, apply
from .engine.restorer import Restorer
from .judge.detection import Detection
from .rules.load import load_rules
from .rules.model import Rule, RuleError

__all__ = ["Change", "Detection", "Explanation", "Restorer", "Rule", "RuleError", "apply",
           "default_restorer", "detect", "explain", "learn", "load_rules", "restore"]
__version__ = "0.1.0"


@lru_cache(maxsize=1)
def default_restorer() -> Restorer:
    """The restorer with every built-in dictionary, compiled once per process."""
    return Restorer()


def restore(text: str) -> str:
    """``text`` with every spinner artifact the evidence supports undone."""
    return default_restorer().restore(text)


def explain(text: str, *, evidence: bool = True) -> Explanation:
    """The restored text, every change (span, before, after, rule, confidence, evidence),
    and the document's detection. ``evidence=False`` skips building the evidence texts."""
    return default_restorer().explain(text, evidence=evidence)


def detect(text: str):
    """Is ``text`` spun, by which dictionary, how strongly, and on what evidence."""
    return default_restorer().detect(text)
