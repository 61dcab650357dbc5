"""Screen and restore past one machine, on Dask: records in bags, rows out in partitions.

    from dask.distributed import Client
    from despin import distributed as dd

    client = Client("tcp://scheduler:8786")
    dd.install(client, despin.Restorer())                    # once per worker
    rows = dd.detect_bag(dd.records_bag(["s3://crawl/*.wet.gz"]))
    client.compute(dd.write_partitions(rows, "s3://out/screened", "parquet"), sync=True)

The compiled Restorer goes to each worker once, in a worker plugin (:func:`install`),
never inside a task: it pickles to some 10 MB, and Dask re-sends a new worker (one that
replaces a dead one) its plugins. A document is restored or screened by batch.run_job, the
function the batch command's workers run, so a record gives what a file of the same text
gives there.

Each output partition is written whole or not at all (files.AtomicWriter: a temporary
file renamed into place; an fsspec URL is written as one object, which a store such as S3
makes visible only once complete), under a name fixed by its place in the input, so a
task that Dask runs again after a worker died writes the same file again, never a second
one. :func:`run` is the batch command's ``batch.run`` on a cluster, for inputs that are
files: the same Outcomes in the same order.
"""

from __future__ import annotations

import json
import os
import pickle
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator

from ..batch import readers
from ..batch.jobs import Job, Outcome, _init_worker, chunk_size, run_job
from ..batch.report import detect_row
from ..store import cache, files
from ..trace.index import Index, sign

PLUGIN = "despin-restorer"
FILES_PER_PARTITION = 64  # text files are small: grouped, so that a task is worth its cost
ROW_GROUP = 1000  # rows a Parquet row group (and a written piece) holds
# the columns of a row: the batch command's detect rows (report.detect_row) without
# positions, with the reason when the document was skipped; restore adds two
DETECT_COLUMNS = ("path", "skipped", "score", "spun", "pack", "artifacts", "suggested",
                  "density_per_1000_words", "evidence")
RESTORE_COLUMNS = DETECT_COLUMNS + ("changes", "text")

_restorer = None  # this process's, from the plugin or install() without a client
_sweep = True  # may this worker remove dead processes' temporary files (one machine)?


# --- the restorer on every worker -----------------------------------------------------------


try:
    from distributed.diagnostics.plugin import WorkerPlugin
except ImportError:  # pragma: no cover - bags on dask alone need no plugin
    WorkerPlugin = object


class RestorerPlugin(WorkerPlugin):
    """Carries a Restorer to each worker once; it stays there for every task. Defined at
    the top of a module, so that it pickles by name, and ``setup`` sets this module's
    globals on the worker (a class pickled by value would set a copy of them).

    The restorer travels as its pickle, unpickled in ``setup`` with the garbage collector
    paused: a compiled restorer is about a million objects, and Dask's own unpickling, with
    the collector running, took three times as long on each worker."""

    name = PLUGIN
    idempotent = False  # registered again with another restorer: it replaces this one

    def __init__(self, restorer, sweep: bool):
        self.restorer = pickle.dumps(restorer, protocol=pickle.HIGHEST_PROTOCOL)
        self.sweep = sweep

    def setup(self, worker) -> None:
        with cache.collector_paused():
            restorer = pickle.loads(self.restorer)
        install(None, restorer, sweep=self.sweep)


def install(client, restorer, *, sweep: bool = True) -> None:
    """Give every worker of ``client`` (and every worker that joins later) ``restorer``; with
    ``client`` None, this process. ``sweep``: may a worker remove the temporary files of
    processes that have ended (files.sweep)? Only where every worker shares this machine's
    process ids: on a cluster of several machines a process id names no process of another."""
    global _restorer, _sweep
    if client is None:
        _restorer, _sweep = restorer.warm(), sweep
        return
    client.register_plugin(RestorerPlugin(restorer, sweep), name=PLUGIN)


def _current():
    """The restorer of this process: installed, or else the built-in one (compiled once)."""
    global _restorer
    if _restorer is None:
        from .. import default_restorer

        _restorer = default_restorer().warm()
    return _restorer


def _use(options: dict) -> None:
    """Make run_job, in this process, use the installed restorer with ``options``."""
    _init_worker(_current(), options)
    if not _sweep:
        files.no_sweeping()


# --- records in, rows out ------------------------------------------------------------------


def plan(paths: Iterable[str], glob: str = "*.txt",
         files_per_partition: int | None = None) -> list[list[tuple[str, str | None]]]:
    """The input files (readers.expand) cut into partitions: a JSON Lines, WARC or WET file
    a partition of its own (one holds thousands of documents), text files in groups of
    ``files_per_partition`` (FILES_PER_PARTITION), in the order given."""
    files_per_partition = files_per_partition or FILES_PER_PARTITION
    parts: list[list] = []
    group: list = []
    for path, problem in readers.expand(paths, glob):
        if readers.kind(path) == "text" or problem:
            group.append((path, problem))
            if len(group) >= files_per_partition:
                parts.append(group)
                group = []
        else:
            if group:  # the text files before it come first
                parts.append(group)
                group = []
            parts.append([(path, None)])
    if group:
        parts.append(group)
    return parts


def records_bag(paths: Iterable[str] | None = None, *, glob: str = "*.txt",
                text_field: str = "text", id_field: str | None = None, parts=None):
    """A dask bag of readers.Record, one partition per entry of ``parts`` (default
    :func:`plan` of ``paths``); records are read on the workers."""
    import dask.bag as db

    parts = plan(paths, glob) if parts is None else parts
    return db.from_sequence(parts, npartitions=max(1, len(parts))).map_partitions(
        _read_part, text_field, id_field)


def _read_part(groups, text_field: str, id_field: str | None) -> Iterator[readers.Record]:
    for group in groups:
        for path, problem in group:
            if problem:
                yield readers.Record(path, None, problem)
            else:
                yield from readers.read(path, text_field=text_field, id_field=id_field)


def detect_bag(records):
    """Screen each record of a bag of readers.Record: a bag of row dicts (DETECT_COLUMNS)."""
    return records.map_partitions(_rows, "detect")


def restore_bag(records):
    """Restore each record: a bag of row dicts (RESTORE_COLUMNS), ``text`` the restoration."""
    return records.map_partitions(_rows, "restore")


def _rows(records: Iterable[readers.Record], mode: str) -> Iterator[dict]:
    options = {"mode": "detect"} if mode == "detect" else {"rows": False, "spool": False}
    _use(options)
    for record in records:
        if record.skipped:
            yield row(record.id, mode, skipped=record.skipped)
            continue
        outcome = run_job(Job(record.id, text=record.text))
        yield row(record.id, mode, outcome)


def row(path: str, mode: str, outcome: Outcome | None = None,
        skipped: str | None = None) -> dict:
    """The row of one document: the batch command's detect row (report.detect_row) in the
    columns of ``mode``; a skipped one has its reason and empty columns."""
    skipped = skipped or (outcome.skipped if outcome else None)
    if skipped:
        out = dict.fromkeys(DETECT_COLUMNS if mode == "detect" else RESTORE_COLUMNS)
        return {**out, "path": path, "skipped": skipped, "evidence": []}
    full = detect_row(outcome)
    out = {k: full.get(k) for k in DETECT_COLUMNS}
    out["path"], out["skipped"] = path, None
    if mode == "restore":
        out.update(changes=outcome.count, text=outcome.text)
    return out


# --- partitions written whole ---------------------------------------------------------------


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
    """Write ``rows`` (all of one :func:`row` kind) to ``path`` whole or not at all; gives
    its summary: {"path", "documents", "spun", "skipped": [(path, reason), ...]}."""
    summary = _summary(path)
    rows = _tally(rows, summary)
    with _whole(path) as f:
        if fmt == "jsonl":
            for r in rows:
                f.write((json.dumps(r, ensure_ascii=False) + "\n").encode("utf-8"))
        else:
            _write_parquet(rows, f)
    return summary


def _summary(path: str) -> dict:
    return {"path": path, "documents": 0, "spun": 0, "skipped": []}


def _tally(rows: Iterable[dict], summary: dict) -> Iterator[dict]:
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
        for _ in _tally(rows, found[i]):
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


def run(jobs: list[Job], restorer, options: dict, client, progress: bool = False,
        sweep: bool = True) -> Iterator[Outcome]:
    """batch.run on the workers of ``client``: the Outcomes of ``jobs``, in their order.
    Jobs go out in chunks (batch.chunk_size); a file bound for standard output comes back in
    the Outcome, never through a temporary file (the worker may be another machine).
    ``sweep``: as for :func:`install`."""
    install(client, restorer, sweep=sweep)
    options = {**options, "spool": False}
    size = chunk_size(len(jobs), len(client.scheduler_info()["workers"]) or 1)
    chunks = [jobs[i:i + size] for i in range(0, len(jobs), size)]
    futures = client.map(_run_jobs, chunks, options=options, pure=False)
    try:
        with shown_progress(futures, progress):
            for future in futures:
                yield from future.result()
                future.release()  # its outcomes are out: the cluster may forget them
    finally:
        client.cancel(futures)
    if sweep:  # what a worker killed while writing left beside an output
        for folder in sorted({os.path.dirname(j.output) for j in jobs if j.output}):
            files.sweep(Path(folder))


def _run_jobs(jobs: list[Job], options: dict) -> list[Outcome]:
    _use(options)
    return [run_job(job) for job in jobs]


@contextmanager
def shown_progress(futures, show: bool = True):
    """Dask's progress bar on standard error while the block runs, drawn by a thread of
    its own (the caller takes results in order meanwhile); the bar ends with the block,
    before what follows is printed."""
    if not show:
        yield
        return
    from distributed import progress

    bar = threading.Thread(target=progress, args=(futures,), kwargs={"notebook": False},
                           name="despin-progress", daemon=True)
    bar.start()
    try:
        yield
    finally:
        bar.join(timeout=1.0)  # it draws every 0.1 s; a failed run does not wait for it


# --- a cluster for the command line ------------------------------------------------------------


@contextmanager
def connect(address: str | None = None, workers: int | None = None):
    """(client, local) for the command line: a LocalCluster of ``workers`` processes (one
    per core by default; a thread each, as restoring is pure Python) when ``address`` is
    None, else the cluster at ``address``; closed at the end. ``local``: every worker is a
    process of this machine."""
    import logging

    from distributed import Client, LocalCluster

    if address:
        with Client(address) as client:
            yield client, False
        return
    # the scheduler's HTTP server (the dashboard, where bokeh is installed) on a free
    # port: another cluster on this machine may hold Dask's usual 8787
    with LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1,
                      processes=True, dashboard_address=":0",
                      silence_logs=logging.ERROR) as local, Client(local) as client:
        yield client, True


def _has_dashboard() -> bool:
    """Can a LocalCluster serve a dashboard (it needs bokeh, which the extra leaves out)?"""
    from importlib.util import find_spec

    return find_spec("bokeh") is not None


def dashboard(client) -> str | None:
    """The address of the cluster's dashboard, when it has one: the scheduler serves the
    pages only where bokeh is installed (its HTTP server answers without them)."""
    try:
        if "dashboard" in client.scheduler_info().get("services", {}) \
                and client.run_on_scheduler(_has_dashboard):
            return client.dashboard_link
    except (OSError, KeyError, AttributeError, ValueError):
        pass
    return None


def screen(paths: list[str], mode: str, client, *, glob: str = "*.txt",
           text_field: str = "text", id_field: str | None = None, folder: str | None = None,
           fmt: str = "parquet", resume: bool = False, progress: bool = False,
           sweep: bool = True, restorer=None) -> tuple[list[dict], dict]:
    """Read, screen (``mode`` "detect") or restore ("restore") the documents of ``paths``
    on ``client``'s workers. With ``folder``, rows go to its partitions (``resume``: those
    written already are kept) and the rows given back are none; else the rows come back.
    Gives (rows, summary): summary has documents, spun, skipped (path, reason) in input
    order, partitions, resumed."""
    if restorer is not None:
        install(client, restorer, sweep=sweep)
    parts = plan(paths, glob)
    rows = (detect_bag if mode == "detect" else restore_bag)(
        records_bag(parts=parts, text_field=text_field, id_field=id_field))
    summary = {"documents": 0, "spun": 0, "skipped": [], "partitions": len(parts), "resumed": 0}
    if folder is None:
        # a partition of a bag may be an iterator, which cannot travel: made a list in the
        # task that makes it (map_partitions joins the fused chain)
        futures = client.compute(rows.map_partitions(list).to_delayed())
        found = []
        with shown_progress(futures, progress):
            for future in futures:
                found.extend(_tally(future.result(), summary))
        return found, summary
    done = done_partitions(folder, fmt, len(parts)) if resume else {}
    futures = client.compute(write_partitions(rows, folder, fmt, skip=done))
    written = iter(futures)
    with shown_progress(futures, progress):
        for i in range(len(parts)):
            part = done[i] if i in done else next(written).result()
            for key in ("documents", "spun", "skipped"):
                summary[key] += part[key]
    summary["resumed"] = len(done)
    if sweep and "://" not in folder:
        files.sweep(Path(folder))  # what a worker killed while writing left
    return [], summary


# --- an archive indexed for tracing -----------------------------------------------------------


def build_index(paths: Iterable[str], client, *, glob: str = "*.txt", text_field: str = "text",
                id_field: str | None = None, progress: bool = False):
    """(index.Index, skipped) of the archive at ``paths``: each partition is read and
    fingerprinted on a worker (index.sign, the costly half), and the client joins the
    signed parts in input order, so the index is the one ``Index.build`` makes of the
    same records. ``skipped``: (record or path, reason) of what could not be read."""
    parts = records_bag(paths, glob=glob, text_field=text_field,
                        id_field=id_field).map_partitions(_sign_part)
    futures = client.compute(parts.to_delayed())
    with shown_progress(futures, progress):
        signed = [item for part in client.gather(futures) for item in part]
    skipped = [item for part, problems in signed for item in problems]
    return Index.join(part for part, _ in signed), skipped


def _sign_part(records: Iterable[readers.Record]):
    """One partition's records signed, and those that could not be read."""
    problems: list[tuple[str, str]] = []

    def readable():
        for record in records:
            if record.skipped:
                problems.append((record.id, record.skipped))
            else:
                yield record.id, record.text

    return [(sign(readable()), problems)]


def write_summary(folder: str, summary: dict) -> None:
    """``folder/summary.json``, whole or not at all."""
    with _whole(_join(folder, "summary.json")) as f:
        f.write((json.dumps(summary, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
