"""A restoration never completes another rule's phrase with its neighbours (crossings.py)."""

import pytest

import despin
from despin.compile.crossings import crossing
from despin.text.tokens import compile_pattern


def test_crossing_finds_the_words_around_the_original():
    phrase = compile_pattern("the border situation report")
    assert crossing(phrase, ("situation",)) == [(("the", "border"), ("report",))]
    assert crossing(phrase, ("the",)) == [((), ("border", "situation", "report"))]
    # over an end of the phrase: "random walk" before "2020" makes "walk 2020"
    assert crossing(phrase, ("report", "card")) == [(("the", "border", "situation"), ())]
    assert crossing(compile_pattern("walk 2020"), ("random", "walk")) == [((), ("2020",))]
    # ... but not over words the restoration shares with the spun form ("within the" ->
    # "in the" writes "in"; "the decide" is there before the change as after it)
    assert crossing(compile_pattern("the decide"), ("in", "the"), core=(0, 1)) == []
    # the phrase is the original itself: a chain of outputs, which validate.py reports
    assert crossing(compile_pattern("a decide"), ("a", "decide")) == []


@pytest.mark.parametrize("spun", [
    "They had to see a determine of it.",  # "a decide" -> "a judge" applies anywhere
    "It was the border\nScenario of Russia.",  # "border situation" (a tortured phrase), wrapped
])
def test_restoring_twice_changes_nothing_where_a_phrase_would_form(seed_text, spun):
    text = seed_text[:3000] + "\n\n" + spun + "\n"
    once = despin.restore(text)
    assert despin.restore(once) == once
    assert once.endswith(spun + "\n")  # the word stays as the spinner wrote it


def test_a_crossing_with_a_restored_neighbour_counts_too(restorer):
    # "frontier" is no rule word; say an earlier change wrote "border" just before
    from despin.compile.matcher import Match

    entry = next(e for e in restorer.matcher.root["scenario"][None]
                 if restorer.rules[e.rule].id == "newswire:scenario")
    m = Match(1, 2, 9, 17, entry, False)
    assert not restorer.crossings.crossed(["frontier", "scenario"], m)
    assert restorer.crossings.crossed(["frontier", "scenario"], m, restored_left="Border")
