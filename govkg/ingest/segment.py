"""Segment: split a provision's folded text into sentence-level clauses.

English splits after . ! ? ; and Chinese after 。！？； (and their ASCII forms),
never inside quotes or brackets, after an abbreviation ("e.g.", "etc."), inside a
number ("2.5"), or before a lower-case continuation. A list marker ("b)") after a
full stop starts a new clause.
"""

from __future__ import annotations

import re

from govkg.core.text import is_han

ABBREVIATIONS = {
    "e.g", "i.e", "etc", "cf", "vs", "mr", "mrs", "ms", "dr", "prof", "no", "nos", "art",
    "arts", "para", "paras", "st", "u.s", "u.k", "e.u", "u.n", "inc", "ltd", "co", "jr",
    "sr", "fig", "vol", "pp", "ed", "eds", "approx", "dept", "est", "govt", "jan", "feb",
    "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
}
CJK_END = "。！？；"
ASCII_END = ".!?;"
OPENERS = {"“": "”", "‘": "’", "(": ")", "（": "）", "「": "」", "『": "』", "《": "》", "[": "]", "【": "】"}
CLOSERS = set(OPENERS.values()) | {'"', "'"}
LOOKBACK = 64  # longer than any abbreviation
LIST_MARKER = re.compile(r"(?:\(?[a-z]{1,2}\)|\(?[ivx]+\)|\d{1,3}[.)])\s")


def _boundaries(text: str, track_quotes: bool) -> tuple[list[int], int]:
    cuts: list[int] = []
    depth = 0
    stack: list[str] = []
    n = len(text)
    i = 0
    while i < n:
        ch = text[i]
        if track_quotes:
            if ch in OPENERS and not (ch == "‘" and i and text[i - 1].isalpha()):
                stack.append(OPENERS[ch])
            elif stack and ch == stack[-1]:
                stack.pop()
        depth = len(stack)
        if depth == 0 and (ch in CJK_END or ch in ASCII_END):
            j = i + 1
            while j < n and text[j] in CJK_END + ASCII_END:
                j += 1
            while j < n and text[j] in CLOSERS:
                j += 1
            if j >= n:
                break
            if _cut_ok(text, i, j):
                cuts.append(j)
            i = j
            continue
        i += 1
    return cuts, depth


def _cut_ok(text: str, i: int, j: int) -> bool:
    ch = text[i]
    k = j
    while k < len(text) and text[k] == " ":
        k += 1
    if k >= len(text):
        return False
    nxt = text[k]
    if ch in CJK_END:
        return True
    if k == j and not is_han(nxt):
        return False  # "2.5", "etc.," — no space after the mark
    if ch == ".":
        # look back a bounded window only: copying text[:i] made long inputs quadratic
        word = re.search(r"([A-Za-z][A-Za-z.]*)$", text[max(0, i - LOOKBACK):i])
        if word:
            w = word.group(1).lower()
            if w in ABBREVIATIONS or (len(w) == 1 and text[i - 1].isupper()):
                return False
        if i and text[i - 1].isdecimal() and nxt.isdigit():
            return False
    if nxt.isupper() or nxt.isdigit() or is_han(nxt) or nxt in OPENERS or nxt in "\"'":
        return True
    return bool(LIST_MARKER.match(text, k))


def split(text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) of ``text``, trimmed of surrounding spaces."""
    cuts, depth = _boundaries(text, track_quotes=True)
    if depth:
        cuts, _ = _boundaries(text, track_quotes=False)
    spans = []
    prev = 0
    for cut in cuts + [len(text)]:
        s, e = prev, cut
        while s < e and text[s] == " ":
            s += 1
        while e > s and text[e - 1] == " ":
            e -= 1
        if e > s:
            spans.append((s, e))
        prev = cut
    return spans
