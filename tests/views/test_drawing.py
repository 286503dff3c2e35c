"""Label helpers of the figures: wrapping that never drops a character, widths that count
a Chinese character as two columns, and the overlap check the figure tests rely on."""

from __future__ import annotations

import matplotlib
import matplotlib.pyplot as plt
import pytest
from hypothesis import given
from hypothesis import strategies as st

from govkg.views.drawing import overlaps, rc, short, text_boxes, width, wrap

TITLE_EN = "Governance Principles for the New Generation Artificial Intelligence Developing Responsible Artificial Intelligence"
TITLE_ZH = "2024年中非互联网发展与合作论坛关于中非人工智能合作的主席声明"


def test_wrap_breaks_english_between_words_and_keeps_every_word():
    lines = wrap(TITLE_EN, 30)
    assert all(width(line) <= 30 for line in lines)
    assert " ".join(lines) == TITLE_EN
    assert lines[0] == "Governance Principles for the"


def test_wrap_breaks_chinese_anywhere_counting_two_columns():
    lines = wrap(TITLE_ZH, 20)
    assert "".join(lines) == TITLE_ZH
    assert lines[0] == "2024年中非互联网发展"  # 4 + 8 x 2 = 20 columns
    assert all(width(line) <= 20 for line in lines)


def test_wrap_splits_a_word_longer_than_a_line_and_can_end_in_an_ellipsis():
    assert wrap("an extraordinarilylongword here", 8) == ["an", "extraord", "inarilyl", "ongword", "here"]
    assert wrap("one two three four five six", 10, max_lines=2)[-1].endswith("…")


@given(st.text(alphabet=st.sampled_from("ab cd 人工智能 -·"), max_size=80), st.integers(4, 30))
def test_wrap_loses_no_character_and_respects_the_width(text, limit):
    lines = wrap(text, limit)
    assert "".join("".join(lines).split()) == "".join(text.split())
    assert all(width(line) <= limit for line in lines)


def test_short_cuts_with_an_ellipsis_only_when_needed():
    assert short("open source", 20) == "open source"
    assert short("risk-based testing and assessment", 12) == "risk-based…"  # never a space before the ellipsis
    assert short("风险等级测试评估", 9) == "风险等级…"


@pytest.fixture
def figure():
    with matplotlib.rc_context(rc()):
        fig, ax = plt.subplots(figsize=(4, 3))
        yield fig, ax
    plt.close(fig)


def test_overlaps_finds_two_labels_drawn_on_each_other_and_not_neighbours(figure):
    fig, ax = figure
    ax.text(0.1, 0.5, "accountability 问责", fontsize=10)
    ax.text(0.15, 0.5, "consensus 共识", fontsize=10)  # on top of the first
    ax.text(0.1, 0.1, "peace 和平", fontsize=10)  # well below both
    ax.set_axis_off()
    boxes = text_boxes(fig)
    assert sorted(t for t, _ in boxes) == ["accountability 问责", "consensus 共识", "peace 和平"]
    assert overlaps(boxes) == [("accountability 问责", "consensus 共识")]


def test_text_boxes_skip_the_tick_labels_of_an_axis_turned_off(figure):
    fig, ax = figure
    ax.set_yticks([0, 1], ["shown", "also shown"])
    assert {"shown", "also shown"} <= {t for t, _ in text_boxes(fig)}
    ax.set_axis_off()
    assert {"shown", "also shown"}.isdisjoint(t for t, _ in text_boxes(fig))
