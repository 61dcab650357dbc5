"""The command line, run as a user runs it."""

import json
import subprocess
import sys

import pytest

from despin.cli import main

SPUN = "The Pentagon mentioned plane service will take part. Kirby mentioned it. " \
       "He advised reporters the train was deliberate throughout the Chilly Struggle.\n"


def run(*args, stdin=None, timeout=None, memory=None, **kwargs):
    """despin in a process of its own; ``memory``: a limit of its address space, in bytes
    (a run that would read without end fails fast instead of taking the machine's)."""
    def limit():
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    return subprocess.run([sys.executable, "-m", "despin.cli", *args], input=stdin,
                          capture_output=True, text=True, encoding="utf-8", timeout=timeout,
                          preexec_fn=limit if memory else None, **kwargs)


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


def test_rules_check_runs_the_examples(tmp_path, capsys):
    # the built-in packs' own examples are run by tests/test_rule_examples.py
    pack = tmp_path / "p.yaml"
    rule = ("pack: mine\nrules:\n  - id: mine:gizmo\n    spun: whatsit gizmo\n"
            "    original: flux capacitor\n    when: always\n    examples:\n")
    pack.write_text(rule + "      - {spun: 'a whatsit gizmo', restored: 'a flux capacitor'}\n",
                    encoding="utf-8")
    assert main(["rules", "check", str(pack)]) == 0
    assert capsys.readouterr().out == "1 rules OK\n"
    pack.write_text(rule + "      - {spun: 'a whatsit gizmo', restored: 'a time machine'}\n",
                    encoding="utf-8")
    assert main(["rules", "check", str(pack)]) == 1
    assert capsys.readouterr().out == (
        f"{pack}:8: rule 'mine:gizmo': example 'a whatsit gizmo' restores to "
        "'a flux capacitor', not 'a time machine'\n")


def test_help_lists_every_command():
    out = run("--help")
    assert out.returncode == 0
    for command in ("restore", "detect", "rules"):
        assert command in out.stdout


def test_diff_and_line_format(tmp_path, capsys):
    f = tmp_path / "a.txt"
    f.write_text(SPUN, encoding="utf-8")
    assert main(["restore", "--diff", str(f)]) == 0
    diff = capsys.readouterr().out
    assert diff.startswith(f"--- a/{f}") and "+The Pentagon said aircraft carrier" in diff
    assert main(["restore", "--format", "line", str(f)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert f"{f}:1:14: newswire:mentioned: mentioned → said" in lines
    assert f.read_text(encoding="utf-8") == SPUN


def test_report_records_every_change_with_its_place(tmp_path, capsys):
    f = tmp_path / "a.txt"
    f.write_text("first line\n" + SPUN, encoding="utf-8")
    report = tmp_path / "r.jsonl"
    assert main(["restore", "--report", str(report), str(f), "-o", str(tmp_path / "out")]) == 0
    rows = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()]
    first = rows[0]
    assert (first["file"], first["line"], first["column"], first["before"], first["after"]) == \
        (str(f), 2, 14, "mentioned", "said")
    assert first["rule"] and 0.5 < first["confidence"] <= 1


def test_html_report_escapes_and_marks_changes(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("<script>alert(1)</script> " + SPUN, encoding="utf-8")
    page = tmp_path / "r.html"
    assert main(["restore", "--html", str(page), str(f), "-o", str(tmp_path / "out")]) == 0
    html = page.read_text(encoding="utf-8")
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert "<del title=" in html and "<ins title=" in html and "1 file(s) restored" in html


@pytest.mark.parametrize("name, data, reason", [
    ("empty.txt", b"", "empty file"),
    ("binary.txt", b"abc\x00def", "binary file"),
    ("latin1.txt", "ok\nnaïve\n".encode("latin-1"), "invalid UTF-8 at byte 5 (line 2)"),
])
def test_each_bad_input_is_named_with_its_reason(tmp_path, capsys, name, data, reason):
    (tmp_path / name).write_bytes(data)
    (tmp_path / "good.txt").write_text(SPUN, encoding="utf-8")
    assert main(["restore", str(tmp_path), "-o", str(tmp_path / "out")]) == 3
    err = capsys.readouterr().err
    assert f"skipped {tmp_path / name}: {reason}" in err
    assert (tmp_path / "out" / "good.txt").exists()


def test_symlink_loop_and_unreadable_file_are_skipped(tmp_path, capsys):
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "back").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "good.txt").write_text(SPUN, encoding="utf-8")
    assert main(["detect", str(tmp_path)]) == 3
    err = capsys.readouterr().err
    assert f"skipped {tmp_path / 'loop.txt'}: symlink loop" in err
    assert "symlink loop (folder visited already)" in err


def test_output_order_is_the_same_with_several_jobs(tmp_path, capsys):
    for i in range(12):
        (tmp_path / f"{i:02d}.txt").write_text(SPUN.replace("Kirby", f"Kirby{i}"), encoding="utf-8")
    main(["restore", "--format", "line", "-j", "1", str(tmp_path)])
    one = capsys.readouterr().out
    main(["restore", "--format", "line", "-j", "2", str(tmp_path)])
    assert capsys.readouterr().out == one and one


def test_resume_skips_files_already_done(tmp_path, capsys):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "a.txt").write_text(SPUN, encoding="utf-8")
    assert main(["restore", str(src), "-o", str(out)]) == 0
    (out / "a.txt").write_text("kept", encoding="utf-8")  # newer than the input
    assert main(["restore", str(src), "-o", str(out), "--resume"]) == 0
    assert (out / "a.txt").read_text(encoding="utf-8") == "kept"


def test_detect_csv_and_jsonl(tmp_path, capsys):
    (tmp_path / "a.txt").write_text(SPUN, encoding="utf-8")
    assert main(["detect", "--format", "csv", str(tmp_path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "path,score,spun,pack,artifacts,suggested,evidence" \
        and out[1].startswith(str(tmp_path))
    assert main(["detect", "--format", "jsonl", str(tmp_path)]) == 0
    assert json.loads(capsys.readouterr().out)["artifacts"] >= 1


def test_an_output_folder_inside_the_input_folder_is_not_read_as_input(tmp_path):
    src = tmp_path / "articles"
    src.mkdir()
    (src / "a.txt").write_text(SPUN, encoding="utf-8")
    out = src / "restored"
    for _ in range(2):  # the second run finds the first run's output inside the input folder
        assert main(["restore", str(src), "-o", str(out)]) == 0
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.txt")) == \
        ["articles/a.txt", "articles/restored/a.txt"]
    # the same folder given as an input on purpose is still restored
    assert main(["restore", str(out), "-o", str(tmp_path / "again")]) == 0
    assert (tmp_path / "again" / "a.txt").exists()


def test_a_fifo_in_an_input_folder_is_skipped_and_the_rest_goes_on(tmp_path):
    import os

    src = tmp_path / "in"
    src.mkdir()
    os.mkfifo(src / "x.txt")  # no writer: opening it to read would wait for ever
    (src / "y.txt").write_text(SPUN, encoding="utf-8")
    out = run("restore", str(src), "-o", str(tmp_path / "out"), timeout=120)
    assert out.returncode == 3
    assert f"despin: skipped {src / 'x.txt'}: not a regular file (a FIFO)" in out.stderr
    assert "Cold War" in (tmp_path / "out" / "y.txt").read_text(encoding="utf-8")


def test_a_device_given_as_input_is_skipped_not_read(tmp_path):
    good = tmp_path / "a.txt"
    good.write_text(SPUN, encoding="utf-8")
    out = run("restore", "/dev/zero", str(good), timeout=120, memory=2 << 30)
    assert out.returncode == 3, out.stderr[-300:]
    assert "despin: skipped /dev/zero: not a regular file (a character device)" in out.stderr
    assert "Cold War" in out.stdout


def test_a_link_to_a_fifo_is_skipped_too(tmp_path):
    import os

    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "link.txt").symlink_to(tmp_path / "fifo")
    out = run("detect", str(tmp_path), timeout=120)
    assert out.returncode == 3
    assert f"skipped {tmp_path / 'link.txt'}: not a regular file (a FIFO)" in out.stderr


@pytest.mark.slow  # every path 1200 folders deep is parsed again and again
def test_folders_1200_deep_are_walked(tmp_path):
    deep = tmp_path / "in"
    deep.mkdir()
    for _ in range(1200):  # one at a time: mkdir(parents=True) itself recurses
        deep = deep / "d"
        deep.mkdir()
    (deep / "a.txt").write_text(SPUN, encoding="utf-8")
    (deep / "pack.yaml").write_text(
        "pack: deep\ndefaults: {when: always}\ntable: {quux frobnicate: foo bar}\n",
        encoding="utf-8")
    try:
        assert main(["restore", str(tmp_path / "in"), "-o", str(tmp_path / "out")]) == 0
        restored = tmp_path / "out" / deep.relative_to(tmp_path / "in") / "a.txt"
        assert "Cold War" in restored.read_text(encoding="utf-8")
        assert main(["rules", "check", str(tmp_path / "in")]) == 0
    finally:  # pytest's clean-up of old temporary folders (shutil.rmtree) would recurse
        _remove_tree(tmp_path / "in")
        _remove_tree(tmp_path / "out")


def _remove_tree(top):
    import os

    if not top.exists():
        return
    stack, folders = [top], []
    while stack:
        folder = stack.pop()
        folders.append(folder)
        for entry in os.scandir(folder):
            if entry.is_dir(follow_symlinks=False):
                stack.append(entry.path)
            else:
                os.unlink(entry.path)
    for folder in reversed(folders):
        os.rmdir(folder)


def test_a_fifo_among_rule_files_is_named_not_read(tmp_path):
    import os

    os.mkfifo(tmp_path / "x.yaml")
    out = run("rules", "check", str(tmp_path), timeout=120)
    assert out.returncode == 1
    assert f"{tmp_path / 'x.yaml'}:0: cannot read: not a regular file (a FIFO)" in out.stdout


@pytest.mark.parametrize("text", [
    SPUN.rstrip("\n"),  # no newline at the end
    "Page one.\x0cKirby mentioned it.\u2028He mentioned more.\n" + SPUN.rstrip("\n"),
])
def test_diff_of_a_file_without_final_newline_applies_with_patch(tmp_path, capsys, text):
    import shutil

    f = tmp_path / "a.txt"
    f.write_bytes(text.encode("utf-8"))
    assert main(["restore", "--diff", str(f)]) == 0
    diff = capsys.readouterr().out
    assert diff.endswith("\n\\ No newline at end of file\n")
    assert diff.count("\\ No newline at end of file\n") == 2  # after the - line and the + line
    assert main(["restore", str(f)]) == 0
    restored = capsys.readouterr().out
    if shutil.which("patch") is None:
        pytest.skip("no patch program")
    (tmp_path / "d.patch").write_text(diff, encoding="utf-8")
    done = subprocess.run(["patch", "-o", str(tmp_path / "out.txt"), str(f),
                           str(tmp_path / "d.patch")], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "out.txt").read_bytes() == restored.encode("utf-8")


def _one_line(err: str) -> str:
    assert "Traceback" not in err and len(err.splitlines()) == 1, err
    return err.strip()


@pytest.mark.parametrize("option", ["--html", "--report"])
@pytest.mark.parametrize("where", ["inside a file", "a folder"])
def test_an_unwritable_html_or_report_path_is_one_line_and_exit_2(tmp_path, capsys, option, where):
    f = tmp_path / "a.txt"
    f.write_text(SPUN, encoding="utf-8")
    target = tmp_path / "a.txt" / "r.out" if where == "inside a file" else tmp_path
    assert main(["restore", option, str(target), str(f), "-o", str(tmp_path / "out")]) == 2
    err = _one_line(capsys.readouterr().err)
    assert err.startswith(f"despin: cannot write {target}: ")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]  # no output, no temporary


def test_an_output_that_cannot_be_written_says_cannot_write(tmp_path, capsys):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(SPUN, encoding="utf-8")
    (tmp_path / "out" / "a.txt").mkdir(parents=True)  # a folder where the output goes
    assert main(["restore", str(src), "-o", str(tmp_path / "out")]) == 3
    err = capsys.readouterr().err
    assert f"skipped {src / 'a.txt'}: cannot write {tmp_path / 'out' / 'a.txt'}: is a folder" in err


@pytest.mark.parametrize("name, data, says", [
    ("despin.toml", b"rules = [\"caf\xe9\"]\n", "not UTF-8 text"),
    ("pyproject.toml", b"[tool]\ndespin = 5\n", "'tool.despin' must be a table"),
])
def test_bad_settings_are_one_line_naming_the_file_and_exit_2(tmp_path, monkeypatch, capsys,
                                                               name, data, says):
    (tmp_path / name).write_bytes(data)
    monkeypatch.chdir(tmp_path)
    assert main(["restore", "-"]) == 2
    err = _one_line(capsys.readouterr().err)
    assert str(tmp_path / name) in err and says in err


def test_an_unreadable_unrelated_pyproject_above_is_passed_over(tmp_path, monkeypatch, capsys):
    (tmp_path / "pyproject.toml").write_bytes(b"[project]\nname = \"caf\xe9\n")
    (tmp_path / "work").mkdir()
    monkeypatch.chdir(tmp_path / "work")
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO(SPUN))
    assert main(["restore", "-"]) == 0
    captured = capsys.readouterr()
    assert "Cold War" in captured.out
    assert f"despin: note: settings file {tmp_path / 'pyproject.toml'}: " in captured.err \
        and "(passed over)" in captured.err
    # named on purpose, the same file is an error
    assert main(["restore", "--config", str(tmp_path / "pyproject.toml"), "-"]) == 2


def test_new_files_follow_the_umask_and_replaced_files_keep_their_mode(tmp_path, capsys):
    import os

    old = os.umask(0o027)
    try:
        (tmp_path / "in").mkdir()
        f = tmp_path / "in" / "a.txt"
        f.write_text(SPUN, encoding="utf-8")
        os.chmod(f, 0o600)  # an input's mode is not an output's
        (tmp_path / "o.txt").write_text("Kirby said it was the Cold War.\n", encoding="utf-8")
        (tmp_path / "s.txt").write_text("Kirby mentioned it was the Chilly Struggle.\n",
                                        encoding="utf-8")
        out = tmp_path / "out"
        assert main(["restore", str(tmp_path / "in"), "-o", str(out), "--html",
                     str(tmp_path / "page.html"), "--report", str(tmp_path / "r.jsonl")]) == 0
        (tmp_path / "pack.yaml").write_text(
            "pack: t\ndefaults: {when: always}\ntable: {quux frobnicate: foo bar}\n",
            encoding="utf-8")
        assert main(["rules", "dump", "--no-builtin", "--rules", str(tmp_path / "pack.yaml"),
                     "-o", str(tmp_path / "dump.yaml")]) == 0
        assert main(["learn", str(tmp_path / "o.txt"), str(tmp_path / "s.txt"), "--no-builtin",
                     "-o", str(tmp_path / "learned.yaml")]) == 0
        written = [out / "a.txt", tmp_path / "page.html", tmp_path / "r.jsonl",
                   tmp_path / "dump.yaml", tmp_path / "learned.yaml"]
        assert {p.name: oct(p.stat().st_mode & 0o777) for p in written} == \
            {p.name: "0o640" for p in written}
        os.chmod(out / "a.txt", 0o604)
        os.chmod(tmp_path / "page.html", 0o600)
        assert main(["restore", str(tmp_path / "in"), "-o", str(out), "--html",
                     str(tmp_path / "page.html")]) == 0
        assert oct((out / "a.txt").stat().st_mode & 0o777) == "0o604"
        assert oct((tmp_path / "page.html").stat().st_mode & 0o777) == "0o600"
    finally:
        os.umask(old)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_with_a_bom_is_restored_and_written_back_in_utf16(tmp_path, capsys, encoding):
    f = tmp_path / "a.txt"
    data = ("\ufeff" + SPUN).encode(encoding)
    f.write_bytes(data)
    assert main(["restore", str(f), "-o", str(tmp_path / "out")]) == 0
    written = (tmp_path / "out" / "a.txt").read_bytes()
    assert written[:2] == data[:2]  # the same byte-order mark, the same encoding
    assert written.decode(encoding) == "\ufeff" + despin_restore(SPUN)
    assert "Cold War" in written.decode(encoding)
    assert main(["restore", "--in-place", str(f)]) == 0
    assert f.read_bytes() == written
    capsys.readouterr()
    assert main(["detect", "--format", "jsonl", str(tmp_path / "out")]) == 0
    assert json.loads(capsys.readouterr().out)["path"].endswith("a.txt")


def test_utf16_that_is_not_text_is_still_skipped(tmp_path, capsys):
    (tmp_path / "odd.txt").write_bytes(b"\xff\xfeab\x00")  # an odd number of bytes
    (tmp_path / "nul.txt").write_bytes("\ufeffab\x00cd".encode("utf-16-le"))
    assert main(["restore", str(tmp_path / "odd.txt"), str(tmp_path / "nul.txt")]) == 3
    err = capsys.readouterr().err
    assert f"skipped {tmp_path / 'odd.txt'}: invalid UTF-16 at byte 4 (line 1)" in err
    assert f"skipped {tmp_path / 'nul.txt'}: binary file (contains NUL characters)" in err


def despin_restore(text):
    import despin

    return despin.restore(text)


def test_in_place_leaves_a_file_with_nothing_to_change_untouched(tmp_path):
    import os

    clean = tmp_path / "clean.txt"
    clean.write_text("Officials said the exercise went well.\n", encoding="utf-8")
    os.utime(clean, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))
    before = clean.stat()
    assert main(["restore", "--in-place", str(clean)]) == 0
    after = clean.stat()
    assert (after.st_mtime_ns, after.st_ino) == (before.st_mtime_ns, before.st_ino)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clean.txt"]


def test_in_place_leaves_a_hard_linked_file_as_it_is_and_says_why(tmp_path, capsys):
    import os

    f, other_name, alone = tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "c.txt"
    f.write_text(SPUN, encoding="utf-8")
    os.link(f, other_name)  # one file, two names: a rename would give a.txt a new file
    alone.write_text(SPUN, encoding="utf-8")
    clean = tmp_path / "d.txt"
    clean.write_text("Officials said the exercise went well.\n", encoding="utf-8")
    os.link(clean, tmp_path / "e.txt")  # nothing to change: no write, nothing to part
    assert main(["restore", "--in-place", "-j", "1", str(f), str(alone), str(clean)]) == 3
    err = capsys.readouterr().err
    assert f"despin: skipped {f}: has 2 hard links" in err and "-o DIR" in err
    assert f.read_text(encoding="utf-8") == SPUN and os.path.samefile(f, other_name)
    assert "Cold War" in alone.read_text(encoding="utf-8")  # the rest goes on
    assert str(clean) not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt", "c.txt", "d.txt",
                                                          "e.txt"]


def test_in_place_writes_through_a_link_and_keeps_mode_and_owner(tmp_path):
    import os

    real = tmp_path / "real.txt"
    real.write_text(SPUN, encoding="utf-8")
    os.chmod(real, 0o640)
    if os.geteuid() == 0:  # only root may give a file away: the owner is kept where it can be
        os.chown(real, 12345, 12346)
    link = tmp_path / "link.txt"
    link.symlink_to(real.name)
    assert main(["restore", "--in-place", str(link)]) == 0
    assert link.is_symlink() and os.readlink(link) == "real.txt"
    assert "Cold War" in real.read_text(encoding="utf-8")
    st = real.stat()
    assert st.st_mode & 0o7777 == 0o640
    if os.geteuid() == 0:
        assert (st.st_uid, st.st_gid) == (12345, 12346)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.txt", "real.txt"]


@pytest.mark.parametrize("option", [["-o", "OUT"], ["--in-place"]])
@pytest.mark.parametrize("paths", [["-"], []])
def test_standard_input_with_output_or_in_place_is_refused(tmp_path, option, paths):
    option = [str(tmp_path / "out") if o == "OUT" else o for o in option]
    out = run("restore", *paths, *option, stdin=SPUN, cwd=tmp_path)
    assert out.returncode == 2
    assert _one_line(out.stderr) == \
        "despin: standard input cannot be written with -o or --in-place (leave both out " \
        "to get the restored text on standard output)"
    assert out.stdout == "" and list(tmp_path.iterdir()) == []


def test_resume_with_in_place_is_refused(tmp_path, capsys):
    f = tmp_path / "a.txt"
    f.write_text(SPUN, encoding="utf-8")
    assert main(["restore", "--resume", "--in-place", str(f)]) == 2
    assert _one_line(capsys.readouterr().err) == \
        "despin: --resume works with -o only (with --in-place there is no output to compare " \
        "with the input)"
    assert f.read_text(encoding="utf-8") == SPUN


def _edit_appending(f):
    with open(f, "a", encoding="utf-8") as w:
        w.write("The user's new line.\n")


def _edit_same_size_same_mtime_new_inode(f):  # an editor that saves by renaming a new file
    import os

    st = f.stat()
    new = f.with_name("new")
    new.write_text(f.read_text(encoding="utf-8").upper(), encoding="utf-8")
    os.utime(new, ns=(st.st_atime_ns, st.st_mtime_ns))
    os.replace(new, f)


def _edit_same_size_same_inode_new_mtime(f):
    import os

    st = f.stat()
    with open(f, "r+", encoding="utf-8") as w:
        w.write("THE")
    os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))


@pytest.mark.parametrize("edit", [_edit_appending, _edit_same_size_same_mtime_new_inode,
                                  _edit_same_size_same_inode_new_mtime])
def test_in_place_keeps_an_edit_made_while_it_runs(tmp_path, monkeypatch, capsys, edit):
    from despin.engine.restorer import Restorer

    f, other = tmp_path / "a.txt", tmp_path / "b.txt"
    f.write_text(SPUN, encoding="utf-8")
    other.write_text(SPUN, encoding="utf-8")
    explain = Restorer.explain

    def explain_while_the_user_edits(self, text, *a, **k):
        if not edited:  # between the read of a.txt and the writing of its restoration
            edit(f)
            edited.append(f.read_bytes())
        return explain(self, text, *a, **k)

    edited = []
    monkeypatch.setattr(Restorer, "explain", explain_while_the_user_edits)
    assert main(["restore", "--in-place", "-j", "1", str(f), str(other)]) == 3
    assert edited and edited[0] != SPUN.encode() and f.read_bytes() == edited[0]
    err = capsys.readouterr().err
    assert f"despin: skipped {f}: changed since it was read; left as it is" in err
    assert "Cold War" in other.read_text(encoding="utf-8")  # the rest goes on
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt"]


@pytest.mark.parametrize("inputs, outputs", [
    (["a/x.txt", "b/x.txt"], ["a/x.txt", "b/x.txt"]),  # same name: mirrored from a/ and b/'s parent
    (["a", "b"], ["a/x.txt", "a/y.txt", "b/x.txt"]),  # two folders holding the same name
    (["a", "b/x.txt"], ["a/x.txt", "a/y.txt", "b/x.txt"]),
    (["a"], ["x.txt", "y.txt"]),  # one folder: its files, as below it
    (["a/x.txt", "a/y.txt"], ["x.txt", "y.txt"]),  # files of one folder: by their names
    (["a/x.txt"], ["x.txt"]),
])
def test_outputs_of_inputs_with_the_same_name_do_not_overwrite_each_other(tmp_path, inputs,
                                                                        outputs):
    src = tmp_path / "in"
    for name in ("a/x.txt", "a/y.txt", "b/x.txt"):
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        (src / name).write_text(SPUN.replace("Kirby", name), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["restore", *(str(src / i) for i in inputs), "-o", str(out)]) == 0
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.txt"))
    assert written == sorted(outputs)
    for o in outputs:  # each output is the restoration of its own input
        name = o if "/" in o else next(i for i in ("a/x.txt", "a/y.txt") if i.endswith(o))
        assert f"{name} said" in (out / o).read_text(encoding="utf-8")
