"""The context-free oracle of benchmarks/ceiling.py on texts small enough to count by hand."""

from ceiling import Oracle


def doc(line, rows):
    """One line and its gold rows, given as (spun, original) in order of appearance."""
    out, pos = [], 0
    for spun, original in rows:
        start = line.index(spun, pos)
        out.append((start, start + len(spun), original, False))
        pos = start + len(spun)
    return [line], {1: out}


def test_a_form_that_is_sometimes_original_costs_precision():
    # "nation" twice: once written for "country", once the author's own word
    oracle = Oracle([doc("The nation voted. Our nation mentioned it.",
                         [("nation", "country"), ("mentioned", "said")])])
    assert oracle.ranked() == ["mentioned", "nation"]  # purest first
    assert oracle.best("nation") == ("country", 0.5)
    (_, first), (_, both) = oracle.frontier(points=2)
    assert (first.precision, first.recall) == (1.0, 0.5)
    assert (both.precision, both.recall) == (2 / 3, 1.0)


def test_capitals_are_a_form_of_their_own():
    # "US" written for "United States" is not the pronoun "us"
    oracle = Oracle([doc("The US told us so.", [("US", "United States")])])
    assert oracle.best("US") == ("united states", 1.0)
    assert "us" not in oracle.originals
    (_, score), = oracle.frontier(points=1)
    assert (score.precision, score.recall) == (1.0, 1.0)


def test_a_gold_span_wider_than_the_form_is_no_artifact_of_it():
    # the gold restores "White Home" as one span: "Home" alone is not what was spun there
    oracle = Oracle([doc("the White Home said", [("White Home", "White House")]),
                     doc("at home", [])])
    assert oracle.best("white home") == ("white house", 1.0)
    assert "home" not in oracle.originals


def test_a_dictionary_fitted_to_one_text_is_scored_on_another():
    from ceiling import fitted_elsewhere

    # in the first text "nation" always stands for "country"; in the second it never does
    fitted = Oracle([doc("The nation mentioned it.", [("nation", "country"), ("mentioned", "said")])])
    other = Oracle([doc("A nation mentioned it.", [("mentioned", "said")])])
    own, elsewhere = fitted_elsewhere(fitted, other, 1.0)
    assert (own.precision, own.recall) == (1.0, 1.0)
    assert (elsewhere.precision, elsewhere.recall) == (0.5, 1.0)
