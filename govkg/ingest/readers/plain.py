"""Plain text: a title line, then the body. Paragraphs are separated by blank lines,
and a numbered line opens a paragraph of its own even without a blank line before it
("1. …" / "第一条 …", one per line). The layout rules of data/layout.toml say what
a number, a section heading, a masthead or page line and a footnote look like:

* a numbered line holding a sentence is an item with that number (kept apart from
  its text, like an inline heading "1) Research Goal: …");
* a numbered or unnumbered line holding no sentence is a heading (the structure
  stage decides whether it heads a provision or a section); "Chapter I …",
  "第一章 …" are sections;
* mastheads, page furniture, signature lines and footnote texts are labels (not
  text of the work), and footnote markers inside sentences are dropped spans;
* dash-led items ("——", "-", "•") and inline sub-items (". b) …") are items."""

from __future__ import annotations

import re

from govkg.core.model import Block, Reading, Source
from govkg.ingest.readers import layout as lay
from govkg.ingest.readers.common import detect_lang, lines, strip_marker

SHORT_TITLE_WORDS = 3
TITLE_MAX_WORDS = 40
CLAUSE_END = ".;:!?,。；：！？，…"


def _key(text: str) -> str:
    return re.sub(r"\W+", "", text).casefold()


def _title_case_words(text: str) -> bool:
    toks = re.findall(r"[A-Za-z][\w'-]*", text)
    small = lay.layout().small_words
    return bool(toks) and all(t[0].isupper() or t.casefold() in small for t in toks)


def _is_heading(text: str, numbered: bool = True) -> bool:
    """Holds no sentence ("Research Issues", "Fairness.", "2.5 International co-operation").
    A lead-in that ends with a colon after a comma ("To make this happen, we would like
    to suggest the following:", "为此，我们倡议：") is a sentence, and so is an
    unnumbered colon-ended line of more than a few words."""
    t = text.strip()
    if t.endswith((":", "：")) and (any(c in t for c in ",，") or lay.words(t) > SHORT_TITLE_WORDS):
        return False
    if lay.heading_like(t):
        return numbered or _title_case_words(t) or not any(c in t for c in ",，")
    return t.endswith(".") and lay.words(t) <= SHORT_TITLE_WORDS and _title_case_words(t)


def _folded(raw: str, s: int, e: int) -> str:
    return " ".join(raw[s:e].split())


def _inline_items(raw: str, s: int, e: int) -> list[int]:
    """Starts of inline sub-items (". b) Governments …") in raw[s:e], in sequence from
    the first letter; [] when there is no such run."""
    starts: list[int] = []
    expect = None
    for m in re.finditer(r"(?<=[.;:])\s+(\(?)([a-z])\)\s+(?=\S)", raw[s:e]):
        letter = m.group(2)
        if expect is None:
            # the first inline item follows one at the paragraph's start
            head = lay.number_at(raw, s, e)
            if head is None or not lay.family(head.family).inline:
                return []
            first = head.text.strip("()")
            if len(first) != 1:
                return []
            expect = chr(ord(first) + 1)
        if letter != expect:
            break
        starts.append(s + m.start(1))
        expect = chr(ord(letter) + 1)
    return starts


def _drops(markers: list[tuple[int, int]], s: int, e: int) -> tuple[tuple[int, int], ...]:
    return tuple((a, b) for a, b in markers if s <= a and b <= e)


def _numbered(raw: str, s: int, e: int, lang: str, num, markers) -> Block:
    rest = num.rest
    single = "\n" not in raw[s:e]
    common = dict(number=num.text, family=num.family, depth=num.depth)
    if rest >= e:
        return Block(num.start, num.end, "heading", lang, bare=True, **common)
    if single and _is_heading(raw[rest:e]):
        return Block(rest, e, "heading", lang, **common)
    ih = lay.inline_heading(raw, rest, e)
    if ih:
        he, ts = ih
        return Block(ts, e, "item", lang, heading=_folded(raw, rest, he), heading_start=rest, heading_end=he,
                     drops=_drops(markers, ts, e), **common)
    return Block(rest, e, "item", lang, drops=_drops(markers, rest, e), **common)


def classify(raw: str, s: int, e: int, declared: tuple[str, ...], titles: list[str], first: bool,
             markers: list[tuple[int, int]] = ()) -> list[Block]:
    """Blocks for one paragraph span."""
    text = raw[s:e]
    lang = detect_lang(text, declared)
    single_line = "\n" not in text.strip()
    if single_line and titles and _key(text) in {_key(t) for t in titles}:
        return [Block(s, e, "title", lang)]
    if first and single_line and not lay.ends_sentence(text) and lay.words(text) <= TITLE_MAX_WORDS \
            and lay.number_at(raw, s, e) is None:
        return [Block(s, e, "title", lang)]
    if single_line:
        sec = lay.section_at(text)
        if sec:
            num, head, level = sec
            hs = e - len(head) if head else e
            return [Block(s, e, "section", lang, number=num, heading=head or None, heading_start=hs,
                          heading_end=e, level=level)]
    spans = lines(raw, s, e)
    marked = [strip_marker(raw, ls, le) for ls, le in spans]
    if len(spans) > 1 and all(m[2] for m in marked):
        return [Block(ms, me, "item", detect_lang(raw[ms:me], declared), drops=_drops(markers, ms, me))
                for ms, me, _ in marked]
    num = lay.number_at(raw, s, e)
    if num:
        block = _numbered(raw, s, e, lang, num, markers)
    else:
        ms, me, was_marked = strip_marker(raw, s, e)
        if single_line and not was_marked and _is_heading(text, numbered=False):
            return [Block(s, e, "heading", lang)]
        block = Block(ms, me, "item" if was_marked else "paragraph", lang, drops=_drops(markers, ms, me))
    if block.kind != "item" or not block.family:
        return [block]
    cuts = _inline_items(raw, s, e)
    if not cuts:
        return [block]
    out = [Block(block.start, _rstrip(raw, block.start, cuts[0]), block.kind, lang, number=block.number,
                 family=block.family, depth=block.depth, heading=block.heading, heading_start=block.heading_start,
                 heading_end=block.heading_end, drops=_drops(markers, block.start, cuts[0]))]
    for a, b in zip(cuts, cuts[1:] + [e]):
        n = lay.number_at(raw, a, b)
        out.append(Block(n.rest, _rstrip(raw, n.rest, b), "item", lang, number=n.text, family=n.family,
                         drops=_drops(markers, n.rest, b)))
    return out


def _rstrip(raw: str, s: int, e: int) -> int:
    while e > s and raw[e - 1].isspace():
        e -= 1
    return e


def furniture(raw: str) -> tuple[set[int], list[tuple[int, int]], list[tuple[int, int]]]:
    """Line spans of the file, the indices of lines that are not text of the work
    (masthead, page furniture, footnote texts), and footnote marker spans."""
    spans = lines(raw, 0, len(raw))
    drop = {i for i, (s, e) in enumerate(spans) if lay.is_not_text(raw[s:e])}
    for i in range(1, len(spans)):
        s, e = spans[i]
        ps, pe = spans[i - 1]
        if i - 1 in drop and raw.count("\n", pe, s) == 1 and lay.is_under_not_text(raw[ps:pe]) \
                and not lay.ends_sentence(raw[s:e]):
            drop.add(i)
    drop |= _running(raw, spans, drop)
    keep = [sp for i, sp in enumerate(spans) if i not in drop]
    notes, markers = lay.footnotes(raw, keep)
    index = {sp: i for i, sp in enumerate(spans)}
    drop |= {index[keep[j]] for j in notes}
    return drop, markers, spans


def _running(raw: str, spans: list[tuple[int, int]], drop: set[int]) -> set[int]:
    """Running page headers: a line holding no sentence that stands again and again,
    or that repeats the first line's words without its number ("Seizing the …" under
    a title "78/265. Seizing the …"); the first line itself stays (the title)."""
    seen: dict[str, list[int]] = {}
    for i, (s, e) in enumerate(spans):
        if i not in drop and not lay.ends_sentence(raw[s:e]) and not raw[s:e].rstrip().endswith((",", "，")):
            seen.setdefault(" ".join(raw[s:e].split()), []).append(i)  # case kept: "PRACTICES" is no "Practices"
    out: set[int] = set()
    first = next((i for i in range(len(spans)) if i not in drop), None)
    title = ""
    if first is not None:
        s, e = spans[first]
        t = " ".join(raw[s:e].split())
        title = re.sub(r"^\S*\d\S*\s+", "", t)  # "78/265. Seizing …" -> "Seizing …"
    for key, idx in seen.items():
        repeated = len(idx) >= lay.layout().running_repeats and lay.words(key) <= 3 * lay.layout().heading_words
        if repeated or (title and key == title):
            out |= {i for i in idx if i != first}
    return out


def logical_paragraphs(raw: str, spans: list[tuple[int, int]], drop: set[int]) -> list[tuple[int, int] | int]:
    """Group the kept lines into paragraphs: (start, end) spans, and the index of each
    dropped line in its place. A paragraph breaks at a blank line, at a dropped line,
    at a section heading, and at a numbered line when its family is strict or the
    line before it ends a clause or is a heading of its own."""
    out: list[tuple[int, int] | int] = []
    cur: list[int] | None = None  # [start, end, first line index]
    prev_end = None

    def close():
        nonlocal cur
        if cur is not None:
            out.append((cur[0], cur[1]))
            cur = None

    for i, (s, e) in enumerate(spans):
        blank_before = prev_end is not None and raw.count("\n", prev_end, s) > 1
        prev_end = e
        if i in drop:
            close()
            out.append(i)
            continue
        line = raw[s:e]
        starts_new = cur is None or blank_before or lay.section_at(line) is not None
        if not starts_new:
            prev_line = raw[spans[i - 1][0]:spans[i - 1][1]]
            starts_new = cur[2] == i - 1 and lay.section_at(prev_line) is not None  # a section line stands alone
        if not starts_new:
            num = lay.number_at(raw, s, e)
            # an unnumbered line that opens in lower case carries on the sentence above it (a
            # hard wrap: "1. Providers shall keep" / "records."), so that line was no heading
            heading_alone = cur[2] == i - 1 and _is_heading(prev_line) and (
                num is not None or not line.lstrip()[:1].islower())
            if num is not None:
                fam = lay.family(num.family)
                starts_new = fam.strict or prev_line.rstrip()[-1:] in CLAUSE_END or heading_alone
            elif heading_alone and lay.number_at(raw, *spans[i - 1]) is not None:
                starts_new = True  # "1.1 Inclusive growth" over its text, no blank line
            elif _is_heading(line) and prev_line.rstrip()[-1:] in CLAUSE_END and i + 1 < len(spans) \
                    and lay.number_at(raw, *spans[i + 1]) is not None:
                starts_new = True  # a group heading between numbered lines
        if starts_new:
            close()
            cur = [s, e, i]
        else:
            cur[1] = e
    close()
    return out


def _closing(raw: str, items: list) -> set[int]:
    """Indices (into items) of the closing signature block: the paragraphs after the
    last sentence of the document that hold no sentence and run over several lines
    or carry a date ("The Secretariat of the Advisory Panel / Geneva, 15 May 2025")."""
    out: set[int] = set()
    for k in range(len(items) - 1, -1, -1):
        it = items[k]
        if isinstance(it, int):
            continue
        s, e = it
        text = raw[s:e]
        multi = "\n" in text.strip()
        dated = re.search(r"\b\d{1,2} [A-Z][a-z]+ \d{4}\b|\b[A-Z][a-z]+ \d{1,2}, \d{4}\b|\d{4}年\d{1,2}月", text)
        if lay.number_at(raw, s, e) is None and not any(
                lay.ends_sentence(raw[a:b]) for a, b in lines(raw, s, e)) and (multi or dated):
            out.add(k)
            continue
        break
    return out


def blocks_of(raw: str, source: Source, titles: list[str], *, page: bool = False) -> list[Block]:
    """The blocks of a whole file: furniture and (for a document, not a web page) the
    closing signature block as labels, every other paragraph classified. On a web
    page the first paragraph is no title by position (navigation comes first)."""
    drop, markers, spans = furniture(raw)
    items = logical_paragraphs(raw, spans, drop)
    closing = set() if page else _closing(raw, items)
    blocks: list[Block] = []
    first = not page
    for k, item in enumerate(items):
        if isinstance(item, int) or k in closing:
            s, e = spans[item] if isinstance(item, int) else item
            blocks.append(Block(s, e, "label", detect_lang(raw[s:e], source.languages)))
            continue
        s, e = item
        blocks.extend(classify(raw, s, e, source.languages, titles, first=first, markers=markers))
        first = False
    return _headings_below_numbers(raw, blocks)


def _headings_below_numbers(raw: str, blocks: list[Block]) -> list[Block]:
    """A number or section marker alone on its line takes the heading on the line under
    it: "Article 5" / "Prohibited practices", "CHAPTER II" / "PROHIBITED PRACTICES"."""
    out: list[Block] = []
    for b in blocks:
        prev = out[-1] if out else None
        if prev is not None and prev.bare and not (b.kind == "heading" and not b.number) \
                and not (b.kind in ("paragraph", "item") and not b.number):
            out[-1] = Block(prev.start, prev.end, "label", prev.lang)  # a number that numbers nothing
            prev = out[-1]
        if prev is not None and b.kind == "heading" and not b.number and b.end > b.start:
            if prev.bare:
                out[-1] = Block(b.start, b.end, "heading", prev.lang, number=prev.number, family=prev.family,
                                depth=prev.depth)
                continue
            if prev.kind == "section" and not prev.heading:
                out[-1] = Block(prev.start, b.end, "section", prev.lang, number=prev.number,
                                heading=_folded(raw, b.start, b.end), heading_start=b.start, heading_end=b.end,
                                level=prev.level)
                continue
        out.append(b)
    if out and out[-1].bare:
        out[-1] = Block(out[-1].start, out[-1].end, "label", out[-1].lang)
    return out


def read(raw: str, source: Source, titles: list[str]) -> Reading:
    return Reading(blocks_of(raw, source, titles))


__all__ = ["blocks_of", "classify", "furniture", "logical_paragraphs", "read"]
