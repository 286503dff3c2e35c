"""The foundation's acceptance, on the seed graph (expected values read off the
five seed files; see tests/data/README.md)."""

from __future__ import annotations

import hashlib
import re
from collections import Counter

import pytest
import rdflib
from conftest import build_copy
from rdflib.compare import isomorphic

GOV = "https://w3id.org/govkg/ontology#"
ID = "https://w3id.org/govkg/id/"
INITIATIVE = ID + "work/global-ai-governance-initiative"
PFX = """PREFIX gov: <https://w3id.org/govkg/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX dct: <http://purl.org/dc/terms/>
"""


def rows(store, q):
    return [[None if v is None else v.value for v in r] for r in store.query(PFX + q)]


def test_initiative_has_fifteen_provisions_with_en_and_zh_hant_text(seed_store):
    got = rows(seed_store, f"""SELECT ?pos (GROUP_CONCAT(DISTINCT lcase(lang(?t)); separator=",") AS ?langs)
        WHERE {{ ?p gov:partOf <{INITIATIVE}> ; a gov:Provision ; gov:position ?pos ; gov:text ?t }}
        GROUP BY ?pos""")
    langs = {int(pos): set(ls.split(",")) for pos, ls in got}
    assert sorted(langs) == list(range(1, 16))
    for pos in range(1, 16):
        assert {"en", "zh-hant"} <= langs[pos], pos
    assert "zh-hans" in langs[15]
    assert all("zh-hans" not in langs[p] for p in range(1, 15)), "zh-Hans is attested only for provision 15 (001)"


def test_clause_counts_one_per_sentence(seed_store):
    got = dict(rows(seed_store, f"""SELECT ?l (COUNT(?c) AS ?n) WHERE {{
        ?c a gov:Clause ; gov:partOf/gov:partOf <{INITIATIVE}> ; gov:text ?t BIND(lcase(lang(?t)) AS ?l) }} GROUP BY ?l"""))
    assert int(got["en"]) == 36
    assert int(got["zh-hant"]) == 28
    assert int(got["zh-hans"]) == 2  # 001's first paragraph: two sentences ending in 。


def test_provision_8_clauses_in_order(seed_store):
    got = rows(seed_store, f"""SELECT ?n ?t WHERE {{ ?c gov:partOf <{INITIATIVE}/p8> ; gov:position ?n ; gov:text ?t .
        FILTER(lang(?t) = "en") }} ORDER BY ?n""")
    starts = [t.split()[0:3] for _, t in got]
    assert starts == [["We", "should", "uphold"], ["All", "countries,", "regardless"], ["We", "call", "for"],
                      ["We", "oppose", "drawing"], ["We", "also", "oppose"]]


def test_every_copy_carries_all_fifteen_provisions(seed_store):
    got = rows(seed_store, f"""SELECT ?path (COUNT(DISTINCT ?p) AS ?n) WHERE {{
        ?p gov:partOf <{INITIATIVE}> ; gov:occurrence/gov:source/gov:path ?path }} GROUP BY ?path""")
    counts = {path[:3]: int(n) for path, n in got}
    assert counts["000"] == counts["002"] == counts["003"] == counts["004"] == 15
    provs_001 = {int(r[0]) for r in rows(seed_store, f"""SELECT ?pos WHERE {{ ?p gov:partOf <{INITIATIVE}> ;
        gov:position ?pos ; gov:occurrence/gov:source/gov:path "001_caf825a306b964ef.txt" }}""")}
    assert provs_001 == {1, 2, 3, 4, 15}


def test_each_clause_has_one_occurrence_per_copy(seed_store):
    got = rows(seed_store, f"""SELECT ?c (COUNT(?o) AS ?n) (COUNT(DISTINCT ?s) AS ?k) WHERE {{
        ?c a gov:Clause ; gov:partOf/gov:partOf <{INITIATIVE}> ; gov:occurrence ?o . ?o gov:source ?s }} GROUP BY ?c""")
    assert got and all(n == k for _, n, k in got)
    en = {c: int(n) for c, n, _ in got if "/en/" in c}
    # 000, 002, 003 and 004 carry every English clause; 001 adds the preamble (p1-p4)
    assert all(n >= 4 for n in en.values())
    assert sum(1 for c, n in en.items() if n == 5) == 10  # p1 4 + p2 2 + p3 3 + p4 1 sentences


AGGREGATED = [
    # (title as attributed in 001, language, date, first words of the excerpt)
    ("全球人工智能治理倡议", "zh-hans", "2023-10-18", "增强发展中国家在人工智能全球治理中"),
    ("2024年中非互联网发展与合作论坛关于中非人工智能合作的主席声明", "zh-hans", "2024-03-03", "Promote the establishment of China Africa"),
    ("G20 AI Principles", "en", "2019-06-09", "a) Governments, including developing countries"),
    ("Governance Principles for the New Generation Artificial Intelligence Developing Responsible Artificial Intelligence",
     "en", "2019-06-17", "Cross disciplinary and cross boundary exchanges"),
    ("OECD Principles on Artificial Intelligence", "en", "2019-05-22", "a) Governments, including developing countries"),
]


@pytest.mark.parametrize("title,lang,date,opening", AGGREGATED, ids=[a[2] for a in AGGREGATED])
def test_aggregator_excerpts_are_attributed_to_their_works(seed_store, title, lang, date, opening):
    got = rows(seed_store, f"""SELECT ?w ?d ?text WHERE {{
        ?w a gov:Work ; dct:title ?title ; dct:issued ?d . FILTER(str(?title) = "{title}")
        ?p gov:partOf ?w ; gov:text ?text ; gov:occurrence/gov:source/gov:path "001_caf825a306b964ef.txt" }}""")
    assert got, f"no work titled {title} with text from 001"
    assert {d for _, d, _ in got} == {date}
    assert any(text.startswith(opening) for _, _, text in got)


def test_ocr_confusions_repaired_and_recorded(seed_graph, seed_store):
    texts = [t for (t,) in rows(seed_store, """SELECT ?t WHERE { ?c a gov:Clause ; gov:text ?t FILTER(lang(?t) = "en") }""")]
    for t in texts:
        assert not re.search(r"\bAl\b", t) and "1mprove" not in t and "measurcs" not in t, t
    repairs = Counter((x, y) for x, y in rows(seed_store, """SELECT ?x ?y WHERE { ?r a gov:Repair ; oa:exact ?x ;
        gov:replacement ?y ; gov:source/gov:path "003_7d41c23aa6ac6b02.txt" }"""))
    raw = seed_graph.raw("003_7d41c23aa6ac6b02.txt")
    assert repairs[("Al", "AI")] == len(re.findall(r"\bAl\b", raw))
    assert repairs[("1mprove", "improve")] == 1
    assert repairs[("measurcs", "measures")] == 1
    assert sum(repairs.values()) == repairs[("Al", "AI")] + 2, f"unexpected repairs: {repairs}"


def test_offset_invariant_holds_for_every_source_link(seed_graph, seed_store):
    got = rows(seed_store, """SELECT ?x ?path ?s ?e ?exact WHERE { ?x oa:start ?s ; oa:end ?e ; oa:exact ?exact ;
        gov:source/gov:path ?path }""")
    assert len(got) > 300
    raws = {}
    for x, path, s, e, exact in got:
        raw = raws.setdefault(path, seed_graph.raw(path))
        assert raw[int(s):int(e)] == exact, x


def test_web_boilerplate_is_not_text(seed_store):
    texts = " ".join(t for (t,) in rows(seed_store, "SELECT ?t WHERE { ?c gov:text ?t }"))
    for junk in ("Suggest To A Friend", "China-Cambodia Relations", "点击报名", "个人信息保护合规审计", "tesla model 3", "來源"):
        assert junk not in texts


def test_formats_parse_to_isomorphic_graphs(seed_graph):
    graphs = {}
    for name, fmt in (("govkg.nt", "nt"), ("govkg.ttl", "turtle"), ("govkg.jsonld", "json-ld")):
        g = rdflib.Graph()
        g.parse(seed_graph.dist / name, format=fmt)
        graphs[name] = g
    assert len(graphs["govkg.nt"]) > 3000
    assert isomorphic(graphs["govkg.nt"], graphs["govkg.ttl"])
    assert isomorphic(graphs["govkg.nt"], graphs["govkg.jsonld"])


def test_void_describes_every_download(seed_graph):
    g = rdflib.Graph().parse(seed_graph.dist / "void.ttl")
    dcat = rdflib.Namespace("http://www.w3.org/ns/dcat#")
    spdx = rdflib.URIRef("http://spdx.org/rdf/terms#checksumValue")
    dct = rdflib.Namespace("http://purl.org/dc/terms/")
    seen = set()
    for dist in g.objects(None, dcat.distribution):
        name = str(g.value(dist, dct.title))
        data = (seed_graph.dist / name).read_bytes()
        assert int(g.value(dist, dcat.byteSize)) == len(data)
        assert str(g.value(dist, spdx)) == hashlib.sha256(data).hexdigest()
        assert g.value(dist, dcat.mediaType) is not None
        seen.add(name)
    assert {"govkg.ttl", "govkg.nt", "govkg.jsonld", "ontology.ttl", "shapes.ttl"} <= seen
    sources = set(g.objects(None, rdflib.URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")))
    assert len(sources) == 5


def test_two_builds_are_byte_identical(seed_graph, tmp_path):
    again = build_copy(tmp_path)
    first = {p.relative_to(seed_graph.dist): p.read_bytes() for p in seed_graph.dist.rglob("*") if p.is_file()}
    second = {p.relative_to(again.dist): p.read_bytes() for p in again.dist.rglob("*") if p.is_file()}
    assert sorted(first) == sorted(second)
    for name in first:
        assert first[name] == second[name], f"{name} differs between two builds"
