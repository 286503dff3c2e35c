"""What every figure shares: fonts, deterministic saving, label texts that fit.

Chinese labels use a Noto Sans CJK font (fonts-noto-cjk) as fallback after DejaVu Sans.
Output is byte-identical across runs: fixed SVG hash salt, no dates in the metadata,
fixed layouts (no random seeds). ``text_boxes`` gives every drawn label's extent, so
tests (and anyone tuning a layout) can check that no two labels overlap.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import font_manager  # noqa: E402

from govkg.core.errors import InputError  # noqa: E402

CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans CJK TC", "Noto Sans CJK JP")
TYPE_COLOURS = {
    "Work": "#4c72b0", "Actor": "#dd8452", "Principle": "#55a868", "Obligation": "#c44e52",
    "Opposition": "#8172b3", "Support": "#937860", "Commitment": "#da8bc3", "Prohibition": "#8c613c",
    "Entitlement": "#ccb974", "Provision": "#4c72b0", "Clause": "#8c8c8c",
}
LABEL_LANGS = ("en", "zh-Hans", "zh-Hant")
LINE_HEIGHT = 1.3  # of the font size, for sizing rows to their labels


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


def cols(ch: str) -> int:
    """Columns a character takes: two for a wide (Chinese) character, else one."""
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def width(text: str) -> int:
    return sum(map(cols, text))


def short(text: str, limit: int) -> str:
    """``text`` on one line, cut to ``limit`` columns with an ellipsis."""
    text = " ".join(text.split())
    if width(text) <= limit:
        return text
    used, out = 1, []  # one column for the ellipsis
    for ch in text:
        used += cols(ch)
        if used > limit:
            break
        out.append(ch)
    return "".join(out).rstrip() + "…"


_TOKENS = re.compile(r"\s+|[^\s\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]+|.")


def wrap(text: str, limit: int, max_lines: int | None = None) -> list[str]:
    """``text`` in lines of at most ``limit`` columns: Latin text breaks between words
    (a word longer than a line is split), Chinese between any two characters. With
    ``max_lines``, the last line kept ends in an ellipsis when text was left over."""
    lines, line = [], ""
    for token in _TOKENS.findall(" ".join(text.split())):
        if token.isspace():
            if line:
                line += " "
            continue
        while width(token) > limit:  # a word wider than a line gets lines of its own
            if line.strip():
                lines.append(line.rstrip())
            used, n = 0, 0
            while n < len(token) and used + cols(token[n]) <= limit:
                used, n = used + cols(token[n]), n + 1
            lines.append(token[:max(n, 1)])
            line, token = "", token[max(n, 1):]
        if width(line) + width(token) > limit:
            lines.append(line.rstrip())
            line = ""
        line += token
    if line.strip():
        lines.append(line.rstrip())
    if max_lines and len(lines) > max_lines:
        lines = lines[:max_lines - 1] + [short(lines[max_lines - 1] + " " + lines[max_lines], limit)]
        if not lines[-1].endswith("…"):
            lines[-1] = short(lines[-1] + "……", limit)
    return lines


def labels_in_langs(attrs: dict) -> list[str]:
    """The node's labels, English first then Chinese, without repeats (at most two)."""
    parts = []
    for key in ("label_en", "label_zh_Hans", "label_zh_Hant", "label"):
        text = attrs.get(key)
        if text and text not in parts and (key != "label" or not parts):
            parts.append(" ".join(text.split()))
        if len(parts) == 2:
            break
    return parts


def two_langs(attrs: dict, limit: int = 38) -> str:
    """'English / 中文' label on two lines, each part shortened to ``limit`` columns."""
    return "\n".join(short(p, limit) for p in labels_in_langs(attrs))


def one_line(attrs: dict, limit: int = 60) -> str:
    """'English · 中文' on one line, shortened to ``limit`` columns."""
    return short(" · ".join(labels_in_langs(attrs)), limit)


def wrapped_langs(attrs: dict, limit: int) -> str:
    """Every language's label in full, each wrapped to ``limit`` columns (never cut)."""
    return "\n".join(line for part in labels_in_langs(attrs) for line in wrap(part, limit))


def text_boxes(fig) -> list[tuple[str, object]]:
    """(text, window extent) of every visible, non-empty text of ``fig`` (titles, tick
    labels, annotations, legend entries), after drawing it once."""
    renderer = fig.canvas.get_renderer()
    fig.draw(renderer)
    hidden = {id(t) for ax in fig.axes if not ax.axison  # the tick labels of an axis turned off
              for axis in (ax.xaxis, ax.yaxis) for t in axis.findobj(matplotlib.text.Text)}
    out = []
    for artist in fig.findobj(matplotlib.text.Text):
        if artist.get_visible() and artist.get_text().strip() and id(artist) not in hidden:
            box = artist.get_window_extent(renderer)
            if box.width > 0 and box.height > 0:
                out.append((artist.get_text(), box))
    return out


def overlaps(boxes: list[tuple[str, object]], pad: float = 0.0) -> list[tuple[str, str]]:
    """Pairs of texts whose extents overlap by more than ``pad`` pixels each way."""
    found = []
    ordered = sorted(boxes, key=lambda tb: tb[1].x0)
    for i, (text_a, a) in enumerate(ordered):
        for text_b, b in ordered[i + 1:]:
            if b.x0 >= a.x1 - pad:
                break
            if min(a.x1, b.x1) - max(a.x0, b.x0) > pad and min(a.y1, b.y1) - max(a.y0, b.y0) > pad:
                found.append((text_a, text_b))
    return found
