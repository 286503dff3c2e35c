"""govkg.ingest.readers.web: the body of a web page kept, navigation and boilerplate dropped or labelled."""

from __future__ import annotations

import pytest

from govkg.core.errors import InputError
from govkg.core.model import Source
from govkg.ingest import readers
from govkg.ingest.readers import web


def src(langs=("en",)):
    return Source("t", "t.txt", "web", tuple(langs), ("w",))


def read(raw, titles=(), langs=("en",)):
    reading = web.read(raw, src(langs), list(titles))
    return [(b.kind, raw[b.start:b.end]) for b in reading.blocks], reading


PAGE = ("Home | News | About us\n"
        "Search\n"
        "\n"
        "March 5, 2024\n"
        "\n"
        "Rules for Safe AI\n"
        "\n"
        "Share this article\n"
        "\n"
        "Providers of artificial intelligence systems shall keep records of every model.\n"
        "\n"
        "Key duties\n"
        "\n"
        "Editor: J. Smith | Photo: a data centre, taken in spring\n"
        "\n"
        "Users of such systems should report serious incidents to the authorities.\n"
        "\n"
        "1. Authorities should publish a yearly summary of all reports.\n"
        "\n"
        "Related news\n"
        "\n"
        "Election results announced today\n"
        "\n"
        "Weather: sunny\n")


def test_the_body_is_kept_and_the_navigation_around_it_dropped():
    got, reading = read(PAGE, titles=["Rules for Safe AI"])
    assert got == [
        ("title", "Rules for Safe AI"),
        ("paragraph", "Providers of artificial intelligence systems shall keep records of every model."),
        ("heading", "Key duties"),  # short non-prose inside the body: kept as a heading
        ("label", "Editor: J. Smith | Photo: a data centre, taken in spring"),  # neither prose nor heading
        ("paragraph", "Users of such systems should report serious incidents to the authorities."),
        ("item", "Authorities should publish a yearly summary of all reports."),
    ]
    assert reading.blocks[-1].number == "1."
    # nothing before the first body paragraph but the title, nothing after the last one
    body_end = PAGE.index("all reports.") + len("all reports.")
    assert all(b.end <= body_end for b in reading.blocks)


def test_without_catalog_titles_the_page_has_no_title_by_position():
    got, _ = read("Rules for Safe AI\n\nProviders of such systems shall keep records of every model.\n")
    assert got == [("paragraph", "Providers of such systems shall keep records of every model.")]


def test_a_date_line_inside_the_body_is_a_label():
    raw = ("Providers of such systems shall keep records of every model.\n\n21 March 2024\n\n"
           "Users of such systems should report serious incidents.\n")
    got, _ = read(raw)
    assert got == [("paragraph", "Providers of such systems shall keep records of every model."),
                   ("label", "21 March 2024"),
                   ("paragraph", "Users of such systems should report serious incidents.")]


def test_a_chinese_page_keeps_its_chinese_body_only():
    raw = ("首页 | 新闻 | 关于我们\n\n人工智能安全倡议\n\n2024年3月5日\n\n"
           "一、各国应当共同推动人工智能安全发展，加强国际合作。\n\n"
           "This English sentence is printed inside the Chinese page body.\n\n"
           "二、各方应当尊重他国主权，遵守适用的国际法规则。\n\n"
           "相关新闻\n\n推荐阅读：某某会议召开的消息\n")
    got, reading = read(raw, titles=["人工智能安全倡议"], langs=("zh-Hans",))
    assert got == [
        ("title", "人工智能安全倡议"),
        ("item", "各国应当共同推动人工智能安全发展，加强国际合作。"),
        ("label", "This English sentence is printed inside the Chinese page body."),  # not the page's language
        ("item", "各方应当尊重他国主权，遵守适用的国际法规则。"),
    ]
    assert [b.number for b in reading.blocks if b.kind == "item"] == ["一、", "二、"]


def test_short_sentences_are_no_body():
    # five words or fewer, however they end, are not running text
    raw = "Menu\n\nSubscribe now.\n\nRead more here.\n"
    assert web.read(raw, src(), []).blocks == []


def test_a_page_with_no_body_is_one_clear_error():
    raw = "Home | News | About us\n\nSubscribe now\n"
    with pytest.raises(InputError, match="the web reader found no text to use"):
        readers.read(raw, src(), "page.txt", [])
