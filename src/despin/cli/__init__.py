"""The despin command line: a thin layer over the library and :mod:`despin.batch.jobs`.

One module per command (restore.py, detect.py, rules.py, learn.py; trace.py for index
and trace), what restore and detect share (running.py), and what every command shares
(common.py). ``python -m despin.cli`` runs :func:`main` (__main__.py).
"""

from __future__ import annotations

import argparse
import re
import sys

from .. import __version__
from ..batch.workers import Terminated, terminable
from ..rules.model import RuleError
from ..store.files import CannotWrite
from .common import EXIT_CODES, EXIT_OK, EXIT_USAGE, LOCAL
from .config import ConfigError
from .detect import add_detect_command
from .learn import add_learn_command
from .restore import add_restore_command
from .rules import add_rules_command
from .trace import add_index_command, add_trace_command


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="despin",
        description="Restore machine-spun text (article spinners, tortured phrases) to its "
                    "original wording, with the rule, evidence and confidence of every change. "
                    "Input files are never written unless --in-place is given.",
        epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--version", action="version", version=f"despin {__version__}")
    sub = ap.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for add in (add_restore_command, add_detect_command, add_rules_command, add_learn_command,
                add_index_command, add_trace_command):
        add(sub)
    return ap


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
