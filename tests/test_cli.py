"""The command line, run as a user runs it."""

import json
import subprocess
import sys

import pytest

from despin.cli import main

SPUN = "The Pentagon mentioned plane service will take part. Kirby mentioned it. " \
       "He advised reporters the train was deliberate throughout the Chilly Struggle.\n"


def run(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "despin.cli", *args], input=stdin,
                          capture_output=True, text=True, encoding="utf-8")


def test_restore_stdin_to_stdout():
    out = run("restore", "-", stdin=SPUN)
    assert out.returncode == 0
    assert "aircraft carrier" in out.stdout and "Cold War" in out.stdout


def test_input_files_are_never_written_without_in_place(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(SPUN, encoding="utf-8")
    assert main(["restore", str(f)]) == 0
    assert f.read_text(encoding="utf-8") == SPUN


def test_in_place_rewrites_atomically_and_keeps_crlf(tmp_path):
    f = tmp_path / "a.txt"
    f.write_bytes(SPUN.replace("\n", "\r\n").encode())
    assert main(["restore", "--in-place", str(f)]) == 0
    data = f.read_bytes().decode()
    assert "Cold War" in data and data.endswith("\r\n")
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]  # no temporary file left


def test_output_dir_mirrors_the_tree(tmp_path):
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "sub" / "a.txt").write_text(SPUN, encoding="utf-8")
    assert main(["restore", str(src), "-o", str(tmp_path / "out")]) == 0
    assert "Cold War" in (tmp_path / "out" / "sub" / "a.txt").read_text(encoding="utf-8")


def test_check_exits_1_when_something_would_change(tmp_path):
    spun, clean = tmp_path / "spun.txt", tmp_path / "clean.txt"
    spun.write_text(SPUN, encoding="utf-8")
    clean.write_text("Officials said the exercise went well.\n", encoding="utf-8")
    assert main(["restore", "--check", str(clean)]) == 0
    assert main(["restore", "--check", str(spun)]) == 1
    assert spun.read_text(encoding="utf-8") == SPUN


def test_bad_file_is_skipped_with_its_path_and_the_rest_goes_on(tmp_path, capsys):
    bad, good = tmp_path / "bad.txt", tmp_path / "good.txt"
    bad.write_bytes(b"\xff\xfe\x00binary")
    good.write_text(SPUN, encoding="utf-8")
    assert main(["restore", str(bad), str(good)]) == 3
    captured = capsys.readouterr()
    assert str(bad) in captured.err and "Cold War" in captured.out


def test_detect_json_sorts_most_suspicious_first(tmp_path, capsys):
    (tmp_path / "clean.txt").write_text("Officials said the exercise went well.\n", encoding="utf-8")
    (tmp_path / "spun.txt").write_text(SPUN, encoding="utf-8")
    assert main(["detect", "--format", "json", str(tmp_path)]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["path"].rsplit("/", 1)[-1] for r in rows] == ["spun.txt", "clean.txt"]
    assert rows[0]["spun"] and not rows[1]["spun"]


def test_rules_check_reports_file_and_line(tmp_path, capsys):
    pack = tmp_path / "p.yaml"
    pack.write_text("pack: mine\nrules:\n  - id: mine:a\n    spun: foo\n", encoding="utf-8")
    assert main(["rules", "check", str(pack)]) == 1
    assert f"{pack}:3: rule is missing the field 'original'" in capsys.readouterr().out


def test_builtin_dictionaries_pass_rules_check(capsys):
    from despin.packs import builtin_dir

    assert main(["rules", "check", str(builtin_dir())]) == 0


def test_help_lists_every_command():
    out = run("--help")
    assert out.returncode == 0
    for command in ("restore", "detect", "rules"):
        assert command in out.stdout
