"""Each benchmark's own section of benchmarks/results.md, written by its ``--save``.

A section lies between ``<!-- NAME: begin -->`` and ``<!-- NAME: end -->`` and is replaced
whole, so a script's figures are never edited by hand and never mixed with another's.
"""

from __future__ import annotations

from corpora import ROOT

RESULTS = ROOT / "benchmarks" / "results.md"


def save(name: str, title: str, command: str, lines: list[str]) -> None:
    """Replace the section ``name`` (the script's file name) of results.md."""
    from despin.files import write_atomic

    begin, end = f"<!-- {name}: begin -->", f"<!-- {name}: end -->"
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.is_file() else "# Results\n"
    section = (f"{begin}\n## {title}\n\n`{command}`\n\n```\n"
               + "\n".join(lines).strip("\n") + f"\n```\n{end}")
    if begin in text and end in text:
        text = text[:text.index(begin)] + section + text[text.index(end) + len(end):]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    write_atomic(RESULTS, text)
