"""Code, markup and addresses are not prose: no change reaches into them (literals.py)."""

import pytest

import despin
from despin.text.literals import blank, literal_spans


@pytest.mark.parametrize("literal", [
    "https://example.com/news/chilly-struggle-final-12-months",
    "www.example.org/Chilly_Struggle",
    "mentioned@example.com",
    "`despin restore --final-12-months`",
    "```\nthe Chilly Struggle\n```",
    "~~~\nthe Chilly Struggle\n~~~",
    '<p class="chilly-struggle">',
    '<a href="/White-Home">',
    "<!-- the Chilly Struggle -->",
    "<script>var final = mentioned;</script>",
    "/home/user/final/mentioned.txt",
    "debian/local/manpages/trace.1",
    "~/final/mentioned",
    "|Chilly|",
    # reStructuredText's explicit markup, on lines of its own
    "\n\n.. |Chilly| image:: https://example.com/x.svg\n   :alt: Chilly Struggle standing\n\n",
    "\n\n.. _Chilly Struggle: https://example.com/\n\n",
    "\n\n.. [1] The Chilly Struggle, final 12 months.\n\n",
])
def test_each_kind_is_one_span(literal):
    text = f"He mentioned {literal} in the Chilly Struggle."
    literal = literal.strip("\n")
    start = text.index(literal)
    assert literal_spans(text) == [(start, start + len(literal))]


@pytest.mark.parametrize("prose", [
    "He said ``hello'' and ``goodbye'' to them.",  # LaTeX quotes are not code
    "Write and/or call 24/7; it opened on 9/11.",  # one slash: not a path
    "If a < b and c > d, then the Chilly Struggle.",  # "<" with a space is not a tag
    "Mail @ChillyStruggle or #ChillyStruggle.",  # a handle is no e-mail address
])
def test_prose_has_no_span(prose):
    assert literal_spans(prose) == []


HEADERS = ("Metadata-Version: 2.4\nName: despin\nSummary: Restore the Chilly Struggle\n"
           "Classifier: Topic :: Text Processing\n"
           "Requires-Dist: dask>=2026.8; extra == \"dask\"\n"
           "Description: a field folded\n  onto the next line, final 12 months\n")


def test_a_block_of_header_fields_is_one_span():
    text = HEADERS + "\nHe mentioned the Chilly Struggle final 12 months.\n"
    assert literal_spans(text) == [(0, len(HEADERS) - 1)]  # the prose after it is read


def test_package_metadata_is_left_alone_and_not_judged_spun():
    text = HEADERS + "".join(f"Provides-Extra: extra{i}\nRequires-Dist: x{i}; extra == "
                             f"\"extra{i}\"\n" for i in range(20))
    assert not despin.detect(text).spun
    assert despin.default_restorer().with_options(assume_spun=True).restore(text) == text


@pytest.mark.parametrize("lines", [
    "Q: What mentioned he?\nA: He mentioned it.\nQ: And the Chilly Struggle?\n",
    "OBAMA: We mentioned it.\nROMNEY: We did not.\nOBAMA: The final 12 months.\n",
    "Name: x\nDate: y\n",  # two fields: too few for a block
])
def test_a_transcript_is_no_header_block(lines):
    assert literal_spans(lines) == []


def test_blank_keeps_offsets():
    text = "a `b c` d"
    assert blank(text, literal_spans(text)) == "a       d"


def test_no_change_reaches_into_a_literal_of_a_spun_document(seed_text):
    tail = ("\n\nHe mentioned it at https://example.com/he-mentioned-the-final-12-months, "
            "in `final = mentioned`, in <a href=\"/White-Home\">the White Home</a> and to "
            "mentioned@example.com; see https://x.com/an additional ship.\n")
    result = despin.explain(seed_text[:3000] + tail)
    restored_tail = result.text[result.text.index("\n\nHe "):]
    for literal in ("https://example.com/he-mentioned-the-final-12-months",
                    "`final = mentioned`", '<a href="/White-Home">', "mentioned@example.com",
                    "https://x.com/an"):  # the article too: "an" is part of the address
        assert literal in restored_tail
    assert restored_tail.startswith("\n\nHe said it at")  # the prose around them is restored
    assert "the White House</a>" in restored_tail
    assert despin.restore(result.text) == result.text


def test_the_document_test_does_not_read_code(seed_text):
    clean = ("The committee met on Tuesday and said the budget would be published next "
             "year. Members said they hoped to finish the work before the summer.\n\n")
    code = "```\n" + seed_text[:4000] + "\n```\n"
    assert despin.detect(seed_text[:4000]).spun  # the same words, as prose, are spun
    assert not despin.detect(clean + code).spun
    assert despin.restore(clean + code) == clean + code
