"""Writing a generated pack: its comment header, then the YAML (shared by the build scripts)."""

from __future__ import annotations

from pathlib import Path

from despin.learn import dump_pack


def write_pack(path: Path, header: str, doc: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dump_pack(doc, header), encoding="utf-8")
