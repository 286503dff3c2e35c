"""Unit tests for govkg/structure/outline.py (provisions and sections from a copy's blocks)."""

from __future__ import annotations

from govkg.core.model import Block, Entry, Text
from govkg.structure.outline import outline


class Doc:
    """Entries of one copy, written block by block; raw offsets advance by each text's length."""

    def __init__(self, lang: str = "en"):
        self.lang = lang
        self.entries: list[Entry] = []
        self.pos = 0

    def add(self, kind: str, text: str, number: str | None = None, family: str | None = None,
            sentences: bool = True, **kw) -> Entry:
        b = Block(self.pos, self.pos + len(text) + (len(number) + 1 if number else 0), kind,
                  kw.pop("lang", self.lang), number=number, family=family, **kw)
        self.pos = b.end + 1
        e = Entry(len(self.entries), b, Text(text, [], [], []), ["s"] if sentences else [])
        self.entries.append(e)
        return e

    def para(self, text, number=None, family=None, **kw):
        return self.add("paragraph", text, number, family, **kw)

    def item(self, text, number=None, family=None, **kw):
        return self.add("item", text, number, family, **kw)

    def heading(self, text, number=None, family=None, **kw):
        return self.add("heading", text, number, family, sentences=kw.pop("sentences", False), **kw)

    def section(self, number: str, heading: str, level: int) -> None:
        """A section line ("Chapter I General provisions", "第一章 总则"): no sentences of its own."""
        text = f"{number} {heading}"
        b = Block(self.pos, self.pos + len(text), "section", self.lang, number=number, heading=heading,
                  level=level)
        self.pos = b.end + 1
        self.entries.append(Entry(len(self.entries), b, Text(text, [], [], []), []))


def texts(part) -> list[str]:
    return [e.text.text for e in part.entries]


def summary(parts):
    return [(p.number, p.cite, p.key, p.parent) for p in parts]


# ------------------------------------------------------------------ numbered items

def test_lettered_items_nest_under_the_paragraph_and_a_new_number_closes_them():
    d = Doc()
    d.para("States should:", "6.", "arabic")
    d.item("adopt safeguards;", "(a)", "paren-letter")
    d.item("publish reports;", "(b)", "paren-letter")
    d.para("Providers should keep logs.", "7.", "arabic")
    parts, sections = outline(d.entries)
    assert summary(parts) == [
        ("6.", "6", "para_6", None),
        ("(a)", "6(a)", "para_6_a", 0),
        ("(b)", "6(b)", "para_6_b", 0),
        ("7.", "7", "para_7", None),
    ]
    assert sections == []
    assert [texts(p) for p in parts] == [["States should:"], ["adopt safeguards;"], ["publish reports;"],
                                         ["Providers should keep logs."]]


def test_chinese_article_items_are_cited_with_the_article():
    d = Doc("zh-Hans")
    d.para("提供者应当履行下列义务：", "第五条", "zh-article")
    d.item("公开服务规则；", "（一）", "zh-paren")
    d.item("保护用户信息。", "（二）", "zh-paren")
    d.para("各方不得滥用数据。", "第十二条", "zh-article")
    parts, _ = outline(d.entries)
    assert summary(parts) == [
        ("第五条", "第五条", "art_5", None),
        ("（一）", "第五条（一）", "art_5_1", 0),
        ("（二）", "第五条（二）", "art_5_2", 0),
        ("第十二条", "第十二条", "art_12", None),
    ]


def test_dotted_numbers_of_another_depth_nest_in_the_numbering_but_are_cited_whole():
    d = Doc()
    d.para("Providers should record the version.", "3.1", "dotted", depth=1)
    d.para("Retrained models get a new version.", "3.1.1", "dotted", depth=2)
    d.para("Deployers should keep the record.", "3.2", "dotted", depth=1)
    parts, _ = outline(d.entries)
    assert summary(parts) == [("3.1", "3.1", "para_3.1", None), ("3.1.1", "3.1.1", "para_3.1.1", None),
                              ("3.2", "3.2", "para_3.2", None)]


def test_an_articles_unnumbered_paragraphs_are_its_own():
    d = Doc("zh-Hans")
    d.para("提供者应当公开服务规则。", "第三条", "zh-article")
    d.para("前款规定的规则应当便于查阅。")
    parts, _ = outline(d.entries)
    assert len(parts) == 1
    assert texts(parts[0]) == ["提供者应当公开服务规则。", "前款规定的规则应当便于查阅。"]


def test_unnumbered_text_after_a_lead_in_colon_or_as_a_dash_item_belongs_to_the_paragraph():
    d = Doc()
    d.para("Signatories shall:", "3.", "arabic")
    d.item("— keep incident logs;")
    d.para("Deployers should test models.", "4.", "arabic")
    d.para("Testing should be documented.")
    parts, _ = outline(d.entries)
    assert [(p.number, texts(p)) for p in parts] == [
        ("3.", ["Signatories shall:", "— keep incident logs;"]),
        ("4.", ["Deployers should test models."]),
        (None, ["Testing should be documented."]),
    ]
    assert (parts[2].cite, parts[2].key) == (None, "p3")


def test_article_with_numbered_paragraphs_is_cited_article_5_1():
    d = Doc()
    d.heading("Prohibited practices", "Article 5", "article")
    d.para("The following practices shall be prohibited:", "1.", "arabic")
    d.item("the placing on the market of manipulative systems;", "(a)", "paren-letter")
    d.para("Member States may lay down rules.", "2.", "arabic")
    d.heading("Classification rules", "Article 6", "article")
    d.para("Providers shall document the assessment.", "1.", "arabic")
    parts, sections = outline(d.entries)
    assert sections == []
    assert summary(parts) == [
        ("Article 5", "Article 5", "art_5", None),
        ("1.", "Article 5(1)", "art_5_1", 0),
        ("(a)", "Article 5(1)(a)", "art_5_1_a", 1),
        ("2.", "Article 5(2)", "art_5_2", 0),
        ("Article 6", "Article 6", "art_6", None),
        ("1.", "Article 6(1)", "art_6_1", 4),
    ]
    assert parts[0].headings == {"en": "Prohibited practices"} and parts[0].entries == []


def test_repeated_numbers_get_unique_keys():
    d = Doc()
    d.para("Providers should test.", "1.", "arabic")
    d.para("Users should report.", "1.", "arabic")
    parts, _ = outline(d.entries)
    assert [p.key for p in parts] == ["para_1", "para_1-2"]


def test_label_only_number_is_kept_without_cite():
    d = Doc()
    d.para("Member States should cooperate.", "[12]", None)
    parts, _ = outline(d.entries)
    assert [(p.number, p.family, p.cite, p.key, p.parent) for p in parts] == [("[12]", None, None, "p1", None)]


# ------------------------------------------------------------------ headings

def test_numbered_heading_over_a_paragraph_heads_a_provision():
    d = Doc()
    d.heading("International co-operation", "2.5", "dotted", depth=1)
    d.para("Governments should co-operate across borders.")
    parts, sections = outline(d.entries)
    assert sections == []
    assert [(p.number, p.cite, p.key, p.headings, texts(p)) for p in parts] == [
        ("2.5", "2.5", "para_2.5", {"en": "International co-operation"},
         ["Governments should co-operate across borders."])]
    assert parts[0].heading_span == (d.entries[0].block.start, d.entries[0].block.end, "en")


def test_unnumbered_heading_over_one_paragraph_heads_a_provision():
    d = Doc()
    d.heading("Transparency")
    d.para("Providers should disclose model limitations.")
    parts, sections = outline(d.entries)
    assert sections == [] and len(parts) == 1
    assert parts[0].headings == {"en": "Transparency"} and parts[0].number is None


def test_unnumbered_heading_over_several_paragraphs_is_a_section():
    d = Doc()
    d.heading("Transparency")
    d.para("Providers should disclose model limitations.")
    d.para("Deployers should inform users.")
    parts, sections = outline(d.entries)
    assert [(s.number, s.headings, s.level, s.key, s.numbered) for s in sections] == [
        (None, {"en": "Transparency"}, 6, "s1", False)]
    assert [texts(p) for p in parts] == [["Providers should disclose model limitations."],
                                         ["Deployers should inform users."]]
    assert [p.section for p in parts] == [0, 0]


def test_unnumbered_heading_over_numbered_items_is_a_section():
    d = Doc()
    d.heading("Research Issues")
    d.para("Research goal: beneficial intelligence.", "1)", "arabic")
    d.para("Research funding: safety.", "2)", "arabic")
    parts, sections = outline(d.entries)
    assert [s.headings for s in sections] == [{"en": "Research Issues"}]
    assert [(p.cite, p.section) for p in parts] == [("1", 0), ("2", 0)]


def test_roman_heading_over_arabic_items_is_a_numbered_section_and_the_next_roman_closes_it():
    d = Doc()
    d.heading("Scope", "I.", "roman-upper")
    d.para("This recommendation applies to all actors.", "1.", "arabic")
    d.heading("Principles", "II.", "roman-upper")
    d.para("AI actors should respect the rule of law.", "2.", "arabic")
    parts, sections = outline(d.entries)
    assert [(s.number, s.headings, s.level, s.numbered, s.parent) for s in sections] == [
        ("I.", {"en": "Scope"}, 1, True, None), ("II.", {"en": "Principles"}, 1, True, None)]
    assert [(p.number, p.section) for p in parts] == [("1.", 0), ("2.", 1)]


def test_heading_that_heads_nothing_is_the_provisions_text():
    d = Doc()
    d.heading("Fairness should guide design.", "1.", "arabic", sentences=True)
    d.heading("Safety", "2.", "arabic")
    d.para("Systems should be tested before release.")
    parts, _ = outline(d.entries)
    first, second = parts
    assert (first.number, first.headings, first.heading_span, texts(first)) == (
        "1.", {}, None, ["Fairness should guide design."])
    assert (second.headings, texts(second)) == ({"en": "Safety"}, ["Systems should be tested before release."])


def test_heading_at_the_very_end_without_a_sentence_stays_a_heading_of_nothing():
    d = Doc()
    d.para("Providers should keep logs.", "1.", "arabic")
    d.heading("Annex", "2.", "arabic")
    parts, _ = outline(d.entries)
    assert (parts[1].headings, parts[1].entries) == ({"en": "Annex"}, [])


# ------------------------------------------------------------------ sections

def test_chapter_and_section_nest_and_own_their_provisions():
    d = Doc("zh-Hans")
    d.section("第一章", "总则", 1)
    d.para("为了规范服务，制定本办法。", "第一条", "zh-article")
    d.section("第二章", "服务规范", 1)
    d.section("第一节", "一般规定", 2)
    d.para("提供者应当公开服务规则。", "第二条", "zh-article")
    d.section("第十二章", "附则", 1)
    d.para("本办法自发布之日起施行。", "第三条", "zh-article")
    parts, sections = outline(d.entries)
    assert [(s.number, s.headings, s.level, s.key, s.parent) for s in sections] == [
        ("第一章", {"zh-Hans": "总则"}, 1, "ch1", None),
        ("第二章", {"zh-Hans": "服务规范"}, 1, "ch2", None),
        ("第一节", {"zh-Hans": "一般规定"}, 2, "sec1", 1),
        ("第十二章", {"zh-Hans": "附则"}, 1, "ch12", None),
    ]
    assert [(p.key, p.section) for p in parts] == [("art_1", 0), ("art_2", 2), ("art_3", 3)]
    assert all(s.numbered for s in sections)


def test_english_section_keys_are_unique():
    d = Doc()
    d.section("Chapter I", "General provisions", 1)
    d.para("Providers should keep logs.", "1.", "arabic")
    d.section("Chapter I", "Repeated", 1)
    parts, sections = outline(d.entries)
    assert [s.key for s in sections] == ["sec_chapter-i", "sec_chapter-i-2"]
    assert sections[0].span == (d.entries[0].block.start, d.entries[0].block.end, "en")


def test_a_section_closes_the_numbering_before_it():
    d = Doc()
    d.para("States should:", "6.", "arabic")
    d.item("adopt safeguards;", "(a)", "paren-letter")
    d.section("Section 2", "Providers", 2)
    d.item("keep logs;", "(a)", "paren-letter")
    parts, _ = outline(d.entries)
    # after the section, "(a)" opens afresh: no parent, its own key
    assert [(p.cite, p.key, p.parent, p.section) for p in parts] == [
        ("6", "para_6", None, None), ("6(a)", "para_6_a", 0, None), ("(a)", "para_a", None, 0)]


# ------------------------------------------------------------------ tables

def test_table_rows_are_provisions_in_row_order():
    d = Doc()
    d.add("cell", "推动开源。", row=2, lang="zh-Hans")
    d.add("cell", "Promote open source.", row=2)
    d.add("cell", "加强合作。", row=1, lang="zh-Hans")
    d.add("cell", "Strengthen cooperation.", row=1)
    d.para("Not a cell.")
    parts, sections = outline(d.entries, table=True)
    assert sections == []
    assert [(p.number, p.key, texts(p)) for p in parts] == [
        (None, "p1", ["加强合作。", "Strengthen cooperation."]),
        (None, "p2", ["推动开源。", "Promote open source."]),
    ]
