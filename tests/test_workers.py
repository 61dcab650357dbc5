"""Worker processes end with their parent; a signal or a killed run leaves no temporary
file behind for good."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from despin.cli import main
from despin.store.files import TEMPORARY, AtomicWriter

SPUN = Path(__file__).resolve().parent.parent / "seeds" / "000_b6238a691932a9a6.txt"


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_temporary_file_has_a_recognisable_name_with_the_process_id(tmp_path):
    w = AtomicWriter(tmp_path / "a.txt")
    assert Path(w.tmp).name.startswith(f"{TEMPORARY}{os.getpid()}-")
    w.abort()
    assert list(tmp_path.iterdir()) == []


def test_a_later_run_removes_a_dead_runs_leftovers_not_a_live_runs(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    out.mkdir()
    (src / "a.txt").write_text(SPUN.read_text(encoding="utf-8")[:2000], encoding="utf-8")
    stale = out / f"{TEMPORARY}{_dead_pid()}-x1y2z3-a.txt"
    live = out / f"{TEMPORARY}{os.getpid()}-x1y2z3-b.txt"
    other = out / ".a.txt.kq3m.tmp"  # not a name despin gives
    for f in (stale, live, other):
        f.write_text("partial", encoding="utf-8")
    assert main(["restore", str(src), "-o", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(["a.txt", live.name, other.name])


def _children(pid: int) -> list[int]:
    with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as f:
        return [int(p) for p in f.read().split()]


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            return f.read().split(")")[-1].split()[0] != "Z"  # a zombie has ended
    except FileNotFoundError:
        return False


def _busy_run(tmp_path):
    """despin restore -j2 on two large spun files, caught while its workers write."""
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    text = SPUN.read_text(encoding="utf-8")
    for name in ("a.txt", "b.txt"):
        (src / name).write_text("\n\n".join([text] * 30), encoding="utf-8")
    env = dict(os.environ, DESPIN_BLOCK_SIZE="20000")
    # Ctrl-C as a terminal sends it: a job started in the background by a shell without
    # job control inherits SIGINT ignored, and Python then keeps ignoring it
    run = subprocess.Popen([sys.executable, "-m", "despin.cli", "restore", str(src), "-o",
                            str(out), "-j", "2", "-q"], env=env, stderr=subprocess.PIPE,
                           preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and run.poll() is None:
        temporaries = [p for p in out.rglob("*") if p.name.startswith(TEMPORARY)] \
            if out.exists() else []
        workers = _children(run.pid)
        if len(temporaries) == 2 and len(workers) == 2:
            return run, workers, out
        time.sleep(0.05)
    run.kill()
    pytest.fail("the run never had two workers writing")


def _ended(pids, timeout=15.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not any(_alive(p) for p in pids):
            return True
        time.sleep(0.1)
    return False


@pytest.mark.slow  # a run of 3 MB inputs in worker processes, signalled
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT])
def test_workers_end_with_their_parent_and_leave_no_temporary_file(tmp_path, signum):
    run, workers, out = _busy_run(tmp_path)
    try:
        assert run.poll() is None, "the run ended before it could be signalled"
        run.send_signal(signum)
        run.wait(timeout=30)
        assert _ended(workers), "a worker outlived its parent"
        assert [p.name for p in out.rglob("*") if p.name.startswith(TEMPORARY)] == []
        if signum != signal.SIGKILL:
            assert run.returncode == 128 + signum
            assert b"Traceback" not in run.stderr.read()
    finally:
        for pid in workers:  # leave no process behind, whatever the outcome
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
        run.stderr.close()
