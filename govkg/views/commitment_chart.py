"""The commitment figure: who commits to what.

Left, one bar per bearer (the actor who must act), split by commitment type; right, the
same bearers joined to the principles their commitments concern, line width = number
of commitments. The TOP_BEARERS bearers with most commitments and the TOP_PRINCIPLES most
concerned principles are named; the rest are summed as "other (k actors)" / "other (k
principles)", so the figure has a bounded number of rows however large the corpus.
Counts come from SPARQL aggregates (queries/export/bearer_*.rq), not one node per
commitment. A commitment with two bearers counts for each.
"""

from __future__ import annotations

from collections import defaultdict

import matplotlib.pyplot as plt
from matplotlib.collections import LineCollection
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from govkg.views.drawing import LINE_HEIGHT, TYPE_COLOURS, one_line, wrap
from govkg.views.export import GOV, GraphData, select, value

TOP_BEARERS = 20
TOP_PRINCIPLES = 24
TYPES = ("Obligation", "Prohibition", "Entitlement", "Support", "Opposition", "Commitment")
NO_BEARER, NO_PRINCIPLE, OTHER = "(no bearer named)", "(no principle)", "(other)"
FONT = 8
BEARER_COLS = 44  # label width in columns (a Chinese character counts two)
PALETTE = plt.get_cmap("tab20").colors


def ranked(totals: dict[str, int], limit: int, keep: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """The ``limit`` keys with the highest totals (ties by key) and the others; keys in
    ``keep`` (the "none" rows) are never folded into "other" and come last."""
    names = sorted((k for k in totals if k not in keep), key=lambda k: (-totals[k], k))
    if len(names) > limit + 1:
        names, rest = names[:limit], names[limit:]
    else:
        rest = []
    return names + [k for k in keep if k in totals], rest


def aggregate(data: GraphData) -> dict:
    """Per shown bearer: counts by type and by shown principle, plus the labels."""
    by_type: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for r in select(data.store, "bearer_types"):
        t = value(r["type"])
        kind = t[len(GOV):] if t else "Commitment"
        by_type[value(r["bearer"]) or NO_BEARER][kind if kind in TYPES else "Commitment"] += int(r["n"].value)
    pairs: dict[tuple[str, str], int] = defaultdict(int)
    for r in select(data.store, "bearer_principles"):
        pairs[value(r["bearer"]) or NO_BEARER, value(r["principle"]) or NO_PRINCIPLE] += int(r["n"].value)
    bearers, rest_b = ranked({b: sum(t.values()) for b, t in by_type.items()}, TOP_BEARERS, (NO_BEARER,))
    p_total: dict[str, int] = defaultdict(int)
    for (_, p), n in pairs.items():
        p_total[p] += n
    principles, rest_p = ranked(p_total, TOP_PRINCIPLES, (NO_PRINCIPLE,))
    row = {b: b for b in bearers} | {b: OTHER for b in rest_b}
    col = {p: p for p in principles} | {p: OTHER for p in rest_p}
    types: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for b, t in by_type.items():
        for kind, n in t.items():
            types[row[b]][kind] += n
    edges: dict[tuple[str, str], int] = defaultdict(int)
    for (b, p), n in pairs.items():
        edges[row[b], col[p]] += n
    rows = bearers[:-1] + [OTHER] + bearers[-1:] if rest_b and NO_BEARER in bearers else bearers + [OTHER] * bool(rest_b)
    cols = principles[:-1] + [OTHER] + principles[-1:] if rest_p and NO_PRINCIPLE in principles else \
        principles + [OTHER] * bool(rest_p)

    def label(node: str, other: str, rest: list) -> str:
        if node == OTHER:
            return f"other ({len(rest)} {other})"
        return node if node in (NO_BEARER, NO_PRINCIPLE) else one_line(data.node_attrs(node), 200)

    return {"rows": rows, "cols": cols, "types": types, "edges": dict(edges),
            "row_labels": [label(b, "actors", rest_b) for b in rows],
            "col_labels": [label(p, "principles", rest_p) for p in cols]}


def commitment_plot(data: GraphData):
    agg = aggregate(data)
    rows, cols, types, edges = agg["rows"], agg["cols"], agg["types"], agg["edges"]
    row_labels = ["\n".join(wrap(t, BEARER_COLS, 3)) for t in agg["row_labels"]]
    totals = {c: sum(n for (_, p), n in edges.items() if p == c) for c in cols}
    col_labels = [f"{t} ({totals[c]})" for t, c in zip(agg["col_labels"], cols)]
    line_in = LINE_HEIGHT * FONT / 72
    row_h = max(t.count("\n") + 1 for t in row_labels) * line_in + 0.12 if rows else 0.3
    height = max(len(rows) * row_h, len(cols) * (line_in + 0.06), 2.0)
    fig = plt.figure(figsize=(10.5, height))
    bars = fig.add_axes((0, 0, 0.3, 1))
    net = fig.add_axes((0.33, 0, 0.4, 1))
    y_row = [(i + 0.5) / max(len(rows), 1) for i in range(len(rows))]
    y_col = [(j + 0.5) / max(len(cols), 1) for j in range(len(cols))]
    left = [0] * len(rows)
    present = [t for t in TYPES if any(types[b].get(t) for b in rows)]
    for kind in present:
        counts = [types[b].get(kind, 0) for b in rows]
        bars.barh(y_row, counts, left=left, height=0.7 / max(len(rows), 1), color=TYPE_COLOURS[kind], label=kind)
        left = [a + c for a, c in zip(left, counts)]
    for y, n in zip(y_row, left):
        bars.text(n, y, f" {n}", va="center", ha="left", fontsize=7)
    bars.set_xlim(0, max(left, default=1) * 1.18 or 1)
    bars.set_yticks(y_row, row_labels, fontsize=FONT, linespacing=1.1)
    bars.set_xlabel("commitments", fontsize=FONT)
    bars.tick_params(axis="x", labelsize=7)
    bars.spines[["top", "right"]].set_visible(False)
    bars.legend(handles=[Patch(color=TYPE_COLOURS[t], label=t) for t in present], loc="lower left",
                bbox_to_anchor=(0, 1.0), ncol=3, fontsize=7, frameon=False, title="commitment type",
                title_fontsize=7)
    top = max(edges.values(), default=1)
    colour = {b: PALETTE[i % len(PALETTE)] for i, b in enumerate(rows)}
    for b in rows:  # one collection per bearer, widths by count
        segs = [((0, y_row[rows.index(b)]), (1, y_col[cols.index(p)])) for (bb, p), n in sorted(edges.items())
                if bb == b]
        widths = [0.4 + 5.0 * n / top for (bb, _), n in sorted(edges.items()) if bb == b]
        net.add_collection(LineCollection(segs, colors=[colour[b]], linewidths=widths, alpha=0.55))
    net.scatter([0] * len(rows), y_row, s=18, color=[colour[b] for b in rows], zorder=3)
    net.scatter([1] * len(cols), y_col, s=18, color=TYPE_COLOURS["Principle"], zorder=3)
    for y, text in zip(y_col, col_labels):
        net.text(1.03, y, text, ha="left", va="center", fontsize=FONT)
    net.legend(handles=[Line2D([], [], color="#777777", lw=0.4 + 5.0 * n / top, label=str(n))
                        for n in sorted({1, max(1, top // 2), top})],
               loc="lower left", bbox_to_anchor=(0, 1.0), ncol=3, fontsize=7, frameon=False,
               title="line width: commitments of the bearer concerning the principle", title_fontsize=7)
    for ax in (bars, net):
        ax.set_ylim(1, 0)
    net.set_xlim(-0.02, 1.02)
    net.set_axis_off()
    fig.suptitle("Who commits to what: bearers by commitment type, and the principles their commitments concern",
                 fontsize=10, x=0.0, ha="left", y=1.0 + 0.75 / height)
    return fig
