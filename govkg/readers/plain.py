"""Plain text: a title line, then paragraphs separated by blank lines; numbered
headings ("1. Fairness", "2.5 International co-operation", "第一条") and dash-led
items ("——", "-", "•") are recognised."""

from __future__ import annotations

import re

from ..model import Block, Reading, Source
from .common import NUMBERED, detect_lang, ends_sentence, lines, paragraphs, strip_marker, word_count

HEADING_MAX_WORDS = 12


def _key(text: str) -> str:
    return re.sub(r"\W+", "", text).casefold()


def classify(raw: str, s: int, e: int, declared: tuple[str, ...], titles: list[str], first: bool) -> list[Block]:
    """Blocks for one paragraph span."""
    text = raw[s:e]
    lang = detect_lang(text, declared)
    single_line = "\n" not in text.strip()
    if single_line and titles and _key(text) in {_key(t) for t in titles}:
        return [Block(s, e, "title", lang)]
    if first and single_line and not ends_sentence(text) and word_count(text) <= HEADING_MAX_WORDS:
        return [Block(s, e, "title", lang)]
    spans = lines(raw, s, e)
    marked = [strip_marker(raw, ls, le) for ls, le in spans]
    if len(spans) > 1 and all(m[2] for m in marked):
        return [Block(ms, me, "item", detect_lang(raw[ms:me], declared)) for ms, me, _ in marked]
    m = NUMBERED.match(text)
    if m:
        num = m.group("num").rstrip(".").strip("()、")
        rest_start = s + m.start("rest")
        if single_line and word_count(m.group("rest")) <= HEADING_MAX_WORDS and (
            not ends_sentence(m.group("rest")) or word_count(m.group("rest")) <= 6
        ):
            return [Block(rest_start, e, "heading", lang, number=num)]
        return [Block(rest_start, e, "item", lang, number=num)]
    ms, me, was_marked = strip_marker(raw, s, e)
    return [Block(ms, me, "item" if was_marked else "paragraph", lang)]


def read(raw: str, source: Source, titles: list[str]) -> Reading:
    blocks: list[Block] = []
    for i, (s, e) in enumerate(paragraphs(raw)):
        blocks.extend(classify(raw, s, e, source.languages, titles, first=(i == 0)))
    return Reading(blocks)
