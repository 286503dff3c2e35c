"""Layout rules (data/layout.toml) as matchers: numbering families, section
headings, lines that are not text of the work (mastheads, page furniture,
signatures), footnotes and inline headings. Pure functions of one line or one
document's lines; nothing here knows a particular document."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache

from govkg.core import paths
from govkg.core.errors import InputError

LAYOUT_FILE = paths.ROOT / "data" / "layout.toml"
BULLET = re.compile(r"[·•]\s*")


@dataclass(frozen=True)
class Family:
    name: str
    pattern: re.Pattern
    sub: bool
    strict: bool
    eid: str
    inline: bool
    cjk: bool
    rank: int


@dataclass(frozen=True)
class Number:
    family: str
    text: str  # as written
    start: int  # of the number in the line/text
    end: int
    rest: int  # where the text after the number starts
    depth: int = 0  # dotted numbers: how many dots


@dataclass(frozen=True)
class SectionRule:
    pattern: re.Pattern
    level: int


@dataclass(frozen=True)
class Layout:
    families: tuple[Family, ...]
    by_name: dict
    sections: tuple[SectionRule, ...]
    not_text: re.Pattern
    not_text_under: re.Pattern
    running_repeats: int
    footnote_marker: re.Pattern
    footnote_line: re.Pattern
    footnote_max: int
    heading_words: int
    inline_heading_words: int
    inline_separators: tuple[str, ...]
    small_words: frozenset[str]
    zh_digits: dict

    def __hash__(self) -> int:
        return id(self)


@lru_cache(maxsize=1)
def layout() -> Layout:
    try:
        data = tomllib.loads(LAYOUT_FILE.read_text(encoding="utf-8"))
        fams = []
        for f in data["number"]:
            pat = re.compile(f["pattern"])
            cjk = any("\u3400" <= c <= "\u9fff" or c in "（）" for c in f["pattern"])
            fams.append(Family(f["family"], pat, bool(f.get("sub")), bool(f.get("strict")), f.get("eid", "n"),
                               bool(f.get("inline")), cjk, int(f.get("rank", 9))))
        sections = tuple(SectionRule(re.compile(s["pattern"]), int(s.get("level", 1))) for s in data["section"])
        not_text = re.compile("|".join(f"(?:{p})" for p in data["furniture"]["not_text"]))
        notes, heads = data["footnotes"], data["headings"]
        furn = data["furniture"]
        under = re.compile("|".join(f"(?:{p})" for p in furn["not_text_under"]))
        return Layout(tuple(fams), {f.name: f for f in fams}, sections, not_text, under,
                      int(furn["running_header_repeats"]),
                      re.compile(notes["marker"]), re.compile(notes["line"]), int(notes["max"]),
                      int(heads["words"]), int(heads["inline_words"]), tuple(heads["inline_separators"]),
                      frozenset(heads["small_words"]), dict(data["numerals"]["zh_digits"]))
    except (OSError, KeyError, TypeError, ValueError, re.error) as exc:
        raise InputError(f"{LAYOUT_FILE}: cannot read the layout rules ({exc})") from None


def number_at(text: str, pos: int = 0, end: int | None = None) -> Number | None:
    """The numbering marker that opens text[pos:end] (after an optional bullet), or None.
    A Latin-script number must be followed by white space and then text; a CJK one
    may be followed by the text directly."""
    end = len(text) if end is None else end
    b = BULLET.match(text, pos, end)
    p = b.end() if b else pos
    lay = layout()
    for fam in lay.families:
        m = fam.pattern.match(text, p, end)
        if not m or m.end() == m.start():
            continue
        q = m.end()
        if fam.cjk:
            while q < end and text[q] in " \t\u3000":
                q += 1
        else:
            if q < end and not (text[q].isspace() or "\u3400" <= text[q] <= "\u9fff"):
                continue  # "1.人工智慧…" is numbered, "Article 5" alone too; "63rd", "78/265." are not
            while q < end and text[q].isspace():
                q += 1
        if q >= end:
            return Number(fam.name, m.group(0), m.start(), m.end(), end, m.group(0).rstrip(".").count("."))
        return Number(fam.name, m.group(0), m.start(), m.end(), q, m.group(0).rstrip(".").count("."))
    return None


def family(name: str) -> Family:
    return layout().by_name[name]


def section_at(line: str) -> tuple[str | None, str, int] | None:
    """(number as written, heading words, level) when the line is a section heading."""
    for rule in layout().sections:
        m = rule.pattern.fullmatch(line.strip())
        if m:
            head = (m.group("head") or "").strip()
            if head and head[-1:] in ".。;；" and len(head.split()) > layout().heading_words:
                return None  # a sentence that merely starts with "Chapter 3"
            return m.group("num"), head, rule.level
    return None


def is_not_text(line: str) -> bool:
    return bool(layout().not_text.fullmatch(" ".join(line.split())))


def is_under_not_text(line: str) -> bool:
    """Does a line under this one (no blank between) belong to its masthead entry?"""
    return bool(layout().not_text_under.fullmatch(" ".join(line.split())))


def ends_sentence(text: str) -> bool:
    t = text.rstrip().rstrip("”’\"')）」』】")
    return bool(t) and t[-1] in ".!?;。！？；…"


def words(text: str) -> int:
    return len(re.findall(r"[A-Za-z0-9]+", text)) + sum(1 for c in text if "\u3400" <= c <= "\u9fff") // 2


def heading_like(text: str) -> bool:
    """Holds no sentence: short, and no sentence-final mark."""
    t = text.strip()
    if not t or ends_sentence(t) or t.endswith((",", "，", "、")):
        return False
    if re.search(r"[。！？；][^”’」』）)]", t):  # a sentence ends inside it
        return False
    return words(t) <= layout().heading_words


def inline_heading(text: str, pos: int, end: int) -> tuple[int, int] | None:
    """(heading end, text start) when text[pos:end] opens with "Title Words: text"."""
    lay = layout()
    for sep in lay.inline_separators:
        k = text.find(sep, pos, min(end, pos + 120))
        if k <= pos:
            continue
        head = text[pos:k].strip()
        after = k + len(sep)
        while after < end and text[after].isspace():
            after += 1
        if after >= end or not head or any(c in head for c in ".;。；,，"):
            continue
        toks = head.split()
        if "\u3400" <= head[0] <= "\u9fff":
            if len(head) > (8 if sep == "。" else 12) or not all("\u3400" <= c <= "\u9fff" for c in head):
                continue
        elif sep == "。":
            continue
        elif len(toks) > lay.inline_heading_words or not all(
                t[:1].isupper() or t[:1].isdigit() or t.casefold() in lay.small_words for t in toks):
            continue
        return pos + len(text[pos:k].rstrip()), after
    return None


def footnotes(raw: str, line_spans: list[tuple[int, int]]) -> tuple[set[int], list[tuple[int, int]]]:
    """Footnote lines (indices into line_spans) and marker spans (raw offsets).

    A footnote line "N text" counts only when a marker N stands earlier in the
    document, and a marker only when its footnote line exists."""
    lay = layout()
    candidates: dict[str, list[int]] = {}
    for i, (s, e) in enumerate(line_spans):
        m = lay.footnote_line.fullmatch(raw, s, e)
        if m and 0 < int(m.group("n")) <= lay.footnote_max and number_at(raw, s, e) is None:
            candidates.setdefault(m.group("n"), []).append(i)
    if not candidates:
        return set(), []
    lines_out: set[int] = set()
    markers: list[tuple[int, int]] = []
    for i, (s, e) in enumerate(line_spans):
        if i in lines_out:
            continue
        for m in lay.footnote_marker.finditer(raw, s, e):
            n = m.group("n")
            later = [j for j in candidates.get(n, ()) if j > i]
            if not later:
                continue
            # "63rd", "G20", "2030" are not markers: the pattern needs a letter or
            # mark right before and no letter after; a year-like context is refused
            before = raw[m.start() - 1] if m.start() > s else ""
            if before.isupper() or (before in ".," and m.start() - 2 >= s and raw[m.start() - 2].isdigit()):
                continue
            markers.append(m.span("n"))
            lines_out.add(later[0])
    return lines_out, sorted(set(markers))


def cite_part(number: str, fam: str) -> str:
    """How a reader cites a number: "12." -> "12", "IV." -> "IV", "(a)" -> "a"."""
    t = number.strip()
    if fam in ("zh-paren", "arabic-paren-zh"):
        return "（" + t.strip("()（）") + "）"
    t = t.rstrip(".)．、").lstrip("(")
    return t


def join_cite(parent: str | None, own: str, sub: bool, fam: str) -> str:
    if not parent or not sub:
        return own
    if fam in ("zh-paren", "arabic-paren-zh"):
        return parent + own
    return f"{parent}({own})"


def eid_part(number: str, fam: str) -> str:
    """The IRI segment of one number: ASCII, Chinese numerals as digits."""
    lay = layout()
    t = cite_part(number, fam).strip("（）")
    t = re.sub(r"^(?:Article|Art\.)\s*", "", t)
    if any("\u3400" <= c <= "\u9fff" for c in t):
        t = t.strip("第条條")
        t = str(zh_number(t, lay.zh_digits)) if t else t
    t = re.sub(r"[^A-Za-z0-9.]+", "-", t).strip("-.").lower()
    return t or "x"


def zh_number(text: str, digits: dict) -> int:
    """十二 -> 12, 二十三 -> 23, 一百零五 -> 105."""
    total, cur = 0, 0
    for c in text:
        if c in digits:
            cur = digits[c]
        elif c == "十":
            total += (cur or 1) * 10
            cur = 0
        elif c == "百":
            total += (cur or 1) * 100
            cur = 0
        elif c == "千":
            total += (cur or 1) * 1000
            cur = 0
    return total + cur
