"""govkg.ingest.readers.common: paragraph and line spans, markers, language and prose tests."""

from __future__ import annotations

import pytest

from govkg.ingest.readers import common


def spans_text(raw, spans):
    return [raw[s:e] for s, e in spans]


# ── paragraphs / lines ───────────────────────────────────────────────────────────────

DOC = ("  Rules for Providers  \n"
       "\n"
       "\n"
       " Providers shall keep\n"
       "  records of every model. \n"
       " \t \n"
       "Users should report incidents.\n")


def test_paragraphs_are_runs_of_non_blank_lines_trimmed():
    spans = common.paragraphs(DOC)
    assert spans_text(DOC, spans) == [
        "Rules for Providers",
        "Providers shall keep\n  records of every model.",
        "Users should report incidents.",
    ]
    # the offsets point at the trimmed text itself
    assert spans[0] == (2, 2 + len("Rules for Providers"))
    start = DOC.index("Providers shall")
    assert spans[1] == (start, DOC.index("model.") + len("model."))


def test_a_whitespace_only_line_breaks_a_paragraph():
    raw = "First line.\n   \t\nSecond line.\n"
    assert spans_text(raw, common.paragraphs(raw)) == ["First line.", "Second line."]


def test_paragraphs_inside_a_window_only():
    start = DOC.index(" Providers shall")
    end = DOC.index(" \t \n")
    spans = common.paragraphs(DOC, start, end)
    assert spans_text(DOC, spans) == ["Providers shall keep\n  records of every model."]
    assert all(start <= s and e <= end for s, e in spans)


def test_paragraphs_of_a_crlf_file_keep_offsets_into_the_raw_text():
    raw = "Title\r\n\r\nLine one\r\nline two.\r\n\r\nLast.\r\n"
    spans = common.paragraphs(raw)
    assert spans_text(raw, spans) == ["Title", "Line one\r\nline two.", "Last."]
    assert not any(raw[e - 1] == "\r" for _, e in spans)


def test_paragraphs_of_a_text_with_no_content():
    assert common.paragraphs("\n  \n\t\n") == []


def test_lines_are_the_trimmed_non_blank_lines():
    spans = common.lines(DOC, 0, len(DOC))
    assert spans_text(DOC, spans) == [
        "Rules for Providers",
        "Providers shall keep",
        "records of every model.",
        "Users should report incidents.",
    ]


def test_lines_of_one_paragraph_span():
    s = DOC.index("Providers shall")
    e = DOC.index("model.") + len("model.")
    assert spans_text(DOC, common.lines(DOC, s, e)) == ["Providers shall keep", "records of every model."]


# ── strip_span / strip_marker ────────────────────────────────────────────────────────

def test_strip_span_drops_spaces_bom_and_zero_width_space_at_the_start():
    raw = "\ufeff\u200b  一个单元格 \t"
    s, e = common.strip_span(raw, 0, len(raw))
    assert raw[s:e] == "一个单元格"


def test_strip_span_of_blank_text_is_empty():
    raw = "   \t "
    s, e = common.strip_span(raw, 0, len(raw))
    assert s == e


@pytest.mark.parametrize("raw, text", [
    ("——加强人工智能国际合作。", "加强人工智能国际合作。"),
    ("—— 加强合作。", "加强合作。"),
    ("- Providers shall keep records.", "Providers shall keep records."),
    ("• Users should report incidents.", "Users should report incidents."),
    ("* Member States should test.", "Member States should test."),
])
def test_strip_marker_removes_a_leading_list_marker(raw, text):
    s, e, marked = common.strip_marker(raw, 0, len(raw))
    assert marked is True
    assert raw[s:e] == text


@pytest.mark.parametrize("raw", ["Providers shall keep records.", "——", "-", "发展人工智能应当以人为本。"])
def test_strip_marker_leaves_unmarked_text_or_a_lone_marker(raw):
    assert common.strip_marker(raw, 0, len(raw)) == (0, len(raw), False)


def test_strip_marker_inside_a_larger_text():
    raw = "Lead-in:\n— Providers shall keep records."
    s0 = raw.index("—")
    s, e, marked = common.strip_marker(raw, s0, len(raw))
    assert marked and raw[s:e] == "Providers shall keep records."


@pytest.mark.xfail(strict=True, reason="bug: ITEM_MARKER accepts '-' with no space after it, so the minus "
                                       "sign of a negative number ('-5 degrees') is stripped as a list bullet")
def test_a_minus_sign_is_no_list_marker():
    raw = "-5 degrees is the lowest storage temperature."
    assert common.strip_marker(raw, 0, len(raw)) == (0, len(raw), False)


# ── language ─────────────────────────────────────────────────────────────────────────

@pytest.mark.parametrize("text, expected", [
    ("人工智能治理", True),
    ("AI 人工智能治理", True),  # 6 CJK letters against 2 Latin ones
    ("The AI 治理 framework is global", False),  # 2 CJK letters against 22 Latin ones
    ("Providers shall keep records.", False),
    ("2024 / 12", False),
])
def test_is_chinese(text, expected):
    assert common.is_chinese(text) is expected


@pytest.mark.parametrize("text, declared, expected", [
    ("Providers shall keep records.", ("zh-Hans",), "en"),
    ("發展人工智能應堅持以人為本。", ("zh-Hans",), "zh-Hant"),  # Traditional forms win over the catalog
    ("发展人工智能应坚持以人为本。", ("zh-Hant",), "zh-Hans"),  # Simplified forms win over the catalog
    ("人工智能", ("en", "zh-Hant"), "zh-Hant"),  # the same in both scripts: the catalog's word
    ("人工智能", ("en",), "zh-Hans"),  # ... and zh-Hans when the catalog names no Chinese
])
def test_detect_lang(text, declared, expected):
    assert common.detect_lang(text, declared) == expected


# ── sentence ends, word counts, prose ────────────────────────────────────────────────

@pytest.mark.parametrize("text, expected", [
    ("Providers shall keep records.", True),
    ("He said “stop.”", True),  # closing quotes are looked through
    ("以人为本。」", True),
    ("To this end, we propose:", True),  # a colon ends a sentence for the readers
    ("Research Issues", False),
    ("范围（一）", False),
    ("", False),
])
def test_ends_sentence(text, expected):
    assert common.ends_sentence(text) is expected


@pytest.mark.parametrize("text, expected", [
    ("Hello, world 2024!", 3),
    ("人工智能治理", 3),  # two CJK characters make a word
    ("AI 治理", 2),
    ("", 0),
])
def test_word_count(text, expected):
    assert common.word_count(text) == expected


@pytest.mark.parametrize("text, lang, expected", [
    ("Providers shall keep records of every model.", "en", True),
    ("Providers shall keep records.", "en", False),  # four words: too short for running text
    ("Providers of AI systems shall keep records of every model", "en", False),  # no sentence end
    ("Providers shall keep records of every model.", "zh-Hans", False),  # not the page's language
    ("各国应当共同推动人工智能安全发展。", "zh-Hans", True),
    ("各国应当共同推动人工智能安全发展。", "en", False),
])
def test_is_prose(text, lang, expected):
    assert common.is_prose(text, lang) is expected


def test_numbered_pattern_splits_number_and_rest():
    m = common.NUMBERED.match("第三条 提供者应当保存记录。")
    assert (m.group("num"), m.group("rest")) == ("第三条", "提供者应当保存记录。")
    m = common.NUMBERED.match("1.2. Providers shall keep records.")
    assert (m.group("num"), m.group("rest")) == ("1.2.", "Providers shall keep records.")
    m = common.NUMBERED.match("二、总体要求")
    assert (m.group("num"), m.group("rest")) == ("二、", "总体要求")
    assert common.NUMBERED.match("Providers shall keep records.") is None
