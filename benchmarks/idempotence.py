#!/usr/bin/env python3
"""Does a second restore change anything? A fuzz over word salad.

    python benchmarks/idempotence.py [--seed 2] [--texts 3000] [--mixed | --phrases]
                                     [--spun auto|yes|no|all] [--min-confidence 0.5 ...] [--save]

Each text is 20 to 300 words drawn from the spun seed, with code, tag and address marks
mixed in (one word in seven) and joined by spaces, line breaks, slashes or nothing: text
no writer makes, where rules meet in every order. With --mixed, 10 to 200 words drawn
from one of: the seed, the tortured-phrase list, spun State of the Union addresses, or two
of them together, joined by spaces, line breaks, commas or full stops (packs meet). With
--phrases, 1 to 15 pieces: the spun forms and originals of the built-in rules (any pack),
whose words a tab, a hyphen, a line break or a run of white space may part, in lower,
title or upper case, with numbers and apostrophes beside them, and a few short words
between.

Each text is restored with every --spun mode asked for (all: auto, yes and no) at each
--min-confidence. Prints the texts whose restoration a second restore changes (by their
number and mode), and how many per mode.
"""

from __future__ import annotations

import argparse
import random
import sys

from corpora import ROOT, seed_text
from results import save

MARKS = ['<a href="x">', "</a>", "`", "```", "https://x.com/", "www.", "@", "/", "a/b/", "~/",
         "./", "<!--", "-->", "<b>", "an", "a", "mail@x.co"]
# --phrases: what parts the words of a phrase, what comes between pieces, and beside them
INSIDE = [" "] * 6 + ["\t", "-", "\n", "  ", "\r\n"]
BETWEEN = [" "] * 5 + ["\t", "-", "\n", ", ", ". ", "\n\n", "/", "", "'s "]
BESIDE = ["'s", "’s", " 5", " 1000's", "'"]
BEFORE = ["5 ", "1000's ", "$5 "]
FILLERS = ["the", "a", "of", "and", "in", "5", "1000's", "2020", "’s", "'s", "U.S.", "May",
           "said"]
CASES = [str, str, str.lower, str.title, str.upper]
SPUN = {"auto": None, "yes": True, "no": False}


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


def pack_phrases(restorer) -> dict[str, list[str]]:
    """The spun forms and originals of the restorer's rules, by pack (sorted)."""
    by_pack: dict[str, set[str]] = {}
    for rule in restorer.rules:
        by_pack.setdefault(rule.pack, set()).update(rule.spun, rule.originals)
    return {pack: sorted(forms) for pack, forms in sorted(by_pack.items())}


def phrase(rng: random.Random, by_pack: dict[str, list[str]]) -> str:
    """A phrase of a random pack, its words parted as INSIDE, cased and flanked at random."""
    words = rng.choice(by_pack[rng.choice(sorted(by_pack))]).split(" ")
    out = words[0] + "".join(rng.choice(INSIDE) + w for w in words[1:])
    out = rng.choice(CASES)(out)
    if rng.random() < 0.1:
        out += rng.choice(BESIDE)
    if rng.random() < 0.05:
        out = rng.choice(BEFORE) + out
    return out


def phrases(rng: random.Random, by_pack: dict[str, list[str]]) -> str:
    pieces = [phrase(rng, by_pack) if rng.random() < 0.75 else rng.choice(FILLERS)
              for _ in range(rng.choice([1, 2, 2, 3, 3, 4, 5, 8, 15]))]
    return "".join(p + rng.choice(BETWEEN) for p in pieces[:-1]) + pieces[-1] \
        + rng.choice(["", "\n", "."])


def breaks(r, text: str) -> bool:
    """Does a second restore change the text, or do the changes not replay?"""
    import despin

    once = r.explain(text)
    return r.restore(once.text) != once.text or despin.apply(text, once.changes) != once.text


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=2, help="random seed")
    ap.add_argument("--texts", type=int, default=3000)
    kind = ap.add_mutually_exclusive_group()
    kind.add_argument("--mixed", action="store_true", help="words of several packs' texts")
    kind.add_argument("--phrases", action="store_true", help="the rules' phrases, parted and cased")
    ap.add_argument("--spun", choices=[*SPUN, "all"], default="auto",
                    help="the document test, as `despin restore --spun` (default: %(default)s)")
    ap.add_argument("--min-confidence", type=float, nargs="+", default=[0.5],
                    help="restore with each of these confidence floors (default: 0.5)")
    ap.add_argument("--save", action="store_true",
                    help="also write the totals into benchmarks/results.md")
    args = ap.parse_args()
    import despin

    base = despin.default_restorer()
    modes = [(spun, floor) for spun in (SPUN if args.spun == "all" else [args.spun])
             for floor in args.min_confidence]
    restorers = {mode: base.with_options(assume_spun=SPUN[mode[0]], min_confidence=mode[1])
                 for mode in modes}
    words = seed_text().split()
    pools = mixed_pools() if args.mixed else None
    by_pack = pack_phrases(base) if args.phrases else None
    rng = random.Random(args.seed)
    bad = dict.fromkeys(modes, 0)
    for k in range(args.texts):
        text = mixed(rng, pools) if pools else phrases(rng, by_pack) if by_pack \
            else salad(rng, words)
        for (spun, floor), r in restorers.items():
            if breaks(r, text):
                bad[spun, floor] += 1
                print(f"text {k} (--spun {spun}, --min-confidence {floor}): "
                      "a second restore changes it")
    totals = [f"{n} of {args.texts} texts (seed {args.seed}, --spun {spun}, "
              f"--min-confidence {floor}) change on a second restore"
              for (spun, floor), n in bad.items()]
    print("\n".join(totals))
    if args.save:
        kind = "mixed" if args.mixed else "phrases" if args.phrases else "salad"
        command = " ".join(["python benchmarks/idempotence.py", *sys.argv[1:]]).replace(" --save", "")
        save(f"idempotence.py-{kind}", f"A second restore changes nothing ({kind})", command, totals)


if __name__ == "__main__":
    main()
