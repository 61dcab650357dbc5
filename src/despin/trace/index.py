"""An archive of clean documents, indexed for finding the one a spun page was copied from.

Each document is summarised by a MinHash of its features (fingerprint.py; datasketch's
MinHash) and filed by LSH banding: its signature cut into ``b`` bands of ``r`` values, with
the ``(b, r)`` that datasketch's MinHashLSH chooses for ``THRESHOLD``. A document whose
features overlap the query's by about THRESHOLD (Jaccard) or more shares a band with it,
likely. The bands are kept as one sorted array of keys per band (numpy), so a query is a
binary search per band, whatever the archive's size. (datasketch's own MinHashLSH keeps its
buckets as Python dicts and sets: some 8 KB a document, 8 GB for a million, rebuilt on
every load; the arrays take 12 bytes a band, 336 bytes a document, and load as they lie.)
The texts are kept too, compressed, so that a match can be re-scored, explained and diffed
from the index alone.

An index file holds no code: a magic line, one line of JSON (counts, parameters, the byte
length of each section and the SHA-256 of all of them), then the sections: the ids as
JSON, the signatures (uint32), the band keys (uint64) and their documents (uint32), the
text offsets (int64) and the zlib-compressed texts. Loading checks the magic, the header
and the digest before it uses a byte, so a file that is not an index, or one altered or
cut short since it was written, is refused with its name; nothing in it is ever executed.
The arrays are read where they lie in the file (a memory map), not copied.
"""

from __future__ import annotations

import functools
import hashlib
import json
import mmap
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import numpy as np

from ..store.files import AtomicWriter
from .fingerprint import features

MAGIC = b"despin-trace-index 1\n"
NUM_PERM = 128
SEED = 1
SCHEME = "affine32"  # datasketch 2's default: uint32 values, half the memory of "legacy"
# Jaccard above which the LSH is meant to return a document: a restored page and its
# original share about 0.3 or more of their features, unrelated news below 0.05
# (benchmarks/tracing.py); below the threshold a document can still come back, less surely
THRESHOLD = 0.2
_HEADER_LIMIT = 1 << 20  # a header line longer than this is no index's
_SECTIONS = ("ids", "signatures", "keys", "order", "offsets", "texts")
_MIX = np.uint64(0x9E3779B97F4A7C15)  # folds a band's values into one key (odd: no value lost)


class BadIndex(ValueError):
    """A file that is not a despin index, or not as it was written."""

    def __init__(self, path, reason: str):
        super().__init__(f"{path}: not a usable despin index: {reason}")


def _datasketch():
    try:
        import datasketch
    except ImportError:  # an optional dependency: the core restores without it
        raise ImportError("tracing needs datasketch: pip install 'despin[trace]'") from None
    return datasketch


@functools.lru_cache(maxsize=None)
def bands() -> tuple[int, int]:
    """(bands, rows a band) for THRESHOLD: datasketch's choice, weighing false positives
    and false negatives alike (28 bands of 2 for 0.2 and 128 permutations)."""
    lsh = _datasketch().MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    return lsh.b, lsh.r


def band_keys(signatures: np.ndarray) -> np.ndarray:
    """(documents, bands) uint64: one key per band of each signature."""
    b, r = bands()
    values = signatures[:, :b * r].astype(np.uint64).reshape(len(signatures), b, r)
    keys = values[..., 0].copy()
    with np.errstate(over="ignore"):  # arithmetic modulo 2**64, on purpose
        for k in range(1, r):
            keys = keys * _MIX + values[..., k]
    return keys


@dataclass
class Index:
    ids: list[str]
    signatures: np.ndarray  # (documents, NUM_PERM) uint32
    keys: np.ndarray  # (bands, documents) uint64, each band's keys sorted
    order: np.ndarray  # (bands, documents) uint32: the document of each key
    offsets: np.ndarray  # (documents + 1,) int64: where each compressed text starts in texts
    texts: bytearray | memoryview  # built, or read from the file where it lies

    def __len__(self) -> int:
        return len(self.ids)

    def text(self, doc: int) -> str:
        return zlib.decompress(self.texts[self.offsets[doc]:self.offsets[doc + 1]]).decode("utf-8")

    def candidates(self, signature: np.ndarray, k: int) -> list[tuple[int, float]]:
        """(document, estimated Jaccard) of the ``k`` documents likeliest to share the
        features summarised by ``signature``, best first. The bands propose; where they find
        fewer than ``k``, every signature is compared (a vectorised pass: about a
        millisecond per 10,000 documents), so a query always gets an answer."""
        found = []
        for band, key in enumerate(band_keys(signature[None, :])[0]):
            lo = np.searchsorted(self.keys[band], key, "left")
            hi = np.searchsorted(self.keys[band], key, "right")
            if hi > lo:
                found.append(self.order[band, lo:hi])
        docs = np.unique(np.concatenate(found)) if found else np.zeros(0, np.int64)
        if len(docs) < k:
            docs = np.arange(len(self.ids))
        estimate = (self.signatures[docs] == signature).mean(axis=1)
        best = np.argsort(-estimate, kind="stable")[:k]
        return [(int(docs[i]), float(estimate[i])) for i in best]

    # --- building, saving, loading -----------------------------------------------------

    @classmethod
    def build(cls, records: Iterable[tuple[str, str]]) -> "Index":
        """An index of ``(id, text)`` records; texts without a word are left out."""
        return cls.join([sign(records)])

    @classmethod
    def join(cls, parts: Iterable["Signed"]) -> "Index":
        """The index of signed parts, in their order: one part, or one per partition of a
        Dask bag (cluster/client.py: build_index), which gives the index one part would."""
        parts = list(parts)
        ids, rows, offsets = [], [], [0]
        # one part's texts are taken as they are: an archive's run to gigabytes
        texts = parts[0].texts if len(parts) == 1 else bytearray()
        for part in parts:
            ids += part.ids
            rows.append(part.signatures)
            for length in part.lengths:
                offsets.append(offsets[-1] + length)
            if len(parts) > 1:
                texts += part.texts
        signatures = np.vstack(rows) if rows else np.zeros((0, NUM_PERM), np.uint32)
        keys = band_keys(signatures).T
        order = np.argsort(keys, axis=1, kind="stable").astype(np.uint32)
        return cls(ids, signatures, np.take_along_axis(keys, order.astype(np.int64), axis=1),
                   order, np.array(offsets, dtype=np.int64), texts)

    def sections(self) -> dict[str, bytes | bytearray | memoryview]:
        return {"ids": json.dumps(self.ids, ensure_ascii=False).encode("utf-8"),
                "signatures": self.signatures.astype("<u4").tobytes(),
                "keys": self.keys.astype("<u8").tobytes(),
                "order": self.order.astype("<u4").tobytes(),
                "offsets": self.offsets.astype("<i8").tobytes(),
                "texts": self.texts}  # not copied: a large archive's texts run to gigabytes

    def save(self, path: str | Path) -> None:
        """Write the index to ``path`` atomically (files.AtomicWriter)."""
        parts = self.sections()
        digest = hashlib.sha256()
        for name in _SECTIONS:
            digest.update(parts[name])
        header = {"documents": len(self.ids), "num_perm": NUM_PERM, "seed": SEED,
                  "scheme": SCHEME, "bands": list(bands()), "lengths": {n: len(parts[n]) for n in _SECTIONS},
                  "sha256": digest.hexdigest()}
        with AtomicWriter(path, binary=True) as out:
            out.write(MAGIC + json.dumps(header).encode("ascii") + b"\n")
            for name in _SECTIONS:
                out.write(parts[name])

    @classmethod
    def load(cls, path: str | Path) -> "Index":
        """The index saved at ``path``, or BadIndex naming the file and what is wrong."""
        try:
            f = open(path, "rb")
        except OSError as exc:
            raise BadIndex(path, exc.strerror or str(exc)) from None
        with f:
            if f.read(len(MAGIC)) != MAGIC:
                raise BadIndex(path, "it does not start as one (made by `despin index`?)")
            header = _header(path, f.readline(_HEADER_LIMIT))
            start = f.tell()
            lengths = header["lengths"]
            digest = hashlib.sha256()
            for piece in iter(lambda: f.read(1 << 20), b""):
                digest.update(piece)
            if f.tell() - start != sum(lengths.values()):
                raise BadIndex(path, "its length is not the one its header gives (cut short "
                                     "or added to)")
            if digest.hexdigest() != header["sha256"]:
                raise BadIndex(path, "its contents do not match its checksum (altered or "
                                     "damaged since it was written)")
            view = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        at, parts = start, {}
        for name in _SECTIONS:
            parts[name] = memoryview(view)[at:at + lengths[name]]
            at += lengths[name]
        n = header["documents"]
        try:
            ids = json.loads(bytes(parts["ids"]).decode("utf-8"))
            signatures = np.frombuffer(parts["signatures"], dtype="<u4").reshape(n, NUM_PERM)
            keys = np.frombuffer(parts["keys"], dtype="<u8").reshape(-1, n)
            order = np.frombuffer(parts["order"], dtype="<u4").reshape(-1, n)
            offsets = np.frombuffer(parts["offsets"], dtype="<i8")
        except ValueError as exc:
            raise BadIndex(path, f"a section does not read ({exc})") from None
        if not isinstance(ids, list) or len(ids) != n or len(offsets) != n + 1 \
                or offsets[-1] != lengths["texts"] or np.any(np.diff(offsets) < 0) \
                or len(keys) != bands()[0] or order.shape != keys.shape \
                or (n and int(order.max()) >= n):
            raise BadIndex(path, "its sections disagree with its header")
        return cls([str(i) for i in ids], signatures, keys, order, offsets, parts["texts"])


def _header(path, line: bytes) -> dict:
    try:
        header = json.loads(line)
    except ValueError:
        raise BadIndex(path, "its header is not JSON") from None
    ok = isinstance(header, dict) and header.get("num_perm") == NUM_PERM \
        and header.get("seed") == SEED and header.get("scheme") == SCHEME \
        and header.get("bands") == list(bands()) \
        and isinstance(header.get("documents"), int) and header["documents"] >= 0 \
        and isinstance(header.get("sha256"), str) and isinstance(header.get("lengths"), dict) \
        and all(isinstance(header["lengths"].get(n), int) and header["lengths"][n] >= 0
                for n in _SECTIONS)
    if not ok:
        raise BadIndex(path, "its header lacks a field or was written by another version")
    return header


@dataclass
class Signed:
    """Documents fingerprinted and compressed, ready to be joined into an Index."""

    ids: list[str]
    signatures: np.ndarray  # (documents, NUM_PERM) uint32
    lengths: list[int]  # of each compressed text, in order
    texts: bytearray  # the compressed texts, one after another


def sign(records: Iterable[tuple[str, str]]) -> Signed:
    """The signatures and compressed texts of ``(id, text)`` records; texts without a
    word are left out. The costly half of building an index, done apart so that it can
    run where the records are read (a Dask worker)."""
    ds = _datasketch()
    template = ds.MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
    ids, rows, lengths, texts = [], [], [], bytearray()
    for doc_id, text in records:
        found = features(text)
        if not found:
            continue
        m = ds.MinHash(num_perm=NUM_PERM, seed=SEED, permutations=template.permutations,
                       scheme=SCHEME)
        m.update_batch([f.encode("utf-8") for f in found])
        ids.append(str(doc_id))
        rows.append(m.hashvalues.astype(np.uint32))
        packed = zlib.compress(text.encode("utf-8"), 1)
        lengths.append(len(packed))
        texts += packed
    signatures = np.vstack(rows) if rows else np.zeros((0, NUM_PERM), np.uint32)
    return Signed(ids, signatures, lengths, texts)


def signature(found: set[str]) -> np.ndarray:
    """The MinHash signature (uint32) of a feature set, as Index.build makes them."""
    ds = _datasketch()
    m = ds.MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
    m.update_batch([f.encode("utf-8") for f in found])
    return m.hashvalues.astype(np.uint32)
