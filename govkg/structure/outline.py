"""Outline: the provisions and sections of a work's reference copy, from the blocks
its reader found (govkg/readers): which heading opens a section and which heads a
provision, which numbered item is a sub-item of which paragraph, what each provision
is cited as ("6(h)", "2.3(b)", "第五条（一）") and the segment of its IRI.

In: the entries of one copy (blocks with their folded text and sentences).
Out: Part and SectionPart lists, in document order. Touches no text and no offsets.

Rules (docs/model.md, "Document structure"):
* a section heading ("Chapter I …", "第一章 …") is a section;
* a heading line with no sentence heads a provision when text paragraphs follow it
  ("2.5 International co-operation" over its paragraph; an unnumbered heading over
  exactly one paragraph); it is a section when numbered items, other headings or
  several paragraphs follow it ("Research Issues" over "1) …"; "I." over "1.");
* a numbered item nests under the item before it when its numbering family is not
  open yet ("(a)" after "6."), and closes the items after its sibling otherwise;
* unnumbered text after a numbered item belongs to it when the item is an article
  (its further paragraphs), ends with a lead-in colon, or the text is a dash item;
  otherwise it is a provision of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from govkg.ingest.readers import layout as lay

TEXT_KINDS = ("paragraph", "item", "cell")


@dataclass
class Part:
    number: str | None
    family: str | None
    cite: str | None
    key: str
    headings: dict[str, str]
    entries: list = field(default_factory=list)
    section: int | None = None  # index into the sections
    parent: int | None = None  # index into the parts
    heading_span: tuple[int, int, str] | None = None  # raw start, end, lang of a heading line
    heading_entry: object = None  # the heading line's entry (its text, when it heads nothing)


@dataclass
class SectionPart:
    number: str | None
    headings: dict[str, str]
    level: int
    key: str
    span: tuple[int, int, str]
    parent: int | None = None
    numbered: bool = False


def _fam_key(b) -> str:
    return f"{b.family}:{b.depth}"


def _section_key(number: str | None, n: int) -> str:
    if not number:
        return f"s{n}"
    t = number.strip()
    if any("\u3400" <= c <= "\u9fff" for c in t):
        digits = lay.zh_number(t.strip("第"), lay.layout().zh_digits)
        suffix = {"章": "ch", "节": "sec", "節": "sec", "编": "pt", "編": "pt"}.get(t[-1:], "pt")
        return f"{suffix}{digits}"
    return "sec_" + lay.eid_part(t, "section")


class _Builder:
    def __init__(self):
        self.parts: list[Part] = []
        self.sections: list[SectionPart] = []
        self.sec_stack: list[int] = []
        self.num_stack: list[tuple[str, int]] = []
        self.open_heading: int | None = None  # a provision opened by a heading takes the text after it
        self.keys: set[str] = set()

    def unique(self, key: str) -> str:
        k, n = key, 1
        while k in self.keys:
            n += 1
            k = f"{key}-{n}"
        self.keys.add(k)
        return k

    def section(self, number, heading, lang, level, span, numbered: bool = False) -> None:
        while self.sec_stack and self.sections[self.sec_stack[-1]].level >= level:
            self.sec_stack.pop()
        parent = self.sec_stack[-1] if self.sec_stack else None
        key = self.unique(_section_key(number, len(self.sections) + 1))
        self.sections.append(SectionPart(number, {lang: heading} if heading else {}, level, key, span, parent,
                                         numbered))
        self.sec_stack.append(len(self.sections) - 1)
        self.num_stack = []
        self.open_heading = None

    def close_sections(self, rank: int) -> None:
        """A numbered item closes the numbered sections of its rank or deeper."""
        while self.sec_stack and self.sections[self.sec_stack[-1]].numbered \
                and self.sections[self.sec_stack[-1]].level >= rank:
            self.sec_stack.pop()
            self.num_stack = []

    def part(self, b, lang: str, headings: dict, entries: list, heading_span=None) -> int:
        parent = None
        cite = None
        if b is not None and b.number and not b.family:  # a label-only number (an excerpt's)
            key = self.unique(f"p{len(self.parts) + 1}")
            section = self.sec_stack[-1] if self.sec_stack else None
            self.parts.append(Part(b.number, None, None, key, headings, list(entries), section, None, heading_span))
            return len(self.parts) - 1
        if b is not None and b.number:
            self.close_sections(lay.family(b.family).rank)
            fk = _fam_key(b)
            if any(k == fk for k, _ in self.num_stack):
                while self.num_stack and self.num_stack[-1][0] != fk:
                    self.num_stack.pop()
                self.num_stack.pop()
            fam = lay.family(b.family)
            top = self.parts[self.num_stack[-1][1]] if self.num_stack else None
            in_article = top is not None and top.family and lay.family(top.family).eid == "art" and fam.eid != "art"
            sub = fam.sub or in_article  # an article's numbered paragraphs are its own: Article 5(1)
            parent = self.num_stack[-1][1] if self.num_stack and sub else None
            own = lay.cite_part(b.number, b.family)
            if sub:
                pcite = self.parts[parent].cite if parent is not None else None
                cite = lay.join_cite(pcite, own, True, b.family) if pcite else (
                    own if b.family in ("zh-paren", "arabic-paren-zh") else f"({own})")
            else:
                cite = own
            chain = lay.eid_part(b.number, b.family)
            if parent is not None and sub:
                key = self.parts[parent].key + "_" + chain
            else:
                key = f"{'art' if fam.eid == 'art' else 'para'}_{chain}"
            key = self.unique(key)
        else:
            key = self.unique(f"p{len(self.parts) + 1}")
        section = self.sec_stack[-1] if self.sec_stack else None
        self.parts.append(Part(b.number if b is not None else None, b.family if b is not None else None, cite, key,
                               headings, list(entries), section, parent, heading_span))
        idx = len(self.parts) - 1
        if b is not None and b.number:
            self.num_stack.append((_fam_key(b), idx))
        return idx


def _text_after(entries, i: int) -> list:
    """The unnumbered text entries right after entries[i], up to the next heading,
    section or numbered item."""
    out = []
    for e in entries[i + 1:]:
        b = e.block
        if b.kind not in TEXT_KINDS or b.number:
            break
        out.append(e)
    return out


def _heading_role(entries, i: int) -> str:
    """'provision' or 'section' for the heading entries[i]."""
    b = entries[i].block
    nxt = entries[i + 1].block if i + 1 < len(entries) else None
    if nxt is None:
        return "provision" if b.number else "section"
    if nxt.kind in ("heading", "section"):
        return "section" if not (b.number and nxt.number and _fam_key(nxt) == _fam_key(b)) else "provision"
    if nxt.number:
        if not b.number:
            return "section"
        if b.family and lay.family(b.family).eid == "art":
            return "provision"  # "Article 5 / Prohibited practices" over its numbered paragraphs
        if not (b.family and nxt.family) or lay.family(nxt.family).sub or _fam_key(nxt) == _fam_key(b):
            return "provision"
        return "section"
    if b.number:
        return "provision"
    return "provision" if len(_text_after(entries, i)) == 1 else "section"


def outline(entries, table: bool = False) -> tuple[list[Part], list[SectionPart]]:
    """Provisions and sections of one copy (entries in document order)."""
    bld = _Builder()
    if table:
        rows: dict[int, list] = {}
        for e in entries:
            if e.block.kind == "cell":
                rows.setdefault(e.block.row, []).append(e)
        for r in sorted(rows):
            bld.part(None, "", {}, rows[r])
        return bld.parts, bld.sections
    for i, e in enumerate(entries):
        b = e.block
        if b.kind == "section":
            bld.section(b.number, b.heading, b.lang, b.level, (b.start, b.end, b.lang), numbered=True)
            continue
        if b.kind == "heading":
            text = "" if b.bare else e.text.text
            if _heading_role(entries, i) == "section":
                num = b.number
                level = lay.family(b.family).rank if num else 6
                bld.section(num, text or None, b.lang, level, (b.start, b.end, b.lang), numbered=bool(num))
                continue
            idx = bld.part(b, b.lang, {b.lang: text} if text else {}, [],
                           heading_span=(b.start, b.end, b.lang) if b.end > b.start else None)
            bld.parts[idx].heading_entry = e
            bld.open_heading = idx
            continue
        if b.kind not in TEXT_KINDS:
            continue
        if b.number:
            heads = {b.lang: b.heading} if b.heading else {}
            bld.part(b, b.lang, heads, [e])
            bld.open_heading = None
            continue
        last = bld.parts[-1] if bld.parts else None
        if bld.open_heading is not None:
            bld.parts[bld.open_heading].entries.append(e)
        elif last is not None and last.number and last.section == (bld.sec_stack[-1] if bld.sec_stack else None) \
                and _belongs(last, b):
            last.entries.append(e)
        else:
            bld.part(None, b.lang, {}, [e])
    _headings_that_head_nothing(bld.parts)
    return bld.parts, bld.sections


def _headings_that_head_nothing(parts: list[Part]) -> None:
    """A heading line followed by no text and no sub-items ("1. Fairness" right before
    "2. …", or a heading at the very end) is the provision's text, not its heading."""
    parents = {p.parent for p in parts if p.parent is not None}
    for i, p in enumerate(parts):
        if not p.entries and i not in parents and p.heading_entry is not None and p.heading_entry.sentences \
                and not p.heading_entry.block.bare:
            p.entries = [p.heading_entry]
            p.headings = {}
            p.heading_span = None


def _belongs(last: Part, b) -> bool:
    """Does unnumbered text b continue the numbered provision before it?"""
    if not last.family:
        return False
    if lay.family(last.family).eid == "art":
        return True
    if b.kind == "item":
        return True
    if last.entries:
        tail = last.entries[-1].text.text.rstrip()
        return tail.endswith((":", "："))
    return False
