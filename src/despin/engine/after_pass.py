"""The stages after the pass, in order: suggestions for tortured phrases no list holds
(suggest.py), words no dictionary lists (unseen.py, with ``--unseen``), and "a"/"an" made
to agree with the word a change writes (articles.py). Each takes the pass's changes and
returns them with its own; none may make a change that a second restore would move.
"""

from __future__ import annotations

import bisect
import dataclasses

from ..judge.detection import Detection
from ..text import articles
from ..text.spans import overlaps
from ..text.tokens import tokenize
from ..unlisted.unseen import RULE_ID as UNSEEN_RULE, Unseen
from .changes import Change, Explanation, apply
from .passes import Document
from .views import around

SUGGESTED_FILE = "suggest.py: the word table of the listed phrases"


def finish(d, doc: Document, changes, restored, blocked,
           show_only: bool = False) -> Explanation:
    """The pass's ``changes`` (``restored``: their text, if known) with suggestions
    (only shown, with ``show_only``), thesaurus restorations and articles. ``d``: the
    Decider (decider.py): the compiled rules (suggester, thesaurus, matcher) and the
    options these stages use."""
    text, detection = doc.text, doc.detection
    if d.suggests(detection):
        suggested, shown = _with_suggestions(d, text, doc.tokens, changes, blocked, show_only)
        if suggested != changes and _wakes_a_pack(d, detection, apply(text, suggested)):
            # a suggestion took away a word that another pack's test counted against
            # spinning ("move" of "move-validation"): a second pass would run that
            # pack's rules, so the suggestions are only shown
            suggested, shown = _with_suggestions(d, text, doc.tokens, changes, blocked,
                                                 show_only=True)
        if suggested != changes:
            changes, restored = suggested, None
        if shown:
            detection = dataclasses.replace(detection, suggestions=shown)
    assume = d.options.assume_spun
    if d.options.unseen and (assume or (assume is None and doc.spun)):
        changes, restored = sorted(changes + _thesaurus(d, doc, changes, blocked),
                                   key=lambda c: c.start), None
    with_articles = _agree_articles(d, text, changes, blocked)
    if with_articles is not changes:
        changes, restored = with_articles, None
    return Explanation(apply(text, changes) if restored is None else restored, changes,
                       detection)


def _with_suggestions(d, text, tokens, changes, blocked,
                      show_only: bool = False) -> tuple[list[Change], tuple]:
    """``changes`` with the suggestions sure enough to apply, and the rest, to show
    (all of them with ``show_only``). An output a rule would rewrite is only shown. Runs
    beside the changes come first; then runs that reach into what a change wrote (a
    second pass would see them)."""
    found = d.compiled.suggester.suggest(text, tokens, [(c.start, c.end) for c in changes] + blocked)
    if show_only:
        return changes, tuple(found)
    applied, shown = [], []
    for s in found:
        if _applies(d, s):
            applied.append(Change(s.start, s.end, s.text, s.suggestion, s.rule,
                                  SUGGESTED_FILE, s.confidence, s.evidence))
        else:
            shown.append(s)
    out = sorted(changes + applied, key=lambda c: c.start)
    for _ in range(3):  # a joined suggestion may leave another run beside it (rare)
        joined = _suggested_across(d, text, out, blocked)
        if joined is None:
            break
        out = joined
    return out, tuple(shown)


def _wakes_a_pack(d, detection: Detection, restored: str) -> bool:
    """Would the document test judge ``restored`` spun by a pack that it did not judge
    the text spun by? (Only where the test decides: ``assume_spun`` is None.)"""
    if d.options.assume_spun is not None:
        return False
    after = d.compiled.detector.detect(restored)
    return any(after.spun_by(p) and not detection.spun_by(p) for p in after.packs)


def _applies(d, s) -> bool:
    return s.applicable and s.confidence >= d.options.min_confidence \
        and not d.compiled.matcher.matches_in(s.suggestion)


def _suggested_across(d, text, changes, blocked) -> list[Change] | None:
    """The changes with one more suggestion, found in the restored text over the edge
    of a change ("Bernoulli-Distribution-Associations", from "conveyance"): it and the
    changes it reaches into become one change. None where there is none."""
    restored, outputs, shift = apply(text, changes), [], 0
    if not d.suggests(d.compiled.detector.detect(restored)):
        return None  # a second pass would not look for suggestions either
    for c in changes:  # where each change's output lies in the restored text
        outputs.append((c.start + shift, c.start + shift + len(c.after), c))
        shift += len(c.after) - (c.end - c.start)

    ends = [c.end for c in changes]

    def to_restored(p: int) -> int:  # a place outside every change
        k = bisect.bisect_right(ends, p) - 1  # the last change before it
        return p if k < 0 else p - changes[k].end + outputs[k][1]

    taken = [(to_restored(a), to_restored(b)) for a, b in blocked]
    for s in d.compiled.suggester.suggest(restored, taken=taken):
        reached = [(a, b, c) for a, b, c in outputs
                   if a < s.end and s.start < b or (a == b and s.start < a < s.end)]
        if not reached or not _applies(d, s):
            continue
        run = tokenize(restored[s.start:s.end])
        term = [w.text for w in tokenize(s.suggestion)]
        if len(run) != len(term) or any(
                w.text.lower() != x.lower() and a < s.start + w.end and s.start + w.start < b
                for w, x in zip(run, term) for a, b, _ in reached):
            continue  # it would rewrite what a change wrote: the change stands
        lo, hi = min(s.start, reached[0][0]), max(s.end, reached[-1][1])
        first, last = reached[0][2], reached[-1][2]
        start = first.start if lo == reached[0][0] else first.start - (reached[0][0] - lo)
        end = last.end if hi == reached[-1][1] else last.end + (hi - reached[-1][1])
        after = restored[lo:s.start] + s.suggestion + restored[s.end:hi]
        change = Change(start, end, text[start:end], after, s.rule, SUGGESTED_FILE,
                        min([s.confidence] + [c.confidence for _, _, c in reached]),
                        s.evidence + tuple(f"joined with {c.rule}: {c.before!r} -> {c.after!r}"
                                           for _, _, c in reached))
        kept = [c for c in changes if c.end <= start or c.start >= end]
        return sorted(kept + [change], key=lambda c: c.start)
    return None


def _thesaurus(d, doc: Document, changes, blocked) -> list[Change]:
    """Thesaurus restorations (unseen.py) of words no rule touched, whose neighbours no
    rule touched either; a change that restoring again would move, or that would move a
    neighbour, is dropped, so a second pass changes nothing."""
    text, tokens, lowers, matches = doc.text, doc.tokens, doc.lowers, doc.matches
    covered = set()
    for found in matches.values():
        for m in found:
            covered.update(range(m.first, m.stop))
    token_starts = [t.start for t in tokens]
    for c in changes:  # the tokens a change overlaps, found by bisection (no quadratic scan)
        k = bisect.bisect_right(token_starts, c.start) - 1
        k = max(k, 0)
        while k < len(tokens) and tokens[k].start < c.end:
            if tokens[k].end > c.start:
                covered.add(k)
            k += 1
    starts = [a for a, _ in blocked]
    avoid = set(d.compiled.matcher.root) | d.compiled.detector.pair_words | d.compiled.scorer.rule_words

    def neighbour(k, step, words):
        j = k + step
        if not 0 <= j < len(tokens) or j in covered:
            return None
        a, b = (tokens[k], tokens[j]) if step > 0 else (tokens[j], tokens[k])
        return words.get(j, lowers[j]) if text[a.end:b.start] == " " else None

    def pick(word, left, right):  # the best synonym, if it clears the confidence floor
        best = d.compiled.unseen.best(word, left, right)
        return best if best and Unseen.confidence(best[1]) >= d.options.min_confidence else None

    chosen: dict[int, tuple[str, float]] = {}
    words: dict[int, str] = {}  # token index -> its replacement so far
    for k, word in enumerate(lowers):
        if k in covered or tokens[k].text != word or (blocked and overlaps(
                blocked, starts, tokens[k].start, tokens[k].end)):
            continue
        best = pick(word, neighbour(k, -1, words), neighbour(k, 1, words))
        if best and best[0] not in avoid:
            chosen[k] = best
            words[k] = best[0]
    while True:  # drop what a second pass would move
        words = {j: c for j, (c, _) in chosen.items()}
        unstable = [k for k in chosen for j in (k - 1, k, k + 1)
                    if 0 <= j < len(tokens) and j not in covered and (j == k or j not in chosen)
                    and pick(words.get(j, lowers[j]), neighbour(j, -1, words),
                             neighbour(j, 1, words)) is not None]
        if not unstable:
            break
        for k in unstable:
            chosen.pop(k, None)
    return [Change(tokens[k].start, tokens[k].end, tokens[k].text, cand, UNSEEN_RULE,
                   "thesaurus (WordNet 3.0)", Unseen.confidence(margin),
                   (f"no rule; WordNet synonym of {tokens[k].text!r}",
                    f"context {margin:+.1f} for {cand!r}", "document judged spun"))
            for k, (cand, margin) in sorted(chosen.items())]


def _agree_articles(d, text: str, changes: list[Change],
                    blocked: list[tuple[int, int]]) -> list[Change]:
    """Changes that take an "a"/"an" before them along where the restored word needs the
    other one (articles.py); the same list where none does. A fix that a rule would
    match ("a part of"), or an article in a blocked span (".../a"), is not made: a
    second pass must change nothing."""
    out = None
    previous_end = 0
    blocked_starts = [a for a, _ in blocked]
    for k, change in enumerate(changes):
        fix = articles.agree(text, change, previous_end)
        previous_end = change.end
        if fix is None:
            continue
        article, lo = fix
        if blocked and overlaps(blocked, blocked_starts, lo, lo + len(article)):
            continue
        after = f"{article} {change.after}"
        # the mended text with some of its neighbours, as a second pass reads them: no
        # match may reach the article, nor end just before it where that pass runs its
        # rule (the article would be its right neighbour: "UNCOMMON a" -> "an")
        line, at = around(text, changes[:k], lo, change.end)
        left = max(0, at - 40)
        window = line[left:at] + after + text[change.end:change.end + 80]
        at, stop = at - left, at - left + len(article)
        if any((m.start < stop and m.end > at) or (
                m.end < at and window[m.end:at].isspace()
                and d.runs_again(d.compiled.rules[m.entry.rule]))
               for m in d.compiled.matcher.matches_in(window)):
            continue
        out = out or list(changes)
        out[k] = dataclasses.replace(
            change, start=lo, before=text[lo:change.end], after=after,
            evidence=change.evidence + ("article made to agree with the restored word",)
            if change.evidence else ())
    return changes if out is None else out
