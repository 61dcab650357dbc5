"""The schema of a rule file, checked as the file is read (docs/rules.md): its fields,
their types and values, each problem named by file and line; and the ids of rules and
table entries."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path
from typing import Any

from ..text.tokens import PatternError, compile_pattern
from .model import CASE, WHEN, Example, Problem, Rule
from .yaml_loader import LineDict

FILE_KEYS = {"pack", "about", "source", "licence", "defaults", "rules", "table", "extends"}
DEFAULT_KEYS = {"confidence", "when", "case", "source"}
RULE_KEYS = {
    "id", "spun", "original", "alternatives", "confidence", "when", "case",
    "examples", "keep", "source", "note", "chained", "rewritten",
}
EXAMPLE_KEYS = {"spun", "restored"}
_ID = re.compile(r"^[a-z0-9][a-z0-9_.:-]*$")


def _string_list(value: Any) -> list[str] | None:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return list(value)
    return None


_TYPOGRAPHIC = str.maketrans("‘’“”–—", "''\"\"--")
_NOT_IN_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """``text`` in lower case, each run of anything but ASCII letters and digits one "-",
    none at the ends ("Plane service!" -> "plane-service"): the part of an id after ``pack:``."""
    return _NOT_IN_SLUG.sub("-", text.lower()).strip("-")


def table_id(pack: str, spun: str) -> str:
    """The id of a table entry: ``pack:`` and the spun form in lower case, letters and digits
    joined by "-" ("plane service" -> "newswire:plane-service"). Accents are dropped
    ("café" -> "cafe"); a form with letters an id cannot hold (any but ASCII), or with
    none at all, takes 8 hex digits of its hash, so that such forms keep distinct ids."""
    spun = spun.translate(_TYPOGRAPHIC)  # "it’ll" is "it'll": no letters an id cannot hold
    folded = unicodedata.normalize("NFKD", spun.lower()).encode("ascii", "ignore").decode()
    name = slug(folded)
    if not spun.isascii() or not name:
        digest = hashlib.sha256(" ".join(spun.lower().split()).encode("utf-8")).hexdigest()[:8]
        name = f"{name}-{digest}" if name else digest
    return f"{pack}:{name}"



class FileReader:
    """The rules of one parsed rule file; each problem is added to ``problems``."""

    def __init__(self, path: Path, data: Any, problems: list[Problem]):
        self.path, self.file = path, str(path)
        self.problems = problems
        self.data = data
        self.rules: list[Rule] = []

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.file, line, message))

    def unknown_keys(self, mapping: LineDict, allowed: set[str], what: str) -> None:
        for key in mapping:
            if key not in allowed:
                self.problem(mapping.line_of(key),
                             f"unknown field {key!r} in {what} (allowed: {', '.join(sorted(allowed))})")

    def read(self) -> list[Rule]:
        data = self.data
        if not isinstance(data, LineDict):
            self.problem(1, "a rule file must be a mapping with 'pack' and 'rules' or 'table'")
            return []
        self.unknown_keys(data, FILE_KEYS, "the file")
        self.pack = data.get("pack")
        if not isinstance(self.pack, str) or not _ID.match(self.pack):
            self.problem(data.line_of("pack"), "missing or invalid 'pack' (a lower-case name)")
            return []
        self.extends = data.get("extends", "")
        if not isinstance(self.extends, str) or (self.extends and not _ID.match(self.extends)) \
                or self.extends == self.pack:
            self.problem(data.line_of("extends"), "'extends' must name another pack")
            return []
        self.defaults = {"confidence": 0.9, "when": "spun", "case": "any",
                         "source": data.get("source", "")}
        defaults = data.get("defaults", LineDict())
        if not isinstance(defaults, LineDict):
            self.problem(data.line_of("defaults"), "'defaults' must be a mapping")
        else:
            self.unknown_keys(defaults, DEFAULT_KEYS, "defaults")
            self.defaults.update(defaults)
        if "rules" not in data and "table" not in data:
            self.problem(data.line, "the file has neither 'rules' nor 'table'")
        rules = data.get("rules", [])
        if not isinstance(rules, list):
            self.problem(data.line_of("rules"), "'rules' must be a list")
        else:
            for entry in rules:
                self.read_rule(entry, data.line_of("rules"))
        table = data.get("table", LineDict())
        if not isinstance(table, LineDict):
            self.problem(data.line_of("table"), "'table' must be a mapping of spun: original")
        else:
            for spun, original in table.items():
                self.read_table_entry(spun, original, table.line_of(spun))
        return self.rules

    def read_table_entry(self, spun: str, original: Any, line: int) -> None:
        originals = _string_list(original)
        if originals is None:
            self.problem(line, f"table entry {spun!r}: the original must be a string or a list of strings")
            return
        self.add(LineDict(), table_id(self.pack, spun), [spun], originals, line, table=True)

    def read_rule(self, entry: Any, line: int) -> None:
        if not isinstance(entry, LineDict):
            self.problem(line, "each rule must be a mapping")
            return
        self.unknown_keys(entry, RULE_KEYS, "a rule")
        for key in ("id", "spun", "original"):
            if key not in entry:
                self.problem(entry.line, f"rule is missing the field {key!r}")
                return
        rule_id = entry["id"]
        if not isinstance(rule_id, str) or not _ID.match(rule_id):
            self.problem(entry.line_of("id"), f"invalid id {rule_id!r} (lower case, digits, . _ : -)")
            return
        spun = _string_list(entry["spun"])
        if spun is None:
            self.problem(entry.line_of("spun"), "'spun' must be a string or a list of strings")
            return
        original = entry["original"]
        if not isinstance(original, str) or not original.strip():
            self.problem(entry.line_of("original"), "'original' must be a non-empty string")
            return
        alternatives = entry.get("alternatives", [])
        if alternatives and _string_list(alternatives) is None:
            self.problem(entry.line_of("alternatives"), "'alternatives' must be a list of strings")
            return
        self.add(entry, rule_id, spun, [original, *(_string_list(alternatives) or [])], entry.line)

    def _forms_fit(self, rule_id: str, spun: list[str], originals: list[str], line: int) -> bool:
        """Does every spun form compile, and none restore to itself? (Each problem named.)"""
        for form in spun:
            try:
                compile_pattern(form)
            except PatternError as exc:
                self.problem(line, str(exc))
                return False
            if form.strip().lower() in (o.strip().lower() for o in originals):
                self.problem(line, f"rule {rule_id!r} restores {form!r} to itself")
                return False
        return True

    def _examples(self, entry: LineDict, line: int) -> list[Example]:
        """The rule's examples; one that is not a mapping of two strings is named, and left out."""
        examples = []
        for ex in entry.get("examples", []) or []:
            if not isinstance(ex, LineDict) or set(ex) != EXAMPLE_KEYS \
                    or not all(isinstance(ex[k], str) for k in EXAMPLE_KEYS):
                self.problem(getattr(ex, "line", line),
                             "an example is a mapping with the strings 'spun' and 'restored'")
                continue
            examples.append(Example(ex["spun"], ex["restored"], ex.line))
        return examples

    def add(self, entry: LineDict, rule_id: str, spun: list[str], originals: list[str],
            line: int, table: bool = False) -> None:
        def get(key: str) -> Any:
            return entry.get(key, self.defaults.get(key))

        confidence = get("confidence")
        if isinstance(confidence, bool) or not isinstance(confidence, (int, float)) \
                or not 0 < confidence <= 1:
            self.problem(entry.line_of("confidence") if not table else line,
                         f"confidence must be a number in (0, 1], not {confidence!r}")
            return
        when, case = get("when"), get("case")
        if when not in WHEN:
            self.problem(entry.line_of("when") or line, f"'when' must be one of {WHEN}, not {when!r}")
            return
        if case not in CASE:
            self.problem(entry.line_of("case") or line, f"'case' must be one of {CASE}, not {case!r}")
            return
        if not self._forms_fit(rule_id, spun, originals, line):
            return
        examples = self._examples(entry, line)
        keep = entry.get("keep", []) or []
        if keep and _string_list(keep) is None:
            self.problem(entry.line_of("keep"), "'keep' must be a list of strings")
            keep = []
        chained = entry.get("chained", False)
        if not isinstance(chained, bool):
            self.problem(entry.line_of("chained"), f"'chained' must be true or false, not {chained!r}")
            return
        if chained and when != "spun":
            self.problem(entry.line_of("chained"),
                         f"rule {rule_id!r}: a chained rule must be 'when: spun' (it needs the "
                         "document test to tell a spun text from a restored one)")
            return
        rewritten = entry.get("rewritten")
        if rewritten is not None and (isinstance(rewritten, bool) or not isinstance(
                rewritten, (int, float)) or not 0 < rewritten <= 1):
            self.problem(entry.line_of("rewritten"),
                         f"'rewritten' must be a number in (0, 1], not {rewritten!r}")
            return
        self.rules.append(Rule(
            id=rule_id, pack=self.pack, spun=tuple(s.strip() for s in spun),
            original=originals[0].strip(), alternatives=tuple(o.strip() for o in originals[1:]),
            confidence=float(confidence), when=when, case=case, chained=chained,
            rewritten=None if rewritten is None else float(rewritten), extends=self.extends,
            examples=tuple(examples),
            keep=tuple(keep), source=str(get("source") or ""), note=str(entry.get("note", "")),
            file=self.file, line=line,
        ))

