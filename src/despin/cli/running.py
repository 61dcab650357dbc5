"""How despin restore and despin detect run: their inputs made jobs (outputs mirrored into
-o, or the inputs rewritten), the jobs run by the batch command's workers or on a Dask
cluster, and records of JSON Lines, WARC and WET files on Dask; and the options both
commands take."""

from __future__ import annotations

import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from ..batch.inputs import find_inputs
from ..batch.jobs import Job, run
from .common import (
    EXIT_OK,
    EXIT_SKIPPED,
    EXIT_USAGE,
    LOCAL,
    add_settings,
    cluster_for,
    record_fields,
    report_skips,
    restorer_for,
    shows_progress,
    summary_line,
)


def _output_root(paths: list[str]) -> str:
    """The folder whose tree ``-o`` mirrors: the one every input is in or below (a folder
    argument counts as its own, a file its parent), so one folder gives its files as they
    lie below it; where the arguments have different ones, their common parent, so that
    a/x.txt and b/x.txt become DIR/a/x.txt and DIR/b/x.txt instead of overwriting DIR/x.txt."""
    named = [os.path.abspath(p) for p in paths if p != "-"]
    roots = {p if os.path.isdir(p) else os.path.dirname(p) for p in named}
    return roots.pop() if len(roots) == 1 else os.path.commonpath(named)


def jobs_for(args, output_dir: str | None, in_place: bool) -> tuple[list[Job], list[tuple[str, str]]]:
    jobs, skipped = [], []
    root = _output_root(args.paths) if output_dir else None
    for path, _, problem in find_inputs(args.paths, args.glob, skip_folder=output_dir):
        if problem:
            skipped.append((path, problem))
            continue
        if path == "-":
            jobs.append(Job("-", text=sys.stdin.read()))
            continue
        output = None
        if in_place:
            output = path
        elif output_dir:
            output = str(Path(output_dir) / os.path.relpath(os.path.abspath(path), root))
            if os.path.abspath(output) == os.path.abspath(path):
                skipped.append((path, "the output would overwrite the input (use --in-place)"))
                continue
        jobs.append(Job(path, output=output))
    return jobs, skipped


def _workers(args) -> int:
    return args.jobs if args.jobs and args.jobs > 0 else (os.cpu_count() or 1)


@contextmanager
def runner_for(args):
    """How jobs run, as a function of (jobs, restorer, options) giving Outcomes in order:
    batch/jobs.py's run on this machine's cores, or with --dask on a Dask cluster."""
    if not args.dask:
        yield lambda jobs, restorer, options: run(jobs, restorer, options, _workers(args),
                                                  shows_progress(args))
        return
    from ..cluster import client as cluster

    with cluster_for(args) as (client, local):
        yield lambda jobs, restorer, options: cluster.run(
            jobs, restorer, options, client, shows_progress(args), sweep=local)


def records_refused(args, restoring: bool) -> str | None:
    """Why the options of a --dask run cannot be honoured together, or None."""
    if not restoring and args.resume and not (args.dask and args.partitions):
        return ("detect --resume goes with --dask and --partitions DIR (the partitions "
                "written already)")
    if not args.dask:
        if args.partitions or args.id_field or args.text_field != "text":
            return "--partitions, --text-field and --id-field go with --dask"
        return None
    if "-" in args.paths:
        return "--dask reads files, not standard input"
    records = _records(args)
    if restoring and records and not args.partitions:
        return ("documents of JSON Lines, WARC or WET files are restored into --partitions "
                "DIR (give it)")
    if restoring and args.partitions and (args.output or args.in_place or args.check
                                          or args.diff or args.report or args.html
                                          or args.format != "text"):
        return ("--partitions writes the restored documents; it goes with none of -o, "
                "--in-place, --check, --diff, --report, --html, --format")
    return None


def _records(args) -> bool:
    """Do the inputs go through the record readers (readers.py) and out as partitions?"""
    from ..batch.readers import kind

    return bool(args.partitions) or any(kind(p) != "text" for p in [*args.paths, args.glob])


def cmd_records(args, mode: str) -> int:
    """--dask over records: JSON Lines, WARC and WET files (and text files, with
    --partitions), rows or restored documents to --partitions DIR, or a detect table."""
    from ..batch.report import detect_table, sort_rows
    from ..cluster import client as cluster
    from ..cluster.partitions import write_summary

    restorer = restorer_for(args)
    start = time.monotonic()
    with cluster_for(args) as (client, local):
        rows, summary = cluster.screen(
            args.paths, mode, client, glob=args.glob, text_field=args.text_field,
            id_field=args.id_field, folder=args.partitions, fmt=args.partition_format,
            resume=args.resume, progress=shows_progress(args), sweep=local, restorer=restorer)
    summary["seconds"] = round(time.monotonic() - start, 3)
    if args.partitions:
        write_summary(args.partitions, {**summary, "skipped": len(summary["skipped"])})
    else:
        done = [r for r in rows if not r["skipped"]]
        sys.stdout.write(detect_table(sort_rows(done), args.format))
    report_skips(summary["skipped"])
    if not args.quiet:
        print(summary_line(summary["documents"], summary["spun"], len(summary["skipped"]),
                       summary["seconds"]), file=sys.stderr)
    return EXIT_SKIPPED if summary["skipped"] else EXIT_OK


def refused_or_records(args, mode: str, refusal: str | None) -> int | None:
    """The exit code when the command ends here: options that cannot go together
    (``refusal``), or a --dask run over records; None when the batch command runs."""
    if refusal:
        print(f"despin: {refusal}", file=sys.stderr)
        return EXIT_USAGE
    if args.dask and _records(args):
        return cmd_records(args, mode)
    return None


def add_inputs(p) -> None:
    """The inputs and options restore and detect share, Dask's among them."""
    p.add_argument("paths", nargs="*", default=["-"],
                   help="files or folders (searched recursively); '-' reads standard input "
                        "(the default)")
    p.add_argument("--glob", default="*.txt",
                   help="which files to take inside folders (default: %(default)s)")
    add_settings(p)
    p.add_argument("--spun", choices=("auto", "yes", "no"), default="auto",
                   help="auto: decide per document whether it is spun (default); yes: treat "
                        "every input as spun (chained rules then stay out: they need the "
                        "document test); no: as clean (only spinner-only phrases change)")
    p.add_argument("--unseen", action="store_true",
                   help="also restore words no dictionary lists, from a thesaurus, where the "
                        "context is overwhelming (low recall, slower)")
    p.add_argument("-j", "--jobs", type=int, default=0, metavar="N",
                   help="worker processes (default: one per core); output order never changes")
    p.add_argument("-q", "--quiet", action="store_true",
                   help="no progress bar (it only shows on a terminal anyway)")
    dask = p.add_argument_group(
        "on a Dask cluster", "pip install 'despin[dask]'. Text files give the outputs\n"
        "they give without --dask; JSON Lines, WARC and WET files (gzipped or not,\n"
        "named .jsonl, .ndjson, .warc, .wet) give a row per document, to --partitions\n"
        "DIR or (detect) as the table. Paths may be URLs that fsspec reads (s3:// with\n"
        "s3fs).")
    dask.add_argument("--dask", nargs="?", const=LOCAL, metavar="ADDRESS",
                      help="run on the Dask cluster at ADDRESS (tcp://host:8786, or "
                           "host:port), or without ADDRESS on a LocalCluster of -j "
                           "processes (default: one per core); a word after --dask that "
                           "is not an address is a path; a summary ends the run")
    record_fields(dask)
    dask.add_argument("--partitions", metavar="DIR",
                      help="write a row per document to DIR/part-NNNNN.FORMAT, each "
                           "file whole or not at all, and DIR/summary.json (restore: "
                           "with the restored text); one partition per JSON Lines, WARC "
                           "or WET file, or per group of text files")
    dask.add_argument("--partition-format", choices=("parquet", "jsonl"),
                      default="parquet", help="(default: %(default)s)")
