"""Tests for govkg.core.text: CJK detection and Simplified <-> Traditional Chinese."""

from __future__ import annotations

import unicodedata

import pytest

from govkg.core import text
from govkg.core.text import is_cjk, is_han, to_simplified, to_traditional

# (code point, block) chosen by Unicode block, first and last of each where useful
CJK = [
    (0x4E00, "CJK Unified Ideographs (first)"), (0x4E2D, "中"), (0x9FA5, "龥"), (0x9FFF, "CJK Unified (last)"),
    (0x3400, "Extension A (first)"), (0x4DBF, "Extension A (last)"),
    (0x3000, "ideographic space"), (0x3001, "、"), (0x3002, "。"), (0x300C, "「"), (0x303F, "CJK Symbols (last)"),
    (0xFF01, "！"), (0xFF0C, "，"), (0xFF1F, "？"), (0xFF21, "Ａ"), (0xFF00, "Halfwidth/Fullwidth (first)"),
    (0xFFEF, "Halfwidth/Fullwidth (last)"),
    (0x20000, "Extension B (first)"), (0x2A700, "Extension C"), (0x2B740, "Extension D"), (0x2CEB0, "Extension F"),
    (0xF900, "豈 CJK Compatibility Ideographs (first)"), (0xFA11, "﨑"), (0xFAFF, "Compatibility (last)"),
    (0x2F800, "CJK Compatibility Ideographs Supplement"), (0x2FA1D, "Compatibility Supplement (last assigned)"),
]
NOT_CJK = [
    (ord("a"), "Latin"), (ord("Z"), "Latin"), (ord("1"), "digit"), (ord(" "), "space"), (ord("."), "full stop"),
    (ord(","), "comma"), (0xE9, "é"), (0x3B1, "α Greek"), (0x42F, "Я Cyrillic"), (0x5D0, "א Hebrew"),
    (0xD55C, "한 Hangul syllable"), (0x3042, "あ Hiragana"), (0x30A2, "ア Katakana"),
    (0x4DC0, "䷀ Yijing Hexagram Symbols"), (0xFFF0, "Specials"), (0xFFFD, "replacement character"),
    (0x1F600, "emoji"), (0x2FA20, "after the Compatibility Supplement"), (0x2014, "em dash"), (0x201C, "“"),
]


@pytest.mark.parametrize("cp, what", CJK, ids=lambda v: f"U+{v:04X}" if isinstance(v, int) else "")
def test_is_cjk_true(cp, what):
    assert is_cjk(chr(cp)), what


@pytest.mark.parametrize("cp, what", NOT_CJK, ids=lambda v: f"U+{v:04X}" if isinstance(v, int) else "")
def test_is_cjk_false(cp, what):
    assert not is_cjk(chr(cp)), what


def test_is_cjk_on_every_unified_and_compatibility_ideograph_of_the_bmp_and_ext_b_to_f():
    for lo, hi in [(0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2FA1F)]:
        for cp in range(lo, hi + 1):
            if unicodedata.name(chr(cp), "").startswith(("CJK UNIFIED IDEOGRAPH", "CJK COMPATIBILITY IDEOGRAPH")):
                assert is_cjk(chr(cp)), hex(cp)


def test_is_cjk_extension_g():
    ch = chr(0x30000)
    assert unicodedata.name(ch).startswith("CJK UNIFIED IDEOGRAPH")
    assert is_cjk(ch)


@pytest.mark.parametrize("ch", ["中", "发", "發", "㐀", "\u4dbf", "\u9fa5", "豈", "﨑"])
def test_is_han_true_for_ideographs(ch):
    assert is_han(ch)
    assert is_cjk(ch)


@pytest.mark.parametrize("ch", ["。", "、", "「", "\u3000", "！", "？", "Ａ", "a", "1", " ", "あ", "ア", "한"])
def test_is_han_false_for_punctuation_full_width_and_other_scripts(ch):
    assert not is_han(ch)


def test_is_han_is_narrower_than_is_cjk_on_punctuation():
    # is_cjk takes CJK punctuation and full-width forms; is_han does not
    for ch in "。、「」《》（）！？；：，":
        assert is_cjk(ch) and not is_han(ch), ch


def test_is_han_refuses_the_yijing_hexagrams():
    assert not is_han("\u4dc0")  # ䷀ HEXAGRAM FOR THE CREATIVE HEAVEN
    assert all(is_cjk(chr(cp)) for cp in range(0x3000, 0x10000) if is_han(chr(cp)))


# ── OpenCC ──────────────────────────────────────────────────────────────────────

@pytest.mark.parametrize("simplified, traditional", [
    ("发展", "發展"),
    ("国家", "國家"),
    ("汉语", "漢語"),
    ("数据安全", "數據安全"),
    ("这是一个测试", "這是一個測試"),
    ("人工智能治理", "人工智能治理"),  # the same in both scripts
])
def test_simplified_to_traditional_and_back(simplified, traditional):
    assert to_traditional(simplified) == traditional
    assert to_simplified(traditional) == simplified


def test_conversion_leaves_latin_digits_and_punctuation_alone():
    s = "AI Act 2024: Article 5(1)."
    assert to_traditional(s) == s
    assert to_simplified(s) == s
    assert to_traditional("") == "" and to_simplified("") == ""


def test_conversion_of_mixed_text_keeps_its_length_and_non_han_characters():
    s = "第三条 发展 AI，促进国际合作。"
    t = to_traditional(s)
    assert t == "第三條 發展 AI，促進國際合作。"
    assert len(t) == len(s)
    assert to_simplified(t) == s


def test_already_converted_text_is_unchanged():
    assert to_traditional("發展") == "發展"
    assert to_simplified("发展") == "发展"


def test_one_converter_per_direction_built_once(monkeypatch):
    import opencc

    built = []
    real = opencc.OpenCC
    monkeypatch.setattr(opencc, "OpenCC", lambda config: built.append(config) or real(config))
    text._cc.cache_clear()
    try:
        for _ in range(3):
            to_traditional("发展")
            to_simplified("發展")
        assert sorted(built) == ["s2t", "t2s"]
    finally:
        monkeypatch.undo()
        text._cc.cache_clear()


def test_lang_case_restores_bcp47_casing():
    # BCP 47 section 2.1.1: script subtags title case, region subtags upper case
    assert text.lang_case("zh-hant") == "zh-Hant"
    assert text.lang_case("EN-gb") == "en-GB"
    assert text.lang_case("zh-hans-cn") == "zh-Hans-CN"
    assert text.lang_case("es-419") == "es-419"
