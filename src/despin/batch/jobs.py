"""Restore or screen many files: safe reading, bounded memory, parallel workers.

Each input becomes an :class:`Outcome` (done, or skipped with a reason). Work runs in
worker processes (the Restorer pickles; workers.py ends them with the parent) and comes
back in input order whatever the number of jobs. A file larger than a block (blocks.py) is
read a block at a time, twice (the document test reads it all first), and its restoration
is written as it is made, to a temporary file renamed into place (or, bound for standard
output, copied out by the parent), so memory is bounded by a block, not by the file.
"""

from __future__ import annotations

import codecs
import os
import stat
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from ..store.files import AtomicWriter, CannotWrite, discard, identity, not_regular, walk
from ..text import blocks
from .workers import start_worker, stop

PIECE = 1 << 16  # bytes read at a time from a file read in blocks
SNIFF = 8192  # bytes looked at for a NUL (a binary file)


class Skip(Exception):
    """An input that cannot be processed; the message says why."""


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


# --- finding inputs ------------------------------------------------------------------


def find_inputs(paths: Iterable[str], glob: str,
                skip_folder: str | None = None) -> Iterator[tuple[str, str | None, str | None]]:
    """(path, base folder or None, skip reason or None) for every input, in a stable order.

    Folders are walked at any depth, following links to folders but never into a loop, and
    never into ``skip_folder`` (the output folder: "restore articles -o articles/restored"
    run twice must not take the first run's output for input). Anything that is not a
    regular file once links are resolved (a FIFO, a device, a socket) is skipped with its
    reason: reading it would never end.
    """
    skip = _identity(Path(skip_folder)) if skip_folder else None
    for p in paths:
        if p == "-":
            yield p, None, None
            continue
        path = Path(p)
        if path.is_dir():
            for found, problem in walk(path, skip=skip):
                if problem:
                    yield str(found), str(path), problem
                elif found.match(glob):
                    yield str(found), str(path), _file_problem(found)
        else:
            yield p, None, _file_problem(path)


def _file_problem(path: Path) -> str | None:
    """Why ``path`` cannot be an input (a broken link, a link loop, not a regular file), or
    None (a file that cannot be read at all is named when it is read)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return _link_problem(path) if path.is_symlink() else None
    return not_regular(mode)


def _link_problem(path: Path) -> str:
    try:
        path.resolve(strict=True)
    except RuntimeError:
        return "symlink loop"
    except OSError as exc:
        if "loop" in str(exc).lower() or getattr(exc, "errno", None) == 40:
            return "symlink loop"
        return f"broken symlink ({exc.strerror or exc})"
    return "broken symlink"


def _identity(folder: Path) -> tuple[int, int] | None:
    try:
        st = folder.stat()
    except OSError:
        return None
    return st.st_dev, st.st_ino


# --- reading ---------------------------------------------------------------------------


_BOMS = ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


def encoding_of(head: bytes) -> str:
    """How a file that starts with ``head`` is read: UTF-16 (of its byte order) when it
    opens with a UTF-16 byte-order mark, else UTF-8. The mark stays in the text as U+FEFF
    (as a UTF-8 one does), so that the output, written in the same encoding, keeps it."""
    return next((name for bom, name in _BOMS if head.startswith(bom)), "utf-8")


def sniff_encoding(path: str) -> str:
    """The encoding of the file at ``path`` (:func:`encoding_of` its first bytes)."""
    try:
        with _open_regular(path) as f:
            return encoding_of(f.read(2))
    except OSError as exc:
        raise Skip(_os_reason(exc)) from None


def _check_head(head: bytes, encoding: str) -> None:
    if encoding == "utf-8":
        if b"\x00" in head[:SNIFF]:
            raise Skip("binary file (contains NUL bytes)")
    elif "\x00" in head[:SNIFF].decode(encoding, "replace"):  # in UTF-16 a NUL is 2 bytes
        raise Skip("binary file (contains NUL characters)")


def _decode_error(data: bytes, exc: UnicodeDecodeError, encoding: str, offset: int = 0,
                  lines: int = 0) -> Skip:
    """``data`` read at byte ``offset``, after ``lines`` line breaks, does not decode."""
    at = offset + exc.start
    line = lines + data[:exc.start].decode(encoding, "replace").count("\n") + 1
    return Skip(f"invalid {encoding[:6].upper()} at byte {at} (line {line})")


def read_text(path: str, encoding: str | None = None) -> str:
    """The whole file as text, or Skip with the reason. ``encoding``: utf-8, utf-16-le or
    utf-16-be; by default, :func:`encoding_of` the file."""
    try:
        with _open_regular(path) as f:
            before = os.fstat(f.fileno())
            data = f.read()
        after = os.stat(path)
    except OSError as exc:
        raise Skip(_os_reason(exc)) from None
    if (before.st_size, before.st_mtime_ns) != (after.st_size, after.st_mtime_ns) \
            or len(data) != after.st_size:
        raise Skip("file changed while it was read")
    if not data:
        raise Skip("empty file")
    return decode(data, encoding)


def decode(data: bytes, encoding: str | None = None) -> str:
    """``data`` as text, or Skip: binary (a NUL near the start), or not valid in its
    encoding (named by byte and line). ``encoding``: by default :func:`encoding_of` it."""
    encoding = encoding or encoding_of(data)
    _check_head(data, encoding)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise _decode_error(data, exc, encoding) from None


def _open_regular(path: str):
    """``path`` opened for reading in binary, or Skip when it is not a regular file. The
    open does not block (a FIFO with no writer would wait forever), and the check is on the
    file opened, so a file swapped for a FIFO after the walk is caught too."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise Skip("is a folder")
        problem = not_regular(mode)
        if problem:
            raise Skip(problem)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _os_reason(exc: OSError) -> str:
    if getattr(exc, "errno", None) == 40:
        return "symlink loop"
    return f"cannot read: {exc.strerror or exc}"


def read_blocks(path: str, limit: int | None = None, encoding: str = "utf-8") -> Iterator[str]:
    """The file as blocks of at most ``limit`` characters (blocks.py), read a piece at a
    time: only a block and a piece are held."""
    return blocks.stream(_pieces(path, encoding), limit)


def _pieces(path: str, encoding: str) -> Iterator[str]:
    """The file's text, decoded a piece at a time; Skip when it cannot be read, is empty or
    not text, or changes while it is read."""
    try:
        f = _open_regular(path)
        before = os.fstat(f.fileno())
    except OSError as exc:
        raise Skip(_os_reason(exc)) from None
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    offset = lines = 0
    with f:
        while True:
            raw = f.read(PIECE)
            if not offset:
                if not raw:
                    raise Skip("empty file")
                _check_head(raw, encoding)
            try:
                piece = decoder.decode(raw, final=not raw)
            except UnicodeDecodeError as exc:
                raise _decode_error(raw, exc, encoding, offset, lines) from None
            yield piece
            if not raw:
                break
            offset += len(raw)
            lines += piece.count("\n")
        after = os.fstat(f.fileno())
    if (before.st_size, before.st_mtime_ns) != (after.st_size, after.st_mtime_ns):
        raise Skip("file changed while it was read")


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
        out.skipped = _os_reason(exc)
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
