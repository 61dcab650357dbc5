"""Scoring a restoration of real spun pages against their originals (benchmarks/real.py).

Word error is the word-level edit distance to the original; *error reduction* is
1 - d(restored, original) / d(spun, original): a right change lowers it, a wrong one raises
it, a missed one leaves it, and a partial fix of a phrase counts for what it is.

Precision and recall of changes need no gold spans either. The spun text and the restored
text are each aligned to the original word by word (rapidfuzz's Levenshtein opcodes):
- a change is right when every word it wrote lands on an equal word of the original;
- an original word is *wrong in the spun text* when it has no equal partner there, and
  *fixed* when it has one in the restored text; recall = fixed / wrong in the spun text;
- a change *to a kept word* touched a spun word that the original has as it is: the damage
  a restorer does to what the spinner left alone, counted per 1,000 words.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import regex
from rapidfuzz.distance import Levenshtein

_WORD = regex.compile(r"\w+(?:['’]\w+)*|[^\w\s]")


def words(text: str) -> list[tuple[int, int, str]]:
    """(start, end, lower-cased word) for each word and punctuation mark."""
    return [(m.start(), m.end(), m.group().lower()) for m in _WORD.finditer(text)]


def _equal_pairs(a: list[str], b: list[str]) -> dict[int, int]:
    """Index in ``a`` -> index in ``b`` of every word the alignment keeps."""
    pairs = {}
    for op in Levenshtein.opcodes(a, b):
        if op.tag == "equal":
            for k in range(op.src_end - op.src_start):
                pairs[op.src_start + k] = op.dest_start + k
    return pairs


@dataclass
class Score:
    words: int = 0              # words of the original
    errors_before: int = 0      # d(spun, original)
    errors_after: int = 0       # d(restored, original)
    changes: int = 0
    right: int = 0
    wrong_in_spun: int = 0      # original words without an equal partner in the spun text
    fixed: int = 0
    kept_damaged: int = 0       # changes that touched a word the original keeps
    chosen: int = 0             # changes by a rule with several originals (a choice in context)
    chosen_right: int = 0

    def add(self, other: "Score") -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def reduction(self) -> float:
        return 1 - self.errors_after / self.errors_before if self.errors_before else 0.0

    @property
    def precision(self) -> float:
        return self.right / self.changes if self.changes else 1.0

    @property
    def recall(self) -> float:
        return self.fixed / self.wrong_in_spun if self.wrong_in_spun else 1.0

    @property
    def kept_per_1000(self) -> float:
        return 1000 * self.kept_damaged / self.words if self.words else 0.0

    def row(self, name: str) -> str:
        return (f"{name:<52} {self.words:>6} {self.reduction:>7.3f} {self.precision:>6.3f} "
                f"{self.recall:>6.3f} {self.changes:>5} {self.kept_per_1000:>6.2f}")


HEADER = f"{'':<52} {'words':>6} {'reduce':>7} {'prec':>6} {'recall':>6} {'chg':>5} {'kept/k':>6}"


def score(spun: str, original: str, restored: str, changes, chose=lambda change: False) -> Score:
    """Score one restored document; ``changes`` are despin's, with spans into ``spun``;
    ``chose(change)``: was it a choice among several originals?"""
    s, o, r = words(spun), words(original), words(restored)
    s_keys, o_keys, r_keys = [w for *_, w in s], [w for *_, w in o], [w for *_, w in r]
    s_eq, r_eq = _equal_pairs(s_keys, o_keys), _equal_pairs(r_keys, o_keys)
    out = Score(words=len(o_keys),
                errors_before=Levenshtein.distance(s_keys, o_keys),
                errors_after=Levenshtein.distance(r_keys, o_keys))
    in_spun, in_restored = set(s_eq.values()), set(r_eq.values())
    out.wrong_in_spun = len(o_keys) - len(in_spun)
    out.fixed = len((set(range(len(o_keys))) - in_spun) & in_restored)
    shift = 0  # restored offset - spun offset, up to the change at hand
    for c in sorted(changes, key=lambda c: c.start):
        lo, hi = c.start + shift, c.start + shift + len(c.after)
        shift += len(c.after) - (c.end - c.start)
        out.changes += 1
        written = [k for k, (a, b, _) in enumerate(r) if a < hi and b > lo]
        right = bool(written) and all(k in r_eq for k in written)
        out.right += right
        if chose(c):
            out.chosen += 1
            out.chosen_right += right
        touched = [k for k, (a, b, _) in enumerate(s) if a < c.end and b > c.start]
        if any(k in s_eq for k in touched):
            out.kept_damaged += 1
    return out


def documents(paths) -> dict[str, dict[str, tuple[str, str]]]:
    """story -> spun page URL -> (spun document, original document): a page's pairs joined
    in file order, one sentence a line, as a user would restore the page."""
    pages: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for path in paths:
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            if line.strip():
                pair = json.loads(line)
                pages[pair["story"], pair["spun_url"]].append((pair["spun"], pair["original"]))
    out: dict[str, dict[str, tuple[str, str]]] = defaultdict(dict)
    for (story, url), pairs in pages.items():
        out[story][url] = ("\n".join(s for s, _ in pairs), "\n".join(o for _, o in pairs))
    return dict(out)
