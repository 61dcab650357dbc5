"""Restore or screen many inputs: the work of each (its file read by inputs.py), in worker
processes, with memory bounded by a block.

Each input becomes an :class:`Outcome` (done, or skipped with a reason). Work runs in
worker processes (the Restorer pickles; workers.py ends them with the parent) and comes
back in input order whatever the number of jobs. A file larger than a block (blocks.py) is
read a block at a time, twice (the document test reads it all first), and its restoration
is written as it is made, to a temporary file renamed into place (or, bound for standard
output, copied out by the parent), so memory is bounded by a block, not by the file.
"""

from __future__ import annotations

import os
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from ..store.files import AtomicWriter, CannotWrite, discard, identity
from ..text import blocks
from .inputs import PIECE, Skip, os_reason, read_blocks, read_text, sniff_encoding
from .workers import start_worker, stop


@dataclass
class Job:
    path: str  # "-" for standard input (read by the parent, passed as text)
    output: str | None = None  # write the restoration here (atomically); None: keep in memory
    text: str | None = None


@dataclass
class Outcome:
    path: str
    skipped: str | None = None  # the reason, when skipped
    changes: list[dict] = field(default_factory=list)  # with line and column, when asked for
    count: int = 0  # changes made (kept even when the rows are not)
    detection: dict | None = None
    text: str | None = None  # the restoration, when not written to a file
    spool: str | None = None  # or a temporary file that holds it (copy_spool)
    original: str | None = None  # the input, when asked for (diffs, HTML)
    resumed: bool = False  # output already up to date; nothing done


# --- the work of one input --------------------------------------------------------------

_restorer = None
_options: dict = {}


def _init_worker(restorer, options, parent: int | None = None) -> None:
    global _restorer, _options
    _restorer, _options = restorer, options
    if parent is not None:  # a worker process: it ends with the parent, leaving no file
        start_worker(parent)


def _line_col(text: str, offsets: list[int]) -> list[tuple[int, int]]:
    """1-based (line, column) of each offset; offsets ascending."""
    out, line, pos, line_start = [], 1, 0, 0
    for off in offsets:
        n = text.count("\n", pos, off)
        if n:
            line += n
            line_start = text.rfind("\n", pos, off) + 1
        pos = off
        out.append((line, off - line_start + 1))
    return out


def _change_rows(text: str, result, line_offset: int, char_offset: int) -> list[dict]:
    places = _line_col(text, [c.start for c in result.changes])
    rows = []
    for c, (line, col) in zip(result.changes, places):
        row = c.to_dict()
        row.update(line=line + line_offset, column=col, start=c.start + char_offset,
                   end=c.end + char_offset)
        rows.append(row)
    return rows


def _in_blocks(job: Job, opts: dict) -> bool:
    """Is the input a file read a block at a time (larger than a block; not when both
    texts are kept whole for a diff or the HTML page)?"""
    return job.text is None and not opts.get("keep_text") \
        and os.path.getsize(job.path) > blocks.size()


def _explained(job: Job, streamed: bool, encoding: str, evidence: bool):
    """Each block of the input with its explanation (Restorer.explain_blocks). A file
    ``streamed`` is read twice, a block at a time: the document test reads it all first."""
    if streamed:
        return _restorer.explain_blocks(lambda: read_blocks(job.path, encoding=encoding),
                                        evidence=evidence)
    text = job.text if job.text is not None else read_text(job.path, encoding)
    if len(text) > blocks.size():
        return _restorer.explain_blocks(lambda: blocks.split(text), evidence=evidence)
    return [(text, _restorer.explain(text, evidence=evidence))]


def _detection(job: Job, streamed: bool, encoding: str):
    if streamed:
        return _restorer.detect_blocks(lambda: read_blocks(job.path, encoding=encoding))
    return _restorer.detect(job.text if job.text is not None else read_text(job.path, encoding))


def run_job(job: Job) -> Outcome:
    """Restore (or, with mode "detect", only screen) one input; never raises for bad input."""
    out = Outcome(job.path)
    try:
        if job.output and _options.get("resume") and _up_to_date(job.path, job.output):
            out.resumed = True
            return out
        encoding = "utf-8" if job.text is not None else sniff_encoding(job.path)
        streamed = _in_blocks(job, _options)
        if _options.get("mode") == "detect":
            out.detection = _detection(job, streamed, encoding).to_dict()
        else:
            _restore_job(job, out, streamed, encoding)
    except (Skip, CannotWrite) as exc:
        out.skipped = str(exc)
    except OSError as exc:
        out.skipped = os_reason(exc)
    except MemoryError:  # this input is too much for the machine; the next may not be
        out.skipped = "out of memory"
    return out


def _restore_job(job: Job, out: Outcome, streamed: bool, encoding: str) -> None:
    keep = _options.get("keep_text", False)  # the HTML page and diffs need both texts
    rows = _options.get("rows", True)  # rows only when a report needs them: bounded memory
    # the file as it is before the read: if it differs when the restoration is renamed
    # into place (--in-place), or once it is read (twice, in blocks), it changed meanwhile
    before = identity(job.path) if job.text is None else None
    shown = not job.output and _options.get("text", True)  # the parent prints it
    # spool: the parent can read this machine's temporary files (not on a cluster)
    writer = _writer(job, streamed and shown and _options.get("spool", True), encoding, before)
    hold = keep or (shown and not writer)
    pieces, originals = [], []
    line_offset = char_offset = 0
    try:
        for block, result in _explained(job, streamed, encoding, rows):
            out.count += len(result.changes)
            if rows:
                out.changes.extend(_change_rows(block, result, line_offset, char_offset))
            out.detection = result.detection  # the document's, with suggestions so far
            if writer:
                writer.write(result.text)
            if hold:
                pieces.append(result.text)
            if keep:
                originals.append(block)
            line_offset += block.count("\n")
            char_offset += len(block)
        if streamed and identity(job.path) != before:
            raise Skip("file changed while it was read")
        _finish(job, out, writer)
    except BaseException:
        if writer:
            writer.abort()
        raise
    out.detection = out.detection.to_dict() if out.detection else None
    if hold:
        out.text = "".join(pieces)
        if keep:
            out.original = "".join(originals)


def _writer(job: Job, spooled: bool, encoding: str, before) -> AtomicWriter | None:
    """Where the restoration goes as it is made: the output file (in the input's encoding,
    so a UTF-16 input stays UTF-16); with ``spooled`` (bound for standard output, from an
    input read in blocks) a temporary file, so that no process holds the whole text."""
    if job.output:
        return AtomicWriter(job.output, encoding=encoding,
                            expect=before if job.output == job.path else None)
    if spooled:
        return AtomicWriter(Path(tempfile.gettempdir()) / "standard-output")
    return None


def _finish(job: Job, out: Outcome, writer: AtomicWriter | None) -> None:
    if writer is None:
        return
    if not job.output:
        out.spool = writer.keep()
    elif out.count == 0 and job.output == job.path:
        writer.abort()  # --in-place with nothing to change: the file is left as it is
    else:
        writer.commit()


def copy_spool(path: str, stream) -> None:
    """Write a spooled restoration (Outcome.spool) to ``stream`` a piece at a time, and
    remove it."""
    try:
        with open(path, encoding="utf-8", newline="") as f:
            while piece := f.read(PIECE):
                stream.write(piece)
    finally:
        discard(path)


def _up_to_date(src: str, dst: str) -> bool:
    try:
        return os.stat(dst).st_mtime_ns >= os.stat(src).st_mtime_ns
    except OSError:
        return False


def run(jobs: list[Job], restorer, options: dict, workers: int = 1,
        progress: bool = False) -> Iterator[Outcome]:
    """Outcomes in the order of ``jobs``, computed by ``workers`` processes."""
    bar = None
    if progress:
        try:
            from tqdm import tqdm

            bar = tqdm(total=len(jobs), unit="file", file=sys.stderr, leave=False)
        except ImportError:  # pragma: no cover - tqdm is a dependency
            bar = None
    try:
        if hasattr(restorer, "warm"):
            restorer.warm()  # before any worker forks, so that they share the word counts
        if workers <= 1 or len(jobs) <= 1:
            _init_worker(restorer, options)
            outcomes = map(run_job, jobs)
        else:
            outcomes = _in_workers(jobs, restorer, options, workers)
        for outcome in outcomes:
            yield outcome
            if bar:
                bar.update()
    finally:
        if bar:
            bar.close()


def chunk_size(jobs: int, workers: int) -> int:
    """How many jobs a worker takes at a time. Small chunks: at the end one worker idles
    while the other finishes its last chunk (with 18 files of 66 KB a chunk, about a tenth
    of a 20 MB run); a chunk costs one round trip, nothing beside an article's restoration."""
    return max(1, min(16, jobs // (workers * 32)))


def _in_workers(jobs: list[Job], restorer, options: dict, workers: int) -> Iterator[Outcome]:
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_init_worker,
                               initargs=(restorer, options, os.getpid()))
    try:
        yield from pool.map(run_job, jobs, chunksize=chunk_size(len(jobs), workers))
    except BaseException:  # SIGTERM, Ctrl-C, a closed pipe: end the work in hand first
        stop(pool)
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
