"""benchmarks/results.md: each script that saves its figures owns one section of it."""

from __future__ import annotations

from corpora import ROOT


def add_save_flag(parser) -> None:
    """The ``--save`` flag of a script that owns a section of benchmarks/results.md."""
    parser.add_argument("--save", action="store_true",
                        help="also write the figures into benchmarks/results.md")


def save(script: str, title: str, command: str, lines: list[str]) -> None:
    """Replace the section of ``script`` (its file name) in benchmarks/results.md with
    ``title``, the ``command`` that made the figures and their ``lines``; a script's first
    section goes at the end."""
    from despin.store.files import write_atomic

    path = ROOT / "benchmarks" / "results.md"
    begin, end = f"<!-- {script}: begin -->", f"<!-- {script}: end -->"
    text = path.read_text(encoding="utf-8") if path.is_file() else "# Results\n"
    section = (f"{begin}\n## {title}\n\n`{command}`\n\n```\n"
               + "\n".join(lines).strip("\n") + f"\n```\n{end}")
    if begin in text and end in text:
        text = text[:text.index(begin)] + section + text[text.index(end) + len(end):]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    write_atomic(path, text)
