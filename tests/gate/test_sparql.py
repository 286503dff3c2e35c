"""govkg.gate.sparql: SPARQL constraints rewritten for pyoxigraph give the answers the
original query gives (FILTER NOT EXISTS as a left join), and the graph-wide checks and
constraints report Results."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
import rdflib

from govkg.gate.report import CHECKS_NS
from govkg.gate.sparql import anti_join, query_union, run_checks, sparql_constraints

DATA = """
@prefix ex: <http://example.org/> .
ex:a ex:p ex:b . ex:b ex:q "1" .
ex:c ex:p ex:d .
ex:e ex:p ex:f . ex:f ex:q "2" . ex:f ex:r "x" .
"""


def store() -> ox.Store:
    s = ox.Store()
    s.load(DATA.encode(), format=ox.RdfFormat.TURTLE)
    return s


def rows(s: ox.Store, query: str) -> list[tuple]:
    return sorted(tuple(str(t) for t in row) for row in s.query(query))


@pytest.mark.parametrize("query", [
    "SELECT ?x WHERE { ?x <http://example.org/p> ?y FILTER NOT EXISTS { ?y <http://example.org/q> ?z } }",
    "SELECT ?x WHERE { ?x <http://example.org/p> ?y FILTER NOT EXISTS { ?y <http://example.org/q> ?z "
    "FILTER(?z = \"2\") } }",
    "SELECT ?x WHERE { ?x <http://example.org/p> ?y FILTER NOT EXISTS { ?y <http://example.org/q> ?z } "
    "FILTER NOT EXISTS { ?y <http://example.org/r> ?w } }",
    "SELECT ?x WHERE { { ?x <http://example.org/p> ?y FILTER NOT EXISTS { ?y <http://example.org/r> ?w } } }",
])
def test_anti_join_gives_the_same_answers(query):
    rewritten = anti_join(query)
    assert "NOT EXISTS" not in rewritten.upper() and "OPTIONAL" in rewritten
    s = store()
    assert rows(s, rewritten) == rows(s, query)
    assert rows(s, query)  # the case is not vacuous


def test_a_query_without_not_exists_is_left_alone():
    q = "SELECT ?x WHERE { ?x ?p ?o }"
    assert anti_join(q) == q


def test_run_checks_reports_each_row_as_a_violation(tmp_path):
    (tmp_path / "dangling-violation.rq").write_text(
        "SELECT ?focus ?message WHERE { ?focus <http://example.org/p> ?y "
        "FILTER NOT EXISTS { ?y <http://example.org/q> ?z } BIND(\"no q\" AS ?message) }", encoding="utf-8")
    (tmp_path / "ignored.rq").write_text("SELECT ?focus WHERE { ?focus ?p ?o }", encoding="utf-8")
    got = run_checks(store(), tmp_path)
    assert [(r.severity, r.focus, r.shape, r.message, r.shapes_file) for r in got] == [
        ("Violation", "http://example.org/c", CHECKS_NS + "dangling-violation", "no q",
         "queries/checks/dangling-violation.rq")]


SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:p ;
  sh:sparql [ sh:message "its object has no q" ;
    sh:select "SELECT $this ?value WHERE { $this <http://example.org/p> ?value FILTER NOT EXISTS { ?value <http://example.org/q> ?z } }" ] .
"""


def test_a_sparql_constraint_runs_on_the_store_with_pyshacls_answer():
    import pyshacl

    shapes = rdflib.Graph().parse(data=SHAPES, format="turtle")
    constraints, handled = sparql_constraints(shapes)
    assert len(constraints) == 1 and len(handled) == 1
    got = query_union(store(), constraints[0], {})
    assert [(r.focus, r.value, r.severity) for r in got] == [("http://example.org/c", "http://example.org/d", "Violation")]
    _, results, _ = pyshacl.validate(rdflib.Graph().parse(data=DATA, format="turtle"), shacl_graph=shapes,
                                     advanced=True)
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    want = {(str(results.value(n, sh.focusNode)), str(results.value(n, sh.value)))
            for n in results.subjects(rdflib.RDF.type, sh.ValidationResult)}
    assert want == {(r.focus, r.value) for r in got}
