"""Rule files loaded: folders walked at any depth, each file parsed once (its rules cached
by its bytes: store/cache.py) and checked against the schema (schema.py), and every id
unique across the files."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from ..store import cache
from ..store.files import walk
from .model import Problem, Rule, RuleError
from .schema import FileReader
from .yaml_loader import read_yaml


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
        docs = read_yaml(path, problems)
        found = []
        for data in docs or []:
            found.extend(FileReader(path, data, problems).read())
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



def _rule_list(value) -> bool:
    """Is ``value`` what a rule file parses to: a list of rules?"""
    return type(value) is list and all(isinstance(r, Rule) for r in value)
