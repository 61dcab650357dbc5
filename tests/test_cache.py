"""The cache of compiled rules saves start-up time and never grows without bound."""

import os

from despin import cache


def test_the_cache_keeps_only_the_most_recently_used_entries(tmp_path):
    keep = cache.KEEP_RESTORERS
    cache._write(tmp_path, "file-parsed", ["a parsed rule file"])
    os.utime(tmp_path / "file-parsed.pickle", ns=(10**9, 10**9))  # the oldest of all
    for i in range(keep):
        cache._write(tmp_path, f"k{i}", {"entry": i})
        os.utime(tmp_path / f"k{i}.pickle", ns=((i + 2) * 10**9,) * 2)  # k0 oldest
    assert cache._read(tmp_path / "k0.pickle") == {"entry": 0}  # used now: the newest
    cache._write(tmp_path, "new", {"entry": "new"})  # one too many: the least recent goes
    left = {p.stem for p in tmp_path.glob("*.pickle")}
    assert "k1" not in left
    assert {"k0", "new", "file-parsed"} <= left  # parsed files are pruned on their own count
    assert len([n for n in left if not n.startswith("file-")]) == keep


def test_a_missing_or_broken_entry_only_costs_time(tmp_path):
    assert cache._read(tmp_path / "absent.pickle") is None
    (tmp_path / "broken.pickle").write_bytes(b"not a pickle")
    assert cache._read(tmp_path / "broken.pickle") is None
