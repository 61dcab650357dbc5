"""Learn a farm's table from its articles alone, with no clean originals.

A content farm spins every article through one table, so across a folder of its articles
the words the table rewrites go missing ("said" nowhere) and their replacements turn up
far more often than English uses them. Against a reference frequency list (wordsegment's
web counts, context.py), with N words in the folder and E(w) = N x the reference share:

* a candidate pair is a word s seen more than BAND times its expectation and one of its
  WordNet synonyms o (unseen.py's table) seen less than expected;
* its evidence is a Poisson likelihood ratio: the counts of s and o if the farm rewrites
  a share r of o into s (r fitted), against the counts if nothing happened, where "nothing"
  may stray by a factor BAND from the reference (a folder of speeches is not the web);
* and the context: over s's occurrences, how much better o fits between the neighbours
  than s does (bigram scores, context.py). Spun words sit badly where they are.

Pairs are ranked by likelihood ratio x context gain; each spun word and each original is
used once (best first). The result is a proposal for a person to review, not a dictionary:
benchmarks/learn_corpus.py measures it (about 9 in 10 of the top 20 right on a WordNet
farm; fewer on the seed's spinner, whose swaps are mostly not WordNet synonyms).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from typing import Iterable

from ..text.tokens import tokenize
from ..unlisted.unseen import synonyms
from .learn import Pair

BAND = 3.0  # how far a clean folder's word counts may stray from the reference counts
MIN_COUNT = 3  # a spun word must be seen this often
MIN_EXPECTED = 2.0  # an original must be expected this often to be called missing
RATES = (0.5, 0.7, 0.8, 0.9, 0.95, 1.0)  # rewrite shares tried for a pair
CONTEXTS = 200  # occurrences of a word kept to score its context
# likelihood ratio x context gain below which a pair is noise: on a farm whose table the
# built-in packs already hold (the seed's), 54 of the top 60 pairs scored under it, all
# wrong (benchmarks/learn_corpus.py)
MIN_SCORE = 100.0


def _poisson(k: int, mean: float) -> float:
    mean = max(mean, 1e-9)
    return k * math.log(mean) - mean - math.lgamma(k + 1)


def _plain(k: int, expected: float) -> float:
    """Log-likelihood of ``k`` with nothing spun: the best mean within BAND of expected."""
    return _poisson(k, min(max(k, expected / BAND), expected * BAND))


class CorpusStats:
    """Word counts and neighbours of a folder of articles (lower-case words only)."""

    def __init__(self, texts: Iterable[str]):
        self.counts: Counter = Counter()
        self.contexts: dict[str, list] = defaultdict(list)
        self.examples: dict[str, str] = {}
        for text in texts:
            tokens = tokenize(text)
            for i, t in enumerate(tokens):
                w = t.text
                if not (w.isalpha() and w.islower()):
                    continue
                self.counts[w] += 1
                seen = self.contexts[w]
                if len(seen) < CONTEXTS:
                    left = tokens[i - 1].text.lower() \
                        if i and text[tokens[i - 1].end:t.start] == " " else None
                    right = tokens[i + 1].text.lower() \
                        if i + 1 < len(tokens) and text[t.end:tokens[i + 1].start] == " " else None
                    seen.append((left, right))
                if w not in self.examples:  # a few words either side, on its own line
                    a, b = max(0, i - 6), min(len(tokens), i + 7)
                    lo = max(tokens[a].start, text.rfind("\n", 0, t.start) + 1)
                    hi = text.find("\n", t.end)
                    hi = tokens[b - 1].end if hi == -1 else min(hi, tokens[b - 1].end)
                    self.examples[w] = text[lo:hi].strip()
        self.words = sum(self.counts.values())


def propose(texts: Iterable[str], context, existing=(), top: int = 50) -> list[tuple[Pair, str]]:
    """The ``top`` best (spun -> original) proposals, each with a note on its evidence.
    Words that ``existing`` rules already restore are left to them."""
    stats = CorpusStats(texts)
    known = {s.lower() for r in existing for s in r.spun}
    n = stats.words

    def expected(word: str) -> float:
        return n * context.count(word) / context.total

    rows = []
    for s, cs in stats.counts.items():
        if cs < MIN_COUNT or len(s) < 3 or s in known:
            continue
        es = expected(s)
        if cs <= es * BAND:
            continue
        for o in synonyms(s):
            co, eo = stats.counts.get(o, 0), expected(o)
            if eo < MIN_EXPECTED or co >= eo:
                continue
            spun_fit = max(_poisson(co, max((1 - r) * eo, 0.3)) + _poisson(cs, es + r * eo)
                           for r in RATES)
            ratio = spun_fit - (_plain(co, eo) + _plain(cs, es))
            if ratio <= 0:
                continue
            gains = [context.fit(a, [o], b) - context.fit(a, [s], b)
                     for a, b in stats.contexts[s]]
            gain = sum(gains) / len(gains)
            if gain > 0 and ratio * gain >= MIN_SCORE:
                rows.append((ratio * gain, ratio, gain, s, o, cs, es, co, eo))
    rows.sort(reverse=True)
    out, used_s, used_o = [], set(), set()
    for score, ratio, gain, s, o, cs, es, co, eo in rows:
        if s in used_s or o in used_o:
            continue
        used_s.add(s)
        used_o.add(o)
        artifacts = min(cs, max(1, round(cs - es)))  # the excess over English: the farm's
        example = stats.examples[s]
        pair = Pair(s, o, count=artifacts, occurrences=cs,
                    example=(example, _swap(example, s, o)))
        note = (f"corpus: {s!r} {cs}x (English would give {es:.1f}), {o!r} {co}x "
                f"(expected {eo:.1f}); likelihood ratio {ratio:.1f}, context gain {gain:+.1f}")
        out.append((pair, note))
        if len(out) >= top:
            break
    return out


def _swap(text: str, spun: str, original: str) -> str:
    """``text`` with the first whole-word ``spun`` replaced by ``original``."""
    for t in tokenize(text):
        if t.text == spun:
            return text[:t.start] + original + text[t.end:]
    return text
