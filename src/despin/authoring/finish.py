"""A learned pack made loadable: in a chain of two learned rules the rarer one becomes
``chained`` (docs/rules.md) or goes, a learned rule that spoils an existing rule's example
goes, and an example that other learned rules would change is replaced with the bare
phrase."""

from __future__ import annotations

import re

from ..engine.restorer import Restorer
from ..rules.model import Rule
from ..rules.validate import chains


def finish(pack: dict, existing=()) -> tuple[dict, list[str]]:
    """Make a learned pack loadable: in a chain of two learned rules the rarer one becomes
    ``chained`` (docs/rules.md), in a chain with another pack it goes; examples that other
    learned rules would change are replaced with the bare phrase. Returns notes on each."""
    notes = []
    rules = pack["rules"]
    last: list = []  # the rules and engine of the last build: the same rules, the same engine

    def build():
        objs = [Rule(id=r["id"], pack=pack["pack"], spun=(r["spun"],), original=r["original"],
                     alternatives=tuple(r.get("alternatives", ())),
                     confidence=r["confidence"], when=r.get("when", "spun"),
                     case=r.get("case", "any"), chained=r.get("chained", False),
                     extends=pack.get("extends", ""), file="learned", line=i)
                for i, r in enumerate(rules)]
        if last and last[0] == objs:
            return last[1]  # nothing was chained or dropped since: compiling again is waste
        # examples show chained rules as loading checks them
        engine = Restorer(list(existing) + objs, validate=False).with_options(
            assume_spun=True, force_chains=True)
        last[:] = [objs, engine]
        return engine

    while True:
        engine = build()
        found = [c for c in chains(engine) if "learned" in (c.writer.file, c.rewriter.file)]
        if not found:
            break
        by_id = {r["id"]: r for r in rules}
        chained, drop = _chain_victims(found, by_id, pack)
        for rule_id in chained:
            by_id[rule_id]["chained"] = True
        if chained:
            notes.append(f"chained: {', '.join(sorted(chained))}")
        if drop:
            notes.append(f"dropped for chains: {', '.join(sorted(drop))}")
        rules = [r for r in rules if r["id"] not in drop]
    while existing:  # the existing rules' examples hold: a learned rule that spoils one goes
        spoiling = spoilers(build(), existing, rules)
        if not spoiling:
            break
        notes.append(f"dropped for spoiling other rules' examples: {', '.join(sorted(spoiling))}")
        rules = [r for r in rules if r["id"] not in spoiling]
    return dict(pack, rules=_examples_that_hold(build(), rules, notes)), notes


def _chain_victims(found, by_id: dict, pack: dict) -> tuple[set[str], set[str]]:
    """Of each chain ``found`` between learned rules (``by_id``), the rarer rule: (those that
    become ``chained``, those dropped). A swap both ways ("navy" -> "military", "army" ->
    "navy") is declared as a chain where it can be: both `when: spun` rules of one pack
    (docs/rules.md)."""
    drop, chained = set(), set()
    for c in found:
        pair = [by_id[x.id] for x in (c.writer, c.rewriter) if x.id in by_id]
        victim = min(pair, key=lambda r: int(re.search(r"learned: (\d+)", r["note"]).group(1)))
        chainable = all(x.when == "spun" and x.pack in (pack["pack"], pack.get("extends"))
                        for x in (c.writer, c.rewriter)) and victim.get("when") != "always"
        (chained if chainable else drop).add(victim["id"])
    return chained, drop


def _examples_that_hold(engine, rules: list[dict], notes: list[str]) -> list[dict]:
    """The rules whose example ``engine`` restores as written; one that other learned rules
    spoil gets its bare phrase as example, and one that does not fire even alone is left out
    (with a note)."""
    kept = []
    for r in rules:
        ex = r["examples"][0]
        if engine.restore(ex["spun"]) != ex["restored"]:
            bare = engine.restore(r["spun"])
            if bare == r["original"] or bare.lower() == r["original"].lower():
                r["examples"] = [{"spun": r["spun"], "restored": bare}]
            else:
                notes.append(f"left out {r['id']}: it does not fire even alone (confidence "
                             f"{r['confidence']})")
                continue
        kept.append(r)
    return kept


def spoilers(engine, existing, learned: list[dict]) -> set[str]:
    """Learned rules that change an example of an existing rule into something else."""
    ids = {r["id"] for r in learned}
    forms = {r["spun"].lower() for r in learned}
    found = set()
    for rule in existing:
        for ex in rule.examples:
            lowered = ex.spun.lower()
            if not any(f in lowered for f in forms):
                continue
            result = engine.explain(ex.spun, evidence=False)
            if result.text != ex.restored:
                found.update(c.rule for c in result.changes if c.rule in ids)
    return found
