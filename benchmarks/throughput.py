#!/usr/bin/env python3
"""Restore's speed on text that does not repeat, beside flashtext with the same table.

    python benchmarks/throughput.py [--mb 12] [--batch-runs 3] [--save]

- spun: State of the Union addresses, oldest first, each spun with the seed's table
  (synthetic.py), one document an address, none repeated; clean: the same addresses as
  written. Up to ``--mb`` of each (all the addresses are 12 MB).
- despin restores each set in one process, twice: first with the memo of decisions cold
  (the figure), then the same documents again with it warm (repeated text flatters the
  engine: shown apart, for comparison). MB/s by the wall clock, and MB per CPU second of
  this process (on a shared machine the wall clock counts time given to others).
- flashtext: a KeywordProcessor that replaces every spun form of the built-in rules with
  its original, blind to context, on the same documents in the same run: the speed of a
  plain find-and-replace of the table (``pip install 'despin[bench]'``).
- the batch command over a folder of the spun documents, 1 job against 2, whole processes.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpora import sotu_texts
from results import add_save_flag, save
from synthetic import Spinner, seed_table

OUT: list[str] = []


def say(line: str = "") -> None:
    print(line, flush=True)
    OUT.append(line)


def documents(mb: float) -> dict[str, list[str]]:
    """kind -> documents: clean addresses and the same addresses spun, up to ``mb`` each."""
    spinner = Spinner(seed_table())
    clean, spun, size = [], [], 0
    for _, text in sotu_texts():
        if size >= mb * 1e6:
            break
        clean.append(text)
        spun.append(spinner.spin(text)[0])
        size += len(text.encode())
    return {"spun": spun, "clean": clean}


def rate(fn, docs: list[str]) -> tuple[float, float]:
    """(MB/s by the wall clock, MB per CPU second of this process) of ``fn`` over ``docs``."""
    wall, cpu = time.perf_counter(), time.process_time()
    for d in docs:
        fn(d)
    mb = sum(len(d.encode()) for d in docs) / 1e6
    return mb / (time.perf_counter() - wall), mb / (time.process_time() - cpu)


def flashtext_replacer(restorer):
    """A plain replacement of every spun form of ``restorer``'s rules with its original."""
    from flashtext import KeywordProcessor

    table = KeywordProcessor(case_sensitive=False)
    for rule in restorer.rules:
        for spun in rule.spun:
            table.add_keyword(spun, rule.original)
    return table.replace_keywords


def batch(docs: list[str], runs: int) -> None:
    """The batch command over a folder of ``docs``: 1 job against 2, ``runs`` times."""
    with tempfile.TemporaryDirectory() as tmp:
        inputs = Path(tmp, "in")  # outputs go beside it, never inside: no run reads another's
        inputs.mkdir()
        for i, doc in enumerate(docs):
            Path(inputs, f"{i:05d}.txt").write_text(doc, encoding="utf-8")
        size = sum(f.stat().st_size for f in inputs.iterdir()) / 1e6
        speedups = []
        for run in range(runs):
            times = {}
            for jobs in (1, 2):
                t = time.perf_counter()
                subprocess.run([sys.executable, "-m", "despin.cli", "restore", str(inputs), "-o",
                                os.path.join(tmp, f"out{run}-{jobs}"), "-q", "-j", str(jobs)],
                               check=True)
                times[jobs] = time.perf_counter() - t
            speedups.append(times[1] / times[2])
            say(f"batch run {run + 1}: {size:.1f} MB of spun documents, start-up included: "
                f"1 job {size / times[1]:.2f} MB/s, 2 jobs {size / times[2]:.2f} MB/s, "
                f"speed-up {speedups[-1]:.2f}x")
        speedups.sort()
        say(f"batch: median speed-up with 2 jobs {speedups[len(speedups) // 2]:.2f}x")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=12.0, help="megabytes of each kind (at most 12)")
    ap.add_argument("--batch-runs", type=int, default=3,
                    help="runs of the batch command with 1 and 2 jobs (the median speed-up counts)")
    add_save_flag(ap)
    args = ap.parse_args()
    import despin

    r = despin.default_restorer()
    r.restore("warm up: he mentioned the Chilly Struggle")  # loads the word counts
    replace = flashtext_replacer(r)
    docs = documents(args.mb)
    say(f"{len(docs['spun'])} State of the Union addresses, spun and clean, none repeated; "
        f"{os.cpu_count()} cores; one process")
    for kind, texts in docs.items():
        mb = sum(len(d.encode()) for d in texts) / 1e6
        cold, cold_cpu = rate(r.restore, texts)
        warm, warm_cpu = rate(r.restore, texts)
        flash, flash_cpu = rate(replace, texts)
        say(f"{kind:5}: {mb:5.1f} MB; despin {cold:5.2f} MB/s ({cold_cpu:5.2f} per CPU second), "
            f"warm memo {warm:5.2f} ({warm_cpu:5.2f}); flashtext {flash:5.2f} ({flash_cpu:5.2f}); "
            f"despin at {cold_cpu / flash_cpu:.2f} of flashtext's speed")
    batch(docs["spun"], args.batch_runs)
    if args.save:
        save("throughput.py", "Speed of restore", "python benchmarks/throughput.py", OUT)


if __name__ == "__main__":
    main()
