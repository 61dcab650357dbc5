"""Records in, rows out: the documents of text, JSON Lines, WARC and WET files as a dask
bag of batch/readers.py's Records, read on the workers, and each screened or restored by
batch/jobs.py's run_job, the function the batch command's workers run, so that a record
gives what a file of the same text gives there.
"""

from __future__ import annotations

from typing import Iterable, Iterator

from ..batch import readers
from ..batch.jobs import Job, Outcome, run_job
from ..batch.report import detect_row
from .plugin import use_installed

FILES_PER_PARTITION = 64  # text files are small: grouped, so that a task is worth its cost
# the columns of a row: the batch command's detect rows (report.detect_row) without
# positions, with the reason when the document was skipped; restore adds two
DETECT_COLUMNS = ("path", "skipped", "score", "spun", "pack", "artifacts", "suggested",
                  "density_per_1000_words", "evidence")
RESTORE_COLUMNS = DETECT_COLUMNS + ("changes", "text")


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
    use_installed(options)
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
