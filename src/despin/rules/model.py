"""Substitution rules and the YAML files that hold them.

The schema is documented in docs/rules.md. Loading checks the structure of every file
and reports each problem as ``file:line: message``; checks that need the engine
(examples, keep-cases, chains) run in :mod:`despin.rules.validate`.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Sequence

import yaml

from ..store import cache
from ..store.files import not_regular, walk
from ..text.tokens import PatternError, compile_pattern

WHEN = ("spun", "always")  # spun: only in a document judged spun; always: anywhere
CASE = ("any", "exact")  # any: match any case and carry it over; exact: as written

FILE_KEYS = {"pack", "about", "source", "licence", "defaults", "rules", "table", "extends"}
DEFAULT_KEYS = {"confidence", "when", "case", "source"}
RULE_KEYS = {
    "id", "spun", "original", "alternatives", "confidence", "when", "case",
    "examples", "keep", "source", "note", "chained", "rewritten",
}
EXAMPLE_KEYS = {"spun", "restored"}
_ID = re.compile(r"^[a-z0-9][a-z0-9_.:-]*$")


@dataclass(frozen=True)
class Example:
    spun: str
    restored: str
    line: int = 0


@dataclass(frozen=True)
class Rule:
    id: str
    pack: str
    spun: tuple[str, ...]
    original: str
    alternatives: tuple[str, ...] = ()
    confidence: float = 0.9
    when: str = "spun"
    case: str = "any"
    # its output is a spun form of another rule of its pack (or the reverse): it applies
    # only where the restored document is no longer judged spun (see docs/rules.md)
    chained: bool = False
    # the share of the original's occurrences that the spinner rewrites, where it is known
    # to be less than always (learned from real pages): the document test weighs a
    # surviving original by it (evidence.py)
    rewritten: float | None = None
    # the pack whose table this pack's widens (the file's `extends`): their evidence is
    # weighed together in the document test (evidence.py)
    extends: str = ""
    examples: tuple[Example, ...] = ()
    keep: tuple[str, ...] = ()
    source: str = ""
    note: str = ""
    file: str = ""
    line: int = 0

    @property
    def originals(self) -> tuple[str, ...]:
        return (self.original, *self.alternatives)

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


def same_spinner(a, b) -> bool:
    """Are two rules one spinner's: of one pack, or of a pack and the pack it widens
    (``extends``)? Either may be any object with ``pack`` (and optionally ``extends``)."""
    return a.pack == b.pack or getattr(a, "extends", "") == b.pack \
        or getattr(b, "extends", "") == a.pack


def declared_chain(writer, rewriter) -> bool:
    """May ``rewriter`` rewrite what ``writer`` restores? Only in a declared chain: one of the
    two is marked ``chained`` and both are `when: spun` rules of one spinner, so the chained
    one applies only where the restored text is judged clean by that spinner's packs
    (docs/rules.md, "Chains"). Either may be any object with ``pack``, ``when`` and
    ``chained`` (the seed build's drafts too)."""
    return bool(writer.chained or rewriter.chained) and same_spinner(writer, rewriter) \
        and writer.when == rewriter.when == "spun"


@dataclass
class Problem:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class RuleError(ValueError):
    """One or more rule files are invalid; ``problems`` lists each with file and line."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


# --- YAML with line numbers -------------------------------------------------------

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_Base):  # type: ignore[misc, valid-type]
    """A safe loader that records the line of every mapping and of each of its keys, and
    refuses anchors and aliases.

    An alias repeats its anchor's value without copying it, so a few hundred bytes of
    nested aliases stand for billions of values: any code that walks or prints them (a
    message quoting a bad value) runs out of memory. A rule pack has no need of them. The
    C parser reads the events; composing the nodes is PyYAML's own code (kept: it is what
    the C loader does too), with the alias and anchor checks added.
    """

    get_single_node = yaml.composer.Composer.get_single_node
    get_node = yaml.composer.Composer.get_node
    check_node = yaml.composer.Composer.check_node
    compose_scalar_node = yaml.composer.Composer.compose_scalar_node
    compose_sequence_node = yaml.composer.Composer.compose_sequence_node
    compose_mapping_node = yaml.composer.Composer.compose_mapping_node

    def __init__(self, stream):
        super().__init__(stream)
        self.anchors: dict = {}  # stays empty: an anchor is refused at the document's end
        self.first_anchor = None

    def compose_document(self):
        self.get_event()  # DOCUMENT-START
        node = self.compose_node(None, None)
        self.get_event()  # DOCUMENT-END
        if self.first_anchor is not None:
            name, mark = self.first_anchor
            raise yaml.composer.ComposerError(
                None, None, f"anchor &{name}: anchors and aliases are not allowed in rule "
                "packs (write the value out)", mark)
        return node

    def compose_node(self, parent, index):
        if self.check_event(yaml.events.AliasEvent):
            event = self.get_event()
            raise yaml.composer.ComposerError(
                None, None, f"alias *{event.anchor}: anchors and aliases are not allowed in "
                "rule packs (write the value out)", event.start_mark)
        event = self.peek_event()
        if event.anchor is not None and self.first_anchor is None:
            self.first_anchor = (event.anchor, event.start_mark)
        self.descend_resolver(parent, index)
        if self.check_event(yaml.events.ScalarEvent):
            node = self.compose_scalar_node(None)
        elif self.check_event(yaml.events.SequenceStartEvent):
            node = self.compose_sequence_node(None)
        else:
            node = self.compose_mapping_node(None)
        self.ascend_resolver()
        return node


class LineDict(dict):
    line: int = 0
    key_lines: dict = {}  # noqa: RUF012 - replaced per instance by the loader

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int, float, bool)) or key is None:
            raise yaml.constructor.ConstructorError(
                None, None, f"unusable key {key!r}", key_node.start_mark)
        key = str(key)
        if key in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark)
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _read_yaml(path: Path, problems: list[Problem]) -> Any:
    try:
        special = not_regular(path.stat().st_mode)
        if special:  # a FIFO or a device would be read for ever
            problems.append(Problem(str(path), 0, f"cannot read: {special}"))
            return None
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Problem(str(path), 0, f"cannot read: {exc}"))
        return None
    try:  # a file may hold several packs as YAML documents (`despin rules dump` writes them)
        return list(yaml.load_all(text, Loader=_LineLoader))  # noqa: S506 - a SafeLoader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark else 0
        problems.append(Problem(str(path), line, f"YAML error: {getattr(exc, 'problem', exc)}"))
        return None


# --- checking one file -----------------------------------------------------------


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


def dump_packs(packs: list[dict], header: str = "") -> str:
    """Packs as the YAML a reviewer reads, one document each: fields in their order, text
    as written, after a comment ``header``."""
    return header + yaml.safe_dump_all(packs, sort_keys=False, allow_unicode=True, width=100)


class _FileReader:
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


# --- many files --------------------------------------------------------------------


def rule_files(paths: Iterable[str | Path]) -> list[Path]:
    """The YAML files named by ``paths``, folders searched at any depth (links to folders
    are not followed), in a stable order."""
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            files.extend(sorted(q for q, problem in walk(p, follow_links=False)
                                if not problem and q.suffix in (".yaml", ".yml")))
        else:
            files.append(p)
    return files


def load_rules(paths: Iterable[str | Path]) -> list[Rule]:
    """Load and structurally check every rule in ``paths``; raise RuleError on any problem."""
    problems: list[Problem] = []
    rules: list[Rule] = []

    for path in rule_files(paths):
        parsed = cache.load_file(path, _rule_list)
        if parsed is not None:  # the same bytes parsed before, without a problem
            rules.extend(parsed)
            continue
        before = len(problems)
        docs = _read_yaml(path, problems)
        found = []
        for data in docs or []:
            found.extend(_FileReader(path, data, problems).read())
        if docs == []:
            problems.append(Problem(str(path), 1, "the file is empty"))
        rules.extend(found)
        if len(problems) == before:
            cache.store_file(path, found)
    seen: dict[str, Rule] = {}
    for rule in rules:
        if rule.id in seen:
            first = seen[rule.id]
            problems.append(Problem(rule.file, rule.line,
                                    f"duplicate id {rule.id!r} (first at {first.where})"))
        else:
            seen[rule.id] = rule
    if problems:
        raise RuleError(problems)
    return rules


def shared_ends(spun_words: Sequence[str], original_words: Sequence[str]) -> tuple[int, int]:
    """How many leading and trailing words a spun form shares with its original.

    "within the" -> "in the" changes only "within"; the shared "the" stays as it is
    (scanning still resumes after the whole match: "Nationwide Guard" -> "National Guard"
    must not leave "Guard" to the rule "guard -> protect").
    """
    lead = 0
    while lead < min(len(spun_words), len(original_words)) - 1 \
            and spun_words[lead] == original_words[lead].lower():
        lead += 1
    trail = 0
    while trail < min(len(spun_words), len(original_words)) - lead - 1 \
            and spun_words[-1 - trail] == original_words[-1 - trail].lower():
        trail += 1
    return lead, trail


def _rule_list(value) -> bool:
    """Is ``value`` what a rule file parses to: a list of rules?"""
    return type(value) is list and all(isinstance(r, Rule) for r in value)
