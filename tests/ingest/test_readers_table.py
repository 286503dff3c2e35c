"""govkg.ingest.readers.table: ' | ' bilingual tables, one row per provision, each cell a block."""

from __future__ import annotations

from govkg.core.model import Source
from govkg.ingest.readers import table


def read(raw: str, langs=("zh-Hans", "en")):
    return table.read(raw, Source("t", "t.txt", "table", tuple(langs), ("w",)), [])


TABLE = ("| 中文 | English |\n"
         "|---|:---:|\n"
         "| 第一条 提供者应当保存记录。 | Article 1 Providers shall keep records. |\n"
         "| ——用户应当报告事件。 | — Users should report incidents. |\n"
         "|  | |\n"
         "| 仅有中文的一行 |  |\n"
         "| 为此，我们倡议： | To this end, we propose: |\n"
         "(来源：网信中国)\n")


def test_cells_rows_languages_and_labels():
    r = read(TABLE)
    got = [(b.kind, b.row, b.lang, TABLE[b.start:b.end]) for b in r.blocks]
    assert got == [
        ("cell", 1, "zh-Hans", "中文"),
        ("cell", 1, "en", "English"),
        ("cell", 2, "zh-Hans", "第一条 提供者应当保存记录。"),  # numbers stay in the cell's text
        ("cell", 2, "en", "Article 1 Providers shall keep records."),
        ("cell", 3, "zh-Hans", "用户应当报告事件。"),  # the dash item marker is not text
        ("cell", 3, "en", "Users should report incidents."),
        ("label", None, "zh-Hans", "仅有中文的一行"),  # one non-empty cell: a label, no row
        ("cell", 4, "zh-Hans", "为此，我们倡议："),
        ("cell", 4, "en", "To this end, we propose:"),
        ("label", None, "zh-Hans", "(来源：网信中国)"),
    ]
    assert r.attributions == {}


def test_a_table_without_outer_bars():
    raw = "發展人工智能應堅持以人為本。 | AI should put people first.\n用戶應當報告事件。|Users should report.\n"
    r = read(raw, langs=("zh-Hant", "en"))
    got = [(b.row, b.lang, raw[b.start:b.end]) for b in r.blocks]
    assert got == [(1, "zh-Hant", "發展人工智能應堅持以人為本。"), (1, "en", "AI should put people first."),
                   (2, "zh-Hant", "用戶應當報告事件。"), (2, "en", "Users should report.")]


def test_more_than_two_columns_and_crlf():
    raw = "| 一 | 第一条 保存记录。 | Keep records. |\r\n| 二 | 第二条 报告事件。 | Report incidents. |\r\n"
    r = read(raw)
    rows = {}
    for b in r.blocks:
        rows.setdefault(b.row, []).append(raw[b.start:b.end])
    assert rows == {1: ["一", "第一条 保存记录。", "Keep records."], 2: ["二", "第二条 报告事件。", "Report incidents."]}
    assert not any("\r" in raw[b.start:b.end] or "|" in raw[b.start:b.end] for b in r.blocks)


def test_separator_rows_and_blank_lines_are_skipped():
    raw = "\n---|---\n\nA cell | 一个单元格\n  |  \n:-: | :-:\n"
    r = read(raw)
    assert [(b.kind, b.row, raw[b.start:b.end]) for b in r.blocks] == [
        ("cell", 1, "A cell"), ("cell", 1, "一个单元格")]


def test_a_file_of_single_cells_has_only_labels():
    raw = "Source: the Cyberspace Administration\n| only one cell |\n"
    r = read(raw)
    assert [(b.kind, raw[b.start:b.end]) for b in r.blocks] == [
        ("label", "Source: the Cyberspace Administration"), ("label", "only one cell")]
