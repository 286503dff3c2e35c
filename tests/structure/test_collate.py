"""Collation (govkg/collate.py, govkg/collation_report.py): variants between copies.

Expected values are read off the source files: 003 (OCR) writes "Al" for "AI"
39 times in the text (its title line has "AI"), "1mprove", "measurcs." and
"frameworks , norms"; 000 writes "frameworks ,norms"; 002 and 004 "frameworks, norms";
000, 002 and 003 use curly apostrophes (countries’, humanity’s), 004 straight ones.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from pyoxigraph import NamedNode

from govkg.core.ids import Minter
from govkg.core.model import Sentence
from govkg.core.namespaces import GOV
from govkg.structure.align import ClauseOut, Occ
from govkg.structure.collate import collate_clause, collate_work, variant_triples

WORK = "global-ai-governance-initiative"
OCR, WEB, REPOST, TABLE = "pdf-ocr-en", "embassy-cambodia-en", "wechat-repost-en", "bilingual-table"


@pytest.fixture(scope="module")
def initiative(seed_graph):
    return next(aw for aw in seed_graph.result.aligned if aw.work.id == WORK)


@pytest.fixture(scope="module")
def variants(initiative):
    return [(key, v) for key, col in sorted(collate_work(initiative).items()) for v in col.variants]


def readings_of(variant, source):
    return [r.text for r in variant.readings if source in r.sources]


def test_every_ocr_al_is_a_variant_with_canonical_ai(seed_graph, variants):
    raw = seed_graph.raw("003_7d41c23aa6ac6b02.txt")
    expected = len(re.findall(r"\bAl\b", raw))
    assert expected == 39  # read off the file: the title line says "AI"
    al = [(k, v) for k, v in variants if any(re.search(r"\bAl\b", t) for t in readings_of(v, OCR))]
    assert len(al) == expected
    for key, v in al:
        (ocr_reading,) = readings_of(v, OCR)
        assert v.canonical.text == ocr_reading.replace("Al", "AI"), key
        assert OCR not in v.canonical.sources
        assert {WEB, REPOST, TABLE} <= set(v.canonical.sources), key


@pytest.mark.parametrize("ocr, canonical", [("1mprove", "improve"), ("measurcs.", "measures.")])
def test_ocr_misspellings_are_variants(variants, ocr, canonical):
    hits = [v for _, v in variants if ocr in readings_of(v, OCR)]
    assert len(hits) == 1
    assert hits[0].canonical.text == canonical
    assert hits[0].rule == "majority-of-copies (3 of 4)"


def test_frameworks_norms_spacing_variant(variants):
    (v,) = [v for _, v in variants if "frameworks, norms" in [r.text for r in v.readings]]
    by_text = {r.text: r for r in v.readings}
    assert v.canonical.text == "frameworks, norms"
    assert set(by_text["frameworks, norms"].sources) >= {REPOST, TABLE}
    assert by_text["frameworks ,norms"].sources == [WEB]
    assert by_text["frameworks , norms"].sources == [OCR]


def test_straight_and_curly_apostrophes(variants):
    curly = [v for _, v in variants if any("'" in t for t in readings_of(v, TABLE))]
    assert sorted(v.canonical.text for v in curly) == ["countries’", "countries’", "humanity’s"]
    for v in curly:
        assert set(v.canonical.sources) == {WEB, REPOST, OCR}
        assert readings_of(v, TABLE) == [v.canonical.text.replace("’", "'")]


def test_canonical_english_is_the_agreed_reading_of_000_002_004(initiative):
    checked = 0
    for prov in initiative.provisions:
        for clause in prov.clauses["en"]:
            texts = {o.source: o.sentences[0].text for o in clause.occurrences}
            trio = Counter(texts[s] for s in (WEB, REPOST, TABLE))
            agreed, n = trio.most_common(1)[0]
            assert n >= 2, (prov.position, clause.n)
            assert clause.canonical == agreed, (prov.position, clause.n)
            checked += 1
    assert checked == 36  # English sentences per provision: 4+2+3+1+2+2+3+5+2+2+1+3+2+1+3
    p3 = initiative.provisions[2].text("en")
    assert "develop AI governance frameworks, norms and standards based on broad consensus" in p3


def _sentence(source: str, text: str, folded: str | None = None, lang: str = "en") -> Sentence:
    folded = text if folded is None else folded
    return Sentence(source, lang, text, folded, 0, len(text), 0, (), tuple(range(len(text))),
                    tuple(range(1, len(text) + 1)))


def _clause(canonical: str, copies: dict[str, tuple[str, str]], lang: str = "en") -> ClauseOut:
    c = ClauseOut(lang, 1, canonical=canonical, rule="majority-of-copies (2 of 3)")
    for sid, (text, folded) in copies.items():
        c.occurrences.append(Occ(sid, lang, 0, len(text), "ngram", 1.0, [_sentence(sid, text, folded, lang)]))
    return c


def test_insertion_deletion_and_merged_sites():
    clause = _clause("We oppose A, B and C.", {
        "a": ("We oppose A, B and C.", "We oppose A, B and C."),
        "b": ("We oppose A, B, and C.", "We firmly oppose A, B, and C."),
        "c": ("We oppose A and C.", "We oppose A and C."),
    })
    col = collate_clause(clause)
    sites = [(v.start, v.end, {r.text: r.sources for r in v.readings}) for v in col.variants]
    assert sites == [
        (1, 1, {"": ["a", "c"], "firmly": ["b"]}),
        (2, 4, {"A, B": ["a"], "A, B,": ["b"], "A": ["c"]}),  # "B"→"B," and "A, B"→"A" overlap: one site
    ]
    assert [v.canonical.text for v in col.variants] == ["", "A, B"]
    assert [cp.spans for cp in col.copies] == [[(1, 1), (2, 4)], [(1, 2), (3, 5)], [(1, 1), (2, 3)]]


def test_chinese_is_collated_by_character():
    clause = _clause("积极支持在联合国框架下讨论", {
        "a": ("积极支持在联合国框架下讨论", "积极支持在联合国框架下讨论"),
        "b": ("积极支持在联合国框架下讨论", "积极支持在联合國框架下讨论"),
    }, lang="zh-Hans")
    (v,) = collate_clause(clause).variants
    assert {r.text: r.sources for r in v.readings} == {"国": ["a"], "國": ["b"]}


def test_single_copy_repair_is_marked_as_repaired_reading():
    clause = _clause("Al is new.", {"ocr": ("AI is new.", "Al is new.")})
    clause.canonical = "AI is new."
    (v,) = collate_clause(clause).variants
    assert v.canonical.text == "AI" and v.canonical.by_repair and v.canonical.sources == ["ocr"]
    assert v.rule.startswith("repaired reading")


def test_variant_triples_follow_the_model(seed_graph):
    m = Minter(seed_graph.result.catalog.base)
    triples = variant_triples(seed_graph.result, m)
    assert triples == variant_triples(seed_graph.result, m)  # deterministic
    G = lambda n: NamedNode(GOV + n)  # noqa: E731
    variants = {t.object.value for t in triples if t.predicate == G("variant")}
    assert len(variants) == 45  # 39 Al + 1mprove + measurcs + frameworks + 3 apostrophes
    clause = m.clause(WORK, 9, "en", 2)
    assert {f"{clause}/v{i}" for i in (1, 2, 3, 4)} <= variants
    canon = [t for t in triples if t.predicate == G("canonical")]
    assert len(canon) == len(variants) and len({t.subject for t in canon}) == len(variants)
    readings = {t.object for t in triples if t.predicate == G("reading")}
    assert {t.object for t in canon} <= readings
    assert all(r.value.rsplit("/", 1)[-1].startswith("r") for r in readings)
    carried = {t.subject for t in triples if t.predicate == G("carriedBy")}
    assert carried == readings
    texts = [t for t in triples if t.predicate == G("text")]
    assert len(texts) == len(readings) and all(t.object.language == "en" for t in texts)


def test_variants_conform_to_collation_shapes(seed_graph):
    import pyoxigraph as ox
    import rdflib
    from pyshacl import validate

    from govkg.pipeline import emit

    root = Path(__file__).resolve().parents[2]
    shapes = rdflib.Graph()
    for name in ("prefixes.ttl", "collation.shapes.ttl"):
        shapes.parse(root / "shapes" / name, format="turtle")

    def conforms(data):
        g = rdflib.Graph()
        g.parse(data=ox.serialize(data, format=ox.RdfFormat.N_TRIPLES).decode(), format="nt")
        return validate(g, shacl_graph=shapes, advanced=True)

    data = list(emit(seed_graph.result)) + variant_triples(seed_graph.result)
    ok, _, text = conforms(data)
    assert ok, text
    # negative control: a variant without its canonical reading must not conform
    broken = [t for t in data if not (t.predicate.value == GOV + "canonical" and t.subject.value.endswith("/p9/en/c2/v1"))]
    ok, _, text = conforms(broken)
    assert not ok and "p9/en/c2/v1" in text


def test_collation_report_escapes_and_highlights(seed_graph, tmp_path):
    from govkg.publish.collation_report import write_collation_report

    path = write_collation_report(tmp_path, seed_graph.result)
    html = path.read_text(encoding="utf-8")
    assert path.name == "collation.html"
    assert "<mark class=\"diff\">1mprove</mark>" in html and "<mark class=\"diff\">measurcs.</mark>" in html
    assert len(re.findall(r'<mark class="diff">\(?Al\b', html)) == 39
    assert "R&amp;D entities" in html and "R&D entities" not in html
    assert html.count("<table") == html.count("</table>")
    assert write_collation_report(tmp_path, seed_graph.result).read_text(encoding="utf-8") == html
