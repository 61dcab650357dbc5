"""Where the built-in dictionaries are."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent  # despin/


def builtin_dir() -> Path:
    """The built-in dictionaries: inside the installed package, or at the top of a checkout."""
    for candidate in (_PACKAGE / "dictionaries", _PACKAGE.parent.parent / "dictionaries"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("despin's built-in dictionaries are missing from this installation")


def builtin_paths() -> list[Path]:
    return [builtin_dir()]
