"""Documents of an archive as (id, text) records: files in folders, or JSON Lines.

A stand-in until the shared readers (issue #21) land: a file whose name ends in
``.jsonl`` gives one record a line (``text_field`` holds the text, ``id_field`` the id,
else FILE:LINE); any other file, or a file found in a folder through ``glob``, is one
record whose id is its path. What cannot be read is named in ``skipped`` with its reason.
"""

from __future__ import annotations

import json
from typing import Iterable, Iterator

from .batch import Skip, find_inputs, read_text


def records(paths: Iterable[str], glob: str = "*.txt", text_field: str = "text",
            id_field: str | None = None,
            skipped: list[tuple[str, str]] | None = None) -> Iterator[tuple[str, str]]:
    skipped = skipped if skipped is not None else []
    for path, _, problem in find_inputs(list(paths), glob):
        try:
            if problem:
                raise Skip(problem)
            text = read_text(path)
        except Skip as exc:
            skipped.append((path, str(exc)))
            continue
        if not path.endswith(".jsonl"):
            yield path, text
            continue
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except ValueError:
                skipped.append((f"{path}:{n}", "not JSON"))
                continue
            body = obj.get(text_field) if isinstance(obj, dict) else None
            if not isinstance(body, str):
                skipped.append((f"{path}:{n}", f"no string field {text_field!r}"))
                continue
            yield str(obj.get(id_field) or f"{path}:{n}") if id_field else f"{path}:{n}", body
