"""The cache of compiled rules saves start-up time, never grows without bound, and loads
only what despin itself wrote: anything else in its folder is ignored and rebuilt."""

import importlib.metadata
import marshal
import os
import pickle
import re
import shutil
import tomllib
from pathlib import Path

import pytest

from despin import Restorer
from despin.compile.compiled import CompiledRules
from despin.rules.load import rule_files
from despin.store import cache, provenance, seal

PACK = """\
pack: mine
rules:
  - id: mine:chilly
    spun: [Chilly Struggle]
    original: Cold War
    when: always
    examples:
      - spun: the end of the Chilly Struggle
        restored: the end of the Cold War
"""
TEXT = "It was the end of the Chilly Struggle."


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """A cache folder of this test's own, its secret read afresh."""
    monkeypatch.setenv("DESPIN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(seal, "_secrets", {})
    return tmp_path / "cache"


@pytest.fixture
def pack(tmp_path):
    (tmp_path / "pk").mkdir()
    (tmp_path / "pk" / "mine.yaml").write_text(PACK, encoding="utf-8")
    return tmp_path / "pk"


def _changes(restorer):
    """Each change, with the file:line of its rule."""
    where = {r.id: r.where for r in restorer.rules}
    return [(c.start, c.end, c.after, c.rule, c.file, where[c.rule], c.confidence)
            for c in restorer.explain(TEXT).changes]


def _entries(folder):
    found = sorted(folder.glob("*.pickle"))
    assert found, "the first run stores entries"
    return found


def test_the_cache_keeps_only_the_most_recently_used_entries(folder):
    keep = cache.KEEP_RESTORERS
    cache._write(folder, "file-parsed.pickle", ["a parsed rule file"])
    os.utime(folder / "file-parsed.pickle", ns=(10**9, 10**9))  # the oldest of all
    for i in range(keep):
        cache._write(folder, f"k{i}.pickle", {"entry": i})
        os.utime(folder / f"k{i}.pickle", ns=((i + 2) * 10**9,) * 2)  # k0 oldest
    assert cache._read(folder, "k0.pickle", dict.__instancecheck__) == {"entry": 0}  # used now
    cache._write(folder, "new.pickle", {"entry": "new"})  # one too many: the least recent goes
    left = {p.stem for p in folder.glob("*.pickle")}
    assert "k1" not in left
    assert {"k0", "new", "file-parsed"} <= left  # parsed files are pruned on their own count
    assert len([n for n in left if not n.startswith("file-")]) == keep
    assert (folder / seal.SECRET_NAME).exists()  # the secret is no entry: never pruned
    for i in range(cache.KEEP_COUNTS + 1):  # the word counts, on a count of their own
        cache._write(folder, f"counts-{i}.marshal", ({}, {}), marshal.dumps)
        os.utime(folder / f"counts-{i}.marshal", ns=((i + 20) * 10**9,) * 2)
    assert len(list(folder.glob("*.marshal"))) == cache.KEEP_COUNTS
    assert len(list(folder.glob("*.pickle"))) == len(left)


def test_a_missing_or_broken_entry_only_costs_time(folder):
    cache._write(folder, "made.pickle", "a value")  # makes the folder and its secret
    assert cache._read(folder, "absent.pickle", str.__instancecheck__) is None
    (folder / "broken.pickle").write_bytes(b"not a pickle")
    assert cache._read(folder, "broken.pickle", str.__instancecheck__) is None


class _Plant:
    """Unpickled, it creates a file: what a planted pickle could run instead."""

    def __init__(self, target):
        self.target = target

    def __reduce__(self):
        return Path.touch, (Path(self.target),)


def test_a_planted_pickle_is_never_run_and_the_run_still_works(folder, pack, tmp_path):
    fresh = _changes(Restorer(paths=[pack]))
    target = tmp_path / "planted-pickle-ran"
    bomb = pickle.dumps(_Plant(target))
    for i, entry in enumerate(_entries(folder)):  # bare, and behind a forged seal
        entry.write_bytes(bomb if i % 2 else seal.MAGIC + bytes(32) + bomb)
    again = Restorer(paths=[pack])
    assert not target.exists()
    name = str(pack / "mine.yaml")
    assert _changes(again) == fresh
    assert fresh == [(22, 37, "Cold War", "mine:chilly", name, f"{name}:3", fresh[0][-1])]


def test_an_entry_of_the_wrong_kind_is_rebuilt(folder, pack):
    fresh = _changes(Restorer(paths=[pack]))
    for entry in _entries(folder):  # sealed as despin would seal it, but not what is asked for
        cache._write(folder, entry.name, {"not": "a restorer"})
    assert _changes(Restorer(paths=[pack])) == fresh
    assert cache.load(rule_files([pack]), [str(pack)], kind=CompiledRules) is not None  # stored again


@pytest.mark.parametrize("damage", ["tampered", "truncated", "unreadable"])
def test_a_damaged_entry_is_rebuilt(folder, pack, damage):
    fresh = _changes(Restorer(paths=[pack]))
    for entry in _entries(folder):
        data = entry.read_bytes()
        if damage == "tampered":  # still a valid pickle, with another restoration in it
            assert b"War" in data
            entry.write_bytes(data.replace(b"War", b"Wax"))
        elif damage == "truncated":
            entry.write_bytes(data[: len(data) // 2])
        else:
            entry.unlink()
            entry.mkdir()  # read as a file, it fails even for root
    assert _changes(Restorer(paths=[pack])) == fresh


def test_the_folder_is_private_and_the_secret_made_once(folder, pack):
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)  # as an older despin left it
    Restorer(paths=[pack])
    secret = folder / seal.SECRET_NAME
    assert folder.stat().st_mode & 0o777 == 0o700
    assert secret.stat().st_mode & 0o777 == 0o600
    first = secret.read_bytes()
    seal._secrets.clear()  # another process
    Restorer(paths=[pack])
    assert secret.read_bytes() == first
    assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_a_secret_others_could_read_is_replaced(folder, pack):
    fresh = _changes(Restorer(paths=[pack]))
    secret = folder / seal.SECRET_NAME
    first = secret.read_bytes()
    os.chmod(secret, 0o644)
    seal._secrets.clear()
    assert _changes(Restorer(paths=[pack])) == fresh
    assert secret.read_bytes() != first and secret.stat().st_mode & 0o777 == 0o600


def test_a_folder_of_another_user_is_not_used(folder, pack, monkeypatch):
    folder.mkdir()
    monkeypatch.setattr(os, "getuid", lambda: folder.stat().st_uid + 1)  # as seen by another
    fresh = _changes(Restorer(paths=[pack]))
    assert fresh and list(folder.iterdir()) == []  # no secret made, no entry written


def test_cache_off_reads_and_writes_nothing(tmp_path, monkeypatch, pack):
    monkeypatch.setenv("DESPIN_CACHE_DIR", "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setattr(seal, "_secrets", {})
    assert _changes(Restorer(paths=[pack]))
    assert not (tmp_path / "xdg").exists() and not (tmp_path / "home").exists()


def _keys(pack):
    return cache._key(rule_files([pack]), [str(pack)]), cache._file_key(pack / "mine.yaml")


def test_every_source_file_is_in_the_key(tmp_path, monkeypatch, pack):
    copy = tmp_path / "src"
    shutil.copytree(provenance.SOURCE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "sub").mkdir()
    (copy / "sub" / "extra.py").write_text("X = 1\n")
    before = provenance.source_digest(copy)
    assert provenance.source_digest(copy) == before  # the same files, the same digest
    (copy / "sub" / "extra.py").write_text("X = 2\n")  # a subpackage's file counts too
    edited = provenance.source_digest(copy)
    (copy / "__init__.py").write_bytes((copy / "__init__.py").read_bytes() + b"\n")
    assert len({before, edited, provenance.source_digest(copy)}) == 3
    keys = _keys(pack)
    monkeypatch.setattr(provenance, "SOURCE_DIGEST", edited)
    new = _keys(pack)
    assert None not in keys + new and not set(keys) & set(new)


def test_library_versions_are_those_installed_and_in_the_key(monkeypatch, pack):
    versions = provenance.library_versions()
    assert versions == {d: importlib.metadata.version(d) for d, _ in provenance.LIBRARIES}
    keys, counts = _keys(pack), cache._counts_name()
    monkeypatch.setattr(provenance, "library_versions",
                        lambda: {**versions, "lemminflect": "0.0.1"})
    monkeypatch.setattr(provenance, "RUNTIME_DIGEST", provenance.runtime_digest())
    new = _keys(pack)
    assert None not in keys + new and not set(keys) & set(new)
    assert cache._counts_name() != counts


def test_every_runtime_dependency_but_progress_bars_is_in_the_key():
    project = tomllib.loads((Path(__file__).resolve().parents[1] / "pyproject.toml").read_text())
    needed = {re.split(r"[<>=!~ ;\[]", d)[0].lower() for d in project["project"]["dependencies"]}
    assert needed - {"tqdm"} == {d.lower() for d, _ in provenance.LIBRARIES}


def test_cached_rules_name_their_file_as_this_run_reaches_it(folder, pack, tmp_path, monkeypatch):
    from despin.rules.load import load_rules
    from despin.rules.model import RuleError

    (pack / "again.yaml").write_text(PACK.replace("pack: mine", "pack: again"), encoding="utf-8")
    shutil.copytree(pack, tmp_path / "copy")
    monkeypatch.chdir(tmp_path)
    assert Restorer(paths=["pk/mine.yaml"]).rules[0].where == "pk/mine.yaml:3"
    with pytest.raises(RuleError, match="pk/mine.yaml:3: duplicate id 'mine:chilly' [(]first at pk/again.yaml:3[)]"):
        load_rules(["pk"])  # each file is parsed (and cached) on its own
    monkeypatch.chdir(pack)  # the same files, reached by other names
    assert Restorer(paths=["mine.yaml"]).rules[0].where == "mine.yaml:3"
    with pytest.raises(RuleError) as error:
        load_rules(["."])
    assert str(error.value).startswith("mine.yaml:3: duplicate id 'mine:chilly' (first at again.yaml:3)")
    copy = tmp_path / "copy" / "mine.yaml"  # a copy elsewhere
    assert Restorer(paths=[copy]).rules[0].where == f"{copy}:3"
    assert _changes(Restorer(paths=[copy]))[0][4:6] == (str(copy), f"{copy}:3")


def test_a_cached_restorer_gives_what_a_fresh_one_gives(folder, seed_text, monkeypatch):
    newswire = Path(__file__).resolve().parents[1] / "dictionaries" / "newswire"
    fresh = Restorer(paths=[newswire])  # compiled, and stored

    def compile_again(*args, **kwargs):
        raise AssertionError("compiled again: not loaded from the cache")

    monkeypatch.setattr(CompiledRules, "__init__", compile_again)
    cached = Restorer(paths=[newswire])
    for text in (seed_text, TEXT, "He mentioned the Chilly Struggle."):
        a, b = fresh.explain(text), cached.explain(text)
        assert a.text == b.text
        assert [c.to_dict() for c in a.changes] == [c.to_dict() for c in b.changes]
        assert a.detection == b.detection
    assert fresh.explain(seed_text).changes  # the comparison compared something
