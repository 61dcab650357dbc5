"""Large inputs go through a block at a time, with the same result as whole."""

import os

import despin
from despin.batch import inputs, jobs
from despin.cli import main
from despin.engine.restorer import Restorer

PARAGRAPH = "Kirby mentioned the train. The Chilly Struggle ended final 12 months.\n\n"



def test_blocks_cut_at_paragraphs_and_join_back(tmp_path):
    f = tmp_path / "big.txt"
    text = PARAGRAPH * 500
    f.write_text(text, encoding="utf-8")
    parts = list(inputs.read_blocks(str(f), 1000))
    assert len(parts) > 10 and "".join(parts) == text
    assert all(b.endswith("\n\n") for b in parts[:-1])


def test_a_file_of_one_long_line_is_read_in_blocks(tmp_path):
    f = tmp_path / "line.txt"
    text = PARAGRAPH.replace("\n", " ") * 500  # 35,000 characters, no line break
    f.write_text(text, encoding="utf-8")
    parts = list(inputs.read_blocks(str(f), 1000))
    assert "".join(parts) == text and max(map(len, parts)) <= 1000


def test_a_large_file_restores_in_blocks_to_the_same_text(tmp_path, small_blocks):
    f, out = tmp_path / "big.txt", tmp_path / "out.txt"
    text = PARAGRAPH * 300
    f.write_text(text, encoding="utf-8")
    jobs._init_worker(despin.default_restorer(), {})
    outcome = jobs.run_job(jobs.Job(str(f), output=str(out)))
    assert outcome.skipped is None
    assert max(small_blocks) <= 2000
    assert out.read_text(encoding="utf-8") == despin.restore(text)
    lines = {c["line"] for c in outcome.changes}
    assert max(lines) == 2 * 299 + 1  # line numbers run on across blocks


def test_a_long_line_goes_to_standard_output_through_a_spool(tmp_path, small_blocks, capsys):
    f = tmp_path / "line.txt"
    text = PARAGRAPH.replace("\n", " ") * 300
    f.write_text(text, encoding="utf-8")
    assert main(["restore", str(f)]) == 0
    assert capsys.readouterr().out == despin.restore(text)
    assert max(small_blocks) <= 2000
    jobs._init_worker(despin.default_restorer(), {})
    outcome = jobs.run_job(jobs.Job(str(f)))
    assert outcome.text is None and os.path.basename(outcome.spool).startswith(".despin-tmp-")
    jobs.copy_spool(outcome.spool, open(os.devnull, "w"))
    assert not os.path.exists(outcome.spool)


def test_a_large_file_is_screened_as_one_document(tmp_path, small_blocks):
    f = tmp_path / "big.txt"
    text = PARAGRAPH * 300
    f.write_text(text, encoding="utf-8")
    assert main(["detect", "--format", "json", str(f)]) == 0
    jobs._init_worker(despin.default_restorer(), {"mode": "detect"})
    outcome = jobs.run_job(jobs.Job(str(f)))
    whole = despin.default_restorer().detector.detect(text)
    assert outcome.detection["score"] == round(whole.score, 3)
    assert outcome.detection["density_per_1000_words"] == round(whole.density, 3)


def test_invalid_utf8_in_a_later_block_is_reported(tmp_path, small_blocks):
    f = tmp_path / "bad.txt"
    f.write_bytes(PARAGRAPH.encode() * 2000 + b"\xff\n")
    jobs._init_worker(despin.default_restorer(), {})
    outcome = jobs.run_job(jobs.Job(str(f), output=str(tmp_path / "o.txt")))
    assert outcome.skipped == f"invalid UTF-8 at byte {len(PARAGRAPH) * 2000} (line 4001)"
    assert not (tmp_path / "o.txt").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["bad.txt"]  # no temporary file left


def test_change_rows_are_kept_only_when_a_report_needs_them(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(PARAGRAPH * 10, encoding="utf-8")
    jobs._init_worker(despin.default_restorer(), {"rows": False})
    outcome = jobs.run_job(jobs.Job(str(f), output=str(tmp_path / "o.txt")))
    assert outcome.count > 0 and outcome.changes == []


def test_out_of_memory_on_one_file_names_it_and_the_rest_goes_on(tmp_path, monkeypatch, capsys):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    for name in "abc":
        (src / f"{name}.txt").write_text(f"File {name}. " + PARAGRAPH, encoding="utf-8")
    explain = Restorer.explain

    def greedy(self, text, **kwargs):
        if text.startswith("File b."):
            raise MemoryError()
        return explain(self, text, **kwargs)

    monkeypatch.setattr(Restorer, "explain", greedy)
    assert main(["restore", str(src), "-o", str(out), "-j", "1"]) == 3
    err = capsys.readouterr().err
    assert err.strip() == f"despin: skipped {src / 'b.txt'}: out of memory"
    assert sorted(p.name for p in out.iterdir()) == ["a.txt", "c.txt"]
