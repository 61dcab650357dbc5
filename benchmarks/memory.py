#!/usr/bin/env python3
"""Peak resident memory of the command line on large files (a measurement, not a test).

    python benchmarks/memory.py [--mb 1024] [--only spun-line,clean-lines]
                                [--runs restore,stdout,detect] [--jobs-mb 64]
                                [--spun-mb MB] [--save]

Four files of ``--mb`` megabytes: spun news (the seed, repeated) and clean prose (State of
the Union addresses, repeated), each as paragraphs and as one single line. Each is run
through `despin restore FILE -o DIR` (restore), `despin restore FILE` to standard output
sent to /dev/null (stdout) and `despin detect FILE` (detect); then `despin restore -j 2`
over a folder of four files of ``--jobs-mb`` megabytes each, one of each kind. For each
run it prints the peak resident memory of the largest process (getrusage of the
waited-for children, read by a wrapper process), and of the whole process tree, summed
from /proc every 0.1 s: resident (RSS, which counts the pages that forked workers share
with their parent once in each) and proportional (PSS, which shares them out); then the
time. The inputs repeat their text, so the time is no speed figure
(benchmarks/throughput.py measures speed on text that does not repeat).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from corpora import seed_text, sotu_texts
from results import add_save_flag, save

# runs a command and prints the peak resident memory (KB) of its largest process
WRAPPER = ("import resource, subprocess, sys; rc = subprocess.call(sys.argv[1:], "
           "stdout=subprocess.DEVNULL); "
           "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, rc)")


def unit(kind: str) -> str:
    if kind == "spun":
        return seed_text()
    return "\n\n".join(text for _, text in sotu_texts(since=1945))


def write_input(path: Path, kind: str, one_line: bool, mb: float) -> None:
    """``mb`` megabytes of the kind of text, as paragraphs or as one line."""
    text = unit(kind)
    text, joint = (text.replace("\r", " ").replace("\n", " "), " ") if one_line else (text, "\n\n")
    piece = (text + joint).encode("utf-8")
    with open(path, "wb") as f:
        for _ in range(max(1, int(mb * 1e6 / len(piece)))):
            f.write(piece)


def tree_memory(pid: int) -> tuple[int, int]:
    """Resident and proportional memory (RSS, PSS) of ``pid`` and its descendants, in KB."""
    rss = pss = 0
    stack = [pid]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/smaps_rollup", encoding="ascii") as f:
                fields = dict(line.split()[:2] for line in f if line[:4] in ("Rss:", "Pss:"))
            rss += int(fields.get("Rss:", 0))
            pss += int(fields.get("Pss:", 0))
            with open(f"/proc/{p}/task/{p}/children", encoding="ascii") as f:
                stack += [int(c) for c in f.read().split()]
        except (OSError, ValueError):
            continue
    return rss, pss


def measure(args: list[str]) -> tuple[float, float, float, float, int]:
    """(peak RSS of the largest process, peak RSS and PSS of the tree, in MB; seconds; exit
    code) of ``despin ARGS``."""
    command = [sys.executable, "-c", WRAPPER, sys.executable, "-m", "despin.cli", *args]
    start = time.perf_counter()
    run = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    peak = [0, 0]

    def sample():
        while run.poll() is None:
            peak[:] = map(max, peak, tree_memory(run.pid))
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = run.communicate()
    seconds = time.perf_counter() - start
    sampler.join()
    largest, rc = (int(x) for x in out.split())
    return largest / 1024, peak[0] / 1024, peak[1] / 1024, seconds, rc


OUT: list[str] = []  # everything printed, for --save


def report(name: str, args: list[str], mb: float) -> None:
    largest, rss, pss, seconds, rc = measure(args)
    line = (f"{name:34} {mb:6.0f} MB  largest process {largest:4.0f} MB  tree RSS {rss:4.0f} MB, "
            f"PSS {pss:4.0f} MB  {seconds:6.0f} s  rc {rc}")
    print(line, flush=True)
    OUT.append(line)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=1024.0, help="megabytes of each input file")
    ap.add_argument("--spun-mb", type=float,
                    help="megabytes of each spun file, if not --mb (spun text restores at about "
                         "1 MB/s: a 1 GB spun file takes some 20 minutes a run)")
    ap.add_argument("--jobs-mb", type=float, default=64.0,
                    help="megabytes of each of the four files of the -j 2 run (0: no such run)")
    ap.add_argument("--only", default="", help="comma-separated inputs to run (spun-line, "
                    "spun-lines, clean-line, clean-lines); default all")
    ap.add_argument("--runs", default="restore,detect",
                    help="comma-separated: restore (-o DIR), stdout, detect (default: %(default)s)")
    ap.add_argument("--dir", help="where the inputs and outputs go (default: a temporary folder)")
    add_save_flag(ap)
    args = ap.parse_args()
    wanted = [w for w in args.only.split(",") if w] or \
        ["spun-lines", "spun-line", "clean-lines", "clean-line"]
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        for name in wanted:
            kind, shape = name.split("-")
            path = Path(tmp, f"{name}.txt")
            size = args.spun_mb if kind == "spun" and args.spun_mb else args.mb
            write_input(path, kind, shape == "line", size)
            mb = path.stat().st_size / 1e6
            out = Path(tmp, "out")
            runs = {"restore": ["restore", str(path), "-o", str(out), "-q"],
                    "stdout": ["restore", str(path), "-q"], "detect": ["detect", str(path), "-q"]}
            for run in args.runs.split(","):
                report(f"{name}: {run}", runs[run], mb)
                Path(out, path.name).unlink(missing_ok=True)
            path.unlink()
        if args.jobs_mb:
            folder = Path(tmp, "many")
            folder.mkdir()
            for name in ("spun-lines", "spun-line", "clean-lines", "clean-line"):
                kind, shape = name.split("-")
                write_input(folder / f"{name}.txt", kind, shape == "line", args.jobs_mb)
            mb = sum(f.stat().st_size for f in folder.iterdir()) / 1e6
            report("four files: restore -j 2 -o", ["restore", str(folder), "-o",
                                                   str(Path(tmp, "out-many")), "-j", "2", "-q"], mb)
    if args.save:
        command = " ".join(["python benchmarks/memory.py", *sys.argv[1:]]).replace(" --save", "")
        save("memory.py", "Peak memory on large files", command, OUT)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
