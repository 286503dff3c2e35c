"""Unit tests for govkg/structure/attribute.py (assigning aggregator excerpts to works)."""

from __future__ import annotations

import re

import pytest

from govkg.core.model import Attribution, Block, Reading, Source, Work
from govkg.structure.attribute import TitleIndex, assign, infer_kind, join, title_key

SRC = Source("agg-src", "agg.txt", "aggregator", ("en", "zh-Hans"), ())


def att(titles: dict[str, str], issuer: str | None = None, date: str | None = None) -> Attribution:
    return Attribution(titles, issuer, date, 0, 10)


def block(excerpt: int | None, start: int = 0) -> Block:
    return Block(start, start + 5, "paragraph", "en", excerpt=excerpt)


# ------------------------------------------------------------------ title_key

def test_title_key_folds_case_punctuation_and_spaces():
    assert title_key("Code of Conduct for AI") == "codeofconductforai"
    assert title_key("AI: Principles (2024)") == title_key("ai principles 2024") == "aiprinciples2024"


def test_title_key_folds_traditional_to_simplified():
    assert title_key("人工智能倫理規範") == title_key("人工智能伦理规范") == "人工智能伦理规范"


def test_title_key_distinguishes_different_titles():
    assert title_key("Seoul Declaration") != title_key("Seoul Statement")


# ------------------------------------------------------------------ infer_kind

@pytest.mark.parametrize("titles, kind", [
    ({"en": "Recommendation on the Ethics of AI"}, "recommendation"),
    ({"en": "Code of Conduct for Advanced AI Developers"}, "code-of-conduct"),
    ({"en": "Guidelines for Trustworthy AI"}, "guideline"),        # plural trigger
    ({"en": "Principles for Responsible AI"}, "principles"),
    ({"zh-Hans": "生成式人工智能服务管理暂行办法"}, "regulation"),  # 办法 before the shorter 法
    ({"zh-Hant": "人工智能基本法律"}, "law"),
    ({"en": "Actions and Interactions"}, "document"),            # "act" only as a whole word
    ({"en": "Notes on a meeting"}, "document"),
])
def test_infer_kind(titles, kind):
    assert infer_kind(titles) == kind


def test_infer_kind_reads_languages_in_order():
    assert infer_kind({"zh-Hans": "人工智能宣言", "en": "Joint Statement on AI"}) == "statement"


# ------------------------------------------------------------------ TitleIndex.find

def catalog() -> dict[str, Work]:
    return {
        "ethics-rec": Work("ethics-rec", {"en": "Recommendation on the Ethics of AI", "zh-Hant": "人工智能倫理建議"},
                           "UNESCO", "2021-11-23", "recommendation", aliases=("AI Ethics Recommendation",),
                           alternatives={"en": ("Ethics of Artificial Intelligence Recommendation",)}),
        "seoul": Work("seoul", {"en": "Seoul Declaration"}),
    }


@pytest.mark.parametrize("titles, wid", [
    ({"en": "recommendation on the ethics of AI"}, "ethics-rec"),
    ({"zh-Hans": "人工智能伦理建议"}, "ethics-rec"),                       # the other script
    ({"en": "AI Ethics Recommendation"}, "ethics-rec"),                  # an alias
    ({"en": "Ethics of Artificial Intelligence Recommendation"}, "ethics-rec"),  # an alternative title
    ({"fr": "Unknown", "en": "Seoul Declaration."}, "seoul"),
    ({"en": "Bletchley Declaration"}, None),
])
def test_find(titles, wid):
    assert TitleIndex(catalog()).find(titles) == wid


# ------------------------------------------------------------------ candidate_ids

def take(gen, n):
    return [next(gen) for _ in range(n)]


def test_candidate_ids_from_the_english_title():
    index = TitleIndex({})
    got = take(index.candidate_ids(att({"en": "Seoul Declaration on AI", "zh-Hans": "首尔宣言"})), 3)
    assert got == ["seoul-declaration-on-ai", "seoul-declaration-on-ai-2", "seoul-declaration-on-ai-3"]


def test_candidate_ids_from_issuer_and_year_without_english_title():
    index = TitleIndex({})
    got = take(index.candidate_ids(att({"zh-Hans": "人工智能宣言"}, "Ministry of Science", "2024-05-01")), 2)
    assert got == ["ministry-of-science-2024", "ministry-of-science-2024-2"]
    assert next(index.candidate_ids(att({"zh-Hans": "人工智能宣言"}, "Ministry of Science"))) == "ministry-of-science"


def test_candidate_ids_issuer_is_cut_at_fifty_characters():
    issuer = "National Committee on the Governance of Emerging Technologies and Society"
    wid = next(TitleIndex({}).candidate_ids(att({"zh-Hans": "宣言"}, issuer, "2023")))
    assert wid.endswith("-2023")
    base = wid[: -len("-2023")]
    assert len(base) <= 50 and base.startswith("national-committee-on-the-governance")
    assert "society" not in base


def test_candidate_ids_hash_without_english_title_or_issuer():
    index = TitleIndex({})
    a = next(index.candidate_ids(att({"zh-Hans": "人工智能宣言"})))
    b = next(index.candidate_ids(att({"zh-Hans": "人工智能宣言"})))
    c = next(index.candidate_ids(att({"zh-Hans": "人工智能倡议"})))
    assert re.fullmatch(r"work-[0-9a-f]{10}", a)
    assert a == b and a != c


# ------------------------------------------------------------------ resolve

def test_resolve_a_known_title_is_that_work():
    index = TitleIndex(catalog())
    assert index.resolve(att({"zh-Hans": "人工智能伦理建议"}), SRC) == "ethics-rec"
    assert "ethics-rec" in index.claimed and set(index.works) == {"ethics-rec", "seoul"}


def test_resolve_an_unknown_title_creates_a_work_declared_by_the_source():
    index = TitleIndex(catalog())
    wid = index.resolve(att({"zh-Hans": "布莱切利宣言", "en": "Bletchley Declaration"}, "UK", "2023-11-01"), SRC)
    assert wid == "bletchley-declaration"
    work = index.works[wid]
    assert work.declared_in == "source:agg-src"
    assert (work.issuer, work.date, work.kind) == ("UK", "2023-11-01", "declaration")
    assert list(work.titles) == ["en", "zh-Hans"]  # titles sorted by language
    assert index.find({"zh-Hans": "布莱切利宣言"}) == wid  # registered


def test_resolve_joins_the_catalog_work_that_has_the_id_it_would_take():
    works = {"hiroshima-code": Work("hiroshima-code", {"ja": "広島コード"})}
    index = TitleIndex(works)
    wid = index.resolve(att({"en": "Hiroshima Code"}), SRC)
    assert wid == "hiroshima-code" and set(index.works) == {"hiroshima-code"}


def test_resolve_claimed_catalog_id_takes_the_next_free_one():
    works = {"hiroshima-code": Work("hiroshima-code", {"ja": "広島コード"})}
    index = TitleIndex(works)
    assert index.resolve(att({"en": "Hiroshima Code"}), SRC) == "hiroshima-code"
    # resolve alone registers no title: a second work slugging the same gets the next id
    other = index.resolve(att({"en": "Hiroshima: Code", "zh-Hans": "广岛进程"}), SRC)
    assert other == "hiroshima-code-2"
    assert index.works[other].declared_in == "source:agg-src"
    assert index.claimed == {"hiroshima-code", "hiroshima-code-2"}


def test_resolve_work_declared_by_a_source_is_not_joined_by_id():
    works = {"seoul-statement": Work("seoul-statement", {"ko": "서울 성명"}, declared_in="source:old")}
    index = TitleIndex(works)
    wid = index.resolve(att({"en": "Seoul Statement"}), SRC)
    assert wid == "seoul-statement-2" and index.works[wid].declared_in == "source:agg-src"


def test_resolve_second_distinct_attribution_with_a_claimed_id():
    works = {"ai-charter": Work("ai-charter", {"fr": "Charte de l'IA"})}
    index = TitleIndex(works)
    index.claimed.add("ai-charter")
    wid = index.resolve(att({"en": "AI Charter"}), SRC)
    assert wid == "ai-charter-2" and index.works[wid].kind == "charter"


# ------------------------------------------------------------------ join

def test_join_adds_a_title_in_a_new_language_and_keeps_others_as_alternatives():
    work = Work("w", {"en": "Seoul Declaration"}, issuer=None, date="2024-05-21")
    join(work, Attribution({"en": "The Seoul Declaration for Safe AI", "zh-Hans": "首尔宣言"},
                           "Summit", "2024-05-22", 0, 1))
    assert work.titles == {"en": "Seoul Declaration", "zh-Hans": "首尔宣言"}
    assert work.alternatives == {"en": ("The Seoul Declaration for Safe AI",)}
    assert work.issuer == "Summit"          # filled
    assert work.date == "2024-05-21"        # kept


def test_join_same_title_in_another_case_or_script_adds_nothing():
    work = Work("w", {"en": "Seoul Declaration", "zh-Hant": "首爾宣言"}, "Summit")
    join(work, att({"en": "SEOUL DECLARATION", "zh-Hant": "首尔宣言"}, "Other"))
    assert work.alternatives == {} and work.issuer == "Summit"


def test_join_does_not_repeat_an_alternative():
    work = Work("w", {"en": "Seoul Declaration"})
    join(work, att({"en": "Seoul AI Declaration"}))
    join(work, att({"en": "seoul ai declaration"}))
    assert work.alternatives == {"en": ("Seoul AI Declaration",)}


# ------------------------------------------------------------------ assign

def test_assign_maps_each_excerpt_to_its_work():
    index = TitleIndex(catalog())
    reading = Reading([block(None), block(1, 10), block(0, 20), block(1, 30)],
                      {0: att({"en": "Seoul Declaration"}),
                       1: att({"en": "Bletchley Declaration", "zh-Hans": "布莱切利宣言"}, "UK")})
    src = Source("agg", "agg.txt", "aggregator", ("en",), ("seoul",))
    out = assign(reading, src, index)
    assert out == {None: "seoul", 0: "seoul", 1: "bletchley-declaration"}
    assert list(out) == [None, 0, 1]
    assert index.works["bletchley-declaration"].titles["zh-Hans"] == "布莱切利宣言"


def test_assign_two_excerpts_of_one_new_work_share_it():
    index = TitleIndex({"hiroshima-code": Work("hiroshima-code", {"ja": "広島コード"})})
    reading = Reading([block(0), block(1, 10)], {0: att({"en": "Hiroshima Code"}),
                                                 1: att({"en": "HIROSHIMA CODE"})})
    assert assign(reading, SRC, index) == {0: "hiroshima-code", 1: "hiroshima-code"}
    assert index.works["hiroshima-code"].titles == {"ja": "広島コード", "en": "Hiroshima Code"}


def test_assign_unattributed_excerpt_of_a_many_work_source_is_nobody():
    index = TitleIndex(catalog())
    reading = Reading([block(None), block(3, 10)], {})
    src = Source("agg", "agg.txt", "aggregator", ("en",), ("seoul", "ethics-rec"))
    assert assign(reading, src, index) == {None: None, 3: None}


def test_assign_joins_metadata_and_registers_new_titles():
    index = TitleIndex(catalog())
    reading = Reading([block(0)], {0: att({"en": "Seoul Declaration", "zh-Hans": "首尔宣言"}, "Summit",
                                           "2024-05-21")})
    assign(reading, SRC, index)
    seoul = index.works["seoul"]
    assert seoul.titles["zh-Hans"] == "首尔宣言" and seoul.issuer == "Summit" and seoul.date == "2024-05-21"
    assert index.find({"zh-Hant": "首爾宣言"}) == "seoul"
