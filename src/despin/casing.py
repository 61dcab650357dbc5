"""Carry the case of the spun text over to its restoration.

Spinners keep the case of the word they replace: "Said" at a sentence start becomes
"Mentioned", a name's "General" becomes "Basic". The restoration follows the same case.

>>> transfer_case("Mentioned", "said")
'Said'
>>> transfer_case("MENTIONED", "said")
'SAID'
>>> transfer_case("Chilly Struggle", "cold war")
'Cold War'
>>> transfer_case("In keeping with", "according to")
'According to'
>>> transfer_case("white home", "White House")
'White House'
"""

from __future__ import annotations

from functools import lru_cache


def _is_title_word(word: str) -> bool:
    return word[:1].isupper()


@lru_cache(maxsize=65536)  # spun news repeats the same few hundred swaps
def transfer_case(spun: str, original: str) -> str:
    """Return ``original`` cased the way ``spun`` is.

    An original written with capitals (a name, "USS") keeps them; only an all-caps
    spun text raises it further.
    """
    letters = [c for c in spun if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return original.upper()
    if any(c.isupper() for c in original):
        return original
    words = spun.split()
    if not words or not _is_title_word(words[0]):
        return original
    if len(words) > 1 and all(_is_title_word(w) for w in words):
        return " ".join(w[:1].upper() + w[1:] for w in original.split(" "))
    return original[:1].upper() + original[1:]
