"""The restorer on every worker of a Dask cluster, once.

The compiled Restorer goes to each worker in a worker plugin (:func:`install`), never
inside a task: it pickles to some 10 MB, and Dask re-sends a new worker (one that
replaces a dead one) its plugins. A task then has batch/jobs.py's run_job use it
(:func:`use_installed`).
"""

from __future__ import annotations

import hashlib
import pickle

from ..batch.jobs import _init_worker
from ..store import cache, files

PLUGIN = "despin-restorer"

_restorer = None  # this process's, from the plugin or install() without a client
_sweep = True  # may this worker remove dead processes' temporary files (one machine)?
_installed = ""  # the digest of the pickle _restorer came from (RestorerPlugin)


try:
    from distributed.diagnostics.plugin import WorkerPlugin
except ImportError:  # pragma: no cover - bags on dask alone need no plugin
    WorkerPlugin = object


class RestorerPlugin(WorkerPlugin):
    """Carries a Restorer to each worker once; it stays there for every task. Defined at
    the top of a module, so that it pickles by name, and ``setup`` sets this module's
    globals on the worker (a class pickled by value would set a copy of them).

    The restorer travels as its pickle, unpickled in ``setup`` with the garbage collector
    paused: a compiled restorer is about a million objects, and Dask's own unpickling, with
    the collector running, took three times as long on each worker. A worker that holds
    the restorer of the same pickle already (each command run against one cluster installs
    it again) keeps it: unpickling costs a second or more on each worker."""

    name = PLUGIN
    idempotent = False  # registered again with another restorer: it replaces this one

    def __init__(self, restorer, sweep: bool):
        self.restorer = pickle.dumps(restorer, protocol=pickle.HIGHEST_PROTOCOL)
        self.digest = hashlib.sha256(self.restorer).hexdigest()
        self.sweep = sweep

    def setup(self, worker) -> None:
        global _installed
        if _restorer is not None and _installed == self.digest:
            install(None, _restorer, sweep=self.sweep)
            return
        with cache.collector_paused():
            restorer = pickle.loads(self.restorer)
        install(None, restorer, sweep=self.sweep)
        _installed = self.digest


def install(client, restorer, *, sweep: bool = True) -> None:
    """Give every worker of ``client`` (and every worker that joins later) ``restorer``; with
    ``client`` None, this process. ``sweep``: may a worker remove the temporary files of
    processes that have ended (files.sweep)? Only where every worker shares this machine's
    process ids: on a cluster of several machines a process id names no process of another."""
    global _restorer, _sweep, _installed
    if client is None:
        if restorer is not _restorer:
            _installed = ""  # the plugin sets it again for a restorer of its own pickle
        _restorer, _sweep = restorer.warm(), sweep
        return
    client.register_plugin(RestorerPlugin(restorer, sweep), name=PLUGIN)


def _current():
    """The restorer of this process: installed, or else the built-in one (compiled once)."""
    global _restorer
    if _restorer is None:
        from .. import default_restorer

        _restorer = default_restorer().warm()
    return _restorer


def use_installed(options: dict) -> None:
    """Make run_job, in this process, use the installed restorer with ``options``."""
    _init_worker(_current(), options)
    if not _sweep:
        files.no_sweeping()


# --- records in, rows out ------------------------------------------------------------------
