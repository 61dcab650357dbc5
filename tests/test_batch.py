"""Large inputs go through in blocks of paragraphs, with the same result as whole."""

import despin
from despin import batch

PARAGRAPH = "Kirby mentioned the train. The Chilly Struggle ended final 12 months.\n\n"


def test_blocks_cut_at_paragraphs_and_join_back(tmp_path):
    f = tmp_path / "big.txt"
    text = PARAGRAPH * 500
    f.write_text(text, encoding="utf-8")
    blocks = list(batch.read_blocks(str(f), chunk=1000))
    assert len(blocks) > 10 and "".join(blocks) == text
    assert all(b.endswith("\n\n") for b in blocks[:-1])


def test_a_large_file_restores_in_blocks_to_the_same_text(tmp_path):
    f, out = tmp_path / "big.txt", tmp_path / "out.txt"
    text = PARAGRAPH * 300
    f.write_text(text, encoding="utf-8")
    batch._init_worker(despin.default_restorer(), {"chunk": 2000})
    outcome = batch.run_job(batch.Job(str(f), output=str(out)))
    assert outcome.skipped is None
    assert out.read_text(encoding="utf-8") == despin.restore(text)
    lines = {c["line"] for c in outcome.changes}
    assert max(lines) == 2 * 299 + 1  # line numbers run on across blocks


def test_invalid_utf8_in_a_later_block_is_reported(tmp_path):
    f = tmp_path / "bad.txt"
    f.write_bytes(PARAGRAPH.encode() * 100 + b"\xff\n")
    batch._init_worker(despin.default_restorer(), {"chunk": 1000})
    outcome = batch.run_job(batch.Job(str(f), output=str(tmp_path / "o.txt")))
    assert outcome.skipped.startswith("invalid UTF-8 at byte")
    assert not (tmp_path / "o.txt").exists()


def test_change_rows_are_kept_only_when_a_report_needs_them(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(PARAGRAPH * 10, encoding="utf-8")
    batch._init_worker(despin.default_restorer(), {"rows": False})
    outcome = batch.run_job(batch.Job(str(f), output=str(tmp_path / "o.txt")))
    assert outcome.count > 0 and outcome.changes == []
