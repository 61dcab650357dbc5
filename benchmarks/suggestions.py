#!/usr/bin/env python3
"""Suggestions for tortured phrases no list holds (src/despin/suggest.py), measured.

    python benchmarks/suggestions.py

* Held-out phrases: scripts/build_tortured.py sets one pair in ten of the TSV aside
  (data/tortured-phrases.holdout.tsv); the pack ships them, marked, and the suggester here
  learns from the pack without them (``measured_rules``). Each held-out spun phrase is
  given to the suggester alone; the top suggestion is right when it equals the original (also counted
  "up to number": "mean squared errors" for "mean squared error"). Accuracy = right / all
  held-out pairs; wrong rate = wrong / suggestions made. Per minimum support.
* Clean prose: State of the Union addresses from 1990 and scikit-learn's docstrings and
  dataset descriptions (scientific prose), tokens and suggestions per 1,000 tokens,
  looked for everywhere (ungated) and as despin does it (only in documents that hold a
  listed tortured phrase).
"""

from __future__ import annotations

import csv
import warnings

from corpora import HELD_OUT_SOURCE, TORTURED_HOLDOUT as HOLDOUT, sklearn_texts, sotu_texts


def measured_rules(rules) -> list:
    """The rules without those of the held-out pairs: a suggester learnt from these has
    never seen the phrases it is measured on."""
    return [r for r in rules if r.source != HELD_OUT_SOURCE]


def words(text: str) -> list[str]:
    from despin.suggest import normal
    from despin.tokens import tokenize

    return [normal(t.text) for t in tokenize(text)]


def held_out(suggester) -> dict:
    from despin.suggest import _stem

    rows = list(csv.DictReader(HOLDOUT.open(encoding="utf-8"), delimiter="\t"))
    right = loose = wrong = 0
    for r in rows:
        gold = tuple(words(r["original"]))
        found = suggester.candidates(words(r["spun"]))
        if not found:
            continue
        top = tuple(words(found[0][1]))
        if top == gold:
            right += 1
        else:
            wrong += 1
            loose += _stem(top) == _stem(gold)
    made = right + wrong
    return {"pairs": len(rows), "right": right, "wrong": wrong, "number_only": loose,
            "accuracy": right / len(rows), "wrong_rate": wrong / made if made else 0.0,
            "precision_up_to_number": (right + loose) / made if made else 0.0}


def clean_texts():
    yield from sotu_texts(since=1990)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield from sklearn_texts()


def main() -> None:
    import despin
    from despin.suggest import APPLY_SUPPORT, MIN_SUPPORT, Suggester

    restorer = despin.default_restorer()
    rules = measured_rules(restorer.rules)
    clean = list(clean_texts())
    tokens = sum(len(words(text)) for _, text in clean)
    print(f"held-out tortured phrases ({HOLDOUT.name}), top suggestion for each spun phrase;")
    print(f"clean prose ({len(clean)} documents, {tokens} tokens), suggestions looked for "
          "everywhere (despin itself looks only in documents holding a listed phrase):")
    for support in range(1, 7):
        s = Suggester(rules, restorer.context, min_support=support)
        h = held_out(s)
        false = sum(len(s.suggest(text)) for _, text in clean)
        mark = "".join(f"  <- {name}" for name, level in (("MIN_SUPPORT", MIN_SUPPORT),
                                                          ("APPLY_SUPPORT", APPLY_SUPPORT))
                       if level == support)
        print(f"  support >= {support}: right {h['right']:3}  wrong {h['wrong']:3}  "
              f"(number only {h['number_only']}) of {h['pairs']}: accuracy {h['accuracy']:.3f}, "
              f"wrong rate {h['wrong_rate']:.3f}; clean prose {false} "
              f"({1000 * false / tokens:.3f} per 1,000 tokens){mark}")
    gated = sum(len(restorer.detect(text).suggestions) for _, text in clean)
    print(f"clean prose as despin runs: {gated} suggestions")


if __name__ == "__main__":
    main()
