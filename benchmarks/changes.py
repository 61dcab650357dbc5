#!/usr/bin/env python3
"""Every change despin makes on the benchmark texts, as one hash per set: a refactor that
must not move behaviour leaves every hash as it is.

    python benchmarks/changes.py [--spun auto|yes] [--list SET]

The sets: the seed; State of the Union addresses since 2001 spun with the seed's table,
and those since 1945 as written (clean); the topic articles (benchmarks/topics); the real
spun pages (benchmarks/realscore.py's documents); the held-out tortured phrases, each in
a sentence. A change is hashed with its set, text, span, before, after, rule and
confidence (to six places) and evidence; the detection with its verdict, pack, score
and evidence. Prints, per
set, the texts, the changes and the hash; ``--list SET`` prints that set's changes, one a
line, to compare two trees with diff.
"""

from __future__ import annotations

import argparse
import hashlib
from collections.abc import Iterator

from corpora import ROOT, TORTURED_HOLDOUT, real_pair_files, seed_text, sotu_texts, \
    tortured_held_out
from realscore import documents
from suggestions import LISTED, SENTENCE
from synthetic import spun_corpus


def sets() -> Iterator[tuple[str, list[tuple[str, str]]]]:
    """(set name, [(text name, text)])."""
    yield "seed", [("seed", seed_text())]
    yield "sotu-spun", [(name, spun) for name, _, spun, _ in spun_corpus(2001)]
    yield "sotu-clean", list(sotu_texts(1945))
    yield "topics", [(p.stem, p.read_text(encoding="utf-8"))
                     for p in sorted((ROOT / "benchmarks" / "topics").glob("*.txt"))]
    yield "real-pages", [(url, spun) for story in documents(real_pair_files()).values()
                         for url, (spun, _) in story.items()]
    if TORTURED_HOLDOUT.is_file():
        yield "tortured-held-out", [
            (row["spun"], SENTENCE.format(listed=LISTED, phrase=row["spun"].strip()))
            for row in tortured_held_out()]


def lines_of(restorer, texts: list[tuple[str, str]]) -> Iterator[str]:
    for name, text in texts:
        result = restorer.explain(text)
        d = result.detection
        yield f"{name}\tdetect\t{d.spun}\t{d.pack}\t{d.score:.6f}\t{' | '.join(d.evidence)}"
        for c in result.changes:
            yield (f"{name}\t{c.start}\t{c.end}\t{c.before}\t{c.after}\t{c.rule}\t"
                   f"{c.confidence:.6f}\t{' | '.join(c.evidence)}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--spun", choices=["auto", "yes"], default="auto",
                    help="the document test decides (auto), or every text is taken as spun")
    ap.add_argument("--list", metavar="SET", help="print that set's changes, one a line")
    args = ap.parse_args()
    import despin

    restorer = despin.default_restorer()
    if args.spun == "yes":
        restorer = restorer.with_options(assume_spun=True)
    for name, texts in sets():
        if args.list and args.list != name:
            continue
        digest, changes = hashlib.sha256(), 0
        for line in lines_of(restorer, texts):
            digest.update(line.encode() + b"\n")
            changes += "\tdetect\t" not in line
            if args.list:
                print(line)
        if not args.list:
            print(f"{name:18} {len(texts):6} texts {changes:7} changes  {digest.hexdigest()[:16]}")


if __name__ == "__main__":
    main()
