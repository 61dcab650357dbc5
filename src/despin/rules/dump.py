"""Rule packs written as YAML, for a person to review."""

from __future__ import annotations

import yaml


def dump_packs(packs: list[dict], header: str = "") -> str:
    """Packs as the YAML a reviewer reads, one document each: fields in their order, text
    as written, after a comment ``header``."""
    return header + yaml.safe_dump_all(packs, sort_keys=False, allow_unicode=True, width=100)


def rule_packs(rules) -> list[dict]:
    """``rules`` as packs for :func:`dump_packs` (``despin rules dump``), one per pack in
    the order the packs first appear; a rule that names no source has its file:line."""
    packs: dict[str, list] = {}
    extends: dict[str, str] = {}
    for rule in rules:
        entry = {"id": rule.id, "spun": list(rule.spun), "original": rule.original}
        if rule.alternatives:
            entry["alternatives"] = list(rule.alternatives)
        entry.update(confidence=rule.confidence, when=rule.when, case=rule.case)
        if rule.chained:
            entry["chained"] = True
        if rule.rewritten is not None:
            entry["rewritten"] = rule.rewritten
        if rule.extends:
            extends[rule.pack] = rule.extends
        if rule.examples:
            entry["examples"] = [{"spun": e.spun, "restored": e.restored} for e in rule.examples]
        if rule.keep:
            entry["keep"] = list(rule.keep)
        entry.update(source=rule.source or rule.where, note=rule.note)
        packs.setdefault(rule.pack, []).append(entry)
    return [{"pack": pack, **({"extends": extends[pack]} if pack in extends else {}),
             "rules": entries} for pack, entries in packs.items()]
