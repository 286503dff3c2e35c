"""Tests for govkg.gate.prepared (PreparedQueries: an rdflib Graph caching parsed SPARQL)."""

from __future__ import annotations

import subprocess
import sys
import uuid
from pathlib import Path

import pyshacl
import pytest
import rdflib
from rdflib.plugins.sparql import processor as sparql_processor

from govkg.gate import prepared
from govkg.gate.prepared import PreparedQueries, prepare

ROOT = Path(__file__).resolve().parents[2]
EX = rdflib.Namespace("http://example.org/")

DATA = """
@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:alice a ex:Person ; ex:name "Alice" ; ex:age 30 ; ex:knows ex:bob, ex:carol .
ex:bob a ex:Person ; ex:name "Bob" ; ex:age 17 ; ex:knows ex:alice .
ex:carol a ex:Person ; ex:name "Carol"@en, "Karola"@de ; ex:age 45 .
ex:acme a ex:Org ; ex:name "ACME" .
"""


def graphs(turtle: str = DATA) -> tuple[rdflib.Graph, PreparedQueries]:
    plain = rdflib.Graph().parse(data=turtle, format="turtle")
    fast = PreparedQueries()
    fast.parse(data=turtle, format="turtle")
    return plain, fast


def rows(result) -> list[tuple]:
    return sorted(tuple(str(x) if x is not None else None for x in row) for row in result)


def fresh(text: str) -> str:
    """`text` with a unique comment line, so no earlier test has it in the cache."""
    return f"# {uuid.uuid4()}\n{text}"


P_EX = "PREFIX ex: <http://example.org/>"
P_XSD = "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>"
SELECT_BODY = "SELECT ?p ?n WHERE { ?p a ex:Person ; ex:name ?n ; ex:age ?a . FILTER(?a >= xsd:integer(18)) }"


@pytest.mark.parametrize("head", [[P_EX, P_XSD], [P_XSD, P_EX]], ids=["ex-first", "xsd-first"])
def test_select_with_prefix_lines_in_either_order_matches_plain_graph(head):
    plain, fast = graphs()
    text = "\n".join([*head, SELECT_BODY])
    expected = [("http://example.org/alice", "Alice"), ("http://example.org/carol", "Carol"),
                ("http://example.org/carol", "Karola")]
    assert rows(plain.query(text)) == expected
    assert rows(fast.query(text)) == expected


def test_reordered_prefix_lines_share_one_prepared_query():
    body = fresh(SELECT_BODY)
    a = prepare(f"{P_EX}\n{P_XSD}\n{body}")
    b = prepare(f"{P_XSD}\n{P_EX}\n{body}")
    assert a is b


def test_select_with_init_bindings_matches_plain_graph_for_each_binding():
    plain, fast = graphs()
    text = f"{P_EX}\nSELECT ?o WHERE {{ ?s ex:knows ?o }}"
    expected = {EX.alice: ["http://example.org/bob", "http://example.org/carol"],
                EX.bob: ["http://example.org/alice"], EX.carol: []}
    # the same prepared query is reused with different bindings: none may leak into the next
    for _ in range(2):
        for person, want in expected.items():
            assert rows(fast.query(text, initBindings={"s": person})) == [(w,) for w in want]
            assert rows(plain.query(text, initBindings={"s": person})) == [(w,) for w in want]
    assert len(rows(fast.query(text))) == 3  # and no binding at all: every ex:knows


@pytest.mark.parametrize("who, adult", [(EX.alice, True), (EX.bob, False), (EX.acme, False)])
def test_ask_with_init_bindings_matches_plain_graph(who, adult):
    plain, fast = graphs()
    for head in ([P_XSD, P_EX], [P_EX, P_XSD]):
        text = "\n".join([*head, "ASK { $this ex:age ?a . FILTER(?a >= xsd:integer(18)) }"])
        assert plain.query(text, initBindings={"this": who}).askAnswer is adult
        assert fast.query(text, initBindings={"this": who}).askAnswer is adult


def test_graph_namespaces_serve_as_init_ns_like_rdflib():
    plain, fast = graphs()
    plain.bind("ex", EX)
    fast.bind("ex", EX)
    text = "SELECT ?n WHERE { ex:acme ex:name ?n }"  # no PREFIX line: the graph's binding
    assert rows(plain.query(text)) == [("ACME",)]
    assert rows(fast.query(text)) == [("ACME",)]


def test_same_text_under_different_graph_bindings_is_not_confused():
    """The prefix `ex:` means what each graph binds it to, even with the query cached."""
    _, one = graphs()
    one.bind("ex", EX)
    other = PreparedQueries()
    other.bind("ex", rdflib.Namespace("http://other.example/"))
    other.add((rdflib.URIRef("http://other.example/acme"), rdflib.URIRef("http://other.example/name"),
               rdflib.Literal("Other")))
    text = fresh("SELECT ?n WHERE { ex:acme ex:name ?n }")
    assert rows(one.query(text)) == [("ACME",)]
    assert rows(other.query(text)) == [("Other",)]
    assert rows(one.query(text)) == [("ACME",)]


def test_explicit_init_ns_is_used():
    _, fast = graphs()
    text = fresh("SELECT ?n WHERE { q:bob q:name ?n }")
    assert rows(fast.query(text, initNs={"q": EX})) == [("Bob",)]


def test_prepare_returns_the_same_object_for_the_same_text():
    text = fresh(f"{P_EX}\nSELECT ?s WHERE {{ ?s a ex:Person }}")
    first = prepare(text)
    assert prepare(text) is first
    assert prepare(str(text)) is first  # an equal string, not only the same object


def test_prepare_returns_different_objects_for_different_text():
    base = fresh(f"{P_EX}\nSELECT ?s WHERE {{ ?s a ex:Person }}")
    a = prepare(base)
    b = prepare(base.replace("ex:Person", "ex:Org"))
    assert a is not b
    _, fast = graphs()
    assert rows(fast.query(base)) == [("http://example.org/alice",), ("http://example.org/bob",),
                                      ("http://example.org/carol",)]
    assert rows(fast.query(base.replace("ex:Person", "ex:Org"))) == [("http://example.org/acme",)]


def test_a_query_string_is_parsed_once(monkeypatch):
    calls = []
    real = sparql_processor.parseQuery

    def counting(text):
        calls.append(text)
        return real(text)

    monkeypatch.setattr(sparql_processor, "parseQuery", counting)
    plain, fast = graphs()
    text = fresh(f"{P_EX}\nSELECT ?n WHERE {{ ?s ex:name ?n }}")
    results = [rows(fast.query(text)) for _ in range(3)]
    assert len(calls) == 1
    assert results[0] == results[1] == results[2] and len(results[0]) == 5
    calls.clear()
    for _ in range(3):  # negative control: a plain Graph parses every time
        assert rows(plain.query(text)) == results[0]
    assert len(calls) == 3


SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
ex: a owl:Ontology ; sh:declare [ sh:prefix "ex" ; sh:namespace "http://example.org/"^^xsd:anyURI ] ,
    [ sh:prefix "xsd" ; sh:namespace "http://www.w3.org/2001/XMLSchema#"^^xsd:anyURI ] .
ex:AdultsKnowAdults a sh:NodeShape ;
    sh:targetClass ex:Person ;
    sh:sparql [
        sh:prefixes ex: ;
        sh:message "knows a minor" ;
        sh:select \"\"\"SELECT $this ?value WHERE {
            $this ex:knows ?value . ?value ex:age ?a . FILTER(?a < xsd:integer(18)) }\"\"\" ] .
"""


def shacl_keys(data: rdflib.Graph) -> tuple[bool, set]:
    shapes = rdflib.Graph().parse(data=SHAPES, format="turtle")
    conforms, report, _ = pyshacl.validate(data, shacl_graph=shapes, inplace=True, inference="none",
                                           advanced=True, allow_warnings=True)
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    keys = {(str(report.value(r, sh.focusNode)), str(report.value(r, sh.value)), str(report.value(r, sh.sourceShape)),
             str(report.value(r, sh.resultMessage))) for r in report.objects(None, sh.result)}
    return conforms, keys


def test_pyshacl_in_place_on_prepared_graph_equals_plain_graph(monkeypatch):
    prepared_calls = []
    real = prepared.prepare
    monkeypatch.setattr(prepared, "prepare", lambda *a, **k: prepared_calls.append(a[0]) or real(*a, **k))
    plain, fast = graphs()
    expected = {("http://example.org/alice", "http://example.org/bob", "http://example.org/AdultsKnowAdults",
                 "knows a minor")}
    assert shacl_keys(plain) == (False, expected)
    assert shacl_keys(fast) == (False, expected)
    # pyshacl queried the PreparedQueries object itself (inplace): the constraint went through the cache
    assert any("ex:knows ?value" in q for q in prepared_calls)
    # a second validation, with the cache warm, still gives the same results
    assert shacl_keys(fast) == (False, expected)


def test_pyshacl_on_prepared_graph_after_a_change_of_data():
    """The cache holds queries, never results: new data, new results."""
    changed = DATA.replace("ex:age 17", "ex:age 19")
    plain, fast = graphs(changed)
    shacl_keys(graphs()[1])  # warm the cache on the original data
    assert shacl_keys(plain) == (True, set())
    assert shacl_keys(fast) == (True, set())
    minor = DATA + "ex:dan a ex:Person ; ex:age 12 . ex:carol ex:knows ex:dan .\n"
    plain, fast = graphs(minor)
    expected = {("http://example.org/alice", "http://example.org/bob", "http://example.org/AdultsKnowAdults",
                 "knows a minor"),
                ("http://example.org/carol", "http://example.org/dan", "http://example.org/AdultsKnowAdults",
                 "knows a minor")}
    assert shacl_keys(plain) == (False, expected)
    assert shacl_keys(fast) == (False, expected)


def test_importing_the_module_patches_nothing_in_rdflib():
    script = """
import rdflib
from rdflib.plugins.sparql import processor
import rdflib.plugins.sparql as sparql
before = (processor.SPARQLProcessor.query, processor.SPARQLProcessor.__dict__.get("query"),
          processor.parseQuery, processor.translateQuery, processor.prepareQuery, sparql.prepareQuery,
          rdflib.Graph.query)
import govkg.gate.prepared
after = (processor.SPARQLProcessor.query, processor.SPARQLProcessor.__dict__.get("query"),
         processor.parseQuery, processor.translateQuery, processor.prepareQuery, sparql.prepareQuery,
         rdflib.Graph.query)
print([a is b for a, b in zip(before, after)])
print(processor.SPARQLProcessor.query.__module__)
"""
    run = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    same, module = run.stdout.split("\n")[:2]
    assert same == str([True] * 7)
    assert module == "rdflib.plugins.sparql.processor"


def test_plain_graphs_are_not_affected_in_this_process():
    assert sparql_processor.SPARQLProcessor.query.__module__ == "rdflib.plugins.sparql.processor"
    assert rdflib.Graph.query is not PreparedQueries.query
    assert not isinstance(rdflib.Graph(), PreparedQueries)
