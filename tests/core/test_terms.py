"""Tests for govkg.core.terms: converting RDF terms between pyoxigraph and rdflib."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
import rdflib

from govkg.core import terms
from govkg.core.terms import graph_of, rdflib_quads, text_of, to_ox, to_rdflib

X = "http://www.w3.org/2001/XMLSchema#"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def typed(value, dt):
    return ox.Literal(value, datatype=ox.NamedNode(dt if ":" in dt else X + dt))


# terms whose lexical form is already canonical
OX_TERMS = [
    ox.NamedNode("https://w3id.org/govkg/id/work/doc"),
    ox.NamedNode("https://w3id.org/govkg/id/work/doc/zh-Hant"),
    ox.BlankNode("b0"),
    ox.Literal("plain"),
    ox.Literal("Members shall cooperate.", language="en"),
    ox.Literal("发展", language="zh-Hans"),
    ox.Literal("發展", language="zh-Hant"),
    ox.Literal('a "quoted"\nline\ttab \\ back'),
    typed("42", "integer"),
    typed("7", "nonNegativeInteger"),
    typed("1.000", "decimal"),   # a decimal keeps its trailing zeros
    typed("0.5", "decimal"),
    typed("2024-01-01", "date"),
    typed("2024-01-01T12:30:00+01:00", "dateTime"),
    typed("true", "boolean"),
    typed("https://example.org/", "anyURI"),
    typed("abc", "urn:x:custom"),
    typed("<b>x</b>", "http://www.w3.org/1999/02/22-rdf-syntax-ns#HTML"),
]


# ── to_ox ───────────────────────────────────────────────────────────────────────

def test_to_ox_iri_and_blank_node():
    assert to_ox(rdflib.URIRef("urn:a")) == ox.NamedNode("urn:a")
    assert to_ox(rdflib.BNode("n1")) == ox.BlankNode("n1")


def test_to_ox_simple_literal_is_an_xsd_string():
    lit = to_ox(rdflib.Literal("x"))
    assert lit == ox.Literal("x")
    assert lit.datatype.value == X + "string" and lit.language is None


def test_to_ox_language_literal():
    lit = to_ox(rdflib.Literal("發展", lang="zh-Hant"))
    assert lit.value == "發展"
    assert lit.language.lower() == "zh-hant"
    assert lit.datatype.value == RDF_LANGSTRING


@pytest.mark.parametrize("value, dt", [("42", "integer"), ("1.000", "decimal"), ("2024-01-01", "date"),
                                       ("abc", "urn:x:custom")])
def test_to_ox_typed_literal_keeps_its_datatype(value, dt):
    lit = to_ox(rdflib.Literal(value, datatype=rdflib.URIRef(dt if ":" in dt else X + dt)))
    assert lit == typed(value, dt)


# ── to_rdflib ───────────────────────────────────────────────────────────────────

def test_to_rdflib_iri_and_blank_node():
    assert to_rdflib(ox.NamedNode("urn:a")) == rdflib.URIRef("urn:a")
    assert isinstance(to_rdflib(ox.NamedNode("urn:a")), rdflib.URIRef)
    b = to_rdflib(ox.BlankNode("b7"))
    assert isinstance(b, rdflib.BNode) and str(b) == "b7"


def test_to_rdflib_language_literal_has_no_datatype():
    lit = to_rdflib(ox.Literal("发展", language="zh-Hans"))
    assert lit == rdflib.Literal("发展", lang="zh-Hans")
    assert lit.datatype is None and lit.language.lower() == "zh-hans"


def test_to_rdflib_typed_literal():
    lit = to_rdflib(typed("1.000", "decimal"))
    assert lit.datatype == rdflib.URIRef(X + "decimal")
    assert str(lit) == "1.000" and lit.language is None


def test_to_rdflib_simple_literal_keeps_xsd_string():
    lit = to_rdflib(ox.Literal("x"))
    assert str(lit) == "x" and lit.language is None
    assert lit.datatype == rdflib.URIRef(X + "string")


# ── round trips ─────────────────────────────────────────────────────────────────

@pytest.mark.parametrize("term", OX_TERMS, ids=str)
def test_ox_rdflib_ox_round_trip_is_exact(term):
    back = to_ox(to_rdflib(term))
    assert back == term
    assert type(back) is type(term)
    if isinstance(term, ox.Literal):
        assert (back.value, back.language, back.datatype) == (term.value, term.language, term.datatype)


@pytest.mark.parametrize("term", [
    rdflib.URIRef("urn:x"), rdflib.BNode("n9"),
    rdflib.Literal("Members shall cooperate.", lang="en"), rdflib.Literal("發展", lang="zh-Hant"),
    rdflib.Literal("1.000", datatype=rdflib.URIRef(X + "decimal")),
    rdflib.Literal("2024-01-01", datatype=rdflib.URIRef(X + "date")),
    rdflib.Literal("abc", datatype=rdflib.URIRef("urn:x:custom")),
], ids=repr)
def test_rdflib_ox_rdflib_round_trip(term):
    back = to_rdflib(to_ox(term))
    assert back == term
    if isinstance(term, rdflib.Literal):
        assert back.datatype == term.datatype
        assert (back.language or "").lower() == (term.language or "").lower()
        assert str(back) == str(term)


@pytest.mark.parametrize("term", [typed("007", "integer"), typed("1", "boolean"), typed("1e0", "double"),
                                  typed("2024-01-01T12:30:00Z", "dateTime")], ids=str)
def test_round_trip_keeps_a_non_canonical_lexical_form(term):
    assert to_ox(to_rdflib(term)) == term


# ── graph_of / rdflib_quads ─────────────────────────────────────────────────────

def _quads():
    s = ox.NamedNode("urn:s")
    return [ox.Quad(s, ox.NamedNode("urn:p"), o) for o in OX_TERMS] + [
        ox.Quad(ox.BlankNode("b0"), ox.NamedNode("urn:q"), s),
        ox.Quad(s, ox.NamedNode("urn:p"), ox.Literal("plain")),  # a duplicate
    ]


def test_graph_of_converts_every_quad():
    g = graph_of(_quads())
    assert isinstance(g, rdflib.Graph)
    assert len(g) == len(OX_TERMS) + 1
    assert (rdflib.URIRef("urn:s"), rdflib.URIRef("urn:p"), rdflib.Literal("1.000", datatype=rdflib.URIRef(X + "decimal"))) in g
    assert (rdflib.URIRef("urn:s"), rdflib.URIRef("urn:p"), rdflib.Literal("發展", lang="zh-Hant")) in g
    assert (rdflib.BNode("b0"), rdflib.URIRef("urn:q"), rdflib.URIRef("urn:s")) in g


def test_graph_of_adds_to_a_given_graph():
    g = rdflib.Graph()
    g.add((rdflib.URIRef("urn:old"), rdflib.URIRef("urn:p"), rdflib.Literal("x")))
    out = graph_of([ox.Quad(ox.NamedNode("urn:new"), ox.NamedNode("urn:p"), ox.Literal("y"))], g)
    assert out is g
    assert {str(s) for s in g.subjects()} == {"urn:old", "urn:new"}


def test_graph_of_an_empty_iterable_is_an_empty_graph():
    assert len(graph_of([])) == 0
    assert len(graph_of(iter(()))) == 0


def test_graph_of_then_rdflib_quads_gives_back_the_same_triples():
    quads = _quads()
    back = rdflib_quads(graph_of(quads))
    assert {q.triple for q in back} == {q.triple for q in quads}
    assert len(back) == len(OX_TERMS) + 1


def test_rdflib_quads_keeps_datatypes_and_languages():
    g = rdflib.Graph()
    s, p = rdflib.URIRef("urn:s"), rdflib.URIRef("urn:p")
    g.add((s, p, rdflib.Literal("发展", lang="zh-Hans")))
    g.add((s, p, rdflib.Literal("7", datatype=rdflib.URIRef(X + "nonNegativeInteger"))))
    g.add((s, p, rdflib.URIRef("urn:o")))
    objects = {q.object for q in rdflib_quads(g)}
    assert objects == {ox.Literal("发展", language="zh-Hans"), typed("7", "nonNegativeInteger"), ox.NamedNode("urn:o")}
    assert all(q.graph_name == ox.DefaultGraph() for q in rdflib_quads(g))


def test_graph_of_converts_each_iri_once(monkeypatch):
    calls = []
    real = terms.to_rdflib
    monkeypatch.setattr(terms, "to_rdflib", lambda t: calls.append(t) or real(t))
    s, p = ox.NamedNode("urn:s"), ox.NamedNode("urn:p")
    graph_of([ox.Quad(s, p, ox.Literal(str(i))) for i in range(5)])
    assert len(calls) == 2 + 5  # the subject and predicate once each, each literal once


# ── text_of ─────────────────────────────────────────────────────────────────────

@pytest.mark.parametrize("term, text", [
    (None, ""),
    (ox.BlankNode("b1"), "_:b1"),
    (rdflib.BNode("b1"), "_:b1"),
    (ox.NamedNode("urn:x"), "urn:x"),
    (rdflib.URIRef("urn:x"), "urn:x"),
    (typed("1.000", "decimal"), "1.000"),
    (ox.Literal("發展", language="zh-Hant"), "發展"),
    (rdflib.Literal("發展", lang="zh-Hant"), "發展"),
    (rdflib.Literal("2024-01-01", datatype=rdflib.URIRef(X + "date")), "2024-01-01"),
], ids=repr)
def test_text_of(term, text):
    assert text_of(term) == text


def test_text_of_agrees_across_libraries():
    for term in OX_TERMS:
        assert text_of(term) == text_of(to_rdflib(term))


@pytest.mark.parametrize("lang, key", [("en", "label_en"), ("zh-Hans", "label_zh_Hans"), ("zh-Hant", "label_zh_Hant"),
                                       ("sr-Latn-RS", "label_sr_Latn_RS"), (None, "label_und"), ("", "label_und")])
def test_a_label_column_is_named_alike_in_the_tables_and_the_graph_exports(lang, key):
    """actors.csv and the GraphML/GEXF/JSON exports share this one spelling: an identifier
    (df.label_zh_Hans in pandas), not the BCP 47 tag with its hyphen."""
    assert terms.label_key(lang) == key
