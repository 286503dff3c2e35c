"""Fuzzing the per-document stages: every reader, the normaliser and the segmenter.

Fed arbitrary text and bytes (BOM, CRLF and lone CR, NUL, zero-width and bidi
controls, combining marks, full-width punctuation, whitespace only, mixed scripts,
mutated seed files, very long single lines), each stage either returns spans that
hold (``raw[start:end]`` is what the span says, every folded character maps inside
its block's raw span, every clause maps back to raw characters that fold to it), or
raises ``govkg.core.errors.InputError`` with one line. Never another exception, never a
hang. ``GOVKG_FUZZ_EXAMPLES`` sets the examples per target (``make fuzz``: 5000).
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govkg.core.errors import InputError
from govkg.core.model import Block, Reading, Source
from govkg.core.namespaces import LANGUAGES
from govkg.ingest import catalog as catalog_mod
from govkg.ingest import readers, segment
from govkg.ingest.normalise import _invisible, document_tokens, fold, normalise

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = int(os.environ.get("GOVKG_FUZZ_EXAMPLES", "120"))
BIG = EXAMPLES >= 1000  # `make fuzz`: random seeds, longer inputs
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=not BIG,  # `make test` is reproducible; `make fuzz` explores
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)
FORMATS = sorted(readers.READERS)
KINDS = {"title", "heading", "paragraph", "item", "cell", "label"}
SEEDS = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "data" / "sources").glob("*.txt"))]

HOSTILE_CHARS = [
    "\ufeff", "\r\n", "\r", "\n", "\n\n", "\x00", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\u2029",
    "\u200b", "\u200c", "\u200d", "\u2060", "\u00ad",  # zero-width, soft hyphen
    "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f",
    "\u0301", "\u0308", "\u20dd", "e\u0301", "\u3099",  # combining marks
    "。", "，", "；", "！", "？", "：", "（", "）", "「", "」", "『", "』", "《", "》", "【", "】", "．", "｜",
    "“", "”", "‘", "’", '"', "'", "(", ")", "[", "]", "|", "—", "——", "–", "-", "•", "·", "*",
    "\u3000", "\u00a0", "\t", " ", "…", "e.g.", "etc.", "2.5", "1. ", "第一条", "一、", "b) ", "iv) ",
    "AI", "Al", "1mprove", "measurcs", "rn", "Ⅳ", "١٢٣", "٫", "𝐀", "😀", "\U0001f3f3\ufe0f\u200d\U0001f308",
    "\ud7ff", "\ue000", "\uffff", "\U0010ffff", "中", "國", "国", "ア", "한", "α", "Ж", "ש", "ع", "ก",
]
FRAGMENTS = [
    "Global AI Governance Initiative", "全球人工智能治理倡议", "This is a sentence. ", "这是一句话。",
    "由 某机构 在 某原则(Some Principles)发表, 2019-01-01", "Published by Someone in Some Title, May 1, 2020",
    "原则: 全球人工智能治理倡议, October 18, 2023", "作者: Someone", "| 一 | one |", "|---|---|",
    "1. Fairness", "2.5 International co-operation", "—— an item;", "(preamble)", "相关原则",
]


def hostile_text(max_pieces: int = 60):
    piece = st.one_of(
        st.sampled_from(HOSTILE_CHARS),
        st.sampled_from(FRAGMENTS),
        st.text(max_size=20),  # any code point but surrogates
        st.text(alphabet=st.characters(categories=["Cc", "Cf", "Mn", "Me", "Zs", "Zl", "Zp", "Co"]), max_size=8),
    )
    return st.lists(piece, max_size=max_pieces).map("".join)


@st.composite
def mutated_seed(draw):
    """A seed file with hostile characters inserted, spans deleted, line ends changed."""
    text = draw(st.sampled_from(SEEDS))
    if draw(st.booleans()):
        text = text.replace("\n", draw(st.sampled_from(["\r\n", "\r", "\u2028", "\n\n", "\n \n"])))
    for _ in range(draw(st.integers(0, 12))):
        pos = draw(st.integers(0, len(text)))
        op = draw(st.sampled_from(["insert", "delete", "dup"]))
        if op == "insert":
            text = text[:pos] + draw(st.sampled_from(HOSTILE_CHARS + FRAGMENTS)) + text[pos:]
        elif op == "delete":
            text = text[:pos] + text[pos + draw(st.integers(0, 200)):]
        else:
            text = text[:pos] + text[max(0, pos - 300):pos] + text[pos:]
    if draw(st.booleans()):
        text = "\ufeff" + text
    return text


def documents():
    return st.one_of(hostile_text(), mutated_seed(), st.text(alphabet=" \t\r\n\u3000\u00a0\u2028\u200b\ufeff"))


def source(fmt: str, langs=("en", "zh-Hans", "zh-Hant")) -> Source:
    return Source(id="fuzz", file="fuzz.txt", format=fmt, languages=tuple(langs), works=("fuzz-work",))


def one_line(exc: InputError) -> None:
    msg = str(exc)
    assert msg and "\n" not in msg and "\r" not in msg, f"InputError message is not one line: {msg!r}"


def check_reading(raw: str, reading: Reading) -> None:
    assert isinstance(reading, Reading)
    prev_end = 0
    for b in reading.blocks:
        assert isinstance(b, Block)
        assert b.kind in KINDS, b
        assert b.lang in LANGUAGES, b
        assert 0 <= b.start < b.end <= len(raw), f"block {b} outside the raw text (length {len(raw)})"
        assert b.start >= prev_end, f"block {b} overlaps the previous one (ends {prev_end})"
        prev_end = b.end
        exact = raw[b.start:b.end]
        assert exact.strip(), f"block {b} holds only whitespace: {exact!r}"
        assert not exact[0].isspace() and not exact[-1].isspace(), f"block {b} is not trimmed: {exact!r}"
    for att in reading.attributions.values():
        assert 0 <= att.start <= att.end <= len(raw)
        assert all(isinstance(v, str) and v for v in att.titles.values())
        assert set(att.titles) <= set(LANGUAGES)


def check_text(raw: str, b: Block, text, ocr: bool) -> None:
    """Every folded character maps inside the block's raw span, to what it came from."""
    assert len(text.starts) == len(text.ends) == len(text.text)
    repaired = set()
    for r in text.repairs:
        assert b.start <= r.start < r.end <= b.end
        assert raw[r.start:r.end] == r.exact, f"repair {r} does not quote the raw text"
        assert r.exact != r.replacement
        repaired.update(range(r.start, r.end))
    last = b.start
    for i, ch in enumerate(text.text):
        s, e = text.starts[i], text.ends[i]
        assert b.start <= s < e <= b.end, f"character {i} {ch!r} maps to {s}-{e}, outside {b.start}-{b.end}"
        assert s >= last or s in repaired, f"character {i} maps backwards"
        last = s
        if s in repaired:
            continue
        if ch == " ":
            assert all(c.isspace() or _invisible(c) for c in raw[s:e]), f"space at {i} maps to {raw[s:e]!r}"
        else:
            assert raw[s:e] == ch, f"character {i} {ch!r} maps to {raw[s:e]!r}"
    if not ocr:
        assert not text.repairs


def check_block(raw: str, b: Block, fmt: str, tokens) -> None:
    ocr = fmt == "ocr"
    text = normalise(raw, b.start, b.end, ocr=ocr, lang=b.lang, doc_tokens=tokens)
    check_text(raw, b, text, ocr)
    plain = fold(raw, b.start, b.end).text
    spans = segment.split(text.text)
    prev = 0
    for s, e in spans:
        assert prev <= s < e <= len(text.text), f"sentence {s}-{e} outside / overlapping (prev end {prev})"
        prev = e
        assert text.text[s:e] == text.text[s:e].strip(" ")
        rs, re_ = text.raw_span(s, e)
        assert b.start <= rs < re_ <= b.end
        exact = raw[rs:re_]
        assert exact and not exact[0].isspace() and not exact[-1].isspace(), f"clause quote {exact!r} not trimmed"
        if not text.repairs:
            # the clause's quote folds back to exactly the clause text
            assert fold(raw, rs, re_).text == text.text[s:e]
            assert plain[s:e] == text.text[s:e]


def run_reader(raw: str, fmt: str, langs=("en", "zh-Hans", "zh-Hant")) -> None:
    try:
        reading = readers.read(raw, source(fmt, langs), "fuzz.txt", ["Global AI Governance Initiative"])
    except InputError as exc:
        one_line(exc)
        return
    check_reading(raw, reading)
    tokens = document_tokens(raw) if fmt == "ocr" else None
    for b in reading.blocks:
        if b.kind not in ("label", "title"):
            check_block(raw, b, fmt, tokens)


# ── one target per reader: read → normalise → segment ─────────────────────────────

@pytest.mark.parametrize("fmt", FORMATS)
@FUZZ
@given(raw=documents(), langs=st.sampled_from([("en",), ("zh-Hans",), ("zh-Hant",), ("en", "zh-Hant"), ("zh-Hans", "en")]))
def test_reader_spans_hold(fmt, raw, langs):
    run_reader(raw, fmt, langs)


# ── the normaliser and the segmenter on their own ─────────────────────────────────

@FUZZ
@given(raw=documents(), data=st.data())
def test_normaliser_maps_back(raw, data):
    start = data.draw(st.integers(0, len(raw)))
    end = data.draw(st.integers(start, len(raw)))
    b = Block(start, end, "paragraph", "en")
    for ocr in (False, True):
        text = normalise(raw, start, end, ocr=ocr, lang="en")
        check_text(raw, b, text, ocr)
        if start < end:
            assert text.text == text.text.strip(" ")


@FUZZ
@given(text=documents())
def test_segmenter_spans(text):
    spans = segment.split(text)
    prev = 0
    for s, e in spans:
        assert prev <= s < e <= len(text)
        assert text[s] != " " and text[e - 1] != " "
        prev = e
    # nothing but spaces is lost between clauses
    covered = "".join(text[s:e] for s, e in spans)
    assert covered.replace(" ", "") == text.replace(" ", "")


# ── bytes: the catalog's reader of source files ───────────────────────────────────

@pytest.fixture(scope="module")
def byte_catalog():
    with tempfile.TemporaryDirectory() as tmp:
        sources = Path(tmp) / "sources"
        sources.mkdir()
        yield catalog_mod.Catalog(Path(tmp) / "corpus.toml", sources, {}, {})


def hostile_bytes():
    text = documents()
    return st.one_of(
        st.binary(max_size=400),
        text.map(lambda t: t.encode("utf-8")),
        text.map(lambda t: b"\xef\xbb\xbf" + t.encode("utf-8")),
        text.map(lambda t: t.encode("utf-16")),
        text.map(lambda t: t.encode("gb18030", "replace")),
        st.tuples(text, st.binary(min_size=1, max_size=4)).map(lambda x: x[0].encode() + b"\xff" + x[1]),
        st.sampled_from([b"", b" ", b"\n\r\n", b"\x00" * 10, b"\xed\xa0\x80", b"\xc0\xaf", b"\xf4\x90\x80\x80"]),
    )


@FUZZ
@given(data=hostile_bytes(), fmt=st.sampled_from(FORMATS))
def test_bytes_decoded_or_refused(byte_catalog, data, fmt):
    (byte_catalog.sources_dir / "fuzz.txt").write_bytes(data)
    src = source(fmt)
    try:
        raw = catalog_mod.read_source(byte_catalog, src)
    except InputError as exc:
        one_line(exc)
        assert "fuzz.txt" in str(exc), f"the error does not name the file: {exc}"
        return
    assert raw.encode("utf-8") == data, "the raw text must be the file's characters, unchanged"
    run_reader(raw, fmt)


# ── very long single lines and inputs built to make regexes backtrack ─────────────

LONG = 5 * 1024 * 1024
LONG_LINES = {
    "prose": ("Al systems 1mprove measurcs, e.g. 2.5 times. 中文句子；再来。 “quoted (text” " * (LONG // 60))[:LONG],
    "no-space": ("x。" + "中" * 97 + "a.") * (LONG // 100),
}


def timed(fn, *args, **kw):
    t = time.perf_counter()
    out = fn(*args, **kw)
    return out, time.perf_counter() - t


@pytest.mark.parametrize("fmt", FORMATS)
def test_five_megabyte_single_line(fmt):
    """A 5 MB line is read (and, under `make fuzz`, normalised and segmented) in bounded time."""
    name = "prose" if fmt in ("ocr", "aggregator") else "no-space"
    raw = LONG_LINES[name]
    assert len(raw) >= LONG - 100 and "\n" not in raw
    try:
        reading, elapsed = timed(readers.read, raw, source(fmt), "long.txt", [])
    except InputError as exc:
        one_line(exc)
        return
    assert elapsed < 30, f"{fmt} reader took {elapsed:.1f}s on a 5 MB line"
    check_reading(raw, reading)
    if BIG:
        _, elapsed = timed(run_reader, raw, fmt)
        assert elapsed < 120, f"{fmt} took {elapsed:.1f}s to read, normalise and segment a 5 MB line"


def test_five_megabyte_normalise_and_segment():
    raw = LONG_LINES["prose"]
    text, elapsed = timed(normalise, raw, 0, len(raw), ocr=True, lang="en")
    assert elapsed < 40, f"normalising a 5 MB line took {elapsed:.1f}s"
    assert len(text.text) == len(text.starts) and text.repairs, "the OCR confusions in the line are repaired"
    spans, elapsed = timed(segment.split, text.text)
    assert elapsed < 30, f"segmenting a 5 MB line took {elapsed:.1f}s"
    assert len(spans) > 100_000, "one clause per sentence, not one per line"
    for s, e in spans[:: len(spans) // 50]:
        rs, re_ = text.raw_span(s, e)
        assert 0 <= rs < re_ <= len(raw) and not raw[rs].isspace() and not raw[re_ - 1].isspace()


BACKTRACK = [
    "由" + "在" * 100_000,
    "由 " + "在 " * 100_000 + ", 2019-01-01",
    "由 a " + "在 " * 100_000 + "发表, 2019-01-01",
    "由 a 在 中" + "(a" * 100_000 + "发表, 2019-01-01",
    "Published by " + "a in " * 50_000 + "x",
    "原则: a" + " " * 200_000 + "b, 2019-01-01",
    "原则: a, 2019-01-01\n\n作者: a" + " " * 200_000 + "b",
    "原则: " + "中(a" * 60_000 + ", 2019-01-01",
    "1." * 200_000 + " x",
    "This is it. " * 10_000,
    "“(" * 100_000 + "。",
]


@pytest.mark.parametrize("raw", BACKTRACK, ids=range(len(BACKTRACK)))
def test_no_catastrophic_backtracking(raw):
    t = time.perf_counter()
    for fmt in FORMATS:
        run_reader(raw, fmt)
    elapsed = time.perf_counter() - t
    assert elapsed < 20, f"{elapsed:.1f}s for a {len(raw)}-character paragraph"


def test_whitespace_only_is_refused_with_one_line(byte_catalog):
    for data in (b"", b"   \n\t\r\n", "\u3000\u00a0\u2028".encode()):
        (byte_catalog.sources_dir / "fuzz.txt").write_bytes(data)
        with pytest.raises(InputError) as info:
            catalog_mod.read_source(byte_catalog, source("plain"))
        one_line(info.value)
        assert "fuzz.txt" in str(info.value) and "empty" in str(info.value)
