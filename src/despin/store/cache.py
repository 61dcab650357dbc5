"""A cache of compiled, validated rule sets, so that start-up does not parse and check
thousands of YAML rules every time.

An entry is a pickled Restorer, a rule file's parsed rules, or wordsegment's counts, sealed
(seal.py): an entry is parsed only if its tag proves that despin wrote it under that name,
and used only if it is of the kind asked for. Anything else (planted, tampered with,
truncated, of the wrong kind, unreadable) is ignored, and the caller builds it again.

The key is a hash of all an entry is made from: despin's source files, Python's and the
libraries' versions (provenance.py), and every rule file's bytes and name. The folder is
$DESPIN_CACHE_DIR, else $XDG_CACHE_HOME/despin, else ~/.cache/despin; DESPIN_CACHE_DIR=off
turns the cache off. A cache that cannot be read or written is ignored: it only ever saves
time.

Each change of the source or of a rule file makes a new entry (a compiled restorer is about
10 MB), so the folder keeps only the most recently used ones: KEEP_RESTORERS compiled rule
sets, KEEP_FILES parsed files and KEEP_COUNTS copies of the counts. Reading an entry marks
it used.
"""

from __future__ import annotations

import gc
import hashlib
import marshal
import os
import pickle
from contextlib import contextmanager
from pathlib import Path

from . import provenance, seal
from .files import AtomicWriter

KEEP_RESTORERS = 8
KEEP_FILES = 64
KEEP_COUNTS = 2


def _folder() -> Path | None:
    setting = os.environ.get("DESPIN_CACHE_DIR")
    if setting == "off":
        return None
    if setting:
        return Path(setting)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "despin"


def _made_with():
    """A hash primed with what every entry is made with: despin's source, Python, libraries."""
    if provenance.SOURCE_DIGEST is None:
        return None
    return hashlib.sha256(provenance.SOURCE_DIGEST + provenance.RUNTIME_DIGEST)


def _add_file(h, f) -> bool:
    """Hash a rule file into ``h``: its bytes, and its name as its rules will report it
    (file:line). The name, not where it resolves to: the same file reached by another
    name, or a copy elsewhere, must not get rules that name the path of an earlier run."""
    if not Path(f).is_file():  # a FIFO or a device: the loader names it, unread
        return False
    name, data = os.fsencode(f), Path(f).read_bytes()
    h.update(len(name).to_bytes(4, "big") + name + len(data).to_bytes(8, "big"))
    h.update(data)
    return True


def _key(files, extra=()) -> str | None:
    h = _made_with()
    if h is None:
        return None
    h.update(repr(list(extra)).encode())
    try:
        if not all(_add_file(h, f) for f in files):
            return None
    except OSError:
        return None
    return h.hexdigest()[:32]


def load(files, extra=(), *, kind):
    """The ``kind`` of object stored for these rule files and ``extra``, or None."""
    folder, key = _folder(), _key(files, extra)
    if folder is None or key is None:
        return None
    return _read(folder, f"{key}.pickle", lambda value: isinstance(value, kind))


@contextmanager
def collector_paused():
    """Pause the garbage collector while many objects are made that form no reference
    cycle (refcounting frees them): it would scan them again and again."""
    paused = gc.isenabled()
    if paused:
        gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def _read(folder: Path, name: str, fits, loads=pickle.loads):
    """The value of the entry ``name`` if despin sealed it and ``fits(value)``, else None.
    The seal is checked before the payload is parsed: an entry despin did not write is
    never unpickled."""
    secret = seal.secret(folder)
    if secret is None:
        return None
    path = folder / name
    # a compiled restorer is about a million objects and no reference cycle: the collector
    # would scan them again and again while they are made (load 0.28 s with it, 0.14 without)
    with collector_paused():
        try:
            payload = seal.unseal(secret, name, path.read_bytes())
            if payload is None:  # not sealed by despin under this name: never parsed
                return None
            value = loads(payload)
        except Exception:  # noqa: BLE001 - a missing or stale entry only costs time
            return None
    if not fits(value):
        return None
    try:
        os.utime(path)  # used now: the last to be pruned
    except OSError:
        pass
    return value


def store(files, restorer, extra=()) -> None:
    folder, key = _folder(), _key(files, extra)
    if folder is not None and key is not None:
        _write(folder, f"{key}.pickle", restorer)


def _pickled(value) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def _write(folder: Path, name: str, value, dumps=_pickled) -> None:
    try:
        secret = seal.secret(folder)
        if secret is None:
            return
        payload = dumps(value)
        with AtomicWriter(folder / name, binary=True) as w:
            w.write(seal.header(secret, name, payload))
            w.write(payload)
    except Exception:  # noqa: BLE001 - the cache only ever saves time
        return
    _prune(folder, _group(name))


def _group(name: str) -> str | None:
    """Entries pruned together (None: not an entry, such as the secret)."""
    if name.startswith("file-"):
        return "file"
    if name.endswith(".marshal"):
        return "counts"
    return "rules" if name.endswith(".pickle") else None


_KEEP = {"rules": KEEP_RESTORERS, "file": KEEP_FILES, "counts": KEEP_COUNTS}


def _prune(folder: Path, group: str | None) -> None:
    """Delete all but the most recently used entries of the group just written."""
    try:
        entries = [p for p in folder.iterdir() if _group(p.name) == group]
        if group is None or len(entries) <= _KEEP[group]:
            return
        dated = []
        for p in entries:
            try:
                dated.append((p.stat().st_mtime_ns, p))
            except OSError:  # another process pruned it first
                continue
        dated.sort(reverse=True)
        for _, p in dated[_KEEP[group]:]:
            p.unlink(missing_ok=True)
    except OSError:
        pass


def _file_key(path) -> str | None:
    h = _made_with()
    try:
        if h is None or not _add_file(h, path):
            return None
    except OSError:
        return None
    return "file-" + h.hexdigest()[:32]


def load_file(path, fits):
    """What was parsed from this file's exact bytes before, if ``fits`` accepts it, or None."""
    folder, key = _folder(), _file_key(path)
    if folder is None or key is None:
        return None
    return _read(folder, f"{key}.pickle", fits)


def store_file(path, rules) -> None:
    folder, key = _folder(), _file_key(path)
    if folder is not None and key is not None:
        _write(folder, f"{key}.pickle", rules)


def _counts_name() -> str:
    # a copy of wordsegment's data in marshal's format: both depend on the runtime only
    return f"counts-{provenance.RUNTIME_DIGEST.hex()[:32]}.marshal"


def _two_dicts(value) -> bool:
    return type(value) is tuple and len(value) == 2 and all(type(d) is dict for d in value)


def load_counts():
    """wordsegment's (unigrams, bigrams), from a marshal copy made earlier, or None."""
    folder, name = _folder(), _counts_name()
    if folder is None:
        return None
    return _read(folder, name, _two_dicts, marshal.loads)


def store_counts(counts) -> None:
    folder, name = _folder(), _counts_name()
    if folder is not None:
        _write(folder, name, counts, marshal.dumps)
