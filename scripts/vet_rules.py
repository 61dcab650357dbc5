#!/usr/bin/env python3
"""Vet rules before they join a pack: what the seed and clean prose say about each.

    python scripts/vet_rules.py dictionaries/newswire/everyday.yaml [--only ID ...]

For every rule of the file, one line:

* ``seed-kept``: how often an original occurs in the seed's gold restoration where the
  spinner left it alone (so it reads the same in the spun seed). The newswire spinner's
  table is deterministic, so an original it rewrites never survives: a count above zero
  contradicts a newswire rule ("fire" is in the seed unrewritten, so "hearth" -> "fire"
  is not this spinner's).
* ``seed-spun``: occurrences of the spun form in the spun seed.
* ``clean``: occurrences of the spun form in clean State of the Union addresses since 1945
  (how ordinary it is in English; a rule for a common word must wait for the document test).
* ``pair``: for a phrase, the rarest word pair of its spun form in the 1T-word counts
  (below 100,000, the data never saw it: a spinner-only phrase).

Rules whose line starts with ``!`` are contradicted by the seed.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from corpora import GOLD, restored_text, seed_text, sotu_texts
from synthetic import phrase_counts

from despin.judge.context import ContextModel
from despin.rules.load import load_rules
from despin.text.tokens import compile_pattern


def counts(phrases: list[str], texts: list[str]) -> Counter:
    return phrase_counts("\n\n".join(texts), phrases)  # no phrase crosses a blank line


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("file", type=Path)
    ap.add_argument("--only", nargs="*", help="rule ids to vet (default: all)")
    args = ap.parse_args()
    import csv

    rules = [r for r in load_rules([args.file]) if not args.only or r.id in args.only]
    originals = sorted({o.lower() for r in rules for o in r.originals})
    spun_forms = sorted({s.lower() for r in rules for s in r.spun})
    restored = restored_text()
    in_gold = counts(originals, [restored])
    with GOLD.open(encoding="utf-8") as f:  # originals the spinner rewrote
        written = counts(originals, [r["original"] for r in csv.DictReader(f, delimiter="\t")])
    seed = seed_text()
    seed_spun = counts(spun_forms, [seed])
    # a kept original reads the same in the spun seed: "told reporters" is not kept where
    # the spinner wrote "advised reporters", though no artifact row spells out the phrase
    in_spun = counts(originals, [seed])
    clean = counts(spun_forms, [text for _, text in sotu_texts(since=1945)])
    context = ContextModel()
    for r in rules:
        kept = sum(min(max(0, in_gold[o.lower()] - written[o.lower()]), in_spun[o.lower()])
                   for o in r.originals)
        for form in r.spun:
            words = compile_pattern(form).words
            pair = min((context.pair(a, b) for a, b in zip(words, words[1:])), default=None)
            print(f"{'!' if kept else ' '} {r.id:40} {form!r:28} -> {r.original!r:22} "
                  f"seed-kept {kept:2}  seed-spun {seed_spun[form.lower()]:2}  "
                  f"clean {clean[form.lower()]:4}"
                  + (f"  pair {pair:,.0f}" if pair is not None else ""))


if __name__ == "__main__":
    main()
