"""Documents out of inputs: text files, JSON Lines and WARC/WET files, each yielded as a
:class:`Record` (a name and a text), and a record that cannot be read as a named skip.

    >>> for record in read("crawl/CC-MAIN-0001.warc.wet.gz"):    # doctest: +SKIP
    ...     if record.skipped:
    ...         print("skipped", record.id, record.skipped)      # named, never raised
    ...     else:
    ...         use(record.id, record.text)                      # the page's URL, its text

Which reader a file gets follows its name (:func:`kind`): ``.jsonl``/``.ndjson`` (gzipped
or not) is JSON Lines, ``.warc``/``.wet`` (gzipped or not) a web archive, anything else one
text file read as the batch command reads it (inputs.read_text: UTF-8, or UTF-16 with its
byte-order mark). A path with a protocol (``s3://…``) is opened through fsspec; warcio and
fsspec are imported only when a path needs them (``pip install 'despin[dask]'``).

A bad record never stops a reader: a JSON line that does not parse or lacks its text, a
corrupt gzip member (the reader finds the next member and goes on), a truncated record, a
page that is not UTF-8: each is yielded with ``skipped`` set to the reason, and the next
record follows. Only what ends a file for good (it cannot be opened, its end is cut off)
ends its records, again as a skip.
"""

from __future__ import annotations

import gzip
import io
import json
import zlib
from dataclasses import dataclass
from typing import IO, Iterator

from .inputs import Skip, decode, find_inputs, read_text

PIECE = 1 << 16  # compressed bytes read at a time
GZIP_MAGIC = b"\x1f\x8b\x08"  # a gzip member's first bytes (deflate)
_JSONL = (".jsonl", ".ndjson")
_WARC = (".warc", ".wet")
# a WARC record that holds a document: WET's extracted text, a crawled page, a stored text
_DOCUMENT_RECORDS = {"conversion", "response", "resource"}
_TEXT_TYPES = ("text/", "application/xhtml")


@dataclass(frozen=True)
class Record:
    """One document, or one that could not be read.

    ``id``: the text file's path, the JSON line's ``--id-field`` (else ``PATH:LINE``), the
    WARC record's ``WARC-Target-URI`` (else ``PATH@BYTE``, the record's offset). ``text``
    is None exactly when ``skipped`` holds the reason."""

    id: str
    text: str | None
    skipped: str | None = None


def kind(path: str) -> str:
    """"jsonl", "warc" (WARC and WET) or "text", from the name (a ``.gz`` end aside)."""
    name = path.lower().removesuffix(".gz")
    if name.endswith(_JSONL):
        return "jsonl"
    if name.endswith(_WARC):
        return "warc"
    return "text"


def read(path: str, *, text_field: str = "text", id_field: str | None = None) -> Iterator[Record]:
    """Every record of the file at ``path``, in file order (:func:`kind` picks the reader)."""
    which = kind(path)
    if which == "jsonl":
        return read_jsonl(path, text_field=text_field, id_field=id_field)
    if which == "warc":
        return read_warc(path)
    return read_text_file(path)


def expand(paths, glob: str = "*.txt") -> Iterator[tuple[str, str | None]]:
    """(path, problem or None) of every input file the arguments name, in a stable order:
    local folders walked as the batch command walks them (inputs.find_inputs), and for a
    path with a protocol, what fsspec finds: a folder's files that match ``glob``, or the
    files a wildcard matches."""
    for p in paths:
        if "://" not in p:
            for path, _, problem in find_inputs([p], glob):
                yield path, problem
            continue
        fs, _, (root,) = _fsspec().get_fs_token_paths(p)
        protocol = p.split("://", 1)[0]
        if fs.isdir(root):
            found = [f for f in fs.find(root) if _matches(f, glob)]
        elif any(c in root for c in "*?["):
            found = fs.glob(root)
        else:
            found = [root]
        for f in sorted(found):
            yield f if "://" in f else f"{protocol}://{f}", None


def _matches(path: str, glob: str) -> bool:
    from fnmatch import fnmatch

    return fnmatch(path.rsplit("/", 1)[-1], glob)


# --- opening -------------------------------------------------------------------------


def _fsspec():
    try:
        import fsspec
    except ImportError:  # pragma: no cover - the dask extra installs it
        raise Skip("reading a URL needs fsspec: pip install 'despin[dask]'") from None
    return fsspec


def open_binary(path: str) -> IO[bytes]:
    """``path`` opened for reading, as bytes: through fsspec when it names a protocol."""
    if "://" in path:
        return _fsspec().open(path, "rb").open()
    return open(path, "rb")


# --- text files ------------------------------------------------------------------------


def read_text_file(path: str) -> Iterator[Record]:
    """The file as one record named by its path, read as the batch command reads it (a
    local file through inputs.read_text: the same reasons for the same bad files)."""
    try:
        if "://" not in path:
            text = read_text(path)
        else:
            with open_binary(path) as f:
                data = f.read()
            if not data:
                raise Skip("empty file")
            text = decode(data)
    except Skip as exc:
        yield Record(path, None, str(exc))
        return
    except OSError as exc:
        yield Record(path, None, f"cannot read: {exc.strerror or exc}")
        return
    yield Record(path, text)


# --- JSON Lines ------------------------------------------------------------------------


def read_jsonl(path: str, *, text_field: str = "text",
               id_field: str | None = None) -> Iterator[Record]:
    """One record per non-blank line, a JSON object whose ``text_field`` is a string. A
    line that does not decode, does not parse or lacks a string ``text_field`` (or, when
    given, an ``id_field``) is a skip named ``PATH:LINE``; a gzipped file (``.gz``) whose
    data breaks off ends with one skip."""
    number = 0
    try:
        with open_binary(path) as raw:
            lines = gzip.GzipFile(fileobj=raw) if path.endswith(".gz") else raw
            for number, line in enumerate(lines, 1):
                if line.strip():
                    yield _json_record(line, f"{path}:{number}", text_field, id_field)
    except (OSError, EOFError, zlib.error) as exc:  # gzip.BadGzipFile is an OSError
        where = f"{path}:{number + 1}" if number else path
        yield Record(where, None, f"cannot read on: {_reason(exc)}")


def _json_record(line: bytes, where: str, text_field: str, id_field: str | None) -> Record:
    try:
        item = json.loads(decode(line.rstrip(b"\r\n"), "utf-8"))
    except Skip as exc:
        return Record(where, None, str(exc))
    except json.JSONDecodeError as exc:
        return Record(where, None, f"not JSON ({exc.msg} at column {exc.colno})")
    if not isinstance(item, dict):
        return Record(where, None, "not a JSON object")
    text = item.get(text_field)
    if not isinstance(text, str):
        return Record(where, None, f"no string field {text_field!r}")
    if id_field is None:
        return Record(where, text)
    name = item.get(id_field)
    if name is None or isinstance(name, (dict, list)):
        return Record(where, None, f"no field {id_field!r} to name it")
    return Record(str(name), text)


# --- WARC and WET ------------------------------------------------------------------------


def read_warc(path: str) -> Iterator[Record]:
    """The documents of a WARC or WET file, gzipped (one member a record, as crawls write
    them) or not: WET ``conversion`` records, and ``response`` and ``resource`` records
    whose content is text or HTML, each named by its URL; request, metadata and warcinfo
    records, and images or other binary content, are passed over.

    warcio reads the records; the gzip members are taken apart here, so that a corrupt
    member is skipped and reading resumes at the next member (warcio stops at the first
    bad one). A record is held whole while it is read."""
    try:
        f = open_binary(path)
    except OSError as exc:
        yield Record(path, None, f"cannot read: {exc.strerror or exc}")
        return
    with f:
        head = f.read(len(GZIP_MAGIC))
        stream = _Rewound(head, f)
        if head != GZIP_MAGIC:
            yield from _warc_records(stream, path, 0)
            return
        for offset, member, problem in gzip_members(stream):
            if problem:
                yield Record(f"{path}@{offset}", None, problem)
            else:
                yield from _warc_records(io.BytesIO(member), path, offset)


class _Rewound(io.RawIOBase):
    """A stream whose first bytes, read already to tell its kind, are given back."""

    def __init__(self, head: bytes, rest: IO[bytes]):
        self.head, self.rest = head, rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.head[:len(buffer)] if self.head else self.rest.read(len(buffer))
        self.head = self.head[len(data):]
        buffer[:len(data)] = data
        return len(data)


def gzip_members(f: IO[bytes]) -> Iterator[tuple[int, bytes | None, str | None]]:
    """(byte offset, decompressed data, None) for each gzip member of ``f``, or (offset,
    None, reason) for one that does not decompress, or for bytes between members that are
    not gzip; reading goes on at the next gzip header. A member cut off by the end of the
    file is a last "truncated gzip member"."""
    buf, offset = f.read(PIECE), 0  # buf[0] lies at byte ``offset`` of the file
    while buf:
        if not buf.startswith(GZIP_MAGIC):
            if len(buf) < len(GZIP_MAGIC) and (more := f.read(PIECE)):
                buf += more
                continue
            yield offset, None, "not gzip data (passed over up to the next member)"
            buf, offset = _next_member(f, buf, offset)
            continue
        d = zlib.decompressobj(31)  # gzip header and trailer, CRC checked
        raw, out, fed = buf, [], buf
        problem = None
        while not d.eof:
            try:
                out.append(d.decompress(fed))
            except zlib.error as exc:
                problem = f"corrupt gzip member ({exc})"
                break
            if not d.eof:
                fed = f.read(PIECE)
                if not fed:
                    yield offset, None, "truncated gzip member (the file ends inside it)"
                    return
                raw += fed
        if problem:
            yield offset, None, problem
            buf, offset = _next_member(f, raw, offset)
            continue
        yield offset, b"".join(out), None
        rest = d.unused_data
        offset += len(raw) - len(rest)
        buf = rest or f.read(PIECE)


def _next_member(f: IO[bytes], buf: bytes, offset: int) -> tuple[bytes, int]:
    """Past ``buf``'s first byte, up to the next gzip header: (bytes from there, offset);
    empty bytes at the end of the file. Only a header's worth of bytes is kept while
    looking."""
    start = 1
    while True:
        at = buf.find(GZIP_MAGIC, start)
        if at >= 0:
            return buf[at:], offset + at
        keep = max(len(buf) - len(GZIP_MAGIC) + 1, start)
        buf, offset = buf[keep:], offset + keep
        more = f.read(PIECE)
        if not more:
            return b"", offset + len(buf)
        buf, start = buf + more, 0


def _warc_records(stream: IO[bytes], path: str, offset: int) -> Iterator[Record]:
    """The document records in ``stream`` (one gzip member's data, or a whole uncompressed
    file starting at byte ``offset``)."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    records = ArchiveIterator(stream)
    at = offset
    try:
        for record in records:
            found = _document(record, path)
            # the offset is known once the record is read to its end (warcio reads on)
            at = offset + records.get_record_offset()
            if found:
                yield found if found.id else Record(f"{path}@{at}", found.text, found.skipped)
    except (ArchiveLoadFailed, ValueError, EOFError, OSError, zlib.error) as exc:
        # no sure way to the next record in an uncompressed file: the rest is named
        yield Record(f"{path}@{at}", None, f"not a WARC record: {_reason(exc)}; the rest "
                     "of this data is passed over")


def _document(record, path: str) -> Record | None:
    """The record as a document, a skip, or None when it holds no document; named by its
    URL, or "" when it has none."""
    if record.rec_type not in _DOCUMENT_RECORDS:
        return None
    name = record.rec_headers.get_header("WARC-Target-URI") or ""
    kind = (record.http_headers.get_header("Content-Type") if record.http_headers
            else record.content_type) or ""
    if record.rec_type != "conversion" and not kind.lower().startswith(_TEXT_TYPES):
        return None  # an image, a PDF: nothing to read as text
    try:
        data = record.content_stream().read()
    except (OSError, EOFError, ValueError, zlib.error) as exc:
        return Record(name, None, f"unreadable record content: {_reason(exc)}")
    if getattr(record.raw_stream, "limit", 0) > 0:
        return Record(name, None, f"truncated record ({record.raw_stream.limit} of its "
                      f"{record.length} bytes missing)")
    if not data:
        return Record(name, "")
    try:
        return Record(name, decode(data, "utf-8"))
    except Skip as exc:
        return Record(name, None, str(exc))  # "invalid UTF-8 at byte N (line L)"


def _reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
