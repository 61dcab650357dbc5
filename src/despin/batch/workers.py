"""Worker processes that end with their parent, and signals that leave no temporary file.

A worker holds the compiled rules (some 180 MB) and may be writing a temporary file as
large as its input. Killed, the parent can clean up nothing, so each worker watches it:
the kernel sends the worker SIGTERM when the parent dies (Linux's PR_SET_PDEATHSIG), and a
thread that polls the parent's id covers systems without it. A worker ended by SIGTERM or
SIGINT removes its temporary files and exits at once. The parent turns SIGTERM into an
exception (:class:`Terminated`), so that it unwinds as on Ctrl-C: its own temporary files
are removed, and it stops its workers before it waits for them.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time
from contextlib import contextmanager

from ..store.files import remove_temporaries

_PR_SET_PDEATHSIG = 1  # linux/prctl.h
POLL = 1.0  # seconds between two looks at the parent's id


class Terminated(BaseException):
    """SIGTERM in the main process (a BaseException, as KeyboardInterrupt: no ``except
    Exception`` swallows it)."""


def start_worker(parent: int) -> None:
    """In a new worker process: on SIGTERM or SIGINT remove this process's temporary files
    and exit, and end when ``parent`` (the process id of the parent) does."""
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, _end)
    _death_signal()
    if os.getppid() != parent:  # the parent died before the kernel was asked to tell
        _end(signal.SIGTERM, None)
    threading.Thread(target=_watch, args=(parent,), name="despin-parent-watch",
                     daemon=True).start()


def _end(signum, frame) -> None:
    remove_temporaries()
    os._exit(128 + signum)


def _death_signal() -> None:
    """Ask the kernel for SIGTERM when the parent dies (Linux; elsewhere _watch does)."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
        except (OSError, AttributeError):
            pass


def _watch(parent: int) -> None:
    """Poll the parent's id: an orphan is adopted by another process (init, a subreaper)."""
    while os.getppid() == parent:
        time.sleep(POLL)
    _end(signal.SIGTERM, None)


def _raise_terminated(signum, frame) -> None:
    raise Terminated()


@contextmanager
def terminable():
    """While the block runs, SIGTERM raises :class:`Terminated` in this process (the main
    thread only may set a handler; elsewhere the block runs as it is)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def stop(pool) -> None:
    """SIGTERM to every worker of a ProcessPoolExecutor: each removes its temporary files
    and exits, so that the pool's shutdown does not wait for the work in hand (the pool
    has no public way to list its processes)."""
    for process in list(getattr(pool, "_processes", {}).values()):
        try:
            process.terminate()
        except (OSError, ValueError):
            pass  # gone already
