"""What the commands share: exit codes, the restorer their settings choose, progress,
skips and summaries, a Dask cluster, and the options several commands take."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path

from ..engine.restorer import Restorer

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


def restorer_for(args) -> Restorer:
    """Built-in packs, the project config's packs and settings, then --rules."""
    cfg = _config(args)
    local = [*cfg.rules, *(args.rules or [])]
    builtin = cfg.builtin and not getattr(args, "no_builtin", False)
    assume = {"auto": None, "yes": True, "no": False}[getattr(args, "spun", "auto")]
    floor = getattr(args, "min_confidence", None)
    return Restorer(local, builtin=builtin, disable=cfg.disable, protect=cfg.protect,
                    assume_spun=assume, unseen=getattr(args, "unseen", False),
                    min_confidence=floor if floor is not None else cfg.min_confidence)


def shows_progress(args) -> bool:
    return not args.quiet and sys.stderr.isatty()


def report_skips(skipped) -> None:
    for path, reason in skipped:
        print(f"despin: skipped {path}: {reason}", file=sys.stderr)


def summary_line(documents: int, spun: int, skipped: int, seconds: float) -> str:
    return (f"despin: {documents} document(s), {spun} judged spun, {skipped} skipped, "
            f"{seconds:.1f} s")


@contextmanager
def cluster_for(args):
    """(client, local) of --dask ADDRESS, or of a LocalCluster of -j (one per core)
    workers; the dashboard's address on standard error when it has one."""
    from ..cluster import client as cluster

    address = None if args.dask == LOCAL else args.dask
    with cluster.connect(address, args.jobs if args.jobs > 0 else None) as (client, local):
        link = cluster.dashboard(client)
        if link and not args.quiet:
            print(f"despin: Dask dashboard at {link}", file=sys.stderr)
        yield client, local


def add_settings(p) -> None:
    """The options that choose the rules: packs, built-ins, settings file."""
    p.add_argument("--rules", action="append", metavar="FILE|DIR",
                   help="extra YAML rule packs, added to the built-in ones (repeatable); a "
                        "rule with the id of a built-in one replaces it")
    p.add_argument("--no-builtin", action="store_true", help="leave out the built-in packs")
    p.add_argument("--config", metavar="FILE",
                   help="settings file (default: the nearest despin.toml, or pyproject.toml "
                        "with [tool.despin], from the current folder up)")
    p.add_argument("--no-config", action="store_true", help="ignore settings files")


def record_fields(p) -> None:
    p.add_argument("--text-field", default="text", metavar="NAME",
                   help="in JSON Lines: the field holding a document's text (default: text)")
    p.add_argument("--id-field", metavar="NAME",
                   help="in JSON Lines: the field naming a document (default: FILE:LINE)")
