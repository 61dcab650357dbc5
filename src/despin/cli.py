"""The despin command line: a thin layer over the library and :mod:`despin.batch`."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import __version__
from .batch import Job, Outcome, find_inputs, run, write_atomic
from .engine import Restorer
from .report import change_line, change_record, detect_rows, detect_table, html_page, unified_diff
from .rules import RuleError

EXIT_OK, EXIT_FOUND, EXIT_USAGE, EXIT_SKIPPED = 0, 1, 2, 3

EXIT_CODES = """exit codes:
  0  done; nothing to report
  1  --check: some input would change (also: `rules check` found problems)
  2  usage error, or invalid rule files
  3  some input was skipped (each is named on standard error with the reason);
     3 wins over 1"""


def _restorer(args) -> Restorer:
    paths = None
    if getattr(args, "rules", None):
        from .packs import builtin_paths

        paths = ([] if args.no_builtin else builtin_paths()) + list(args.rules)
    assume = {"auto": None, "yes": True, "no": False}[args.spun]
    return Restorer(paths=paths, assume_spun=assume)


def _jobs(args, output_dir: str | None, in_place: bool) -> tuple[list[Job], list[tuple[str, str]]]:
    jobs, skipped = [], []
    for path, base, problem in find_inputs(args.paths, args.glob):
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
            rel = Path(path).relative_to(base) if base else Path(Path(path).name)
            output = str(Path(output_dir) / rel)
            if os.path.abspath(output) == os.path.abspath(path):
                skipped.append((path, "the output would overwrite the input (use --in-place)"))
                continue
        jobs.append(Job(path, output=output))
    return jobs, skipped


def _workers(args) -> int:
    return args.jobs if args.jobs and args.jobs > 0 else (os.cpu_count() or 1)


def _progress(args) -> bool:
    return not args.quiet and sys.stderr.isatty()


def _report_skips(skipped) -> None:
    for path, reason in skipped:
        print(f"despin: skipped {path}: {reason}", file=sys.stderr)


def cmd_restore(args) -> int:
    restorer = _restorer(args)
    jobs, skipped = _jobs(args, args.output, args.in_place)
    writes = bool(args.output or args.in_place)  # the group keeps these from --check and --diff
    options = {"resume": args.resume, "keep_text": bool(args.diff or args.html)}
    found = False
    report = open(args.report, "w", encoding="utf-8") if args.report else None
    done = []
    try:
        for o in run(jobs, restorer, options, _workers(args), _progress(args)):
            if o.skipped:
                skipped.append((o.path, o.skipped))
                continue
            found |= bool(o.changes)
            if report:
                for c in o.changes:
                    report.write(change_record(o.path, c) + "\n")
            if args.check:
                if o.changes and not args.quiet:
                    print(f"{o.path}: {len(o.changes)} change(s) would be made")
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
            if args.html:
                done.append(o)
    finally:
        if report:
            report.close()
    if args.html:
        write_atomic(args.html, html_page(done + [Outcome(p, skipped=r) for p, r in skipped]))
    _report_skips(skipped)
    if skipped:
        return EXIT_SKIPPED
    return EXIT_FOUND if args.check and found else EXIT_OK


def cmd_detect(args) -> int:
    restorer = _restorer(args)
    jobs, skipped = _jobs(args, None, False)
    outcomes = []
    for o in run(jobs, restorer, {"mode": "detect"}, _workers(args), _progress(args)):
        if o.skipped:
            skipped.append((o.path, o.skipped))
        else:
            outcomes.append(o)
    sys.stdout.write(detect_table(detect_rows(outcomes), args.format))
    _report_skips(skipped)
    return EXIT_SKIPPED if skipped else EXIT_OK


def cmd_rules_check(args) -> int:
    try:
        restorer = Restorer(paths=args.paths)
    except RuleError as exc:
        for problem in exc.problems:
            print(problem)
        return EXIT_FOUND
    print(f"{len(restorer.rules)} rules OK")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="despin",
        description="Restore machine-spun text (article spinners, tortured phrases) to its "
                    "original wording, with the rule, evidence and confidence of every change. "
                    "Input files are never written unless --in-place is given.",
        epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--version", action="version", version=f"despin {__version__}")
    sub = ap.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def common(p):
        p.add_argument("paths", nargs="*", default=["-"],
                       help="files or folders (searched recursively); '-' reads standard input "
                            "(the default)")
        p.add_argument("--glob", default="*.txt",
                       help="which files to take inside folders (default: %(default)s)")
        p.add_argument("--rules", action="append", metavar="FILE|DIR",
                       help="extra YAML rule packs, added to the built-in ones (repeatable)")
        p.add_argument("--no-builtin", action="store_true", help="with --rules: only those packs")
        p.add_argument("--spun", choices=("auto", "yes", "no"), default="auto",
                       help="auto: decide per document whether it is spun (default); yes: treat "
                            "every input as spun; no: as clean (only spinner-only phrases change)")
        p.add_argument("-j", "--jobs", type=int, default=0, metavar="N",
                       help="worker processes (default: one per core); output order never changes")
        p.add_argument("-q", "--quiet", action="store_true",
                       help="no progress bar (it only shows on a terminal anyway)")

    r = sub.add_parser(
        "restore", help="restore spun text",
        description="Restore spun text. Without -o or --in-place the restored text goes to "
                    "standard output; input files are never written unless --in-place is given.",
        epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter)
    common(r)
    mode = r.add_mutually_exclusive_group()
    mode.add_argument("-o", "--output", metavar="DIR",
                      help="write restored files here, mirroring the input folders")
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
                   help="with -o: skip inputs whose output is already newer than the input")
    r.set_defaults(func=cmd_restore)

    d = sub.add_parser(
        "detect", help="score how likely each input is spun",
        description="Screen inputs: spin score in [0, 1] (spun from 0.5), the dictionary whose "
                    "evidence is strongest, and the number of spinner-only artifacts; most "
                    "suspicious first.",
        epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter)
    common(d)
    d.add_argument("--format", choices=("table", "json", "jsonl", "csv"), default="table")
    d.set_defaults(func=cmd_detect)

    rules = sub.add_parser("rules", help="work with rule packs",
                           description="Work with YAML rule packs (docs/rules.md).")
    rsub = rules.add_subparsers(dest="rules_command", required=True, metavar="SUBCOMMAND")
    rc = rsub.add_parser("check", help="validate rule packs and run their examples",
                         description="Validate packs (schema, ids, chains) and run every "
                                     "example and keep-case; problems print as file:line: "
                                     "message, and the exit code is 1.")
    rc.add_argument("paths", nargs="+", help="YAML files or folders")
    rc.set_defaults(func=cmd_rules_check)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except RuleError as exc:
        print(f"despin: invalid rules:\n{exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
