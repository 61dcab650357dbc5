"""readers.py: text files, JSON Lines, WARC and WET files as records; bad records named
and skipped, the rest read."""

import gzip
import json

from despin.batch import inputs, readers

PAGES = [("https://a.example/1", "The Chilly Struggle ended final 12 months."),
         ("https://b.example/2", "A clean page about the weather.\nIt rained."),
         ("https://c.example/3", "Kirby mentioned the train was late.")]


def _docs(records):
    return [(r.id, r.text) for r in records if not r.skipped]


def _skips(records):
    return [(r.id, r.skipped) for r in records if r.skipped]


def test_kind_follows_the_name():
    assert [readers.kind(p) for p in ("a.jsonl", "a.ndjson.gz", "x.warc.gz", "CC.warc.wet.gz",
                                      "b.WET", "c.txt", "d.json")] == \
        ["jsonl", "jsonl", "warc", "warc", "warc", "text", "text"]


def test_wet_and_warc_gzipped_or_not_give_each_page_by_its_url(tmp_path, warc_writer):
    for kind in ("wet", "warc"):
        for gzipped in (True, False):
            path = tmp_path / f"crawl-{gzipped}.{kind}{'.gz' if gzipped else ''}"
            warc_writer(path, PAGES, kind=kind, gzipped=gzipped)
            records = list(readers.read(str(path)))
            assert _docs(records) == PAGES, (kind, gzipped)  # warcinfo passed over
            assert not _skips(records)


def test_binary_responses_and_requests_are_passed_over(tmp_path):
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "mixed.warc.gz"
    with open(path, "wb") as out:
        w = WARCWriter(out, gzip=True)
        image = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record("https://x/img.png", "response",
                                            payload=io.BytesIO(b"\x89PNG\x00\x01"), http_headers=image))
        w.write_record(w.create_warc_record("https://x/", "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))
        page = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record("https://x/page", "response",
                                            payload=io.BytesIO(b"<p>Hello</p>"), http_headers=page))
    assert _docs(readers.read(str(path))) == [("https://x/page", "<p>Hello</p>")]


def test_a_corrupt_gzip_member_is_named_and_the_next_read(tmp_path, warc_writer):
    path = tmp_path / "bad.warc.wet.gz"
    starts = warc_writer(path, PAGES)
    data = bytearray(path.read_bytes())
    middle = (starts[1] + starts[2]) // 2
    data[middle:middle + 8] = b"\x00\xff" * 4  # inside the second page's deflate stream
    path.write_bytes(bytes(data))
    records = list(readers.read(str(path)))
    assert _docs(records) == [PAGES[0], PAGES[2]]
    (where, reason), = _skips(records)
    assert where == f"{path}@{starts[1]}" and reason.startswith("corrupt gzip member")


def test_a_gzip_file_cut_off_ends_with_a_truncated_member(tmp_path, warc_writer):
    path = tmp_path / "cut.wet.gz"
    starts = warc_writer(path, PAGES)
    path.write_bytes(path.read_bytes()[:starts[2] + 40])
    records = list(readers.read(str(path)))
    assert _docs(records) == PAGES[:2]
    assert _skips(records) == [(f"{path}@{starts[2]}",
                                "truncated gzip member (the file ends inside it)")]


def test_a_truncated_record_is_named_by_its_url(tmp_path, warc_writer):
    plain = tmp_path / "plain.wet"
    warc_writer(plain, PAGES, gzipped=False)
    data = plain.read_bytes()
    cut = data[:data.rindex(b"Kirby") + 10]  # the last record loses its end
    plain.write_bytes(cut)
    records = list(readers.read(str(plain)))
    assert _docs(records) == PAGES[:2]
    (where, reason), = _skips(records)
    assert where == PAGES[2][0] and reason.startswith("truncated record (")
    # inside a whole gzip member, as a crawler that wrote a short record leaves it
    member = tmp_path / "member.wet.gz"
    member.write_bytes(gzip.compress(data[:data.index(b"WARC/1.0", 10)])
                       + gzip.compress(cut[data.rindex(b"WARC/1.0"):]))
    assert _skips(readers.read(str(member))) == [(PAGES[2][0], reason)]


def test_a_page_that_is_not_utf8_is_named_and_skipped(tmp_path, warc_writer):
    path = tmp_path / "latin.wet.gz"
    warc_writer(path, [PAGES[0], ("https://d.example/café", "café".encode("latin-1")), PAGES[2]])
    records = list(readers.read(str(path)))
    assert _docs(records) == [PAGES[0], PAGES[2]]
    assert _skips(records) == [("https://d.example/café", "invalid UTF-8 at byte 3 (line 1)")]


def test_jsonl_lines_with_text_and_id_fields(tmp_path):
    path = tmp_path / "docs.jsonl"
    lines = [json.dumps({"url": u, "body": t}) for u, t in PAGES]
    path.write_text("\n".join([lines[0], "", lines[1], "{not json", '{"url": "x"}', "[1]",
                               lines[2]]) + "\n", encoding="utf-8")
    records = list(readers.read(str(path), text_field="body", id_field="url"))
    assert _docs(records) == PAGES
    assert _skips(records) == [(f"{path}:4", "not JSON (Expecting property name enclosed in "
                                             "double quotes at column 2)"),
                               (f"{path}:5", "no string field 'body'"),
                               (f"{path}:6", "not a JSON object")]
    by_line = list(readers.read(str(path), text_field="body"))
    assert [r.id for r in by_line if not r.skipped] == [f"{path}:1", f"{path}:3", f"{path}:7"]


def test_a_jsonl_line_that_is_not_utf8_is_named(tmp_path):
    path = tmp_path / "docs.jsonl.gz"
    path.write_bytes(gzip.compress(b'{"text": "ok"}\n{"text": "caf\xe9"}\n{"text": "on"}\n'))
    records = list(readers.read(str(path)))
    assert _docs(records) == [(f"{path}:1", "ok"), (f"{path}:3", "on")]
    assert _skips(records) == [(f"{path}:2", "invalid UTF-8 at byte 13 (line 1)")]


def test_a_broken_gzipped_jsonl_ends_with_a_skip(tmp_path):
    path = tmp_path / "docs.jsonl.gz"
    path.write_bytes(gzip.compress(b'{"text": "one"}\n' * 3000)[:-40])
    records = list(readers.read(str(path)))
    assert len(_docs(records)) > 0
    (where, reason), = _skips(records)
    assert reason.startswith("cannot read on: ")


def test_text_files_are_read_as_the_batch_command_reads_them(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Some text.\n", encoding="utf-8")
    (tmp_path / "in" / "b.txt").write_bytes(b"")
    (tmp_path / "in" / "c.txt").write_bytes(b"bad \xff byte\n")
    paths = [p for p, problem in readers.expand([str(tmp_path / "in")])]
    records = [r for p in paths for r in readers.read(p)]
    expected = []
    for p in paths:
        try:
            expected.append((p, inputs.read_text(p), None))
        except inputs.Skip as exc:
            expected.append((p, None, str(exc)))
    assert [(r.id, r.text, r.skipped) for r in records] == expected
    assert [r.skipped for r in records] == [None, "empty file", "invalid UTF-8 at byte 4 (line 1)"]


def test_paths_with_a_protocol_go_through_fsspec(warc_writer, tmp_path):
    import fsspec

    fs = fsspec.filesystem("memory")
    local = tmp_path / "x.wet.gz"
    warc_writer(local, PAGES)
    fs.pipe("/crawl/one.wet.gz", local.read_bytes())
    fs.pipe("/crawl/two.txt", b"Plain text.")
    fs.pipe("/crawl/skip.md", b"# not matched")
    found = [p for p, _ in readers.expand(["memory://crawl"], glob="*.*[tz]")]
    assert found == ["memory:///crawl/one.wet.gz", "memory:///crawl/two.txt"]
    assert _docs(readers.read(found[0])) == PAGES
    assert _docs(readers.read(found[1])) == [(found[1], "Plain text.")]
    assert [p for p, _ in readers.expand(["memory://crawl/*.md"])] == ["memory:///crawl/skip.md"]
