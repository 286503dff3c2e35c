"""Tests for govkg.core.limits: the limits on one source file (data/limits.toml)."""

from __future__ import annotations

import tomllib

import pytest

from govkg.core import limits, paths
from govkg.core.errors import InputError
from govkg.core.limits import Limits, check_text, load

SMALL = Limits(max_source_bytes=1000, max_lines=50, max_paragraph_lines=3, max_chars_without_sentence_end=20)
GOOD = "max_source_bytes = 10\nmax_lines = 20\nmax_paragraph_lines = 30\nmax_chars_without_sentence_end = 40\n"


def _write(tmp_path, text, name="limits.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _refusal(text, limits_=SMALL, path="sources/doc.txt") -> str:
    with pytest.raises(InputError) as exc:
        check_text(path, text, limits_)
    msg = str(exc.value)
    assert "\n" not in msg
    assert msg.startswith(f"{path}: ")
    return msg


# ── the limits file ─────────────────────────────────────────────────────────────

def test_the_limits_are_those_of_data_limits_toml():
    assert limits.LIMITS_TOML == paths.DATA / "limits.toml"
    data = tomllib.loads(limits.LIMITS_TOML.read_text(encoding="utf-8"))
    assert limits.LIMITS == Limits(**data)
    assert limits.LIMITS.max_source_bytes == 20 * 1024 * 1024  # 20 MiB, as SECURITY.md says


def test_load_reads_a_limits_file(tmp_path):
    assert load(_write(tmp_path, GOOD)) == Limits(10, 20, 30, 40)


def test_limits_are_frozen():
    with pytest.raises(AttributeError):
        limits.LIMITS.max_lines = 1


def test_load_refuses_a_missing_file(tmp_path):
    path = tmp_path / "nope.toml"
    with pytest.raises(InputError) as exc:
        load(path)
    assert str(exc.value).startswith(f"{path}: cannot read the limits")


def test_load_refuses_bad_toml(tmp_path):
    path = _write(tmp_path, "max_lines = = 3\n")
    with pytest.raises(InputError, match="cannot read the limits") as exc:
        load(path)
    assert "\n" not in str(exc.value)


def test_load_refuses_a_file_not_utf8(tmp_path):
    path = tmp_path / "limits.toml"
    path.write_bytes(b"# \xff\xfe\nmax_lines = 3\n")
    with pytest.raises(InputError, match="cannot read the limits"):
        load(path)


@pytest.mark.parametrize("bad", ["0", "-5", "1.5", "true", '"100"', "[1]"])
def test_load_refuses_a_limit_not_a_positive_whole_number(tmp_path, bad):
    path = _write(tmp_path, GOOD.replace("max_lines = 20", f"max_lines = {bad}"))
    with pytest.raises(InputError) as exc:
        load(path)
    assert str(exc.value) == f"{path}: 'max_lines' must be a positive whole number"


def test_load_refuses_a_missing_limit(tmp_path):
    path = _write(tmp_path, GOOD.replace("max_paragraph_lines = 30\n", ""))
    with pytest.raises(InputError) as exc:
        load(path)
    assert str(exc.value) == f"{path}: 'max_paragraph_lines' must be a positive whole number"


def test_load_refuses_an_unknown_limit(tmp_path):
    path = _write(tmp_path, GOOD + "max_words = 5\n")
    with pytest.raises(InputError) as exc:
        load(path)
    msg = str(exc.value)
    assert msg.startswith(f"{path}: unknown limit 'max_words' (known: ")
    for name in ("max_source_bytes", "max_lines", "max_paragraph_lines", "max_chars_without_sentence_end"):
        assert name in msg


# ── check_text: within the limits ───────────────────────────────────────────────

@pytest.mark.parametrize("text", [
    "",
    "One. Two.\n\nThree.\n",
    "a.\nb.\nc.\n",                          # a paragraph of exactly 3 lines
    "a.\nb.\nc.\n\nd.\ne.\nf.\n",            # two paragraphs of 3
    "a.\nb.\n   \nc.\nd.\ne.\n",             # a whitespace-only line is a blank line
    "a.\r\nb.\r\nc.\r\n\r\nd.\r\n",          # CRLF
    "a" * 20 + ".",                          # a run of exactly 20
    "a" * 20 + "\n\n" + "b" * 20,            # a blank line ends a run
    "中" * 20 + "。" + "文" * 20 + "！" + "字" * 20 + "？" + "句" * 20 + "；" + "x" * 20,
    "a" * 20 + "!" + "b" * 20 + "?" + "c" * 20 + ";" + "d" * 20,
])
def test_check_text_accepts_a_text_within_the_limits(text):
    assert check_text("doc.txt", text, SMALL) is None


def test_check_text_defaults_to_the_project_limits():
    check_text("doc.txt", "A short text.\n\nAnother paragraph.\n")
    n = limits.LIMITS.max_chars_without_sentence_end
    check_text("doc.txt", "a" * n)
    with pytest.raises(InputError, match="max_chars_without_sentence_end"):
        check_text("doc.txt", "a" * (n + 1))


# ── check_text: refusals ────────────────────────────────────────────────────────

def test_check_text_counts_lines_blank_ones_included():
    lim = Limits(1000, 5, 100, 100)
    check_text("d", "a.\n\nb.\n\nc.\n", lim)    # 5 lines
    check_text("d", "a.\n\nb.\n\nc.", lim)      # 5 lines, the last without a newline
    msg = _refusal("a.\n\nb.\n\nc.\n\n", lim)   # 6 lines: a trailing blank line counts
    assert msg == "sources/doc.txt: 6 lines, over the limit of 5 (data/limits.toml: max_lines)"
    assert _refusal("a.\n\nb.\n\nc.\n\nd.", lim).startswith("sources/doc.txt: 7 lines, over the limit of 5 ")


def test_check_text_refuses_a_long_paragraph_naming_its_line():
    msg = _refusal("x.\n\na.\nb.\nc.\nd.\n")
    assert msg == ("sources/doc.txt: the paragraph at line 3 has 4 lines with no blank line between them, "
                   "over the limit of 3 (data/limits.toml: max_paragraph_lines)")


def test_check_text_paragraph_without_trailing_newline():
    assert "the paragraph at line 1 has 4 lines" in _refusal("a.\nb.\nc.\nd.")


def test_check_text_crlf_blank_line_separates_paragraphs():
    check_text("d", "a.\r\nb.\r\nc.\r\n \r\nd.\r\ne.\r\nf.\r\n", SMALL)
    assert "max_paragraph_lines" in _refusal("a.\r\nb.\r\nc.\r\nd.\r\n")


def test_check_text_refuses_a_run_without_sentence_end():
    msg = _refusal("a" * 21)
    assert msg == ("sources/doc.txt: the text at line 1 runs 21 characters without a sentence end "
                   "(. ! ? ; 。 ！ ？ ；), over the limit of 20 (data/limits.toml: max_chars_without_sentence_end)")


def test_check_text_a_single_newline_does_not_end_a_run():
    assert "runs 31 characters" in _refusal("a" * 15 + "\n" + "a" * 15)


def test_check_text_cjk_run_without_sentence_end():
    assert "runs 21 characters" in _refusal("中" * 21)
    assert "runs 21 characters" in _refusal("中" * 10 + "，" + "中" * 10)  # a comma ends no sentence


def test_check_text_run_names_the_line_where_its_text_starts():
    # after "Short." the run starts with the newline; its text starts on line 2
    assert "the text at line 2 runs 26 characters" in _refusal("Short.\n" + "b" * 25)
    # after a blank line the run starts on line 3
    assert "the text at line 3 runs 25 characters" in _refusal("Short.\n\n" + "b" * 25)


def test_check_text_writes_numbers_with_thousands_separators():
    lim = Limits(10**9, 10**6, 10**6, 1000)
    msg = _refusal("a" * 1500, lim)
    assert "runs 1,500 characters" in msg and "over the limit of 1,000 " in msg


def test_check_text_names_the_path_it_is_given(tmp_path):
    path = tmp_path / "sources" / "report.md"
    with pytest.raises(InputError) as exc:
        check_text(path, "z" * 50, SMALL)
    assert str(exc.value).startswith(f"{path}: the text at line 1 runs 50 characters")
