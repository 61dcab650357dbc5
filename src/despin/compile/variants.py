"""Spun forms a rule does not list but a spinner writes all the same.

Generated when rules compile, each variant is matched like a listed form but scored lower
(``DISCOUNT`` of judge/scoring.py) and explained as a variant:

* inflections (lemminflect) of rules marked `when: always`: "irregular woodland" also
  matches "irregular woodlands" (-> "random forests"), "organize -> arrange" also
  "organized" (-> "arranged"); the one-word swaps of the seed pack list theirs;
* British and American spellings: "organised" for "organized", "defence" for "defense";
* hyphen and space: "flag-to-commotion" for "flag to commotion", and back, where English
  does not use the other form itself ("well-being" is a word; "well being" is the
  spinner's "health").

Near misses of whole phrases (a letter dropped or doubled) are matched at run time by
:mod:`despin.compile.fuzzy`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..judge.context import LISTED_PAIR

_BRITISH = [  # (British, American) spelling endings, applied to whole words
    (r"isation(s?)$", r"ization\1"), (r"ise(s|d)?$", r"ize\1"), (r"ising$", "izing"),
    (r"our(s?)$", r"or\1"), (r"tre(s?)$", r"ter\1"), (r"ence(s?)$", r"ense\1"),
    (r"elled$", "eled"), (r"elling$", "eling"), (r"ogue(s?)$", r"og\1"),
]
_SPELLING_EXCEPTIONS = {"rise", "rises", "wise", "otherwise", "exercise", "exercises", "advise",
                        "advised", "surprise", "surprised", "enterprise", "franchise",
                        "compromise", "promise", "promised", "premise", "precise", "concise",
                        "expertise", "noise", "raise", "raised", "praise", "cruise", "hour",
                        "hours", "our", "ours", "four", "your", "yours", "tour", "pour", "sour",
                        "flour", "fence", "hence", "pence", "since", "science", "sciences",
                        "evidence", "presence", "silence", "sentence", "sentences", "influence",
                        "difference", "differences", "conference", "experience", "audience",
                        "independence", "confidence", "violence", "reference", "references",
                        "preference", "essence", "absence", "sequence", "consequence",
                        "consequences", "existence", "residence", "intelligence", "licence",
                        "theatre", "centre", "metre", "litre", "spectre", "sabre"}


def spelling_variants(word: str) -> list[str]:
    """The other spelling of a word, British <-> American, where a rule of thumb applies.

    >>> spelling_variants("organised"), spelling_variants("defense"), spelling_variants("centre")
    (['organized'], ['defence'], [])
    """
    low = word.lower()
    if low in _SPELLING_EXCEPTIONS:
        return []
    out = [re.sub(british, american, low) for british, american in _BRITISH
           if re.search(british, low)]
    out.append(re.sub(r"iz(ation|ations|e|es|ed|ing)$", r"is\1", low))  # American -> British
    if low.endswith("ense") and low not in _AMERICAN_ENSE_WORDS:
        out.append(low[:-4] + "ence")
    return sorted({v for v in out if v != low})


_AMERICAN_ENSE_WORDS = {"sense", "dense", "tense", "intense", "immense", "expense", "condense",
                        "suspense", "nonsense", "response", "license"}


def inflections(spun: str, original: str) -> list[tuple[str, str]]:
    """Other forms of a swap, the same form on both sides: [(spun form, original form)].

    >>> inflections("mentioned", "said")
    [('mentioning', 'saying'), ('mentions', 'says')]
    """
    try:
        import lemminflect as L
    except ImportError:  # pragma: no cover - a dependency
        return []
    words, o_words = spun.split(), original.split()
    if not words or not o_words or not words[-1].isalpha() or not o_words[-1].isalpha():
        return []
    last, o_last = words[-1].lower(), o_words[-1].lower()
    out = []
    families = [("NOUN", ("NN", "NNS"))]
    if len(words) == 1 and len(o_words) == 1:
        families.append(("VERB", ("VB", "VBD", "VBN", "VBG", "VBZ")))
    for upos, tags in families:
        s_lemmas = L.getAllLemmas(last).get(upos, ())
        o_lemmas = L.getAllLemmas(o_last).get(upos, ())
        if not s_lemmas or not o_lemmas:
            continue
        if upos == "VERB" and set(L.getAllLemmas(last)) - {"VERB"}:
            continue  # "train" is a noun too: its verb forms would over-reach
        s_inf = L.getAllInflections(s_lemmas[0], upos)
        o_inf = L.getAllInflections(o_lemmas[0], upos)
        own = {t for t in tags if last in s_inf.get(t, ())}
        if not own:
            continue
        for t in tags:
            if t in own or t == "VB" or t not in s_inf or t not in o_inf:
                continue  # (the base form is left out: "mention" is a noun as often)
            s_form, o_form = s_inf[t][0], o_inf[t][0]
            if s_form != o_form:
                out.append((" ".join(words[:-1] + [s_form]), " ".join(o_words[:-1] + [o_form])))
    return out


def _rare(words: list[str], context) -> bool:
    """Does English practically never write these words next to each other?"""
    return len(words) > 1 and any(context.pair(a, b) < LISTED_PAIR for a, b in zip(words, words[1:]))


def variants(rule, context) -> list[tuple[str, tuple[str, ...], str]]:
    """(spun form, originals, kind) for each variant of ``rule``'s listed forms."""
    return _variants(rule.spun, rule.original, rule.originals, rule.when, rule.case, context)


@lru_cache(maxsize=65536)  # rule sets compiled again in one process share most of their rules
def _variants(spun, original, originals, when, case, context):
    if case == "exact":
        return []  # names and glue damage are written as they are
    out = []
    for form in spun:
        # inflections only for phrases only a spinner writes: a one-word swap that waits for
        # a spun document ("publish -> post", from "Washington Publish") would over-reach
        for s_form, o_form in inflections(form, original) if when == "always" else ():
            out.append((s_form, (o_form,), f"inflection of {form!r}"))
        words = form.split()
        if words:
            for alt in spelling_variants(words[-1]):
                out.append((" ".join(words[:-1] + [alt]), originals, f"spelling of {form!r}"))
        parts = re.split(r"[ -]", form.lower())
        if len(parts) > 1 and _rare(parts, context):
            if "-" in form and " " not in form:
                out.append((form.replace("-", " "), originals, f"spaced {form!r}"))
            elif " " in form and "-" not in form and len(parts) <= 4:
                hyphened = tuple(o.replace(" ", "-") for o in originals)
                out.append((form.replace(" ", "-"), hyphened, f"hyphenated {form!r}"))
    return tuple(out)
