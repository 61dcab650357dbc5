#!/usr/bin/env python3
"""How much of a new page's spinner table can despin know? The knowledge ceiling of real.py.

    python benchmarks/coverage.py [--repeats 5] [--save]

Every swap of the real pairs (authoring/align.py: "used to be" -> "was", "citizens" ->
"voters") is looked up, one story held out at a time, in what the held-out packs can have
learned: the swaps of the other stories, the seed's artifacts and the built-in packs that
learn from no real page. No rule restores a swap that none of them shows as a whole:
only its words one by one, or a guess (a thesaurus, a suggestion). Counted in words (the
longer side of each swap), as real.py's error reduction counts them.

Printed: the share of swap words known, by how many other stories were learned from (a
random sample of them, the mean of --repeats draws), and in-sample: the share that the
rules of the shipped packs (real.yaml learned from every story) hold; then how the swaps
unknown with every other story learned split:
phrases whose words known swaps restore one by one ("debatable reduce" -> "controversial
cut" where "debatable" -> "controversial" and "reduce" -> "cut" are known), other phrases,
one word each side with the original among the thesaurus' candidates for the spun word
(unlisted/unseen.py), and other one-word swaps.
"""

from __future__ import annotations

import argparse
import random
from collections import Counter

from corpora import GOLD, ROOT, real_pair_files
from realscore import documents
from results import add_save_flag, save

OUT: list[str] = []
SIZES = (6, 12, 24)


def say(line: str = "") -> None:
    print(line, flush=True)
    OUT.append(line)


def story_swaps() -> dict[str, list[tuple[str, str]]]:
    """story -> its swaps (spun, original), lower case, from every page of it."""
    from despin.authoring.align import align

    return {story: [(s.lower(), o.lower()) for spun, original in pages.values()
                    for s, o, _, _ in align(original, spun)]
            for story, pages in documents(real_pair_files()).items()}


def rule_pairs(packs) -> set[tuple[str, str]]:
    """(spun, original) of every rule of ``packs``, alternatives included, in lower case."""
    from despin.rules.load import load_rules

    return {(s.lower(), o.lower()) for rule in load_rules(packs) for s in rule.spun
            for o in (rule.original, *rule.alternatives)}


def fixed_knowledge() -> set[tuple[str, str]]:
    """(spun, original) of the seed's artifacts and of every built-in rule that learns from
    no real page (real.py's ``fixed`` packs)."""
    known = set()
    for line in GOLD.read_text(encoding="utf-8").splitlines()[1:]:
        cells = line.split("\t")
        known.add((cells[3].lower(), cells[4].lower()))
    learned = {ROOT / "dictionaries" / "newswire" / name for name in ("real.yaml", "seed.yaml")}
    packs = [p for p in sorted((ROOT / "dictionaries").rglob("*.yaml")) if p not in learned]
    return known | rule_pairs(packs)


def weight(swap: tuple[str, str]) -> int:
    return max(len(swap[0].split()), len(swap[1].split()))


def known_share(swaps: dict, fixed: set, others_of) -> float:
    """The share of swap words whose (spun, original) the other stories or ``fixed`` show."""
    seen = total = 0
    for story, own in swaps.items():
        known = set(fixed).union(*(swaps[t] for t in others_of(story)))
        for swap in own:
            total += weight(swap)
            seen += weight(swap) * (swap in known)
    return seen / total


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=5, help="random draws per sample size")
    add_save_flag(ap)
    args = ap.parse_args()
    from despin.unlisted.unseen import synonyms

    swaps, fixed = story_swaps(), fixed_knowledge()
    stories = sorted(swaps)
    say(f"{sum(map(len, swaps.values()))} swaps in {len(stories)} stories; "
        f"{len(fixed)} (spun, original) pairs known without real pages")
    say("\nshare of a held-out story's swap words that the other stories and the fixed "
        "packs show")
    rng = random.Random(0)
    for size in (*[s for s in SIZES if s < len(stories) - 1], len(stories) - 1):
        draws = 1 if size == len(stories) - 1 else args.repeats
        shares = [known_share(swaps, fixed,
                              lambda s: rng.sample([t for t in stories if t != s], size))
                  for _ in range(draws)]
        say(f"  {size:3d} other stories: {sum(shares) / len(shares):.3f}")
    words = sum(weight(swap) for own in swaps.values() for swap in own)
    shipped = rule_pairs(sorted((ROOT / "dictionaries").rglob("*.yaml")))
    held = sum(weight(swap) for own in swaps.values() for swap in own if swap in shipped)
    say(f"  in-sample, the shipped packs' rules: {held / words:.3f} (the learner leaves out "
        "the rest)")
    unknown: Counter = Counter()
    for story in stories:
        known = set(fixed).union(*(swaps[t] for t in stories if t != story))
        for spun, original in swaps[story]:
            if (spun, original) in known:
                continue
            word_pairs = list(zip(spun.split(), original.split()))
            if " " in spun or " " in original:
                by_word = len(spun.split()) == len(original.split()) and all(
                    a == b or (a, b) in known for a, b in word_pairs)
                kind = "phrases, every word known one by one" if by_word else "other phrases"
            elif original in synonyms(spun):
                kind = "one word, original among the thesaurus' candidates"
            else:
                kind = "one word, other"
            unknown[kind] += weight((spun, original))
    total = sum(unknown.values())
    say(f"\nunknown swaps with every other story learned: {total} of {words} words")
    for kind, n in unknown.most_common():
        say(f"  {kind}: {n} ({n / total:.2f})")
    if args.save:
        save("coverage.py", "What the held-out packs can know", "python benchmarks/coverage.py",
             OUT)


if __name__ == "__main__":
    main()
