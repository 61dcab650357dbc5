#!/usr/bin/env python3
"""Where the time of one restore of the seed goes, phase by phase.

    python benchmarks/phases.py [--runs 50]

Each phase of Restorer._restore is timed by wrapping it for the run (nested phases count
in their parents too: the document tests of `looks_spun` are also in `detect`). The
phases before any decision (tokens, the document test, finding the matches) set a floor
for the speed of pure Python, whatever the decisions cost.
"""

from __future__ import annotations

import argparse
import functools
import time
from contextlib import contextmanager

from corpora import SEED

# (object name, attribute) of each timed phase, as the engine calls them
PHASES = [
    ("restorer.Restorer", "_restore"), ("restorer", "tokenize"), ("evidence.Detector", "detect"),
    ("compiled.CompiledRules", "all_matches"), ("restorer", "blocked_spans"),
    ("passes.Pass", "run"), ("decider.Decider", "looks_spun"),
    ("passes.Pass", "_look_right"), ("passes.Pass", "_second_look"),
    ("after_pass", "_with_suggestions"), ("after_pass", "_agree_articles"),
    ("restorer", "apply"),
]
BEFORE_DECISIONS = ("tokenize", "detect (first)", "all_matches")


@contextmanager
def timed(spent: dict[str, float]):
    """Every phase wrapped to add its time to ``spent``; the first document test of each
    restore is counted apart from those of ``looks_spun``."""
    import despin.compile.compiled
    import despin.engine.after_pass
    import despin.engine.decider
    import despin.engine.passes
    import despin.engine.restorer
    import despin.judge.evidence

    modules = {"restorer": despin.engine.restorer, "evidence": despin.judge.evidence,
               "compiled": despin.compile.compiled, "decider": despin.engine.decider,
               "passes": despin.engine.passes, "after_pass": despin.engine.after_pass}
    undo = []
    depth = {"looks": 0}
    for owner_name, attr in PHASES:
        module, _, cls = owner_name.partition(".")
        owner = getattr(modules[module], cls) if cls else modules[module]
        original = getattr(owner, attr)

        def wrapper(*args, _f=original, _name=attr, **kwargs):
            looks = _name == "looks_spun"
            depth["looks"] += looks
            t = time.perf_counter()
            try:
                return _f(*args, **kwargs)
            finally:
                dt = time.perf_counter() - t
                depth["looks"] -= looks
                name = _name
                if name == "detect":
                    name = "detect (in looks_spun)" if depth["looks"] else "detect (first)"
                spent[name] = spent.get(name, 0.0) + dt

        setattr(owner, attr, functools.wraps(original)(wrapper))
        undo.append((owner, attr, original))
    try:
        yield
    finally:
        for owner, attr, original in undo:
            setattr(owner, attr, original)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=50)
    args = ap.parse_args()
    import despin

    restorer = despin.default_restorer()
    text = SEED.read_text(encoding="utf-8")
    mb = len(text.encode()) / 1e6
    restorer.restore(text)
    t = time.perf_counter()
    for _ in range(args.runs):
        restorer.restore(text)
    plain = (time.perf_counter() - t) / args.runs
    spent: dict[str, float] = {}
    with timed(spent):
        for _ in range(args.runs):
            restorer.restore(text)
    print(f"the seed ({mb * 1e3:.1f} kB): {plain * 1e3:.1f} ms per restore unwrapped, "
          f"{mb / plain:.2f} MB/s")
    for name, total in sorted(spent.items(), key=lambda kv: -kv[1]):
        print(f"  {name:26} {total / args.runs * 1e3:6.2f} ms")
    floor = sum(spent.get(n, 0.0) for n in BEFORE_DECISIONS) / args.runs
    share = floor / (spent["_restore"] / args.runs)
    print(f"before any decision ({', '.join(BEFORE_DECISIONS)}): {floor * 1e3:.2f} ms, "
          f"{100 * share:.0f}% of a wrapped restore: even if deciding cost nothing, restore "
          f"would run at most {1 / share:.1f} times as fast ({mb / (plain * share):.2f} MB/s "
          "at the unwrapped speed)")


if __name__ == "__main__":
    main()
