"""Quoted speech within a paragraph. Spinners often leave it as it was, so an original word
inside it is no evidence of a clean text (judge/scan.py), and a long text is not cut into
blocks inside it (blocks.py)."""

from __future__ import annotations

import regex

# in typographic quotes as news prints it (straight quotes delimit strings in code and data
# as often)
QUOTED = regex.compile(r"“[^”“\n]{1,3000}”")
