"""Score despin's changes on a spun text against a gold artifact table.

A gold table lists, per line, spans of the spun text with their originals
(seeds/README.md). Changes and gold spans are compared region by region: overlapping
gold spans and changes form one region, and the region is right when despin's text for it
equals the gold's. A region holding an uncertain gold span counts neither way.

* precision = changes in right regions / changes in regions that count;
* recall = certain gold spans in right regions / certain gold spans;
* wrong changes per 1,000 tokens = changes in regions with no gold span at all (words the
  gold leaves alone), per 1,000 word tokens of the text.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Score:
    changes: int = 0
    right_changes: int = 0
    counted_changes: int = 0
    gold: int = 0
    found: int = 0
    untouched_changed: int = 0
    tokens: int = 0

    @property
    def precision(self) -> float:
        return self.right_changes / self.counted_changes if self.counted_changes else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0

    @property
    def false_per_1000(self) -> float:
        return 1000 * self.untouched_changed / self.tokens if self.tokens else 0.0

    def add(self, other: "Score") -> None:
        for k in self.__dataclass_fields__:
            setattr(self, k, getattr(self, k) + getattr(other, k))


def read_gold(path: Path) -> dict[int, list[tuple[int, int, str, bool]]]:
    """line -> [(start, end, original, uncertain)]"""
    out: dict[int, list] = {}
    with path.open(encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            uncertain = r["note"].startswith("uncertain") or r["spun"] == r["original"]
            out.setdefault(int(r["line"]), []).append(
                (int(r["start"]), int(r["end"]), r["original"], uncertain))
    return out


def _apply(line: str, edits, lo: int, hi: int) -> str:
    out, pos = [], lo
    for s, e, after in sorted(edits):
        out.append(line[pos:s])
        out.append(after)
        pos = e
    out.append(line[pos:hi])
    return "".join(out)


def score_lines(lines: list[str], changes_by_line: dict[int, list[tuple[int, int, str]]],
                gold: dict[int, list[tuple[int, int, str, bool]]],
                details: list | None = None) -> Score:
    """Score the changes; wrong and missed regions go to ``details`` when given."""
    from despin.text.tokens import tokenize

    total = Score()
    for n, line in enumerate(lines, 1):
        total.tokens += len(tokenize(line))
        mine = changes_by_line.get(n, [])
        theirs = gold.get(n, [])
        total.changes += len(mine)
        total.gold += sum(1 for g in theirs if not g[3] and line[g[0]:g[1]] != g[2])
        # union-find over spans: a region is a maximal set of overlapping spans
        spans = [("m", s, e, a) for s, e, a in mine] + [("g", s, e, (o, u)) for s, e, o, u in theirs]
        spans.sort(key=lambda x: (x[1], x[2]))
        regions, cur, cur_end = [], [], -1
        for sp in spans:
            if cur and sp[1] >= cur_end and not (sp[1] == sp[2] == cur_end):
                regions.append(cur)
                cur, cur_end = [], -1
            cur.append(sp)
            cur_end = max(cur_end, sp[2])
        if cur:
            regions.append(cur)
        for region in regions:
            ms = [(s, e, a) for k, s, e, a in region if k == "m"]
            gs = [(s, e, *a) for k, s, e, a in region if k == "g"]  # (start, end, original, uncertain)
            if any(u for *_, u in gs):
                continue
            lo = min(s for _, s, _, _ in region)
            hi = max(e for _, _, e, _ in region)
            mine_text = _apply(line, ms, lo, hi)
            gold_text = _apply(line, [(s, e, o) for s, e, o, _ in gs], lo, hi)
            real_gold = [g for g in gs if line[g[0]:g[1]] != g[2]]
            right = mine_text == gold_text
            total.counted_changes += len(ms)
            if right:
                total.right_changes += len(ms)
                total.found += len(real_gold)
            if not gs:
                total.untouched_changed += len(ms)
            if not right and details is not None:
                kind = "false" if not gs else "miss" if not ms else "wrong"
                details.append((kind, n, line[lo:hi], mine_text, gold_text))
    return total


def changes_per_line(text: str, changes) -> tuple[list[str], dict[int, list[tuple[int, int, str]]]]:
    """Split ``text`` on "\\n" and put each change on its line with line-relative offsets."""
    lines = text.split("\n")
    starts, pos = [], 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    out: dict[int, list] = {}
    import bisect

    for c in changes:
        n = bisect.bisect_right(starts, c.start) - 1
        out.setdefault(n + 1, []).append((c.start - starts[n], c.end - starts[n], c.after))
    return lines, out
