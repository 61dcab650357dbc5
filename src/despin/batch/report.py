"""Ways to show outcomes: linter lines, JSON lines, unified diffs, tables, an HTML page."""

from __future__ import annotations

import csv
import difflib
import html
import io
import json


def change_line(path: str, c: dict) -> str:
    """``path:line:col: rule: before → after`` as linters print."""
    return f"{path}:{c['line']}:{c['column']}: {c['rule']}: {c['before']} → {c['after']}"


def change_record(path: str, c: dict) -> str:
    """One JSON line of the --report file."""
    return json.dumps({"file": path, "line": c["line"], "column": c["column"], "start": c["start"],
                       "end": c["end"], "before": c["before"], "after": c["after"],
                       "rule": c["rule"], "rule_file": c["file"], "confidence": c["confidence"],
                       "evidence": c["evidence"]}, ensure_ascii=False)


NO_NEWLINE = "\\ No newline at end of file\n"


def _lines(text: str) -> list[str]:
    """Lines as diff and patch see them: cut after each "\\n" only (str.splitlines would
    also cut at a form feed or U+2028, which patch reads as part of a line)."""
    parts = text.split("\n")
    return [p + "\n" for p in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


def unified_diff(path: str, before: str, after: str) -> str:
    """A unified diff that ``patch`` applies: a last line with no newline is followed by
    GNU diff's "\\ No newline at end of file"."""
    out = []
    for line in difflib.unified_diff(_lines(before), _lines(after),
                                     fromfile=f"a/{path}", tofile=f"b/{path}"):
        out.append(line if line.endswith("\n") else line + "\n" + NO_NEWLINE)
    return "".join(out)


DETECT_FIELDS = ("path", "score", "spun", "pack", "artifacts", "suggested", "evidence")


def detect_row(o) -> dict:
    """One screened input: its path and its detection's figures."""
    d = o.detection or {}
    return {"path": o.path, "score": d.get("score", 0.0), "spun": d.get("spun", False),
            "pack": d.get("pack"), "artifacts": d.get("artifacts", 0),
            "suggested": len(d.get("suggestions", [])),
            "density_per_1000_words": d.get("density_per_1000_words", 0.0),
            "evidence": d.get("evidence", []), "hits": d.get("hits", []),
            "suggestions": d.get("suggestions", [])}


def detect_rows(outcomes) -> list[dict]:
    """Screened files, most suspicious first (then by path)."""
    return sort_rows([detect_row(o) for o in outcomes])


def sort_rows(rows: list[dict]) -> list[dict]:
    """Most suspicious first (then by path)."""
    rows.sort(key=lambda r: (-r["score"], r["path"]))
    return rows


def detect_table(rows: list[dict], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=1) + "\n"
    if fmt == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(DETECT_FIELDS)
        for r in rows:
            w.writerow([r["path"], r["score"], r["spun"], r["pack"] or "", r["artifacts"],
                        r["suggested"], " | ".join(r["evidence"])])
        return buf.getvalue()
    lines = [f"{'score':>6}  {'spun':4}  {'pack':18}  {'artifacts':>9}  {'suggested':>9}  path"]
    for r in rows:
        lines.append(f"{r['score']:6.3f}  {'yes' if r['spun'] else 'no':4}  {r['pack'] or '-':18}  "
                     f"{r['artifacts']:9d}  {r['suggested']:9d}  {r['path']}")
    return "\n".join(lines) + "\n"


_CSS = """
body{font:15px/1.5 system-ui,sans-serif;margin:1.5rem;color:#222}
h1{font-size:1.4rem} h2{font-size:1.1rem;margin-top:2rem;border-bottom:1px solid #ccc}
table.summary td,table.summary th{padding:.2rem .8rem;text-align:left}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:1rem}
.pair pre{white-space:pre-wrap;background:#fafafa;border:1px solid #ddd;padding:.6rem;margin:0}
del{background:#fdd;text-decoration:line-through} ins{background:#dfd;text-decoration:none}
del,ins{cursor:help} .muted{color:#777}
"""


def html_page(outcomes) -> str:
    """Each file side by side with its restoration, changes highlighted, rule and
    confidence on hover; a summary at the top. Everything is escaped."""
    esc = html.escape
    done = [o for o in outcomes if not o.skipped and o.original is not None]
    skipped = [o for o in outcomes if o.skipped]
    total = sum(len(o.changes) for o in done)
    parts = ["<!doctype html><html lang=en><meta charset=utf-8>",
             "<title>despin report</title>", f"<style>{_CSS}</style>",
             "<h1>despin report</h1>",
             f"<p>{len(done)} file(s) restored, {total} change(s), {len(skipped)} skipped.</p>",
             "<table class=summary><tr><th>file</th><th>spun score</th><th>changes</th></tr>"]
    for o in done:
        score = (o.detection or {}).get("score", 0.0)
        parts.append(f"<tr><td><a href='#f{id(o)}'>{esc(o.path)}</a></td><td>{score:.3f}</td>"
                     f"<td>{len(o.changes)}</td></tr>")
    for o in skipped:
        parts.append(f"<tr><td>{esc(o.path)}</td><td colspan=2 class=muted>skipped: "
                     f"{esc(o.skipped)}</td></tr>")
    parts.append("</table>")
    for o in done:
        left, right, pos = [], [], 0
        for c in o.changes:
            tip = esc(f"{c['rule']} · confidence {c['confidence']:.2f} · " + "; ".join(c["evidence"]),
                      quote=True)
            gap = esc(o.original[pos:c["start"]])
            left += [gap, f"<del title=\"{tip}\">{esc(c['before'])}</del>"]
            right += [gap, f"<ins title=\"{tip}\">{esc(c['after'])}</ins>"]
            pos = c["end"]
        left.append(esc(o.original[pos:]))
        right.append(esc(o.original[pos:]))
        parts.append(f"<h2 id='f{id(o)}'>{esc(o.path)} <span class=muted>"
                     f"({len(o.changes)} changes)</span></h2>")
        parts.append(f"<div class=pair><pre>{''.join(left)}</pre><pre>{''.join(right)}</pre></div>")
    parts.append("</html>\n")
    return "\n".join(parts)
