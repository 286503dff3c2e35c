"""Normalise: folding keeps a map to raw offsets; OCR repairs are recorded."""

from govkg.ingest.normalise import document_tokens, fold, normalise


def test_fold_en_space_and_newlines_keeps_offsets():
    raw = "Artificial\u2002\u2002intelligence (AI)\nis new."
    t = fold(raw, 0, len(raw))
    assert t.text == "Artificial intelligence (AI) is new."
    s = t.text.index("intelligence")
    e = s + len("intelligence")
    rs, re_ = t.raw_span(s, e)
    assert raw[rs:re_] == "intelligence"
    rs, re_ = t.raw_span(0, len(t.text))
    assert raw[rs:re_] == raw


def test_fold_joins_cjk_lines_without_space():
    raw = "人工智能是人類\n發展新領域。"
    assert fold(raw, 0, len(raw)).text == "人工智能是人類發展新領域。"


def test_ocr_repairs_from_seed_003():
    raw = "the governance of Al. R&D entities\nshould 1mprove the AI measurcs."
    t = normalise(raw, 0, len(raw), ocr=True, lang="en", doc_tokens=document_tokens(raw))
    assert t.text == "the governance of AI. R&D entities should improve the AI measures."
    assert sorted((r.exact, r.replacement, r.rule) for r in t.repairs) == [
        ("1mprove", "improve", "ocr-digit-for-letter"),
        ("Al", "AI", "ocr-l-for-I"),
        ("measurcs", "measures", "ocr-letter-confusion"),
    ]
    for r in t.repairs:
        assert raw[r.start:r.end] == r.exact


def test_al_is_left_alone_without_evidence_and_outside_ocr():
    raw = "Al Gore spoke."
    assert normalise(raw, 0, len(raw), ocr=True, lang="en").text == raw
    raw = "the governance of Al and AI"
    assert normalise(raw, 0, len(raw), ocr=False).repairs == []
