"""A spinner made from a table, for test sets we do not have.

``Spinner(table)`` rewrites text the way an article spinner does: one left-to-right
pass, longest phrase first, blind to context, case carried over. It records every
artifact it writes as a gold row (line, start, end, spun, original, note), the format of
seeds/*.artifacts.tsv, so seedscore.py can score a restoration of its output.

``seed_table()`` is the table the seed reveals: every certain (original -> spun) pair of
its gold, the most frequent spun form for each original.
"""

from __future__ import annotations

import csv
import random
from collections import Counter, defaultdict

from corpora import GOLD, RESTORED, sotu_texts

from despin.compile.matcher import Entry, Matcher
from despin.text.casing import transfer_case
from despin.text.tokens import compile_pattern, tokenize


def seed_table(lines: range | None = None) -> dict[str, tuple[str, float]]:
    """original -> (spun, rate): the rate is the share of the original's occurrences in the
    gold restoration that the spinner rewrote ("said" always, "that" once in a while).
    ``lines``: only what these seed lines (1-based) show (benchmarks/holdout.py)."""
    restored = RESTORED.read_text(encoding="utf-8")
    if lines is not None:
        restored = "\n".join(t for n, t in enumerate(restored.split("\n"), 1) if n in lines)
    pairs: dict[str, Counter] = defaultdict(Counter)
    with GOLD.open(encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            if r["note"].startswith("uncertain") or r["spun"] == r["original"]:
                continue
            if lines is not None and int(r["line"]) not in lines:
                continue
            toks = tokenize(r["spun"])
            if any(a.end == b.start for a, b in zip(toks, toks[1:])):
                continue  # glue damage is not a table entry
            pairs[r["original"].lower()][r["spun"].lower()] += 1
    counts = phrase_counts(restored, list(pairs))
    return {o: (c.most_common(1)[0][0], min(1.0, sum(c.values()) / max(1, counts.get(o, 0))))
            for o, c in pairs.items()}


def phrase_counts(text: str, phrases: list[str]) -> Counter:
    """How often each phrase occurs in ``text`` (whole words, any case)."""
    matcher = Matcher([Entry(i, p, compile_pattern(p), None) for i, p in enumerate(phrases)])
    counts: Counter = Counter()
    for m in matcher.matches_in(text):
        counts[phrases[m.entry.rule]] += 1
    return counts


class Spinner:
    def __init__(self, table: dict[str, tuple[str, float]], seed: int = 0):
        self.table = list(table.items())  # original -> (spun, share of occurrences rewritten)
        self.matcher = Matcher([Entry(i, o, compile_pattern(o), None)
                                for i, (o, _) in enumerate(self.table)])
        self.random = random.Random(seed)

    def spin(self, text: str) -> tuple[str, list[tuple[int, int, str, str]]]:
        """The spun text and its artifacts as (start, end, spun, original) in the spun text."""
        tokens = tokenize(text)
        lowers = [t.text.lower() for t in tokens]
        out, rows, pos, i = [], [], 0, 0
        shift = 0
        while i < len(tokens):
            found = self.matcher.matches_at(text, tokens, lowers, i) if lowers[i] in self.matcher else []
            found = [m for m in found if self.random.random() < self.table[m.entry.rule][1][1]]
            if not found:
                i += 1
                continue
            m = found[0]
            original_text = text[m.start:m.end]
            spun = transfer_case(original_text, self.table[m.entry.rule][1][0])
            out.append(text[pos:m.start])
            start = m.start + shift
            out.append(spun)
            rows.append((start, start + len(spun), spun, original_text))
            shift += len(spun) - (m.end - m.start)
            pos = m.end
            i = m.stop
        out.append(text[pos:])
        return "".join(out), rows


def spun_corpus(since: int = 2001, limit_paragraphs: int | None = None):
    """Paragraphs of State of the Union addresses since ``since``, spun with the seed's
    table: yields (name, clean, spun, rows)."""
    spinner = Spinner(seed_table())
    count = 0
    for fid, text in sotu_texts(since):
        spun, rows = spinner.spin(text)
        yield fid, text, spun, rows
        count += 1
        if limit_paragraphs and count >= limit_paragraphs:
            return
