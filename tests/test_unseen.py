"""Restorations no dictionary lists: WordNet synonyms scored in context (unseen.py)."""

import despin


def test_a_rare_pairing_is_restored_in_a_spun_document_and_explained():
    r = despin.default_restorer().with_options(assume_spun=True)
    result = r.explain("all who gave their dwells for freedom")
    assert result.text == "all who gave their lives for freedom"
    (change,) = result.changes
    assert change.rule == "unseen:thesaurus" and change.before == "dwells"
    assert any("WordNet synonym" in e for e in change.evidence)
    assert r.restore(result.text) == result.text


def test_not_in_a_clean_document_nor_when_switched_off():
    text = "all who gave their dwells for freedom"
    assert despin.restore(text) == text  # a clean document: no evidence of spinning
    off = despin.Restorer(assume_spun=True, unseen=False)
    assert off.restore(text) == text


def test_the_thesaurus_ships_with_its_licence():
    from pathlib import Path

    data = Path(despin.__file__).parent / "data"
    assert (data / "synonyms.tsv.gz").exists()
    assert "Princeton University" in (data / "WORDNET-LICENSE.txt").read_text(encoding="utf-8")
