#!/usr/bin/env python3
"""Does a second restore change anything? A fuzz over word salad made from the seed.

    python benchmarks/idempotence.py [--seed 2] [--texts 3000] [--mixed]

Each text is 20 to 300 words drawn from the spun seed, with code, tag and address marks
mixed in (one word in seven) and joined by spaces, line breaks, slashes or nothing: text
no writer makes, where rules meet in every order. With --mixed, 10 to 200 words drawn
from one of: the seed, the tortured-phrase list, spun State of the Union addresses, or two
of them together, joined by spaces, line breaks, commas or full stops (packs meet). Prints
the texts whose restoration a second restore changes (by their number), and how many.
"""

from __future__ import annotations

import argparse
import random

from corpora import ROOT, seed_text
MARKS = ['<a href="x">', "</a>", "`", "```", "https://x.com/", "www.", "@", "/", "a/b/", "~/",
         "./", "<!--", "-->", "<b>", "an", "a", "mail@x.co"]


def salad(rng: random.Random, words: list[str]) -> str:
    parts = [rng.choice(MARKS) if rng.random() < 0.15 else rng.choice(words)
             for _ in range(rng.randint(20, 300))]
    return "".join(p + rng.choice([" ", " ", " ", "", "\n", "/"]) for p in parts)


def mixed_pools() -> list[list[str]]:
    import csv

    from synthetic import spun_corpus

    seed = seed_text().split()
    with (ROOT / "data" / "tortured-phrases.tsv").open(encoding="utf-8") as f:
        tortured = [w for row in csv.reader(f, delimiter="\t") for w in row[0].split()]
    spun = [w for k, (_, _, text, _) in zip(range(5), spun_corpus()) for w in text.split()]
    return [seed, tortured, spun, seed + tortured, spun + tortured]


def mixed(rng: random.Random, pools: list[list[str]]) -> str:
    pool = rng.choice(pools)
    words = [rng.choice(pool) for _ in range(rng.randint(10, 200))]
    return "".join(w + rng.choice([" ", " ", " ", "\n", ", ", ". "]) for w in words)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=2, help="random seed")
    ap.add_argument("--texts", type=int, default=3000)
    ap.add_argument("--mixed", action="store_true", help="words of several packs' texts")
    ap.add_argument("--min-confidence", type=float, default=0.5,
                    help="restore with this confidence floor (default: %(default)s)")
    args = ap.parse_args()
    import despin

    r = despin.default_restorer().with_options(min_confidence=args.min_confidence)
    words = seed_text().split()
    pools = mixed_pools() if args.mixed else None
    rng = random.Random(args.seed)
    bad = 0
    for k in range(args.texts):
        text = mixed(rng, pools) if pools else salad(rng, words)
        once = r.explain(text)
        if r.restore(once.text) != once.text or despin.apply(text, once.changes) != once.text:
            bad += 1
            print(f"text {k}: a second restore changes it")
    print(f"{bad} of {args.texts} texts (seed {args.seed}) change on a second restore")


if __name__ == "__main__":
    main()
