"""One left-to-right pass over a document's matches: which match each token starts, if
any, is restored, and how.

At each token, the matches that start there are tried longest first; the first whose best
candidate beats keeping the text is applied, and scanning resumes after its last changed
word, so replaced text is never scanned again (a word the match shares unchanged at its
end may start a longer phrase). Then three looks back settle what the pass decided before
it knew a neighbour's final text: a kept match beside a restored word (``_look_right``), a
name word on a line the changes make a headline (``_names_again``), and the choice among
several originals (``_second_look``). A second pass over the restored text must decide as
this one did: that is what every guard here is for.
"""

from __future__ import annotations

import bisect
import dataclasses
from dataclasses import dataclass, field
from typing import Sequence

from ..compile.matcher import Match
from ..judge.detection import Detection
from ..text.casing import opens_sentence, transfer_case
from ..text.spans import overlaps
from ..text.tokens import Token
from . import guards
from .changes import Change
from .decider import UNDECIDED, Decider
from .views import around, first_word, near_ids, note_restored


@dataclass
class Document:
    """One text as a pass reads it."""

    text: str
    tokens: list[Token]
    lowers: list[str]  # each token's text in lower case
    matches: dict[int, list]  # start token -> its matches, longest first
    spun: bool  # the verdict that rules waiting for the document test go by
    detection: Detection
    with_evidence: bool  # do changes carry the evidence behind them (explain)?


@dataclass
class Pass:
    """One pass of ``decider``'s rules over ``doc``. ``chains``: chained rules may apply.
    ``tried`` memoises each match's outcome by the changes before it (all else it depends
    on is the same in both passes over a text: with chained rules and without them)."""

    decider: Decider  # the compiled rules, the options, the memo of decisions and the checks
    doc: Document
    chains: bool
    tried: dict
    restored_left: dict[int, str] = field(default_factory=dict)  # token -> its restored last word
    detached: set[int] = field(default_factory=set)  # ... of those, with no left neighbour

    def run(self) -> list[Change]:
        """The changes of the pass, in text order."""
        r, doc = self.decider, self.doc
        text, tokens, matches = doc.text, doc.tokens, doc.matches
        changes: list[Change] = []
        made: list[Match] = []  # the match behind each change
        free = shared_until = 0  # the first token after the last changed word / its shared words
        repaired = -1  # the token after a glued change that got its space back
        kept: list[int] = []  # tokens where every match was tried and the text kept
        for i in sorted(matches):
            if i < free:
                continue
            if i and tokens[i - 1].end == tokens[i].start and i != repaired:
                continue  # never start inside a glued run ("McDonald", "iPhone")
            found = matches[i]
            if i < shared_until:
                # a word the last change shares at its end ("the" of "within the" -> "in the")
                # stays; a phrase past the change starts here, as on a second pass ("the decide")
                found = [m for m in found if m.stop > shared_until and m.stop - m.first > 1]
                if not found:
                    continue
            for m in found:  # near_ids: the changes the text checks may see (_held)
                rule = r.compiled.rules[m.entry.rule]
                reach = len(changes) and (rule.when == "always" or r.options.assume_spun) \
                    and r.reach(text, m, rule)  # (most rules: 0, at once)
                key = (id(m), self.restored_left.get(i - 1), i - 1 in self.detached,
                       self.chains and rule.chained, reach and near_ids(changes, m.start, reach))
                outcome = self.tried.get(key)
                if outcome is None:
                    outcome = self.tried[key] = self._try(m, done=changes)
                change, resume, last = outcome
                if change is not None:
                    note_restored(text, tokens, change, last, self.restored_left, self.detached)
                    changes.append(change)
                    made.append(m)
                    if change.after.endswith(" ") and not change.before.endswith(" "):
                        repaired = resume  # a second pass will see the space: so does this one
                    free, shared_until = last + 1, resume
                    break
            else:
                kept.append(i)
        if kept and changes:
            changes, made = self._look_right(kept, changes, made)
            changes, made = self._names_again(kept, changes, made)
        if r.compiled.several_originals and changes:
            changes = self._second_look(made, changes)
        return changes

    def _try(self, m: Match, right=UNDECIDED, names: bool = True,
             done: Sequence[Change] = ()) -> tuple[Change | None, int, int]:
        """The change match ``m`` makes, the token to resume at, and the token of its last
        changed word; (None, 0, 0) to keep the text. ``right``: the word after, as
        restored (``_look_right``); by default the word after as written, if it stays.
        ``names=False``: a capitalised name word is not taken as a name (``_names_again``).
        ``done``: the changes made so far, which the text checks see applied (``_held``)."""
        r, doc = self.decider, self.doc
        text, tokens = doc.text, doc.tokens
        rule = r.compiled.rules[m.entry.rule]
        if rule.chained and not self.chains:
            return None, 0, 0
        if rule.when == "spun" and not (doc.spun if r.options.assume_spun is not None
                                        else doc.detection.spun_by(rule.pack)):
            return None, 0, 0  # an ambiguous rule waits for its own pack's evidence
        if m.entry.rule in r.compiled.crossings.rules and self._crosses(m, right):
            return None, 0, 0  # restoring would complete another rule's phrase (crossings.py)
        if self._held(rule, m, names, done):
            return None, 0, 0
        left = guards.left_word(text, tokens, m, self.restored_left, self.detached)
        if right is UNDECIDED:
            right = guards.right_word(text, tokens, doc.matches, m, r.keeps_first)
        elif m.stop < len(tokens) and not text[m.end:tokens[m.stop].start].isspace():
            right = None  # a restored word that a mark parts from the match is no context
        decision = r.decision(rule, m.entry, left, right)
        if decision is None:
            return None, 0, 0
        change, stop = self._change(m, rule, decision, left, right)
        if (m.entry.variant is not None or change.after != decision[4]) \
                and r.rewritten_again(rule, text[m.start:change.start] + change.after
                                       + text[change.end:m.end]):
            return None, 0, 0
        if m.stop - m.first == 1 and guards.coordinates_with_itself(
                text, tokens, m.first, change.after, self.restored_left):
            return None, 0, 0
        # shared words at the end: only a phrase that goes past them starts there (run)
        return change, m.stop, stop - 1

    def _crosses(self, m: Match, right) -> bool:
        """Would restoring ``m`` complete a phrase of a rule a second pass runs
        (crossings.py)? ``right``: the word after, as restored, or UNDECIDED."""
        r = self.decider
        spun_again = r.spun_again()
        if not (spun_again or m.entry.rule in r.compiled.crossings.rules_anywhere):
            return False
        return r.compiled.crossings.crossed(self.doc.lowers, m, self.restored_left.get(m.first - 1),
                                   None if right is UNDECIDED else right, spun_again,
                                   self.restored_left)

    def _held(self, rule, m: Match, names: bool, done) -> bool:
        """Is match ``m`` kept as written by a check of the text around it: a keep-case, a
        name or a date, a word or a phrase cut out of hyphenated words, a number that is not
        the spinner's? Where a second pass runs the rule, the checks read the text with the
        changes ``done`` applied (views.py), as that pass will: "Veterans' Affairs 1000's",
        not "Veterans Issues 1000's"."""
        r, text = self.decider, self.doc.text
        if m.stop - m.first > 1:
            if guards.cuts_compounds(text, self.doc.tokens, m):
                return True  # separators only, which no change rewrites
        elif guards.part_of_word(text, m):
            return True
        name = m.stop - m.first == 1 and m.entry.pattern.words[0] in guards.NAME_WORDS  # guards.name_word
        digits = text[m.start].isdigit() or text[m.end - 1].isdigit()  # guards.digit_edged
        if not (rule.keep or name or digits):
            return False
        reach = r.reach(text, m, rule) if done else 0
        view, at = around(text, done, m.start, m.end, reach) if reach else (text, m.start)
        seen = m if at == m.start else m._replace(start=at, end=at + m.end - m.start)
        return bool(rule.keep and r.compiled.scorer.vetoed(rule, view, seen.start, seen.end)) \
            or (name and ((names and guards.proper_noun(view, seen.start, seen.end))
                          or guards.dated(view, seen))) \
            or (digits and guards.inside_number(view, seen))

    def _change(self, m: Match, rule, decision, left, right) -> tuple[Change, int]:
        """The change a decision makes of match ``m``, and the token after its last
        changed word."""
        text, tokens = self.doc.text, self.doc.tokens
        entry = m.entry
        confidence, delta, lead, trail, core_out = decision
        first, stop = m.first + lead, m.stop - trail
        start = tokens[first].start
        end = m.end if trail == 0 else tokens[stop - 1].end
        before = text[start:end]
        after = transfer_case(before, core_out) if rule.case == "any" else core_out
        if before[:1].isdigit() and after[:1].islower() and opens_sentence(text, start):
            after = after[0].upper() + after[1:]  # digits carry no case: "5 ships" -> "Five ships"
        if trail == 0 and entry.pattern.tail.endswith(".") and after and not after.endswith(".") \
                and guards.ends_sentence(text, end):
            after += "."  # "rose 5 p.c. The bank": the form's period also ended the sentence
        if not after:  # a deleted word takes the space after it along
            end = tokens[stop].start if stop < len(tokens) else end
            before = text[start:end]
        if m.glued and trail == 0:
            after += " "
        evidence = self.decider.compiled.scorer.evidence(rule, entry.variant, self.doc.detection, delta,
                                                 left, right) if self.doc.with_evidence else ()
        return Change(start, end, before, after, rule.id, rule.file, confidence, evidence), stop

    def _look_right(self, kept, changes, made):
        """Matches the pass kept without a right neighbour, because a match started there,
        where the pass then restored that neighbour ("Home publish" -> "Home post"). A
        second pass would see the restored word ("post") and might change the kept one
        ("House post"); so decide again now with it, from right to left (a change made
        here is the restored right neighbour of the match before it). So also where a mark
        parts them, or a match that starts inside the kept one restored it: the restored
        word may undo a crossing ("legal professional-basic" -> "-general": "lawyer basic"
        is a tortured phrase, "lawyer general" none)."""
        r, text, tokens = self.decider, self.doc.text, self.doc.tokens
        by_start = {c.start: c for c in changes}
        taken = [(c.start, c.end) for c in changes]  # sorted: a kept match may reach into
        taken_starts = [c.start for c in changes]  # a later change ("a gathering")
        added: list[tuple[Change, Match]] = []
        for i in reversed(kept):
            for m in self.doc.matches[i]:
                j = m.stop
                following = by_start.get(tokens[j].start) if j < len(tokens) else None
                if following is None or overlaps(taken, taken_starts, m.start, m.end):
                    continue
                word = first_word(following.after)
                if word is None:
                    continue
                # the text checks see the changes before it, as in the pass: a keep-case
                # that the following change takes apart holds its words (held_by_keep_cases)
                # where a second pass runs the rule, and else that pass does not run it
                before = changes[:bisect.bisect_left(changes, m.start, key=lambda c: c.start)]
                change, _, last = self._try(m, right=word, done=before)
                if change is not None and r.stays_restored(following, text):
                    by_start[change.start] = change
                    k = bisect.bisect_left(taken_starts, change.start)
                    taken.insert(k, (change.start, change.end))
                    taken_starts.insert(k, change.start)
                    added.append((change, m))
                    note_restored(text, tokens, change, last, self.restored_left, self.detached)
                    break
        return _with_added(changes, made, added)

    def _names_again(self, kept, changes, made):
        """A capitalised name word ("May") kept inside running text, on a line that the
        pass's changes turn into a headline by the case test of ``guards.proper_noun``
        ("fight crew May." -> "Combat Team May."): a second pass would not take it as a
        name, so decide it now as that pass would, with the word after it as restored."""
        r, text, tokens = self.decider, self.doc.text, self.doc.tokens
        added: list[tuple[Change, Match]] = []
        taken = [(c.start, c.end) for c in changes]  # _look_right may have decided it
        taken_starts = [c.start for c in changes]
        by_start = {c.start: c for c in changes}
        for i in kept:
            for m in self.doc.matches[i]:
                word = text[m.start:m.end]  # only a capitalised word is a name
                if m.stop - m.first != 1 or self.doc.lowers[i] not in guards.NAME_WORDS \
                        or not (word[:1].isupper() and word[1:].islower()) \
                        or overlaps(taken, taken_starts, m.start, m.end):
                    continue
                line, at = around(text, changes, m.start, m.end)  # the line as restored
                if line is text or guards.proper_noun(line, at, at + m.end - m.start):
                    continue
                following = by_start.get(tokens[m.stop].start) if m.stop < len(tokens) else None
                change, _, _ = self._try(m, right=r.right_as_restored(following, text),
                                         names=False, done=changes)
                if change is not None:
                    added.append((change, m))
                    break
        return _with_added(changes, made, added)

    def _second_look(self, made, changes) -> list[Change]:
        """A rule with several originals ("throughout" -> "during" or "across") chose
        without the next word where another match started there; now that word's final
        text is known, it chooses again. Only which original is written may change, never
        whether the text changes: a second pass must keep what this pass kept."""
        r, text, tokens = self.decider, self.doc.text, self.doc.tokens
        originals = r.compiled.originals
        candidates = [k for k, m in enumerate(made)
                      if len(originals[m.entry.rule]) > 1 and not m.entry.originals]
        if not candidates:
            return changes
        at = {c.start: c for c in changes}
        out = list(changes)
        for k in candidates:
            m, change = made[k], changes[k]
            entry, j = m.entry, m.stop
            if j >= len(tokens) or not text[m.end:tokens[j].start].isspace() \
                    or guards.right_word(text, tokens, self.doc.matches, m, r.keeps_first) \
                    is not None:
                continue  # no next word to see, or the first look had it already
            rule = r.compiled.rules[entry.rule]
            left = guards.left_word(text, tokens, m, self.restored_left, self.detached)
            following = at.get(tokens[j].start)
            right = first_word(following.after) if following is not None else None
            right = right or tokens[j].text
            decision = r.decision(rule, entry, left, right, settled=True)
            again, _ = self._change(m, rule, decision, left, right)
            if again.after != change.after:
                out[k] = dataclasses.replace(again, confidence=change.confidence)
        return out


def _with_added(changes: list[Change], made: list[Match], added: list[tuple[Change, Match]]):
    """``changes`` and the matches behind them, with ``added`` (change, match) pairs merged
    in by position."""
    if not added:
        return changes, made
    pairs = sorted([*zip(changes, made), *added], key=lambda pair: pair[0].start)
    return [c for c, _ in pairs], [m for _, m in pairs]
