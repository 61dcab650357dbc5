"""Users' own rules: packs, overrides, settings, protect lists, off/on markers, learning."""

import textwrap

import pytest
import yaml

import despin
from despin import Restorer
from despin.cli import main

MY_PACK = """\
pack: mine
rules:
  - id: mine:gizmo
    spun: [whatsit gizmo]
    original: flux capacitor
    when: always
    examples:
      - {spun: "the whatsit gizmo hums", restored: "the flux capacitor hums"}
  - id: newswire:chilly-struggle
    spun: Chilly Struggle
    original: Cold Standoff
    when: always
    examples:
      - {spun: "the Chilly Struggle", restored: "the Cold Standoff"}
"""


@pytest.fixture(scope="module")
def pack(tmp_path_factory):
    # one path for the module: the built-in packs with this one are compiled once, and the
    # other tests load them from the cache (its key holds the path)
    path = tmp_path_factory.mktemp("packs") / "mine.yaml"
    path.write_text(MY_PACK, encoding="utf-8")
    return path


@pytest.mark.slow  # compiles the built-in packs with a user pack
def test_user_pack_adds_to_the_builtin_ones_and_overrides_by_id(pack):
    r = Restorer([pack])
    assert r.restore("the whatsit gizmo and the Chilly Struggle") == \
        "the flux capacitor and the Cold Standoff"
    assert r.restore("Kirby mentioned it.") == "Kirby mentioned it."  # gating still works
    assert sum(1 for x in r.rules if x.id == "newswire:chilly-struggle") == 1


def test_disable_and_protect(pack):
    r = Restorer([pack], builtin=False, disable=["mine:gizmo"], protect=["Chilly Struggle Brewery"])
    assert r.restore("the whatsit gizmo") == "the whatsit gizmo"
    assert r.restore("beer from Chilly Struggle Brewery; the Chilly Struggle ended") == \
        "beer from Chilly Struggle Brewery; the Cold Standoff ended"


def test_disabling_an_unknown_id_is_an_error():
    from despin import RuleError

    with pytest.raises(RuleError, match="no rule has the id 'nope:x'"):
        Restorer(disable=["nope:x"])


def test_off_and_on_markers_leave_a_region_alone():
    text = ("the Chilly Struggle <!-- despin: off --> the Chilly Struggle "
            "<!-- despin: on --> the Chilly Struggle")
    assert despin.restore(text) == ("the Cold War <!-- despin: off --> the Chilly Struggle "
                                    "<!-- despin: on --> the Cold War")


@pytest.mark.slow  # compiles the built-in packs with a user pack
def test_project_config_is_found_and_applied(tmp_path, monkeypatch, capsys):
    (tmp_path / "mine.yaml").write_text(MY_PACK, encoding="utf-8")  # beside the settings file
    (tmp_path / "despin.toml").write_text(textwrap.dedent("""\
        rules = ["mine.yaml"]
        disable = ["newswire:plane-service"]
        protect = ["Chilly Struggle"]
        """), encoding="utf-8")
    sub = tmp_path / "articles"
    sub.mkdir()
    (sub / "a.txt").write_text("the whatsit gizmo, the plane service, the Chilly Struggle",
                               encoding="utf-8")
    monkeypatch.chdir(sub)
    assert main(["restore", "a.txt"]) == 0
    assert capsys.readouterr().out == "the flux capacitor, the plane service, the Chilly Struggle"
    assert main(["restore", "--no-config", "a.txt"]) == 0
    assert capsys.readouterr().out == "the whatsit gizmo, the aircraft carrier, the Cold War"


def test_pyproject_tool_section_and_bad_settings(tmp_path, monkeypatch, capsys):
    (tmp_path / "pyproject.toml").write_text('[tool.despin]\nprotects = ["x"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["rules", "list"]) == 2
    assert "unknown setting(s) protects" in capsys.readouterr().err


@pytest.mark.slow  # compiles the built-in packs with a user pack
def test_rules_list(pack, capsys):
    assert main(["rules", "list", "--rules", str(pack)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert any(line.startswith("mine:gizmo\talways\twhatsit gizmo → flux capacitor\t")
               and line.endswith(f"{pack}:3") for line in lines)


def test_a_dumped_rule_keeps_its_chain_and_its_share_rewritten():
    from despin.rules.dump import rule_packs
    from despin.rules.model import Rule

    rule = Rule(id="t:home", pack="t", spun=("home",), original="house", chained=True,
                rewritten=0.8, extends="newswire")
    (dumped,) = rule_packs([rule])
    assert dumped["extends"] == "newswire"
    assert dumped["rules"][0]["chained"] is True and dumped["rules"][0]["rewritten"] == 0.8


def test_rules_dump_writes_one_document_per_pack_that_loads_back_rule_for_rule(pack, tmp_path):
    other = tmp_path / "other.yaml"
    other.write_text(textwrap.dedent("""\
        pack: other
        extends: mine
        rules:
          - id: other:gadget
            spun: [doohickey, thingamajig]
            original: gadget
            alternatives: [device]
            confidence: 0.7
            rewritten: 0.75
            case: exact
            examples:
              - {spun: "a doohickey here", restored: "a device here"}
            keep: [the doohickey museum]
            note: two spun forms
        """), encoding="utf-8")
    out = tmp_path / "all.yaml"
    assert main(["rules", "dump", "--no-builtin", "--no-config", "--rules", str(pack),
                 "--rules", str(other), "-o", str(out)]) == 0
    docs = list(yaml.safe_load_all(out.read_text(encoding="utf-8")))
    assert [d["pack"] for d in docs] == ["mine", "other"]
    assert [r["id"] for d in docs for r in d["rules"]] == \
        ["mine:gizmo", "newswire:chilly-struggle", "other:gadget"]
    from despin import load_rules

    def essence(rules):
        return [(r.id, r.pack, r.spun, r.original, r.alternatives, r.confidence, r.when, r.case,
                 [(e.spun, e.restored) for e in r.examples], r.keep, r.note, r.chained,
                 r.rewritten, r.extends) for r in rules]

    active = Restorer([pack, other], builtin=False).rules
    assert essence(load_rules([out])) == essence(active)


def test_learn_writes_a_pack_that_loads_and_restores(tmp_path, capsys):
    original = "Officials said the exercise will begin. Kirby said it was planned.\n"
    spun = "Officers mentioned the train will start. Kirby mentioned it was deliberate.\n"
    (tmp_path / "o.txt").write_text(original, encoding="utf-8")
    (tmp_path / "s.txt").write_text(spun, encoding="utf-8")
    pack = tmp_path / "learned.yaml"
    assert main(["learn", str(tmp_path / "o.txt"), str(tmp_path / "s.txt"), "-o", str(pack),
                 "--no-builtin"]) == 0
    data = yaml.safe_load(pack.read_text(encoding="utf-8"))
    by_spun = {r["spun"]: r for r in data["rules"]}
    assert by_spun["mentioned"]["original"] == "said" and "learned: 2 of 2" in by_spun["mentioned"]["note"]
    assert Restorer(paths=[pack], assume_spun=True).restore(spun) == original


def test_learn_from_a_folder_of_pairs(tmp_path, capsys):
    (tmp_path / "a.original.txt").write_text("He said so.", encoding="utf-8")
    (tmp_path / "a.spun.txt").write_text("He mentioned so.", encoding="utf-8")
    (tmp_path / "orphan.original.txt").write_text("Nothing.", encoding="utf-8")
    assert main(["learn", "--pairs", str(tmp_path), "--no-builtin"]) == 0
    assert "spun: mentioned" in capsys.readouterr().out


def test_learned_pack_restores_the_seed_nearly_as_well_as_the_curated_one(restorer):
    from corpora import GOLD, SEED
    from quality import seed_score

    from despin.authoring import learn
    from despin.authoring.finish import finish

    original = GOLD.with_name(GOLD.name.replace(".artifacts.tsv", ".restored.txt"))
    pairs = learn.propose([(original.read_text(encoding="utf-8"), SEED.read_text(encoding="utf-8"))])
    pack, _ = finish(learn.to_pack(pairs, "learned"))
    learned = Restorer([], builtin=False)  # placeholder replaced below
    from despin.rules.model import Example, Rule

    rules = [Rule(id=r["id"], pack="learned", spun=(r["spun"],), original=r["original"],
                  confidence=r["confidence"], chained=r.get("chained", False),
                  examples=tuple(Example(e["spun"], e["restored"]) for e in r["examples"]))
             for r in pack["rules"]]
    learned = Restorer(rules)
    mine, _ = seed_score(learned)
    curated, _ = seed_score(restorer)
    assert mine.precision >= curated.precision - 0.03
    assert mine.recall >= curated.recall - 0.06


def test_a_keep_case_holds_across_a_wrapped_line_but_not_a_blank_one(restorer):
    rule = next(r for r in restorer.rules if r.id == "newswire:energy")
    assert "energy bills" in rule.keep
    for text, kept in [("the energy bills rose", True), ("the energy\nbills rose", True),
                       ("the energy\n\nbills rose", False)]:
        assert restorer.scorer.vetoed(rule, text, 4, 10) is kept, text
