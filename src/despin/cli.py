"""The despin command line: a thin layer over the library.

Exit codes: 0 done (nothing to report); 1 --check found text to restore, or
`rules check` found problems; 2 bad usage or invalid rules; 3 some input was skipped.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

from . import __version__
from .engine import Restorer
from .rules import RuleError

EXIT_OK, EXIT_FOUND, EXIT_USAGE, EXIT_SKIPPED = 0, 1, 2, 3


def _restorer(args) -> Restorer:
    paths = None
    if getattr(args, "rules", None):
        from .packs import builtin_paths

        paths = ([] if args.no_builtin else builtin_paths()) + list(args.rules)
    assume = {"auto": None, "yes": True, "no": False}[getattr(args, "spun", "auto")]
    return Restorer(paths=paths, assume_spun=assume)


def _read(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    with open(path, encoding="utf-8", newline="") as f:  # newline="": keep CRLF as it is
        return f.read()


def _write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _inputs(paths: list[str], glob: str) -> list[str]:
    out = []
    for p in paths:
        if p != "-" and Path(p).is_dir():
            out.extend(str(q) for q in sorted(Path(p).rglob(glob)) if q.is_file())
        else:
            out.append(p)
    return out


class _Documents:
    """The readable inputs as (path, text); each unreadable one is named on stderr and
    skipped, and ``skipped`` says whether any was."""

    def __init__(self, paths: list[str], glob: str):
        self.paths, self.glob, self.skipped = paths, glob, False

    def __iter__(self):
        for path in _inputs(self.paths, self.glob):
            try:
                yield path, _read(path)
            except (OSError, UnicodeDecodeError) as exc:
                print(f"despin: skipped {path}: {exc}", file=sys.stderr)
                self.skipped = True


def cmd_restore(args) -> int:
    restorer = _restorer(args)
    status = EXIT_OK
    documents = _Documents(args.paths, args.glob)
    for path, text in documents:
        result = restorer.explain(text)
        if args.format == "json":
            print(json.dumps({"path": path, "detection": result.detection.to_dict(),
                              "changes": [c.to_dict() for c in result.changes]}, ensure_ascii=False))
        elif args.check:
            if result.changes:
                print(f"{path}: {len(result.changes)} change(s) would be made")
                status = max(status, EXIT_FOUND)
        elif args.in_place and path != "-":
            if result.text != text:
                _write_atomic(Path(path), result.text)
        elif args.output and path != "-":
            base = next((Path(p) for p in args.paths if Path(p).is_dir()
                         and Path(path).is_relative_to(p)), None)
            rel = Path(path).relative_to(base) if base else Path(Path(path).name)
            _write_atomic(Path(args.output) / rel, result.text)
        else:
            sys.stdout.write(result.text)
    return EXIT_SKIPPED if documents.skipped else status


def cmd_detect(args) -> int:
    restorer = _restorer(args)
    documents = _Documents(args.paths, args.glob)
    rows = [(path, restorer.detect(text)) for path, text in documents]
    rows.sort(key=lambda r: (-r[1].score, r[0]))
    if args.format == "json":
        print(json.dumps([{"path": p, **d.to_dict()} for p, d in rows], ensure_ascii=False, indent=1))
    else:
        print(f"{'score':>6}  {'spun':4}  {'pack':10}  {'artifacts':>9}  path")
        for p, d in rows:
            print(f"{d.score:6.3f}  {'yes' if d.spun else 'no':4}  {d.pack or '-':10}  {d.artifacts:9d}  {p}")
    return EXIT_SKIPPED if documents.skipped else EXIT_OK


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
                    "original wording. Input files are never changed unless --in-place is given.",
        epilog="Exit codes: 0 ok; 1 --check found text to restore, or rule problems; "
               "2 usage error or invalid rules; 3 some input was skipped.")
    ap.add_argument("--version", action="version", version=f"despin {__version__}")
    sub = ap.add_subparsers(dest="command", required=True)

    def common(p):
        p.add_argument("paths", nargs="*", default=["-"],
                       help="files or folders (searched recursively); '-' reads standard input")
        p.add_argument("--glob", default="*.txt", help="file pattern inside folders (default: *.txt)")
        p.add_argument("--rules", action="append", metavar="FILE|DIR",
                       help="extra YAML rule packs (repeatable)")
        p.add_argument("--no-builtin", action="store_true", help="with --rules: use only those packs")
        p.add_argument("--spun", choices=("auto", "yes", "no"), default="auto",
                       help="treat input as spun (yes), clean (no), or decide per document (auto)")

    r = sub.add_parser("restore", help="restore spun text", description="Restore spun text; "
                       "without -o or --in-place the result goes to standard output.")
    common(r)
    mode = r.add_mutually_exclusive_group()
    mode.add_argument("-o", "--output", metavar="DIR", help="write restored files here, mirroring the input tree")
    mode.add_argument("--in-place", action="store_true", help="rewrite the input files (atomically)")
    mode.add_argument("--check", action="store_true", help="change nothing; exit 1 if something would change")
    r.add_argument("--format", choices=("text", "json"), default="text",
                   help="json: print every change with its rule, confidence and evidence")
    r.set_defaults(func=cmd_restore)

    d = sub.add_parser("detect", help="score how likely each input is spun",
                       description="A table of inputs, most suspicious first.")
    common(d)
    d.add_argument("--format", choices=("table", "json"), default="table")
    d.set_defaults(func=cmd_detect)

    rules = sub.add_parser("rules", help="work with rule packs")
    rsub = rules.add_subparsers(dest="rules_command", required=True)
    rc = rsub.add_parser("check", help="validate rule packs and run their examples",
                         description="Validate packs (schema, ids, chains) and run every "
                                     "example and keep-case; problems print as file:line: message.")
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


if __name__ == "__main__":
    sys.exit(main())
