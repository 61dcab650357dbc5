"""Ways to show traces (tracer.py): a table with evidence and a word diff, JSON, JSON Lines,
and an HTML page with each page beside the original it was copied from."""

from __future__ import annotations

import html
import json

from ..batch.report import _CSS


def trace_table(traces, fmt: str) -> str:
    if fmt == "json":
        return json.dumps([t.record() for t in traces], ensure_ascii=False, indent=1) + "\n"
    if fmt == "jsonl":
        return "".join(json.dumps(t.record(), ensure_ascii=False) + "\n" for t in traces)
    out = []
    for t in traces:
        out.append(f"{t.name}: " + (f"copied from {t.best.id}" if t.found else
                                    "no strong match (best listed)"))
        out.append(f"  {'rank':>4}  {'score':>5}  {'anchors':>7}  {'similar':>7}  "
                   f"{'as is':>5}  id")
        for rank, m in enumerate(t.matches, 1):
            out.append(f"  {rank:>4}  {m.score:5.3f}  {m.anchors:7.3f}  {m.similarity:7.3f}  "
                       f"{m.similarity_spun:5.3f}  {m.id}")
        if t.best:
            for kind, values in t.best.shared.items():
                shown = ", ".join(values[:12]) + (f" and {len(values) - 12} more"
                                                  if len(values) > 12 else "")
                out.append(f"  shared {kind}: {shown}")
            for run in t.best.runs:
                out.append(f"  shared run: “{run}”")
        if t.diff:
            out.append("  diff ([-page-]{+original+}):")
            out.append("    " + wdiff(t.diff).replace("\n", "\n    "))
        out.append("")
    return "\n".join(out)


def wdiff(ops) -> str:
    """The diff as wdiff prints it: [-page words-]{+original words+}."""
    parts = []
    for tag, spun, original in ops:
        if tag == "equal":
            parts.append(spun)
            continue
        parts.append((f"[-{spun}-]" if spun else "") + (f"{{+{original}+}}" if original else ""))
    return "".join(parts)


def trace_html(traces) -> str:
    """Each page beside the part of the original it covers, its words that differ marked
    (struck out on the page's side, inserted on the original's), the evidence above.
    Everything is escaped."""
    esc = html.escape
    parts = ["<!doctype html><html lang=en><meta charset=utf-8>",
             "<title>despin trace</title>", f"<style>{_CSS}</style>", "<h1>despin trace</h1>",
             "<table class=summary><tr><th>page</th><th>best match</th><th>score</th></tr>"]
    for n, t in enumerate(traces):
        best = esc(t.best.id) if t.best else "none"
        parts.append(f"<tr><td><a href='#t{n}'>{esc(t.name)}</a></td><td>{best}"
                     f"{'' if t.found else ' <span class=muted>(weak)</span>'}</td>"
                     f"<td>{t.best.score if t.best else 0:.3f}</td></tr>")
    parts.append("</table>")
    for n, t in enumerate(traces):
        parts.append(f"<h2 id='t{n}'>{esc(t.name)}</h2>")
        if not t.best:
            parts.append("<p class=muted>the archive is empty</p>")
            continue
        parts.append(f"<p>best match <b>{esc(t.best.id)}</b>: score {t.best.score:.3f}, "
                     f"anchors {t.best.anchors:.3f}, similarity {t.best.similarity:.3f} "
                     f"(as is {t.best.similarity_spun:.3f})</p><ul>")
        for kind, values in t.best.shared.items():
            parts.append(f"<li>shared {esc(kind)}: {esc(', '.join(values))}</li>")
        for run in t.best.runs:
            parts.append(f"<li>shared run: “{esc(run)}”</li>")
        parts.append("</ul>")
        if not t.diff:
            parts.append("<p class=muted>no strong match: no diff</p>")
            continue
        left, right = [], []
        for tag, spun, original in t.diff:
            if tag == "equal":
                left.append(esc(spun))
                right.append(esc(original))
                continue
            if spun:
                left.append(f"<del>{esc(spun)}</del>")
            if original:
                right.append(f"<ins>{esc(original)}</ins>")
        parts.append(f"<div class=pair><pre>{''.join(left)}</pre>"
                     f"<pre>{''.join(right)}</pre></div>")
    parts.append("</html>\n")
    return "\n".join(parts)
