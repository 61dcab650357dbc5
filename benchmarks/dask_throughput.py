#!/usr/bin/env python3
"""Documents and MB per second on Dask with 1 and 2 workers, beside the batch command with
1 and 2 jobs, on the same mixed input: half spun news, half clean prose, in articles.

    python benchmarks/dask_throughput.py [--mb 20] [--runs 1] [--save]

Each figure is one whole command, as a user runs it (start-up included: loading the rules,
and for Dask starting a LocalCluster and giving each worker the rules), by the wall clock
and by the CPU time of all its processes:

- batch: ``despin restore in/ -o out/ -j N``;
- dask files: ``despin restore in/ -o out/ --dask -j N`` (the same folder, on a
  LocalCluster of N workers);
- dask records: ``despin restore docs/ --glob '*.jsonl' --dask -j N --partitions parts/``
  (the same articles as JSON Lines, 8 files, restored into Parquet partitions).

``--runs N`` runs N rounds, each running every way once, and keeps each way's fastest: the
speed of a shared machine drifts over minutes by a fifth, and one way's runs back to back
would give that way the drift of its minutes. Dask against the batch command is also given
round by round (runs minutes apart), with the median. The input is the seed and the addresses
repeated (corpora.repeated_text): the figures compare ways of running, not the engine.

Named dask_throughput.py, not distributed.py: benchmarks/ is on the tests' import path,
where a distributed.py would hide Dask's own ``distributed``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpora import articles, repeated_text
from results import add_save_flag, save

FILES = 8  # JSON Lines files: partitions enough for 2 workers to share


def _inputs(folder: Path, mb: float) -> tuple[int, float]:
    """Articles of spun and clean text in ``folder``/in (a file each) and ``folder``/docs
    (as JSON Lines); (documents, MB)."""
    docs = articles(repeated_text("spun", mb / 2)) + articles(repeated_text("clean", mb / 2))
    docs = [a for pair in zip(docs[::2], docs[1::2]) for a in pair]  # mixed
    (folder / "in").mkdir()
    (folder / "docs").mkdir()
    for i, text in enumerate(docs):
        (folder / "in" / f"{i:05d}.txt").write_text(text, encoding="utf-8")
    for f in range(FILES):
        with open(folder / "docs" / f"{f:02d}.jsonl", "w", encoding="utf-8") as out:
            for i in range(f, len(docs), FILES):
                out.write(json.dumps({"id": i, "text": docs[i]}) + "\n")
    return len(docs), sum(len(a.encode()) for a in docs) / 1e6


def _seconds(args: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the command and every process it started): on a
    shared machine the wall clock also counts time the host gave to others, the CPU
    time does not."""
    start, before = time.perf_counter(), _children_cpu()
    subprocess.run([sys.executable, "-m", "despin.cli", "restore", "-q", *args], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start, _children_cpu() - before


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=20.0, help="megabytes of text in all")
    ap.add_argument("--runs", type=int, default=1,
                    help="rounds, each running every way once (the fastest of each counts)")
    add_save_flag(ap)
    args = ap.parse_args()
    lines = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        docs, mb = _inputs(root, args.mb)
        _seconds([str(root / "in" / "00000.txt")])  # the compiled rules into the cache
        lines.append(f"{docs} articles, {mb:.1f} MB, half spun news, half clean prose; "
                     f"{os.cpu_count()} cores; the fastest of {args.runs} round(s), each "
                     "running every way once")
        # a shared machine: the load says how much of the cores the runs had
        lines.append("load average before: " + ", ".join(f"{x:.1f}" for x in os.getloadavg()))
        ways = {"batch": lambda n, out: [str(root / "in"), "-o", out, "-j", str(n)],
                "dask files": lambda n, out: [str(root / "in"), "-o", out, "--dask", "-j",
                                              str(n)],
                "dask records": lambda n, out: [str(root / "docs"), "--glob", "*.jsonl",
                                                "--dask", "-j", str(n), "--partitions", out]}
        # rounds, each running every way once: the speed of a shared machine drifts over
        # minutes, and runs of one way back to back would take its drift for theirs
        best: dict = {}
        rounds: list[dict] = []  # each round's wall seconds, by (way, workers)
        for r in range(args.runs):
            rounds.append({})
            for name, command in ways.items():
                for n in (1, 2):
                    wall, cpu = _seconds(command(n, str(root / f"out-{name}-{n}-{r}")))
                    best[name, n] = min(best.get((name, n), (wall, cpu)), (wall, cpu))
                    rounds[-1][name, n] = wall
                    print(f"round {r + 1}: {name} {n}: {wall:.1f} s, CPU {cpu:.1f} s",
                          flush=True)
        seconds = {key: wall for key, (wall, _) in best.items()}
        for (name, n), (wall, cpu) in best.items():
            lines.append(f"{name:12} {n} {'worker' if 'dask' in name else 'job   '}: "
                         f"{wall:6.1f} s, {docs / wall:6.1f} documents/s, "
                         f"{mb / wall:5.2f} MB/s; CPU {cpu:6.1f} s")
    lines.append("load average after: " + ", ".join(f"{x:.1f}" for x in os.getloadavg()))
    for name in ways:
        lines.append(f"{name}: 2 against 1: {seconds[name, 1] / seconds[name, 2]:.2f}x")
    for name in ("dask files", "dask records"):
        # the fastest against the fastest, and each round's ratio (its neighbours in time)
        ratios = sorted(r["batch", 2] / r[name, 2] for r in rounds)
        lines.append(f"{name} with 2 workers against batch -j 2: "
                     f"{seconds['batch', 2] / seconds[name, 2]:.2f} of its speed; "
                     f"round by round {', '.join(f'{x:.2f}' for x in ratios)} "
                     f"(median {statistics.median(ratios):.2f})")
    print("\n".join(lines))
    if args.save:
        save("dask_throughput.py", "Dask: 1 and 2 workers beside the batch command",
             "python benchmarks/dask_throughput.py"
             + (f" --mb {args.mb:g}" if args.mb != 20 else "")
             + (f" --runs {args.runs}" if args.runs != 1 else ""), lines)


if __name__ == "__main__":
    main()
