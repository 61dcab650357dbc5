"""Spans of a text that are not prose: addresses, code, markup and header fields. No rule
changes them.

A spinner rewrites words, never a web address, an e-mail address, a code sample or an
HTML tag; yet those hold rule words ("https://…/final-12-months", ``final`` in Java,
``class="chilly-struggle"``), and changing one breaks a link or a program. So the engine
makes no change that reaches into such a span, and the document test does not read them.
With ``despin: off`` regions and a restorer's protected words they make the spans a
restore leaves alone (``blocked_spans``).

>>> text = 'See https://x.com/final-12-months or `final int n`, he mentioned.'
>>> [text[a:b] for a, b in literal_spans(text)]
['https://x.com/final-12-months', '`final int n`']
"""

from __future__ import annotations

from typing import Sequence

import regex

from .spans import merge

# One pattern per kind, each run only where its mark occurs: a pattern that begins with a
# literal is one fast pass in C, where a single alternation of all of them would try every
# branch at every character (a thousand times slower on prose). Runs are possessive (++),
# so a long unbroken string is read once.
_KINDS = [(mark, regex.compile(pattern, regex.DOTALL | regex.IGNORECASE)) for mark, pattern in (
    ("```", r"```.*?(?:```|\Z)"),  # a fenced code block (Markdown)
    ("~~~", r"~~~.*?(?:~~~|\Z)"),
    ("`", r"(?<!`)`[^`\n]{1,300}`(?!`)"),  # inline code; not LaTeX ``quotes''
    ("<", r"<(script|style)\b.*?(?:</\1\s*>|\Z)"),  # a script or style element, whole
    ("<!--", r"<!--.*?(?:-->|\Z)"),  # an HTML comment
    ("<", r"</?[A-Za-z][\w:.-]*+(?:\s[^<>]*+)?/?>"),  # an HTML or XML tag, attributes and all
    ("://", r"\b(?:https?|ftp|file)://[^\s<>\"'`]++"),  # a web address
    ("www.", r"(?<![\w.])www\.[^\s<>\"'`]++"),
    ("@", r"(?<![\w.+-])[\w.+-]++@[\w-]++(?:\.[\w-]++)+"),  # an e-mail address
    # reStructuredText's explicit markup, with its indented options: a directive or
    # substitution (".. |Coverage| image:: URL", "   :alt: Coverage status"), a link
    # target (".. _Dask: URL"), a footnote or citation (".. [1]")
    ("..", r"(?m)^\.\. (?:(?:\|[^|\n]++\|[ \t]++)?[\w-]++::|_[^\n:]++:|\[[^\]\n]++\])"
           r"[^\n]*+(?:\n[ \t]++\S[^\n]*+)*+"),
    ("|", r"(?<![\w|])\|[^\s|][^|\n]{0,60}(?<!\s)\|(?![\w|])"),  # a substitution: |Coverage|
)]
# A block of header fields, as e-mail, HTTP, WARC records and package metadata begin
# ("Content-Type: text/plain", "Requires-Dist: x; extra == \"test\"", "Classifier: Topic ::
# …"): data, not prose. Three lines or more, folded lines included, one field name at
# least hyphenated and in mixed case, which a transcript's speakers ("Q:", "OBAMA:") are not.
_HEADER_LINE = r"[A-Z][A-Za-z0-9]*+(?:-[A-Za-z0-9]++)*+:[ \t][^\n]*+(?:\n[ \t]++\S[^\n]*+)*+"
_HEADERS = regex.compile(rf"(?m)^{_HEADER_LINE}(?:\n{_HEADER_LINE}){{2,}}")
_HEADER_NAME = regex.compile(r"(?m)^[A-Z][a-z0-9]*+-[A-Za-z0-9-]*+:")
# a path: two slashes or more ("/usr/share/doc", "src/despin/x.py", "~/a/b"); found from its
# first slash, a literal, then extended left over its first part
_PATH = regex.compile(r"(?:/[\w.@%+~-]++){2,}/?")
_PATH_START = "_.~-"  # with letters and digits, what a path's first part is made of
# a region the writer asks despin to leave alone (the engine blocks it, docs/rules.md)
OFF_ON = regex.compile(r"despin:\s*off\b.*?(?:despin:\s*on\b|\Z)", regex.IGNORECASE | regex.DOTALL)


def literal_spans(text: str) -> list[tuple[int, int]]:
    """Sorted, disjoint (start, end) spans of ``text`` that are code, markup or addresses."""
    spans = [m.span() for mark, pattern in _KINDS if mark in text
             for m in pattern.finditer(text)]
    if ":\t" in text or ": " in text:
        spans += [m.span() for m in _HEADERS.finditer(text) if _HEADER_NAME.search(m.group())]
    if "/" in text:
        for m in _PATH.finditer(text):
            start = m.start()
            while start and (text[start - 1].isalnum() or text[start - 1] in _PATH_START):
                start -= 1
            spans.append((start, m.end()))
    return merge(spans) if spans else spans


def blank(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with every span turned to spaces: same length, so offsets stay put."""
    if not spans:
        return text
    parts, at = [], 0
    for a, b in spans:
        parts += (text[at:a], " " * (b - a))
        at = b
    parts.append(text[at:])
    return "".join(parts)


def blocked_spans(text: str, protect: Sequence[str]) -> list[tuple[int, int]]:
    """Spans no change may touch: code, markup and addresses (literal_spans), ``despin: off``
    … ``despin: on`` regions, and protected words and phrases (whole words, any case)."""
    spans = literal_spans(text)
    if not protect and "despin:" not in text.lower():
        return spans  # the usual case, settled without another regex
    for m in OFF_ON.finditer(text):
        spans.append((m.start(), m.end()))
    for phrase in protect:
        pattern = regex.compile(r"(?<![\p{L}\p{N}])" + regex.escape(phrase) + r"(?![\p{L}\p{N}])",
                                regex.IGNORECASE)
        spans.extend((m.start(), m.end()) for m in pattern.finditer(text))
    return merge(spans)  # disjoint, so one bisect finds the neighbours of a match
