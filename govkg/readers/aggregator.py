"""Aggregator page: excerpts of several works, each closed by an attribution line
("由 PUBLISHER 在 TITLE 发表, DATE", or "原则: TITLE, DATE" with "作者: ISSUER",
or "Published by PUBLISHER in TITLE, DATE"). Each excerpt is assigned to the work
its attribution names; short lines such as "相关原则" or "(preamble)" are labels."""

from __future__ import annotations

import datetime as dt
import re

from ..model import Attribution, Block, Reading, Source
from .common import detect_lang, ends_sentence, is_chinese, paragraphs, word_count
from .plain import classify

DATE = r"(?P<date>(?:[A-Z][a-z]+\.? \d{1,2}, \d{4})|(?:\d{4}-\d{2}-\d{2})|(?:\d{4}年\d{1,2}月\d{1,2}日))"
BY_IN = re.compile(r"^由\s*(?P<issuer>.+?)\s*在\s*(?P<title>.+?)\s*发表\s*[,,]\s*" + DATE + r"\s*$", re.S)
BY_IN_EN = re.compile(r"^Published by\s+(?P<issuer>.+?)\s+in\s+(?P<title>.+?)\s*,\s*" + DATE + r"\s*$", re.S)
PRINCIPLE = re.compile(r"^(?:原则|原則|Principle|Source)\s*[::]\s*(?P<title>.+?)\s*[,,]\s*" + DATE + r"\s*$", re.S)
AUTHOR = re.compile(r"^(?:作者|Author)\s*[::]\s*(?P<issuer>.+?)\s*$", re.S)
HEADING_MAX_WORDS = 8


def parse_date(text: str) -> str | None:
    text = text.strip().replace(".", "")
    for fmt in ("%B %d, %Y", "%b %d, %Y", "%Y-%m-%d", "%Y年%m月%d日"):
        try:
            return dt.datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def parse_title(text: str, declared: tuple[str, ...]) -> dict[str, str]:
    text = text.strip()
    m = re.fullmatch(r"(?P<zh>.*?[^\x00-\x7f].*?)\s*[(（](?P<en>[\x00-\x7f]+)[)）]", text, re.S)
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


def read(raw: str, source: Source, titles: list[str]) -> Reading:
    blocks: list[Block] = []
    attributions: dict[int, Attribution] = {}
    excerpt = 0
    pending = None  # a "原则: …" line waiting for its "作者: …"
    for s, e in paragraphs(raw):
        text = raw[s:e]
        m = BY_IN.match(text) or BY_IN_EN.match(text)
        if m:
            attributions[excerpt] = Attribution(parse_title(m.group("title"), source.languages),
                                                m.group("issuer").strip(), parse_date(m.group("date")), s, e)
            excerpt += 1
            pending = None
            continue
        m = PRINCIPLE.match(text)
        if m:
            pending = Attribution(parse_title(m.group("title"), source.languages), None, parse_date(m.group("date")), s, e)
            attributions[excerpt] = pending
            excerpt += 1
            continue
        m = AUTHOR.match(text)
        if m and pending is not None:
            pending.issuer = m.group("issuer").strip()
            pending.end = e
            pending = None
            continue
        pending = None
        if _is_label(text):
            blocks.append(Block(s, e, "label", detect_lang(text, source.languages), excerpt=excerpt))
            continue
        for b in classify(raw, s, e, source.languages, [], first=False):
            b.excerpt = excerpt
            blocks.append(b)
    # a short one-sentence paragraph right before a longer one in the same excerpt heads it
    for a, b in zip(blocks, blocks[1:]):
        if (a.kind == "paragraph" and b.kind in ("paragraph", "item") and a.excerpt == b.excerpt
                and word_count(raw[a.start:a.end]) <= HEADING_MAX_WORDS
                and word_count(raw[b.start:b.end]) > 2 * word_count(raw[a.start:a.end])):
            a.kind = "heading"
    return Reading(blocks, attributions)
