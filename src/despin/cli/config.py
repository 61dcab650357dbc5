"""Project settings: despin.toml, or [tool.despin] in pyproject.toml.

    rules = ["rules/"]             # packs added to the built-in ones, relative to the file
    disable = ["newswire:may"]     # built-in rules switched off, by id
    protect = ["Chilly Struggle Brewery"]   # words and phrases never changed
    builtin = true                 # false: only the packs named here
    min_confidence = 0.5           # no change below this confidence (--min-confidence)

The nearest file from the current folder upwards is used; the command line's --config
names one, --no-config ignores them. A despin.toml that is found or named, or a named
pyproject.toml, must be readable and valid. A pyproject.toml met on the way up that cannot
be read or parsed is passed over (with a note on standard error): it is most likely some
other project's, and it must not stop every command.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from ..judge.scoring import DEFAULT_MIN_CONFIDENCE, valid_floor

KEYS = {"rules", "disable", "protect", "builtin", "min_confidence"}


class ConfigError(ValueError):
    pass


@dataclass
class Config:
    path: Path | None = None
    rules: list[Path] = field(default_factory=list)
    disable: list[str] = field(default_factory=list)
    protect: list[str] = field(default_factory=list)
    builtin: bool = True
    min_confidence: float = DEFAULT_MIN_CONFIDENCE


def find(start: Path | None = None, passed_over: list[str] | None = None) -> Path | None:
    """The nearest despin.toml, or pyproject.toml with [tool.despin], from ``start`` (the
    current folder) up. A pyproject.toml that cannot be read or parsed is passed over; with
    ``passed_over``, a note saying why is appended to it."""
    folder = (start or Path.cwd()).resolve()
    for candidate in (folder, *folder.parents):
        if (candidate / "despin.toml").is_file():
            return candidate / "despin.toml"
        pyproject = candidate / "pyproject.toml"
        if not pyproject.is_file():
            continue
        try:
            tool = _read(pyproject).get("tool")
        except ConfigError as exc:
            if passed_over is not None:
                passed_over.append(f"{exc} (passed over)")
            continue
        if isinstance(tool, dict) and "despin" in tool:
            return pyproject
    return None


def _read(path: Path) -> dict:
    try:
        with open(path, "rb") as f:
            return tomllib.load(f)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None


def load(path: Path | None) -> Config:
    if path is None:
        return Config()
    data = _read(path)
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        data = tool.get("despin", {}) if isinstance(tool, dict) else {}
        if not isinstance(data, dict):
            raise ConfigError(f"{path}: 'tool.despin' must be a table ([tool.despin]), "
                              f"not {type(data).__name__}")
    unknown = set(data) - KEYS
    if unknown:
        raise ConfigError(f"{path}: unknown setting(s) {', '.join(sorted(unknown))} "
                          f"(allowed: {', '.join(sorted(KEYS))})")
    for key in ("rules", "disable", "protect"):
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{path}: '{key}' must be a list of strings")
    if not isinstance(data.get("builtin", True), bool):
        raise ConfigError(f"{path}: 'builtin' must be true or false")
    floor = data.get("min_confidence", DEFAULT_MIN_CONFIDENCE)
    if not valid_floor(floor):
        raise ConfigError(f"{path}: 'min_confidence' must be a number between 0 and 1 (above 0, at most 1)")
    return Config(path, [path.parent / r for r in data.get("rules", [])],
                  list(data.get("disable", [])), list(data.get("protect", [])),
                  data.get("builtin", True), float(floor))
