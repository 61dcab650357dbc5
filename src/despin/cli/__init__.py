"""The despin command line: a thin layer over the library and :mod:`despin.batch.jobs`."""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .. import __version__
from ..batch.inputs import find_inputs
from ..batch.jobs import Job, Outcome, copy_spool, run
from ..batch.report import (
    change_line,
    change_record,
    detect_rows,
    detect_table,
    html_page,
    unified_diff,
)
from ..batch.workers import Terminated, terminable
from ..engine.restorer import Restorer
from ..rules.model import RuleError
from ..store.files import AtomicWriter, CannotWrite, write_atomic
from .config import ConfigError

EXIT_OK, EXIT_FOUND, EXIT_USAGE, EXIT_SKIPPED = 0, 1, 2, 3
LOCAL = "local"  # --dask without an address: a LocalCluster

EXIT_CODES = """exit codes:
  0  done; nothing to report
  1  --check: some input would change (also: `rules check` found problems)
  2  usage error, or invalid rule files
  3  some input was skipped (each is named on standard error with the reason);
     3 wins over 1
  130, 143  ended by Ctrl-C or SIGTERM (temporary files removed, workers ended)"""


def _config(args):
    from . import config

    if getattr(args, "no_config", False):
        return config.Config()
    if getattr(args, "config", None):
        return config.load(Path(args.config))
    passed_over: list[str] = []
    path = config.find(passed_over=passed_over)
    for note in passed_over:
        print(f"despin: note: settings file {note}", file=sys.stderr)
    return config.load(path)


def _restorer(args) -> Restorer:
    """Built-in packs, the project config's packs and settings, then --rules."""
    cfg = _config(args)
    local = [*cfg.rules, *(args.rules or [])]
    builtin = cfg.builtin and not getattr(args, "no_builtin", False)
    assume = {"auto": None, "yes": True, "no": False}[getattr(args, "spun", "auto")]
    floor = getattr(args, "min_confidence", None)
    return Restorer(local, builtin=builtin, disable=cfg.disable, protect=cfg.protect,
                    assume_spun=assume, unseen=getattr(args, "unseen", False),
                    min_confidence=floor if floor is not None else cfg.min_confidence)


def _probability(value: str) -> float:
    from ..judge.scoring import valid_floor

    try:
        p = float(value)
    except ValueError:
        p = None
    if not valid_floor(p):
        raise argparse.ArgumentTypeError(f"expected a number between 0 and 1 (above 0, at most 1), not {value!r}")
    return p


def _output_root(paths: list[str]) -> str:
    """The folder whose tree ``-o`` mirrors: the one every input is in or below (a folder
    argument counts as its own, a file its parent), so one folder gives its files as they
    lie below it; where the arguments have different ones, their common parent, so that
    a/x.txt and b/x.txt become DIR/a/x.txt and DIR/b/x.txt instead of overwriting DIR/x.txt."""
    named = [os.path.abspath(p) for p in paths if p != "-"]
    roots = {p if os.path.isdir(p) else os.path.dirname(p) for p in named}
    return roots.pop() if len(roots) == 1 else os.path.commonpath(named)


def _jobs(args, output_dir: str | None, in_place: bool) -> tuple[list[Job], list[tuple[str, str]]]:
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


def _progress(args) -> bool:
    return not args.quiet and sys.stderr.isatty()


def _report_skips(skipped) -> None:
    for path, reason in skipped:
        print(f"despin: skipped {path}: {reason}", file=sys.stderr)


@contextmanager
def _engine(args):
    """How jobs run, as a function of (jobs, restorer, options) giving Outcomes in order:
    batch.run on this machine's cores, or with --dask on a Dask cluster."""
    if not args.dask:
        yield lambda jobs, restorer, options: run(jobs, restorer, options, _workers(args),
                                                  _progress(args))
        return
    from ..cluster import client as cluster

    with _cluster(args) as (client, local):
        yield lambda jobs, restorer, options: cluster.run(
            jobs, restorer, options, client, _progress(args), sweep=local)


@contextmanager
def _cluster(args):
    """(client, local) of --dask ADDRESS, or of a LocalCluster of -j (one per core)
    workers; the dashboard's address on standard error when it has one."""
    from ..cluster import client as cluster

    address = None if args.dask == LOCAL else args.dask
    with cluster.connect(address, args.jobs if args.jobs > 0 else None) as (client, local):
        link = cluster.dashboard(client)
        if link and not args.quiet:
            print(f"despin: Dask dashboard at {link}", file=sys.stderr)
        yield client, local


def _summary(documents: int, spun: int, skipped: int, seconds: float) -> str:
    return (f"despin: {documents} document(s), {spun} judged spun, {skipped} skipped, "
            f"{seconds:.1f} s")


def _records_refused(args, restoring: bool) -> str | None:
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

    restorer = _restorer(args)
    start = time.monotonic()
    with _cluster(args) as (client, local):
        rows, summary = cluster.screen(
            args.paths, mode, client, glob=args.glob, text_field=args.text_field,
            id_field=args.id_field, folder=args.partitions, fmt=args.partition_format,
            resume=args.resume, progress=_progress(args), sweep=local, restorer=restorer)
    summary["seconds"] = round(time.monotonic() - start, 3)
    if args.partitions:
        write_summary(args.partitions, {**summary, "skipped": len(summary["skipped"])})
    else:
        done = [r for r in rows if not r["skipped"]]
        sys.stdout.write(detect_table(sort_rows(done), args.format))
    _report_skips(summary["skipped"])
    if not args.quiet:
        print(_summary(summary["documents"], summary["spun"], len(summary["skipped"]),
                       summary["seconds"]), file=sys.stderr)
    return EXIT_SKIPPED if summary["skipped"] else EXIT_OK


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


def _refused_or_records(args, mode: str, refusal: str | None) -> int | None:
    """The exit code when the command ends here: options that cannot go together
    (``refusal``), or a --dask run over records; None when the batch command runs."""
    if refusal:
        print(f"despin: {refusal}", file=sys.stderr)
        return EXIT_USAGE
    if args.dask and _records(args):
        return cmd_records(args, mode)
    return None


def cmd_restore(args) -> int:
    ended = _refused_or_records(args, "restore", _refused(args)
                                or _records_refused(args, restoring=True))
    if ended is not None:
        return ended
    start = time.monotonic()
    restorer = _restorer(args)
    jobs, skipped = _jobs(args, args.output, args.in_place)
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
        with _engine(args) as run_jobs:
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
    _report_skips(skipped)
    if args.dask and not args.quiet:
        print(_summary(documents, spun, len(skipped), time.monotonic() - start),
              file=sys.stderr)
    if skipped:
        return EXIT_SKIPPED
    return EXIT_FOUND if args.check and found else EXIT_OK


def cmd_detect(args) -> int:
    ended = _refused_or_records(args, "detect", _records_refused(args, restoring=False))
    if ended is not None:
        return ended
    start = time.monotonic()
    restorer = _restorer(args)
    jobs, skipped = _jobs(args, None, False)
    outcomes = []
    with _engine(args) as run_jobs:
        for o in run_jobs(jobs, restorer, {"mode": "detect"}):
            if o.skipped:
                skipped.append((o.path, o.skipped))
            else:
                outcomes.append(o)
    sys.stdout.write(detect_table(detect_rows(outcomes), args.format))
    _report_skips(skipped)
    if args.dask and not args.quiet:
        spun = sum(bool(o.detection and o.detection.get("spun")) for o in outcomes)
        print(_summary(len(outcomes) + len(skipped), spun, len(skipped),
                       time.monotonic() - start), file=sys.stderr)
    return EXIT_SKIPPED if skipped else EXIT_OK


def cmd_rules_list(args) -> int:
    restorer = _restorer(args)
    for rule in restorer.rules:
        forms = " | ".join(rule.spun)
        print(f"{rule.id}\t{rule.when}\t{forms} → {rule.original}\t{rule.where}")
    return EXIT_OK


def cmd_rules_dump(args) -> int:
    from ..rules.dump import dump_packs

    restorer = _restorer(args)
    packs: dict[str, list] = {}
    for rule in restorer.rules:
        entry = {"id": rule.id, "spun": list(rule.spun), "original": rule.original}
        if rule.alternatives:
            entry["alternatives"] = list(rule.alternatives)
        entry.update(confidence=rule.confidence, when=rule.when, case=rule.case)
        if rule.examples:
            entry["examples"] = [{"spun": e.spun, "restored": e.restored} for e in rule.examples]
        if rule.keep:
            entry["keep"] = list(rule.keep)
        entry.update(source=rule.source or rule.where, note=rule.note)
        packs.setdefault(rule.pack, []).append(entry)
    docs = [{"pack": pack, "rules": rules} for pack, rules in packs.items()]
    text = dump_packs(docs)
    if args.output:
        write_atomic(args.output, text)
    else:
        sys.stdout.write(text)
    return EXIT_OK


def _index_errors(command):
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


def _learn_corpus(args) -> int:
    """despin learn --corpus DIR: a farm's table from its articles alone (corpus.py)."""
    from ..authoring import corpus, learn
    from ..authoring.finish import finish
    from ..batch.inputs import Skip, find_inputs, read_text

    texts, skipped = [], 0
    for path, _, problem in find_inputs([args.corpus], args.glob):
        try:
            if problem:
                raise Skip(problem)
            texts.append(read_text(path))
        except Skip as exc:
            print(f"despin learn: skipped {path}: {exc}", file=sys.stderr)
            skipped += 1
        except OSError as exc:
            print(f"despin learn: skipped {path}: {exc.strerror or exc}", file=sys.stderr)
            skipped += 1
    if not texts:
        print(f"despin learn: no readable text in {args.corpus}", file=sys.stderr)
        return EXIT_USAGE
    base = Restorer() if not args.no_builtin else None
    from ..judge.context import ContextModel

    found = corpus.propose(texts, base.context if base else ContextModel(),
                           base.rules if base else (), top=args.top)
    pack = learn.to_pack([p for p, _ in found], args.pack)
    notes_by_spun = {p.spun: note for p, note in found}
    for rule in pack["rules"]:
        rule["note"] += "; " + notes_by_spun[rule["spun"]]
        rule["when"] = "spun"
    pack["about"] = "Learned by `despin learn --corpus` from word counts: review before use"
    pack, notes = finish(pack)
    header = (f"# Learned by `despin learn --corpus` from {len(texts)} text(s): "
              f"{len(pack['rules'])} proposals, best first.\n# They rest on word counts and "
              "context only: check each against the articles before use.\n")
    _write_pack(args, header, pack, notes,
                f"proposed {len(pack['rules'])} rules from {len(texts)} text(s)")
    return EXIT_SKIPPED if skipped else EXIT_OK


def _write_pack(args, header: str, pack: dict, notes: list[str], summary: str) -> None:
    """A learned pack as YAML to -o FILE (atomically) or stdout; the summary to stderr."""
    from ..rules.dump import dump_packs

    text = dump_packs([pack], header)
    if args.output:
        write_atomic(args.output, text)
    else:
        sys.stdout.write(text)
    print(summary, file=sys.stderr)
    for note in notes:
        print(f"  {note}", file=sys.stderr)


def _learning_pairs(where: str) -> list:
    """Aligned texts from a JSON Lines file of pairs, a folder of them, or a folder of
    NAME.original.txt / NAME.spun.txt (or original/NAME, spun/NAME) files."""
    from ..authoring import learn
    from ..authoring.align import Text
    from ..batch.inputs import read_text

    path = Path(where)
    if path.is_file():
        return learn.read_jsonl(path)
    texts = [t for f in sorted(path.glob("*.jsonl")) for t in learn.read_jsonl(f)]
    texts += [Text(read_text(str(o)), read_text(str(s)), o.name.split(".")[0])
              for o, s in learn.pairs_in_folder(path)]
    return texts


@_index_errors
def cmd_learn(args) -> int:
    from ..authoring import learn
    from ..batch.inputs import Skip, read_text

    texts = []
    if args.corpus:
        return _learn_corpus(args)
    left_out: list[str] = []
    try:
        if args.trace:
            if not (args.archive or args.index):
                print("despin learn: --trace needs --archive SOURCE or --index FILE",
                      file=sys.stderr)
                return EXIT_USAGE
            texts, left_out = _traced_pairs(args)
            for line in left_out:
                print(f"despin learn: left out {line}", file=sys.stderr)
            if not texts:
                print(f"despin learn: no page in {args.trace} was traced to an original",
                      file=sys.stderr)
                return EXIT_USAGE
        elif args.pairs:
            texts = _learning_pairs(args.pairs)
            if not texts:
                print(f"despin: no pairs in {args.pairs} (JSON Lines with 'spun' and "
                      "'original', NAME.original.txt with NAME.spun.txt, or original/NAME "
                      "with spun/NAME)", file=sys.stderr)
                return EXIT_USAGE
        elif args.original and args.spun_file:
            texts = [(read_text(args.original), read_text(args.spun_file))]
        else:
            print("despin learn: give ORIGINAL and SPUN, --pairs PATH, --trace DIR or --corpus DIR",
                  file=sys.stderr)
            return EXIT_USAGE
    except (Skip, ValueError) as exc:
        print(f"despin learn: {exc}", file=sys.stderr)
        return EXIT_USAGE
    from ..judge.context import ContextModel

    base = None if args.no_builtin else Restorer()
    pack, notes = learn.learn_pack(texts, args.pack, base.rules if base else (),
                                   base.context if base else ContextModel(), args.min_count)
    conflicts = sum(1 for r in pack["rules"] if "CONFLICT" in r["note"])
    header = (f"# Learned by `despin learn` from {len(texts)} pair(s) of texts: {len(pack['rules'])} "
              f"rules, {conflicts} flagged CONFLICT.\n# Review every rule before use: "
              "`despin rules check` this file.\n")
    _write_pack(args, header, pack, notes,
                f"learned {len(pack['rules'])} rules from {len(texts)} pair(s); {conflicts} "
                "conflict with existing rules" + (f"; {len(left_out)} page(s) left out"
                                                 if left_out else ""))
    return EXIT_OK


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


def _archive_index(args):
    """The index of --index FILE, or one built from --archive SOURCE...; and the records
    skipped while building it."""
    from ..trace.index import Index

    skipped: list[tuple[str, str]] = []
    if args.index:
        return Index.load(args.index), skipped
    return Index.build(_archive_records(args.archive, args.archive_glob, args, skipped)), skipped


@_index_errors
def cmd_index(args) -> int:
    from ..trace.index import Index

    skipped: list[tuple[str, str]] = []
    if args.dask:
        from ..cluster import client as cluster

        with _cluster(args) as (client, _):
            index, skipped = cluster.build_index(
                args.archive, client, glob=args.glob, text_field=args.text_field,
                id_field=args.id_field, progress=_progress(args))
    else:
        index = Index.build(_archive_records(args.archive, args.glob, args, skipped))
    _report_skips(skipped)
    if not len(index):
        print(f"despin index: no text in {' '.join(args.archive)}", file=sys.stderr)
        return EXIT_USAGE
    index.save(args.output)
    print(f"indexed {len(index)} document(s) into {args.output}", file=sys.stderr)
    return EXIT_SKIPPED if skipped else EXIT_OK


def _spun_pages(args, skipped: list) -> list[tuple[str, str]]:
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


@_index_errors
def cmd_trace(args) -> int:
    from ..trace.report import trace_html, trace_table
    from ..trace.tracer import Tracer

    index, skipped = _archive_index(args)
    tracer = Tracer(index, _restorer(args), k=args.top)
    traces = [tracer.trace(text, path) for path, text in _spun_pages(args, skipped)]
    sys.stdout.write(trace_table(traces, args.format))
    if args.html:
        write_atomic(args.html, trace_html(traces))
    _report_skips(skipped)
    return EXIT_SKIPPED if skipped else EXIT_OK


def _traced_pairs(args) -> tuple[list, list[str]]:
    """For learn --trace: sentence pairs of every page whose best match is strong, and a
    line for each page left out."""
    from ..authoring.align import Text
    from ..trace.tracer import KEEP, Tracer, sentence_pairs

    index, skipped = _archive_index(args)
    args.paths = [args.trace]
    pages = _spun_pages(args, skipped)
    tracer = Tracer(index, _restorer(args), k=1)
    texts, left_out = [], [f"{path}: skipped: {reason}" for path, reason in skipped]
    for path, spun in pages:
        t = tracer.trace(spun, path)
        if not t.found:
            best = f"best {t.best.id} scores {t.best.score:.3f}" if t.best else "empty archive"
            left_out.append(f"{path}: weak match ({best}, below {KEEP})")
            continue
        texts += [Text(o, s, t.best.id, path) for o, s in sentence_pairs(spun, t.original)]
    return texts, left_out


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
    for add in (_restore_command, _detect_command, _rules_command, _learn_command,
                _index_command, _trace_command):
        add(sub)
    return ap


def _settings(p) -> None:
    """The options that choose the rules: packs, built-ins, settings file."""
    p.add_argument("--rules", action="append", metavar="FILE|DIR",
                   help="extra YAML rule packs, added to the built-in ones (repeatable); a "
                        "rule with the id of a built-in one replaces it")
    p.add_argument("--no-builtin", action="store_true", help="leave out the built-in packs")
    p.add_argument("--config", metavar="FILE",
                   help="settings file (default: the nearest despin.toml, or pyproject.toml "
                        "with [tool.despin], from the current folder up)")
    p.add_argument("--no-config", action="store_true", help="ignore settings files")


def _common(p) -> None:
    """The inputs and options restore and detect share, Dask's among them."""
    p.add_argument("paths", nargs="*", default=["-"],
                   help="files or folders (searched recursively); '-' reads standard input "
                        "(the default)")
    p.add_argument("--glob", default="*.txt",
                   help="which files to take inside folders (default: %(default)s)")
    _settings(p)
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


def _restore_command(sub) -> None:
    """despin restore."""
    r = sub.add_parser(
        "restore", help="restore spun text",
        description="Restore spun text. Without -o or --in-place the restored text goes to "
                    "standard output; input files are never written unless --in-place is given.",
        epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter)
    _common(r)
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


def _detect_command(sub) -> None:
    """despin detect."""
    d = sub.add_parser(
        "detect", help="score how likely each input is spun",
        description="Screen inputs: spin score in [0, 1] (spun from 0.5), the dictionary whose "
                    "evidence is strongest, and the number of spinner-only artifacts; most "
                    "suspicious first.",
        epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter)
    _common(d)
    d.add_argument("--format", choices=("table", "json", "jsonl", "csv"), default="table")
    d.add_argument("--resume", action="store_true",
                   help="with --dask --partitions: keep the partitions written already")
    d.set_defaults(func=cmd_detect)


def _rules_command(sub) -> None:
    """despin rules check|list|dump."""
    rules = sub.add_parser("rules", help="work with rule packs",
                           description="Work with YAML rule packs (docs/rules.md).")
    rsub = rules.add_subparsers(dest="rules_command", required=True, metavar="SUBCOMMAND")
    rc = rsub.add_parser("check", help="validate rule packs and run their examples",
                         description="Validate packs (schema, ids, chains) and run every "
                                     "example and keep-case; problems print as file:line: "
                                     "message, and the exit code is 1.")
    rc.add_argument("paths", nargs="+", help="YAML files or folders")
    rc.set_defaults(func=cmd_rules_check)
    rl = rsub.add_parser("list", help="every active rule, with the file it came from",
                         description="One line per active rule: id, when, spun forms → original, "
                                     "file:line.")
    _settings(rl)
    rl.set_defaults(func=cmd_rules_list, spun="auto")
    rd = rsub.add_parser("dump", help="write the merged rule set as YAML",
                         description="The active rules (built-in, config, --rules; overrides and "
                                     "disabled rules applied) as YAML, one document per pack.")
    _settings(rd)
    rd.add_argument("-o", "--output", metavar="FILE", help="write here instead of standard output")
    rd.set_defaults(func=cmd_rules_dump, spun="auto")


def _learn_command(sub) -> None:
    """despin learn."""
    ln = sub.add_parser(
        "learn", help="learn a rule pack from a clean text and its spun copy, or from a "
                      "farm's spun articles alone (--corpus)",
        description="Align a clean text with its spun copy word by word, and propose a rule "
                    "for every swap, with its count, confidence and one example; inflected "
                    "forms are grouped and conflicts with existing rules flagged. With "
                    "--corpus DIR, propose the table of the farm that spun the articles in DIR "
                    "from word counts and context alone. Writes a YAML pack to review.")
    ln.add_argument("original", nargs="?", help="the clean text")
    ln.add_argument("--trace", metavar="SPUN_DIR",
                    help="learn from a farm's spun pages alone: trace each to its original in "
                         "--archive (or --index), pair their sentences, and learn as --pairs "
                         "does; pages whose best match is weak are listed and left out")
    ln.add_argument("spun_file", nargs="?", metavar="spun", help="its spun copy")
    ln.add_argument("--pairs", metavar="PATH",
                    help="learn from every pair in PATH: a JSON Lines file (one object a line "
                         "with 'spun', 'original' and optionally 'story' and 'spun_url'), or a "
                         "folder of such files, of NAME.original.txt with NAME.spun.txt, or of "
                         "original/NAME with spun/NAME; their alignments are pooled")
    ln.add_argument("--corpus", metavar="DIR",
                    help="learn from spun articles alone (no originals): words a farm's table "
                         "rewrites go missing and their replacements are over-represented "
                         "against English word counts; proposals ranked by that evidence and "
                         "by context, for review")
    ln.add_argument("--top", type=int, default=50, metavar="N",
                    help="with --corpus: propose at most N rules (default: 50)")
    ln.add_argument("--glob", default="*.txt", help="with --corpus or --trace: files to read "
                                                    "in DIR (default: *.txt)")
    archive_options(ln)
    ln.set_defaults(rules=None, no_config=True, config=None, spun="yes", unseen=False)
    ln.add_argument("-o", "--output", metavar="FILE", help="write the pack here (default: stdout)")
    ln.add_argument("--pack", default="learned", help="the pack name and id prefix (default: learned)")
    ln.add_argument("--min-count", type=int, default=1, metavar="N",
                    help="keep swaps seen at least N times (default: 1)")
    ln.add_argument("--no-builtin", action="store_true",
                    help="do not compare with the built-in rules")
    ln.set_defaults(func=cmd_learn)


def _index_command(sub) -> None:
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


def _trace_command(sub) -> None:
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
    _settings(tr)
    tr.add_argument("--spun", choices=("auto", "yes", "no"), default="yes",
                    help="how pages are restored before the look-up: yes (default: they are "
                         "spun), auto (the document test decides) or no")
    tr.set_defaults(func=cmd_trace, unseen=False)


def _address_or_path(args) -> None:
    """``--dask in/`` means a LocalCluster over in/: the optional ADDRESS takes the word
    after --dask only when it looks like an address (scheme://… or host:port)."""
    value = getattr(args, "dask", None)
    if value in (None, LOCAL) or re.match(r"[a-z][a-z0-9+.-]*://|[\w.-]+:\d+$", value):
        return
    if hasattr(args, "archive"):  # despin index
        args.archive = [value, *args.archive]
    else:
        args.paths = [value, *(p for p in args.paths if p != "-" or len(args.paths) > 1)]
    args.dask = LOCAL


def record_fields(p) -> None:
    p.add_argument("--text-field", default="text", metavar="NAME",
                   help="in JSON Lines: the field holding a document's text (default: text)")
    p.add_argument("--id-field", metavar="NAME",
                   help="in JSON Lines: the field naming a document (default: FILE:LINE)")


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


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    _address_or_path(args)
    try:
        with terminable():  # SIGTERM unwinds as Ctrl-C does: no temporary file is left
            return args.func(args)
    except RuleError as exc:
        print(f"despin: invalid rules:\n{exc}", file=sys.stderr)
        return EXIT_USAGE
    except ConfigError as exc:
        print(f"despin: invalid settings: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except CannotWrite as exc:
        print(f"despin: {exc}", file=sys.stderr)
        return EXIT_USAGE

    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        return 130
    except Terminated:
        return 143
