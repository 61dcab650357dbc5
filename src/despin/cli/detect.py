"""despin detect: how likely each input is spun, most suspicious first."""

from __future__ import annotations

import argparse
import sys
import time

from ..batch.report import detect_rows, detect_table
from .common import EXIT_CODES, EXIT_OK, EXIT_SKIPPED, report_skips, restorer_for, summary_line
from .running import add_inputs, jobs_for, records_refused, refused_or_records, runner_for


def cmd_detect(args) -> int:
    ended = refused_or_records(args, "detect", records_refused(args, restoring=False))
    if ended is not None:
        return ended
    start = time.monotonic()
    restorer = restorer_for(args)
    jobs, skipped = jobs_for(args, None, False)
    outcomes = []
    with runner_for(args) as run_jobs:
        for o in run_jobs(jobs, restorer, {"mode": "detect"}):
            if o.skipped:
                skipped.append((o.path, o.skipped))
            else:
                outcomes.append(o)
    sys.stdout.write(detect_table(detect_rows(outcomes), args.format))
    report_skips(skipped)
    if args.dask and not args.quiet:
        spun = sum(bool(o.detection and o.detection.get("spun")) for o in outcomes)
        print(summary_line(len(outcomes) + len(skipped), spun, len(skipped),
                       time.monotonic() - start), file=sys.stderr)
    return EXIT_SKIPPED if skipped else EXIT_OK


def add_detect_command(sub) -> None:
    """despin detect."""
    d = sub.add_parser(
        "detect", help="score how likely each input is spun",
        description="Screen inputs: spin score in [0, 1] (spun from 0.5), the dictionary whose "
                    "evidence is strongest, and the number of spinner-only artifacts; most "
                    "suspicious first.",
        epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_inputs(d)
    d.add_argument("--format", choices=("table", "json", "jsonl", "csv"), default="table")
    d.add_argument("--resume", action="store_true",
                   help="with --dask --partitions: keep the partitions written already")
    d.set_defaults(func=cmd_detect)
