"""Restoring artifacts that no dictionary lists: a thesaurus, inverted, scored in context.

A spinner replaces a word with a synonym blind to context, which leaves a word pair that
English rarely writes ("maritime train") where a synonym one step away makes a common one
("maritime exercise"). In a document judged spun, each plain lower-case word that no rule
matched gets the synonyms of its lemma from WordNet (data/synonyms.tsv.gz, loaded on first
use), inflected like the word; a synonym is a candidate when English uses it at least as
often as the word (spinners trade common words for rarer ones). It replaces the word when

    fit(candidate) - fit(word) >= THRESHOLD

with ``fit`` the bigram score of the neighbours (context.py), and when restoring again would
not move it further (its own best synonym must not clear the threshold). The threshold is
tuned for precision by benchmarks/unseen.py. Changes carry the rule id ``unseen:thesaurus``.
"""

from __future__ import annotations

import gzip
import threading
from functools import lru_cache
from pathlib import Path

from ..judge.context import LISTED_PAIR, sigmoid

RULE_ID = "unseen:thesaurus"
THRESHOLD = 10.0  # log-odds the candidate must win by: precision 0.87 (benchmarks/unseen.py)
MIN_LENGTH = 4
COMMON = 2_000_000_000  # words this frequent (the, said, was) are left alone
_DATA = Path(__file__).resolve().parent.parent / "data" / "synonyms.tsv.gz"
_UPOS = {"NOUN": "n", "VERB": "v", "ADJ": "a", "ADV": "r"}
_lock = threading.Lock()
_TABLE: dict[tuple[str, str], tuple[str, ...]] | None = None


def _table() -> dict[tuple[str, str], tuple[str, ...]]:
    global _TABLE
    with _lock:
        if _TABLE is None:
            table = {}
            with gzip.open(_DATA, "rt", encoding="utf-8") as f:
                for line in f:
                    if line.startswith("#"):
                        continue
                    pos, word, syns = line.rstrip("\n").split("\t")
                    table[(pos, word)] = tuple(syns.split())
            _TABLE = table
    return _TABLE


@lru_cache(maxsize=65536)  # lemminflect is slow, and news repeats its words
def synonyms(word: str) -> tuple[str, ...]:
    """Candidates a spinner may have replaced with ``word``, inflected like it.

    >>> "exercise" in synonyms("train")
    False
    >>> "remark" in synonyms("mention")
    True
    """
    import lemminflect as L

    table = _table()
    out: dict[str, None] = {}
    for upos, lemmas in L.getAllLemmas(word).items():
        pos = _UPOS.get(upos)
        if pos is None:
            continue
        for lemma in lemmas:
            tags = [t for t, forms in L.getAllInflections(lemma, upos).items() if word in forms]
            for syn in table.get((pos, lemma), ()):
                if not tags or word == lemma:
                    out.setdefault(syn)
                    continue
                for tag in tags:
                    forms = L.getInflection(syn, tag)
                    if forms:
                        out.setdefault(forms[0])
    out.pop(word, None)
    return tuple(w for w in out if len(w) >= 3 and w.isalpha())


class Unseen:
    def __init__(self, context):
        self.context = context

    def best(self, word: str, left: str | None, right: str | None):
        """(candidate, margin) for the best synonym in context, or None."""
        ctx = self.context
        if not word.isalpha() or not word.islower() or len(word) < MIN_LENGTH \
                or ctx.count(word) >= COMMON or (left is None and right is None):
            return None
        # an unusual pairing: English does not list the word beside its neighbours...
        pairs = [(left, word)] if left else []
        pairs += [(word, right)] if right else []
        if any(ctx.pair(a, b) >= LISTED_PAIR for a, b in pairs):
            return None
        base = ctx.fit(left, [word], right)
        best = None
        for cand in synonyms(word):
            if ctx.count(cand) < ctx.count(word):
                continue
            # ...while a synonym one step away makes a pair it lists
            if not any(ctx.pair(*((a, cand) if b == word else (cand, b))) >= LISTED_PAIR
                       for a, b in pairs):
                continue
            margin = ctx.fit(left, [cand], right) - base
            if margin >= THRESHOLD and (best is None or margin > best[1]):
                best = (cand, margin)
        if best is None:
            return None
        # stable: restoring again must not move the candidate on to a synonym of its own
        again = self._raw_best(best[0], left, right)
        return None if again is not None else best

    def _raw_best(self, word, left, right):
        ctx = self.context
        base = ctx.fit(left, [word], right)
        for cand in synonyms(word):
            if ctx.count(cand) >= ctx.count(word) and ctx.fit(left, [cand], right) - base >= THRESHOLD:
                return cand
        return None

    @staticmethod
    def confidence(margin: float) -> float:
        return sigmoid(margin - THRESHOLD + 1.0)
