"""Rules compiled once, for every text: the unit the cache stores and worker processes get.

A CompiledRules holds what the rules become (the matcher with the variants no rule lists,
near misses, the document test, the scorer, crossings, suggestions and the thesaurus) and
nothing of how a restorer applies them (options.py) or what it has decided (its memo).
"""

from __future__ import annotations

from ..judge.context import ContextModel
from ..judge.evidence import Detector
from ..judge.scoring import Scorer
from ..rules.model import Rule, begins_with
from ..text.tokens import compile_pattern, tokenize
from ..unlisted.suggest import Suggester
from ..unlisted.unseen import Unseen
from .crossings import Crossings
from .fuzzy import NearMisses
from .matcher import Entry, Match, Matcher
from .variants import variants


class CompiledRules:
    """``rules`` (merged, in order) compiled. Picklable."""

    def __init__(self, rules: list[Rule]):
        self.rules: list[Rule] = list(rules)
        entries = []
        # each rule's originals as word tuples
        self.originals: list[tuple[tuple[str, ...], ...]] = []
        for index, rule in enumerate(self.rules):
            self.originals.append(tuple(tuple(o.split()) for o in rule.originals))
            for form in rule.spun:
                pattern = compile_pattern(form)
                cased = tuple(t.text for t in tokenize(form)) if rule.case == "exact" else None
                entries.append(Entry(index, form, pattern, cased))
        self.several_originals = any(len(o) > 1 for o in self.originals)
        self.first_kept = frozenset(  # (rule, form) whose originals all begin as it does
            (e.rule, e.form) for e in entries
            if begins_with(self.originals[e.rule], e.pattern.words[0]))
        self.chained_ids = frozenset(r.id for r in self.rules if r.chained)
        # a chain may cross into the pack a chained rule's pack widens: both must judge
        # the restored text clean
        self.chained_packs = frozenset(p for r in self.rules if r.chained
                                       for p in (r.pack, r.extends) if p)
        self.context = ContextModel()
        self.unseen = Unseen(self.context)
        entries += self._variant_entries(entries)
        self.matcher = Matcher(entries)
        self.near = NearMisses(self.rules, entries, self.context)
        # restored text a near miss must not take for a typo: a second pass would rewrite it
        self.outputs = {o.lower() for r in self.rules for o in r.originals}
        self.outputs |= {o.replace(" ", "-") for o in self.outputs}
        self.detector = Detector(self.rules, entries, self.context)
        self.suggester = Suggester(self.rules, self.context)
        self.pack_of = {r.id: r.pack for r in self.rules}
        self.scorer = Scorer(self.rules, self.context, self.matcher)
        self.crossings = Crossings(entries, lambda e: e.originals or self.originals[e.rule],
                                   lambda rule: None if self.rules[rule].chained
                                   else self.rules[rule].when == "always")

    def all_matches(self, text, tokens, lowers, near_packs=()) -> dict[int, list[Match]]:
        """Matches by start token, longest first; near misses (of phrases of the packs in
        ``near_packs``) after exact matches."""
        matcher = self.matcher
        anchors = self.near.index_for(near_packs) if near_packs else {}
        found: dict[int, list[Match]] = {}
        fuzzy: list[Match] = []
        for i in matcher.starts(lowers):
            ms = matcher.matches_at(text, tokens, lowers, i)
            if ms:
                found[i] = ms
        if anchors:
            for i in [i for i, word in enumerate(lowers) if word in anchors]:
                fuzzy.extend(NearMisses.matches_at(anchors, text, tokens, lowers, i))
        for m in fuzzy:
            if " ".join(text[m.start:m.end].lower().split()) in self.outputs:
                continue  # a rule's own restoration (wrapped or not), one letter off a phrase
            exact = found.setdefault(m.first, [])
            if all(e.stop != m.stop or e.entry.rule != m.entry.rule for e in exact):
                exact.append(m)
                exact.sort(key=lambda x: (-(x.stop - x.first), x.entry.variant is not None))
        return found

    def _variant_entries(self, entries: list[Entry]) -> list[Entry]:
        """Variants (variants.py) of the listed forms that no rule lists and no rule's
        output contains (a variant must not start a chain either)."""
        known = {(e.pattern.words, e.pattern.seps, e.pattern.tail) for e in entries}
        found = []
        for index, rule in enumerate(self.rules):
            for form, originals, kind in variants(rule, self.context):
                try:
                    pattern = compile_pattern(form)
                except ValueError:
                    continue
                key = (pattern.words, pattern.seps, pattern.tail)
                if key in known or any(form.lower() == o.lower() for o in originals):
                    continue
                known.add(key)
                found.append(Entry(index, form, pattern, None, kind,
                                   tuple(tuple(o.split()) for o in originals)))
        if not found:
            return []
        probe = Matcher(found)
        chained = {m.entry.form for rule in self.rules for out in rule.originals
                   for m in probe.matches_in(out)}
        return [e for e in found if e.form not in chained]
