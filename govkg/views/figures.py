"""Figures (PNG and SVG) of the exported projections, in ``dist/figures/``.

- ``coverage``: heat map of works x principles (clauses of the work concerning the principle);
- ``commitments``: works and actors -> commitments -> principles;
- ``text``: provisions and clauses by work, with translation / identical / related links.

Chinese labels use a Noto Sans CJK font (fonts-noto-cjk) as fallback after DejaVu Sans.
Output is byte-identical across runs: fixed SVG hash salt, no dates in metadata,
fixed layouts (no random seeds involved).
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import networkx as nx  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib import font_manager  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from govkg.core.errors import InputError  # noqa: E402
from govkg.views.export import (  # noqa: E402
    GOV,
    GraphData,
    commitment_network,
    coverage_network,
    text_network,
)

CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans CJK TC", "Noto Sans CJK JP")
TYPE_COLOURS = {
    "Work": "#4c72b0", "Actor": "#dd8452", "Principle": "#55a868", "Obligation": "#c44e52",
    "Opposition": "#8172b3", "Support": "#937860", "Commitment": "#da8bc3", "Prohibition": "#8c613c",
    "Entitlement": "#ccb974",
    "Provision": "#4c72b0", "Clause": "#8c8c8c",
}
EDGE_COLOURS = {
    GOV + "translationOf": "#55a868", GOV + "identicalTo": "#c44e52", GOV + "relatedTo": "#4c72b0",
    GOV + "bearer": "#dd8452", GOV + "addressee": "#f0b27a", GOV + "opposedParty": "#8172b3",
    GOV + "concerns": "#55a868",
    GOV + "statedIn": "#4c72b0", GOV + "issuedBy": "#bbbbbb",
}
LANG_X = {"en": 0.25, "zh-Hans": 0.5, "zh-Hant": 0.75}


def cjk_font() -> str:
    """Name of an installed Noto Sans CJK font, or an InputError saying how to install one."""
    names = {f.name for f in font_manager.fontManager.ttflist}
    for name in CJK_FONTS:
        if name in names:
            return name
    raise InputError("no Noto Sans CJK font found for Chinese labels: install fonts-noto-cjk")


def rc() -> dict:
    return {
        "font.family": ["DejaVu Sans", cjk_font()],
        "svg.hashsalt": "govkg",
        "svg.fonttype": "path",
        "path.simplify": True,
        "axes.unicode_minus": False,
    }


def save(fig, directory: Path, name: str) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    fig.savefig(directory / f"{name}.svg", format="svg", bbox_inches="tight",
                metadata={"Date": None, "Creator": "govkg"})
    fig.savefig(directory / f"{name}.png", format="png", dpi=120, bbox_inches="tight",
                metadata={"Software": "govkg"})
    plt.close(fig)


def two_langs(attrs: dict, width: int = 38) -> str:
    """'English / 中文' label, each part shortened to ``width`` characters."""
    parts = []
    for key in ("label_en", "label_zh_Hans", "label_zh_Hant", "label"):
        text = attrs.get(key)
        if text and text not in parts and (key != "label" or not parts):
            parts.append(text)
        if len(parts) == 2:
            break
    return "\n".join(short(p, width) for p in parts)


def short(text: str, width: int) -> str:
    """``text`` on one line, cut to ``width`` columns (a Chinese character counts two)."""
    def cols(ch: str) -> int:
        return 2 if unicodedata.east_asian_width(ch) in "WF" else 1

    text = " ".join(text.split())
    if sum(map(cols, text)) <= width:
        return text
    used, out = 1, []  # one column for the ellipsis
    for ch in text:
        used += cols(ch)
        if used > width:
            break
        out.append(ch)
    return "".join(out).rstrip() + "…"


def coverage_figure(g: nx.DiGraph, directory: Path) -> None:
    works = sorted((n for n, d in g.nodes(data=True) if d.get("role") == "work"),
                   key=lambda n: (g.nodes[n]["label"], n))
    principles = sorted((n for n, d in g.nodes(data=True) if d.get("role") == "principle"),
                        key=lambda n: (g.nodes[n]["label"], n))
    matrix = np.zeros((len(works), max(len(principles), 1)))
    for i, w in enumerate(works):
        for j, p in enumerate(principles):
            if g.has_edge(w, p):
                matrix[i, j] = g.edges[w, p]["weight"]
    fig, ax = plt.subplots(figsize=(4 + 0.9 * len(principles), 1.6 + 0.75 * len(works)))
    image = ax.imshow(matrix, cmap="Blues", aspect="auto", vmin=0, vmax=max(matrix.max(), 1))
    ax.set_xticks(range(len(principles)), [two_langs(g.nodes[p], 24) for p in principles],
                  rotation=60, ha="right", rotation_mode="anchor", fontsize=8)
    ax.set_yticks(range(len(works)), [two_langs(g.nodes[w], 40) for w in works], fontsize=8)
    top = matrix.max() or 1
    for (i, j), n in np.ndenumerate(matrix):
        if principles and n:
            ax.text(j, i, f"{n:g}", ha="center", va="center", fontsize=8,
                    color="white" if n > top / 2 else "black")
    if not principles:
        ax.set_xticks([])
        ax.text(0, (len(works) - 1) / 2, "no clause concerns\nany principle yet", ha="center",
                va="center", fontsize=9, color="#c44e52")
    ax.set_title("Coverage: clauses of each work concerning each principle", fontsize=10)
    ax.set_xlabel("principle")
    bar = fig.colorbar(image, ax=ax, label="clauses", shrink=0.8)
    bar.locator = MaxNLocator(integer=True)
    bar.update_ticks()
    save(fig, directory, "coverage")


MAX_PROVISION_LABELS = 400


def _lines(ax, segments: list[tuple], lw: float, alpha: float) -> None:
    """Straight segments ((x0, y0), (x1, y1), colour) as one collection per colour: one
    artist per edge made a figure of thousands of commitments take minutes."""
    from matplotlib.collections import LineCollection

    by_colour: dict[str, list] = {}
    for a, b, colour in segments:
        by_colour.setdefault(colour, []).append((a, b))
    for colour in sorted(by_colour):
        ax.add_collection(LineCollection(by_colour[colour], colors=colour, linewidths=lw, alpha=alpha, zorder=1))


def _points(ax, points: list[tuple], zorder: int = 2) -> None:
    """Markers ((x, y), colour, size) as one scatter per colour and size."""
    groups: dict[tuple, list] = {}
    for xy, colour, size in points:
        groups.setdefault((colour, size), []).append(xy)
    for (colour, size), xys in sorted(groups.items()):
        ax.scatter([x for x, _ in xys], [y for _, y in xys], s=size, color=colour, zorder=zorder)


def commitment_figure(g: nx.MultiDiGraph, directory: Path) -> None:
    columns = {"work": 0, "actor": 0, "commitment": 1, "principle": 2}
    groups: dict[int, list] = {0: [], 1: [], 2: []}
    for n, d in g.nodes(data=True):
        groups[columns.get(d.get("role"), 1)].append(n)
    pos = {}
    for x, nodes in groups.items():
        nodes.sort(key=lambda n: (g.nodes[n].get("role") != "work", g.nodes[n]["label"], n))
        for i, n in enumerate(nodes):
            pos[n] = (x, 1 - (i + 0.5) / max(len(nodes), 1))
    height = 2 + 0.22 * max((len(v) for v in groups.values()), default=1)
    fig, ax = plt.subplots(figsize=(13, min(max(height, 5), 40)))
    _lines(ax, [(pos[u], pos[v], EDGE_COLOURS.get(d["predicate"], "#999999")) for u, v, d in g.edges(data=True)],
           lw=0.6, alpha=0.6)

    def kind(d: dict) -> str:  # actors of every kind share one colour; commitments by type
        return d.get("type") or "Commitment" if d.get("role") == "commitment" else d.get("role", "").title()

    _points(ax, [(pos[n], TYPE_COLOURS.get(kind(d), "#999999"), 18 if d.get("role") == "commitment" else 60)
                 for n, d in g.nodes(data=True)])
    for n, d in g.nodes(data=True):
        x, y = pos[n]
        if d.get("role") != "commitment":
            ax.text(x + (0.03 if x == 2 else -0.03), y, two_langs(d, 34).replace("\n", " · "),
                    ha="left" if x == 2 else "right", va="center", fontsize=7)
    types = sorted({kind(d) for _, d in g.nodes(data=True)} - {""})
    handles = [Line2D([], [], marker="o", ls="", color=TYPE_COLOURS.get(t, "#999999"), label=t)
               for t in types]
    handles += [Line2D([], [], color=EDGE_COLOURS[p], label=p.split("#")[-1])
                for p in sorted({d["predicate"] for *_, d in g.edges(data=True)}) if p in EDGE_COLOURS]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.01), ncol=6,
              fontsize=8, title="node types and links", title_fontsize=8, frameon=False)
    ax.set_xlim(-1.4, 3.4)
    ax.set_axis_off()
    ax.set_title("Commitment network: works and actors → commitments → principles", fontsize=10)
    save(fig, directory, "commitments")


def text_figure(g: nx.MultiDiGraph, directory: Path, data: GraphData) -> None:
    # every provision (the structure of each work), plus every clause that has a link
    nodes = sorted({n for e in g.edges() for n in e} | {n for n, d in g.nodes(data=True) if d.get("type") == "Provision"})
    works = sorted({g.nodes[n].get("work", "") for n in nodes}, key=lambda w: (data.display(w), w))
    provisions = {w: sorted({g.nodes[n].get("provision", n) for n in nodes if g.nodes[n].get("work", "") == w},
                            key=lambda p: (g.nodes[p].get("position", 0) if p in g else 0, p)) for w in works}
    rank = {w: {p: i for i, p in enumerate(rows)} for w, rows in provisions.items()}
    pos = {}
    for n in nodes:
        d = g.nodes[n]
        w = d.get("work", "")
        rows = provisions[w]
        row = rank[w][d.get("provision", n)]
        x = works.index(w) + LANG_X.get(d.get("language"), 0.0)
        y = 1 - (row + 0.5) / len(rows) - 0.15 * (d.get("position", 1) - 1) / max(len(rows), 1) \
            if d.get("type") == "Clause" else 1 - (row + 0.5) / len(rows)
        pos[n] = (x, y)
    fig, ax = plt.subplots(figsize=(3.2 * max(len(works), 2), 8))
    drawn: dict[tuple, tuple] = {}
    for u, v, d in g.edges(data=True):  # links come both ways: draw each pair once
        drawn.setdefault((min(u, v), max(u, v), d["predicate"]), (pos[u], pos[v], d))
    for width in sorted({0.5 + 1.5 * d.get("weight", 1.0) for _, _, d in drawn.values()}):
        _lines(ax, [(a, b, EDGE_COLOURS.get(d["predicate"], "#999")) for a, b, d in drawn.values()
                    if 0.5 + 1.5 * d.get("weight", 1.0) == width], lw=width, alpha=0.8)
    _points(ax, [(pos[n], TYPE_COLOURS.get(g.nodes[n].get("type"), "#999"), 30) for n in nodes], zorder=3)
    labelled = [n for n in nodes if g.nodes[n].get("type") == "Provision"]
    if len(labelled) <= MAX_PROVISION_LABELS:  # beyond that the labels would only blacken the page
        for n in labelled:
            ax.text(pos[n][0] - 0.04, pos[n][1], f"p{g.nodes[n].get('position', '?')}", ha="right",
                    va="center", fontsize=7)
    for i, w in enumerate(works):
        title = two_langs(data.node_attrs(w), 30)
        ax.text(i + 0.4, 1.04, title, ha="center", va="bottom", fontsize=8)
        for lang, dx in LANG_X.items():
            ax.text(i + dx, -0.03, lang, ha="center", va="top", fontsize=6, color="#555555")
    handles = [Line2D([], [], marker="o", ls="", color=TYPE_COLOURS[t], label=t) for t in ("Provision", "Clause")]
    handles += [Line2D([], [], color=EDGE_COLOURS[GOV + p], label=p)
                for p in ("translationOf", "identicalTo", "relatedTo")]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.06), ncol=5, fontsize=8,
              frameon=False, title="node types and links (width = score)", title_fontsize=8)
    if g.number_of_edges() == 0:
        ax.text(len(works) / 2, 0.5, "no translation, identical or related links in the published graph",
                ha="center", va="center", fontsize=9, color="#c44e52")
    ax.set_xlim(-0.3, max(len(works), 1))
    ax.set_ylim(-0.08, 1.12)
    ax.set_axis_off()
    ax.set_title("Text network: provisions and clauses across works and languages", fontsize=10, pad=24)
    save(fig, directory, "text")


def write_figures(dist: Path) -> None:
    """Render every figure of ``dist/govkg.nt`` into ``dist/figures/`` (PNG and SVG)."""
    dist = Path(dist)
    data = GraphData.load(dist / "govkg.nt")
    directory = dist / "figures"
    with matplotlib.rc_context(rc()):
        coverage_figure(coverage_network(data), directory)
        commitment_figure(commitment_network(data), directory)
        text_figure(text_network(data), directory, data)
