"""Tests of govkg/emit/works.py: the Emitter's triples for works, sources, provisions, clauses and source links."""

from __future__ import annotations

import hashlib
from types import SimpleNamespace

import pytest
from pyoxigraph import Literal, NamedNode

from govkg.core.model import Repair, Sentence, Work
from govkg.core.namespaces import DCAT, DCT, GOV, OA, PROV, RDF, RDFS, SKOS, XSD
from govkg.emit.works import Emitter
from govkg.ingest.executor import Options
from govkg.pipeline import run
from govkg.structure.align import AlignedWork, ClauseOut, Occ, ProvisionOut

BASE = "https://example.org/kg/"
W = BASE + "work/charter"
TYPE = NamedNode(RDF + "type")

EN = ("Test Charter\n\n"
      "Chapter I General Provisions\n\n"
      "1. All countries should protect personal privacy.\n\n"
      "2. International co-operation\n\n"
      "(a) Governments should share knowledge.\n\n"
      "(b) Governments should avoid discrimination.\n\n"
      "Chapter II Final Provisions\n\n"
      "3. We oppose terrorism.  We support open source.\n")
OCR = "Test Charter\n\n1. All countrics should protect personal privacy.\n"
ZH = "测试宪章\n\n1. 各国应保护个人隐私。\n"  # one provision of four: not aligned
P1 = "All countries should protect personal privacy."

CATALOG = '''[dataset]
title = "test"
base = "https://example.org/kg/"

[[works]]
id = "charter"
title = { en = "Test Charter", zh-Hans = "测试宪章" }
issuer = "Example   Ministry"
date = 2024-05-01
kind = "principles"

[[sources]]
id = "charter-en"
file = "en.txt"
works = ["charter"]
languages = ["en"]
format = "plain"
publisher = "Example Ministry"
date = 2024-05-02
url = "https://example.org/charter"

[[sources]]
id = "charter-ocr"
file = "ocr.txt"
works = ["charter"]
languages = ["en"]
format = "ocr"

[[sources]]
id = "charter-zh"
file = "zh.txt"
works = ["charter"]
languages = ["zh-Hans"]
format = "plain"
'''


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("works")
    (folder / "sources").mkdir()
    for name, text in (("en.txt", EN), ("ocr.txt", OCR), ("zh.txt", ZH)):
        (folder / "sources" / name).write_text(text, encoding="utf-8")
    (folder / "corpus.toml").write_text(CATALOG, encoding="utf-8")
    result = run(folder / "corpus.toml", quiet=True, options=Options(jobs=1, executor="serial", cache=False))
    (aw,) = result.aligned
    return result, aw


@pytest.fixture(scope="module")
def emitted(built):
    result, aw = built
    em = Emitter(result.catalog, {sid: r.raw for sid, r in result.sources.items()})
    em.work(aw.work, {"en", "zh-Hans"})
    em.aligned(aw, {"zh-Hans": ["charter-zh"]})
    em.source(result.catalog.sources["charter-en"], {("charter", "en")})
    em.source(result.catalog.sources["charter-ocr"], {("charter", "en")})
    return em.triples


def g(name):
    return NamedNode(GOV + name)


def dct(name):
    return NamedNode(DCT + name)


def oa(name):
    return NamedNode(OA + name)


def xsd(value, datatype):
    return Literal(str(value), datatype=NamedNode(XSD + datatype))


def objects(triples, s, p):
    return [t.object for t in triples if t.subject == NamedNode(s) and t.predicate == p]


def one(triples, s, p):
    found = objects(triples, s, p)
    assert len(found) == 1, (s, p, found)
    return found[0]


def occ_iri(source, raw, phrase):
    start = raw.index(phrase)
    return f"{BASE}source/{source}/o{start}-{start + len(phrase)}"


# --- works and actors ------------------------------------------------------------


def test_work_and_its_expressions(emitted):
    assert one(emitted, W, TYPE) == g("Work")
    assert one(emitted, W, dct("identifier")) == Literal("charter")
    assert set(objects(emitted, W, dct("title"))) == {Literal("Test Charter", language="en"),
                                                      Literal("测试宪章", language="zh-Hans")}
    assert one(emitted, W, dct("issued")) == xsd("2024-05-01", "date")
    assert one(emitted, W, dct("type")) == NamedNode(BASE + "kind/principles")
    assert one(emitted, W, g("issuedBy")) == NamedNode(BASE + "actor/example-ministry")
    for lang, title in (("en", "Test Charter"), ("zh-Hans", "测试宪章")):
        e = f"{W}/{lang}"
        assert one(emitted, e, TYPE) == g("Expression")
        assert one(emitted, e, g("realizes")) == NamedNode(W)
        assert one(emitted, e, dct("language")) == Literal(lang)  # a plain string, catalog case
        assert one(emitted, e, dct("title")) == Literal(title, language=lang)
    assert objects(emitted, f"{W}/zh-Hant", TYPE) == []


def test_minted_issuer_is_labelled_with_its_folded_name(emitted):
    a = BASE + "actor/example-ministry"
    assert one(emitted, a, TYPE) == g("Actor")
    assert one(emitted, a, NamedNode(SKOS + "prefLabel")) == Literal("Example Ministry", language="en")
    assert one(emitted, a, g("reviewed")) == xsd("false", "boolean")
    assert one(emitted, a, g("mintedFrom")) == NamedNode(W)


def test_vocabulary_issuer_is_referenced_not_restated():
    em = Emitter(SimpleNamespace(base=BASE, works={}), {})
    assert em.actor("Cyberspace Administration of China") == BASE + "actor/cyberspace-administration-of-china"
    assert em.triples == []


def test_chinese_issuer_label_takes_the_language_of_its_work():
    works = {"w": Work("w", {"zh-Hant": "測試原則"}, issuer="示例部門")}
    em = Emitter(SimpleNamespace(base=BASE, works=works), {})
    iri = em.actor("示例部門")
    assert iri.startswith(BASE + "actor/h-")
    label = one(em.triples, iri, NamedNode(SKOS + "prefLabel"))
    assert label.value == "示例部門" and label.language.lower() == "zh-hant"
    assert one(em.triples, iri, g("mintedFrom")) == NamedNode(BASE + "work/w")


def test_work_without_date_issuer_or_kind_and_declared_by_a_source():
    work = Work("agg-work", {"en": "An Excerpted Work"}, declared_in="source:agg",
                alternatives={"en": ("Excerpted Work", "Excerpted Work", "EW")})
    em = Emitter(SimpleNamespace(base=BASE, works={"agg-work": work}), {})
    em.work(work, {"en"})
    w = BASE + "work/agg-work"
    assert objects(em.triples, w, dct("issued")) == []
    assert objects(em.triples, w, g("issuedBy")) == []
    assert one(em.triples, w, dct("type")) == NamedNode(BASE + "kind/document")
    assert one(em.triples, w, NamedNode(PROV + "wasDerivedFrom")) == NamedNode(BASE + "source/agg")
    assert sorted(o.value for o in objects(em.triples, w, dct("alternative"))) == ["EW", "Excerpted Work"]


# --- sources ---------------------------------------------------------------------


def test_manifestation_with_all_its_metadata(emitted):
    s = BASE + "source/charter-en"
    assert one(emitted, s, TYPE) == g("Manifestation")
    assert one(emitted, s, dct("identifier")) == Literal("charter-en")
    assert one(emitted, s, g("path")) == Literal("en.txt")
    assert one(emitted, s, g("sha256")) == Literal(hashlib.sha256(EN.encode("utf-8")).hexdigest())
    assert one(emitted, s, g("format")) == Literal("plain")
    assert one(emitted, s, dct("publisher")) == Literal("Example Ministry")
    assert one(emitted, s, dct("issued")) == xsd("2024-05-02", "date")
    assert one(emitted, s, NamedNode(DCAT + "landingPage")) == NamedNode("https://example.org/charter")
    assert one(emitted, s, g("embodies")) == NamedNode(W + "/en")


def test_manifestation_without_optional_metadata(emitted):
    s = BASE + "source/charter-ocr"
    assert one(emitted, s, g("format")) == Literal("ocr")
    assert one(emitted, s, g("sha256")) == Literal(hashlib.sha256(OCR.encode("utf-8")).hexdigest())
    for p in (dct("publisher"), dct("issued"), NamedNode(DCAT + "landingPage"), dct("title")):
        assert objects(emitted, s, p) == []


# --- source links ----------------------------------------------------------------


def test_occurrence_quotes_the_raw_file(emitted):
    o = occ_iri("charter-en", EN, P1)
    start = EN.index(P1)
    assert one(emitted, o, TYPE) == g("Occurrence")
    assert one(emitted, o, g("source")) == NamedNode(BASE + "source/charter-en")
    assert one(emitted, o, oa("start")) == xsd(start, "nonNegativeInteger")
    assert one(emitted, o, oa("end")) == xsd(start + len(P1), "nonNegativeInteger")
    assert one(emitted, o, oa("exact")) == Literal(P1)
    assert one(emitted, o, dct("language")) == Literal("en")
    assert one(emitted, o, g("copyText")) == Literal(P1)
    assert float(one(emitted, o, g("alignmentScore")).value) == pytest.approx(1.0)
    assert one(emitted, o, g("alignmentScore")).datatype == NamedNode(XSD + "decimal")


def test_ocr_occurrence_keeps_its_own_characters_and_its_repair(emitted):
    o = occ_iri("charter-ocr", OCR, "All countrics should protect personal privacy.")
    assert one(emitted, o, oa("exact")) == Literal("All countrics should protect personal privacy.")
    assert one(emitted, o, g("copyText")) == Literal(P1)  # repairs applied
    start = OCR.index("countrics")
    r = f"{BASE}source/charter-ocr/r{start}-{start + 9}"
    assert one(emitted, o, g("repair")) == NamedNode(r)
    assert one(emitted, r, TYPE) == g("Repair")
    assert one(emitted, r, g("source")) == NamedNode(BASE + "source/charter-ocr")
    assert one(emitted, r, oa("start")) == xsd(start, "nonNegativeInteger")
    assert one(emitted, r, oa("end")) == xsd(start + 9, "nonNegativeInteger")
    assert one(emitted, r, oa("exact")) == Literal("countrics")
    assert one(emitted, r, g("replacement")) == Literal("countries")
    assert one(emitted, r, g("rule")).value
    assert one(emitted, r, NamedNode(RDFS + "comment")).language == "en"


def test_every_quote_is_the_raw_slice_and_no_blank_nodes(built, emitted):
    raws = {BASE + "source/charter-en": EN, BASE + "source/charter-ocr": OCR}
    quoted = {t.subject.value for t in emitted if t.predicate == oa("exact")}
    assert len(quoted) >= 8
    for node in quoted:
        raw = raws[one(emitted, node, g("source")).value]
        s, e = int(one(emitted, node, oa("start")).value), int(one(emitted, node, oa("end")).value)
        assert raw[s:e] == one(emitted, node, oa("exact")).value
    assert all(isinstance(t.subject, NamedNode) for t in emitted)
    assert all(t.subject.value.startswith(BASE) for t in emitted)


def test_an_occurrence_is_emitted_once_however_often_it_is_linked(built):
    result, aw = built
    em = Emitter(result.catalog, {sid: r.raw for sid, r in result.sources.items()})
    occ = next(o for o in aw.provisions[0].occurrences if o.source == "charter-en")
    first = em.occurrence(occ)
    n = len(em.triples)
    assert em.occurrence(occ) == first and len(em.triples) == n
    assert first == occ_iri("charter-en", EN, P1)
    assert len([t for t in em.triples if t.predicate == TYPE]) == 1


def test_repair_triples_from_a_repair_record():
    em = Emitter(SimpleNamespace(base=BASE, works={}), {"s": "We use Al tools."})
    iri = em.repair("s", Repair(7, 9, "Al", "AI", "ocr-l-for-I", "lower-case l read for capital I"))
    assert iri == BASE + "source/s/r7-9"
    assert one(em.triples, iri, oa("exact")) == Literal("Al")
    assert one(em.triples, iri, g("replacement")) == Literal("AI")
    assert one(em.triples, iri, g("rule")) == Literal("ocr-l-for-I")
    assert one(em.triples, iri, NamedNode(RDFS + "comment")) == Literal("lower-case l read for capital I", language="en")


# --- provisions, clauses, sections -----------------------------------------------


def test_numbered_provision_in_a_section(emitted):
    p = W + "/para_1"
    assert one(emitted, p, TYPE) == g("Provision")
    assert one(emitted, p, g("partOf")) == NamedNode(W)
    assert one(emitted, p, g("position")) == xsd(1, "integer")
    assert one(emitted, p, g("number")) == Literal("1.")
    assert one(emitted, p, g("citation")) == Literal("1")
    assert one(emitted, p, g("inSection")) == NamedNode(W + "/sec_chapter-i")
    assert one(emitted, p, g("text")) == Literal(P1, language="en")
    assert set(objects(emitted, p, g("occurrence"))) == {
        NamedNode(occ_iri("charter-en", EN, P1)),
        NamedNode(occ_iri("charter-ocr", OCR, "All countrics should protect personal privacy."))}


def test_clause_triples(emitted):
    c = W + "/para_1/en/c1"
    assert one(emitted, c, TYPE) == g("Clause")
    assert one(emitted, c, g("partOf")) == NamedNode(W + "/para_1")
    assert one(emitted, c, g("position")) == xsd(1, "integer")
    assert one(emitted, c, g("text")) == Literal(P1, language="en")
    assert one(emitted, c, dct("language")) == Literal("en")
    assert one(emitted, c, g("expression")) == NamedNode(W + "/en")
    assert "2 of 2" in one(emitted, c, g("canonicalRule")).value  # both copies agree after repair
    assert len(objects(emitted, c, g("occurrence"))) == 2


def test_provision_of_two_clauses(emitted):
    p = W + "/para_3"
    assert one(emitted, p, g("text")) == Literal("We oppose terrorism. We support open source.", language="en")
    assert one(emitted, p, g("inSection")) == NamedNode(W + "/sec_chapter-ii")
    assert one(emitted, p + "/en/c1", g("text")) == Literal("We oppose terrorism.", language="en")
    assert one(emitted, p + "/en/c2", g("text")) == Literal("We support open source.", language="en")
    assert one(emitted, p + "/en/c2", g("position")) == xsd(2, "integer")
    whole = "We oppose terrorism.  We support open source."
    assert one(emitted, occ_iri("charter-en", EN, whole), oa("exact")) == Literal(whole)
    assert NamedNode(occ_iri("charter-en", EN, "We support open source.")) in objects(
        emitted, p + "/en/c2", g("occurrence"))


def test_headed_provision_with_sub_items(emitted):
    p = W + "/para_2"
    assert one(emitted, p, g("heading")) == Literal("International co-operation", language="en")
    assert objects(emitted, p, g("text")) == []
    assert objects(emitted, p + "/en/c1", TYPE) == []
    head = one(emitted, p, g("occurrence"))  # a source link to its heading
    assert head == NamedNode(occ_iri("charter-en", EN, "International co-operation"))
    assert one(emitted, head.value, oa("exact")) == Literal("International co-operation")
    for item, text in (("a", "Governments should share knowledge."), ("b", "Governments should avoid discrimination.")):
        sub = f"{W}/para_2_{item}"
        assert one(emitted, sub, g("subItemOf")) == NamedNode(p)
        assert one(emitted, sub, g("number")) == Literal(f"({item})")
        assert one(emitted, sub, g("citation")) == Literal(f"2({item})")
        assert one(emitted, sub, g("text")) == Literal(text, language="en")
    assert one(emitted, W + "/para_2_b", g("position")) == xsd(4, "integer")


def test_sections(emitted):
    s = W + "/sec_chapter-i"
    assert one(emitted, s, TYPE) == g("Section")
    assert one(emitted, s, g("partOf")) == NamedNode(W)
    assert one(emitted, s, g("position")) == xsd(1, "integer")
    assert one(emitted, s, g("number")) == Literal("Chapter I")
    assert one(emitted, s, g("heading")) == Literal("General Provisions", language="en")
    assert objects(emitted, s, g("text")) == []
    assert objects(emitted, s, g("inSection")) == []
    occ = one(emitted, s, g("occurrence"))
    assert occ == NamedNode(occ_iri("charter-en", EN, "Chapter I General Provisions"))
    assert one(emitted, W + "/sec_chapter-ii", g("heading")) == Literal("Final Provisions", language="en")


# --- partial language versions ---------------------------------------------------


def test_unaligned_language_says_why(emitted):
    why = one(emitted, W + "/zh-Hans", g("partialReason")).value
    assert "No provision attested" in why and "charter-zh" in why


def _prov(pos, texts):
    clauses = {lang: [ClauseOut(lang, 1, [Occ(src, lang, 0, len(t), "reference", 1.0, [])], canonical=t)]
               for lang, (src, t) in texts.items()}
    occs = [o for cs in clauses.values() for c in cs for o in c.occurrences]
    return ProvisionOut(pos, None, {}, clauses=clauses, occurrences=occs)


def test_language_covering_some_provisions_names_them_and_its_sources():
    work = Work("w", {"en": "W"})
    aw = AlignedWork(work, [_prov(1, {"en": ("s-en", "One."), "zh-Hant": ("s-zh", "一。")}),
                            _prov(2, {"en": ("s-en", "Two.")})], [], "s-en")
    em = Emitter(SimpleNamespace(base=BASE, works={"w": work}), {"s-en": "One. Two.", "s-zh": "一。"})
    em.partial(aw, "zh-Hant", [])
    em.partial(aw, "en", [])
    why = one(em.triples, BASE + "work/w/zh-Hant", g("partialReason")).value
    assert "1 of 2" in why and "s-zh" in why and "s-en" not in why
    assert objects(em.triples, BASE + "work/w/en", g("partialReason")) == []


def test_complete_language_version_has_no_partial_reason(emitted):
    assert objects(emitted, W + "/en", g("partialReason")) == []


def test_sentence_record_is_what_copy_text_joins():
    # copyText joins the sentences of the copy: with a space in English, nothing in Chinese
    s1 = Sentence("s", "zh-Hans", "各国应尊重主权。", "各国应尊重主权。", 0, 8, 0, (), (), ())
    s2 = Sentence("s", "zh-Hans", "各国应保护隐私。", "各国应保护隐私。", 9, 17, 0, (), (), ())
    raw = "各国应尊重主权。\n各国应保护隐私。"
    em = Emitter(SimpleNamespace(base=BASE, works={}), {"s": raw})
    iri = em.occurrence(Occ("s", "zh-Hans", 0, 17, "ngram", 0.8766, [s1, s2]))
    assert one(em.triples, iri, g("copyText")) == Literal("各国应尊重主权。各国应保护隐私。")
    assert one(em.triples, iri, oa("exact")) == Literal(raw)
    assert float(one(em.triples, iri, g("alignmentScore")).value) == pytest.approx(0.877)
    assert one(em.triples, iri, dct("language")) == Literal("zh-Hans")
