#!/usr/bin/env python3
"""How far can a dictionary go without context? An upper bound for the quality targets.

    python benchmarks/ceiling.py [--seed-only]

An oracle that has read the answers picks which spun forms to restore: for each form
("nation", "folks", "Chilly Struggle") it knows from the gold how often the form is an
artifact in these very texts, and which original it most often stands for. It restores
every occurrence of the forms it picks, the purest first, and nothing else. No rule set
that decides per form (a dictionary with no context) can beat its precision at a given
recall on these texts, since it is fitted to them. Printed for the seed against its gold
and for the seed's table on other texts (quality.py's synthetic set), beside what despin
gets.

Forms are compared in lower case, except all-capital ones ("US" is not "us"). Spans are
found longest first, left to right, as the engine finds them.
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict

from corpora import GOLD, SEED
from seedscore import Score, _apply, read_gold, score_lines


def key(surface: str) -> str:
    return surface if len(surface) > 1 and surface.isupper() else surface.lower()


class Oracle:
    """Texts as lines with their gold rows [(start, end, original, uncertain)] per line."""

    def __init__(self, docs: list[tuple[list[str], dict[int, list]]]):
        self.docs = docs
        self.forms = set()  # the keys of the spun forms the gold lists
        for lines, gold in docs:
            for n, rows in gold.items():
                for s, e, original, uncertain in rows:
                    if not uncertain and lines[n - 1][s:e] != original:
                        self.forms.add(key(lines[n - 1][s:e]))
        matcher = _matcher(self.forms)
        # what the gold restores each occurrence to: itself where it is no artifact; None
        # where a gold span reaches past it (the form is then not what the spinner wrote)
        self.restorations: dict[str, Counter] = defaultdict(Counter)
        self.cased: dict[tuple[str, str], str] = {}  # an all-capital form's restoration as written
        for lines, gold in docs:
            for n, line in enumerate(lines, 1):
                rows = gold.get(n, [])
                for (s, e), surface in _spans(line, matcher, self.forms):
                    inside = [r for r in rows if r[0] < e and s < r[1]]
                    if any(r[3] for r in inside):
                        continue  # uncertain: counted neither way
                    if any(r[0] < s or r[1] > e for r in inside):
                        restored = None
                    else:
                        cased = _apply(line, [(a, b, o) for a, b, o, _ in inside], s, e)
                        restored = cased.lower()
                        self.cased.setdefault((key(surface), restored), cased)
                    self.restorations[key(surface)][restored] += 1
        self.originals = {k: c for k, c in self.restorations.items()
                          if any(r is not None and r != k.lower() for r in c)}

    def best(self, k: str) -> tuple[str, float]:
        """The commonest restoration of form ``k`` that changes it, and its share of the
        form's occurrences."""
        counts = self.restorations[k]
        restored, n = max(((r, c) for r, c in counts.items() if r is not None and r != k.lower()),
                          key=lambda rc: (rc[1], rc[0]))
        return restored, n / sum(counts.values())

    def ranked(self) -> list[str]:
        """Forms by the share of their occurrences that are artifacts of their commonest
        original, purest first."""
        return sorted(self.originals,
                      key=lambda k: (-self.best(k)[1], -sum(self.restorations[k].values()), k))

    def choose(self, keys) -> dict[str, str]:
        """A dictionary of the forms ``keys``: form -> its commonest restoration (as
        written for an all-capital form, which keeps no case of its own)."""
        return {k: self.cased[k, r] if k.isupper() else r
                for k in keys for r in [self.best(k)[0]]}

    def score(self, chosen: dict[str, str]) -> Score:
        """The score of restoring every occurrence of the forms of ``chosen`` (from this
        oracle or another) in these texts."""
        from despin.text.casing import transfer_case

        matcher = _matcher(chosen)
        total = Score()
        for lines, gold in self.docs:
            mine = {}
            for n, line in enumerate(lines, 1):
                mine[n] = [(s, e, chosen[k] if k.isupper() else transfer_case(surface, chosen[k]))
                           for (s, e), surface in _spans(line, matcher, chosen)
                           for k in [key(surface)]]
            total.add(score_lines(lines, mine, gold))
        return total

    def frontier(self, points: int = 120) -> list[tuple[int, Score]]:
        ranked = self.ranked()
        cuts = sorted({max(1, round(len(ranked) * k / points)) for k in range(1, points + 1)})
        out = []
        for cut in cuts:
            out.append((cut, self.score(self.choose(ranked[:cut]))))
        return out


def _matcher(keys):
    from despin.compile.matcher import Entry, Matcher
    from despin.text.tokens import compile_pattern

    forms = sorted({k.lower() for k in keys})
    return Matcher([Entry(i, f, compile_pattern(f), None) for i, f in enumerate(forms)])


def _spans(line: str, matcher, keys):
    """(start, end) and surface of each form of ``keys`` in ``line``, longest first, left
    to right."""
    from despin.text.tokens import tokenize

    tokens = tokenize(line)
    lowers = [t.text.lower() for t in tokens]
    i = 0
    while i < len(tokens):
        taken = None
        if lowers[i] in matcher:
            for m in matcher.matches_at(line, tokens, lowers, i):
                k = key(line[m.start:m.end])
                if k in keys:
                    taken = m
                    break
        if taken is None:
            i += 1
            continue
        yield (taken.start, taken.end), line[taken.start:taken.end]
        i = taken.stop


def seed_docs():
    lines = SEED.read_text(encoding="utf-8").split("\n")
    return [(lines, read_gold(GOLD))]


def synthetic_docs():
    from synthetic import spun_corpus

    return [([spun], {1: [(s, e, o, False) for s, e, _, o in rows]})
            for _, _, spun, rows in spun_corpus()]


def report(name: str, oracle: Oracle, despin_score: Score) -> None:
    frontier = oracle.frontier()
    print(f"{name}: {len(oracle.originals)} spun forms in the gold")
    print("  forms  precision  recall")
    for cut, s in frontier[::12] + [frontier[-1]]:
        print(f"  {cut:5}  {s.precision:9.3f}  {s.recall:6.3f}")
    for p in (0.95, 0.97):
        best = max((s.recall for _, s in frontier if s.precision >= p), default=0.0)
        print(f"  best recall at precision >= {p}: {best:.3f}")
    for r in (0.90, 0.95, 0.97):
        best = max((s.precision for _, s in frontier if s.recall >= r), default=float("nan"))
        print(f"  best precision at recall >= {r}: {best:.3f}")
    print(f"  despin: precision {despin_score.precision:.3f}  recall {despin_score.recall:.3f}")


def fitted_elsewhere(fitted: Oracle, other: Oracle, recall: float) -> tuple[Score, Score]:
    """The fewest purest forms that reach ``recall`` on the texts ``fitted`` has read, and
    their score there and on ``other``'s texts: what fitting a dictionary to its test text
    costs on other text."""
    ranked = fitted.ranked()
    lo, hi = 1, len(ranked)  # recall grows with the forms taken: bisect for the cut
    while lo < hi:
        mid = (lo + hi) // 2
        if fitted.score(fitted.choose(ranked[:mid])).recall >= recall:
            hi = mid
        else:
            lo = mid + 1
    chosen = fitted.choose(ranked[:lo])
    return fitted.score(chosen), other.score(chosen)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed-only", action="store_true", help="only the seed")
    args = ap.parse_args()
    from quality import seed_score, synthetic_score

    seed = Oracle(seed_docs())
    report("seed", seed, seed_score()[0])
    if args.seed_only:
        return
    synthetic = Oracle(synthetic_docs())
    report("seed table on other texts (State of the Union 2001-, spun)", synthetic,
           synthetic_score()[0])
    own, other = fitted_elsewhere(seed, synthetic, 0.95)
    print(f"forms fitted to the seed up to recall 0.95 there: seed precision {own.precision:.3f} "
          f"recall {own.recall:.3f}; on the other texts precision {other.precision:.3f} "
          f"recall {other.recall:.3f}")


if __name__ == "__main__":
    main()
