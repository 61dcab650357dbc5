"""despin index and despin trace: an archive of originals fingerprinted into an index, and
spun pages traced to the originals they were copied from."""

from __future__ import annotations

import argparse
import sys
from typing import Iterator

from ..batch.inputs import find_inputs
from ..store.files import write_atomic
from .common import (
    EXIT_CODES,
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
)


def index_errors(command):
    """An index file that cannot be used, or datasketch missing: one line, exit 2. (The
    index module imports numpy: the commands that need it import it, not the CLI.)"""
    import functools

    @functools.wraps(command)
    def run_command(args) -> int:
        from ..trace.index import BadIndex

        try:
            return command(args)
        except (BadIndex, ImportError) as exc:
            print(f"despin: {exc}", file=sys.stderr)
            return EXIT_USAGE

    return run_command


def _archive_records(paths, glob, args, skipped: list) -> Iterator[tuple[str, str]]:
    """(id, text) of every document in ``paths`` (readers.py: text files, JSON Lines,
    WARC/WET); what cannot be read goes to ``skipped`` with its reason."""
    from ..batch import readers

    for path, problem in readers.expand(paths, glob):
        if problem:
            skipped.append((path, problem))
            continue
        for record in readers.read(path, text_field=args.text_field, id_field=args.id_field):
            if record.skipped:
                skipped.append((record.id, record.skipped))
            else:
                yield record.id, record.text


def archive_index(args):
    """The index of --index FILE, or one built from --archive SOURCE...; and the records
    skipped while building it."""
    from ..trace.index import Index

    skipped: list[tuple[str, str]] = []
    if args.index:
        return Index.load(args.index), skipped
    return Index.build(_archive_records(args.archive, args.archive_glob, args, skipped)), skipped


@index_errors
def cmd_index(args) -> int:
    from ..trace.index import Index

    skipped: list[tuple[str, str]] = []
    if args.dask:
        from ..cluster import client as cluster

        with cluster_for(args) as (client, _):
            index, skipped = cluster.build_index(
                args.archive, client, glob=args.glob, text_field=args.text_field,
                id_field=args.id_field, progress=shows_progress(args))
    else:
        index = Index.build(_archive_records(args.archive, args.glob, args, skipped))
    report_skips(skipped)
    if not len(index):
        print(f"despin index: no text in {' '.join(args.archive)}", file=sys.stderr)
        return EXIT_USAGE
    index.save(args.output)
    print(f"indexed {len(index)} document(s) into {args.output}", file=sys.stderr)
    return EXIT_SKIPPED if skipped else EXIT_OK


def spun_pages(args, skipped: list) -> list[tuple[str, str]]:
    from ..batch.inputs import Skip, read_text

    pages = []
    for path, _, problem in find_inputs(args.paths, args.glob):
        try:
            if problem:
                raise Skip(problem)
            pages.append((path, sys.stdin.read() if path == "-" else read_text(path)))
        except Skip as exc:
            skipped.append((path, str(exc)))
    return pages


@index_errors
def cmd_trace(args) -> int:
    from ..trace.report import trace_html, trace_table
    from ..trace.tracer import Tracer

    index, skipped = archive_index(args)
    tracer = Tracer(index, restorer_for(args), k=args.top)
    traces = [tracer.trace(text, path) for path, text in spun_pages(args, skipped)]
    sys.stdout.write(trace_table(traces, args.format))
    if args.html:
        write_atomic(args.html, trace_html(traces))
    report_skips(skipped)
    return EXIT_SKIPPED if skipped else EXIT_OK


def archive_options(p) -> None:
    """Where the originals are: an archive read now, or an index built before."""
    where = p.add_mutually_exclusive_group()
    where.add_argument("--archive", action="append", metavar="SOURCE",
                       help="the originals: a folder, text file, JSON Lines or WARC/WET file "
                            "(repeatable; indexed on the fly: for a large archive, `despin "
                            "index` it once)")
    where.add_argument("--index", metavar="FILE", help="an index made by `despin index`")
    p.add_argument("--archive-glob", default="*.txt", metavar="GLOB",
                   help="files to take inside --archive folders (default: %(default)s)")
    record_fields(p)


def add_index_command(sub) -> None:
    """despin index."""
    ix = sub.add_parser(
        "index", help="index an archive of clean documents for `despin trace`",
        description="Fingerprint every document of ARCHIVE (numbers, names, quoted strings, "
                    "rare words, three-word runs) into a MinHash LSH index, and save it with "
                    "the texts, compressed, to one file that holds no code.")
    ix.add_argument("archive", nargs="+", metavar="ARCHIVE",
                    help="folders (files matching --glob, at any depth), text files, JSON "
                         "Lines (*.jsonl, *.ndjson: one document a line) or WARC/WET files "
                         "(gzipped or not)")
    ix.add_argument("-o", "--output", required=True, metavar="FILE", help="the index file")
    ix.add_argument("--glob", default="*.txt", help="files to take inside folders "
                                                    "(default: %(default)s)")
    record_fields(ix)
    ix.add_argument("--dask", nargs="?", const=LOCAL, metavar="ADDRESS",
                    help="fingerprint the archive on the Dask cluster at ADDRESS, or without "
                         "ADDRESS on a LocalCluster of -j processes (one per core); the "
                         "index is the one built without --dask")
    ix.add_argument("-j", "--jobs", type=int, default=0,
                    help="processes of the LocalCluster (default: one per core)")
    ix.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    ix.set_defaults(func=cmd_index)


def add_trace_command(sub) -> None:
    """despin trace."""
    tr = sub.add_parser(
        "trace", help="find the originals that spun pages were copied from",
        description="For each spun page: restore it, look it up in the archive, and list the "
                    "likeliest originals with their score and evidence (shared names, "
                    "numbers, quotes, rare words, word runs; similarity after restoring), "
                    "and a word diff against the best one.",
        epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter)
    tr.add_argument("paths", nargs="*", default=["-"], metavar="SPUN",
                    help="spun pages: files or folders; '-' reads standard input (the default)")
    tr.add_argument("--glob", default="*.txt", help="spun files to take inside folders "
                                                    "(default: %(default)s)")
    archive_options(tr)
    tr.add_argument("-k", "--top", type=int, default=5, metavar="K",
                    help="originals listed per page (default: %(default)s)")
    tr.add_argument("--format", choices=("table", "json", "jsonl"), default="table")
    tr.add_argument("--html", metavar="FILE",
                    help="also write an HTML page: each page beside its original, words that "
                         "differ marked")
    add_settings(tr)
    tr.add_argument("--spun", choices=("auto", "yes", "no"), default="yes",
                    help="how pages are restored before the look-up: yes (default: they are "
                         "spun), auto (the document test decides) or no")
    tr.set_defaults(func=cmd_trace, unseen=False)
