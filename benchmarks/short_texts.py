#!/usr/bin/env python3
"""The document test and idempotence on short pieces of text.

    python benchmarks/short_texts.py

Cuts the seed, eight State of the Union addresses spun with the seed's table (spun), the
seed's gold and the addresses since 1990 (clean) into pieces of N words. For each size it
prints how many pieces `detect` judges spun, and how many pieces restoring a second time
would change again (idempotence: this should be 0).
"""

from __future__ import annotations

SIZES = (50, 100, 200, 400)
MAX_PIECES = 300


def pieces(text: str, n: int) -> list[str]:
    words = text.split(" ")
    return [" ".join(words[i:i + n]) for i in range(0, len(words) - n + 1, n)][:MAX_PIECES]


def main() -> None:
    import despin
    from corpora import restored_text, seed_text, sotu_texts
    from synthetic import spun_corpus

    r = despin.default_restorer()
    texts = {
        "spun: seed": seed_text(),
        "spun: SOTU (seed table)": " ".join(s for _, _, s, _ in list(spun_corpus())[:8]),
        "clean: seed gold": restored_text(),
        "clean: SOTU 1990-": "\n\n".join(text for _, text in sotu_texts(since=1990)),
    }
    for n in SIZES:
        for name, text in texts.items():
            cut = pieces(text, n)
            judged = sum(r.detect(p).spun for p in cut)
            unstable = 0
            for p in cut:
                once = r.restore(p)
                unstable += r.restore(once) != once
            print(f"{n:4} words  {name:24} judged spun {judged:4}/{len(cut):<4} "
                  f"changed by a second restore {unstable}")


if __name__ == "__main__":
    main()
