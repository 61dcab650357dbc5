"""benchmarks/results.md: one section per script, each replaced whole by its script's
``--save``, so every figure there comes from a run of the command it names."""

from __future__ import annotations

from corpora import ROOT

RESULTS = ROOT / "benchmarks" / "results.md"


def save_section(script: str, title: str, command: str, lines: list[str]) -> None:
    """Replace the section of ``script`` (or add it at the end) with ``lines`` printed by
    ``command``."""
    from despin.files import write_atomic

    begin, end = f"<!-- {script}: begin -->", f"<!-- {script}: end -->"
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.is_file() else "# Results\n"
    section = (f"{begin}\n## {title}\n\n`{command}`\n\n```\n"
               + "\n".join(lines).strip("\n") + f"\n```\n{end}")
    if begin in text and end in text:
        text = text[:text.index(begin)] + section + text[text.index(end) + len(end):]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    write_atomic(RESULTS, text)
