"""Where the built-in dictionaries are."""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).resolve().parent


def builtin_dir() -> Path:
    """The built-in dictionaries: inside the installed package, or at the top of a checkout."""
    for candidate in (_HERE / "dictionaries", _HERE.parent.parent / "dictionaries"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("despin's built-in dictionaries are missing from this installation")


def builtin_paths() -> list[Path]:
    return [builtin_dir()]
