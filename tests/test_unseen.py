"""Restorations no dictionary lists: WordNet synonyms scored in context (unseen.py)."""

import pytest

import despin


@pytest.fixture(scope="module")
def with_unseen():
    return despin.Restorer(unseen=True)


def test_a_rare_pairing_is_restored_in_a_spun_document_and_explained(with_unseen):
    r = with_unseen.with_options(assume_spun=True)
    result = r.explain("all who gave their dwells for freedom")
    assert result.text == "all who gave their lives for freedom"
    (change,) = result.changes
    assert change.rule == "unseen:thesaurus" and change.before == "dwells"
    assert any("WordNet synonym" in e for e in change.evidence)
    assert r.restore(result.text) == result.text


def test_not_in_a_clean_document_nor_by_default(with_unseen, restorer):
    text = "all who gave their dwells for freedom"
    assert with_unseen.restore(text) == text  # clean: no evidence of spinning
    assert restorer.with_options(assume_spun=True).restore(text) == text  # off unless asked for


def test_the_thesaurus_ships_with_its_licence():
    from pathlib import Path

    data = Path(despin.__file__).parent / "data"
    assert (data / "synonyms.tsv.gz").exists()
    assert "Princeton University" in (data / "WORDNET-LICENSE.txt").read_text(encoding="utf-8")
