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

Digits carry no case: "1000's of fans" at a sentence start was "Thousands of fans", so
there the restoration is capitalised (``opens_sentence``).
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


_OPENERS = "\"'‘“(["
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
MONTH_ABBREVIATIONS = ("Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct",
                       "Nov", "Dec")
_ABBREVIATIONS = frozenset("no nos vs approx fig figs vol pp p st mr mrs ms dr".split()) \
    | {a.lower() for a in MONTH_ABBREVIATIONS}


def opens_sentence(text: str, start: int) -> bool:
    """Does a sentence begin at ``start``? After ".", "!" or "?" and a space (an opening
    quote may come between), unless the period ends an abbreviation that numbers follow
    ("No. 5", "Jan. 5", "vs. 4"); or at the start of a line that ends as a sentence does
    (a bare phrase such as "5 ships" is a fragment, not a sentence).

    >>> opens_sentence("It rained. 5 ships sank", 11), opens_sentence("It was No. 5", 11)
    (True, False)
    """
    k = start
    while k > 0 and text[k - 1] in _OPENERS:
        k -= 1
    space = k
    while k > 0 and text[k - 1] in " \t":
        k -= 1
    if k == 0 or text[k - 1] in "\n\r":  # a line that reads as prose, not a fragment
        end = text.find("\n", start)
        line = text[start:len(text) if end == -1 else end].rstrip().rstrip("\"'’”)]")
        return line[-1:] in (".", "!", "?")
    if text[k - 1] == ":" and space < start:
        return True  # a quotation opens: He said: "Thousands came."
    if k == space or text[k - 1] not in ".!?":
        return False
    if text[k - 1] == ".":
        word = text[:k - 1].rsplit(None, 1)[-1] if text[:k - 1].strip() else ""
        if len(word) < 2 or word.lower() in _ABBREVIATIONS or "." in word:
            return False  # an initial, an abbreviation, or "U.S."
    return True
