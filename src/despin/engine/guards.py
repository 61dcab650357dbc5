"""Checks of the text around a match, made before any change: is the word a name or a
date ("in May", "Theresa May", "May 5"), a number the spinner did not write ("$5,000",
"No. 5", "5 percent"), half of a compound or of "X & X"; and which neighbours stay as
they are, so that they may serve as context. Pure functions of the text and the matches:
the pass (passes.py) calls them, and a second pass must decide as the first did.
"""

from __future__ import annotations

import regex

from ..compile.matcher import Match
from ..text.casing import MONTH_ABBREVIATIONS, MONTHS, opens_sentence
from ..text.tokens import HYPHENS, in_hyphenated_word, in_larger_number


# Words that are also months or names: capitalised inside a sentence, they are the name
# ("in May", "Theresa May"), whatever a rule for the common word says
NAME_WORDS = frozenset(
    "may march august june april will bill mark grant rose hope frank young cook price miles "
    "sterling pat sue jack faith grace joy dean chase lane page hunt rich bush brown green rice "
    "ford wood moore hill king little long short strong wise best day winter summer snow stone "
    "banks fields bell carter baker mason turner walker hall ward cross bishop knight pope "
    "sharp noble".split())
_SENTENCE_START = set(".!?:;\"'‘“(—–-…")


_NAME_BEFORE = regex.compile(r"(?<![\p{L}\p{N}])(\p{Lu}\p{Ll}+) $")


def opens(text: str, start: int) -> bool:
    """Does the word at ``start`` open its sentence or line?"""
    k = start
    while k > 0 and text[k - 1] in " \t":
        k -= 1
    return k == 0 or text[k - 1] in _SENTENCE_START or text[k - 1] == "\n"


def proper_noun(text: str, start: int, end: int) -> bool:
    """Is the word at ``start:end`` a capitalised word inside running text ("in May",
    "Theresa May")? At the start of a sentence, or on a headline in Title Case, a capital
    says nothing; after a capitalised word that does not open the sentence, it is a name.
    (A line that restoring turns into a headline is seen to by ``Pass._names_again``.)"""
    word = text[start:end]
    if not word[:1].isupper() or not word[1:].islower():
        return False
    if opens(text, start):
        return False
    name = _NAME_BEFORE.search(text, max(0, start - 40), start)
    if name and not opens(text, name.start(1)):
        return True  # "Theresa May": a capitalised word that no sentence starts with before it
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start:len(text) if line_end == -1 else line_end]
    words = [w for w in line.split() if w[:1].isalpha()]
    lower = sum(1 for w in words if w[:1].islower())
    return lower * 2 > len(words)  # running text, not a headline


def ends_sentence(text: str, end: int) -> bool:
    """Does a sentence end at ``end``: the text or the line ends, or a capital follows?"""
    k = end
    while k < len(text) and text[k] in " \t":
        k += 1
    return k == len(text) or text[k] in "\r\n" or (k > end and text[k].isupper())


_MONTHS = frozenset(name.lower() for name in MONTHS)
_DAY_AFTER = regex.compile(r"[ \t]+\d")


def dated(text: str, m: Match) -> bool:
    """Is a capitalised month followed by a day ("May 5")? A date, whatever "may" means
    elsewhere; and "5" after it is left alone as a day (``inside_number``)."""
    return text[m.start].isupper() and text[m.start:m.end].lower() in _MONTHS \
        and _DAY_AFTER.match(text, m.end) is not None


_COORDINATION = regex.compile(r"\s*[&/]\s*")  # not "and": "more and more" is English


def coordinates_with_itself(text: str, tokens, i: int, after: str,
                             restored_left: dict[int, str]) -> bool:
    """Would writing ``after`` for the word at token ``i`` make "X & X" or "X/X"? Nobody
    writes that ("security & safety" is the spinner's swap of "safety & security", not a
    safety to restore). The word before is taken as restored; the word after as written
    (if a match starts there, its own check sees this word restored)."""
    word = after.strip().lower()
    if not word or " " in word:
        return False
    k = i - 1
    if k >= 0 and restored_left.get(k, tokens[k].text).lower() == word \
            and _COORDINATION.fullmatch(text[tokens[k].end:tokens[i].start]):
        return True
    k = i + 1
    return k < len(tokens) and tokens[k].text.lower() == word \
        and _COORDINATION.fullmatch(text[tokens[i].end:tokens[k].start]) is not None


def part_of_word(text: str, m: Match) -> bool:
    """Is one-word match ``m`` a part of a hyphenated word ("nation" in "nation-shaping",
    "able" in "able-bodied")? A spinner swaps words: on the real pages it kept every such
    part with a one-word swap of its table (judge/scan.py), so a change there is wrong."""
    return in_hyphenated_word(text, m.start, m.end)


def cuts_compounds(text: str, tokens, m: Match) -> bool:
    """Does a phrase match both begin and end inside hyphenated words? "coin Bit" in
    "Bit-coin Bit-coin" is no spinner's phrase, and restoring it would write
    "Bit-Bit-coin-coin", in which a second pass finds "coin-Bit". One cut side is the
    spinner's own ("Chilly Struggle-era", "post-Chilly Struggle")."""
    return m.first > 0 and text[tokens[m.first - 1].end:m.start] in HYPHENS \
        and m.stop < len(tokens) and text[m.end:tokens[m.stop].start] in HYPHENS


_CURRENCY = "$£€¥"


# what a label's or a date's number follows: "No. 5", "#5", "Jan. 5", "January 5"
# (a month as dated sees one: a capital first, "May" or "MAY", then spaces on the same
# line; both halves of a date must be judged alike, or a second pass sees "MAY thousands")
_NUMBERED = regex.compile(
    r"(?:(?:\b(?i:No|Nos|Vol|Fig|Art|pp?|" + "|".join(MONTH_ABBREVIATIONS) + r")\.|#)[ \t]*"
    r"|\b(?=\p{Lu})(?i:" + "|".join(MONTHS) + r")[ \t]+)$")


# what news writes in digits whatever the number (AP style): percentages, millions, ages,
# times of day: "5 percent" (the spinner's "5 p.c."), "5 million", "5-year-old", "5 p.m."
# A word ends where a letter or digit does not follow, or at a capital after lower case:
# "5 p.c.U.S." restores to "5 percentU.S.", and a second pass must see "percent" there too
_WORD_END = r"(?-i:(?![\p{L}\p{N}])|(?<=\p{Ll})(?=\p{Lu}))"
_DIGITS_BY_STYLE = regex.compile(
    r"\s*(?:%|(?:percent|per\s+cent|million|billion|trillion|[ap]m|-year-old|-month-old"
    r"|years?\s+old|months?\s+old)" + _WORD_END + r"|p\.c\.|[ap]\.m\.)", regex.IGNORECASE)
# a capitalised word inside a sentence, then the number: "Officer 5", "under Article 5"
_LABEL = regex.compile(r"[\p{L}\p{N},;] \p{Lu}\p{Ll}+ $")


def inside_number(text: str, m: Match) -> bool:
    """Is a match that starts or ends with digits a number that is not the spinner's? "5"
    -> "five" is, but not inside a larger number or amount ("6.5 million", "$5,000", "5%"),
    nor a label's or a date's number ("No. 5", "Officer 5", "May 5"), nor what news writes
    in digits anyway ("5 percent", "5 million", "a 5-year-old", an age set off by commas:
    "the boy, 5, was hurt")."""
    start, end = m.start, m.end
    if in_larger_number(text, start, end):
        return True
    if text[start].isdigit() and start > 0:
        before = text[start - 1]
        if before in _CURRENCY or before.isalnum():
            return True
        if text[start - 2:start] == ", " and text[end:end + 1] == ",":
            return True  # an age: "the boy, 5, was hurt"
        if _NUMBERED.search(text, max(0, start - 12), start):
            return True
        label = _LABEL.search(text, max(0, start - 20), start)
        if label and not opens_sentence(text, label.start() + 2):
            return True
    if text[end - 1].isdigit() and end < len(text):
        after = text[end]
        if after == "%" or after.isalnum():
            return True
        if _DIGITS_BY_STYLE.match(text, end):
            return True
    return False


def left_word(text: str, tokens, m: Match, restored_left: dict[int, str],
               detached: set[int]) -> str | None:
    """The word before match ``m`` as restoring leaves it, if only white space separates
    (``detached``: restored words that something else follows, as in 'Disease: "May')."""
    k = m.first - 1
    left = restored_left.get(k)
    if left is not None:
        return None if k in detached else left
    if k >= 0 and tokens[k].end < m.start and text[tokens[k].end:m.start].isspace():
        return tokens[k].text
    return None


def name_word(m: Match) -> bool:
    """Is match ``m`` one word that is also a month or a name ("May", "Bill")?"""
    return m.stop - m.first == 1 and m.entry.pattern.words[0] in NAME_WORDS


def digit_edged(text: str, m: Match) -> bool:
    """Does match ``m`` start or end with a digit (a number the checks look at)?"""
    return text[m.start].isdigit() or text[m.end - 1].isdigit()


def right_word(text: str, tokens, matches, m: Match, keeps_first) -> str | None:
    """The word after match ``m``, as context, if white space separates them and it stays
    as it is (``right_stays``)."""
    j = m.stop
    if j < len(tokens) and right_stays(matches, m, keeps_first) \
            and text[m.end:tokens[j].start].isspace():
        return tokens[j].text
    return None


def right_stays(matches, m: Match, keeps_first) -> bool:
    """Does the word after match ``m`` stay as it is, in this pass and in a second one?
    Only then may it be the right context: a second pass must decide as the first did.
    Every match that starts at it must keep it as its first word (``keeps_first``: "in
    different phrases" -> "in other words"), and none that starts inside ``m`` may reach
    it (kept, ``m`` leaves its words to such a match, which could rewrite the word after
    it)."""
    j = m.stop
    if j in matches and not all(keeps_first(other) for other in matches[j]):
        return False
    return not reached_from_inside(matches, m)


def reached_from_inside(matches, m: Match) -> bool:
    """Does a match that starts inside ``m`` reach the word after it?"""
    if m.stop - m.first == 1:
        return False  # one word: nothing starts inside it
    return any(other.stop > m.stop for k in range(m.first + 1, m.stop)
               for other in matches.get(k, ()))
