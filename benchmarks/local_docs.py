#!/usr/bin/env python3
"""Clean text this machine already has, which no build step reads: how much despin changes.

    python benchmarks/local_docs.py [--show N]

The documents: every readable UTF-8 text file under /usr/share/doc (gzipped ones
included) and /usr/share/common-licenses, the METADATA of every installed Python package
(their READMEs; despin's own is left out, since it quotes spun text), Python's reference
topics (pydoc_data), and the man pages (troff source, font escapes taken out). Changelogs,
licences, manuals and READMEs: clean technical English, none of it spun. The set differs
from machine to machine (Debian's packages, the virtual environment), so compare figures
from one machine only. Prints the documents, words, documents judged spun, changes and
the rules behind them, and the first N changes in context.
"""

from __future__ import annotations

import argparse
import gzip
import re
import site
import sys
from collections import Counter
from pathlib import Path

MAX_BYTES = 2_000_000
_FONT = re.compile(r"\\f[BIRP]")  # troff's "\\fBword\\fR" would glue words to "fB"


def _read(path: Path) -> str | None:
    """The file as UTF-8 text (gunzipped), or None when it is not that."""
    try:
        if path.suffix == ".gz":
            with gzip.open(path) as f:
                data = f.read()
        else:
            data = path.read_bytes()
        text = data.decode("utf-8")
    except (OSError, EOFError, UnicodeDecodeError, gzip.BadGzipFile):
        return None
    return text if "\x00" not in text and len(data) <= MAX_BYTES else None


def documents():
    """(name, text) of every document, in a stable order."""
    paths: list[Path] = []
    for root in (Path("/usr/share/doc"), Path("/usr/share/common-licenses")):
        if root.is_dir():
            paths += [p for p in root.rglob("*") if p.is_file() and not p.is_symlink()]
    for folder in {*site.getsitepackages(), site.getusersitepackages(), *sys.path}:
        paths += Path(folder).glob("*.dist-info/METADATA") if Path(folder).is_dir() else []
    # despin's own README quotes spun text on purpose ("Chilly Struggle"): not clean text
    paths = [p for p in paths if not p.parent.name.startswith("despin-")]
    for path in sorted(set(paths)):
        text = _read(path)
        if text is not None:
            yield str(path), text
    from pydoc_data.topics import topics

    for name, text in sorted(topics.items()):
        yield f"pydoc_data:{name}", text
    for path in sorted(Path("/usr/share/man").glob("man*/*.gz")):
        text = _read(path)
        if text is not None:
            yield str(path), _FONT.sub("", text)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show", type=int, default=20, help="changes to print in context")
    args = ap.parse_args()
    import despin

    restorer = despin.default_restorer()
    docs = words = judged = 0
    changes = []
    for name, text in documents():
        docs += 1
        words += len(text.split())
        result = restorer.explain(text, evidence=False)
        judged += result.detection.spun
        for c in result.changes:
            around = text[max(0, c.start - 40):c.end + 40].replace("\n", " ")
            changes.append((name, c.before, c.after, c.rule, around))
    print(f"{docs} documents, {words} words: {judged} judged spun, {len(changes)} changes "
          f"({1000 * len(changes) / max(words, 1):.4f} per 1,000 words)")
    for rule, n in Counter(c[3] for c in changes).most_common():
        print(f"  {n:4}  {rule}")
    for name, before, after, rule, around in changes[:args.show]:
        print(f"{name}: {rule}: {before!r} -> {after!r}  | {around}")


if __name__ == "__main__":
    main()
