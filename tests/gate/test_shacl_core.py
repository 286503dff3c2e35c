"""Tests for govkg.gate.shacl_core (the SHACL Core interpreter held to stock pyshacl)."""

from __future__ import annotations

import pyoxigraph as ox
import pyshacl
import pytest
import rdflib

from govkg.gate.shacl_core import Core, Data

EX = "http://example.org/"
SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
HEAD = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""


def _text(term) -> str:
    """A term for comparison: IRIs and literals by their text, every blank node as "_:"."""
    if term is None:
        return ""
    if isinstance(term, (ox.BlankNode, rdflib.BNode)):
        return "_:"
    return term.value if isinstance(term, (ox.NamedNode, ox.Literal)) else str(term)


def core_run(shapes: str, data: str) -> tuple[Core, set]:
    """Core on the shapes; the data graph read by pyoxigraph (literals exactly as written)."""
    core = Core(rdflib.Graph().parse(data=HEAD + shapes, format="turtle"))
    triples = ox.parse((HEAD + data).encode(), format=ox.RdfFormat.TURTLE)
    found = core.validate(Data(triples))
    return core, {(_text(focus), path, sev, _text(value)) for sev, focus, _shape, path, _msg, value in found}


def pyshacl_run(shapes: str, data: str) -> set:
    shapes_g = rdflib.Graph().parse(data=HEAD + shapes, format="turtle")
    data_g = rdflib.Graph().parse(data=HEAD + data, format="turtle")
    _, report, _ = pyshacl.validate(data_g, shacl_graph=shapes_g, inference="none", advanced=True,
                                    allow_warnings=True, meta_shacl=False)
    out = set()
    for r in report.objects(None, SH.result):
        path = report.value(r, SH.resultPath)
        out.add((_text(report.value(r, SH.focusNode)), str(path) if isinstance(path, rdflib.URIRef) else "",
                 str(report.value(r, SH.resultSeverity)).rsplit("#", 1)[-1], _text(report.value(r, SH.value))))
    return out


def r(focus: str, path: str = "", value: str = "", sev: str = "Violation") -> tuple:
    """An expected result; `ex:` names are expanded."""
    ex = (lambda s: EX + s[3:] if s.startswith("ex:") else s)  # noqa: E731
    return ex(focus), ex(path), sev, ex(value)


def check(shapes: str, data: str, expected: set) -> None:
    core, got = core_run(shapes, data)
    assert core.unsupported == []
    assert got == expected, "shacl_core"
    assert pyshacl_run(shapes, data) == expected, "pyshacl (the reference)"


def prop(body: str, path: str = "ex:p", target: str = "sh:targetClass ex:T") -> str:
    return f"ex:S a sh:NodeShape ; {target} ; sh:property [ sh:path {path} ; {body} ] ."


# (id, shapes, conforming data, violating data, results on the violating data)
CASES = [
    ("minCount", prop("sh:minCount 2"),
     "ex:a a ex:T ; ex:p 1, 2 . ex:b a ex:T ; ex:p 1, 2, 3 .",
     "ex:a a ex:T ; ex:p 1 . ex:b a ex:T . ex:c a ex:T ; ex:p 1, 2 .",
     {r("ex:a", "ex:p"), r("ex:b", "ex:p")}),
    ("maxCount", prop("sh:maxCount 1"),
     "ex:a a ex:T ; ex:p 1 . ex:b a ex:T .",
     "ex:a a ex:T ; ex:p 1, 2 . ex:b a ex:T ; ex:p ex:x . ex:c a ex:T ; ex:p ex:x, ex:y, 3 .",
     {r("ex:a", "ex:p"), r("ex:c", "ex:p")}),
    ("datatype-string", prop("sh:datatype xsd:string"),
     'ex:a a ex:T ; ex:p "x", "y"^^xsd:string .',
     'ex:a a ex:T ; ex:p "ok", "x"@en, 1, ex:i .',
     {r("ex:a", "ex:p", "x"), r("ex:a", "ex:p", "1"), r("ex:a", "ex:p", "ex:i")}),
    ("datatype-langString", prop("sh:datatype rdf:langString"),
     'ex:a a ex:T ; ex:p "x"@en, "y"@zh-Hant .',
     'ex:a a ex:T ; ex:p "x"@en, "y", 1 .',
     {r("ex:a", "ex:p", "y"), r("ex:a", "ex:p", "1")}),
    ("datatype-integer-ill-formed", prop("sh:datatype xsd:integer"),
     "ex:a a ex:T ; ex:p 7, -3 .",
     'ex:a a ex:T ; ex:p 7, "x"^^xsd:integer, "1.5"^^xsd:integer, 1.5 .',
     {r("ex:a", "ex:p", "x"), r("ex:a", "ex:p", "1.5")}),  # 1.5 is a decimal: same text
    ("datatype-date-ill-formed", prop("sh:datatype xsd:date"),
     'ex:a a ex:T ; ex:p "2024-02-29"^^xsd:date .',
     'ex:a a ex:T ; ex:p "2024-02-28"^^xsd:date, "2024-02-30"^^xsd:date, "2023-02-29"^^xsd:date, "2024-01-01" .',
     {r("ex:a", "ex:p", "2024-02-30"), r("ex:a", "ex:p", "2023-02-29"), r("ex:a", "ex:p", "2024-01-01")}),
    ("datatype-dateTime-ill-formed", prop("sh:datatype xsd:dateTime"),
     'ex:a a ex:T ; ex:p "2024-01-01T10:00:00Z"^^xsd:dateTime, "2024-01-01T10:00:00"^^xsd:dateTime .',
     'ex:a a ex:T ; ex:p "2024-13-01T10:00:00"^^xsd:dateTime, "2024-01-01T10:00:00"^^xsd:dateTime .',
     {r("ex:a", "ex:p", "2024-13-01T10:00:00")}),
    ("class-with-subclasses", prop("sh:class ex:C"),
     "ex:a a ex:T ; ex:p ex:c1, ex:c2 . ex:c1 a ex:C . ex:c2 a ex:D . ex:D rdfs:subClassOf ex:E . "
     "ex:E rdfs:subClassOf ex:C .",
     'ex:a a ex:T ; ex:p ex:c1, ex:c3, ex:c4, "lit" . ex:c1 a ex:C . ex:c3 a ex:E . ex:C rdfs:subClassOf ex:E .',
     {r("ex:a", "ex:p", "ex:c3"), r("ex:a", "ex:p", "ex:c4"), r("ex:a", "ex:p", "lit")}),
    ("nodeKind-IRI", prop("sh:nodeKind sh:IRI"),
     "ex:a a ex:T ; ex:p ex:x, ex:y .",
     'ex:a a ex:T ; ex:p ex:x, [ ex:q 1 ], "l" .',
     {r("ex:a", "ex:p", "_:"), r("ex:a", "ex:p", "l")}),
    ("nodeKind-BlankNodeOrLiteral", prop("sh:nodeKind sh:BlankNodeOrLiteral"),
     'ex:a a ex:T ; ex:p [ ex:q 1 ], "l", 3 .',
     'ex:a a ex:T ; ex:p ex:x, [ ex:q 1 ], "l" .',
     {r("ex:a", "ex:p", "ex:x")}),
    ("nodeKind-Literal", prop("sh:nodeKind sh:Literal"),
     'ex:a a ex:T ; ex:p "l", 3 .',
     'ex:a a ex:T ; ex:p ex:x, [ ex:q 1 ], "l" .',
     {r("ex:a", "ex:p", "ex:x"), r("ex:a", "ex:p", "_:")}),
    ("languageIn", prop('sh:languageIn ( "en" "zh-Hans" )'),
     'ex:a a ex:T ; ex:p "a"@en, "b"@en-GB, "c"@EN, "d"@zh-Hans .',
     'ex:a a ex:T ; ex:p "a"@en, "c"@de, "d", "e"@eng, "f"@zh-Hant .',
     {r("ex:a", "ex:p", v) for v in ("c", "d", "e", "f")}),
    ("minLength-maxLength", prop("sh:minLength 3 ; sh:maxLength 4"),
     'ex:a a ex:T ; ex:p "abc", "abcd", 123, "開源人工" .',
     'ex:a a ex:T ; ex:p "ab", "abc", "abcde", 12, [ ex:q 1 ] .',
     {r("ex:a", "ex:p", "ab"), r("ex:a", "ex:p", "abcde"), r("ex:a", "ex:p", "12"), r("ex:a", "ex:p", "_:")}),
    ("maxLength-on-IRI", prop("sh:maxLength 20"),
     "ex:a a ex:T ; ex:p ex:x .",  # http://example.org/x: 20 characters
     "ex:a a ex:T ; ex:p ex:x, ex:short .",  # http://example.org/short: 24
     {r("ex:a", "ex:p", "ex:short")}),
    ("pattern-with-flags", prop('sh:pattern "^ex" ; sh:flags "i"'),
     'ex:a a ex:T ; ex:p "EXa", "example" .',
     'ex:a a ex:T ; ex:p "EXa", "b", ex:c, [ ex:q 1 ], 12 .',
     {r("ex:a", "ex:p", "b"), r("ex:a", "ex:p", "ex:c"), r("ex:a", "ex:p", "_:"), r("ex:a", "ex:p", "12")}),
    ("pattern-on-IRI", prop('sh:pattern "/ok[0-9]$"'),
     'ex:a a ex:T ; ex:p ex:ok1, "x/ok2" .',
     "ex:a a ex:T ; ex:p ex:ok1, ex:ok, ex:okk3 .",
     {r("ex:a", "ex:p", "ex:ok"), r("ex:a", "ex:p", "ex:okk3")}),
    ("in", prop('sh:in ( 1 "x" ex:v )'),
     'ex:a a ex:T ; ex:p 1, "x", ex:v .',
     'ex:a a ex:T ; ex:p 1, "1", "x"@en, ex:w, 2 .',
     {r("ex:a", "ex:p", "1"), r("ex:a", "ex:p", "x"), r("ex:a", "ex:p", "ex:w"), r("ex:a", "ex:p", "2")}),
    ("hasValue", prop("sh:hasValue ex:v"),
     "ex:a a ex:T ; ex:p ex:v, ex:w .",
     'ex:a a ex:T ; ex:p ex:v . ex:b a ex:T ; ex:p ex:w, "http://example.org/v" . ex:c a ex:T .',
     {r("ex:b", "ex:p"), r("ex:c", "ex:p")}),
    ("hasValue-node-shape", "ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:q ; sh:hasValue ex:a .",
     "ex:a ex:q 1 .",
     "ex:a ex:q 1 . ex:c ex:q 2 .",
     {r("ex:c")}),
    ("minInclusive-maxInclusive", prop("sh:minInclusive 1 ; sh:maxInclusive 10"),
     "ex:a a ex:T ; ex:p 1, 10, 5.5, 3 .",
     'ex:a a ex:T ; ex:p 0, 1, 10, 10.5, "5", ex:five .',
     {r("ex:a", "ex:p", v) for v in ("0", "10.5", "5", "ex:five")}),
    ("minExclusive-maxExclusive", prop("sh:minExclusive 0 ; sh:maxExclusive 10"),
     "ex:a a ex:T ; ex:p 1, 9.5 .",
     'ex:a a ex:T ; ex:p 0, 1, 10, 9.5, "5" .',
     {r("ex:a", "ex:p", v) for v in ("0", "10", "5")}),
    ("maxInclusive-date", prop('sh:maxInclusive "2024-12-31"^^xsd:date'),
     'ex:a a ex:T ; ex:p "2024-12-31"^^xsd:date, "2023-01-01"^^xsd:date .',
     'ex:a a ex:T ; ex:p "2024-12-31"^^xsd:date, "2025-01-01"^^xsd:date, "2024-01-01" .',
     {r("ex:a", "ex:p", "2025-01-01"), r("ex:a", "ex:p", "2024-01-01")}),
    ("uniqueLang", prop("sh:uniqueLang true"),
     'ex:a a ex:T ; ex:p "a"@en, "b"@fr, "c" , "d" .',
     'ex:a a ex:T ; ex:p "a"@EN, "b"@en, "c"@de . ex:b a ex:T ; ex:p "a"@en, "b"@fr .',
     {r("ex:a", "ex:p")}),
    ("lessThan", prop("sh:lessThan ex:q"),
     'ex:a a ex:T ; ex:p 1, 2 ; ex:q 3 . ex:b a ex:T ; ex:p "2024-01-01"^^xsd:date ; ex:q "2024-02-01"^^xsd:date .',
     "ex:a a ex:T ; ex:p 1, 3, 5 ; ex:q 3 .",
     {r("ex:a", "ex:p", "3"), r("ex:a", "ex:p", "5")}),
    ("lessThanOrEquals", prop("sh:lessThanOrEquals ex:q"),
     "ex:a a ex:T ; ex:p 1, 3 ; ex:q 3 .",
     "ex:a a ex:T ; ex:p 1, 3, 5 ; ex:q 3 .",
     {r("ex:a", "ex:p", "5")}),
    ("or", prop("sh:or ( [ sh:datatype xsd:string ] [ sh:class ex:C ] )"),
     'ex:a a ex:T ; ex:p "s", ex:c . ex:c a ex:C .',
     'ex:a a ex:T ; ex:p 1, ex:c, ex:d, "s" . ex:c a ex:C .',
     {r("ex:a", "ex:p", "1"), r("ex:a", "ex:p", "ex:d")}),
    ("and", prop("sh:and ( [ sh:datatype xsd:string ] [ sh:minLength 2 ] )"),
     'ex:a a ex:T ; ex:p "ss", "sss" .',
     'ex:a a ex:T ; ex:p 10, "s", "ss" .',
     {r("ex:a", "ex:p", "10"), r("ex:a", "ex:p", "s")}),
    ("not", prop("sh:not [ sh:hasValue ex:bad ]"),
     "ex:a a ex:T ; ex:p ex:good .",
     "ex:a a ex:T ; ex:p ex:bad, ex:good .",
     {r("ex:a", "ex:p", "ex:bad")}),
    ("xone", prop("sh:xone ( [ sh:nodeKind sh:IRI ] [ sh:class ex:C ] )"),
     "ex:a a ex:T ; ex:p ex:d . ex:b a ex:T ; ex:p [ a ex:C ] .",
     'ex:a a ex:T ; ex:p ex:c, ex:d, "s" . ex:c a ex:C .',
     {r("ex:a", "ex:p", "ex:c"), r("ex:a", "ex:p", "s")}),
    ("node", "ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:property [ sh:path ex:p ; sh:node ex:N ] . "
             "ex:N a sh:NodeShape ; sh:property [ sh:path ex:name ; sh:minCount 1 ; sh:datatype xsd:string ] .",
     'ex:a a ex:T ; ex:p ex:m . ex:m ex:name "m" .',
     'ex:a a ex:T ; ex:p ex:m, ex:n, ex:o . ex:m ex:name "m" . ex:n ex:name 5 .',
     {r("ex:a", "ex:p", "ex:n"), r("ex:a", "ex:p", "ex:o")}),
    ("node-or-of-property-shapes",
     "ex:S a sh:NodeShape ; sh:targetClass ex:T ; "
     "sh:or ( [ sh:path ex:p ; sh:minCount 1 ] [ sh:path ex:q ; sh:minCount 1 ] ) .",
     "ex:a a ex:T ; ex:p 1 . ex:b a ex:T ; ex:q 1 .",
     "ex:a a ex:T ; ex:p 1 . ex:c a ex:T ; ex:r 1 .",
     {r("ex:c", "", "ex:c")}),
    ("qualifiedValueShape",
     prop("sh:qualifiedValueShape [ sh:class ex:C ] ; sh:qualifiedMinCount 1 ; sh:qualifiedMaxCount 2"),
     "ex:a a ex:T ; ex:p ex:c1, ex:d . ex:b a ex:T ; ex:p ex:c1, ex:c2 . ex:c1 a ex:C . ex:c2 a ex:C .",
     "ex:a a ex:T ; ex:p ex:d . ex:b a ex:T ; ex:p ex:c1, ex:d . ex:c a ex:T ; ex:p ex:c1, ex:c2, ex:c3 . "
     "ex:c1 a ex:C . ex:c2 a ex:C . ex:c3 a ex:C .",
     {r("ex:a", "ex:p"), r("ex:c", "ex:p")}),
]


@pytest.mark.parametrize("shapes, good, bad, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_component_conforming_and_violating(shapes, good, bad, expected):
    check(shapes, good, set())
    check(shapes, bad, expected)


# ---------------------------------------------------------------- targets

@pytest.mark.parametrize("target, data, expected", [
    ("sh:targetClass ex:T",  # ex:U is a subclass of ex:T; ex:c is not a T at all
     "ex:U rdfs:subClassOf ex:T . ex:a a ex:T . ex:b a ex:U . ex:c a ex:V . ex:d a ex:T ; ex:p 1 .",
     {r("ex:a", "ex:p"), r("ex:b", "ex:p")}),
    ("sh:targetNode ex:n, ex:x",  # ex:n is not in the data and is still a focus node
     "ex:x ex:r 1 . ex:y ex:r 2 .",
     {r("ex:n", "ex:p"), r("ex:x", "ex:p")}),
    ("sh:targetSubjectsOf ex:r",
     "ex:x ex:r ex:y . ex:x2 ex:r ex:y2 ; ex:p 1 . ex:z ex:p 1 .",
     {r("ex:x", "ex:p")}),
    ("sh:targetObjectsOf ex:r",
     "ex:x ex:r ex:y . ex:x2 ex:r ex:y2 . ex:y2 ex:p 1 . ex:x ex:p 1 .",
     {r("ex:y", "ex:p")}),
])
def test_targets(target, data, expected):
    check(prop("sh:minCount 1", target=target), data, expected)


def test_node_shape_constraints_on_literal_focus_nodes():
    shapes = "ex:S a sh:NodeShape ; sh:targetObjectsOf ex:r ; sh:nodeKind sh:IRI ; sh:datatype xsd:string ."
    # ex:y fails datatype, "l" fails nodeKind, 1 fails both (one result per failing value)
    check(shapes, 'ex:x ex:r ex:y, "l", 1 .', {r("ex:y", "", "ex:y"), r("l", "", "l"), r("1", "", "1")})
    check("ex:S a sh:NodeShape ; sh:targetObjectsOf ex:r ; sh:nodeKind sh:IRI .", "ex:x ex:r ex:y, ex:z .", set())


def test_property_shape_with_its_own_target():
    shapes = "ex:S a sh:PropertyShape ; sh:targetClass ex:T ; sh:path ex:p ; sh:minCount 1 ."
    check(shapes, "ex:a a ex:T . ex:b a ex:T ; ex:p 1 .", {r("ex:a", "ex:p")})
    check(shapes, "ex:b a ex:T ; ex:p 1 .", set())


# ---------------------------------------------------------------- paths

def test_inverse_path():
    shapes = prop("sh:minCount 1 ; sh:maxCount 1", path="[ sh:inversePath ex:p ]")
    data = "ex:a a ex:T . ex:b a ex:T . ex:z ex:p ex:b . ex:c a ex:T . ex:y ex:p ex:c . ex:w ex:p ex:c ."
    check(shapes, data, {r("ex:a"), r("ex:c")})  # a blank-node path is no IRI: path ""
    check(shapes, "ex:b a ex:T . ex:z ex:p ex:b .", set())


def test_sequence_path():
    shapes = prop("sh:minCount 1 ; sh:class ex:C", path="( ex:p ex:q )")
    data = ("ex:a a ex:T ; ex:p ex:m . ex:m ex:q ex:k . ex:k a ex:C . ex:b a ex:T ; ex:p ex:n . ex:n ex:q ex:j . "
            "ex:c a ex:T ; ex:q ex:k .")
    check(shapes, data, {r("ex:b", "", "ex:j"), r("ex:c")})
    check(shapes, "ex:a a ex:T ; ex:p ex:m . ex:m ex:q ex:k . ex:k a ex:C .", set())


def test_sequence_with_inverse_step():
    shapes = prop("sh:minCount 1", path="( [ sh:inversePath ex:p ] ex:q )")
    check(shapes, "ex:a a ex:T . ex:z ex:p ex:a ; ex:q 1 . ex:b a ex:T . ex:y ex:p ex:b .", {r("ex:b")})


# ---------------------------------------------------------------- severity, deactivation, several property shapes

@pytest.mark.parametrize("sev", ["Warning", "Info", "Violation"])
def test_severity_of_the_property_shape(sev):
    check(prop(f"sh:minCount 1 ; sh:severity sh:{sev}"), "ex:a a ex:T . ex:b a ex:T ; ex:p 1 .",
          {r("ex:a", "ex:p", sev=sev)})


def test_severity_of_a_node_shape_is_not_its_property_shapes():
    shapes = ("ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:severity sh:Warning ; sh:nodeKind sh:BlankNode ; "
              "sh:property [ sh:path ex:p ; sh:minCount 1 ] .")
    check(shapes, "ex:a a ex:T .", {r("ex:a", "", "ex:a", "Warning"), r("ex:a", "ex:p")})


def test_two_property_shapes_each_with_its_own_severity():
    shapes = ("ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:property [ sh:path ex:p ; sh:minCount 1 ] , "
              "[ sh:path ex:q ; sh:maxCount 0 ; sh:severity sh:Warning ] .")
    check(shapes, "ex:a a ex:T ; ex:p 1 ; ex:q 2 . ex:b a ex:T .", {r("ex:a", "ex:q", sev="Warning"), r("ex:b", "ex:p")})


def test_deactivated_shapes_report_nothing():
    data = "ex:a a ex:T ; ex:q 1 ."
    check(prop("sh:minCount 1 ; sh:deactivated true"), data, set())
    shapes = ("ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:deactivated true ; "
              "sh:property [ sh:path ex:p ; sh:minCount 1 ] .")
    check(shapes, data, set())
    check(prop("sh:minCount 1 ; sh:deactivated false"), data, {r("ex:a", "ex:p")})  # negative control


def test_one_result_per_focus_node_and_failing_value():
    shapes = prop("sh:datatype xsd:string")
    data = 'ex:a a ex:T ; ex:p 1, 2, "s" . ex:b a ex:T ; ex:p 3 .'
    core = Core(rdflib.Graph().parse(data=HEAD + shapes, format="turtle"))
    found = core.validate(Data(ox.parse((HEAD + data).encode(), format=ox.RdfFormat.TURTLE)))
    assert sorted((_text(f), _text(v)) for _, f, _, _, _, v in found) == [
        (EX + "a", "1"), (EX + "a", "2"), (EX + "b", "3")]
    prop_shape = next(rdflib.Graph().parse(data=HEAD + shapes, format="turtle").objects(
        rdflib.URIRef(EX + "S"), SH.property))
    assert all(isinstance(s, rdflib.BNode) for _, _, s, _, _, _ in found)  # the property shape is the source
    assert isinstance(prop_shape, rdflib.BNode)
    assert {m for *_, m, _ in found} == {""}


def test_message_is_carried():
    shapes = prop('sh:minCount 1 ; sh:message "needs a p"')
    core = Core(rdflib.Graph().parse(data=HEAD + shapes, format="turtle"))
    found = core.validate(Data(ox.parse((HEAD + "ex:a a ex:T .").encode(), format=ox.RdfFormat.TURTLE)))
    assert [(sev, _text(f), path, msg) for sev, f, _, path, msg, _ in found] == [
        ("Violation", EX + "a", EX + "p", "needs a p")]


# ---------------------------------------------------------------- what the module leaves to pyshacl

@pytest.mark.parametrize("shapes", [
    prop("sh:minCount 1", path="[ sh:zeroOrMorePath ex:p ]"),
    prop("sh:minCount 1", path="[ sh:alternativePath ( ex:p ex:q ) ]"),
    "ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:closed true .",
    prop("sh:equals ex:q"),
    prop("sh:disjoint ex:q"),
    prop("sh:qualifiedValueShape [ sh:class ex:C ] ; sh:qualifiedMinCount 1 ; sh:qualifiedValueShapesDisjoint true"),
    "ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:or ( [ sh:datatype xsd:int ] [ sh:class ex:C ] ) .",
    "ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:property [ sh:path ex:p ; sh:node [ sh:closed true ] ] .",
], ids=["zeroOrMorePath", "alternativePath", "closed", "equals", "disjoint", "qualifiedDisjoint",
        "int-datatype-nested", "nested-unsupported"])
def test_unsupported_shapes_are_reported_and_not_run(shapes):
    core, got = core_run(shapes, "ex:a a ex:T ; ex:q 1 .")
    assert core.unsupported == [rdflib.URIRef(EX + "S")]
    assert core.node_shapes == []
    assert got == set()


def test_integer_datatype_on_a_simple_property_shape_is_supported():
    shapes = prop("sh:datatype xsd:int")
    core, got = core_run(shapes, 'ex:a a ex:T ; ex:p "5"^^xsd:int, "x"^^xsd:int, 6 .')
    assert core.unsupported == [] and core.node_shapes == [rdflib.URIRef(EX + "S")]
    assert got == {r("ex:a", "ex:p", "x"), r("ex:a", "ex:p", "6")}  # 6 is an xsd:integer, not an xsd:int


def test_a_deactivated_node_shape_is_neither_run_nor_unsupported():
    core, _ = core_run("ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:deactivated true ; sh:closed true .", "")
    assert core.unsupported == [] and core.node_shapes == []


# ---------------------------------------------------------------- divergences from pyshacl / the SHACL spec

def _handled_or_left(shapes: str, data: str, expected: set) -> None:
    """The module's contract: a shape is either validated like pyshacl or listed in `unsupported`."""
    assert pyshacl_run(shapes, data) == expected
    core, got = core_run(shapes, data)
    assert rdflib.URIRef(EX + "S") in core.unsupported or got == expected


def test_implicit_class_target_is_not_silently_skipped():
    shapes = "ex:S a sh:NodeShape, rdfs:Class ; sh:property [ sh:path ex:p ; sh:minCount 1 ] ."
    _handled_or_left(shapes, "ex:a a ex:S . ex:b a ex:S ; ex:p 1 .", {r("ex:a", "ex:p")})


def test_sparql_target_is_not_silently_skipped():
    shapes = ('ex:S a sh:NodeShape ; sh:target [ a sh:SPARQLTarget ; '
              'sh:select "SELECT ?this WHERE { ?this <http://example.org/p> ?o }" ] ; sh:nodeKind sh:BlankNode .')
    _handled_or_left(shapes, "ex:a ex:p 1 .", {r("ex:a", "", "ex:a")})


def test_integer_datatypes_compare_as_numbers_control():
    """Control for the next test: the listed numeric types do compare by value."""
    check(prop("sh:minInclusive 1"), 'ex:a a ex:T ; ex:p "5"^^xsd:int, "3"^^xsd:long, 2 .', set())


def test_derived_integer_types_compare_as_numbers():
    check(prop("sh:minInclusive 1"), 'ex:a a ex:T ; ex:p "5"^^xsd:short, "3"^^xsd:unsignedInt, "2"^^xsd:byte .',
          set())


def test_dateTime_comparison_honours_time_zones():
    shapes = prop('sh:minInclusive "2024-01-01T00:00:00Z"^^xsd:dateTime')
    check(shapes, 'ex:a a ex:T ; ex:p "2024-01-01T01:00:00+02:00"^^xsd:dateTime .',
          {r("ex:a", "ex:p", "2024-01-01T01:00:00+02:00")})


def test_date_and_dateTime_are_not_comparable():
    check(prop('sh:maxInclusive "2024-12-31"^^xsd:date'),
          'ex:a a ex:T ; ex:p "2024-06-01T00:00:00"^^xsd:dateTime .', {r("ex:a", "ex:p", "2024-06-01T00:00:00")})


def test_nan_is_a_violation_not_a_crash():
    core, got = core_run(prop("sh:minInclusive 1"), 'ex:a a ex:T ; ex:p "NaN"^^xsd:double .')
    assert got == {r("ex:a", "ex:p", "NaN")}


def test_lessThan_strings_control():
    """Control: a string that is not less than the other is a violation in both engines."""
    check(prop("sh:lessThan ex:q"), 'ex:a a ex:T ; ex:p "b" ; ex:q "a" .', {r("ex:a", "ex:p", "b")})


def test_lessThan_compares_strings():
    check(prop("sh:lessThan ex:q"), 'ex:a a ex:T ; ex:p "a" ; ex:q "b" .', set())
