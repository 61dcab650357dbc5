"""How well a word sequence fits between its neighbours, from English word-pair counts.

The counts are those of the ``wordsegment`` package (unigrams and bigrams from the
Google Web 1T corpus as published by Peter Norvig, Apache-2.0). They are loaded on first
use only, so a text that never needs context scoring never pays for them.

The score of a candidate W = w1..wn between a left word L and a right word R is the
log probability of "W R" given L under a bigram model, without the terms that are the same
for every candidate:

    log c(L w1) + sum_k [log c(w_k w_k+1) - log c(w_k)] + log c(w_n R) - log c(w_n)

A pair the data lacks gets the count that independence predicts, capped below the
smallest count the data lists (absence from a list of 1T words is evidence too).
"""

from __future__ import annotations

import math
import threading
from functools import lru_cache

import regex

from ..store import cache

_CLEAN = regex.compile(r"[^\p{L}\p{N}]+")
_lock = threading.Lock()
_DATA: tuple[dict, dict, float] | None = None


TOTAL = 1_024_908_267_229.0  # tokens behind wordsegment's counts (Norvig's 1T corpus)
LISTED_PAIR = 100_000  # wordsegment lists every word pair seen at least this often


def sigmoid(x: float) -> float:
    """The probability of log-odds ``x`` (clamped to +-50: no overflow, and 1 / (1 + e^50)
    is as good as 0 to every caller)."""
    x = max(-50.0, min(50.0, x))
    return 1 / (1 + math.exp(-x))


def _data() -> tuple[dict, dict, float]:
    global _DATA
    with _lock:
        if _DATA is None:
            counts = cache.load_counts()  # a marshal copy loads twice as fast as the text files
            if counts is None:
                import wordsegment

                wordsegment.load()
                counts = (wordsegment.UNIGRAMS, wordsegment.BIGRAMS)
                cache.store_counts(counts)
            _DATA = (counts[0], counts[1], TOTAL)
    return _DATA


@lru_cache(maxsize=200_000)
def normalise(word: str) -> str:
    """The key wordsegment uses: lower case, letters and digits only ("isn’t" -> "isnt")."""
    return _CLEAN.sub("", word.lower())


class ContextModel:
    """Word and word-pair counts with a back-off for unseen pairs."""

    UNSEEN_WORD = 5_000.0  # below wordsegment's smallest unigram count (12,711)
    UNSEEN_PAIR_CAP = 40_000.0  # below its smallest bigram count (LISTED_PAIR)

    CACHE_LIMIT = 200_000  # memoised fits; news repeats its contexts ("said the", "in the")

    def __init__(self) -> None:
        self._unigrams: dict | None = None
        self._fits: dict = {}

    def _load(self) -> None:
        self._unigrams, self._bigrams, self._total = _data()

    def __getstate__(self) -> dict:
        return {}  # the counts are shared module data, reloaded lazily after unpickling

    # Every model reads the same module data, so any two are equal: results memoised with a
    # model as an argument (variants.py) serve every restorer of the process.
    def __eq__(self, other) -> bool:
        return isinstance(other, ContextModel)

    def __hash__(self) -> int:
        return hash(ContextModel)

    def __setstate__(self, state: dict) -> None:
        self._unigrams = None
        self._fits = {}

    @property
    def total(self) -> float:
        """The number of words behind the counts."""
        if self._unigrams is None:
            self._load()
        return self._total

    def count(self, word: str) -> float:
        if self._unigrams is None:
            self._load()
        return self._unigrams.get(normalise(word), self.UNSEEN_WORD)

    def pair(self, a: str, b: str) -> float:
        if self._unigrams is None:
            self._load()
        a, b = normalise(a), normalise(b)
        seen = self._bigrams.get(f"{a} {b}")
        if seen is not None:
            return seen
        guess = self._unigrams.get(a, self.UNSEEN_WORD) * self._unigrams.get(b, self.UNSEEN_WORD) \
            / self._total
        return min(guess, self.UNSEEN_PAIR_CAP)

    def phrase_count(self, words: list[str]) -> float:
        """An estimate of how often ``words`` occur in English, from their pairs."""
        if len(words) == 1:
            return self.count(words[0])
        estimate = self.pair(words[0], words[1])
        for a, b in zip(words[1:], words[2:]):
            estimate *= self.pair(a, b) / self.count(a)
        return estimate

    def fit(self, left: str | None, words: list[str], right: str | None) -> float:
        """Log score of ``words`` between ``left`` and ``right`` (either may be None)."""
        key = (left, tuple(words), right)
        cached = self._fits.get(key)
        if cached is None:
            if len(self._fits) >= self.CACHE_LIMIT:
                self._fits.clear()
            cached = self._fits[key] = self._fit(left, words, right)
        return cached

    def _fit(self, left: str | None, words: list[str], right: str | None) -> float:
        score = math.log(self.pair(left, words[0])) if left else math.log(self.count(words[0]))
        for a, b in zip(words, words[1:]):
            score += math.log(self.pair(a, b)) - math.log(self.count(a))
        if right:
            score += math.log(self.pair(words[-1], right)) - math.log(self.count(words[-1]))
        return score
