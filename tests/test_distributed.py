"""On a Dask LocalCluster of 2 worker processes: the same results as on one machine, from a
folder, JSON Lines, WARC and WET; bad records named; a worker killed mid-run; --resume."""

import gzip
import json
import os
import pickle
import signal
import time

import pytest
from corpora import SEED

from despin.cli import main
from despin.cluster import bags, partitions, plugin
from despin.store import files

pytest.importorskip("distributed")

CLEAN = ["A clean page about the weather. It rained in the hills all afternoon.\n",
         "The committee met on Tuesday and agreed the budget for next year.\n"]


def _documents() -> list[tuple[str, str]]:
    """The spun seed in six pieces (of some 5 KB), and two clean texts: (name, text)."""
    lines = SEED.read_text(encoding="utf-8").splitlines(keepends=True)
    step = -(-len(lines) // 6)
    texts = ["".join(lines[i:i + step]) for i in range(0, len(lines), step)] + CLEAN
    return [(f"https://example.org/{i:02d}", text) for i, text in enumerate(texts)]


@pytest.fixture(scope="module")
def client(restorer):
    """The command line's LocalCluster (client.connect), of 2 workers."""
    from despin.cluster import client as cluster

    with cluster.connect(None, workers=2) as (c, _):
        plugin.install(c, restorer)
        yield c


@pytest.fixture(scope="module")
def address(client):
    return client.scheduler.address


def _folder(root, docs):
    root.mkdir()
    for i, (_, text) in enumerate(docs):
        (root / f"{i:02d}.txt").write_text(text, encoding="utf-8")
    return root


def _cli(capsys, *args) -> tuple[int, str, str]:
    code = main([*args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _skip_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("despin: skipped")]


@pytest.mark.slow  # a Dask LocalCluster of 2 worker processes
def test_the_restorer_goes_to_each_worker_once_not_with_each_task(client):
    assert client.run(lambda: plugin._restorer is not None) == \
        {w: True for w in client.scheduler_info()["workers"]}
    rows = bags.detect_bag(bags.records_bag(parts=[[("x.txt", None)]] * 4))
    graph = pickle.dumps(dict(rows.__dask_graph__()))
    assert len(graph) < 20_000  # the compiled rules pickle to some 10 MB


@pytest.mark.slow  # a Dask LocalCluster of 2 worker processes
def test_installing_the_same_restorer_again_keeps_each_workers_copy(client, restorer):
    def held():
        return client.run(lambda: id(plugin._restorer))

    before = held()
    plugin.install(client, restorer)  # as each command run against the cluster does
    assert held() == before
    plugin.install(client, restorer.with_options(min_confidence=0.6))
    changed = held()
    assert all(changed[w] != before[w] for w in before)
    assert client.run(lambda: plugin._restorer.options.min_confidence) == \
        {w: 0.6 for w in before}
    plugin.install(client, restorer)  # back to the module's restorer for the other tests
    assert client.run(lambda: plugin._restorer.options.min_confidence) != \
        {w: 0.6 for w in before}


@pytest.mark.parametrize("args, message", [
    (["restore", "x.jsonl", "--dask", "tcp://127.0.0.1:9"], "are restored into --partitions DIR"),
    (["detect", "x.txt", "--partitions", "p"], "go with --dask"),
    (["detect", "x.txt", "--dask", "tcp://127.0.0.1:9", "--resume"], "detect --resume goes with"),
    (["restore", "x.txt", "--dask", "tcp://127.0.0.1:9", "--partitions", "p", "--check"],
     "it goes with none of"),
    (["detect", "-", "--dask", "tcp://127.0.0.1:9"], "not standard input")])
def test_options_that_cannot_go_together_are_refused_before_any_work(capsys, args, message):
    code, out, err = _cli(capsys, *args)  # no cluster at that address: refused first
    assert code == 2 and message in err and not out


def test_a_partition_is_read_screened_and_written_in_one_task():
    rows = bags.detect_bag(bags.records_bag(parts=[[("a.txt", None)]] * 3))
    for made, last in ((partitions.write_partitions(rows, "out", "jsonl")[1],
                        "despin-partitions"), (rows.map_partitions(list).to_delayed()[1],
                                               "list")):
        tasks = [str(k) for k in made.__dask_graph__() if "read_part" in str(k)]
        # fused: each task that reads also makes the rows and ends the chain (writes them,
        # or makes them a list); rows never travel between tasks as an iterator
        assert len(tasks) == 3 and all(f"read_part-rows-{last}" in k for k in tasks), tasks


def test_dask_followed_by_a_path_is_a_local_cluster_over_it():
    from despin.cli import _address_or_path, build_parser

    found = []
    for argv in (["--dask", "in/", "b.txt"], ["a.txt", "--dask", "tcp://h:8786"],
                 ["--dask", "h:8786", "a.txt"], ["a.txt", "--dask"]):
        args = build_parser().parse_args(["detect", *argv])
        _address_or_path(args)
        found.append((args.dask, args.paths))
    assert found == [("local", ["in/", "b.txt"]), ("tcp://h:8786", ["a.txt"]),
                     ("h:8786", ["a.txt"]), ("local", ["a.txt"])]


def _worker_settings():
    import dask

    return (dask.config.get("distributed.worker.profile.enabled"),
            dask.config.get("distributed.admin.tick.interval"),
            dask.config.get("distributed.worker.memory.monitor-interval"),
            dask.config.get("distributed.admin.system-monitor.interval"))


@pytest.mark.slow  # a Dask LocalCluster of 2 worker processes
def test_the_command_lines_local_cluster_keeps_its_workers_loop_quiet(client):
    # no profiler; the loop's timers a second apart, its system monitor 5 s
    # (client.LOCAL_WORKERS)
    assert list(client.run(_worker_settings).values()) == [(False, "1s", "1s", "5s")] * 2


@pytest.mark.slow  # a LocalCluster of its own, the module's, and the batch command
def test_a_folder_gives_what_the_batch_command_gives(tmp_path, capsys, address):
    docs = _documents()
    folder = _folder(tmp_path / "in", docs)
    (folder / "bad.txt").write_bytes(b"bad \xff byte\n")
    results = {}
    # detect on the cluster at an address; restore with --dask and no address: a
    # LocalCluster of 2 worker processes of its own
    for name, on, extra in (("batch", ["-j", "1"], ["-j", "1"]),
                            ("dask", ["--dask", address], ["--dask", "-j", "2"])):
        detect = _cli(capsys, "detect", str(folder), "--format", "jsonl", *on)
        out = tmp_path / f"out-{name}"
        report = tmp_path / f"report-{name}.jsonl"
        restore = _cli(capsys, "restore", str(folder), "-o", str(out), "--report", str(report),
                       *extra)
        restored = {p.name: p.read_text(encoding="utf-8") for p in sorted(out.iterdir())}
        results[name] = (detect[0], detect[1], _skip_lines(detect[2]), restore[0],
                         _skip_lines(restore[2]), restored, report.read_text(encoding="utf-8"))
    assert results["dask"] == results["batch"]
    code, rows, skips, _, _, restored, report = results["dask"]
    assert code == 3 and skips == [f"despin: skipped {folder / 'bad.txt'}: invalid UTF-8 at "
                                   "byte 4 (line 1)"]
    assert len(rows.splitlines()) == len(docs) and len(restored) == len(docs)
    assert sum(json.loads(r)["spun"] for r in rows.splitlines()) == len(docs) - 2
    assert len(report.splitlines()) > 100  # the changes, from both paths alike


def _batch_rows(tmp_path, capsys, docs) -> dict[str, dict]:
    """The batch command's detect row and restoration of each document (as a text file),
    by the document's name."""
    folder = _folder(tmp_path / "single", docs)
    code, out, _ = _cli(capsys, "detect", str(folder), "--format", "jsonl", "-j", "1")
    assert code == 0
    rows = {json.loads(line)["path"]: json.loads(line) for line in out.splitlines()}
    restored = tmp_path / "single-restored"
    assert main(["restore", str(folder), "-o", str(restored), "-j", "1"]) == 0
    found = {}
    for i, (name, _) in enumerate(docs):
        row = rows[str(folder / f"{i:02d}.txt")]
        row = {k: row[k] for k in bags.DETECT_COLUMNS if k not in ("path", "skipped")}
        found[name] = {**row, "text": (restored / f"{i:02d}.txt").read_text(encoding="utf-8")}
    return found


def _partition_rows(folder, fmt: str) -> list[dict]:
    rows = []
    for part in sorted(folder.glob(f"part-*.{fmt}")):
        if fmt == "jsonl":
            rows += [json.loads(line) for line in part.read_text(encoding="utf-8").splitlines()]
        else:
            import pyarrow.parquet as pq

            rows += pq.read_table(part).to_pylist()
    return rows


@pytest.mark.slow  # a Dask LocalCluster
def test_jsonl_warc_and_wet_give_what_the_single_machine_path_gives(tmp_path, capsys, address,
                                                                     warc_writer):
    docs = _documents()
    expected = _batch_rows(tmp_path, capsys, docs)
    inputs = {"jsonl": tmp_path / "docs.jsonl", "wet": tmp_path / "docs.warc.wet.gz",
              "warc": tmp_path / "docs.warc"}
    inputs["jsonl"].write_text("".join(json.dumps({"url": n, "body": t}) + "\n" for n, t in docs),
                               encoding="utf-8")
    warc_writer(inputs["wet"], docs, kind="wet")
    warc_writer(inputs["warc"], docs, kind="warc", gzipped=False)
    for (kind, path), fmt in zip(inputs.items(), ("parquet", "jsonl", "parquet")):
        parts = tmp_path / f"parts-{kind}"
        code, _, err = _cli(capsys, "restore", str(path), "--dask", address, "--partitions",
                            str(parts), "--partition-format", fmt, "--text-field", "body",
                            "--id-field", "url")
        assert code == 0, err
        rows = _partition_rows(parts, fmt)
        assert [r["path"] for r in rows] == [n for n, _ in docs], kind
        got = {r["path"]: {k: r[k] for k in expected[r["path"]]} for r in rows}
        assert got == expected, kind
        summary = json.loads((parts / "summary.json").read_text(encoding="utf-8"))
        spun = sum(r["spun"] for r in expected.values())
        assert (summary["documents"], summary["spun"], summary["skipped"]) == (len(docs), spun, 0)
        assert f"{len(docs)} document(s), {spun} judged spun, 0 skipped" in err


@pytest.mark.slow  # a Dask LocalCluster
def test_bad_records_are_named_and_the_rest_goes_on(tmp_path, capsys, address, warc_writer):
    docs = _documents()[:4]
    path = tmp_path / "bad.wet.gz"
    starts = warc_writer(path, [*docs[:2], ("https://x.org/latin", "café".encode("latin-1")),
                                *docs[2:]])
    data = bytearray(path.read_bytes())
    middle = (starts[1] + starts[2]) // 2
    data[middle:middle + 8] = b"\x00\xff" * 4  # the second page's gzip member
    cut = gzip.compress(b"WARC/1.0\r\n" + bytes(range(256)) * 4)[:100]  # a member cut off
    path.write_bytes(bytes(data) + cut)
    code, out, err = _cli(capsys, "detect", str(path), "--dask", address, "--format", "jsonl")
    assert code == 3
    lines = _skip_lines(err)
    assert lines[0].startswith(f"despin: skipped {path}@{starts[1]}: corrupt gzip member (")
    assert lines[1:] == [
        "despin: skipped https://x.org/latin: invalid UTF-8 at byte 3 (line 1)",
        f"despin: skipped {path}@{len(data)}: truncated gzip member (the file ends inside it)"]
    assert sorted(json.loads(r)["path"] for r in out.splitlines()) == \
        [docs[0][0], docs[2][0], docs[3][0]]


@pytest.mark.slow  # a Dask LocalCluster
def test_resume_keeps_what_was_written(tmp_path, capsys, address, monkeypatch):
    docs = _documents()
    folder = _folder(tmp_path / "in", docs)
    out = tmp_path / "out"
    assert main(["restore", str(folder), "-o", str(out), "--dask", address]) == 0
    # every output dated an hour ahead (still newer than its input, so up to date): a file
    # written again is dated now. An inode number would not tell: the file system may give
    # the new file the number the removed one freed.
    ahead = time.time_ns() + 3600 * 10**9
    for p in out.iterdir():
        os.utime(p, ns=(ahead, ahead))
    before = {p.name for p in out.iterdir()}
    (out / "00.txt").unlink()
    code, _, err = _cli(capsys, "restore", str(folder), "-o", str(out), "--dask", address,
                        "--resume")
    assert code == 0, err
    after = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    assert after.keys() == before
    assert [n for n in after if after[n] != ahead] == ["00.txt"]
    # partitions: text files in groups of 4, so two partitions
    parts = tmp_path / "parts"
    args = ["detect", str(folder), "--dask", address, "--partitions", str(parts)]
    monkeypatch.setattr(bags, "FILES_PER_PARTITION", 4)
    assert _cli(capsys, *args)[0] == 0
    first = {p.name: p.stat().st_ino for p in parts.glob("part-*")}
    (parts / "part-00001.parquet").unlink()
    code, _, err = _cli(capsys, *args, "--resume")
    assert code == 0 and sorted(first) == ["part-00000.parquet", "part-00001.parquet"]
    assert (parts / "part-00000.parquet").stat().st_ino == first["part-00000.parquet"]
    assert len(_partition_rows(parts, "parquet")) == len(docs)
    summary = json.loads((parts / "summary.json").read_text(encoding="utf-8"))
    assert (summary["documents"], summary["resumed"]) == (len(docs), 1)


@pytest.mark.slow  # a Dask LocalCluster
def test_a_worker_killed_mid_run_leaves_each_partition_written_once(tmp_path, client, restorer):
    seed = SEED.read_text(encoding="utf-8")
    parts = [[(str(tmp_path / f"in-{i}.jsonl"), None)] for i in range(8)]
    for i, ((path, _),) in enumerate(parts):
        with open(path, "w", encoding="utf-8") as f:
            for j in range(3):
                f.write(json.dumps({"text": f"Document {i}-{j}.\n\n" + seed}) + "\n")
    out = tmp_path / "parts"
    rows = bags.restore_bag(bags.records_bag(parts=parts))
    futures = client.compute(partitions.write_partitions(rows, str(out), "jsonl"))
    pids = client.run(os.getpid)
    deadline = time.monotonic() + 120
    while not any(f.done() for f in futures) and time.monotonic() < deadline:
        time.sleep(0.05)
    busy = [w for w, keys in client.processing().items() if keys]
    assert busy and not all(f.done() for f in futures)  # a task is running on a worker
    os.kill(pids[busy[0]], signal.SIGKILL)
    summaries = client.gather(futures)
    assert pids[busy[0]] not in client.run(os.getpid).values()  # it was replaced
    assert [s["documents"] for s in summaries] == [3] * 8
    files.sweep(out)  # what the killed worker was writing, if anything
    assert sorted(p.name for p in out.iterdir()) == [partitions.part_name(i, "jsonl")
                                                     for i in range(8)]
    plugin.install(None, restorer)  # this process, as the single-machine path
    expected = list(bags._rows(bags._read_part(parts, "text", None), "restore"))
    assert _partition_rows(out, "jsonl") == expected


@pytest.mark.slow  # a Dask LocalCluster
def test_an_index_built_on_the_cluster_is_the_one_built_on_one_machine(tmp_path, capsys,
                                                                        address):
    pytest.importorskip("datasketch")
    from despin.trace.index import Index

    docs = _documents()
    folder = _folder(tmp_path / "archive", docs[:4])
    lines = tmp_path / "more.jsonl"  # a second partition, with a line that is no JSON
    lines.write_text("".join(json.dumps({"url": n, "body": t}) + "\n" for n, t in docs[4:])
                     + "{not json\n", encoding="utf-8")
    made = {}
    for where, extra in (("one", []), ("cluster", ["--dask", address])):
        made[where] = tmp_path / f"{where}.idx"
        code, _, err = _cli(capsys, "index", str(folder), str(lines), "-o", str(made[where]),
                            "--text-field", "body", "--id-field", "url", *extra)
        assert code == 3 and "more.jsonl:" in err and "skipped" in err, err
    one, cluster = Index.load(made["one"]), Index.load(made["cluster"])
    assert cluster.ids == one.ids and len(one) == len(docs)
    assert (cluster.signatures == one.signatures).all() and (cluster.keys == one.keys).all()
    assert (cluster.order == one.order).all()
    assert [cluster.text(i) for i in range(len(one))] == [one.text(i) for i in range(len(one))]
