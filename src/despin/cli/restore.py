"""despin restore: restored text to standard output, files (-o, --in-place), a check, a
diff, linter lines or JSON, with a report and an HTML page."""

from __future__ import annotations

import argparse
import sys
import time

from ..batch.jobs import Outcome, copy_spool
from ..batch.report import change_line, change_record, html_page, unified_diff
from ..store.files import AtomicWriter
from .common import (
    EXIT_CODES,
    EXIT_FOUND,
    EXIT_OK,
    EXIT_SKIPPED,
    report_skips,
    restorer_for,
    summary_line,
)
from .running import add_inputs, jobs_for, records_refused, refused_or_records, runner_for


def _probability(value: str) -> float:
    from ..judge.scoring import valid_floor

    try:
        p = float(value)
    except ValueError:
        p = None
    if not valid_floor(p):
        raise argparse.ArgumentTypeError(f"expected a number between 0 and 1 (above 0, at most 1), not {value!r}")
    return p


def _refused(args) -> str | None:
    """Why this combination of restore options cannot be honoured, or None."""
    if "-" in args.paths and (args.output or args.in_place):
        return ("standard input cannot be written with -o or --in-place (leave both out "
                "to get the restored text on standard output)")
    if args.resume and args.in_place:
        return ("--resume works with -o only (with --in-place there is no output to compare "
                "with the input)")
    return None


def _show(args, o: Outcome, writes: bool) -> None:
    """What standard output gets of one restored input."""
    if args.check:
        if o.count and not args.quiet:
            print(f"{o.path}: {o.count} change(s) would be made")
    elif args.diff:
        sys.stdout.write(unified_diff(o.path, o.original, o.text))
    elif args.format == "line":
        for c in o.changes:
            print(change_line(o.path, c))
    elif args.format == "json":
        import json

        print(json.dumps({"path": o.path, "detection": o.detection, "changes": o.changes},
                         ensure_ascii=False))
    elif not writes and o.text is not None:
        sys.stdout.write(o.text)
    elif not writes and o.spool:
        copy_spool(o.spool, sys.stdout)  # a large input's restoration, a piece at a time


def cmd_restore(args) -> int:
    ended = refused_or_records(args, "restore", _refused(args)
                                or records_refused(args, restoring=True))
    if ended is not None:
        return ended
    start = time.monotonic()
    restorer = restorer_for(args)
    jobs, skipped = jobs_for(args, args.output, args.in_place)
    documents = len(jobs) + len(skipped)
    writes = bool(args.output or args.in_place)  # the group keeps these from --check and --diff
    options = {"resume": args.resume, "keep_text": bool(args.diff or args.html),
               "rows": bool(args.report or args.html or args.format != "text"),
               "text": not (args.check or args.diff) and args.format == "text"}
    found = False
    # both are opened before the work, so that a path that cannot be written stops the run
    # at once; each is written atomically, in place only when complete
    report = page = None
    done = []
    spun = 0
    try:
        report = AtomicWriter(args.report) if args.report else None
        page = AtomicWriter(args.html) if args.html else None
        with runner_for(args) as run_jobs:
            outcomes = run_jobs(jobs, restorer, options)
            for o in outcomes:
                if o.skipped:
                    skipped.append((o.path, o.skipped))
                    continue
                spun += bool((o.detection or {}).get("spun"))
                found |= bool(o.count)
                if report:
                    for c in o.changes:
                        report.write(change_record(o.path, c) + "\n")
                _show(args, o, writes)
                if args.html:
                    done.append(o)
        if page:
            page.write(html_page(done + [Outcome(p, skipped=r) for p, r in skipped]))
        for writer in (report, page):
            if writer:
                writer.commit()
    except BaseException:
        for writer in (report, page):
            if writer:
                writer.abort()
        raise
    report_skips(skipped)
    if args.dask and not args.quiet:
        print(summary_line(documents, spun, len(skipped), time.monotonic() - start),
              file=sys.stderr)
    if skipped:
        return EXIT_SKIPPED
    return EXIT_FOUND if args.check and found else EXIT_OK


def add_restore_command(sub) -> None:
    """despin restore."""
    r = sub.add_parser(
        "restore", help="restore spun text",
        description="Restore spun text. Without -o or --in-place the restored text goes to "
                    "standard output; input files are never written unless --in-place is given.",
        epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_inputs(r)
    r.add_argument("--min-confidence", type=_probability, metavar="P",
                   help="make no change whose confidence is below P (default 0.5, or "
                        "min_confidence in the settings file); higher P: fewer changes, "
                        "fewer of them wrong")
    mode = r.add_mutually_exclusive_group()
    mode.add_argument("-o", "--output", metavar="DIR",
                      help="write restored files here, mirroring the input folders: the files below "
                           "one folder (or of one folder) as they lie there, inputs from "
                           "different folders from their common parent (a DIR inside an input "
                           "folder is not read as input)")
    mode.add_argument("--in-place", action="store_true",
                      help="rewrite the input files (each atomically, through a temporary file)")
    mode.add_argument("--check", action="store_true",
                      help="change nothing; list files that would change and exit 1 if any")
    mode.add_argument("--diff", action="store_true", help="print a unified diff; change nothing")
    r.add_argument("--format", choices=("text", "line", "json"), default="text",
                   help="text: the restored text (default); line: path:line:col: rule: before → "
                        "after, as linters print; json: one object per file with every change")
    r.add_argument("--report", metavar="FILE.jsonl",
                   help="also write every change as a JSON line: file, line, column, before, "
                        "after, rule, confidence, evidence")
    r.add_argument("--html", metavar="FILE",
                   help="also write an HTML page: each file beside its restoration, changes "
                        "highlighted, rule and confidence on hover")
    r.add_argument("--resume", action="store_true",
                   help="with -o: skip inputs whose output is already newer than the input "
                        "(with --dask --partitions: keep the partitions written already) "
                        "(refused with --in-place)")
    r.set_defaults(func=cmd_restore)
