"""Near misses of spinner-only phrases: a letter dropped, doubled or changed in one word.

"Chilly Strugle" and "irregular woodlannd" are the rules' phrases with one typo. Each
phrase of a ``when: always`` rule with two or more words is indexed by its rarer words
(the anchors); where a text token equals an anchor, the phrase is laid over the tokens
around it, and it matches when every other word is the same but one, which may be one edit
away (rapidfuzz's Levenshtein distance). A near miss is a candidate at a discounted
confidence, explained as such; it never replaces an exact match.
"""

from __future__ import annotations

from dataclasses import replace

from rapidfuzz.distance import Levenshtein

from ..text.tokens import separator
from .matcher import Entry, Match, Matcher

MIN_WORD = 5  # the word with the typo must be at least this long
COMMON_WORD = 50_000_000  # anchors are rarer than this in English (the, of, and are not)


class NearMisses:
    """Anchored phrases, kept per pack: near misses are looked for only in a document that
    the phrase's own pack judges spun (a typo is weaker evidence than the phrase itself)."""

    def __init__(self, rules, entries: list[Entry], context):
        self.by_pack: dict[str, dict[str, list[tuple[Entry, int]]]] = {}
        self._merged: dict[tuple[str, ...], dict] = {}  # index_for, per set of packs
        for e in entries:
            words = e.pattern.words
            if e.variant or e.cased or rules[e.rule].when != "always" or len(words) < 2:
                continue
            near = replace(e, variant=f"near miss of {e.form!r}")
            index = self.by_pack.setdefault(rules[e.rule].pack, {})
            for k, w in enumerate(words):
                if len(w) >= 4 and context.count(w) < COMMON_WORD:
                    index.setdefault(w, []).append((near, k))

    def index_for(self, packs) -> dict[str, list[tuple[Entry, int]]]:
        """The anchors of these packs, merged (once per set of packs: validating a pack
        restores thousands of examples with every pack on)."""
        key = tuple(sorted(p for p in packs if p in self.by_pack))
        merged = self._merged.get(key)
        if merged is None:
            if len(key) == 1:
                merged = self.by_pack[key[0]]
            else:
                merged = {}
                for p in key:
                    for word, items in self.by_pack[p].items():
                        merged.setdefault(word, []).extend(items)
            self._merged[key] = merged
        return merged

    def __getstate__(self) -> dict:
        return {**self.__dict__, "_merged": {}}  # rebuilt on demand, not pickled

    @staticmethod
    def matches_at(index, text, tokens, lowers, i) -> list[Match]:
        """Near-miss matches laid over the anchor at token ``i`` (by their start token).
        One that starts inside a glued run is found too: the pass decides, as it does for
        exact matches (only after a change that gave the run its space back)."""
        found = []
        for entry, k in index.get(lowers[i], ()):
            words, seps = entry.pattern.words, entry.pattern.seps
            first = i - k
            stop = first + len(words)
            if first < 0 or stop > len(tokens) or entry.pattern.tail:
                continue
            odd = [j for j, w in zip(range(first, stop), words) if lowers[j] != w]
            if len(odd) != 1:
                continue  # the exact phrase (matched elsewhere), or more than one word off
            j = odd[0]
            w = words[j - first]
            if len(w) < MIN_WORD or abs(len(lowers[j]) - len(w)) > 1 \
                    or Levenshtein.distance(lowers[j], w, score_cutoff=1) > 1:
                continue
            if any(separator(text, tokens[t].end, tokens[t + 1].start) != seps[t - first]
                   for t in range(first, stop - 1)):
                continue
            # accepted as an exact match is: a capitalised last word glued to a capital
            # ("OrganizationsHypothesis") is a name, and would be one on a second pass too
            m = Matcher._accept(text, tokens, first, stop - 1, entry)
            if m is not None:
                found.append(m)
        return found
