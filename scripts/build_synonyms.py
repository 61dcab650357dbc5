#!/usr/bin/env python3
"""Build src/despin/data/synonyms.tsv.gz, the compact thesaurus behind unseen restorations.

From WordNet 3.0 (Debian package wordnet-base: /usr/share/wordnet; Princeton's WordNet 3.0
licence, copied to src/despin/data/WORDNET-LICENSE.txt, which must ship with the table).
Each line: part of speech, a lemma, and the single-word lemmas that share a synset with it,
keeping only words English uses often enough for a spinner's table (wordsegment count of at
least MIN_COUNT). Synsets are symmetric, so the table is its own inverse: the words a
spinner may have replaced with w are w's synonyms.

Run: python scripts/build_synonyms.py [WORDNET_DIR]
"""

from __future__ import annotations

import gzip
import sys
from collections import defaultdict
from pathlib import Path

from corpora import ROOT

from despin.judge.context import ContextModel

OUT = ROOT / "src" / "despin" / "data" / "synonyms.tsv.gz"
MIN_COUNT = 2_000_000
POS = {"noun": "n", "verb": "v", "adj": "a", "adv": "r"}


def main() -> None:
    wordnet = Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/wordnet")
    context = ContextModel()
    table: dict[tuple[str, str], set[str]] = defaultdict(set)
    for name, pos in POS.items():
        for line in (wordnet / f"data.{name}").read_text(encoding="latin-1").splitlines():
            if line.startswith("  "):
                continue  # the licence header
            fields = line.split()
            count = int(fields[3], 16)
            words = [fields[4 + 2 * k].lower() for k in range(count)]
            words = [w.split("(")[0] for w in words if w.isalpha() or "(" in w]
            words = [w for w in dict.fromkeys(words) if w.isalpha()
                     and context.count(w) >= MIN_COUNT]
            for w in words:
                table[(pos, w)].update(x for x in words if x != w)
    rows = sorted((pos, w, " ".join(sorted(s))) for (pos, w), s in table.items() if s)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(OUT, "wt", encoding="utf-8") as f:
        f.write("# WordNet 3.0 synonyms (Princeton University; see WORDNET-LICENSE.txt), "
                "built by scripts/build_synonyms.py\n")
        for pos, w, syns in rows:
            f.write(f"{pos}\t{w}\t{syns}\n")
    print(f"wrote {OUT.relative_to(ROOT)}: {len(rows)} lemmas, {OUT.stat().st_size} bytes",
          file=sys.stderr)


if __name__ == "__main__":
    main()
