"""Find the original a spun page was copied from, and line the two up.

A page is restored first (what despin knows of the spinner's table is undone, so more of
its word runs are the original's), fingerprinted, and looked up in the archive's index
(index.py). The index proposes the documents whose MinHash is nearest; each is then
scored exactly:

* anchors: the share of the page's numbers, names, quoted strings and rare words
  (fingerprint.anchors) that the document has;
* similarity: the share of the page's three-word runs that the document has, from the
  restored page or the page as it is, whichever shares more (a page that is not spun
  at all loses nothing to restoring);
* score: the mean of the two, in [0, 1].

The best match is aligned word by word (an LCS: the spinner never reorders), which gives
the diff that ``despin trace`` prints and the sentence pairs that ``despin learn --trace``
learns from.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex
from rapidfuzz.distance import Indel

from ..engine.restorer import Restorer
from ..text.tokens import tokenize
from .fingerprint import anchors, shingles, words
from .index import Index, signature

POOL = 20  # candidates the index proposes for exact scoring
# a best match scoring below this is weak: not listed as the source, not learned from.
# benchmarks/tracing.py: real pages' right originals score 0.66 or more, the best of 12,000
# unrelated documents 0.18 or less; 0.4 lies between, nearer the distractors, since a
# partial copy scores lower than a whole one
KEEP = 0.4
RUN = 5  # shared runs of at least this many words are shown as evidence
SENTENCE_MATCH = 0.5  # word overlap (Indel similarity) for two sentences to pair up

_KINDS = {"n": "numbers", "c": "names", "q": "quotes", "r": "rare words"}


@dataclass
class Match:
    id: str
    doc: int
    score: float
    anchors: float  # share of the page's anchors the document has
    similarity: float  # share of the page's word runs the document has (best of restored / as is)
    similarity_spun: float  # the same without restoring
    estimate: float  # the MinHash estimate of Jaccard that proposed it
    shared: dict[str, list[str]] = field(default_factory=dict)  # kind -> anchors shared
    runs: list[str] = field(default_factory=list)  # longest shared word runs

    def record(self) -> dict:
        return {"id": self.id, "score": round(self.score, 3), "anchors": round(self.anchors, 3),
                "similarity": round(self.similarity, 3),
                "similarity_spun": round(self.similarity_spun, 3),
                "estimate": round(self.estimate, 3), "shared": self.shared, "runs": self.runs}


@dataclass
class Trace:
    name: str
    spun: str
    restored: str
    matches: list[Match]
    original: str | None = None  # the best match's text, when it is not weak
    diff: list[tuple[str, str, str]] = field(default_factory=list)  # (tag, spun, original)

    @property
    def best(self) -> Match | None:
        return self.matches[0] if self.matches else None

    @property
    def found(self) -> bool:
        return self.best is not None and self.best.score >= KEEP

    def record(self) -> dict:
        return {"spun": self.name, "found": self.found,
                "matches": [m.record() for m in self.matches],
                "diff": [list(op) for op in self.diff]}


class Tracer:
    """Traces pages against one index with one restorer (built-in packs by default)."""

    def __init__(self, index: Index, restorer=None, k: int = 5):
        if restorer is None:
            restorer = Restorer(assume_spun=True)
        self.index, self.restorer, self.k = index, restorer, k

    def trace(self, spun: str, name: str = "") -> Trace:
        restored = self.restorer.restore(spun)
        page_anchors = anchors(restored) | anchors(spun)
        page_runs, spun_runs = shingles(restored), shingles(spun)
        proposed = self.index.candidates(signature(page_anchors | page_runs), max(POOL, self.k))
        matches = []
        for doc, estimate in proposed:
            text = self.index.text(doc)
            doc_anchors, doc_runs = anchors(text), shingles(text)
            share = len(page_anchors & doc_anchors) / len(page_anchors) if page_anchors else 0.0
            after = len(page_runs & doc_runs) / len(page_runs) if page_runs else 0.0
            before = len(spun_runs & doc_runs) / len(spun_runs) if spun_runs else 0.0
            similarity = max(after, before)
            shared: dict[str, list[str]] = {}
            for feature in sorted(page_anchors & doc_anchors):
                kind, value = feature.split(":", 1)
                shared.setdefault(_KINDS[kind], []).append(value)
            matches.append(Match(self.index.ids[doc], doc, (share + similarity) / 2, share,
                                 similarity, before, estimate, shared))
        matches.sort(key=lambda m: (-m.score, m.doc))
        matches = matches[:self.k]
        result = Trace(name, spun, restored, matches)
        for m in matches:
            m.runs = shared_runs(restored, self.index.text(m.doc))
        if result.found:
            result.original = self.index.text(matches[0].doc)
            result.diff = word_diff(spun, result.original)
        return result


def _aligned(a: list[str], b: list[str]):
    """Opcodes of the longest common subsequence of two word lists, neighbouring
    insertions and deletions joined into replacements."""
    ops = []
    for op in Indel.opcodes(a, b):
        tag, s0, s1, o0, o1 = op.tag, op.src_start, op.src_end, op.dest_start, op.dest_end
        if tag != "equal" and ops and ops[-1][0] != "equal":
            _, ps0, _, po0, _ = ops.pop()
            tag, s0, o0 = "replace", ps0, po0
        ops.append((tag, s0, s1, o0, o1))
    return ops


def shared_runs(page: str, document: str, top: int = 3) -> list[str]:
    """The longest runs of at least RUN words that the page and the document share, in
    the page's order."""
    a, b = words(page), words(document)
    runs = [(s1 - s0, s0, " ".join(a[s0:s1])) for tag, s0, s1, _, _ in _aligned(a, b)
            if tag == "equal" and s1 - s0 >= RUN]
    return [text for _, _, text in sorted(sorted(runs, reverse=True)[:top], key=lambda r: r[1])]


def word_diff(spun: str, original: str) -> list[tuple[str, str, str]]:
    """(tag, page text, original text) pieces that together spell the page on one side
    and the part of the original it covers on the other: "equal" pieces hold the same
    words (and the text between words: spaces, punctuation), "replace" a swap, "delete"
    words only the page has, "insert" words only the original has. The original's text
    before the page's first shared word and after its last is left out."""
    s_toks, o_toks = tokenize(spun), tokenize(original)
    ops = _aligned([t.text.lower() for t in s_toks], [t.text.lower() for t in o_toks])
    while ops and ops[0][0] == "insert":
        ops.pop(0)
    while ops and ops[-1][0] == "insert":
        ops.pop()
    pieces: list[tuple[str, str, str]] = []

    def add(tag, page_text, original_text):
        if pieces and tag == "equal" == pieces[-1][0]:
            _, p, o = pieces.pop()
            page_text, original_text = p + page_text, o + original_text
        if page_text or original_text:
            pieces.append((tag, page_text, original_text))

    covered = [(o0, o1) for _, _, _, o0, o1 in ops if o1 > o0]
    if not covered:
        return [("delete", spun, "")] if spun else []
    # the page whole; of the original, the words it covers with the marks that cling to
    # them (an opening quote before, a full stop after)
    first_o, last_o = covered[0][0], covered[-1][1]
    gap = original[o_toks[first_o - 1].end if first_o else 0:o_toks[first_o].start]
    s_at, o_at = 0, o_toks[first_o].start - len(_CLINGS_BEFORE.search(gap).group())
    for tag, s0, s1, o0, o1 in ops:
        s_start = s_toks[s0].start if s1 > s0 else None
        o_start = o_toks[o0].start if o1 > o0 else None
        add("equal", spun[s_at:s_start] if s_start is not None else "",
            original[o_at:o_start] if o_start is not None else "")
        add(tag, spun[s_start:s_toks[s1 - 1].end] if s_start is not None else "",
            original[o_start:o_toks[o1 - 1].end] if o_start is not None else "")
        if s_start is not None:
            s_at = s_toks[s1 - 1].end
        if o_start is not None:
            o_at = o_toks[o1 - 1].end
    after = original[o_at:o_toks[last_o].start if last_o < len(o_toks) else len(original)]
    add("equal", spun[s_at:], _CLINGS_AFTER.match(after).group())
    return pieces


_CLINGS_BEFORE = regex.compile(r"\S*$")
_CLINGS_AFTER = regex.compile(r"\S*")
_SENTENCE_END = "(?<=[.!?…][\"”’')\\]]*)\\s+(?=[\"“‘'(\\[]*[\\p{Lu}\\p{N}])"


def sentences(text: str) -> list[str]:
    """Lines cut after a sentence's last mark, before a capital or a digit."""
    out = []
    for line in text.splitlines():
        out.extend(s.strip() for s in regex.split(_SENTENCE_END, line) if s.strip())
    return out


def sentence_pairs(spun: str, original: str) -> list[tuple[str, str]]:
    """(original sentence, spun sentence) for each sentence of the page that has its
    counterpart in the original: a monotone alignment (the spinner keeps the order) that
    pairs the most words, sentences sharing fewer than SENTENCE_MATCH of theirs unpaired."""
    s_sents, o_sents = sentences(spun), sentences(original)
    s_words, o_words = [words(s) for s in s_sents], [words(o) for o in o_sents]
    n, m = len(s_sents), len(o_sents)
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            sim = Indel.normalized_similarity(s_words[i - 1], o_words[j - 1])
            paired = best[i - 1][j - 1] + sim if sim >= SENTENCE_MATCH else -1.0
            best[i][j] = max(best[i - 1][j], best[i][j - 1], paired)
    pairs, i, j = [], n, m
    while i and j:
        if best[i][j] == best[i - 1][j]:
            i -= 1
        elif best[i][j] == best[i][j - 1]:
            j -= 1
        else:
            pairs.append((o_sents[j - 1], s_sents[i - 1]))
            i, j = i - 1, j - 1
    return pairs[::-1]
