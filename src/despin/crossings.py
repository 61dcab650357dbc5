"""Restorations that would complete another rule's phrase with their neighbours.

The chain check on the rules' outputs alone (validate.py) misses a chain that forms with
a neighbour: "determine" -> "decide" turns "a determine" into "a decide", a phrase only the
spinner writes ("a decide" -> "a judge"), and a second pass would rewrite it; so would
"scenario" -> "situation" in "border scenario" ("border situation" is a tortured phrase).
For every rule form X with an original O, and every multi-word form P of a rule that
applies anywhere, with O inside P and more words around it, the words of P left and right
of O are a crossing of X: where X stands between them, the text stays as it is, on the
first pass as on the second. (Rules that wait for a document judged spun do not run on a
restored text judged clean, so the document test settles those.)

>>> from despin.tokens import compile_pattern
>>> crossing(compile_pattern("the border situation report"), ("situation",))
[(('the', 'border'), ('report',))]
"""

from __future__ import annotations

from collections import defaultdict


def crossing(phrase, original: tuple[str, ...]) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """(words left, words right) of each place ``original`` (lower-case words) occurs in
    ``phrase`` (a pattern of tokens.compile_pattern) with a word of the phrase outside it."""
    words, n = phrase.words, len(original)
    return [(words[:k], words[k + n:]) for k in range(len(words) - n + 1)
            if words[k:k + n] == original and n < len(words)]


class Crossings:
    """The crossings of every form, looked up by a neighbouring word of a match."""

    def __init__(self, entries, originals_of, applies_anywhere):
        """``entries``: the matcher's (listed forms and variants); ``originals_of(entry)``:
        its originals as tuples of words; ``applies_anywhere(rule index)``: may that rule
        fire in a text judged clean?"""
        by_word: dict[str, list] = defaultdict(list)  # a word -> phrases holding it
        for e in entries:
            if len(e.pattern.words) > 1 and applies_anywhere(e.rule):
                for word in set(e.pattern.words):
                    by_word[word].append(e)
        # (rule, form, the word just left of it) -> words right that must follow too,
        # and (rule, form, the word just right of it) for crossings with nothing left
        self.by_left: dict[tuple, list] = defaultdict(list)
        self.by_right: dict[tuple, list] = defaultdict(list)
        for e in entries:
            for original in originals_of(e):
                original = tuple(w.lower() for w in original)
                if not original:
                    continue
                for other in by_word.get(original[0], ()):
                    if other.rule == e.rule:
                        continue
                    for left, right in crossing(other.pattern, original):
                        if left:
                            self.by_left[e.rule, e.form, left[-1]].append((left, right))
                        else:
                            self.by_right[e.rule, e.form, right[0]].append((left, right))
        self.by_left, self.by_right = dict(self.by_left), dict(self.by_right)
        # the rules with a crossing: one look-up settles a match of any other rule
        self.rules = frozenset(key[0] for key in (*self.by_left, *self.by_right))

    def crossed(self, lowers: list[str], m, restored_left: str | None = None) -> bool:
        """Do the words around match ``m`` (in ``lowers``, the text's lower-cased tokens)
        make a crossing of its form? ``restored_left``: the word before ``m`` as an earlier
        change wrote it, if one did (a second pass sees that word)."""
        key = (m.entry.rule, m.entry.form)
        before = restored_left.lower() if restored_left is not None \
            else lowers[m.first - 1] if m.first else None
        found = []
        if before is not None:
            found += self.by_left.get((*key, before), ())
        if m.stop < len(lowers):
            found += self.by_right.get((*key, lowers[m.stop]), ())
        for left, right in found:
            a, b = m.first - len(left), m.stop + len(right)
            if a >= 0 and b <= len(lowers) and tuple(lowers[m.stop:b]) == right \
                    and (not left or (*lowers[a:m.first - 1], before) == left):
                return True
        return False
