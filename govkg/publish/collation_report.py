"""The collation report: dist/collation.html, one self-contained page a person reads
offline. Per work, each provision with its copies side by side (one row per clause
and language, one column per copy), variant places highlighted in every copy, and
under each clause the list of its variants: every reading, the copies carrying it,
the canonical one and the rule that chose it. Every text is HTML-escaped."""

from __future__ import annotations

from html import escape
from pathlib import Path

from govkg.structure.collate import Collation, collate_work, join

CSS = """
body{font-family:"Noto Sans","Noto Sans CJK SC",sans-serif;margin:2em;max-width:120em;color:#222}
h1{font-size:1.6em}h2{margin-top:2em;border-bottom:2px solid #446}h3{margin-top:1.4em;color:#446}
table{border-collapse:collapse;width:100%;table-layout:fixed;margin:.4em 0}
td,th{border:1px solid #bbb;padding:.35em;vertical-align:top;font-size:.9em;overflow-wrap:anywhere}
th{background:#eef}td.canon{background:#f6fff6}td.lang{width:5em;font-weight:bold}
mark{padding:0 .1em}mark.diff{background:#ffd54f}mark.canon{background:#a5d6a7}mark.same{background:#e8f5e9}
ul.var{margin:.2em 0 .8em 1.2em;font-size:.85em}.rule{color:#555}.none{color:#999}
.summary td{width:auto}
"""


def _marked(tokens: list[str], spans: list[tuple[int, int, str]], lang: str) -> str:
    """The tokens as escaped text, each (start, end, css class) span wrapped in <mark>."""
    starts = {a: (b, cls) for a, b, cls in spans}
    parts, i, n = [], 0, len(tokens)
    while i <= n:
        if i in starts:
            b, cls = starts[i]
            parts.append(f'<mark class="{cls}">{escape(join(tokens[i:b], lang)) or "∅"}</mark>')
            if b > i:
                i = b
                continue
        if i < n:
            parts.append(escape(tokens[i]))
        i += 1
    return ("" if lang.startswith("zh") else " ").join(parts)


def _clause_rows(col: Collation, n: int, order: list[str]) -> str:
    by_source = {cp.source: cp for cp in col.copies}
    cells = [f'<td class="lang">{escape(col.lang)} c{n}</td>',
             f'<td class="canon">{_marked(col.canonical, [(v.start, v.end, "canon") for v in col.variants], col.lang)}</td>']
    for sid in order:
        cp = by_source.get(sid)
        if cp is None:
            cells.append('<td class="none">—</td>')
            continue
        spans = [(a, b, "same" if join(cp.tokens[a:b], col.lang) == v.canonical.text else "diff")
                 for (a, b), v in zip(cp.spans, col.variants)]
        cells.append(f"<td>{_marked(cp.tokens, spans, col.lang)}</td>")
    row = f"<tr>{''.join(cells)}</tr>"
    if not col.variants:
        return row
    items = []
    for k, v in enumerate(col.variants, start=1):
        readings = "; ".join(
            f"{'<b>' if r.canonical else ''}“{escape(r.text) or '∅'}”{'</b>' if r.canonical else ''} "
            f"({escape(', '.join(r.sources))}{', after repair' if r.by_repair else ''})" for r in v.readings)
        items.append(f"<li>v{k}: {readings} <span class=\"rule\">— {escape(v.rule)}</span></li>")
    return row + f'<tr><td></td><td colspan="{len(order) + 1}"><ul class="var">{"".join(items)}</ul></td></tr>'


def render(result) -> str:
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           "<title>govkg collation report</title>", f"<style>{CSS}</style></head><body>",
           "<h1>Collation report</h1>",
           "<p>For every work: each provision with all its copies side by side. The green column is the "
           "canonical (agreed) text; <mark class=\"diff\">yellow</mark> marks where a copy's own reading "
           "(before OCR repairs) differs from it, <mark class=\"same\">pale green</mark> where the copy "
           "agrees at a place where others differ. Under each clause: its variants, every reading with the copies that "
           "carry it, the canonical reading in bold and the rule that chose it.</p>"]
    summary = []
    sections = []
    def n_copies(aw) -> int:
        return len({o.source for p in aw.provisions for o in p.occurrences})

    for aw in sorted(result.aligned, key=lambda a: (-n_copies(a), a.work.id)):  # collated works first
        cols = collate_work(aw)
        order = sorted({o.source for p in aw.provisions for o in p.occurrences})
        n_var = sum(len(c.variants) for c in cols.values())
        title = aw.work.titles.get("en") or next(iter(sorted(aw.work.titles.values())), aw.work.id)
        summary.append(f"<tr><td><a href=\"#{escape(aw.work.id)}\">{escape(title)}</a></td>"
                       f"<td>{len(aw.provisions)}</td><td>{len(order)}</td><td>{n_var}</td>"
                       f"<td>{len(aw.unaligned)}</td></tr>")
        sec = [f'<h2 id="{escape(aw.work.id)}">{escape(title)}</h2>',
               f"<p>work id <code>{escape(aw.work.id)}</code>; reference copy <code>{escape(aw.reference)}</code>; "
               f"{len(order)} copies; {n_var} variants.</p>"]
        head = "".join(f"<th>{escape(sid)}</th>" for sid in order)
        for prov in aw.provisions:
            label = (f"Provision {escape(prov.cite)} (position {prov.position})" if prov.cite else
                     f"Provision {prov.position}" + (f" ({escape(prov.number)})" if prov.number else ""))
            sec.append(f"<h3>{label}</h3><table><tr><th style=\"width:5em\"></th><th>canonical</th>{head}</tr>")
            for lang in sorted(prov.clauses):
                for clause in prov.clauses[lang]:
                    col = cols.get((prov.key, lang, clause.n))
                    if col is not None:
                        sec.append(_clause_rows(col, clause.n, order))
            sec.append("</table>")
        if aw.unaligned:
            sec.append("<h3>Not aligned</h3><ul>" + "".join(
                f"<li>{escape(sid)} {s.start}-{s.end}: “{escape(s.folded)}” — {escape(why)}</li>"
                for sid, s, why in aw.unaligned) + "</ul>")
        sections.append("\n".join(sec))
    out.append("<table class=\"summary\"><tr><th>work</th><th>provisions</th><th>copies</th><th>variants</th>"
               f"<th>unaligned sentences</th></tr>{''.join(summary)}</table>")
    out += sections
    out.append("</body></html>\n")
    return "\n".join(out)


def write_collation_report(stage_dir: Path, result) -> Path:
    path = Path(stage_dir) / "collation.html"
    path.write_bytes(render(result).encode("utf-8"))
    return path
