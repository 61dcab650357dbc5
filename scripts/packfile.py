"""Writing a generated pack: its comment header, then the YAML (shared by the build scripts)."""

from __future__ import annotations

from pathlib import Path

from despin.rules.dump import dump_packs
from despin.store.files import write_atomic


def write_pack(path: Path, header: str, doc: dict) -> None:
    """Atomically (despin.files): an interrupted build leaves the old pack, not half a new one."""
    write_atomic(path, dump_packs([doc], header))
