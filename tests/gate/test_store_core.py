"""govkg.gate.store_core: SHACL Core shapes planned as SPARQL over a pyoxigraph Store
report what stock pyshacl reports on the same small graphs."""

from __future__ import annotations

import pyoxigraph as ox
import pyshacl
import pytest
import rdflib

from govkg.gate.shacl_core import Core
from govkg.gate.store_core import StoreCore

SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <http://example.org/> .
ex:ThingShape a sh:NodeShape ; sh:targetClass ex:Thing ;
  sh:property [ sh:path ex:name ; sh:minCount 1 ; sh:maxCount 1 ; sh:datatype xsd:string ] ;
  sh:property [ sh:path ex:size ; sh:datatype xsd:decimal ; sh:minInclusive 0 ] ;
  sh:property [ sh:path ex:kind ; sh:in ( ex:a ex:b ) ] ;
  sh:property [ sh:path ex:part ; sh:class ex:Part ] .
"""

CASES = {
    "conforms": """ex:t a ex:Thing ; ex:name "one" ; ex:size 2.5 ; ex:kind ex:a ; ex:part ex:p . ex:p a ex:Part .""",
    "no name": """ex:t a ex:Thing ; ex:size 2.5 .""",
    "two names": """ex:t a ex:Thing ; ex:name "one", "two" .""",
    "name not a string": """ex:t a ex:Thing ; ex:name 5 .""",
    "negative size": """ex:t a ex:Thing ; ex:name "n" ; ex:size -1.0 .""",
    "kind not listed": """ex:t a ex:Thing ; ex:name "n" ; ex:kind ex:c .""",
    "part of no class": """ex:t a ex:Thing ; ex:name "n" ; ex:part ex:q .""",
    "not targeted": """ex:u ex:size -1.0 .""",
}
PREFIX = "@prefix ex: <http://example.org/> .\n"


def pyshacl_keys(data: str) -> set[tuple[str, str]]:
    shapes = rdflib.Graph().parse(data=SHAPES, format="turtle")
    _, results, _ = pyshacl.validate(rdflib.Graph().parse(data=PREFIX + data, format="turtle"), shacl_graph=shapes)
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    return {(str(results.value(n, sh.focusNode)), str(results.value(n, sh.resultPath)))
            for n in results.subjects(rdflib.RDF.type, sh.ValidationResult)}


def store_keys(data: str) -> set[tuple[str, str]]:
    core = Core(rdflib.Graph().parse(data=SHAPES, format="turtle"))
    store = ox.Store()
    store.load((PREFIX + data).encode(), format=ox.RdfFormat.TURTLE)
    found = StoreCore(core).validate(store, [ox.DefaultGraph()])
    return {(str(focus.value), str(path.value if hasattr(path, "value") else path)) for _, focus, _, path, _, _ in found}


@pytest.mark.parametrize("case", sorted(CASES))
def test_same_results_as_pyshacl(case):
    want = pyshacl_keys(CASES[case])
    assert store_keys(CASES[case]) == want
    assert (not want) == (case in ("conforms", "not targeted"))  # each violating case does violate
