"""Readers on the seed files: what is kept as text and what is dropped (boundaries
read off the files; see tests/data/README.md)."""

from __future__ import annotations

import pytest
from conftest import ROOT

from govkg.core.errors import InputError
from govkg.core.model import Source
from govkg.ingest.readers import read

SRC = ROOT / "data" / "sources"
TITLE = ["Global AI Governance Initiative", "全球人工智能治理倡议"]


def load(name, fmt, langs):
    raw = (SRC / name).read_bytes().decode("utf-8")
    reading = read(raw, Source("s", name, fmt, langs, ("w",)), name, TITLE)
    return raw, reading


def texts(raw, reading, kinds=("paragraph", "item", "cell", "heading")):
    return [raw[b.start:b.end] for b in reading.blocks if b.kind in kinds]


@pytest.mark.parametrize("name", ["000_7c46fdd1e81dd43a.txt", "002_fd095af46876dc71.txt"])
def test_web_reader_keeps_fifteen_paragraphs_and_drops_boilerplate(name):
    raw, reading = load(name, "web", ("en",))
    body = texts(raw, reading)
    assert len(body) == 15
    assert body[0].startswith("Artificial") and body[-1].endswith("security, and governance.")
    assert body[3] == "To make this happen, we would like to suggest the following:"
    assert [raw[b.start:b.end] for b in reading.blocks if b.kind == "title"] == ["Global AI Governance Initiative"]


def test_ocr_reader_joins_page_broken_paragraphs():
    raw, reading = load("003_7d41c23aa6ac6b02.txt", "ocr", ("en",))
    body = texts(raw, reading)
    # 15 provisions; the page break after "share best practices." leaves provision 13
    # in two blocks ("On this basis, ..." starts with a capital), joined later by alignment
    assert len(body) == 16
    assert body[0].endswith("bears on the future of humanity.")
    assert "rights to\n\n\n\ndevelop and use AI" in body[7]
    assert body[13].startswith("On this basis")


def test_table_reader_rows_and_languages():
    raw, reading = load("004_c3d48206e3d139f0.txt", "table", ("zh-Hant", "en"))
    cells = [b for b in reading.blocks if b.kind == "cell"]
    assert len(cells) == 30 and max(b.row for b in cells) == 15
    assert {b.lang for b in cells} == {"zh-Hant", "en"}
    row5 = [raw[b.start:b.end] for b in cells if b.row == 5]
    assert row5[0].startswith("發展人工智能應堅持"), "the —— item marker is not text"
    assert row5[1].startswith("We should uphold a people-centered approach")
    assert [raw[b.start:b.end] for b in reading.blocks if b.kind == "label"] == ["(來源:“網信中國”微信公眾號)"]


def test_aggregator_reader_splits_excerpts_at_attributions():
    raw, reading = load("001_caf825a306b964ef.txt", "aggregator", ("zh-Hans", "en"))
    assert len(reading.attributions) == 6
    att = [reading.attributions[i] for i in sorted(reading.attributions)]
    assert att[0].titles == {"zh-Hans": "全球人工智能治理倡议"} and att[0].issuer == "Cyberspace Administration of China"
    assert att[0].date == "2023-10-18"
    assert att[1].date == "2024-03-03" and att[1].issuer == "China Africa Internet Development and Cooperation Forum"
    assert att[3].titles["en"] == "G20 AI Principles" and att[3].date == "2019-06-09"
    assert att[4].date == "2019-06-17" and att[5].date == "2019-05-22"
    labels = [raw[b.start:b.end] for b in reading.blocks if b.kind == "label"]
    assert labels == ["相关原则", "(preamble)"]
    headings = [(raw[b.start:b.end], b.number) for b in reading.blocks if b.kind == "heading"]
    assert headings == [("Strengthen policy dialogue and communication.", None),
                        ("International co operation for trustworthy AI", "2.5"),
                        ("Open and Collaboration", "7"),
                        ("International co operation for trustworthy AI", "2.5")]


def test_unknown_format_is_one_clear_error():
    with pytest.raises(InputError, match="unknown format 'pdf'"):
        read("text", Source("s", "x.txt", "pdf", ("en",), ("w",)), "x.txt")


def test_file_with_nothing_usable_is_an_error():
    with pytest.raises(InputError, match="found no text"):
        read("Home > News\n\n2023-10-24\n", Source("s", "x.txt", "web", ("en",), ("w",)), "x.txt")
