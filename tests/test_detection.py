"""The document test: what counts for "spun", what counts against it."""

from __future__ import annotations

import despin
from despin import Restorer
from despin.rules.model import Rule


def _swap(spun: str, original: str, **kw) -> Rule:
    return Rule(id=f"t:{spun}", pack="t", spun=(spun,), original=original, when="spun", **kw)


# four swaps the spinner always makes, one it makes only sometimes ("however" for "but"),
# and one whose spun form another rule writes ("notice": no fingerprint either)
RULES = [_swap("mentioned", "said"), _swap("advised", "told"), _swap("assault", "attack"),
         _swap("gathering", "meeting"), _swap("however", "but", rewritten=0.75),
         _swap("notice", "note"), _swap("observe", "notice", chained=True)]
SPUN = ("Kirby mentioned on Friday that the assault would follow the gathering, he advised "
        "reporters. ")


def _detect(text: str):
    return Restorer(RULES, builtin=False).detect(text)


def test_a_table_fingerprint_judges_a_text_spun():
    found = _detect(SPUN)
    assert found.spun_by("t") and "mentioned×1/said×0" in " ".join(found.evidence)


def test_surviving_originals_of_a_swap_made_only_sometimes_count_against_spun():
    plain, kept = _detect(SPUN), _detect(SPUN + "But he left, but she stayed, but they ran.")
    assert kept.packs["t"] < plain.packs["t"]
    assert "originals kept but×3 (spun: however)" in " ".join(kept.evidence)


def test_the_spun_form_of_a_swap_made_only_sometimes_is_no_evidence_for_spun():
    assert _detect(SPUN + "However, however, however.").packs["t"] == _detect(SPUN).packs["t"]


def test_a_survivor_of_a_written_spun_form_counts_against_spun_but_the_form_does_not():
    assert _detect(SPUN + "A note, a note and a note.").packs["t"] < _detect(SPUN).packs["t"]
    assert _detect(SPUN + "A notice, a notice.").packs["t"] == _detect(SPUN).packs["t"]


def test_a_part_of_a_hyphenated_word_is_no_evidence_either_way():
    # a spinner swaps words, not parts of words: "attack-ready" kept says nothing of clean
    # text, "gathering-place" nothing of spun
    plain = _detect(SPUN).packs["t"]
    assert _detect(SPUN + "The attack-ready, pre-attack and said-to-be units.").packs["t"] == plain
    assert _detect("The attack-ready unit met at the gathering-place, mentioned-as-is.").packs \
        == _detect("The unit met.").packs
    # as words of their own they count
    assert _detect(SPUN + "The attack, an attack, said Jones.").packs["t"] < plain


def test_a_licence_with_the_spinners_words_is_not_judged_spun():
    """An ISC licence uses four of the newswire table's spun forms ("notice" five times,
    "appear", "publish", "particular") and keeps originals that the table rewrites only
    sometimes ("but", "other"): clean text."""
    licence = (
        "Permission is hereby granted, free of charge, to any person obtaining a copy of this "
        "software, to deal in the Software without restriction, including without limitation "
        "the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell "
        "copies of the Software. The above copyright notice and this permission notice shall "
        "be included in all copies. THE SOFTWARE IS PROVIDED AS IS, WITHOUT WARRANTY OF ANY "
        "KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF "
        "MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT "
        "SHALL THE AUTHORS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN "
        "ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE "
        "SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE. Except as contained in this "
        "notice, the name of the authors shall not be used in advertising or otherwise to "
        "promote the sale, use or other dealings in this Software without prior written "
        "authorization from them. Permission to use, copy, modify, and distribute this "
        "software for any purpose with or without fee is hereby granted, provided that the "
        "above copyright notice and this permission notice appear in all copies. THE AUTHORS "
        "ACCEPT NO RESPONSIBILITY IN ANY CONCEIVABLE MANNER FOR A PARTICULAR PURPOSE.")
    found = despin.detect(licence)
    assert not found.spun, found.evidence
    assert despin.restore(licence) == licence
