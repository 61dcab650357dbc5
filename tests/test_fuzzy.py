"""Unseen variants of rule forms: candidates at a lower confidence, never silent rewrites."""

import pytest

import despin
from despin import Restorer
from despin.compile.variants import spelling_variants
from despin.rules.model import Rule


@pytest.fixture(scope="module")
def spun():
    return despin.default_restorer().with_options(assume_spun=True)


@pytest.mark.parametrize("text, restored, kind", [
    ("the end of the Chilly Strugle", "the end of the Cold War", "near miss"),
    ("the end of the Chillly Struggle", "the end of the Cold War", "near miss"),
    ("an irregular woodlannd model", "a random forest model", "near miss"),
])
def test_near_misses_of_phrases(spun, text, restored, kind):
    result = spun.explain(text)
    assert result.text == restored
    (change,) = result.changes
    assert any(kind in e for e in change.evidence)
    exact = spun.explain(text.replace("Strugle", "Struggle").replace("Chillly", "Chilly")
                         .replace("woodlannd", "woodland")).changes[0]
    assert change.confidence < exact.confidence


def test_two_typos_are_not_a_near_miss(spun):
    assert spun.restore("the Chily Strugle") == "the Chily Strugle"


def test_inflections_spellings_and_hyphens_of_a_user_rule():
    rule = Rule(id="t:organize", pack="t", spun=("organize",), original="arrange",
                when="always", confidence=0.95)
    phrase = Rule(id="t:flag", pack="t", spun=("flag to commotion",), original="signal to noise",
                  when="always", confidence=0.95)
    r = Restorer([rule, phrase])
    assert r.restore("they organized it") == "they arranged it"          # inflection
    assert r.restore("they organise it") == "they arrange it"            # spelling
    assert r.restore("a flag-to-commotion ratio") == "a signal-to-noise ratio"  # hyphenated
    change = r.explain("they organized it").changes[0]
    assert any("variant: inflection of 'organize'" in e for e in change.evidence)


def test_a_variant_that_is_ordinary_english_is_not_made():
    """'well being' is the spinner's 'health'; 'well-being' is a word."""
    r = Restorer([Rule(id="t:wb", pack="t", spun=("well being",), original="health",
                       when="always", confidence=0.9)])
    assert r.restore("their well-being matters") == "their well-being matters"


def test_spelling_variants():
    assert spelling_variants("organised") == ["organized"]
    assert spelling_variants("defense") == ["defence"]
    assert spelling_variants("exercise") == []
    assert spelling_variants("centre") == []


def test_a_restored_phrase_is_not_taken_for_a_typo_of_another(spun):
    """Found by hypothesis: 'Acquaintance-in-Registered-Nurse' restores to
    'Associate-in-Nursing', one letter off the phrase 'Associate in Nursingd'."""
    once = spun.restore("the Acquaintance-in-Registered-Nurse ")
    assert spun.restore(once) == once


def test_a_near_miss_right_after_repaired_glue_is_restored_in_the_first_pass(spun):
    """The spinner ate the space after "chilly struggle"; restoring it gives the space back,
    and the near miss after it must be found then, not only by a second pass."""
    text = "after the chilly struggleIrregular woodlannd models"
    once = spun.restore(text)
    assert once == "after the Cold War Random forest models"
    assert spun.restore(once) == once
