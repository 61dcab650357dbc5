"""Score the candidate restorations of one match, keeping the text among them.

A candidate's score is in log-odds against keeping the spun text:

    score = logit(rule confidence) - ALTERNATIVE_PENALTY * (rank > 0)
            + CONTEXT_WEIGHT * (fit(candidate) - fit(spun text))

where ``fit`` is the bigram score of :class:`despin.judge.context.ContextModel` with the
neighbouring words. The best candidate replaces the text when its score is above the
margin, logit(min_confidence): zero by default; its confidence is ``sigmoid(score)``. Keep-cases veto a rule where they occur.
"""

from __future__ import annotations

import math
import sys
from functools import lru_cache

import regex

from ..rules.model import shared_ends
from ..text.tokens import compile_pattern, phrase_regex
from .context import ContextModel, sigmoid

CONTEXT_WEIGHT = 0.5
ALTERNATIVE_PENALTY = 1.0
PRIOR_CAP = 4.6  # logit(0.99): no rule is so sure that context cannot overrule it
DISCOUNT = 0.85  # a variant's confidence (variants.py, near misses), relative to its rule's
DEFAULT_MIN_CONFIDENCE = 0.5  # no change below it: likelier right than wrong (margin 0)


# The least score whose sigmoid is 1.0 as a float: 1 + exp(-score) rounds to 1.
CERTAIN = -math.log(sys.float_info.epsilon / 2)


def valid_floor(min_confidence) -> bool:
    """Is ``min_confidence`` a confidence floor: a number above 0 and at most 1?"""
    return not isinstance(min_confidence, bool) and isinstance(min_confidence, (int, float)) \
        and 0 < min_confidence <= 1


def margin_for(min_confidence: float) -> float:
    """The decision margin, in log-odds, that a confidence floor sets: a change's
    confidence is the sigmoid of its score. A floor of 1 keeps only changes whose
    confidence is 1 as a float (a score above CERTAIN)."""
    if min_confidence >= 1:
        return CERTAIN
    return math.log(min_confidence / (1 - min_confidence))


def _logit(p: float) -> float:
    p = min(max(p, 1e-3), 1 - 1e-3)
    return max(-PRIOR_CAP, min(PRIOR_CAP, math.log(p / (1 - p))))


class Scorer:
    def __init__(self, rules, context: ContextModel, matcher):
        self.rules = rules
        self.context = context
        self.keep = {i: tuple(k.lower() for k in r.keep) for i, r in enumerate(rules) if r.keep}
        self.keep_by_id = {r.id: self.keep[i] for i, r in enumerate(rules) if i in self.keep}
        self._keep_patterns: dict = {}  # rule id -> (reach, alternation), lazily
        # the words that start what a rule writes (its core): the thesaurus restorations
        # (after_pass._thesaurus) leave them alone, since a second pass would see them as written
        words = set()
        for rule in rules:
            for form in rule.spun:
                spun_words = compile_pattern(form).words
                for o in rule.originals:
                    out = o.split()
                    lead, _ = shared_ends(spun_words, out)
                    if out[lead:]:
                        words.add(out[lead].lower())
        self.rule_words = words

    @staticmethod
    @lru_cache(maxsize=4096)
    def _prior(confidence: float) -> float:
        return _logit(confidence)

    def vetoed(self, rule, text: str, start: int, end: int) -> bool:
        """True where one of the rule's keep-cases covers the match."""
        return bool(self.keep_spans(rule, text, start, end))

    def keep_spans(self, rule, text: str, start: int, end: int) -> list[tuple[int, int]]:
        """The spans of the rule's keep-cases that overlap ``text[start:end]``."""
        reach = self.reach(rule)
        if not reach:
            return []
        pattern = self._keep_patterns[rule.id][1]
        lo = max(0, start - reach)
        window = text[lo:end + reach]
        lower = window.lower()  # faster than IGNORECASE; a letter that lower() makes two
        window = lower if len(lower) == len(window) else window  # ("İ") keeps the case
        return [(lo + k.start(), lo + k.end()) for k in pattern.finditer(window, overlapped=True)
                if lo + k.start() < end and lo + k.end() > start]

    def reach(self, rule) -> int:
        """How far around a match ``keep_spans`` looks: 0 for a rule without keep-cases."""
        found = self._keep_patterns.get(rule.id)
        if found is None:
            phrases = self.keep_by_id.get(rule.id, ())
            if not phrases:
                return 0
            # one alternation, longest first: at a position the longest keep-case reaches
            # furthest, so it overlaps the match whenever a shorter one there would. White
            # space reads as the matcher reads it (a line may wrap inside a keep-case, a tab
            # or "\r\n" may part its words), and a hyphen as a space: a variant restores
            # "Nationwide-Guard" to "National-Guard", which "national guard" keeps. Runs of
            # white space may make one longer than it is written (16 characters of room).
            found = self._keep_patterns[rule.id] = (max(map(len, phrases)) + 16, regex.compile(
                "|".join(map(phrase_regex, sorted(phrases, key=len, reverse=True)))))
        return found[0]

    def choose(self, rule, originals, spun_words, left, right, variant, settled,
               margin: float):
        """The best original as (text, confidence, context delta), or None to keep the text.
        A generated variant of the rule's form scores at a discounted confidence.
        ``spun_words`` are the listed form's (a near miss is scored as the form it misses).
        ``settled``: keeping the text is not a candidate (the best original is returned).
        ``margin``: how far (log-odds) the best must beat keeping the text."""
        confidence = rule.confidence * DISCOUNT if variant else rule.confidence
        prior = self._prior(confidence)
        base = self.context.fit(left, spun_words, right)
        best = None
        for rank, words in enumerate(originals):
            delta = self.context.fit(left, words, right) - base
            score = prior - ALTERNATIVE_PENALTY * (rank > 0) + CONTEXT_WEIGHT * delta
            if best is None or score > best[0]:
                best = (score, " ".join(words), delta)
        score, original, delta = best
        if score <= margin and not settled:
            return None
        return original, sigmoid(score), delta

    @staticmethod
    def evidence(rule, variant, detection, delta, left, right) -> tuple[str, ...]:
        """What a choice rested on, in words, for ``explain``."""
        evidence = [f"rule confidence {rule.confidence:.2f}"]
        if variant:
            evidence.append(f"variant: {variant}, confidence x{DISCOUNT}")
        if rule.when == "spun":
            evidence.append(f"document judged spun ({detection.score:.2f})")
        else:
            evidence.append("spinner-only phrase")
        if rule.chained:
            evidence.append("chained rule: the restored text no longer looks spun")
        evidence.append(f"context {'+' if delta >= 0 else ''}{delta:.1f}"
                        + (f" ({left or ''} _ {right or ''})" if left or right else ""))
        return tuple(evidence)
