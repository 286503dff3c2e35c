"""Helpers every reader shares: paragraphs with offsets, language, markers."""

from __future__ import annotations

import re

from govkg.core.text import is_cjk, to_simplified, to_traditional  # noqa: F401  (readers' API)

TERMINAL = ".!?;:。！？；：…"
ITEM_MARKER = re.compile(r"(?:——|—|–|-|•|·|\*|●|○|■|▪)\s*")
NUMBERED = re.compile(
    r"^(?:[·•]\s*)?(?P<num>(?:\d{1,3}(?:\.\d{1,3})*\.?)|(?:第[一二三四五六七八九十百零〇]+[条條章节節部分]+)|(?:[一二三四五六七八九十]+、))\s*(?P<rest>\S.*)$",
    re.S,
)


def paragraphs(raw: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Maximal runs of non-blank lines, as trimmed (start, end) spans."""
    end = len(raw) if end is None else end
    spans = []
    pos = start
    para_start = None
    para_end = None
    while pos < end:
        nl = raw.find("\n", pos, end)
        line_end = end if nl == -1 else nl
        line = raw[pos:line_end]
        if line.strip():
            s = pos + (len(line) - len(line.lstrip()))
            e = pos + len(line.rstrip())
            if para_start is None:
                para_start = s
            para_end = e
        elif para_start is not None:
            spans.append((para_start, para_end))
            para_start = None
        pos = line_end + 1
    if para_start is not None:
        spans.append((para_start, para_end))
    return spans


def lines(raw: str, start: int, end: int) -> list[tuple[int, int]]:
    """Non-blank lines of raw[start:end], trimmed."""
    out = []
    for s, e in paragraphs(raw, start, end):
        pos = s
        for part in raw[s:e].split("\n"):
            ls = pos + (len(part) - len(part.lstrip()))
            le = pos + len(part.rstrip())
            if le > ls:
                out.append((ls, le))
            pos += len(part) + 1
    return out


def strip_span(raw: str, s: int, e: int) -> tuple[int, int]:
    while s < e and (raw[s].isspace() or raw[s] in "\ufeff\u200b"):
        s += 1
    while e > s and raw[e - 1].isspace():
        e -= 1
    return s, e


def strip_marker(raw: str, s: int, e: int) -> tuple[int, int, bool]:
    m = ITEM_MARKER.match(raw, s, e)
    if m and m.end() < e:
        return m.end(), e, True
    return s, e, False


def is_chinese(text: str) -> bool:
    cjk = sum(1 for c in text if is_cjk(c) and c.isalpha())
    latin = sum(1 for c in text if c.isascii() and c.isalpha())
    return cjk > 0 and cjk * 3 >= latin


def detect_lang(text: str, declared: tuple[str, ...]) -> str:
    """en, zh-Hans or zh-Hant: script first, then OpenCC, then the catalog's word."""
    if not is_chinese(text):
        return "en"
    zh = [lang for lang in declared if lang.startswith("zh")]
    simp = to_simplified(text) != text
    trad = to_traditional(text) != text
    if simp and not trad:
        return "zh-Hant"
    if trad and not simp:
        return "zh-Hans"
    return zh[0] if zh else "zh-Hans"


def ends_sentence(text: str) -> bool:
    t = text.rstrip().rstrip("”’\"')）」』】")
    return bool(t) and t[-1] in TERMINAL


def word_count(text: str) -> int:
    return len(re.findall(r"[A-Za-z0-9]+", text)) + sum(1 for c in text if is_cjk(c) and c.isalpha()) // 2


def is_prose(text: str, lang: str) -> bool:
    """A paragraph of running text in the expected language (not navigation)."""
    if (lang.startswith("zh")) != is_chinese(text):
        return False
    if not ends_sentence(text):
        return False
    return word_count(text) >= 6
