"""Aggregator page: excerpts of several works, each closed by an attribution line
("由 PUBLISHER 在 TITLE 发表, DATE", or "原则: TITLE, DATE" with "作者: ISSUER",
or "Published by PUBLISHER in TITLE, DATE"). Each excerpt is assigned to the work
its attribution names; short lines such as "相关原则" or "(preamble)" are labels."""

from __future__ import annotations

import datetime as dt
import re

from govkg.core.model import Attribution, Block, Reading, Source
from govkg.ingest.readers import layout
from govkg.ingest.readers.common import (
    detect_lang,
    ends_sentence,
    is_chinese,
    paragraphs,
    word_count,
)
from govkg.ingest.readers.plain import classify

DATE = r"(?P<date>(?:[A-Z][a-z]+\.? \d{1,2}, \d{4})|(?:\d{4}-\d{2}-\d{2})|(?:\d{4}年\d{1,2}月\d{1,2}日))"
BY_IN = re.compile(r"^由\s*(?P<issuer>.+?)\s*在\s*(?P<title>.+?)\s*发表\s*[,,]\s*" + DATE + r"\s*$", re.S)
BY_IN_EN = re.compile(r"^Published by\s+(?P<issuer>.+?)\s+in\s+(?P<title>.+?)\s*,\s*" + DATE + r"\s*$", re.S)
PRINCIPLE = re.compile(r"^(?:原则|原則|Principle|Source)\s*[::]\s*(?P<title>.+?)\s*[,,]\s*" + DATE + r"\s*$", re.S)
AUTHOR = re.compile(r"^(?:作者|Author)\s*[::]\s*(?P<issuer>.+?)\s*$", re.S)
HEADING_MAX_WORDS = 8
# An attribution line ends with its date: a cheap linear test run before the full
# patterns, whose lazy groups would otherwise backtrack for a very long time on a
# long paragraph that merely starts like one ("由 … 在 … 在 …" with no date).
ENDS_WITH_DATE = re.compile(r"[,,]\s*" + DATE + r"\s*$")
BY_IN_TAIL = re.compile(r"发表\s*[,,]\s*" + DATE + r"\s*$")


def parse_date(text: str) -> str | None:
    text = text.strip().replace(".", "")
    for fmt in ("%B %d, %Y", "%b %d, %Y", "%Y-%m-%d", "%Y年%m月%d日"):
        try:
            return dt.datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def _title_tail(text: str) -> bool:
    """Does text end with "(ASCII)" or "（ASCII）"? One backward scan."""
    if len(text) < 3 or text[-1] not in ")）":
        return False
    i = len(text) - 2
    while i >= 0 and text[i] < "\x80":
        if text[i] == "(" and i <= len(text) - 3:
            return True
        i -= 1
    return i >= 0 and text[i] == "（" and i <= len(text) - 3


def parse_title(text: str, declared: tuple[str, ...]) -> dict[str, str]:
    text = text.strip()
    # the cheap necessary condition first: the full pattern backtracks for long on long text
    m = _title_tail(text) and re.fullmatch(r"(?P<zh>.*?[^\x00-\x7f].*?)\s*[(（](?P<en>[\x00-\x7f]+)[)）]", text, re.S)
    if m:
        return {detect_lang(m.group("zh"), declared): m.group("zh").strip(), "en": m.group("en").strip()}
    return {detect_lang(text, declared): text}


def _is_label(text: str) -> bool:
    t = text.strip()
    if re.fullmatch(r"[(（\[【][^()（）]{1,40}[)）\]】]", t):
        return True
    if ends_sentence(t):
        return False
    cjk = is_chinese(t)
    return (cjk and len(t) <= 6) or (not cjk and len(t.split()) <= 3 and not re.match(r"^[·•]?\s*\d", t))


def _excerpt_blocks(blocks: list[Block], s: int, e: int) -> list[Block]:
    """An excerpt is a fragment of a work: its numbers are kept as labels (gov:number
    "2.5", no citation, positional IRIs), and lettered items stay in their paragraph,
    so that the fragment is aligned, not restructured, when the work's full text is
    added (its provisions then come from the full copy)."""
    if any(b.family and layout.family(b.family).sub for b in blocks):
        return [Block(s, e, "paragraph", blocks[0].lang, drops=tuple(d for b in blocks for d in b.drops))]
    for b in blocks:
        if b.number:
            b.number = b.number.rstrip(".").strip("()、")
            b.family = None
    return blocks


def read(raw: str, source: Source, titles: list[str]) -> Reading:
    blocks: list[Block] = []
    attributions: dict[int, Attribution] = {}
    excerpt = 0
    pending = None  # a "原则: …" line waiting for its "作者: …"
    for s, e in paragraphs(raw):
        text = raw[s:e]
        # whitespace runs folded to one space for the patterns (no long \s* backtracking)
        line = " ".join(text.split()) if ENDS_WITH_DATE.search(text) else ""
        m = (BY_IN.match(line) if BY_IN_TAIL.search(line) else None) or BY_IN_EN.match(line)
        if m:
            attributions[excerpt] = Attribution(parse_title(m.group("title"), source.languages),
                                                m.group("issuer").strip(), parse_date(m.group("date")), s, e)
            excerpt += 1
            pending = None
            continue
        m = PRINCIPLE.match(line)
        if m:
            pending = Attribution(parse_title(m.group("title"), source.languages), None, parse_date(m.group("date")), s, e)
            attributions[excerpt] = pending
            excerpt += 1
            continue
        m = AUTHOR.match(" ".join(text.split())) if pending is not None else None
        if m:
            pending.issuer = m.group("issuer").strip()
            pending.end = e
            pending = None
            continue
        pending = None
        if _is_label(text):
            blocks.append(Block(s, e, "label", detect_lang(text, source.languages), excerpt=excerpt))
            continue
        for b in _excerpt_blocks(classify(raw, s, e, source.languages, [], first=False), s, e):
            b.excerpt = excerpt
            blocks.append(b)
    # a short one-sentence paragraph right before a longer one in the same excerpt heads it
    for a, b in zip(blocks, blocks[1:]):
        if (a.kind == "paragraph" and b.kind in ("paragraph", "item") and a.excerpt == b.excerpt
                and word_count(raw[a.start:a.end]) <= HEADING_MAX_WORDS
                and word_count(raw[b.start:b.end]) > 2 * word_count(raw[a.start:a.end])):
            a.kind = "heading"
    return Reading(blocks, attributions)
