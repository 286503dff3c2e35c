"""Figures (PNG and SVG) of the published graph, in ``dist/figures/``.

- ``coverage``: heat map of works x principles (clauses of the work concerning the principle);
- ``commitments``: who commits to what: bearers x commitment types and principles
  (commitment_chart);
- ``text``: related and identical provisions across works, labelled with the documents'
  own numbers (text_chart).

Every figure aggregates or keeps the top rows, so it stays readable and fast at any
corpus size; the full projections are the GraphML/GEXF/JSON files of ``graphs/``.
Labels are wrapped, never cut, and rows are sized to them (see drawing.text_boxes).
"""

from __future__ import annotations

from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
from matplotlib.ticker import MaxNLocator

from govkg.views.commitment_chart import commitment_plot
from govkg.views.drawing import LINE_HEIGHT, rc, save, wrapped_langs
from govkg.views.export import GraphData, coverage_network
from govkg.views.text_chart import text_plot

MAX_WORKS = 40  # rows of the heat map; the other works are summed in one row
MAX_PRINCIPLES = 60
MAX_NUMBERED = 600  # cells that show their count (each is a text: a few ms to draw)
FONT = 8
CELL_W = 0.42  # inches: room for a two-line label turned upright
WORK_COLS, PRINCIPLE_COLS = 40, 34  # label widths in columns (a Chinese character counts two)


def top_with_rest(totals: dict[str, float], limit: int) -> tuple[list[str], list[str]]:
    """The ``limit`` keys with the highest totals (ties by key) and the rest; when only one
    would be left over it is kept, since an "other (1)" row saves nothing."""
    ranked = sorted(totals, key=lambda k: (-totals[k], k))
    if len(ranked) <= limit + 1:
        return ranked, []
    return ranked[:limit], ranked[limit:]


def coverage_matrix(g: nx.DiGraph):
    """(row labels, column labels, matrix, largest named cell) of the heat map: the top
    works and principles by clause count, shown in label order, "other" row and column last."""
    def nodes(role):
        return [n for n, d in g.nodes(data=True) if d.get("role") == role]

    works, principles = nodes("work"), nodes("principle")
    w_total = {w: sum(d["weight"] for *_, d in g.out_edges(w, data=True)) for w in works}
    p_total = {p: sum(d["weight"] for *_, d in g.in_edges(p, data=True)) for p in principles}
    works, rest_w = top_with_rest(w_total, MAX_WORKS)
    principles, rest_p = top_with_rest(p_total, MAX_PRINCIPLES)
    works.sort(key=lambda n: (g.nodes[n]["label"], n))
    principles.sort(key=lambda n: (g.nodes[n]["label"], n))
    row_of = {w: i for i, w in enumerate(works)} | {w: len(works) for w in rest_w}
    col_of = {p: j for j, p in enumerate(principles)} | {p: len(principles) for p in rest_p}
    matrix = np.zeros((len(works) + bool(rest_w), max(len(principles) + bool(rest_p), 1)))
    for w, p, d in g.edges(data=True):
        matrix[row_of[w], col_of[p]] += d["weight"]
    rows = [wrapped_langs(g.nodes[w], WORK_COLS) for w in works]
    rows += [f"other ({len(rest_w)} works)"] if rest_w else []
    columns = [wrapped_langs(g.nodes[p], PRINCIPLE_COLS) for p in principles]
    columns += [f"other ({len(rest_p)} principles)"] if rest_p else []
    named = matrix[:len(works), :len(principles)]  # the colour scale: "other" sums would wash it out
    return rows, columns, matrix, float(named.max()) if named.size else 0.0


def coverage_plot(g: nx.DiGraph):
    """The heat map as a matplotlib figure (cells sized to their labels)."""
    rows, columns, matrix, top = coverage_matrix(g)
    top = top or float(matrix.max()) or 1.0
    lines = max((r.count("\n") + 1 for r in rows), default=1)
    row_h = max(0.3, (lines * LINE_HEIGHT * FONT + 6) / 72)  # inches
    width, height = CELL_W * max(len(columns), 4), row_h * max(len(rows), 1)
    fig = plt.figure(figsize=(width + 1.0, height))
    ax = fig.add_axes((0, 0, width / (width + 1.0), 1))
    image = ax.imshow(matrix, cmap="Blues", aspect="auto", vmin=0, vmax=top)
    ax.set_yticks(range(len(rows)), rows, fontsize=FONT, linespacing=1.1)
    if columns:
        ax.set_xticks(range(len(columns)), columns, rotation=90, ha="center", va="top", fontsize=FONT,
                      linespacing=1.1)
    else:
        ax.set_xticks([])
        ax.text(0, (len(rows) - 1) / 2, "no clause concerns\nany principle yet", ha="center",
                va="center", fontsize=9, color="#c44e52")
    numbered = np.count_nonzero(matrix) <= MAX_NUMBERED  # beyond that the colour alone says it
    for (i, j), n in np.ndenumerate(matrix):
        if columns and n and numbered:
            ax.text(j, i, f"{n:g}", ha="center", va="center", fontsize=7,
                    color="white" if n > top / 2 else "black")
    ax.set_title("Coverage: clauses of each work concerning each principle", fontsize=10, loc="left")
    ax.set_xlabel("principle")
    cax = fig.add_axes(((width + 0.25) / (width + 1.0), 0.1, 0.12 / (width + 1.0), 0.8))
    bar = fig.colorbar(image, cax=cax, label="clauses")
    bar.locator = MaxNLocator(integer=True)
    bar.update_ticks()
    return fig


def write_figures(dist: Path, data: GraphData | None = None) -> None:
    """Render every figure of ``dist/govkg.nt`` (``data``: that graph, already loaded) into
    ``dist/figures/`` (PNG and SVG)."""
    dist = Path(dist)
    data = data if data is not None else GraphData.load(dist / "govkg.nt")
    directory = dist / "figures"
    with matplotlib.rc_context(rc()):
        save(coverage_plot(coverage_network(data)), directory, "coverage")
        save(commitment_plot(data), directory, "commitments")
        save(text_plot(data), directory, "text")
