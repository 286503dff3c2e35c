"""The text figure: which provisions of different works are identical or related.

An arc diagram: one row per provision, grouped by work, labelled with the document's own
citation (gov:citation, else gov:number as written; "¶n" for the n-th provision of a document without
numbers) and the work's short title; an arc joins two provisions, red for identical text,
blue for related, width = score. Only the MAX_LINKS strongest pairs are drawn, so the
figure stays readable at any corpus size; every link is in graphs/text.* and the page.
Translations join the language versions of one provision and are not drawn.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.lines import Line2D
from matplotlib.patches import Arc

from govkg.views.drawing import LINE_HEIGHT, one_line, short
from govkg.views.export import GOV, GraphData, text_edges, value

MAX_LINKS = 30
TITLE_COLS = 30  # columns of a work's short title in a row label
FONT = 8
KIND_COLOURS = {GOV + "identicalTo": "#c44e52", GOV + "relatedTo": "#4c72b0"}
KIND_NAMES = {GOV + "identicalTo": "identical text", GOV + "relatedTo": "related"}


def provision_links(data: GraphData) -> dict[tuple[str, str, str], float | None]:
    """Identical and related links lifted to provisions (a clause's link counts for the
    provision it is gov:partOf): (a, b, predicate) -> the best gov:Link score of the texts
    linked, None when no gov:Link scores them. Both directions of a symmetric link come
    back. Built from the rows the graphs and the page read too (text_edges, page_clauses)."""
    provision, clause = GOV + "Provision", GOV + "Clause"
    parts: dict[str, set[str]] = {}
    for r in data.rows("page_clauses"):
        parts.setdefault(value(r["clause"]), set()).add(value(r["provision"]))

    def lift(node: str) -> set[str]:
        types = data.types.get(node, ())
        return ({node} if provision in types else set()) | (parts.get(node, set()) if clause in types else set())

    out: dict[tuple[str, str, str], float | None] = {}
    for x, p, y, score, _ in text_edges(data):
        if p not in KIND_COLOURS:
            continue
        for a in lift(x):
            for b in lift(y):
                best = out.get((a, b, p))
                out[a, b, p] = score if best is None else best if score is None else max(best, score)
    return out


def strongest_links(data: GraphData) -> tuple[list[tuple], int]:
    """The MAX_LINKS strongest provision pairs (a, b, predicate, score), a < b, identical
    text before related at equal score, and the number of pairs in all."""
    best: dict[tuple[str, str], tuple[float, str]] = {}
    for (a, b, p), score in sorted(provision_links(data).items()):
        if a == b:
            continue
        score = score if score is not None else 1.0 if p == GOV + "identicalTo" else 0.0
        key = (min(a, b), max(a, b))
        rank = (score, p == GOV + "identicalTo")
        if key not in best or rank > (best[key][0], best[key][1] == GOV + "identicalTo"):
            best[key] = (score, p)
    pairs = sorted(((a, b, p, s) for (a, b), (s, p) in best.items()),
                   key=lambda x: (-x[3], x[2] != GOV + "identicalTo", x[0], x[1]))
    return pairs[:MAX_LINKS], len(pairs)


def provision_labels(data: GraphData, nodes: set[str]) -> dict[str, tuple[tuple, str]]:
    """For each provision in ``nodes``: (sort key, "2.5 · OECD Principles on Artif…")."""
    out = {}
    for r in data.rows("page_provisions"):
        p = value(r["provision"])
        if p not in nodes or p in out:
            continue
        work = value(r["work"])
        position = int(r["position"].value) if r["position"] is not None else 0
        cited = r["citation"] or r["number"]  # how a reader cites it, else as written
        number = " ".join(cited.value.split()) if cited is not None else f"¶{position}"
        title = short(one_line(data.node_attrs(work), 400).split(" · ")[0], TITLE_COLS)
        out[p] = ((data.display(work), work, position, p), f"{number} · {title}")
    for p in nodes - set(out):  # a link to something that is not a provision of a work
        out[p] = ((data.display(p), p, 0, p), short(data.display(p), TITLE_COLS + 8))
    return out


def text_plot(data: GraphData):
    links, total = strongest_links(data)
    labels = provision_labels(data, {n for a, b, *_ in links for n in (a, b)})
    order = sorted(labels, key=lambda n: labels[n][0])
    row = {n: i for i, n in enumerate(order)}
    row_h = (LINE_HEIGHT * FONT + 5) / 72
    fig, ax = plt.subplots(figsize=(8, max(len(order) * row_h + 1.4, 2.5)))
    span = max((abs(row[a] - row[b]) for a, b, *_ in links), default=1)
    for a, b, p, score in links:
        i, j = sorted((row[a], row[b]))
        ax.add_patch(Arc((0, (i + j) / 2), width=1.8 * (j - i) / span, height=j - i, theta1=-90, theta2=90,
                         color=KIND_COLOURS[p], lw=0.6 + 3.0 * score, alpha=0.75))
    works = sorted({labels[n][0][1] for n in order})
    shade = {w: ("#4c72b0", "#dd8452", "#55a868", "#8172b3", "#937860", "#da8bc3")[k % 6] for k, w in enumerate(works)}
    ax.scatter([0] * len(order), range(len(order)), s=16, zorder=3,
               color=[shade[labels[n][0][1]] for n in order])
    for n in order:
        ax.text(-0.03, row[n], labels[n][1], ha="right", va="center", fontsize=FONT)
    if not links:
        ax.text(0.5, 0, "no identical or related texts across works in the published graph", ha="center",
                va="center", fontsize=9, color="#c44e52")
    ax.set_xlim(-0.05, 1.0)
    ax.set_ylim(max(len(order), 1) - 0.5, -0.5)
    ax.set_axis_off()
    shown = f"the {len(links)} strongest of {total} pairs" if total > len(links) else f"all {total} pairs"
    ax.set_title(f"Identical and related provisions across works ({shown})", fontsize=10, loc="left")
    handles = [Line2D([], [], color=KIND_COLOURS[p], lw=2, label=KIND_NAMES[p]) for p in KIND_COLOURS]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(0, 0), ncol=2, fontsize=7, frameon=False,
              title="arc width = score; ¶n = n-th provision of an unnumbered document", title_fontsize=7)
    return fig
