"""Unit tests for govkg/extract/projection.py (commitment types carried across aligned languages)."""

from __future__ import annotations

from govkg.extract.findings import ISSUER, Finding, Mention
from govkg.extract.projection import project

WE = Mention(0, 2, "We", ISSUER)


def obligation(text: str, cue: str, bearer: Mention | None = WE, co=(), projected_from=None) -> Finding:
    s = text.index(cue)
    return Finding("Obligation", s, s + len(cue), cue, "en-modal-should", bearer, text[s + len(cue):].strip(" ."),
                   co_bearers=co, projected_from=projected_from)


def support(text: str, cue: str, bearer: Mention | None = WE) -> Finding:
    s = text.index(cue)
    return Finding("Support", s, s + len(cue), cue, "en-support", bearer, text[s + len(cue):].strip(" ."))


EN = "We should promote open-source AI."


def test_imperative_chinese_clause_takes_the_english_obligation():
    zh = "推动开源人工智能发展。"
    src = obligation(EN, "should")
    out = project({"en": [("w/p1/en/1", EN, [src])], "zh-Hans": [("w/p1/zh/1", zh, [])]})
    assert list(out) == ["w/p1/zh/1"]
    (f,) = out["w/p1/zh/1"]
    assert f.kind == "Obligation"
    assert f.rule == "projected-from-en"
    assert f.projected_from == "w/p1/en/1"
    assert (f.cue_start, f.cue_end, f.cue) == (0, 10, "推动开源人工智能发展")
    assert zh[f.cue_start:f.cue_end] == f.cue
    assert f.action == "推动开源人工智能发展" and f.action_span == (0, 10)
    assert f.source_cue == (1, 3, 9) and EN[3:9] == "should"
    # no subject of its own: the issuer of "We should", standing at the anchor's start
    assert (f.bearer.actor, f.bearer.rule, f.bearer.start, f.bearer.end, f.bearer.text) == (
        ISSUER, "projected", 0, 0, "")


def test_anchor_is_the_first_comma_segment_and_own_subject_bears_it():
    zh = "研發主體不斷提高技術水平，確保安全。"
    out = project({"en": [("e1", "R&D entities should keep improving, and ensure safety.",
                           [obligation("R&D entities should keep improving, and ensure safety.", "should",
                                       Mention(0, 12, "R&D entities", "rd-entities"))])],
                   "zh-Hant": [("z1", zh, [])]})
    (f,) = out["z1"]
    assert (f.cue_start, f.cue_end) == (0, 12) and f.cue == "研發主體不斷提高技術水平"
    assert (f.bearer.start, f.bearer.end, f.bearer.text, f.bearer.actor) == (0, 4, "研發主體", "rd-entities")
    assert f.bearer.rule is None  # its own words, not carried over
    assert f.action == "研發主體不斷提高技術水平，確保安全"


def test_leading_dash_is_trimmed_from_the_anchor():
    zh = "—推动国际合作，共享成果。"
    (f,) = project({"en": [("e1", EN, [obligation(EN, "should")])], "zh-Hans": [("z1", zh, [])]})["z1"]
    assert (f.cue_start, f.cue_end, f.cue) == (1, 7, "推动国际合作")


def test_action_stops_before_a_later_cue_of_the_clause():
    zh = "推動開源合作，支持社區發展。"
    own = Finding("Support", 7, 9, "支持", "zh-support", None, "社區發展")
    assert zh[7:9] == "支持"
    (f,) = project({"en": [("e1", EN, [obligation(EN, "should")])], "zh-Hant": [("z1", zh, [own])]})["z1"]
    assert f.action == "推動開源合作" and f.action_span == (0, 6)


def test_clause_whose_anchor_holds_its_own_cue_is_typed_once():
    zh = "積極支持開源社區，推動合作。"
    own = Finding("Support", 2, 4, "支持", "zh-support", None, "開源社區")
    assert zh[2:4] == "支持"
    out = project({"en": [("e1", EN, [obligation(EN, "should")])], "zh-Hant": [("z1", zh, [own])]})
    assert out == {}


def test_clause_that_already_states_an_obligation_gets_none():
    zh = "在数据治理方面，各方应当加强合作。"
    own = Finding("Obligation", 10, 12, "应当", "zh-modal-ying", None, "加强合作")
    assert zh[10:12] == "应当"
    out = project({"en": [("e1", EN, [obligation(EN, "should")])], "zh-Hans": [("z1", zh, [own])]})
    assert out == {}


def test_english_is_never_a_target():
    zh = "推动开源。"
    zh_own = Finding("Obligation", 0, 2, "推动", "zh-imperative", None, "开源")
    out = project({"en": [("e1", "Promote open source.", [])], "zh-Hans": [("z1", zh, [zh_own])]})
    assert out == {}


def test_only_aligned_clauses_receive_the_obligation():
    e1, e2 = "AI brings opportunities.", "We should share data responsibly."
    z1, z2 = "人工智能带来机遇。", "负责任地共享数据。"
    out = project({"en": [("e1", e1, []), ("e2", e2, [obligation(e2, "should")])],
                   "zh-Hans": [("z1", z1, []), ("z2", z2, [])]})
    assert list(out) == ["z2"]
    assert out["z2"][0].projected_from == "e2"


def test_no_source_commitment_no_projection():
    out = project({"en": [("e1", "AI brings opportunities.", [support("We support AI.", "support")])],
                   "zh-Hans": [("z1", "人工智能带来机遇。", [])]})
    assert out == {}  # only Obligation is projected


def test_projected_findings_never_serve_as_sources():
    zh_hant = "推動開源合作。"
    carried = Finding("Obligation", 0, 6, "推動開源合作", "projected-from-en", None, "推動開源合作",
                      projected_from="e9")
    out = project({"zh-Hant": [("t1", zh_hant, [carried])], "zh-Hans": [("s1", "推动开源合作。", [])]})
    assert out == {}


def test_english_is_preferred_over_another_target_language():
    en_bearer = Mention(0, 9, "Providers", "providers")
    hant_bearer = Mention(0, 3, "開發者", "developers")
    en = "Providers should share data."
    hant = "開發者應共享數據。"
    out = project({
        "en": [("e1", en, [obligation(en, "should", en_bearer)])],
        "zh-Hant": [("t1", hant, [Finding("Obligation", 3, 4, "應", "zh-modal-ying", hant_bearer, "共享數據")])],
        "zh-Hans": [("s1", "共享数据。", [])],
    })
    assert list(out) == ["s1"]
    (f,) = out["s1"]
    assert f.rule == "projected-from-en" and f.projected_from == "e1"
    assert f.bearer.actor == "providers"


def test_chinese_source_when_there_is_no_english():
    hant = "開發者應共享數據。"
    src = Finding("Obligation", 3, 4, "應", "zh-modal-ying", Mention(0, 3, "開發者", "developers"), "共享數據")
    (f,) = project({"zh-Hant": [("t1", hant, [src])], "zh-Hans": [("s1", "共享数据。", [])]})["s1"]
    assert f.rule == "projected-from-zh-Hant" and f.source_cue == (1, 3, 4)
    assert (f.bearer.actor, f.bearer.label, f.bearer.rule) == ("developers", "開發者", "projected")


def test_source_index_counts_the_commitments_in_cue_order():
    en = "We support open science and we should share data."
    sup, obl = support(en, "support"), obligation(en, "should")
    assert (sup.cue_start, obl.cue_start) == (3, 31)
    # given out of order: the index is the obligation's place among the clause's cues (k2)
    (f,) = project({"en": [("e1", en, [obl, sup])], "zh-Hans": [("z1", "共享数据。", [])]})["z1"]
    assert f.source_cue == (2, 31, 37)


def test_co_bearers_are_carried_over():
    en = "Governments and companies should cooperate."
    gov = Mention(0, 25, "Governments and companies", "governments")
    comp = Mention(16, 25, "companies", "companies")
    (f,) = project({"en": [("e1", en, [obligation(en, "should", gov, (comp,))])],
                    "zh-Hans": [("z1", "加强合作。", [])]})["z1"]
    assert f.bearer.actor == "governments"
    assert [(m.actor, m.rule, m.start, m.end) for m in f.co_bearers] == [("companies", "projected", 0, 0)]


def test_source_without_bearer_gives_no_bearer():
    en = "Transparency should be ensured."
    (f,) = project({"en": [("e1", en, [obligation(en, "should", None)])],
                    "zh-Hans": [("z1", "确保透明。", [])]})["z1"]
    assert f.bearer is None and f.co_bearers == ()
