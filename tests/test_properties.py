"""Properties on random text (hypothesis): replay, idempotence, bytes kept, offsets."""

import math
import random

import pytest
from hypothesis import example, given, settings, strategies as st
from idempotence import BEFORE, BESIDE, BETWEEN, FILLERS, INSIDE, pack_phrases

import despin
from despin import apply

_R = despin.default_restorer()
_ASSUMED = _R.with_options(assume_spun=True)
_STRICT = _R.with_options(min_confidence=0.9)
_STRICT_ASSUMED = _STRICT.with_options(assume_spun=True)
# words the rules know (spun forms and originals) mixed with plain ones, so that
# random text is full of matches, overlaps and neighbours; a fixed sample from the whole
# vocabulary (the first 400 in sorted order were all capitalised words from A to B)
_VOCABULARY = sorted({w for rule in _R.rules for form in (*rule.spun, *rule.originals)
                      for w in form.split()})
_RULE_WORDS = random.Random(0).sample(_VOCABULARY, 400)
_words = st.one_of(st.sampled_from(_RULE_WORDS),
                   st.sampled_from(["the", "a", "Kirby", "café", "😀", "U.S.", "statesHarry"]),
                   st.text(min_size=1, max_size=6))
_seps = st.sampled_from([" ", " ", " ", ", ", ".\n", "\r\n", "\t", "  ", "—", "’", "-", ""])


@st.composite
def texts(draw):
    words = draw(st.lists(_words, max_size=40))
    seps = draw(st.lists(_seps, min_size=len(words), max_size=len(words)))
    return "".join(w + s for w, s in zip(words, seps))


@settings(max_examples=300, deadline=None, derandomize=True)  # CI sees what we saw
@given(texts(), st.booleans())
@example("Bit-coin Bit-coin Bit-coin ", False)  # found by hypothesis: "coin Bit" across two words
# found by a fuzz run: a restored word that punctuation parts from the next match is no
# left neighbour ("Illness" -> "Disease"); "May 5" is a date, also when "May" could change
@example('Illness: "May\n\n', True)
@example("May\n\n5’s thousands", True)
@example("regardless of May 5 ships", True)
# ... and a right neighbour that a match starts at but keeps ("in" of "in different
# phrases" -> "in other words") is context in the first pass as in the second
@example("Change. Home in different phrases\n\na", True)
# ... and a kept match whose right neighbour the pass restored ("publish" -> "post")
@example('Home publish, ensures: "researchers debate: "circulation disaster. ', True)
# ... and a name word on a line that restoring turns into a headline ("fight crew" ->
# "Combat Team")
@example("can\n\nfight crew May.\n", True)
def test_replay_idempotence_and_offsets(text, spun):
    check_replay_idempotence_and_offsets(_ASSUMED if spun else _R, text)


@settings(max_examples=150, deadline=None, derandomize=True)
@given(texts(), st.booleans())
def test_a_confidence_floor_keeps_replay_and_idempotence(text, spun):
    check_replay_idempotence_and_offsets(_STRICT_ASSUMED if spun else _STRICT, text)


# where issue 20's fuzzer found second passes that changed the text: the rules' own
# phrases (spun forms and originals, any pack), their words parted by a tab, a hyphen, a
# line break or a run of white space, in another case, with numbers and apostrophes beside
# them (the generators of benchmarks/idempotence.py --phrases, which searches wider)
_PACKS = pack_phrases(_R)
_MODES = {f"{name}@{floor}": _R.with_options(assume_spun=spun, min_confidence=floor)
          for name, spun in (("auto", None), ("yes", True), ("no", False)) for floor in (0.5, 0.9)}


@st.composite
def pack_phrase(draw):
    words = draw(st.sampled_from(sorted(_PACKS)).flatmap(
        lambda pack: st.sampled_from(_PACKS[pack]))).split(" ")
    inside = draw(st.lists(st.sampled_from(INSIDE), min_size=len(words) - 1,
                           max_size=len(words) - 1))
    text = words[0] + "".join(sep + word for sep, word in zip(inside, words[1:]))
    text = draw(st.sampled_from([str, str.lower, str.title, str.upper]))(text)
    return draw(st.sampled_from(["", *BEFORE])) + text + draw(st.sampled_from(["", *BESIDE]))


@st.composite
def pack_texts(draw):
    pieces = draw(st.lists(st.one_of(pack_phrase(), pack_phrase(), pack_phrase(),
                                     st.sampled_from(FILLERS)), min_size=1, max_size=6))
    between = draw(st.lists(st.sampled_from(BETWEEN), min_size=len(pieces),
                            max_size=len(pieces)))
    return "".join(piece + sep for piece, sep in zip(pieces, between))


@pytest.mark.slow  # six hypothesis searches over pack phrases
@pytest.mark.parametrize("mode", sorted(_MODES))
@settings(max_examples=120, deadline=None, derandomize=True)
@given(pack_texts())
@example("guide vector\nrelapse-strategies\n")  # the reproductions of issue 20
@example("Branch of Veterans Issues 1000's\n")
@example("Nationwide\tGuard\n")
@example("uncooked-information Gains\n")
def test_pack_phrases_restore_once_in_every_mode(mode, text):
    check_replay_idempotence_and_offsets(_MODES[mode], text)


def check_replay_idempotence_and_offsets(r, text):
    result = r.explain(text)
    assert apply(text, result.changes) == result.text
    assert r.restore(result.text) == result.text
    pos = 0
    for c in result.changes:
        assert c.start >= pos and text[c.start:c.end] == c.before
        pos = c.end


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.text())
def test_every_character_outside_a_change_comes_back(text):
    result = _ASSUMED.explain(text)
    pieces, pos = [], 0
    for c in result.changes:
        pieces += [text[pos:c.start], c.after]
        pos = c.end
    pieces.append(text[pos:])
    assert "".join(pieces) == result.text
    if not result.changes:
        assert result.text == text


def test_a_suggestion_next_to_a_restored_phrase_is_made_in_the_first_pass(monkeypatch):
    """"Bernoulli-conveyance" is restored to "Bernoulli-Distribution"; the run
    "conveyance-associations" overlaps that change, but a second pass (still on: the listed
    "128-pieces" after "$" is an amount, left alone) would suggest "Distribution-associations"
    -> "Distribution networks". The first pass makes it, joined with the change it reaches
    into. Found by a fuzz run. (The suggestion's confidence is about 0.6: the levels are
    lowered, since what is tested is the joining, at any level.)"""
    from despin.unlisted import suggest

    monkeypatch.setattr(suggest, "SHOW_CONFIDENCE", 0.05)
    monkeypatch.setattr(suggest, "APPLY_CONFIDENCE", 0.05)
    r = _R.with_options(min_confidence=0.05)
    text = "Bernoulli-conveyance-associations use $128-pieces."
    result = r.explain(text)
    assert r.restore(result.text) == result.text
    (joined,) = [c for c in result.changes if c.rule == "tortured:suggested"]
    assert joined.before == "Bernoulli-conveyance-associations"
    assert any("joined with tortured:bernoulli-conveyance" in e for e in joined.evidence)
    assert apply(text, result.changes) == result.text


def test_a_kept_match_is_not_tried_again_over_a_word_another_rule_restored():
    """With a stricter decision margin the pass keeps "a gathering" at "a", restores
    "gathering" by its one-word rule, and then restores "along with": looking right again,
    the kept phrase must not restore "gathering" a second time (it once made two changes
    at one span, and apply() raised). Found by a grid over the margin."""
    # a margin of 3 log-odds is a confidence floor of sigmoid(3)
    r = _R.with_options(min_confidence=1 / (1 + math.exp(-3.0)))
    text = "Biden advised reporters throughout a gathering along with his Cupboard on inflation."
    result = r.explain(text)
    assert [c.before for c in result.changes].count("gathering") == 1
    assert apply(text, result.changes) == result.text


def test_a_phrase_that_starts_at_a_word_a_change_shares_is_restored_in_the_first_pass():
    """"within the" -> "in the" shares "the"; "the decide" -> "the judge" starts there. The
    first pass once resumed after "the", and only a second pass found "the decide". A
    one-word rule at the shared word still waits ("Nationwide Guard" -> "National Guard"
    keeps "Guard", which "guard" -> "protect" would take)."""
    text = "He appeared within the decide's chambers. The Nationwide Guard was deployed."
    once = _ASSUMED.restore(text)
    assert once == "He appeared in the judge's chambers. The National Guard was deployed."
    assert _ASSUMED.restore(once) == once
