"""Find rule matches in one pass over word tokens.

The spun forms are compiled into a trie keyed by lower-cased words and the separators
between them, so looking up the matches at a token costs a few dictionary look-ups
whatever the number of rules (no giant alternation regex: see docs/design.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from ..text.tokens import Pattern, Token, in_identifier, separator, tokenize

_END = None  # trie key under which a node keeps the entries that end there


@dataclass(frozen=True, slots=True)
class Entry:
    """One spun form of one rule."""

    rule: int  # index into the restorer's rule list
    form: str  # the spun form as written in the rule
    pattern: Pattern
    cased: tuple[str, ...] | None  # the words as written, when the rule matches case exactly
    variant: str | None = None  # how a generated variant relates to the rule's listed form
    originals: tuple[tuple[str, ...], ...] | None = None  # a variant's own originals

    def __reduce__(self):
        # unpickled by the constructor: the dataclass default for slotted classes looks up
        # fields() per object, and a cached restorer holds some 24,000 entries (0.2 s)
        return Entry, (self.rule, self.form, self.pattern, self.cased, self.variant, self.originals)


class Match(NamedTuple):  # a tuple: made for every candidate span, so kept cheap
    first: int  # index of the first token
    stop: int  # index after the last token
    start: int  # character offsets into the text
    end: int
    entry: Entry
    glued: bool  # the spinner ate the space after the match ("statesHarry")


class Matcher:
    def __init__(self, entries: list[Entry]):
        self.root: dict = {}
        for entry in entries:
            words, seps = entry.pattern.words, entry.pattern.seps
            node = self.root.setdefault(words[0], {})
            for sep, word in zip(seps, words[1:]):
                # keyed by the next word, then the separator: most walks stop at the word
                # ("the" starts many phrases), before a separator is worked out
                node = node.setdefault(word, {}).setdefault(sep, {})
            node.setdefault(_END, []).append(entry)

    def __contains__(self, first_word: str) -> bool:
        return first_word in self.root

    def starts(self, lowers: list[str]) -> list[int]:
        """Token indices where a match may start: the word ends a phrase, or the next word
        goes on with one ("the" starts many phrases, and is followed by few of them)."""
        root, last, out = self.root, len(lowers) - 1, []
        for i, word in enumerate(lowers):
            node = root.get(word)
            if node is not None and (_END in node or (i < last and lowers[i + 1] in node)):
                out.append(i)
        return out

    def matches_in(self, text: str) -> list[Match]:
        """Every match in ``text``, at every token,
        overlapping ones included: by start token, longest first."""
        tokens = tokenize(text)
        lowers = [t.text.lower() for t in tokens]
        return [m for i in self.starts(lowers) for m in self.matches_at(text, tokens, lowers, i)]

    def matches_at(self, text: str, tokens: list[Token], lowers: list[str], i: int) -> list[Match]:
        """Every match that starts at token ``i``, longest first."""
        node = self.root.get(lowers[i])
        if node is None:
            return []
        found: list[Match] = []
        j, n = i, len(tokens)
        while True:
            ends = node.get(_END)
            if ends is not None:
                for entry in ends:
                    m = self._accept(text, tokens, i, j, entry)
                    if m is not None:
                        found.append(m)
                if len(node) == 1:
                    break  # no longer phrase goes on from here
            if j + 1 >= n:
                break
            by_sep = node.get(lowers[j + 1])
            if by_sep is None:
                break
            node = by_sep.get(separator(text, tokens[j].end, tokens[j + 1].start))
            if node is None:  # BREAK (None) is never a key
                break
            j += 1
        found.reverse()
        return found

    @staticmethod
    def _accept(text: str, tokens: list[Token], i: int, j: int, entry: Entry) -> Match | None:
        if entry.cased is not None and any(
                tokens[i + k].text != w for k, w in enumerate(entry.cased)):
            return None
        end = tokens[j].end
        tail = entry.pattern.tail
        if tail:
            if not text.startswith(tail, end):
                return None
            end += len(tail)
        glued = not tail and j + 1 < len(tokens) and tokens[j + 1].start == end  # GLUE
        if glued and not tokens[j].text.islower():
            return None  # "McDonald" is a name, not glue damage
        start = tokens[i].start
        if in_identifier(text, start, end):
            return None
        return Match(i, j + 1, start, end, entry, glued)
