"""Tests for govkg.core.model: the plain objects passed between the stages."""

from __future__ import annotations

import dataclasses

import pytest

from govkg.core.model import (
    Attribution,
    Block,
    Entry,
    Reading,
    Repair,
    Sentence,
    Source,
    SourceResult,
    Text,
    Work,
)


def test_work_defaults():
    w = Work(id="doc", titles={"en": "A document"})
    assert (w.issuer, w.date, w.kind) == (None, None, None)
    assert w.aliases == ()
    assert w.declared_in == "catalog"
    assert w.alternatives == {}


def test_mutable_defaults_are_not_shared():
    a, b = Work("a", {}), Work("b", {})
    a.alternatives["en"] = ("Other title",)
    assert b.alternatives == {}
    r1, r2 = Reading(blocks=[]), Reading(blocks=[])
    r1.attributions[0] = Attribution({"en": "T"}, None, None, 0, 1)
    assert r2.attributions == {}


def test_work_equality_is_by_value():
    a = Work("doc", {"en": "T"}, issuer="OECD", date="2019-05-22", kind="recommendation")
    assert a == Work("doc", {"en": "T"}, issuer="OECD", date="2019-05-22", kind="recommendation")
    assert a != Work("doc", {"en": "T"}, issuer="OECD", date="2019-05-22", kind="principles")
    assert a != Work("doc", {"en": "T"}, issuer="OECD", date="2019-05-22", kind="recommendation",
                     declared_in="source:agg")


def test_source_defaults():
    s = Source(id="doc-src", file="doc.txt", format="plain", languages=("en",), works=("doc",))
    assert (s.publisher, s.url, s.date, s.sha256, s.title) == (None,) * 5
    assert s.languages == ("en",) and s.works == ("doc",)


def test_source_requires_its_fields():
    with pytest.raises(TypeError):
        Source(id="doc-src", file="doc.txt", format="plain", languages=("en",))  # works missing


def test_block_defaults():
    b = Block(start=3, end=9, kind="paragraph", lang="en")
    assert (b.row, b.number, b.excerpt, b.family, b.heading, b.heading_start, b.heading_end) == (None,) * 7
    assert b.drops == ()
    assert (b.level, b.depth, b.bare) == (0, 0, False)


def test_block_holds_a_span_of_the_raw_text():
    raw = "Title\n\n6. Members shall cooperate.\n"
    b = Block(start=7, end=34, kind="item", lang="en", number="6.")
    assert raw[b.start:b.end] == "6. Members shall cooperate."


def test_repair_is_frozen_and_hashable():
    r = Repair(start=4, end=7, exact="rn", replacement="m", rule="ocr", note="rn read as m")
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.replacement = "n"
    same = Repair(4, 7, "rn", "m", "ocr", "rn read as m")
    assert r == same and hash(r) == hash(same)
    assert len({r, same, Repair(4, 8, "rn", "m", "ocr", "rn read as m")}) == 2


def _folded() -> tuple[str, Text]:
    # raw "Hello,\n  world" folds to "Hello, world": the space stands for raw[6:9]
    raw = "Hello,\n  world"
    starts = [0, 1, 2, 3, 4, 5, 6, 9, 10, 11, 12, 13]
    ends = [1, 2, 3, 4, 5, 6, 9, 10, 11, 12, 13, 14]
    return raw, Text(text="Hello, world", starts=starts, ends=ends, repairs=[])


def test_text_raw_span_maps_folded_offsets_back_to_raw():
    raw, t = _folded()
    assert t.raw_span(7, 12) == (9, 14)
    assert raw[slice(*t.raw_span(7, 12))] == "world"
    assert t.raw_span(0, 12) == (0, len(raw))
    assert t.raw_span(5, 8) == (5, 10)
    assert raw[slice(*t.raw_span(5, 8))] == ",\n  w"
    assert t.raw_span(6, 7) == (6, 9)  # one folded space covers the newline and indent


def test_text_raw_span_single_character():
    raw, t = _folded()
    for i, ch in enumerate(t.text):
        s, e = t.raw_span(i, i + 1)
        assert raw[s:e].strip() == ch.strip()


def test_the_objects_link_into_a_source_result():
    raw, t = _folded()
    block = Block(0, len(raw), "paragraph", "en")
    sent = Sentence(source="doc-src", lang="en", text=t.text, folded=t.text, start=0, end=len(raw), block=0,
                    repairs=(), map_starts=tuple(t.starts), map_ends=tuple(t.ends))
    entry = Entry(index=0, block=block, text=t, sentences=[sent])
    src = Source("doc-src", "doc.txt", "plain", ("en",), ("doc",))
    result = SourceResult(source=src, raw=raw, sha256="0" * 64, reading=Reading([block]), entries=[entry])
    assert result.entries[0].sentences[0].block == 0
    assert result.reading.blocks[result.entries[0].sentences[0].block] is block
    assert raw[sent.start:sent.end] == raw
    assert len(sent.map_starts) == len(sent.text) == len(sent.map_ends)
