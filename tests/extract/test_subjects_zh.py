"""Unit tests for govkg/extract/subjects_zh.py (Chinese subjects and listed addressees)."""

from __future__ import annotations

import pytest

from govkg.extract.findings import ISSUER
from govkg.extract.mentions import mentions
from govkg.extract.subjects_zh import after_cue_zh, list_after_zh, subject_zh


def subj(text: str, cue: str, region: int = 0):
    return subject_zh(text, region, text.index(cue), mentions(text))


def listed(text: str, cue: str):
    pos = text.index(cue) + len(cue)
    return list_after_zh(text, pos, mentions(text))


def after(text: str, cue: str):
    pos = text.index(cue) + len(cue)
    return after_cue_zh(text, pos, mentions(text))


def spans(ms):
    return [(m.start, m.end, m.text) for m in ms]


# ------------------------------------------------------------------ subject_zh

def test_article_marker_is_kept_out_of_the_subject():
    text = "第三条 提供者应当公开服务规则。"
    bearer, co = subj(text, "应当")
    assert (bearer.start, bearer.end, bearer.text, bearer.actor, co) == (4, 7, "提供者", "providers", ())


def test_item_marker_is_kept_out_of_the_subject():
    text = "（一）研发者不应滥用用户数据。"
    bearer, _ = subj(text, "不应")
    assert (bearer.start, bearer.end, bearer.actor) == (3, 6, "rd-entities")
    assert text[3:6] == "研发者"


def test_gefang_is_minted_as_an_actor():
    text = "各方不得滥用数据。"
    bearer, co = subj(text, "不得")
    assert (bearer.start, bearer.end, bearer.text, co) == (0, 2, "各方", ())
    assert bearer.minted and bearer.label == "各方" and bearer.actor.startswith("h-")


def test_phrase_ending_in_a_vocabulary_actor_bears_its_actor():
    text = "平台运营者也应当遵守本办法。"  # 也: an adverb between subject and cue
    bearer, _ = subj(text, "应当")
    assert (bearer.start, bearer.end, bearer.text, bearer.actor, bearer.minted) == (
        0, 5, "平台运营者", "operators", False)


def test_unknown_department_is_minted():
    text = "本地网信部门应当加强监督。"
    bearer, _ = subj(text, "应当")
    assert (bearer.start, bearer.end, bearer.text, bearer.minted) == (0, 6, "本地网信部门", True)


def test_we_is_the_issuer():
    text = "我们应当坚持以人为本。"
    bearer, _ = subj(text, "应当")
    assert (bearer.start, bearer.end, bearer.actor) == (0, 2, ISSUER)


def test_qi_is_an_anaphor():
    text = "其应当建立投诉机制。"
    bearer, _ = subj(text, "应当")
    assert (bearer.start, bearer.end, bearer.text, bearer.actor, bearer.rule) == (0, 1, "其", None, "anaphor")


def test_listed_subject_with_co_bearers():
    text = "政府、企业和社会组织应当加强合作。"
    bearer, co = subj(text, "应当")
    assert (bearer.start, bearer.end, bearer.text, bearer.actor) == (0, 10, "政府、企业和社会组织", "governments")
    assert [(m.text, m.actor) for m in co] == [("企业", "companies"), ("社会组织", "civil-organizations")]


def test_subject_opening_an_earlier_segment():
    text = "开发者在训练模型时，应当保护个人信息。"
    bearer, _ = subj(text, "应当")
    assert (bearer.start, bearer.end, bearer.actor) == (0, 3, "developers")


def test_traditional_subordinate_clause_opening_actor():
    text = "各機關採購生成式AI服務時，應審慎評估風險。"
    bearer, _ = subj(text, "應")
    assert (bearer.start, bearer.end, bearer.text, bearer.minted) == (0, 3, "各機關", True)


def test_subject_in_the_cue_segment_after_an_adverbial():
    text = "在数据治理方面，各方应当加强合作。"
    bearer, _ = subj(text, "应当")
    assert (bearer.start, bearer.end, bearer.text) == (8, 10, "各方")


def test_only_the_last_item_after_a_non_actor_run_can_be_the_subject():
    text = "平台不得滥用技术、用户有权投诉。"
    bearer, co = subj(text, "有权")
    assert (bearer.start, bearer.end, bearer.text, bearer.actor, co) == (9, 11, "用户", "users", ())


@pytest.mark.parametrize("text, cue", [
    ("相关数据应当保存三年。", "应当"),      # 数据 names no actor
    ("为促进发展，应当加强合作。", "应当"),  # a purpose clause, no subject
    ("各级财政资金不得用于购买境外算法。", "不得"),
])
def test_no_subject(text, cue):
    assert subj(text, cue) == (None, ())


def test_subject_longer_than_the_limit_is_no_subject():
    long = "全国新一代人工智能伦理与安全标准研究工作小组应当按期报告。"  # 22 characters before 应当
    assert subj(long, "应当") == (None, ())
    short = "人工智能伦理工作小组应当按期报告。"
    bearer, _ = subj(short, "应当")
    assert (bearer.start, bearer.end, bearer.text, bearer.minted) == (0, 10, "人工智能伦理工作小组", True)


# ------------------------------------------------------------------ list_after_zh

def test_list_after_encourage_splits_at_enumeration_comma_and_yu():
    text = "鼓励企业、高校与社会组织参与标准制定。"
    got = listed(text, "鼓励")
    assert spans(got) == [(2, 4, "企业"), (5, 7, "高校"), (8, 12, "社会组织")]
    assert [m.actor for m in got] == ["companies", "research-institutes", "civil-organizations"]


def test_list_after_call_with_he():
    text = "呼吁各国政府和国际组织加强对话。"
    got = listed(text, "呼吁")
    assert [(m.text, m.actor) for m in got] == [("各国政府", "governments"),
                                               ("国际组织", "international-organizations")]


def test_list_after_stops_at_deng():
    text = "鼓励高校、科研机构等开展合作。"
    assert spans(listed(text, "鼓励")) == [(2, 4, "高校"), (5, 9, "科研机构")]


def test_list_item_that_ends_like_no_actor_joins_the_next():
    text = "支持教育和科研机构开展研究。"
    (m,) = listed(text, "支持")
    assert (m.start, m.end, m.text, m.minted) == (2, 9, "教育和科研机构", True)


def test_list_of_minted_actors():
    text = "鼓励数据交易平台和行业协会制定规则。"
    got = listed(text, "鼓励")
    assert spans(got) == [(2, 8, "数据交易平台"), (9, 13, "行业协会")]
    assert all(m.minted for m in got)


def test_nothing_listed():
    assert listed("鼓励创新。", "鼓励") == ()


# ------------------------------------------------------------------ after_cue_zh

def test_after_ban_the_vocabulary_phrase_wins_over_its_pieces():
    text = "禁止任何组织和个人伪造他人声音。"
    got = after(text, "禁止")
    assert [(m.start, m.end, m.text, m.actor) for m in got] == [
        (2, 9, "任何组织和个人", "any-organization-or-individual")]


def test_after_encourage_keeps_the_list():
    text = "鼓励企业、高校与社会组织参与标准制定。"
    assert [m.actor for m in after(text, "鼓励")] == ["companies", "research-institutes",
                                                     "civil-organizations"]


def test_after_welcome_one_vocabulary_actor():
    text = "欢迎联合国发挥作用。"
    assert [(m.start, m.end, m.actor) for m in after(text, "欢迎")] == [(2, 5, "united-nations")]


def test_after_cue_vocabulary_chain():
    text = "禁止政府、企业滥用人脸数据。"
    got = after(text, "禁止")
    assert [(m.start, m.end, m.actor) for m in got] == [(2, 4, "governments"), (5, 7, "companies")]
