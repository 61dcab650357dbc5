"""Rule packs written as YAML, for a person to review."""

from __future__ import annotations

import yaml


def dump_packs(packs: list[dict], header: str = "") -> str:
    """Packs as the YAML a reviewer reads, one document each: fields in their order, text
    as written, after a comment ``header``."""
    return header + yaml.safe_dump_all(packs, sort_keys=False, allow_unicode=True, width=100)

