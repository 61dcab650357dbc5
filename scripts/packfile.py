"""Writing a generated pack: its comment header, then the YAML (shared by the build scripts)."""

from __future__ import annotations

from pathlib import Path

import yaml


def write_pack(path: Path, header: str, doc: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(header + yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100),
                    encoding="utf-8")
