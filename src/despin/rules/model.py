"""Substitution rules: a Rule and its examples, the problems a rule file can have, and what
the engine asks of a rule's words.

The schema is documented in docs/rules.md. Rule files are read by load.py, each checked
as it is read (schema.py); checks that need the engine (examples, keep-cases, chains) run
in :mod:`despin.rules.validate`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

WHEN = ("spun", "always")  # spun: only in a document judged spun; always: anywhere
CASE = ("any", "exact")  # any: match any case and carry it over; exact: as written


@dataclass(frozen=True)
class Example:
    spun: str
    restored: str
    line: int = 0


@dataclass(frozen=True)
class Rule:
    id: str
    pack: str
    spun: tuple[str, ...]
    original: str
    alternatives: tuple[str, ...] = ()
    confidence: float = 0.9
    when: str = "spun"
    case: str = "any"
    # its output is a spun form of another rule of its pack (or the reverse): it applies
    # only where the restored document is no longer judged spun (see docs/rules.md)
    chained: bool = False
    # the share of the original's occurrences that the spinner rewrites, where it is known
    # to be less than always (learned from real pages): the document test weighs a
    # surviving original by it (evidence.py)
    rewritten: float | None = None
    # the pack whose table this pack's widens (the file's `extends`): their evidence is
    # weighed together in the document test (evidence.py)
    extends: str = ""
    examples: tuple[Example, ...] = ()
    keep: tuple[str, ...] = ()
    source: str = ""
    note: str = ""
    file: str = ""
    line: int = 0

    @property
    def originals(self) -> tuple[str, ...]:
        return (self.original, *self.alternatives)

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


def same_spinner(a, b) -> bool:
    """Are two rules one spinner's: of one pack, or of a pack and the pack it widens
    (``extends``)? Either may be any object with ``pack`` (and optionally ``extends``)."""
    return a.pack == b.pack or getattr(a, "extends", "") == b.pack \
        or getattr(b, "extends", "") == a.pack


def declared_chain(writer, rewriter) -> bool:
    """May ``rewriter`` rewrite what ``writer`` restores? Only in a declared chain: one of the
    two is marked ``chained`` and both are `when: spun` rules of one spinner, so the chained
    one applies only where the restored text is judged clean by that spinner's packs
    (docs/rules.md, "Chains"). Either may be any object with ``pack``, ``when`` and
    ``chained`` (the seed build's drafts too)."""
    return bool(writer.chained or rewriter.chained) and same_spinner(writer, rewriter) \
        and writer.when == rewriter.when == "spun"


@dataclass
class Problem:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class RuleError(ValueError):
    """One or more rule files are invalid; ``problems`` lists each with file and line."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))



def shared_ends(spun_words: Sequence[str], original_words: Sequence[str]) -> tuple[int, int]:
    """How many leading and trailing words a spun form shares with its original.

    "within the" -> "in the" changes only "within"; the shared "the" stays as it is
    (scanning still resumes after the whole match: "Nationwide Guard" -> "National Guard"
    must not leave "Guard" to the rule "guard -> protect").
    """
    lead = 0
    while lead < min(len(spun_words), len(original_words)) - 1 \
            and spun_words[lead] == original_words[lead].lower():
        lead += 1
    trail = 0
    while trail < min(len(spun_words), len(original_words)) - lead - 1 \
            and spun_words[-1 - trail] == original_words[-1 - trail].lower():
        trail += 1
    return lead, trail



def begins_with(originals, word: str) -> bool:
    """Does every original (a tuple of words) begin with ``word``?"""
    return all(o and o[0].lower() == word for o in originals)
