"""A cache of compiled, validated rule sets, so that start-up does not parse and check
thousands of YAML rules every time.

The key is a hash of despin's own source and of every rule file's bytes; an entry is a
pickled Restorer. The folder is $DESPIN_CACHE_DIR, else $XDG_CACHE_HOME/despin, else
~/.cache/despin; DESPIN_CACHE_DIR=off turns the cache off. A cache that cannot be read or
written is ignored: it only ever saves time.

Each change of the source or of a rule file makes a new entry (a compiled restorer is about
8 MB), so the folder keeps only the most recently used ones: KEEP_RESTORERS compiled rule
sets and KEEP_FILES parsed files. Reading an entry marks it used.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
from contextlib import contextmanager
from pathlib import Path

from .files import AtomicWriter, write_atomic

_SOURCE = Path(__file__).resolve().parent
KEEP_RESTORERS = 8
KEEP_FILES = 64


def _folder() -> Path | None:
    setting = os.environ.get("DESPIN_CACHE_DIR")
    if setting == "off":
        return None
    if setting:
        return Path(setting)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "despin"


def _source_digest() -> bytes:
    h = hashlib.sha256()
    for f in sorted(_SOURCE.glob("*.py")):
        h.update(f.name.encode())
        h.update(f.read_bytes())
    return h.digest()


# Read when despin is imported, not when an entry is stored: a process that runs old code
# while its source is edited must not file what it compiled under the new source's key.
try:
    _SOURCE_DIGEST: bytes | None = _source_digest()
except OSError:
    _SOURCE_DIGEST = None


def _key(paths, extra=()) -> str | None:
    from .rules import rule_files

    if _SOURCE_DIGEST is None:
        return None
    h = hashlib.sha256(_SOURCE_DIGEST)
    h.update(repr(list(extra)).encode())
    try:
        for f in rule_files(paths):
            if not Path(f).is_file():  # a FIFO or a device: the loader names it, unread
                return None
            h.update(str(Path(f).resolve()).encode())
            h.update(Path(f).read_bytes())
    except OSError:
        return None
    return h.hexdigest()[:32]


def load(paths, extra=()):
    folder, key = _folder(), _key(paths, extra)
    if folder is None or key is None:
        return None
    return _read(folder / f"{key}.pickle")


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


def _read(path: Path):
    # a compiled restorer is about a million objects and no reference cycle: the collector
    # would scan them again and again while they are made (load 0.28 s with it, 0.14 without)
    with collector_paused():
        try:
            with open(path, "rb") as f:
                value = pickle.load(f)
        except Exception:  # noqa: BLE001 - a missing or stale entry only costs time
            return None
    try:
        os.utime(path)  # used now: the last to be pruned
    except OSError:
        pass
    return value


def store(paths, restorer, extra=()) -> None:
    folder, key = _folder(), _key(paths, extra)
    if folder is not None and key is not None:
        _write(folder, key, restorer)


def _write(folder: Path, key: str, value) -> None:
    try:
        with AtomicWriter(folder / f"{key}.pickle", binary=True) as w:
            pickle.dump(value, w.file, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - the cache only ever saves time
        return
    _prune(folder, key.startswith("file-"))


def _prune(folder: Path, files: bool) -> None:
    """Delete all but the most recently used entries of the kind just written."""
    keep = KEEP_FILES if files else KEEP_RESTORERS
    try:
        entries = [p for p in folder.glob("*.pickle") if p.name.startswith("file-") == files]
        if len(entries) <= keep:
            return
        dated = []
        for p in entries:
            try:
                dated.append((p.stat().st_mtime_ns, p))
            except OSError:  # another process pruned it first
                continue
        dated.sort(reverse=True)
        for _, p in dated[keep:]:
            p.unlink(missing_ok=True)
    except OSError:
        pass


def _file_key(path) -> str | None:
    h = hashlib.sha256()
    if not Path(path).is_file():
        return None
    try:
        h.update((_SOURCE / "rules.py").read_bytes())
        h.update(str(Path(path).resolve()).encode())
        h.update(Path(path).read_bytes())
    except OSError:
        return None
    return "file-" + h.hexdigest()[:32]


def load_file(path):
    """The rules parsed from this file's exact bytes before, or None."""
    folder, key = _folder(), _file_key(path)
    if folder is None or key is None:
        return None
    return _read(folder / f"{key}.pickle")


def store_file(path, rules) -> None:
    folder, key = _folder(), _file_key(path)
    if folder is not None and key is not None:
        _write(folder, key, rules)


def _counts_path() -> Path | None:
    folder = _folder()
    if folder is None:
        return None
    try:
        import wordsegment

        version = Path(wordsegment.__file__).stat().st_mtime_ns
    except (ImportError, OSError):
        return None
    return folder / f"wordsegment-{version}.marshal"


def load_counts():
    """wordsegment's (unigrams, bigrams), from a marshal copy made earlier, or None."""
    import marshal

    path = _counts_path()
    if path is None:
        return None
    try:
        return marshal.loads(path.read_bytes())
    except Exception:  # noqa: BLE001
        return None


def store_counts(counts) -> None:
    import marshal

    path = _counts_path()
    if path is None:
        return
    try:
        write_atomic(path, marshal.dumps(counts))
    except Exception:  # noqa: BLE001 - the cache only ever saves time
        pass
