"""Loading rule files: both forms, and a clear file:line error for each kind of mistake."""

import textwrap

import pytest

from despin import Restorer, RuleError, load_rules


def write(tmp_path, text, name="pack.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problems(tmp_path, text, engine=False):
    path = write(tmp_path, text)
    with pytest.raises(RuleError) as info:
        if engine:
            Restorer(paths=[path])
        else:
            load_rules([path])
    return [str(p) for p in info.value.problems], str(path)


def test_table_and_full_rules_load(tmp_path):
    path = write(tmp_path, """\
        pack: mine
        defaults: {when: always}
        table:
          counterfeit consciousness: artificial intelligence
        rules:
          - id: mine:irregular-woodland
            spun: [irregular woodland, irregular woodlands]
            original: random forest
            confidence: 0.95
            examples:
              - {spun: "an irregular woodland model", restored: "a random forest model"}
            keep: ["the irregular woodland of Kent"]
            source: test
            note: a tortured phrase
        """)
    r = Restorer(paths=[path])
    assert [x.id for x in r.rules] == ["mine:irregular-woodland", "mine:counterfeit-consciousness"]
    assert r.restore("Counterfeit consciousness helps.") == "Artificial intelligence helps."
    assert r.restore("We walked the irregular woodland of Kent.") == "We walked the irregular woodland of Kent."


def test_yaml_syntax_error_names_file_and_line(tmp_path):
    found, path = problems(tmp_path, "pack: mine\nrules:\n  - id: [unclosed\n")
    assert len(found) == 1 and found[0].startswith(f"{path}:") and "YAML error" in found[0]
    assert found[0].split(":")[1] in {"3", "4"}


def test_unknown_field(tmp_path):
    found, path = problems(tmp_path, """\
        pack: mine
        rules:
          - id: mine:a
            spun: foo
            original: bar
            confidance: 0.5
        """)
    assert found == [f"{path}:6: unknown field 'confidance' in a rule (allowed: alternatives, case, chained, "
                     "confidence, examples, id, keep, note, original, rewritten, source, spun, "
                     "when)"]


def test_missing_field(tmp_path):
    found, path = problems(tmp_path, "pack: mine\nrules:\n  - id: mine:a\n    spun: foo\n")
    assert found == [f"{path}:3: rule is missing the field 'original'"]


def test_duplicate_id(tmp_path):
    found, path = problems(tmp_path, """\
        pack: mine
        rules:
          - {id: mine:a, spun: foo, original: bar}
          - {id: mine:a, spun: baz, original: qux}
        """)
    assert found == [f"{path}:4: duplicate id 'mine:a' (first at {path}:3)"]


def test_duplicate_yaml_key(tmp_path):
    found, path = problems(tmp_path, "pack: mine\ntable:\n  foo: bar\n  foo: baz\n")
    assert "duplicate key 'foo'" in found[0] and found[0].startswith(f"{path}:4")


def test_failing_example(tmp_path):
    found, path = problems(tmp_path, """\
        pack: mine
        rules:
          - id: mine:a
            spun: chilly battle
            original: cold war
            examples:
              - spun: a chilly battle
                restored: a hot war
        """, engine=True)
    assert found == [f"{path}:7: rule 'mine:a': example 'a chilly battle' restores to "
                     "'a cold war', not 'a hot war'"]


def test_chain_is_refused(tmp_path):
    found, path = problems(tmp_path, """\
        pack: mine
        table:
          chilly battle: cold war
          cold war: big freeze
        """, engine=True)
    assert len(found) == 1 and found[0].startswith(f"{path}:3: chain: rule 'mine:chilly-battle'")


def test_a_declared_chain_loads_and_a_chained_rule_needs_the_document_test(tmp_path):
    declared = write(tmp_path, """\
        pack: mine
        rules:
          - {id: mine:able, spun: are able to, original: can}
          - {id: mine:can, spun: can, original: will, chained: true}
        """, name="declared.yaml")
    assert [r.chained for r in Restorer(paths=[declared]).rules] == [False, True]
    found, path = problems(tmp_path, """\
        pack: mine
        rules:
          - {id: mine:can, spun: can, original: will, chained: true, when: always}
          - {id: mine:odd, spun: can, original: will, chained: maybe}
        """)
    assert found[0].startswith(f"{path}:3: rule 'mine:can': a chained rule must be 'when: spun'")
    assert found[1] == f"{path}:4: 'chained' must be true or false, not 'maybe'"


@pytest.mark.parametrize("writer, rewriter, declared", [
    (("mine", "spun", False), ("mine", "spun", True), True),
    (("mine", "spun", True), ("mine", "spun", False), True),
    (("mine", "spun", False), ("mine", "spun", False), False),  # neither is marked
    (("mine", "spun", True), ("yours", "spun", False), False),  # two packs
    (("mine", "always", False), ("mine", "spun", True), False),  # one applies anywhere
])
def test_a_chain_is_declared_by_a_chained_rule_of_one_pack_waiting_for_the_test(
        writer, rewriter, declared):
    from types import SimpleNamespace

    from despin.rules.model import declared_chain

    a, b = (SimpleNamespace(pack=p, when=w, chained=c) for p, w, c in (writer, rewriter))
    assert declared_chain(a, b) is declared


def test_rule_restoring_to_itself_is_refused(tmp_path):
    found, path = problems(tmp_path, "pack: mine\ntable:\n  Foo: foo\n")
    assert found == [f"{path}:3: rule 'mine:foo' restores 'Foo' to itself"]


def test_yaml_never_runs_code(tmp_path):
    found, path = problems(tmp_path, "pack: !!python/object/apply:os.system ['echo hi']\n")
    assert "YAML error" in found[0]


def test_bad_values(tmp_path):
    found, _ = problems(tmp_path, """\
        pack: mine
        rules:
          - {id: mine:a, spun: foo, original: bar, confidence: 2}
          - {id: mine:b, spun: foo2, original: bar, when: sometimes}
          - {id: Bad Id, spun: foo3, original: bar}
        """)
    assert len(found) == 3


def test_yaml_aliases_are_refused_with_the_line_of_the_alias(tmp_path):
    found, path = problems(tmp_path, """\
        pack: mine
        defaults: &d {when: always}
        table:
          foo: *d
        """)
    assert found == [f"{path}:4: YAML error: alias *d: anchors and aliases are not allowed "
                     "in rule packs (write the value out)"]


def test_a_yaml_anchor_alone_is_refused_too(tmp_path):
    found, path = problems(tmp_path, "pack: mine\ntable:\n  foo: &b bar\n")
    assert len(found) == 1 and found[0].startswith(f"{path}:3: YAML error: anchor &b")


def test_nested_aliases_cannot_exhaust_memory(tmp_path):
    """A few hundred bytes of aliases nested 8 deep stand for 9**9 strings: refused at the
    first alias, under a memory limit that expanding them would break."""
    import resource
    import subprocess
    import sys

    lines = ["pack: mine", 'l0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"l{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)]
    lines += ["defaults: {confidence: *a8}", "table: {foo: bar}"]
    pack = tmp_path / "bomb.yaml"
    pack.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert pack.stat().st_size < 600

    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (1 << 31, 1 << 31))

    out = subprocess.run([sys.executable, "-m", "despin.cli", "rules", "check", str(pack)],
                         capture_output=True, text=True, timeout=120, preexec_fn=limit)
    assert out.returncode == 1, out.stderr[-500:]
    assert out.stdout.startswith(f"{pack}:3: YAML error: alias *a0")


def test_table_keys_beyond_ascii_get_distinct_valid_ids(tmp_path):
    from despin.rules.schema import _ID

    path = write(tmp_path, """\
        pack: mine
        defaults: {when: always}
        table:
          чайная ложка: столовая ложка
          кофейная чашка: чайная чашка
          grand café: grand hôtel
          plane service: aircraft carrier
        """)
    ids = [r.id for r in load_rules([path])]
    assert len(set(ids)) == 4 and all(_ID.match(i) for i in ids)
    assert ids[2].startswith("mine:grand-cafe-") and ids[3] == "mine:plane-service"
    r = Restorer(paths=[path])
    assert r.restore("Дай мне чайная ложка.") == "Дай мне столовая ложка."
