"""Every built-in rule's own examples and keep-cases (the rules carry their tests)."""

import pytest

import despin


def _cases():
    for rule in despin.default_restorer().rules:
        for ex in rule.examples:
            yield pytest.param(rule.id, ex.spun, ex.restored, id=f"{rule.id}@{ex.line}")


@pytest.mark.parametrize("rule_id, spun, restored", list(_cases()))
def test_rule_example(rule_id, spun, restored):
    r = despin.default_restorer().with_options(assume_spun=True)
    r.force_chains = True  # as loading checks examples: chained rules apply as declared
    assert r.restore(spun) == restored


def test_every_builtin_rule_has_an_example():
    missing = [r.id for r in despin.default_restorer().rules if not r.examples]
    assert not missing
