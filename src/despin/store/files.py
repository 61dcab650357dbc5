"""Files and folders: walking a tree at any depth, telling regular files from the rest,
writing a file atomically (every file despin writes goes through :class:`AtomicWriter`), and
temporary files that neither a signal nor a killed run leaves behind for good.

Kept free of heavy imports: the cache, the rule loader and the batch runner all use it.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path
from typing import Iterator

_KINDS = ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"),
          (stat.S_ISDIR, "a folder"))


def not_regular(mode: int) -> str | None:
    """Why a file of this mode is not read ("not a regular file (a FIFO)"), or None for a
    regular file. A FIFO or a device never ends (or blocks): reading one would hang."""
    if stat.S_ISREG(mode):
        return None
    kind = next((name for test, name in _KINDS if test(mode)), "of an unknown kind")
    return f"not a regular file ({kind})"


def walk(root: Path, *, follow_links: bool = True,
         skip: tuple[int, int] | None = None) -> Iterator[tuple[Path, str | None]]:
    """Below ``root``, depth first in name order: ``(path, None)`` for everything that is
    not a folder, and ``(folder, reason)`` for a folder that cannot be entered.

    Iterative (an explicit stack), so a tree of any depth is walked. Links to folders are
    followed with ``follow_links`` but never into a loop; ``skip`` is the (device, inode) of
    a folder not to enter (an output folder inside an input folder).
    """
    seen: set[tuple[int, int]] = set()
    stack: list[Iterator] = [iter((root,))]
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        if isinstance(entry, os.DirEntry):
            try:
                is_dir = entry.is_dir(follow_symlinks=follow_links)
            except OSError:
                is_dir = False
            if not is_dir:
                yield Path(entry.path), None
                continue
            folder = Path(entry.path)
        else:
            folder = entry
        try:
            st = folder.stat()
        except OSError as exc:
            yield folder, f"cannot read folder: {exc.strerror or exc}"
            continue
        key = (st.st_dev, st.st_ino)
        if key == skip and folder != root:
            continue
        if key in seen:
            yield folder, "symlink loop (folder visited already)"
            continue
        seen.add(key)
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            yield folder, f"cannot list folder: {exc.strerror or exc}"
            continue
        stack.append(iter(entries))


def make_folders(folder: Path) -> None:
    """``mkdir -p`` without recursion (``Path.mkdir(parents=True)`` and ``os.makedirs``
    recurse once per missing level, and fail some thousand levels down)."""
    missing = []
    while not folder.is_dir():
        missing.append(folder)
        if folder.parent == folder:
            break
        folder = folder.parent
    for f in reversed(missing):
        try:
            f.mkdir()
        except FileExistsError:
            if not f.is_dir():
                raise NotADirectoryError(errno.ENOTDIR, f"{f} is not a folder", str(f)) from None


# --- temporary files ------------------------------------------------------------------

TEMPORARY = ".despin-tmp-"  # every temporary file despin makes: .despin-tmp-PID-XXXXXXXX-NAME
_live: set[str] = set()  # this process's temporary files: a signal that ends it removes them
_swept: set[str] = set()  # folders cleared of dead runs' leftovers by this process
_sweeping = [True]  # off in a worker of a cluster of several machines (no_sweeping)


def temporary(folder: Path, name: str, *, binary: bool = False, encoding: str = "utf-8"):
    """A new temporary file in ``folder`` (made if missing), as (path, open file). Its name
    holds this process's id, so that a later run can tell a killed run's leftover (which
    it removes, :func:`sweep`) from a live run's file."""
    make_folders(folder)
    sweep(folder)
    short = name.encode("utf-8", "surrogateescape")[:100].decode("utf-8", "ignore")
    fd, path = tempfile.mkstemp(dir=folder, prefix=f"{TEMPORARY}{os.getpid()}-",
                                suffix=f"-{short}")  # a name of 255 bytes stays legal
    _live.add(path)
    file = os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding=encoding, newline="")
    return path, file


def discard(path: str) -> None:
    """Remove a temporary file (it may be gone already)."""
    _live.discard(path)
    Path(path).unlink(missing_ok=True)


def remove_temporaries() -> None:
    """Remove every temporary file this process still has (a signal ends it)."""
    for path in list(_live):
        try:
            os.unlink(path)
        except OSError:
            pass


def sweep(folder: Path) -> None:
    """Remove the temporary files that runs which are gone (killed, or the machine
    stopped) left in ``folder``; once per folder per process. A file whose process still
    runs is left alone: it may be another run's work in progress."""
    key = os.path.abspath(folder)
    if key in _swept or not _sweeping[0]:
        return
    _swept.add(key)
    try:
        with os.scandir(folder) as entries:
            stale = [e.path for e in entries if e.name.startswith(TEMPORARY)
                     and _gone(e.name) and e.is_file(follow_symlinks=False)]
    except OSError:
        return
    for path in stale:
        try:
            os.unlink(path)
        except OSError:
            pass  # another run swept it first, or the folder is not ours to clean


def no_sweeping() -> None:
    """Never sweep in this process: it shares its folders with other machines' processes,
    whose ids say nothing here (a Dask worker of a cluster)."""
    _sweeping[0] = False


def _gone(name: str) -> bool:
    """Has the process that made the temporary file ``name`` ended?"""
    pid = name[len(TEMPORARY):].split("-", 1)[0]
    if not pid.isdigit() or int(pid) <= 0:
        return False  # not a name despin gives
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False  # alive, another user's
    return False


# --- writing ------------------------------------------------------------------------


class CannotWrite(OSError):
    """An output that could not be written: ``str()`` is "cannot write PATH: reason"."""

    def __init__(self, path, exc: OSError | str):
        reason = exc if isinstance(exc, str) else (exc.strerror or str(exc))
        super().__init__(f"cannot write {path}: {reason}")


class Changed(CannotWrite):
    """A file rewritten in place that changed after it was read: it is left as it is."""

    def __init__(self, path):
        OSError.__init__(self, "changed since it was read; left as it is")


class Linked(CannotWrite):
    """A file to rewrite in place that has other names (hard links): the rename would give
    this name a new file and leave the others the old text, and writing back into the
    one file could not be atomic; it is left as it is."""

    def __init__(self, path, links: int):
        OSError.__init__(self, f"has {links} hard links, which writing it in place would part; "
                               "left as it is (restore it with -o DIR)")


def identity(path: str | Path) -> tuple[int, int, int]:
    """What tells a file from an edited one: (size, mtime in ns, inode), links followed."""
    st = os.stat(path)
    return st.st_size, st.st_mtime_ns, st.st_ino


def _identity_or_none(path: Path) -> tuple[int, int, int] | None:
    try:
        return identity(path)
    except FileNotFoundError:
        return None


def umask() -> int:
    """The process's umask, read without changing it where the system tells it (Linux);
    elsewhere set and set back at once."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


class AtomicWriter:
    """Write to a temporary file beside ``path``; ``commit`` renames it into place, so that
    ``path`` is either as it was or complete. Text is written in ``encoding`` (UTF-8) with
    newlines as given; ``binary=True`` takes bytes. Any failure raises
    :class:`CannotWrite` naming ``path``. As a context manager: commit on success, abort
    on an exception.

    Where ``path`` is a symbolic link, the file it points to is written and the link
    stays. A file replaced keeps its mode, and its owner and group where the process may
    set them; a new file gets 0o666 less the umask, as ``open`` would give it. The rename
    gives the file a new inode: other hard links to it keep the old content.

    ``expect``: the :func:`identity` of the file as it was read (``--in-place``). Just
    before the rename the file is looked at again; if it changed since (an edit saved in
    the meantime), nothing is written and :class:`Changed` is raised, so the edit stays;
    if it has other hard links, nothing is written and :class:`Linked` is raised.
    """

    def __init__(self, path: str | Path, *, binary: bool = False, encoding: str = "utf-8",
                 expect: tuple[int, int, int] | None = None):
        self.path = Path(path)
        self.tmp = None
        self.expect = expect
        # a link is written through: the file it names changes, the link stays a link
        self.target = Path(os.path.realpath(self.path)) if self.path.is_symlink() else self.path
        if self.target.is_dir():
            raise CannotWrite(self.path, "is a folder")
        try:
            self.tmp, self.file = temporary(self.target.parent, self.target.name,
                                            binary=binary, encoding=encoding)
        except OSError as exc:
            raise CannotWrite(self.path, exc) from None

    def write(self, data) -> None:
        try:
            self.file.write(data)
        except OSError as exc:
            raise CannotWrite(self.path, exc) from None

    def commit(self) -> None:
        try:
            self.file.flush()
            fd = self.file.fileno()
            try:
                old = os.stat(self.target)
            except FileNotFoundError:
                os.fchmod(fd, 0o666 & ~umask())
            else:
                for uid in (old.st_uid, -1):  # before the mode: a chown clears set-id bits
                    try:
                        os.fchown(fd, uid, old.st_gid)
                        break
                    except OSError:
                        pass  # not allowed: the writer's own owner (and group), as cp gives
                os.fchmod(fd, old.st_mode & 0o7777)
            os.fsync(fd)
            self.file.close()
            if self.expect is not None and _identity_or_none(self.target) != self.expect:
                self.abort()
                raise Changed(self.path)
            if self.expect is not None and old.st_nlink > 1:
                self.abort()
                raise Linked(self.path, old.st_nlink)
            os.replace(self.tmp, self.target)
            _live.discard(self.tmp)
        except (Changed, Linked):
            raise
        except OSError as exc:
            raise CannotWrite(self.path, exc) from None

    def abort(self) -> None:
        if not self.file.closed:
            try:
                self.file.close()
            except OSError:
                pass  # a write that failed: the file is removed anyway
        discard(self.tmp)

    def keep(self) -> str:
        """Close the temporary file and give its path, instead of renaming it (a worker's
        restoration bound for standard output: the parent copies it out and discards it)."""
        try:
            self.file.close()
        except OSError as exc:
            raise CannotWrite(self.path, exc) from None
        return self.tmp

    def __enter__(self) -> "AtomicWriter":
        return self

    def __exit__(self, kind, value, traceback) -> None:
        if kind is None:
            self.commit()
        else:
            self.abort()


def write_atomic(path: str | Path, data: str | bytes) -> None:
    """``data`` (text or bytes) to ``path``, atomically (:class:`AtomicWriter`)."""
    with AtomicWriter(path, binary=isinstance(data, bytes)) as w:
        w.write(data)
