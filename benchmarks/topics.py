#!/usr/bin/env python3
"""Recall and precision by topic, on articles spun with the newswire pack's own entries.

    python benchmarks/topics.py

Each article in benchmarks/topics/ is spun with (a) every hand-written newswire entry
(the spinner's table as the pack records it, applied always) and (b) the seed's table at
the seed's rates (synthetic.py); the restoration is scored against the spinner's own
record of what it changed. The clean articles are restored too: any change there is a
false alarm.
"""

from __future__ import annotations

from pathlib import Path

from corpora import ROOT
from seedscore import Score, score_lines
from synthetic import Spinner, seed_table

TOPICS = ROOT / "benchmarks" / "topics"


def pack_table() -> dict[str, tuple[str, float]]:
    """original -> (spun, 1.0) for the newswire pack's hand-written entries."""
    from despin.rules.load import load_rules

    table = {}
    for rule in load_rules([ROOT / "dictionaries" / "newswire"]):
        if Path(rule.file).name == "seed.yaml":
            continue
        table.setdefault(rule.original.lower(), (rule.spun[0], 1.0))
    return table


def by_topic(restorer=None):
    import despin

    restorer = restorer or despin.default_restorer()
    table = dict(seed_table())
    table.update(pack_table())  # the pack's entries win where both know an original
    spinner = Spinner(table)
    out = {}
    for path in sorted(TOPICS.glob("*.txt")):
        clean = path.read_text(encoding="utf-8")
        spun, rows = spinner.spin(clean)
        result = restorer.explain(spun)
        gold = {1: [(s, e, o, False) for s, e, _, o in rows]}
        mine = {1: [(c.start, c.end, c.after) for c in result.changes]}
        score = score_lines([spun], mine, gold)
        false_alarms = len(restorer.explain(clean).changes)
        out[path.stem] = (score, result.detection.spun, false_alarms)
    return out


def main() -> None:
    total = Score()
    for topic, (score, spun, false_alarms) in by_topic().items():
        total.add(score)
        print(f"{topic:14} precision {score.precision:.3f}  recall {score.recall:.3f}  "
              f"artifacts {score.gold:3}  judged spun {'yes' if spun else 'no '}  "
              f"changes to the clean article {false_alarms}")
    print(f"{'all':14} precision {total.precision:.3f}  recall {total.recall:.3f}  "
          f"artifacts {total.gold}")


if __name__ == "__main__":
    main()
