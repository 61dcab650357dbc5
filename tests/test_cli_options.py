"""Command-line options and settings not covered elsewhere: --spun, --unseen, --glob,
``builtin = false``, and the JSON that detect and restore print."""

import json
import textwrap

import pytest

from despin.cli import main

AMBIGUOUS = "He mentioned that help may come.\n"  # no spinner-only phrase: judged clean alone
ALWAYS = "It ended the Chilly Struggle.\n"  # a spinner-only phrase: restored in any text
UNSEEN = "all who gave their dwells for freedom\n"  # no rule lists "dwells"


def _restore(capsys, path, *options):
    assert main(["restore", "-j", "1", "--no-config", *options, str(path)]) == 0
    return capsys.readouterr().out


@pytest.fixture
def files(tmp_path):
    for name, text in [("ambiguous.txt", AMBIGUOUS), ("always.txt", ALWAYS), ("unseen.txt", UNSEEN)]:
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_spun_decides_whether_the_document_test_runs(files, capsys):
    ambiguous, always = files / "ambiguous.txt", files / "always.txt"
    assert _restore(capsys, ambiguous) == AMBIGUOUS  # auto: one sentence is no evidence
    assert _restore(capsys, ambiguous, "--spun", "no") == AMBIGUOUS
    assert _restore(capsys, ambiguous, "--spun", "yes") == "He said that support could come.\n"
    assert _restore(capsys, always, "--spun", "no") == "It ended the Cold War.\n"
    assert main(["detect", "--no-config", "--spun", "yes", "--format", "json", str(ambiguous)]) == 0
    # the detection itself is reported as measured: --spun only decides what is restored
    assert json.loads(capsys.readouterr().out)[0]["spun"] is False
    with pytest.raises(SystemExit):
        main(["restore", "--spun", "maybe", str(ambiguous)])
    capsys.readouterr()


def test_unseen_adds_words_no_dictionary_lists(files, capsys):
    unseen = files / "unseen.txt"
    assert _restore(capsys, unseen, "--spun", "yes") == UNSEEN
    assert _restore(capsys, unseen, "--spun", "yes", "--unseen") == \
        "all who gave their lives for freedom\n"
    assert _restore(capsys, unseen, "--unseen") == UNSEEN  # and only in spun documents


def test_glob_picks_the_files_inside_folders(tmp_path, capsys):
    tree = tmp_path / "in"
    (tree / "sub").mkdir(parents=True)
    for name in ("a.txt", "b.md", "sub/c.md", "sub/d.txt"):
        (tree / name).write_text(ALWAYS, encoding="utf-8")
    out = tmp_path / "out"

    def written():
        return sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())

    assert main(["restore", "--no-config", "-j", "1", str(tree), "-o", str(out)]) == 0
    assert written() == ["a.txt", "sub/d.txt"]  # the default: *.txt
    assert main(["restore", "--no-config", "-j", "1", "--glob", "*.md", str(tree), "-o", str(out)]) == 0
    assert written() == ["a.txt", "b.md", "sub/c.md", "sub/d.txt"]
    assert (out / "sub" / "c.md").read_text(encoding="utf-8") == "It ended the Cold War.\n"
    # a file named on the command line is read whatever its name
    assert main(["restore", "--no-config", "--glob", "*.md", str(tree / "a.txt")]) == 0
    assert capsys.readouterr().out == "It ended the Cold War.\n"
    assert main(["detect", "--no-config", "-j", "1", "--glob", "*.md", "--format", "jsonl", str(tree)]) == 0
    paths = sorted(json.loads(line)["path"] for line in capsys.readouterr().out.splitlines())
    assert paths == [str(tree / "b.md"), str(tree / "sub" / "c.md")]


def test_builtin_false_in_the_settings_leaves_out_the_builtin_packs(tmp_path, monkeypatch, capsys):
    (tmp_path / "mine.yaml").write_text(textwrap.dedent("""\
        pack: mine
        defaults: {when: always}
        table: {whatsit gizmo: flux capacitor}
        """), encoding="utf-8")
    (tmp_path / "despin.toml").write_text('builtin = false\nrules = ["mine.yaml"]\n',
                                          encoding="utf-8")
    (tmp_path / "a.txt").write_text("the whatsit gizmo and the Chilly Struggle", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["restore", "a.txt"]) == 0
    assert capsys.readouterr().out == "the flux capacitor and the Chilly Struggle"
    assert main(["rules", "list"]) == 0
    assert [line.split("\t")[0] for line in capsys.readouterr().out.splitlines()] == \
        ["mine:whatsit-gizmo"]
    assert main(["restore", "--no-config", "a.txt"]) == 0
    assert capsys.readouterr().out == "the whatsit gizmo and the Cold War"
    (tmp_path / "despin.toml").write_text('builtin = "no"\n', encoding="utf-8")
    assert main(["restore", "a.txt"]) == 2
    assert "'builtin' must be true or false" in capsys.readouterr().err


CHANGE_KEYS = {"start": int, "end": int, "before": str, "after": str, "rule": str, "file": str,
               "confidence": float, "evidence": list, "line": int, "column": int}
DETECTION_KEYS = {"spun": bool, "score": float, "pack": str, "artifacts": int,
                  "density_per_1000_words": float, "packs": dict, "evidence": list,
                  "listed": int, "hits": list, "suggested": int, "suggestions": list}
HIT_KEYS = {"start": int, "end": int, "text": str, "rule": str, "original": str, "context": str,
            "evidence": list}
SUGGESTION_KEYS = {"start": int, "end": int, "text": str, "suggestion": str, "rule": str,
                   "known": str, "confidence": float, "evidence": list}
ROW_KEYS = {"path": str, "score": float, "spun": bool, "pack": str, "artifacts": int,
            "suggested": int, "density_per_1000_words": float, "evidence": list, "hits": list,
            "suggestions": list}


def _conforms(record: dict, schema: dict) -> None:
    assert set(record) == set(schema)
    for key, kind in schema.items():
        assert isinstance(record[key], kind) and not (kind is int and isinstance(record[key], bool)), \
            (key, record[key])


def test_the_json_of_restore_and_detect_keeps_its_schema(tmp_path, capsys):
    text = "Kirby mentioned the Chilly Struggle ended. We trained an irregular timberland " \
           "on gene articulation data.\n"
    f = tmp_path / "a.txt"
    f.write_text(text, encoding="utf-8")
    assert main(["restore", "--no-config", "--format", "json", str(f)]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    record = json.loads(line)
    assert set(record) == {"path", "detection", "changes"} and record["path"] == str(f)
    _conforms(record["detection"], DETECTION_KEYS)
    assert record["changes"]
    for change in record["changes"]:
        _conforms(change, CHANGE_KEYS)
        assert text[change["start"]:change["end"]] == change["before"]
        assert change["column"] == change["start"] + 1 and change["line"] == 1
    for hit in record["detection"]["hits"]:
        _conforms(hit, HIT_KEYS)
    assert main(["detect", "--no-config", "--format", "json", str(f)]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    _conforms(row, ROW_KEYS)
    assert row["suggestions"] and row["hits"]
    for suggestion in row["suggestions"]:
        _conforms(suggestion, SUGGESTION_KEYS)
    for hit in row["hits"]:
        _conforms(hit, HIT_KEYS)
    assert main(["detect", "--no-config", "--format", "jsonl", str(f)]) == 0
    assert json.loads(capsys.readouterr().out) == row  # one row, the same in both
