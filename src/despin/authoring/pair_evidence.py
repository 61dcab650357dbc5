"""What real pairs of spun and original text say of a swap a rule already makes.

A rule built from one article knows how often its spun form was an artifact there; real
spun pages show the same spinner over many stories. For each form this module counts how
often it stands in the spun texts, and how often restoring it would have brought the text
nearer its original, so that a builder can weigh the rule's confidence with evidence from
outside the article it was learned from ("can" is the spinner's "will" in the seed, and
mostly the writer's own "can" on real pages).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping

from rapidfuzz.distance import Levenshtein

from ..text.tokens import tokenize
from .align import Text, aligned_lines, word_keys


@dataclass
class FormEvidence:
    seen: int = 0  # occurrences of the form in the spun texts, artifact or not
    restored: int = 0  # occurrences where one of the originals brings the line nearer its original


def form_evidence(texts: Iterable[Text], swaps: Mapping[str, Iterable[str]]) -> dict[str, FormEvidence]:
    """Evidence per spun form of ``swaps`` (form -> its originals). A form with a capital is
    looked for as written, any other in any case. "Nearer" is the word edit distance of the
    line to its original: a judgement that needs no alignment of the swap itself, so a
    phrase whose last word the spinner kept ("within the" -> "in the") counts as well."""
    forms = {form: [word_keys(tokenize(o)) for o in originals] for form, originals in swaps.items()}
    keys = {form: tuple(word_keys(tokenize(form))) for form in forms}
    exact = {form for form in forms if form != form.lower()}
    out = {form: FormEvidence() for form in forms}
    by_first: dict[str, list[str]] = {}
    for form, k in keys.items():
        if k:
            by_first.setdefault(k[0], []).append(form)
    for t in texts:
        for o_line, s_line in zip(*aligned_lines(t.original, t.spun)):
            s_toks = tokenize(s_line)
            s_keys, o_keys = word_keys(s_toks), word_keys(tokenize(o_line))
            before = None
            for i, first in enumerate(s_keys):
                for form in by_first.get(first, ()):
                    k = keys[form]
                    if tuple(s_keys[i:i + len(k)]) != k or (
                            form in exact and " ".join(x.text for x in s_toks[i:i + len(k)]) != form):
                        continue
                    if before is None:
                        before = Levenshtein.distance(s_keys, o_keys)
                    evidence = out[form]
                    evidence.seen += 1
                    evidence.restored += any(
                        Levenshtein.distance(s_keys[:i] + o + s_keys[i + len(k):], o_keys) < before
                        for o in forms[form])
    return out
