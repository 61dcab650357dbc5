"""Files and folders: walking a tree at any depth, and telling regular files from the rest.

Kept free of heavy imports: the cache, the rule loader and the batch runner all use it.
"""

from __future__ import annotations

import errno
import os
import stat
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
