"""Long text is cut into blocks, restored a block at a time, with the result of the whole."""

import dataclasses
import random

import despin
from despin import apply
from despin.text import blocks

SENTENCE = "Kirby mentioned the train. The Chilly Struggle ended final 12 months. "


def _cuts_are_clean(parts):
    """Every block but the last ends after a sentence's mark and white space, before a
    word that is not lower case."""
    for left, right in zip(parts, parts[1:]):
        assert left.rstrip()[-1] in ".!?", repr(left[-20:])
        assert left[-1].isspace() and not right[0].isspace() and not right[0].islower()


def test_a_single_line_is_cut_at_sentence_ends_within_the_limit():
    text = SENTENCE * 300  # one line of 21,000 characters
    parts = list(blocks.split(text, 1000))
    assert "".join(parts) == text
    assert len(parts) > 20 and max(map(len, parts)) <= 1000
    _cuts_are_clean(parts)


def test_paragraph_ends_come_before_sentence_ends():
    text = (SENTENCE * 3 + "\n\n") * 60
    parts = list(blocks.split(text, 1000))
    assert "".join(parts) == text
    assert all(p.endswith("\n\n") for p in parts[:-1])


def test_without_sentences_a_cut_falls_between_words_and_a_word_longer_than_a_block_is_cut():
    text = "word " * 1000 + "x" * 2500
    parts = list(blocks.split(text, 1000))
    assert "".join(parts) == text and max(map(len, parts)) <= 1000
    words = [p for p in parts if not p.startswith("x")]
    assert all(p.endswith(" ") for p in words[:-1])  # never inside a word
    assert parts[-3:] == ["x" * 1000, "x" * 1000, "x" * 500]  # no white space at all


def test_a_cut_splits_no_code_block_and_no_quotation():
    code = "```\n" + "x = 1. Y = 2.\n\n" * 20 + "```\n\n"
    quote = "He said “" + "This is it. " * 30 + "” and left. "
    text = SENTENCE * 5 + code + SENTENCE * 5 + quote + SENTENCE * 20
    spans = [(text.index(code), text.index(code) + len(code)),
             (text.index(quote) + 8, text.index(quote) + len(quote) - 11)]
    cuts = [end for _, end in blocks.spans(text, 700)][:-1]
    assert len(cuts) > 3
    assert not [c for c in cuts for a, b in spans if a < c < b]


def test_a_stream_of_pieces_gives_the_blocks_of_the_whole_text():
    rng = random.Random(3)
    text = "".join(rng.choice([SENTENCE, "A line\n", "\n\n", "word ", "“Quoted. Speech.” "])
                   for _ in range(800))
    pieces, at = [], 0
    while at < len(text):
        n = rng.randint(1, 3000)
        pieces.append(text[at:at + n])
        at += n
    assert list(blocks.stream(pieces, 2000)) == list(blocks.split(text, 2000))



def test_restore_of_a_long_string_works_a_block_at_a_time(small_blocks, seed_text, monkeypatch):
    text = " ".join([seed_text.replace("\n", " ")] * 2)  # one line of 66,000 characters
    restorer = despin.default_restorer()
    assert restorer.restore(text) != text
    assert 0 < max(small_blocks) <= 2000
    monkeypatch.delenv(blocks.SIZE_VARIABLE)
    small_blocks.clear()
    whole = restorer.explain(text)
    assert small_blocks == [len(text)]
    monkeypatch.setenv(blocks.SIZE_VARIABLE, "2000")
    parts = restorer.explain(text)
    assert parts.text == whole.text
    assert parts.changes == whole.changes  # offsets into the input, as the whole text's
    assert apply(text, parts.changes) == parts.text
    # the same detection; a hit near a block's edge shows less of its context
    assert parts.detection == dataclasses.replace(whole.detection, hits=parts.detection.hits)
    assert [(h.start, h.end, h.rule) for h in parts.detection.hits] == \
        [(h.start, h.end, h.rule) for h in whole.detection.hits]


def test_the_document_test_of_a_long_text_is_the_whole_texts(small_blocks, seed_text):
    """A first block with a lone "mentioned" (no evidence of its own) is restored when the
    rest of the document shows the spinner's table, as it is in the whole text."""
    head = "The mayor mentioned a plan for the park. It was a quiet day. " * 40
    text = head + "\n\n" + seed_text
    restorer = despin.default_restorer()
    assert not restorer.detect(head).spun
    restored = restorer.restore(text)
    assert max(small_blocks) <= 2000
    assert restored.startswith("The mayor said a plan")
    assert restorer.detect(text).score == restorer.detector.detect(text).score
