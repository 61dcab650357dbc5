"""Restorations that would complete another rule's phrase with their neighbours.

The chain check on the rules' outputs alone (validate.py) misses a chain that forms with
a neighbour: "determine" -> "decide" turns "a determine" into "a decide", a phrase only the
spinner writes ("a decide" -> "a judge"), and a second pass would rewrite it; so would
"scenario" -> "situation" in "border scenario" ("border situation" is a tortured phrase).
For every rule form X with an original O, and every multi-word form P of a rule, with O
inside P and more words around it, the words of P left and right of O are a crossing of
X: where X stands between them, the text stays as it is, on the first pass as on the
second. A phrase of a rule that waits for the document test counts only where a second
pass runs it whatever the text says: with ``assume_spun`` (elsewhere the document test
settles those: a restored text is judged clean).

>>> from despin.text.tokens import compile_pattern
>>> crossing(compile_pattern("the border situation report"), ("situation",))
[(('the', 'border'), ('report',))]
"""

from __future__ import annotations

from collections import defaultdict

from ..rules.model import shared_ends
from ..text.tokens import tokenize


def crossing(phrase, original: tuple[str, ...], core: tuple[int, int] | None = None,
             offsets=None) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """(words left, words right) of each place ``original`` (lower-case words) meets
    ``phrase`` (a pattern of tokens.compile_pattern) with a word of the phrase outside it:
    inside the phrase, or over one of its ends ("random walk" meets "walk 2020": nothing
    left, "2020" right). ``core``: the words of ``original`` (from, to) that a restoration
    writes; a place that meets only the words it shares with the spun form is no crossing
    (the phrase is there before the change as after it: "within the" -> "in the" and "the
    decide", which the pass tries at the shared "the"). ``offsets``: the places to try,
    as the phrase's index of the original's first word, in order (default: all)."""
    words, n, found = phrase.words, len(original), []
    a, b = core or (0, n)
    for k in range(1 - n, len(words)) if offsets is None else offsets:
        # k: where the original's first word falls in the phrase
        lo, hi = max(k, 0), min(k + n, len(words))
        if lo < hi and words[lo:hi] == original[lo - k:hi - k] and (lo > 0 or hi < len(words)) \
                and max(lo - k, a) < min(hi - k, b):
            found.append((words[:lo], words[hi:]))
    return found


class Crossings:
    """The crossings of every form, looked up by a neighbouring word of a match."""

    def __init__(self, entries, originals_of, applies_anywhere):
        """``entries``: the matcher's (listed forms and variants); ``originals_of(entry)``:
        its originals as tuples of words; ``applies_anywhere(rule index)``: may that rule
        fire in a text judged clean? (None: never on a second pass, as a chained rule.)"""

        by_word: dict[str, list] = defaultdict(list)  # a word -> (phrase, its place there)
        by_first: dict[str, list] = defaultdict(list)  # a word -> phrases that begin with it
        for e in entries:
            if len(e.pattern.words) > 1:
                by_first[e.pattern.words[0]].append(e)
                for place, word in enumerate(e.pattern.words):
                    by_word[word].append((e, place))
        anywhere_of: dict[int, bool | None] = {}  # applies_anywhere, asked once a rule
        for e in entries:
            if e.rule not in anywhere_of:
                anywhere_of[e.rule] = applies_anywhere(e.rule)
        # (rule, form, the word just left of it) -> (words left, words right, whether the
        # phrase applies anywhere) of the phrases it would complete, and (rule, form, the
        # word just right of it) for crossings with nothing left
        self.by_left: dict[tuple, list] = defaultdict(list)
        self.by_right: dict[tuple, list] = defaultdict(list)
        shared: dict[tuple, tuple] = {}  # one object for equal crossings and lists of them
        # the crossings of an original depend on its words and core alone, and most
        # originals stand for many forms and variants: each is worked out once
        known: dict[tuple, list] = {}
        for e in entries:
            for original in originals_of(e):
                # the words shared with the spun form are single tokens (rules/model.py: shared_ends)
                lead, trail = shared_ends(e.pattern.words, original)
                items = known.get((original, lead, trail))
                if items is None:
                    items = known[original, lead, trail] = self._of(
                        original, lead, trail, (by_word, by_first), anywhere_of, shared)
                for item in items:
                    if item[0]:
                        self.by_left[e.rule, e.form, item[0][-1]].append(item)
                    else:
                        self.by_right[e.rule, e.form, item[1][0]].append(item)
        # one tuple for each distinct list (most are alike): a smaller cache, loaded faster
        self.by_left, self.by_right = (
            {key: shared.setdefault(tuple(found), tuple(found)) for key, found in table.items()}
            for table in (self.by_left, self.by_right))
        # the rules with a crossing: one look-up settles a match of any other rule (and
        # of a rule whose crossings are all with rules that wait for the document test)
        self.rules = frozenset(key[0] for key in (*self.by_left, *self.by_right))
        self.rules_anywhere = frozenset(
            key[0] for table in (self.by_left, self.by_right) for key, found in table.items()
            if any(anywhere for _, _, anywhere in found))

    @staticmethod
    def _of(original, lead, trail, phrases, anywhere_of, shared) -> list[tuple]:
        """(words left, words right, whether the phrase applies anywhere) of each phrase
        that ``original`` (with ``lead`` and ``trail`` words shared with the spun form)
        would complete; ``phrases``: the phrases by each word and by their first word."""
        by_word, by_first = phrases
        # as tokens, as a phrase sees them: "raw-data" is "raw", "data"
        original = tuple(t.text.lower() for t in tokenize(" ".join(original)))
        if not original:
            return []
        # an overlap begins where the original's first word stands in the phrase, or the
        # phrase's first word in the original: only there is a crossing to look for ("of
        # his" -> "his" makes "of his" again after "of": the rule's own phrases count too)
        offsets: dict[int, tuple] = {}
        for other, place in by_word.get(original[0], ()):
            offsets.setdefault(id(other), (other, set()))[1].add(place)
        for j in range(1, len(original)):
            for other in by_first.get(original[j], ()):
                offsets.setdefault(id(other), (other, set()))[1].add(-j)
        core = (lead, len(original) - trail)
        items: list[tuple] = []
        for other, places in offsets.values():
            anywhere = anywhere_of[other.rule]
            if anywhere is None:
                continue
            for left, right in crossing(other.pattern, original, core, sorted(places)):
                items.append(shared.setdefault((left, right, anywhere), (left, right, anywhere)))
        return items

    def crossed(self, lowers: list[str], m, restored_left: str | None = None,
                right: str | None = None, spun_too: bool = False, restored=None) -> bool:
        """Do the words around match ``m`` (in ``lowers``, the text's lower-cased tokens)
        make a crossing of its form? ``restored_left``: the word before ``m`` as an earlier
        change wrote it, if one did (a second pass sees that word); ``restored``: such words
        by token index, for the words further left; ``right``: the word after ``m`` as
        restored, where a change rewrote it. Phrases of rules that wait for the document
        test count with ``spun_too`` (a second pass runs them: ``assume_spun``)."""
        key = (m.entry.rule, m.entry.form)
        before = restored_left.lower() if restored_left is not None \
            else lowers[m.first - 1] if m.first else None
        after = right.lower() if right is not None \
            else lowers[m.stop] if m.stop < len(lowers) else None
        found = []
        if before is not None:
            found += self.by_left.get((*key, before), ())
        if after is not None:
            found += self.by_right.get((*key, after), ())
        for left, words_right, anywhere in found:
            if not (anywhere or spun_too):
                continue
            a, b = m.first - len(left), m.stop + len(words_right)
            if a < 0 or b > len(lowers):
                continue
            if words_right and (after, *lowers[m.stop + 1:b]) != words_right:
                continue
            if left and (*_words(lowers, restored, a, m.first - 1), before) != left:
                continue
            return True
        return False


def _words(lowers: list[str], restored, a: int, b: int) -> tuple[str, ...]:
    """The words of tokens a..b-1, as restored where ``restored`` (index -> word) has them."""
    if not restored:
        return tuple(lowers[a:b])
    return tuple(restored[k].lower() if k in restored else lowers[k] for k in range(a, b))
