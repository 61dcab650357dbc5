"""What a pass asks before it changes the text: the choice among a match's originals, and
the checks that keep a second pass over the restored text deciding as the first.

A Decider holds the compiled rules, a restorer's options and the memo of its decisions;
the Restorer (restorer.py) makes one for its options, and its stages consult it
(passes.py, after_pass.py).
"""

from __future__ import annotations

from ..compile.compiled import CompiledRules
from ..compile.matcher import Entry, Match
from ..judge.detection import Detection
from ..judge.scoring import margin_for
from ..rules.model import Rule, begins_with, declared_chain, shared_ends
from ..text.spans import drop_blocked
from . import guards
from .changes import Change
from .options import Options
from .views import WIDTH, first_word

DECISION_CACHE = 100_000  # memoised choices, cleared when full
_NOT_MEMOISED = object()
UNDECIDED = object()  # the right neighbour is the word after as written, if it stays


class Decider:
    """``compiled`` rules applied with ``options``; ``memo``: the decisions made so far,
    shared by deciders of the same rules and confidence floor (``Restorer.with_options``)."""

    def __init__(self, compiled: CompiledRules, options: Options, memo: dict | None = None):
        self.compiled, self.options = compiled, options
        self.margin = margin_for(options.min_confidence)
        self.memo = {} if memo is None else memo

    def __getstate__(self) -> dict:
        return {**self.__dict__, "memo": {}}  # keyed by object ids: void elsewhere

    def suggests(self, detection: Detection) -> bool:
        """Look for unlisted phrases (suggest.py) only where a listed one of a pack that
        teaches them was found."""
        packs = self.compiled.suggester.packs
        return self.options.suggest and bool(packs) \
            and any(self.compiled.pack_of.get(h.rule) in packs for h in detection.hits)

    def held_by_keep_cases(self, text: str, matches) -> list[tuple[tuple, tuple]]:
        """The words that a keep-case holds beside a match it keeps, as (words, match) span
        pairs, sorted: no other match may change them. Restoring "thought" -> "idea" in
        "earlier than thought", which keeps "earlier than", would take away what kept it,
        and a second pass would restore it ("before idea"). Only for rules a second pass
        runs (``runs_again``): where the document test decides, a restored text is judged
        clean."""
        held = []
        for found in matches.values():
            for m in found:
                rule = self.compiled.rules[m.entry.rule]
                if not rule.keep or not self.runs_again(rule):
                    continue
                for a, b in self.compiled.scorer.keep_spans(rule, text, m.start, m.end):
                    held += [((x, y), (m.start, m.end)) for x, y in ((a, m.start), (m.end, b))
                             if x < y]
        return sorted(held)

    def right_as_restored(self, following: Change | None, text: str):
        """The right neighbour a second pass sees where the change ``following`` starts
        just after a match: the first word it writes, or None where that pass would not
        take it (``stays_restored``); with no such change, the word as written."""
        word = first_word(following.after) if following is not None else None
        if word is None:
            return UNDECIDED
        return word if self.stays_restored(following, text) else None

    def stays_restored(self, change: Change, text: str) -> bool:
        """Would a second pass take the first word ``change`` writes as a right neighbour:
        does every match starting at it in the restored text keep it as its first word?"""
        window = change.after + text[change.end:change.end + 80]
        found: dict[int, list[Match]] = {}
        for m in self.compiled.matcher.matches_in(window):
            found.setdefault(m.first, []).append(m)
        # a match that a keep-case holds is no match to a second pass (Restorer._restore)
        drop_blocked(found, [], self.held_by_keep_cases(window, found))
        return all(self.keeps_first(m) for m in found.get(0, ()))

    def keeps_first(self, m: Match) -> bool:
        """Does every original of match ``m`` begin with its first word ("in different
        phrases" -> "in other words"), so that the word stays whatever ``m`` does?"""
        entry = m.entry
        if entry.originals is None:
            return (entry.rule, entry.form) in self.compiled.first_kept
        return begins_with(entry.originals, entry.pattern.words[0])

    def runs_again(self, rule: Rule) -> bool:
        """Does a second pass over the restored text run ``rule``, whatever it says?"""
        return rule.when == "always" or (not rule.chained and self.spun_again())

    def spun_again(self) -> bool:
        """Does a second pass run every pack's ambiguous rules, whatever the text says? So
        it does with ``assume_spun``. (Otherwise the document test settles it: a restored
        text is judged clean. So it is for a rule's examples, which show it in a spun
        document, as ``force_chains`` does for chained rules.)"""
        return bool(self.options.assume_spun) and not self.options.force_chains

    def chains_apply(self, detection: Detection) -> bool:
        """May chained rules apply? Only where the document test decides (``assume_spun``
        would hold on a second pass too) and a pack that has them judges the text spun."""
        return self.options.assume_spun is None and any(
            detection.spun_by(p) for p in self.compiled.chained_packs)

    def looks_spun(self, restored: str) -> bool:
        """Is a restored text still judged spun by a pack with chained rules?

        Chained rules apply only when the text restored with them and the text restored
        without them both look clean. A second pass over the first then runs none of the
        pack's ambiguous rules, which would rewrite the chained rules' output ("can" written
        for "are able to", then "can" -> "will"). A second pass over the text restored
        without them, where that looks spun, restores nothing without them, so the test
        fails again in the same way; where it looks clean, nothing ambiguous runs."""
        after = self.compiled.detector.detect(restored)
        return any(after.spun_by(p) for p in self.compiled.chained_packs)

    def _decide(self, rule, entry: Entry, left, right, settled: bool = False):
        """The choice for a match of ``entry`` between ``left`` and ``right``: None to keep
        the text, else (confidence, context delta, shared leading and trailing words, the
        words written). ``settled``: the text changes, only the original is to choose."""
        originals = entry.originals or self.compiled.originals[entry.rule]
        choice = self.compiled.scorer.choose(rule, originals, entry.pattern.words, left, right,
                                    entry.variant, settled, self.margin)
        if choice is None:
            return None
        original, confidence, delta = choice
        out_words = original.split()
        lead, trail = shared_ends(entry.pattern.words, out_words)
        return confidence, delta, lead, trail, " ".join(out_words[lead:len(out_words) - trail])

    def reach(self, text: str, m: Match, rule: Rule) -> int:
        """How far around match ``m`` the text checks of ``Pass._held`` read the text as
        restored: the line (views.WIDTH) for a name or a number, a keep-case's length for
        the rest; 0 where they read it as written (a rule that a second pass does not run)."""
        if not self.runs_again(rule):
            return 0
        if guards.name_word(m) or guards.digit_edged(text, m):
            return WIDTH
        return self.compiled.scorer.reach(rule)

    def rewritten_again(self, rule, restored: str) -> bool:
        """Would a rule that a second pass runs rewrite ``restored`` (a match as a change
        leaves it)? Loading checks every output as the rule writes it (validate.py); a
        capital that the case of the spun text gives ("Goal" for "Aim" at a sentence start,
        which a case-exact rule takes for the shop "Target") or a variant's output is seen
        only here. Keep-cases and declared chains protect it, as when loading."""
        key = ("rewritten", rule.id, restored, self.spun_again())  # memoised with decisions
        found = self.memo.get(key)
        if found is None:
            found = False
            for m in self.compiled.matcher.matches_in(restored):
                other = self.compiled.rules[m.entry.rule]
                if self.runs_again(other) and not declared_chain(rule, other) \
                        and not self.compiled.scorer.vetoed(other, restored, m.start, m.end):
                    found = True
                    break
            self.memo[key] = found
        return found

    def decision(self, rule, entry: Entry, left, right, settled: bool = False):
        """``_decide``, memoised by (entry, left, right, settled): entries live as long as
        the restorer, and news repeats its contexts. The memo is keyed by object ids, so
        it is left out when the decider is pickled (``__getstate__``)."""
        key = (id(entry), left, right, settled)
        decision = self.memo.get(key, _NOT_MEMOISED)
        if decision is _NOT_MEMOISED:
            decision = self._decide(rule, entry, left, right, settled)
            if len(self.memo) >= DECISION_CACHE:
                self.memo.clear()
            self.memo[key] = decision
        return decision
