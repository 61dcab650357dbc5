"""The YAML of rule files: a safe loader that records the line of every mapping and of each
of its keys, so that every problem is named by file and line, and refuses anchors and
aliases."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ..store.files import not_regular
from .model import Problem

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


def read_yaml(path: Path, problems: list[Problem]) -> Any:
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

