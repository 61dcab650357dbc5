"""Restoring twice changes nothing (issue 20, item 11), in every `--spun` mode and at the
confidence floor 0.9; and the first pass makes no wrong change on the way."""

import pytest

import despin

_R = despin.default_restorer()
# `--spun auto|yes|no`, each at the default floor and at `--min-confidence 0.9`
MODES = {f"{name}@{floor}": _R.with_options(assume_spun=spun, min_confidence=floor)
         for name, spun in (("auto", None), ("yes", True), ("no", False)) for floor in (0.5, 0.9)}
ALL = sorted(MODES)
YES = ["yes@0.5", "yes@0.9"]


def restored_once_and_stable(mode: str, text: str) -> str:
    r = MODES[mode]
    once = r.restore(text)
    assert r.restore(once) == once, f"a second restore ({mode}) changes {once!r}"
    return once


@pytest.mark.parametrize("mode", ALL)
@pytest.mark.parametrize("text, first", [
    # the reproductions of the issue: "relapse-strategies" -> "regression-methods" is
    # restored too, so "guide vector" (kept before "relapse": "support vector relapse" is
    # another rule's phrase) is decided again with "regression" after it
    ("guide vector\nrelapse-strategies\n", "support vector\nregression-methods\n"),
    # the label test ("Officer 5") reads the line as restored: "Affairs 1000's"
    ("Branch of Veterans Issues 1000's\n", "Department of Veterans' Affairs thousands\n"),
    # a tab between words is a space to keep-cases as to phrases ("national guard" keeps
    # "guard" -> "protect" away), and so is a hyphen
    ("Nationwide\tGuard\n", "National\tGuard\n"),
    ("Nationwide-Guard", "National-Guard"),
    # "uncooked-information" -> "raw-data" would make "data Gains" (a tortured phrase for
    # "Information Gains"): a second pass gave "raw-Information Gains"
    ("uncooked-information Gains\n", "uncooked-information Gains\n"),
    # a keep-case holds its words: "thought" -> "idea" would take away what keeps
    # "earlier than" ("before idea" on a second pass)
    ("earlier than thought", "earlier than thought"),
    ("management consultants", "management consultants"),
    # a rule's output that a line break parts is no near miss of another phrase
    ("companion\nin nursing", "Associate\nin nursing"),
    # a near miss is accepted as an exact match is: a capitalised word glued to a capital
    # ("OrganizationsHypothesis") is a name
    ("Intermittent-Neural-OrganizationsHypothesis", "Intermittent-Neural-OrganizationsHypothesis"),
    # both halves of a date are judged alike, in any case ("MAY 1000's")
    ("MAY 1000's", "MAY 1000's"),
    # a phrase's own output with the word before it ("of" + "His") makes the phrase again
    ("of Of His said", "of Of His said"),
    # the keep-case "fast persistent contrastive divergence" of "fast" -> "rapid" holds
    # across the tab, as the phrase does
    ("of fast\tchronic contrastive divergence", "of fast\tPersistent contrastive divergence"),
])
def test_restoring_twice_changes_nothing(mode, text, first):
    assert restored_once_and_stable(mode, text) == first


@pytest.mark.parametrize("mode", ALL)
def test_nationwide_guard_never_becomes_protect(mode):
    once = restored_once_and_stable(mode, "Nationwide\tGuard\n")
    assert "Protect" not in once and once in ("Nationwide\tGuard\n", "National\tGuard\n")


@pytest.mark.parametrize("mode", ALL)
@pytest.mark.parametrize("text, wrong", [
    # case transfer writes "Reality" at the start of a name, which the case-exact rule
    # "Reality" -> "Truth" (Truth Social) takes on a second pass with --spun yes
    ("Actuality Star's", "Truth"),
    ("Instantly-Reply", "Today"),
    ("Aim/tech giant", "Target"),
    # "Worldwide Area Station" is "International Space Station", never "Foreign ..."
    ("Worldwide\tArea\r\nStation", "Foreign"),
    ("amnesty  worldwide", "Foreign"),
    # "random stroll" -> "random walk" would make "walk 2020" ("March 2020")
    ("random stroll 2020", "March"),
])
def test_no_first_pass_writes_what_a_second_pass_rewrites(mode, text, wrong):
    assert wrong not in restored_once_and_stable(mode, text)


@pytest.mark.parametrize("mode", ALL)
@pytest.mark.parametrize("text", [
    # found by benchmarks/idempotence.py --phrases, one per cause ("community" and "A
    # Lot's/May" broke only on the way to the fix)
    "5 p.c.U.S. study",  # "percentU.S." is "percent" to the number test too
    "said-BRAND NEW EXAMINE-Unmanned",  # a match inside a kept one restored its right word
    "legal\nprofessional-basic",  # a crossing that the restored right word undoes
    "community information-expansions heat move's.",  # a keep-case holds "data" as a neighbour
    "content-into-discourse a few\n",  # "speech" is the left word of "a few", not "-speech"
    "Place\nOf Work 5 confirmed.",  # a change joins two lines: "Office 5" is no label
    "promiscuous mode 1000's/UNCOMMON a Worldwide-Gathering-on\n",  # article: right word
    "Way-managed-order-techniques histogram\nbalance\n",  # a suggestion inside a known term
    "it is certainly one of the largest",  # crossings of --spun yes: "one of the" -> "the"
    "'s 1000's A Lot's/May a number\nof\n",  # the headline test reads the restored line
    "5 obtained an\naffordable\n\n5\tcreature  well-being-Journey tall hazard Taking "
    "Into-Consideration\n\nMay/discuss. hyperlink\nPCR TAKE A LOOK\nAT successful Rician\n"
    "blurringConscious",  # the document test reads "Conscious" after a glue point
    "global search, be onprevious-a's intermittent-brain-organisations Oversee "
    "domain-name-machine$5 Pre Prepared 1000's 5 Twenty Initial Century\n\n5 percutaneous\t"
    "coronary\tmediations nitric oxide benefactors tech-large May\n",  # a suggestion's label
])
def test_found_by_the_phrase_fuzzer(mode, text):
    restored_once_and_stable(mode, text)
