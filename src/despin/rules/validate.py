"""Checks that need the engine: examples, keep-cases, and chains.

* every example restores exactly as written (the document is taken as spun, since an
  example is one sentence);
* no keep-case is changed by its own rule;
* no rule's output is rewritten by a rule (a chain): restoring must be idempotent. A
  chain is allowed between two `when: spun` rules of one pack when one of them is marked
  `chained`: such a rule applies only where the restored text is judged clean, so a
  second pass runs none of the pack's ambiguous rules.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Problem, declared_chain


def check(restorer, only: set[str] | None = None) -> list[Problem]:
    """Every problem; examples and keep-cases of the rules in ``only`` (all by default)."""
    problems: list[Problem] = []
    problems.extend(_chains(restorer))
    if problems:
        return problems  # examples would fail for the same reason; report the cause once
    # an example is one sentence: chained rules apply as declared; examples test the rules,
    # not the user's protect list, the thesaurus or the suggestions for unlisted phrases
    assumed = restorer.with_options(assume_spun=True, force_chains=True, protect=(),
                                    unseen=False, suggest=False)
    for rule in restorer.rules:
        if only is not None and rule.id not in only:
            continue
        for ex in rule.examples:
            got = assumed.restore(ex.spun)
            if got != ex.restored:
                problems.append(Problem(rule.file, ex.line or rule.line,
                                        f"rule {rule.id!r}: example {ex.spun!r} restores to "
                                        f"{got!r}, not {ex.restored!r}"))
        for text in rule.keep:
            fired = [c for c in assumed.explain(text).changes if c.rule == rule.id]
            if fired:
                problems.append(Problem(rule.file, rule.line,
                                        f"rule {rule.id!r} fires in its own keep-case {text!r}"))
    return problems


@dataclass(frozen=True)
class Chain:
    """``writer`` restores to ``output``, which ``rewriter`` would rewrite on a second pass."""

    writer: object  # Rule
    output: str
    rewriter: object  # Rule
    form: str  # the rewriter's spun form found in the output


def chains(restorer) -> list[Chain]:
    """Every rule output that another rule would rewrite (a keep-case protects it)."""
    found = []
    matcher = restorer.matcher
    for rule in restorer.rules:
        for out in rule.originals:
            reported = set()  # start tokens with a chain already (one per start)
            for m in matcher.matches_in(out):
                other = restorer.rules[m.entry.rule]
                if m.first in reported or restorer.scorer.vetoed(other, out, m.start, m.end):
                    continue  # a keep-case of the other rule protects this output
                if declared_chain(rule, other):
                    continue  # see the module's docstring
                found.append(Chain(rule, out, other, m.entry.form))
                reported.add(m.first)
    return found


def _chains(restorer) -> list[Problem]:
    return [Problem(c.writer.file, c.writer.line,
                    f"chain: rule {c.writer.id!r} writes {c.output!r}, which rule "
                    f"{c.rewriter.id!r} ({c.rewriter.where}) would rewrite ({c.form!r}); "
                    "restoring twice would change the text again (if both rules are right, "
                    "mark one 'chained: true': see docs/rules.md)")
            for c in chains(restorer)]
