#!/usr/bin/env python3
"""Real spun pages against their originals: the figure the project steers by.

    python benchmarks/real.py [--spun yes|auto] [--story NAME]

The pairs are the shared development set (../shared/data/real-pairs/news-pairs.jsonl)
and the pairs the project collected (data/real-pairs/*.jsonl). A document is the sentences
of one spun page joined, one a line, restored as a user would (the document test decides,
unless --spun yes). Metrics are in realscore.py.

- held out: for each story, the two packs that learn from real pairs are rebuilt from
  every *other* story's pairs: seed.yaml, whose confidences weigh real pages' evidence
  (scripts/build_newswire_seed.py --without STORY), then real.yaml on top of it and the
  other built-in files (scripts/build_newswire_real.py --without STORY); the story's
  pages are restored with them: the nearest we have to a new page;
- in-sample: the pages restored with the packs built from every story, as shipped;
- without real.yaml: the held-out seed.yaml and the other built-in files, for comparison.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from corpora import ROOT, real_pair_files
from realscore import HEADER, Score, documents, score
from results import add_save_flag, save

REAL_PACK = ROOT / "dictionaries" / "newswire" / "real.yaml"
SEED_PACK = ROOT / "dictionaries" / "newswire" / "seed.yaml"


def run(restorer, pages) -> Score:
    several = {r.id for r in restorer.rules if r.alternatives}
    total = Score()
    for spun, original in pages.values():
        result = restorer.explain(spun, evidence=False)
        total.add(score(spun, original, result.text, result.changes,
                        lambda c: c.rule in several))
    return total


OUT: list[str] = []  # everything printed, for --save


def say(line: str = "") -> None:
    print(line)
    OUT.append(line)


def report(title: str, rows: dict[str, Score]) -> Score:
    say(f"\n{title}\n{HEADER}")
    total = Score()
    for name, s in rows.items():
        say(s.row(name))
        total.add(s)
    say(total.row("TOTAL"))
    return total


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--spun", choices=["auto", "yes"], default="auto",
                    help="auto: the document test decides (default); yes: assume spun")
    ap.add_argument("--story", action="append", help="hold out only these stories")
    add_save_flag(ap)
    ap.add_argument("--packs", type=Path, metavar="DIR",
                    help="keep the held-out packs in DIR and reuse each one already there (to "
                         "try a change of the engine; rebuild after a change of learning)")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1,
                    help="packs built at once (default: one per core)")
    args = ap.parse_args()
    os.environ.setdefault("DESPIN_CACHE_DIR", "off")  # one-off packs: nothing worth caching
    from despin import Restorer

    files = real_pair_files()
    if not files:
        sys.exit("no real pairs found (../shared/data/real-pairs/ or data/real-pairs/)")
    docs = documents(files)
    packs = sorted((ROOT / "dictionaries").rglob("*.yaml"))
    fixed = [p for p in packs if p not in (REAL_PACK, SEED_PACK)]  # learn from no real page
    spun = None if args.spun == "auto" else True
    say(f"{sum(len(s.splitlines()) for p in docs.values() for s, _ in p.values())} pairs, "
          f"{sum(len(p) for p in docs.values())} pages, {len(docs)} stories "
          f"from {', '.join(str(f.relative_to(ROOT.parent)) for f in files)}")

    held: dict[str, Score] = {}
    stories = args.story or sorted(docs)
    with tempfile.TemporaryDirectory() as tmp, ThreadPoolExecutor(args.jobs) as pool:
        def build(story: str) -> tuple[Path, Path]:
            seed, real = (Path(args.packs or tmp, f"{story}{suffix}.yaml")
                          for suffix in (".seed", ""))
            for script, out, extra in (("build_newswire_seed.py", seed, []),
                                       ("build_newswire_real.py", real, ["--seed", seed])):
                if args.packs and out.is_file():
                    continue  # built by an earlier run (remove it after a change of learning)
                subprocess.run([sys.executable, str(ROOT / "scripts" / script),
                                "--without", story, "--out", str(out), *map(str, extra)],
                               check=True, stderr=subprocess.DEVNULL)
            return seed, real

        without_rows = {}
        for story, (seed, real) in zip(stories, pool.map(build, stories)):  # builds run ahead
            held[story] = run(Restorer(paths=[*fixed, seed, real], assume_spun=spun), docs[story])
            without_rows[story] = run(Restorer(paths=[*fixed, seed], assume_spun=spun),
                                      docs[story])
    held_total = report("held out (seed.yaml and real.yaml learned without the story)", held)
    without = report("without real.yaml (seed.yaml learned without the story)", without_rows)
    shipped = Restorer(paths=packs, assume_spun=spun) if REAL_PACK.is_file() else None
    if shipped:
        inside = report("in-sample (real.yaml as shipped)", {s: run(shipped, docs[s]) for s in held})
        say(f"\nin-sample: reduction {inside.reduction:.3f}, precision {inside.precision:.3f}")
    say(f"held out: reduction {held_total.reduction:.3f}, precision {held_total.precision:.3f}, "
          f"recall {held_total.recall:.3f}; without real.yaml: {without.reduction:.3f}")
    say(f"held out, choices among several originals: {held_total.chosen_right} of "
          f"{held_total.chosen} right")
    if args.save:
        save("real.py", "Real spun pages",
             "python benchmarks/real.py" + (" --spun yes" if spun else ""), OUT)


if __name__ == "__main__":
    main()
