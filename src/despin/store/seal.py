"""Seal cache entries so that despin reads back only what it wrote itself.

An entry is MAGIC, an HMAC-SHA256 tag, then the payload. The tag covers the entry's name
and payload, keyed by a per-user secret of 32 random bytes kept in the cache folder as
``secret.key``. The tag is checked before a byte of the payload is parsed, so a pickle
planted in the folder, or an entry moved under another entry's name, is never unpickled.

The folder is kept at mode 0700 and the secret at 0600, both owned by the user: a folder
owned by someone else, or one that cannot be made private, is not used at all; a secret
that others could have read or replaced is replaced (the entries sealed with it are then
rebuilt).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import stat
import tempfile
from pathlib import Path

MAGIC = b"despin-sealed-1\n"
SECRET_NAME = "secret.key"
_SECRET_BYTES = 32
_TAG_BYTES = hashlib.sha256().digest_size
_secrets: dict[Path, bytes] = {}  # read once per process and folder


def _mine(st: os.stat_result) -> bool:
    return not hasattr(os, "getuid") or st.st_uid == os.getuid()


def _private_folder(folder: Path) -> bool:
    """Make ``folder`` (mode 0700); False if it is not the user's own."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = os.stat(folder)
        if not stat.S_ISDIR(st.st_mode) or not _mine(st):
            return False
        if st.st_mode & 0o077:  # an older despin made it 0755
            os.chmod(folder, 0o700)
        return True
    except OSError:
        return False


def _read_secret(path: Path) -> bytes | None:
    """The secret, if it is a regular file of the user's that no one else may read."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    with os.fdopen(fd, "rb") as f:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or not _mine(st) or st.st_mode & 0o077:
            return None
        data = f.read(_SECRET_BYTES + 1)
    return data if len(data) == _SECRET_BYTES else None


def _new_secret(path: Path) -> bytes | None:
    """Create the secret atomically: written in full to a 0600 temporary file (mkstemp's
    mode), then linked into place, so no process ever reads half a secret. If another
    process linked one first, that one is used."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".secret.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(os.urandom(_SECRET_BYTES))
            f.flush()
            os.fsync(f.fileno())
        try:
            os.link(tmp, path)
        except FileExistsError:
            found = _read_secret(path)
            if found is not None:
                return found
            os.replace(tmp, path)  # a bad one (readable by others, not ours): replace it
        return _read_secret(path)
    finally:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass


def secret(folder: Path) -> bytes | None:
    """The user's secret for ``folder``, made on first use; None if the folder cannot be
    trusted or written (the cache is then not used)."""
    folder = Path(os.path.abspath(folder))  # the same folder after a change of directory
    if folder in _secrets:
        return _secrets[folder]
    found = None
    if _private_folder(folder):
        path = folder / SECRET_NAME
        try:
            found = _read_secret(path) or _new_secret(path)
        except OSError:
            found = None
    _secrets[folder] = found
    return found


def _tag(key: bytes, name: str, payload) -> bytes:
    mac = hmac.new(key, MAGIC, hashlib.sha256)
    mac.update(name.encode("utf-8") + b"\0")  # the name is bound: no entry passes as another
    mac.update(payload)
    return mac.digest()


def header(key: bytes, name: str, payload) -> bytes:
    """What goes before ``payload`` in the entry called ``name``."""
    return MAGIC + _tag(key, name, payload)


def unseal(key: bytes, name: str, blob: bytes) -> memoryview | None:
    """The payload of the entry ``name``, or None unless ``key`` sealed it with that name."""
    start = len(MAGIC) + _TAG_BYTES
    if len(blob) < start or not blob.startswith(MAGIC):
        return None
    payload = memoryview(blob)[start:]
    if not hmac.compare_digest(blob[len(MAGIC):start], _tag(key, name, payload)):
        return None
    return payload
