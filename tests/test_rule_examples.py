"""Every built-in rule's own examples and keep-cases (the rules carry their tests).

One test runs them all and lists every failure, each with its rule id, file:line and
example: one generated test per example (17,000 of them) cost more in pytest's own work
than the examples themselves.
"""

import pytest

import despin
from despin.rules.packs import builtin_dir


def failures(restorer, file: str | None = None) -> list[str]:
    """Every example of ``restorer``'s rules that does not restore as written, and every
    keep-case its own rule changes, as ``file:line: rule 'id': ...``. The document is taken
    as spun (an example is one sentence) and chained rules apply as declared, as `rules
    check` runs them; unlike it, suggestions stay on, as a user's restorer has them."""
    assumed = restorer.with_options(assume_spun=True, force_chains=True)
    found = []
    for rule in restorer.rules:
        if file is not None and rule.file != file:
            continue
        for ex in rule.examples:
            got = assumed.restore(ex.spun)
            if got != ex.restored:
                found.append(f"{rule.file}:{ex.line or rule.line}: rule {rule.id!r}: example "
                             f"{ex.spun!r} restores to {got!r}, not {ex.restored!r}")
        for text in rule.keep:
            if any(c.rule == rule.id for c in assumed.explain(text).changes):
                found.append(f"{rule.file}:{rule.line}: rule {rule.id!r} changes its own "
                             f"keep-case {text!r}")
    return found


PACK_FILES = sorted(str(p) for p in builtin_dir().rglob("*.yaml"))


@pytest.mark.slow  # some 19,000 examples: loading the built-in packs checks their chains only
@pytest.mark.parametrize("file", PACK_FILES, ids=lambda f: f.rsplit("/", 2)[-2] + "/" +
                         f.rsplit("/", 1)[-1])  # a test a file, to spread over the workers
def test_every_example_and_keep_case_of_the_builtin_rules(restorer, file):
    found = failures(restorer, file)
    assert not found, f"{len(found)} failing:\n" + "\n".join(found)


def test_every_builtin_rule_comes_from_a_file_whose_examples_are_run(restorer):
    assert {r.file for r in restorer.rules} <= set(PACK_FILES)


def test_a_broken_example_is_named_with_its_rule_file_and_line(tmp_path):
    pack = tmp_path / "pack.yaml"
    pack.write_text(
        "pack: t\n"
        "rules:\n"
        "  - id: t:gizmo\n"
        "    spun: whatsit gizmo\n"
        "    original: flux capacitor\n"
        "    when: always\n"
        "    examples:\n"
        "      - {spun: 'the whatsit gizmo hums', restored: 'the flux capacitor hums'}\n"
        "      - {spun: 'a whatsit gizmo', restored: 'a time machine'}\n",
        encoding="utf-8")
    found = failures(despin.Restorer(paths=[pack], validate=False))
    assert found == [
        f"{pack}:9: rule 't:gizmo': example 'a whatsit gizmo' restores to "
        "'a flux capacitor', not 'a time machine'"]


def test_every_builtin_rule_has_an_example(restorer):
    missing = [r.id for r in restorer.rules if not r.examples]
    assert not missing
