#!/usr/bin/env python3
"""Throughput of restore, against a one-regex baseline, and the batch command with 2 jobs.

    python benchmarks/throughput.py [--mb 50]

Spun text: the seed, repeated; clean text: State of the Union addresses, repeated. The
baseline applies the same spun -> original table with one alternation regex of every spun
form (what anchors.md measured as the slow way).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpora import seed_text, sotu_texts


def corpus(kind: str, mb: float) -> str:
    if kind == "spun":
        unit = seed_text()
    else:
        unit = "\n\n".join(text for _, text in sotu_texts(since=1945))
    n = max(1, int(mb * 1e6 / len(unit.encode())))
    return "\n\n".join([unit] * n)


def rate(fn, text: str, docs: list[str]) -> tuple[float, float]:
    """MB/s by the wall clock and by this process's CPU time (on a shared virtual machine
    the wall clock also counts time the host gave to others)."""
    wall, cpu = time.perf_counter(), time.process_time()
    for d in docs:
        fn(d)
    mb = len(text.encode()) / 1e6
    return mb / (time.perf_counter() - wall), mb / (time.process_time() - cpu)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=50.0, help="megabytes of each kind of text")
    ap.add_argument("--baseline-mb", type=float, default=1.0, help="megabytes for the slow baseline")
    ap.add_argument("--batch-runs", type=int, default=3,
                    help="times to run the batch command with 1 and 2 jobs (the median speed-up counts)")
    args = ap.parse_args()
    import despin

    r = despin.default_restorer()
    r.restore("warm up: he mentioned the Chilly Struggle")
    table = {s.lower(): rule.original for rule in r.rules for s in rule.spun}
    alternation = re.compile(r"\b(" + "|".join(sorted(map(re.escape, table), key=len, reverse=True))
                             + r")\b", re.IGNORECASE)

    def baseline(text):
        return alternation.sub(lambda m: table[m.group(0).lower()], text)

    for kind in ("spun", "clean"):
        text = corpus(kind, args.mb)
        docs = _articles(text)
        mbps, cpu = rate(r.restore, text, docs)
        small = corpus(kind, args.baseline_mb)
        base, _ = rate(baseline, small, _articles(small))
        print(f"{kind:5}: despin {mbps:6.2f} MB/s on {len(text.encode()) / 1e6:.0f} MB "
              f"({cpu:.2f} MB per CPU second); "
              f"one-regex baseline {base:6.3f} MB/s on {len(small.encode()) / 1e6:.1f} MB")

    # the batch command over a folder of articles, 1 job against 2
    with tempfile.TemporaryDirectory() as tmp:
        text = corpus("spun", min(args.mb, 20))
        inputs = Path(tmp, "in")  # outputs go beside it, never inside: no run reads another's
        inputs.mkdir()
        for i, doc in enumerate(_articles(text)):
            Path(inputs, f"{i:05d}.txt").write_text(doc, encoding="utf-8")
        size = sum(f.stat().st_size for f in inputs.iterdir()) / 1e6
        runs = []
        for run in range(args.batch_runs):
            times = {}
            for jobs in (1, 2):
                t = time.perf_counter()
                subprocess.run([sys.executable, "-m", "despin.cli", "restore", str(inputs), "-o",
                                os.path.join(tmp, f"out{run}-{jobs}"), "-q", "-j", str(jobs)],
                               check=True)
                times[jobs] = time.perf_counter() - t
            runs.append(times)
            print(f"batch run {run + 1}: {size:.0f} MB of spun articles: 1 job "
                  f"{size / times[1]:.2f} MB/s, 2 jobs {size / times[2]:.2f} MB/s, "
                  f"speed-up {times[1] / times[2]:.2f}x")
        speedups = sorted(t[1] / t[2] for t in runs)
        print(f"batch: median speed-up with 2 jobs {speedups[len(speedups) // 2]:.2f}x "
              f"(of {len(runs)} runs: {', '.join(f'{s:.2f}' for s in speedups)})")


def _articles(text: str, size: int = 40_000) -> list[str]:
    """The text cut into article-sized documents at paragraph breaks."""
    out, pos = [], 0
    while pos < len(text):
        cut = text.find("\n\n", pos + size)
        cut = len(text) if cut == -1 else cut + 2
        out.append(text[pos:cut])
        pos = cut
    return out


if __name__ == "__main__":
    main()
