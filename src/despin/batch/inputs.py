"""Inputs found and read safely: folders walked at any depth, files that are not regular
(FIFOs, devices, sockets, broken links, link loops) named instead of read, encodings
told by their byte-order mark, binary or undecodable files named by byte and line, and a
large file read a block at a time (blocks.py). What cannot be read is a :class:`Skip`
with its reason.
"""

from __future__ import annotations

import codecs
import os
import stat
from pathlib import Path
from typing import Iterable, Iterator

from ..store.files import not_regular, walk
from ..text import blocks

PIECE = 1 << 16  # bytes read at a time from a file read in blocks
SNIFF = 8192  # bytes looked at for a NUL (a binary file)


class Skip(Exception):
    """An input that cannot be processed; the message says why."""


# --- finding inputs ------------------------------------------------------------------


def find_inputs(paths: Iterable[str], glob: str,
                skip_folder: str | None = None) -> Iterator[tuple[str, str | None, str | None]]:
    """(path, base folder or None, skip reason or None) for every input, in a stable order.

    Folders are walked at any depth, following links to folders but never into a loop, and
    never into ``skip_folder`` (the output folder: "restore articles -o articles/restored"
    run twice must not take the first run's output for input). Anything that is not a
    regular file once links are resolved (a FIFO, a device, a socket) is skipped with its
    reason: reading it would never end.
    """
    skip = _identity(Path(skip_folder)) if skip_folder else None
    for p in paths:
        if p == "-":
            yield p, None, None
            continue
        path = Path(p)
        if path.is_dir():
            for found, problem in walk(path, skip=skip):
                if problem:
                    yield str(found), str(path), problem
                elif found.match(glob):
                    yield str(found), str(path), _file_problem(found)
        else:
            yield p, None, _file_problem(path)


def _file_problem(path: Path) -> str | None:
    """Why ``path`` cannot be an input (a broken link, a link loop, not a regular file), or
    None (a file that cannot be read at all is named when it is read)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return _link_problem(path) if path.is_symlink() else None
    return not_regular(mode)


def _link_problem(path: Path) -> str:
    try:
        path.resolve(strict=True)
    except RuntimeError:
        return "symlink loop"
    except OSError as exc:
        if "loop" in str(exc).lower() or getattr(exc, "errno", None) == 40:
            return "symlink loop"
        return f"broken symlink ({exc.strerror or exc})"
    return "broken symlink"


def _identity(folder: Path) -> tuple[int, int] | None:
    try:
        st = folder.stat()
    except OSError:
        return None
    return st.st_dev, st.st_ino


# --- reading ---------------------------------------------------------------------------


_BOMS = ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


def encoding_of(head: bytes) -> str:
    """How a file that starts with ``head`` is read: UTF-16 (of its byte order) when it
    opens with a UTF-16 byte-order mark, else UTF-8. The mark stays in the text as U+FEFF
    (as a UTF-8 one does), so that the output, written in the same encoding, keeps it."""
    return next((name for bom, name in _BOMS if head.startswith(bom)), "utf-8")


def sniff_encoding(path: str) -> str:
    """The encoding of the file at ``path`` (:func:`encoding_of` its first bytes)."""
    try:
        with _open_regular(path) as f:
            return encoding_of(f.read(2))
    except OSError as exc:
        raise Skip(os_reason(exc)) from None


def _check_head(head: bytes, encoding: str) -> None:
    if encoding == "utf-8":
        if b"\x00" in head[:SNIFF]:
            raise Skip("binary file (contains NUL bytes)")
    elif "\x00" in head[:SNIFF].decode(encoding, "replace"):  # in UTF-16 a NUL is 2 bytes
        raise Skip("binary file (contains NUL characters)")


def _decode_error(data: bytes, exc: UnicodeDecodeError, encoding: str, offset: int = 0,
                  lines: int = 0) -> Skip:
    """``data`` read at byte ``offset``, after ``lines`` line breaks, does not decode."""
    at = offset + exc.start
    line = lines + data[:exc.start].decode(encoding, "replace").count("\n") + 1
    return Skip(f"invalid {encoding[:6].upper()} at byte {at} (line {line})")


def read_text(path: str, encoding: str | None = None) -> str:
    """The whole file as text, or Skip with the reason. ``encoding``: utf-8, utf-16-le or
    utf-16-be; by default, :func:`encoding_of` the file."""
    try:
        with _open_regular(path) as f:
            before = os.fstat(f.fileno())
            data = f.read()
        after = os.stat(path)
    except OSError as exc:
        raise Skip(os_reason(exc)) from None
    if (before.st_size, before.st_mtime_ns) != (after.st_size, after.st_mtime_ns) \
            or len(data) != after.st_size:
        raise Skip("file changed while it was read")
    if not data:
        raise Skip("empty file")
    return decode(data, encoding)


def decode(data: bytes, encoding: str | None = None) -> str:
    """``data`` as text, or Skip: binary (a NUL near the start), or not valid in its
    encoding (named by byte and line). ``encoding``: by default :func:`encoding_of` it."""
    encoding = encoding or encoding_of(data)
    _check_head(data, encoding)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise _decode_error(data, exc, encoding) from None


def _open_regular(path: str):
    """``path`` opened for reading in binary, or Skip when it is not a regular file. The
    open does not block (a FIFO with no writer would wait forever), and the check is on the
    file opened, so a file swapped for a FIFO after the walk is caught too."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise Skip("is a folder")
        problem = not_regular(mode)
        if problem:
            raise Skip(problem)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def os_reason(exc: OSError) -> str:
    if getattr(exc, "errno", None) == 40:
        return "symlink loop"
    return f"cannot read: {exc.strerror or exc}"


def read_blocks(path: str, limit: int | None = None, encoding: str = "utf-8") -> Iterator[str]:
    """The file as blocks of at most ``limit`` characters (blocks.py), read a piece at a
    time: only a block and a piece are held."""
    return blocks.stream(_pieces(path, encoding), limit)


def _pieces(path: str, encoding: str) -> Iterator[str]:
    """The file's text, decoded a piece at a time; Skip when it cannot be read, is empty or
    not text, or changes while it is read."""
    try:
        f = _open_regular(path)
        before = os.fstat(f.fileno())
    except OSError as exc:
        raise Skip(os_reason(exc)) from None
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    offset = lines = 0
    with f:
        while True:
            raw = f.read(PIECE)
            if not offset:
                if not raw:
                    raise Skip("empty file")
                _check_head(raw, encoding)
            try:
                piece = decoder.decode(raw, final=not raw)
            except UnicodeDecodeError as exc:
                raise _decode_error(raw, exc, encoding, offset, lines) from None
            yield piece
            if not raw:
                break
            offset += len(raw)
            lines += piece.count("\n")
        after = os.fstat(f.fileno())
    if (before.st_size, before.st_mtime_ns) != (after.st_size, after.st_mtime_ns):
        raise Skip("file changed while it was read")
