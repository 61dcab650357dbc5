"""Rows out in partitions, each written whole or not at all (store/files.py's AtomicWriter:
a temporary file renamed into place; an fsspec URL is written as one object, which a store
such as S3 makes visible only once complete), under a name fixed by its place in the
input, so a task that Dask runs again after a worker died writes the same file again,
never a second one.
"""

from __future__ import annotations

import json
import os
from typing import Iterable, Iterator

from ..batch import readers
from ..store import files
from .bags import DETECT_COLUMNS

ROW_GROUP = 1000  # rows a Parquet row group (and a written piece) holds


def part_name(index: int, fmt: str) -> str:
    return f"part-{index:05d}.{fmt}"


def write_partitions(rows, folder: str, fmt: str = "parquet", *, skip=()) -> list:
    """One delayed per partition of the bag ``rows``: writes ``folder/part-NNNNN.FMT``
    (parquet or jsonl) whole, and gives its summary (:func:`write_part`). Partitions whose
    index is in ``skip`` (resumed: written already) get no task.

    The writes join the bag's graph as a layer of its own, as dask.bag's to_textfiles
    does, so that the bag's optimisation fuses each into the task that makes its rows: a
    partition's rows stream from reading to writing in one task, never held whole, and
    never an iterator that would have to travel between workers."""
    import uuid

    from dask.bag import Bag
    from dask.highlevelgraph import HighLevelGraph

    if fmt not in ("parquet", "jsonl"):
        raise ValueError(f"fmt is parquet or jsonl, not {fmt!r}")
    name = f"despin-partitions-{uuid.uuid4().hex}"
    layer = {(name, i): (_write_listed, (rows.name, i), _join(folder, part_name(i, fmt)), fmt)
             for i in range(rows.npartitions)}
    graph = HighLevelGraph.from_collections(name, layer, dependencies=[rows])
    parts = Bag(graph, name, rows.npartitions).to_delayed()
    return [part[0] for i, part in enumerate(parts) if i not in skip]


def _write_listed(rows: Iterable[dict], path: str, fmt: str) -> list[dict]:
    return [write_part(rows, path, fmt)]  # a bag's partition is a list


def write_part(rows: Iterable[dict], path: str, fmt: str) -> dict:
    """Write ``rows`` (all of one bags.row kind) to ``path`` whole or not at all; gives
    its summary: {"path", "documents", "spun", "skipped": [(path, reason), ...]}."""
    summary = _summary(path)
    rows = tally(rows, summary)
    with _whole(path) as f:
        if fmt == "jsonl":
            for r in rows:
                f.write((json.dumps(r, ensure_ascii=False) + "\n").encode("utf-8"))
        else:
            _write_parquet(rows, f)
    return summary


def _summary(path: str) -> dict:
    return {"path": path, "documents": 0, "spun": 0, "skipped": []}


def tally(rows: Iterable[dict], summary: dict) -> Iterator[dict]:
    """``rows``, counted into ``summary`` as they pass."""
    for r in rows:
        summary["documents"] += 1
        summary["spun"] += bool(r.get("spun"))
        if r.get("skipped"):
            summary["skipped"].append((r["path"], r["skipped"]))
        yield r


def _write_parquet(rows: Iterator[dict], f) -> None:
    """Row groups of ROW_GROUP rows, in the columns of the first row (a partition with no
    row: DETECT_COLUMNS)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    piece = [r for _, r in zip(range(ROW_GROUP), rows)]
    columns = tuple(piece[0]) if piece else DETECT_COLUMNS
    types = {"list": pa.list_(pa.string()), "string": pa.string(), "float": pa.float64(),
             "int": pa.int64(), "bool": pa.bool_()}
    schema = pa.schema([(c, types[_TYPES[c]]) for c in columns])
    with pq.ParquetWriter(f, schema) as writer:
        while piece:
            writer.write_table(pa.Table.from_pylist(piece, schema=schema))
            piece = [r for _, r in zip(range(ROW_GROUP), rows)]


_TYPES = {"path": "string", "skipped": "string", "score": "float", "spun": "bool",
          "pack": "string", "artifacts": "int", "suggested": "int",
          "density_per_1000_words": "float", "evidence": "list", "changes": "int",
          "text": "string"}


def _join(folder: str, name: str) -> str:
    """``folder/name``; a file:// URL becomes a local path (written through AtomicWriter)."""
    folder = folder.removeprefix("file://")
    return f"{folder.rstrip('/')}/{name}" if "://" in folder else os.path.join(folder, name)


class _whole:
    """A binary file that appears whole or not at all: a local path through
    files.AtomicWriter; a URL through fsspec, as one object written on close (an object
    store shows no half-written object), removed again if the writing fails."""

    def __init__(self, path: str):
        self.path = path

    def __enter__(self):
        if "://" in self.path:
            import fsspec

            self.writer = None
            self.file = fsspec.open(self.path, "wb").open()
        else:
            self.writer = files.AtomicWriter(self.path, binary=True)
            self.file = self.writer.file
        return self.file

    def __exit__(self, kind, value, traceback) -> None:
        if self.writer:
            if kind is None:
                self.writer.commit()
            else:
                self.writer.abort()
        elif kind is None:
            self.file.close()
        else:  # an object store's file: nothing is uploaded
            getattr(self.file, "discard", self.file.close)()


def done_partitions(folder: str, fmt: str, count: int) -> dict[int, dict]:
    """The partitions among the first ``count`` that ``folder`` holds already (each was
    written whole), with their summaries read back from them: what ``--resume`` leaves."""
    found = {}
    for i in range(count):
        path = _join(folder, part_name(i, fmt))
        try:
            rows = _read_back(path, fmt)
        except FileNotFoundError:
            continue
        found[i] = _summary(path)
        for _ in tally(rows, found[i]):
            pass
    return found


def _read_back(path: str, fmt: str) -> list[dict]:
    if "://" in path:
        import fsspec

        fs, _, (p,) = fsspec.get_fs_token_paths(path)
        if not fs.exists(p):
            raise FileNotFoundError(path)
    elif not os.path.exists(path):
        raise FileNotFoundError(path)
    if fmt == "jsonl":
        with readers.open_binary(path) as f:
            return [json.loads(line) for line in f if line.strip()]
    import pyarrow.parquet as pq

    with readers.open_binary(path) as f:
        return pq.read_table(f, columns=["path", "skipped", "spun"]).to_pylist()


# --- the batch command's run, on a cluster -------------------------------------------------


def write_summary(folder: str, summary: dict) -> None:
    """``folder/summary.json``, whole or not at all."""
    with _whole(_join(folder, "summary.json")) as f:
        f.write((json.dumps(summary, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
