"""What a cache entry is made with, as digests: despin's own source files, and the Python
and library versions that shape compiled rules. A cache key includes them, so that an
upgrade or an edit never loads what older code compiled.

Both are read once, when despin is imported, not when an entry is stored: a process that
runs old code while its source or a library is updated must not file what it compiled
under the new key.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
from pathlib import Path

SOURCE = Path(__file__).resolve().parent.parent  # the package: despin/
# Every runtime dependency but tqdm (progress bars) shapes what is cached: PyYAML parses the
# rules, regex compiles their patterns, wordsegment's counts give clean rates and variants,
# lemminflect the inflections, pyahocorasick and rapidfuzz the matchers. (distribution, module)
LIBRARIES = (("PyYAML", "yaml"), ("regex", "regex"), ("wordsegment", "wordsegment"),
             ("lemminflect", "lemminflect"), ("pyahocorasick", "ahocorasick"),
             ("rapidfuzz", "rapidfuzz"))


def source_digest(root: Path = SOURCE) -> bytes:
    """A hash of every .py file below ``root`` (the package and any subpackage)."""
    h = hashlib.sha256()
    for f in sorted(root.rglob("*.py")):
        data = f.read_bytes()
        name = f.relative_to(root).as_posix().encode()
        h.update(len(name).to_bytes(4, "big") + name + len(data).to_bytes(8, "big"))
        h.update(data)
    return h.digest()


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()  # as a .dist-info folder spells it


def library_versions() -> dict[str, str]:
    """Each library's version, from the names of the ``NAME-VERSION.dist-info`` folders on
    sys.path (the first found is the one imported): importlib.metadata would give the same
    but takes some 50 ms to import, a tenth of a warm start. A library found no such way is
    stamped with its module file's modification time, which a reinstall changes."""
    wanted = {_normal(dist) for dist, _ in LIBRARIES}
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:  # a zip file, or a folder that is gone
            continue
        for name in names:
            if name.endswith(".dist-info"):
                dist, _, version = name[:-len(".dist-info")].partition("-")
                if _normal(dist) in wanted:
                    found.setdefault(_normal(dist), version)
    return {dist: found.get(_normal(dist)) or _stamp(module) for dist, module in LIBRARIES}


def _stamp(module: str) -> str:
    from importlib.util import find_spec

    try:
        return f"mtime {os.stat(find_spec(module).origin).st_mtime_ns}"
    except (ImportError, ValueError, TypeError, AttributeError, OSError):
        return "absent"


def runtime_digest() -> bytes:
    """A hash of the Python version and of the libraries' versions."""
    versions = sorted(library_versions().items())
    return hashlib.sha256(repr((sys.version, versions)).encode()).digest()


try:
    SOURCE_DIGEST: bytes | None = source_digest()
except OSError:  # a file that cannot be read: no key, no cache
    SOURCE_DIGEST = None
RUNTIME_DIGEST = runtime_digest()
