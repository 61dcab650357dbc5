"""Learning from real pairs in bulk: pooled alignments, several originals per spun form,
evidence against a rule, forms English never writes, and the real-pages score."""

import json
from pathlib import Path

import pytest
import yaml

from despin import Restorer, Rule, RuleError, load_rules
from despin.authoring import align, learn
from despin.cli import main
from despin.judge.context import ContextModel

ROOT = Path(__file__).resolve().parent.parent


def _jsonl(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.mark.slow  # compiles the built-in packs with the learned one twice (learn, then load)
def test_a_pair_teaches_a_form_english_never_writes_to_restore_a_single_sentence(tmp_path, capsys):
    (tmp_path / "o.txt").write_text("The committee met on Monday and the committee voted.\n",
                                    encoding="utf-8")
    (tmp_path / "s.txt").write_text("The zorblax met on Monday and the zorblax voted.\n",
                                    encoding="utf-8")
    pack = tmp_path / "learned.yaml"
    assert main(["learn", str(tmp_path / "o.txt"), str(tmp_path / "s.txt"), "-o", str(pack)]) == 0
    rule = yaml.safe_load(pack.read_text(encoding="utf-8"))["rules"][0]
    assert (rule["spun"], rule["original"], rule["when"]) == ("zorblax", "committee", "always")
    restorer = Restorer([pack])
    assert restorer.restore("Yesterday the zorblax rejected the plan.") == \
        "Yesterday the committee rejected the plan."


def test_pooled_pairs_keep_every_original_with_counts_stories_and_evidence_against(tmp_path, capsys):
    rows = [
        {"spun": "Shares fell and buyers mentioned the shares were cheap.",
         "original": "Stocks fell and investors said the shares were cheap.", "story": "a",
         "spun_url": "https://farm.example/a"},
        {"spun": "The shares rose, the analyst mentioned.",
         "original": "The stocks rose, the analyst stated.", "story": "b",
         "spun_url": "https://farm.example/b"},
        {"spun": "He mentioned the shares of the firm slid.",
         "original": "He said the shares of the firm slid.", "story": "b",
         "spun_url": "https://farm.example/b"},
    ]
    out = tmp_path / "learned.yaml"
    assert main(["learn", "--pairs", str(_jsonl(tmp_path / "p.jsonl", rows)), "--no-builtin",
                 "-o", str(out)]) == 0
    rules = {r["spun"].lower(): r for r in yaml.safe_load(out.read_text(encoding="utf-8"))["rules"]}
    said = rules["mentioned"]
    assert said["original"] == "said" and said["alternatives"] == ["stated"]
    assert "said 2x in a, b" in said["note"] and "stated 1x in b" in said["note"]
    assert said["source"].startswith("https://farm.example/")
    # "shares" stands for "stocks" twice and for itself twice: evidence against the rule,
    # which then does not fire even alone and is left out of the pack
    assert "shares" not in rules
    pairs = learn.propose(learn.read_jsonl(tmp_path / "p.jsonl"))
    shares = next(r for r in learn.to_pack(pairs, "t")["rules"] if r["spun"].lower() == "shares")
    assert "2 of 4 occurrences (2 kept as written)" in shares["note"]
    assert shares["confidence"] == pytest.approx(2.5 / 5)


def test_a_bad_line_in_a_pairs_file_is_named(tmp_path, capsys):
    path = tmp_path / "p.jsonl"
    path.write_text('{"spun": "a", "original": "b"}\n{"spun": 5}\n', encoding="utf-8")
    assert main(["learn", "--pairs", str(path), "--no-builtin"]) == 2
    assert f"{path}:2:" in capsys.readouterr().err


@pytest.mark.parametrize("form, unwritten", [
    ("recordsdata", True), ("Chilly Struggle", True), ("quite than", True),
    ("said", False), ("in keeping with", False), ("final 12 months", False), ("Home", False),
])
def test_forms_english_never_writes(form, unwritten):
    assert learn.never_written(form, ContextModel()) is unwritten


def test_a_swap_made_of_known_swaps_is_learned_piece_by_piece():
    known = {(("mentioned",), ("said",)), (("plane", "service"), ("aircraft", "carrier"))}
    s = "mentioned plane service".split()
    o = "said aircraft carrier".split()
    assert align._peel((0, 3, 0, 3), s, o, known) == [(0, 1, 0, 1), (1, 3, 1, 3)]


def test_a_table_word_stuck_to_a_swap_by_the_alignment_is_no_entry():
    # the spinner wrote "insurance coverage" for "insurance": the alignment joins the
    # inserted "coverage" (the table's word for "policy") to the next swap
    texts = [("The policy will change, and it could pass.",
              "The coverage will change, and it might pass."),
             ("A new policy, which could pass.", "A new coverage, which might pass."),
             ("National insurance could be cut.", "National insurance coverage might be cut.")]
    pairs = {(p.spun, p.original): p.count for p in learn.propose(texts)}
    assert ("coverage", "policy") in pairs and pairs["might", "could"] == 2
    assert ("coverage might", "could") not in pairs
    # a phrase the table's words do not explain stays: "beneficial properties" -> "gains"
    texts.append(("Its gains are real.", "Its beneficial properties are real."))
    assert ("beneficial properties", "gains") in {(p.spun, p.original)
                                                 for p in learn.propose(texts)}


def test_curled_quotation_marks_are_no_swap():
    texts = [("We're sure it's \"done\" - he said.", "We’re sure it’s “done” – he stated.")]
    assert [(p.spun, p.original) for p in learn.propose(texts)] == [("stated", "said")]


def test_a_capital_seen_beside_the_lower_case_is_the_sentence_s():
    texts = [("Although it rose, prices fell.", "Though it rose, prices fell."),
             ("It rose, although prices fell.", "It rose, though prices fell.")]
    (rule,) = learn.to_pack(learn.propose(texts), "t")["rules"]
    assert (rule["spun"], rule["original"]) == ("though", "although")
    restorer = Restorer([Rule(id=rule["id"], pack="t", spun=(rule["spun"],),
                              original=rule["original"], when="always")])
    assert restorer.restore("Though late, it held, though barely.") == \
        "Although late, it held, although barely."


def test_the_shipped_real_pack_names_a_source_and_counts_for_every_rule():
    data = yaml.safe_load((ROOT / "dictionaries" / "newswire" / "real.yaml").read_text(encoding="utf-8"))
    assert data["pack"] == "newswire-real" and len(data["rules"]) > 100
    for rule in data["rules"]:
        assert rule["source"].startswith("http"), rule["id"]
        assert rule["note"].startswith("learned: "), rule["id"]
        assert rule["examples"], rule["id"]


def test_real_pages_score_counts_right_wrong_and_missed_changes():
    from realscore import score

    from despin import Change, apply

    spun = "He mentioned the invoice went to the Home."
    original = "He said the bill went to the House."

    def change(before, after):
        start = spun.index(before)
        return Change(start, start + len(before), before, after, "r", "f", 1.0)

    # two right changes, one to a word the original keeps, and "Home" missed
    changes = [change("mentioned", "said"), change("invoice", "bill"), change("went", "moved")]
    s = score(spun, original, apply(spun, changes), changes)
    assert (s.changes, s.right, s.kept_damaged) == (3, 2, 1)
    assert (s.wrong_in_spun, s.fixed) == (3, 2)
    assert (s.errors_before, s.errors_after) == (3, 2)
    assert s.reduction == pytest.approx(1 - 2 / 3)


def test_quoted_speech_is_no_evidence_of_a_clean_text():
    """Spinners often leave quotes alone: an original inside “…” does not count against."""
    rules = [Rule(id=f"t:{s}", pack="t", spun=(s,), original=o, confidence=0.9)
             for s, o in [("mentioned", "said"), ("advised", "told"), ("additionally", "also"),
                          ("however", "but")]]
    detector = Restorer(rules, builtin=False).detector
    narrative = "Kirby mentioned troops would additionally deploy, he advised reporters. "
    inside = narrative + "“We said it, but we also told them,” one said."
    outside = narrative + "We said it, but we also told them, one said."
    assert detector.detect(inside).score > detector.detect(outside).score


def test_a_swap_the_spinner_makes_only_sometimes_is_no_fingerprint():
    sure = Rule(id="t:shall", pack="t", spun=("shall",), original="will", confidence=0.9)
    unsure = Rule(id="t:shall", pack="t", spun=("shall",), original="will", confidence=0.9,
                  rewritten=0.3)
    assert ("t", "will") in Restorer([sure], builtin=False).detector.groups
    assert ("t", "will") not in Restorer([unsure], builtin=False).detector.groups


def test_rewritten_must_be_a_share(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("pack: p\nrules:\n  - id: p:a\n    spun: zorblax\n    original: committee\n"
                    "    rewritten: 2\n", encoding="utf-8")
    with pytest.raises(RuleError) as info:
        load_rules([path])
    assert f"{path}:6:" in str(info.value) and "rewritten" in str(info.value)


def _family(tmp_path, wide_rules: str):
    narrow = tmp_path / "narrow.yaml"
    narrow.write_text("pack: t\nrules:\n" + "".join(
        f"  - {{id: 't:{s}', spun: {s}, original: {o}}}\n"
        for s, o in [("mentioned", "said"), ("advised", "told"), ("additionally", "also")]),
        encoding="utf-8")
    wide = tmp_path / "wide.yaml"
    wide.write_text("pack: t-wide\nextends: t\nrules:\n" + wide_rules, encoding="utf-8")
    return Restorer(paths=[narrow, wide], validate=False)


def test_a_pack_that_widens_a_table_is_weighed_with_it(tmp_path):
    wide = "".join(f"  - {{id: 't-wide:{s}', spun: {s}, original: {o}}}\n"
                   for s, o in [("whereas", "while"), ("instructed", "told"), ("folks", "people"),
                                ("businesses", "companies")])
    restorer = _family(tmp_path, wide)
    # the wider table shows here: its evidence opens the narrower pack's rules too
    text = "Folks instructed them whereas businesses waited, and he mentioned it once."
    detection = restorer.detect(text)
    assert detection.spun_by("t") and detection.spun_by("t-wide")
    # spun with the narrower table alone: the wider table's originals survive, so its
    # ambiguous rules stay out while the narrower pack's apply
    narrow_only = ("Kirby mentioned the people waited while companies rested. Officials "
                   "mentioned troops would additionally deploy, he advised. People waited "
                   "while companies rested.")
    detection = restorer.detect(narrow_only)
    assert detection.spun_by("t") and not detection.spun_by("t-wide")


def test_extends_must_name_another_pack(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("pack: p\nextends: p\nrules: []\n", encoding="utf-8")
    with pytest.raises(RuleError) as info:
        load_rules([path])
    assert f"{path}:2:" in str(info.value) and "extends" in str(info.value)


def test_words_all_inside_quotes_are_all_counted_as_quoted():
    rules = [Rule(id="t:mentioned", pack="t", spun=("mentioned",), original="said",
                  confidence=0.9)]
    detector = Restorer(rules, builtin=False).detector
    words, _, _, quoted = detector.scan("“We said it, and said it again.”")
    assert words["said"] == 2 and quoted["said"] == 2


def test_real_pairs_count_where_a_form_stands_and_where_restoring_it_is_right():
    from despin.authoring.pair_evidence import form_evidence

    texts = [align.Text("It will rain, and you can stay within the lines.",
                        "It can rain, and you can stay inside the lines.", "s1"),
             align.Text("He said it will work in the end.",
                        "He stated it can work within the end.", "s2")]
    found = form_evidence(texts, {"can": ["will"], "within the": ["in the"], "Stated": ["Said"]})
    assert (found["can"].seen, found["can"].restored) == (3, 2)  # "you can stay" is the writer's
    # the spinner kept "the": the phrase rule is still right where it stands
    assert (found["within the"].seen, found["within the"].restored) == (1, 1)
    assert found["Stated"].seen == 0  # a capital is looked for as written


def test_a_chain_may_cross_into_the_pack_a_pack_extends(tmp_path):
    from despin.rules.model import declared_chain

    base = tmp_path / "base.yaml"
    base.write_text("pack: t\nrules:\n  - {id: 't:firm', spun: firm, original: company}\n",
                    encoding="utf-8")
    wide = tmp_path / "wide.yaml"
    wide.write_text("pack: t-wide\nextends: t\nrules:\n"
                    "  - {id: 't-wide:agency', spun: agency, original: firm, chained: true}\n",
                    encoding="utf-8")
    rules = {r.id: r for r in load_rules([base, wide])}
    assert declared_chain(rules["t-wide:agency"], rules["t:firm"])
    Restorer(paths=[base, wide])  # loading accepts the chain
    other = tmp_path / "other.yaml"
    other.write_text("pack: u\nrules:\n"
                     "  - {id: 'u:agency', spun: agency, original: firm, chained: true}\n",
                     encoding="utf-8")
    with pytest.raises(RuleError):  # with a pack of another spinner it is no declared chain
        Restorer(paths=[base, other])
