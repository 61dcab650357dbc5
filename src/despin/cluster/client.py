"""The client's side of a Dask cluster: a cluster for the command line (:func:`connect`),
the batch command's run on it for inputs that are files (:func:`run`: the same Outcomes
in the same order as batch/jobs.py's run), records screened or restored into rows or
partitions (:func:`screen`), an archive indexed for tracing (:func:`build_index`), and
Dask's progress bar.

    from dask.distributed import Client
    from despin.cluster import bags, partitions, plugin

    client = Client("tcp://scheduler:8786")
    plugin.install(client, despin.Restorer())                    # once per worker
    rows = bags.detect_bag(bags.records_bag(["s3://crawl/*.wet.gz"]))
    client.compute(partitions.write_partitions(rows, "s3://out/screened", "parquet"), sync=True)
"""

from __future__ import annotations

import os
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator

from ..batch import readers
from ..batch.jobs import Job, Outcome, chunk_size, run_job
from ..store import files
from ..trace.index import Index, sign
from .bags import detect_bag, plan, records_bag, restore_bag
from .partitions import done_partitions, tally, write_partitions
from .plugin import install, use_installed


def run(jobs: list[Job], restorer, options: dict, client, progress: bool = False,
        sweep: bool = True) -> Iterator[Outcome]:
    """batch/jobs.py's run on the workers of ``client``: the Outcomes of ``jobs``, in
    their order. Jobs go out in chunks (jobs.chunk_size); a file bound for standard output
    comes back in the Outcome, never through a temporary file (the worker may be another
    machine). ``sweep``: as for :func:`install` (plugin.py)."""
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
    use_installed(options)
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


# The settings of a LocalCluster's workers. A worker's event loop shares the GIL with the
# task's thread: each time it wakes, the restoration waits for it (docs/design.md, "Dask").
LOCAL_WORKERS = {
    # no statistical profiler: it walks the task thread's stack every 10 ms
    "distributed.worker.profile.enabled": False,
    # the loop's own timers, at Dask's defaults every 20 ms (a check that the loop is not
    # blocked), 100 ms (memory) and 500 ms (system figures), woken less often
    "distributed.admin.tick.interval": "1s",
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
}


@contextmanager
def connect(address: str | None = None, workers: int | None = None):
    """(client, local) for the command line: a LocalCluster of ``workers`` processes (one
    per core by default; a thread each, as restoring is pure Python) when ``address`` is
    None, else the cluster at ``address``; closed at the end. ``local``: every worker is a
    process of this machine."""
    import logging

    import dask
    from distributed import Client, LocalCluster

    if address:
        with Client(address) as client:
            yield client, False
        return
    # the scheduler's HTTP server (the dashboard, where bokeh is installed) on a free
    # port: another cluster on this machine may hold Dask's usual 8787
    with dask.config.set(LOCAL_WORKERS), \
            LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1,
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
                found.extend(tally(future.result(), summary))
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
