"""Multi-word terms of science, for suggestions of unlisted tortured phrases (suggest.py).

data/terms.tsv.gz (scripts/build_terms.py): MeSH descriptor names (U.S. National Library of
Medicine) and WordNet 3.0's lower-case multi-word nouns, about 50,000 terms. Loaded on first
use, once per process (about 15 MB): most texts never ask, since suggestions are looked
for only in documents that hold a listed tortured phrase.
"""

from __future__ import annotations

import gzip
import threading
from pathlib import Path

_DATA = Path(__file__).resolve().parent.parent / "data" / "terms.tsv.gz"
_lock = threading.Lock()
_TERMS: tuple[dict, frozenset] | None = None


def stem(words: tuple[str, ...]) -> tuple[str, ...]:
    """A term up to number: "random forests" and "random forest" are one term."""
    return words[:-1] + (words[-1].rstrip("s"),)


def _load() -> tuple[dict, frozenset]:
    global _TERMS
    if _TERMS is not None:  # no lock once loaded: a suggester asks millions of times
        return _TERMS
    with _lock:
        if _TERMS is None:
            terms, prefixes = {}, set()
            with gzip.open(_DATA, "rt", encoding="utf-8") as f:
                for line in f:
                    if line.startswith("#"):
                        continue
                    text, source = line.rstrip("\n").split("\t")
                    words = tuple(text.split())
                    terms.setdefault(stem(words), (source, text))
                    prefixes.update(words[:k] for k in range(1, len(words)))
            _TERMS = terms, frozenset(prefixes)
    return _TERMS


def lookup(words: tuple[str, ...]) -> tuple[str, str] | None:
    """(source, the term's words) of the term ``words`` (normalised, any number), or None.

    >>> lookup(("polymerase", "chain", "reactions"))
    ('mesh', 'polymerase chain reaction')
    """
    return _load()[0].get(stem(words))


def prefixes() -> frozenset:
    """Every run of whole words that some term begins with."""
    return _load()[1]
