"""govkg.ingest.readers.ocr: page-broken paragraphs of OCR'd text are joined, then classified."""

from __future__ import annotations

from govkg.core.model import Source
from govkg.ingest.readers import ocr


def read(raw: str, titles=(), langs=("en",)):
    reading = ocr.read(raw, Source("t", "t.txt", "ocr", tuple(langs), ("w",)), list(titles))
    return [(b.kind, raw[b.start:b.end]) for b in reading.blocks], reading


OCR = ("Rules for Safe AI\n"
       "\n"
       "Providers of artificial intelligence systems shall keep\n"
       "records of every model they deploy and\n"
       "\n"
       "\n"
       "\n"
       "review them every year.\n"
       "\n"
       "Users should report incidents to the office.\n"
       "\n"
       "\n"
       "\n"
       "the office will publish them.\n"
       "\n"
       "Authorities should cooperate.\n"
       "\n"
       "\n"
       "\n"
       "Another page starts with a new sentence.\n")


def test_page_broken_paragraphs_are_joined_and_others_kept_apart():
    got, _ = read(OCR, titles=["Rules for Safe AI"])
    assert got == [
        ("title", "Rules for Safe AI"),
        # no sentence end before the page break: one paragraph, the break inside its span
        ("paragraph", "Providers of artificial intelligence systems shall keep\nrecords of every model they deploy and"
                      "\n\n\n\nreview them every year."),
        # a sentence end, but the next page opens in lower case: the same paragraph
        ("paragraph", "Users should report incidents to the office.\n\n\n\nthe office will publish them."),
        # a sentence end and a capital after the break: two paragraphs
        ("paragraph", "Authorities should cooperate."),
        ("paragraph", "Another page starts with a new sentence."),
    ]


def test_the_title_is_never_joined_to_the_text_under_it():
    raw = "Rules for Safe AI\n\nproviders shall keep records of every model.\n"
    got, _ = read(raw)
    assert got == [("title", "Rules for Safe AI"), ("paragraph", "providers shall keep records of every model.")]


def test_three_unfinished_pieces_make_one_paragraph():
    raw = "Rules\n\nProviders shall\n\nkeep records of\n\nevery model.\n\nUsers should report.\n"
    got, _ = read(raw)
    assert got == [("title", "Rules"),
                   ("paragraph", "Providers shall\n\nkeep records of\n\nevery model."),
                   ("paragraph", "Users should report.")]


def test_numbered_ocr_paragraphs_are_items():
    raw = "Rules\n\n1. Providers shall keep records of\n\nevery model.\n\n2. Users should report incidents.\n"
    got, reading = read(raw)
    assert got == [("title", "Rules"),
                   ("item", "Providers shall keep records of\n\nevery model."),
                   ("item", "Users should report incidents.")]
    assert [b.number for b in reading.blocks] == [None, "1.", "2."]


def test_chinese_ocr_text_is_joined_across_a_page_break():
    raw = "人工智能安全规则\n\n提供者应当保存每一个模型的\n\n\n使用记录。\n\n用户应当报告事件。\n"
    got, reading = read(raw, langs=("zh-Hans",))
    assert got == [("title", "人工智能安全规则"),
                   ("paragraph", "提供者应当保存每一个模型的\n\n\n使用记录。"),
                   ("paragraph", "用户应当报告事件。")]
    assert {b.lang for b in reading.blocks} == {"zh-Hans"}


def test_the_reader_leaves_ocr_confusions_in_the_raw_span():
    # repairs belong to the normaliser: the block still covers the confused letters
    raw = "Rules\n\nAn Al system must be safe. The AI office decides.\n"
    got, _ = read(raw)
    assert got[1] == ("paragraph", "An Al system must be safe. The AI office decides.")
