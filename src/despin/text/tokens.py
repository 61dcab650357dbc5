"""Word tokens with their offsets, and the separators between them.

Rules match sequences of word tokens, so the same code tokenizes the text and the rules'
spun forms. A token is a run of letters and digits, with inner apostrophes kept
("isn’t", "we’re"); a possessive "’s" stays outside the word so that "employees’s"
still matches the rule for "employees". A spinner sometimes eats the space after a
replacement ("united statesHarry"): a lower-to-upper case change inside a run splits it,
and the separator there is the empty string (GLUE).

>>> [t.text for t in tokenize("The united statesHarry S. Truman isn’t here")]
['The', 'united', 'states', 'Harry', 'S', 'Truman', 'isn’t', 'here']
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import partial
from itertools import accumulate
from typing import NamedTuple

import regex

HYPHENS = frozenset("-‐‑")  # hyphen-minus, U+2010 and U+2011: they join words into one
GLUE = ""  # the separator inside a glued run such as "statesHarry"
BREAK = None  # a separator no phrase may cross (a blank line, or nothing to its left)

_WORD = regex.compile(r"[\p{L}\p{M}\p{N}]+(?:['’](?![sS]\b)[\p{L}\p{M}]+)*")
_WORD_SPLIT = regex.compile("(" + _WORD.pattern + ")")  # words at the odd places of split()
_GLUE_POINT = regex.compile(r"(?<=\p{Ll})(?=\p{Lu}\p{Ll})")
_SPACE_RUN = regex.compile(r"\s+")


def in_hyphenated_word(text: str, start: int, end: int) -> bool:
    """Is ``text[start:end]`` a part of a hyphenated word ("nation" in "nation-shaping"):
    a hyphen joins it to a letter or digit on either side?"""
    return (start > 1 and text[start - 1] in HYPHENS and text[start - 2].isalnum()) \
        or (end + 1 < len(text) and text[end] in HYPHENS and text[end + 1].isalnum())


class Token(NamedTuple):  # a tuple: built ~10^5 times a second, so no dataclass overhead
    text: str
    start: int
    end: int

    @property
    def lower(self) -> str:
        return self.text.lower()


_new_token = partial(tuple.__new__, Token)  # Token((text, start, end)) without _make's overhead


def tokenize(text: str) -> list[Token]:
    """Every word token of ``text``, in order, with offsets into ``text``."""
    # split() and accumulate() find every word and offset in C; so does one scan for glue
    # points (a lower-case letter, then an upper-case one), and only their words are cut
    parts = _WORD_SPLIT.split(text)
    offsets = list(accumulate(map(len, parts), initial=0))
    starts = offsets[1::2]
    tokens = list(map(_new_token, zip(parts[1::2], starts, offsets[2::2])))
    points = [m.start() for m in _GLUE_POINT.finditer(text)]  # a few per text, if any
    if not points:
        return tokens
    # the tokens with a glue point inside; each is cut at its own points below
    glued = sorted({k for p in points for k in (bisect_right(starts, p) - 1,)
                    if k >= 0 and tokens[k].start < p < tokens[k].end})
    if not glued:
        return tokens
    out, done = [], 0  # one new list: splicing in place would be quadratic in glued words
    for k in glued:
        out.extend(tokens[done:k])
        word, start, _ = tokens[k]
        cuts = [0] + [g.start() for g in _GLUE_POINT.finditer(word)] + [len(word)]
        out.extend(Token(word[a:b], start + a, start + b) for a, b in zip(cuts, cuts[1:]))
        done = k + 1
    out.extend(tokens[done:])
    return out


def glue_point(text: str, k: int) -> bool:
    """Does a glue point part ``text`` before index ``k`` ("states|Harry")?"""
    return _GLUE_POINT.match(text, k) is not None


def separator(text: str, left_end: int, right_start: int) -> str | None:
    """The normalised separator between two neighbouring tokens.

    White space (one line break included) reads as one space, so a phrase may wrap;
    a blank line is a BREAK; other separators ("-", " & ", ".") keep their characters
    with inner white space collapsed. Adjacent tokens give GLUE.
    """
    gap = text[left_end:right_start]
    if not gap:
        return GLUE
    if gap.isspace():
        return BREAK if gap.count("\n") > 1 else " "
    return _SPACE_RUN.sub(" ", gap)


# white space that separator() reads as one space: a run with at most one line break
_ONE_SPACE = r"(?=\s)[^\S\n]*\n?[^\S\n]*"


def phrase_regex(phrase: str) -> str:
    """A regex source that finds ``phrase`` (a keep-case) where the matcher would see it:
    a space or a hyphen between two words also matches a tab, a line break, a run of white
    space or a hyphen (a tab between "national" and "guard" is the phrase "national guard"
    to the matcher; a rule's variants write "national-guard" too); a blank line parts the
    phrase, as it parts a match.

    >>> bool(regex.fullmatch(phrase_regex("national guard"), "national\\r\\n guard"))
    True
    >>> bool(regex.fullmatch(phrase_regex("national guard"), "national-guard"))
    True
    >>> bool(regex.fullmatch(phrase_regex("national guard"), "national\\n\\nguard"))
    False
    """
    return f"(?:{_ONE_SPACE}|-)".join(regex.escape(part) for part in regex.split("[ -]", phrase))


@dataclass(frozen=True, slots=True)
class Pattern:
    """A spun form as the matcher sees it: lower-cased words, separators, and a tail."""

    words: tuple[str, ...]
    seps: tuple[str, ...]  # len(words) - 1 separators
    tail: str  # punctuation that must follow the last word ("p.c." ends in ".")

    def __reduce__(self):  # unpickled by the constructor: see Entry.__reduce__ (matcher.py)
        return Pattern, (self.words, self.seps, self.tail)


class PatternError(ValueError):
    pass


def compile_pattern(form: str) -> Pattern:
    """Tokenize a rule's spun form.

    >>> compile_pattern("Chilly Struggle")
    Pattern(words=('chilly', 'struggle'), seps=(' ',), tail='')
    >>> compile_pattern("p.c.")
    Pattern(words=('p', 'c'), seps=('.',), tail='.')
    """
    form = form.strip()
    toks = tokenize(form)
    if not toks:
        raise PatternError(f"spun form {form!r} has no word in it")
    if toks[0].start != 0:
        raise PatternError(f"spun form {form!r} must start with a letter or digit")
    seps = []
    for a, b in zip(toks, toks[1:]):
        sep = separator(form, a.end, b.start)
        if sep is BREAK:
            raise PatternError(f"spun form {form!r} spans a blank line")
        seps.append(sep)
    tail = form[toks[-1].end:]
    if tail and not tail.strip():
        tail = ""
    return Pattern(tuple(t.lower for t in toks), tuple(seps), tail)


NUMBER_MARKS = ".,:"  # inside a number: "6.5", "5,000", "5:30"


def in_larger_number(text: str, start: int, end: int) -> bool:
    """Do digits at an edge of ``text[start:end]`` go on across a mark into more digits
    ("the 5 of 6.5", "5,000", "5:30")? Then the span is part of a larger number."""
    return (start > 1 and text[start].isdigit() and text[start - 1] in NUMBER_MARKS
            and text[start - 2].isdigit()) \
        or (end + 1 < len(text) and text[end - 1].isdigit() and text[end] in NUMBER_MARKS
            and text[end + 1].isdigit())


def in_identifier(text: str, start: int, end: int) -> bool:
    """Is ``text[start:end]`` part of a name joined by underscores ("system_info")? An
    underscore between a letter or digit and the span joins them; one before a space
    ("_italic_" in Markdown) does not."""
    return (start > 1 and text[start - 1] == "_" and text[start - 2].isalnum()) \
        or (end + 1 < len(text) and text[end] == "_" and text[end + 1].isalnum())
