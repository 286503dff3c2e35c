"""The home-made SHACL Core engine held to stock pyshacl on generated graphs (issue 19,
point 2): hypothesis draws small shapes graphs (node and property shapes, every target,
path and constraint component the engine runs) and small data graphs (IRIs, blank
nodes, literals with language tags, non-canonical and ill-typed lexical forms), and
both entry points of the engine (shacl_core.Core on an in-memory index, and
store_core.StoreCore on a pyoxigraph Store loaded as the build loads it) must report
the set of (focus node, source shape, result path, value, severity) that
``pyshacl.validate(data, shacl_graph=shapes, inference="none", advanced=False)``
reports. Every generated shape has an ex: IRI, so shapes compare by name; blank nodes
in the data keep their labels in all three engines, so values compare exactly.

``GOVKG_DIFF_EXAMPLES`` sets the number of examples (``make test``: 300, derandomized, so
reproducible; ``make fuzz``: 5000 with random seeds). tests/mutants.py breaks each
component, path kind and target kind of the engine in a copy and shows this test
failing.

Not compared: the source constraint component. The engine's results do not carry it
(StoreCore merges every value-level component of a shape into one FILTER), so a
failing value is compared per shape, not per component.
"""

from __future__ import annotations

import logging
import os
import re

import pyoxigraph as ox
import pyshacl
import pytest
import rdflib
from hypothesis import HealthCheck, Phase, example, given, reject, settings
from hypothesis import strategies as st
from pyshacl.errors import ReportableRuntimeError

from govkg.core import terms
from govkg.gate.fast import load
from govkg.gate.shacl_core import Core, Data
from govkg.gate.store_core import StoreCore

EXAMPLES = int(os.environ.get("GOVKG_DIFF_EXAMPLES", "300"))
BIG = EXAMPLES >= 1000
DIFF = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=not BIG,  # `make test` is reproducible; `make fuzz` explores
    # `make test` reports the first failing example as drawn (shrinking runs pyshacl
    # thousands of times, minutes per failure: tests/mutants.py fails this test 50 times)
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target] + ([Phase.shrink] if BIG else []),
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)

EX = "http://example.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
HEAD = f"""@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <{EX}> .
@prefix xsd: <{XSD}> .
@prefix rdf: <{RDF}> .
"""

# ---------------------------------------------------------------- the data graph

NODES = [("iri", EX + n) for n in "abc"] + [("bnode", "b0"), ("bnode", "b1")]
CLASSES = [("iri", EX + f"C{i}") for i in range(3)]
PREDICATES = [EX + p for p in "pqr"]
LITERALS = [
    ("lit", "x", None, None), ("lit", "abc", None, None), ("lit", "b", XSD + "string", None),
    ("lit", "x", None, "en"), ("lit", "y", None, "EN"), ("lit", "z", None, "fr"), ("lit", "u", None, "en-GB"),
    ("lit", "1", XSD + "integer", None), ("lit", "01", XSD + "integer", None), ("lit", "-3", XSD + "integer", None),
    ("lit", "abc", XSD + "integer", None), ("lit", "2", XSD + "int", None),
    ("lit", "1.0", XSD + "decimal", None), ("lit", "1.5", XSD + "decimal", None),
    ("lit", "2024-01-01", XSD + "date", None), ("lit", "2024-02-30", XSD + "date", None),
    ("lit", "true", XSD + "boolean", None), ("lit", "1", XSD + "boolean", None),
]
OBJECTS = NODES + CLASSES + LITERALS


def to_rdflib(term):
    if term[0] == "iri":
        return rdflib.URIRef(term[1])
    if term[0] == "bnode":
        return rdflib.BNode(term[1])
    return rdflib.Literal(term[1], lang=term[3], datatype=rdflib.URIRef(term[2]) if term[2] else None)


def to_ox(term):
    if term[0] == "iri":
        return ox.NamedNode(term[1])
    if term[0] == "bnode":
        return ox.BlankNode(term[1])
    if term[3]:
        return ox.Literal(term[1], language=term[3])
    return ox.Literal(term[1], datatype=ox.NamedNode(term[2] or XSD + "string"))


def turtle(term) -> str:
    """A term of a shapes graph (no blank nodes there: shape arguments are IRIs or literals)."""
    if term[0] == "iri":
        return f"<{term[1]}>"
    tail = f"@{term[3]}" if term[3] else f"^^<{term[2]}>" if term[2] else ""
    return f'"{term[1]}"{tail}'


triple = st.one_of(
    st.tuples(st.sampled_from(NODES), st.sampled_from(PREDICATES).map(lambda p: ("iri", p)), st.sampled_from(OBJECTS)),
    st.tuples(st.sampled_from(NODES), st.just(("iri", RDF + "type")), st.sampled_from(CLASSES)),
    st.tuples(st.sampled_from(CLASSES), st.just(("iri", RDFS + "subClassOf")), st.sampled_from(CLASSES)),
)
data_graphs = st.lists(triple, max_size=20, unique=True)

# ---------------------------------------------------------------- the shapes graph

NODE_KINDS = ["IRI", "BlankNode", "Literal", "BlankNodeOrIRI", "BlankNodeOrLiteral", "IRIOrLiteral"]
DATATYPES = ["xsd:string", "rdf:langString", "xsd:decimal", "xsd:date", "xsd:boolean"]
INT_DATATYPES = ["xsd:integer", "xsd:int"]  # folded by the Store: only on a property shape with an IRI path
BOUNDS = [("lit", "1", XSD + "integer", None), ("lit", "1.5", XSD + "decimal", None),
          ("lit", "2024-01-01", XSD + "date", None), ("lit", "b", None, None)]
PATTERNS = ["^a", "1", "^[0-9]+$", "A", "\\\\.", "x$", "^$", "example"]
LANGS = ["en", "fr", "en-GB", "EN"]
ORDER_KIND = {XSD + "integer": "number", XSD + "int": "number", XSD + "decimal": "number", XSD + "date": "date",
              XSD + "boolean": "boolean"}  # (strings: pyshacl keeps them apart itself)
VALUE_TERMS = [t for t in OBJECTS if t[0] != "bnode"]
# components allowed on node shapes (no path) and, with these, on property shapes
NODE_LEVEL = ["class", "datatype", "nodeKind", "minInclusive", "maxInclusive", "minExclusive", "maxExclusive",
              "minLength", "maxLength", "pattern", "languageIn", "in", "hasValue", "and", "or", "xone", "not", "node"]
PROPERTY_ONLY = ["minCount", "maxCount", "uniqueLang", "lessThan", "lessThanOrEquals", "qualifiedValueShape"]
LOGICAL = {"and", "or", "xone", "not", "node", "qualifiedValueShape"}


class Shapes:
    """Turtle for a shapes graph being drawn; every shape gets an ex: IRI."""

    def __init__(self, draw):
        self.draw, self.blocks, self.n = draw, [], 0

    def name(self, kind: str) -> str:
        self.n += 1
        return f"ex:{kind}{self.n}"

    def path(self) -> tuple[str, bool]:
        """(a path, whether it is an IRI)."""
        p = [f"<{x}>" for x in PREDICATES]
        kind = self.draw(st.sampled_from(["predicate", "predicate", "inverse", "sequence"]))
        if kind == "predicate":
            return self.draw(st.sampled_from(p)), True
        if kind == "inverse":
            return f"[ sh:inversePath {self.draw(st.sampled_from(p))} ]", False
        steps = [self.draw(st.sampled_from(p)) for _ in range(self.draw(st.integers(2, 3)))]
        if self.draw(st.booleans()):
            steps[0] = f"[ sh:inversePath {steps[0]} ]"
        return f"( {' '.join(steps)} )", False

    def component(self, name: str, depth: int, iri_path: bool) -> list[str]:
        d = self.draw
        if name == "class":
            return [f"sh:class {turtle(d(st.sampled_from(CLASSES)))}"]
        if name == "datatype":
            return [f"sh:datatype {d(st.sampled_from(DATATYPES + (INT_DATATYPES if iri_path else [])))}"]
        if name == "nodeKind":
            return [f"sh:nodeKind sh:{d(st.sampled_from(NODE_KINDS))}"]
        if name == "minLength":
            # not 0: pyshacl passes any value under sh:minLength 0, where SHACL 4.6.1 makes
            # a blank node a result whatever the length (pyshacl is wrong; left out)
            return [f"sh:minLength {d(st.integers(1, 3))}"]
        if name in ("minCount", "maxCount", "maxLength"):
            return [f"sh:{name} {d(st.integers(0, 3))}"]
        if name in ("minInclusive", "maxInclusive", "minExclusive", "maxExclusive"):
            return [f"sh:{name} {turtle(d(st.sampled_from(BOUNDS)))}"]
        if name == "pattern":
            out = [f'sh:pattern "{d(st.sampled_from(PATTERNS))}"']
            flags = d(st.sampled_from(["", "", "i", "s", "m", "x", "im"]))
            return out + ([f'sh:flags "{flags}"'] if flags else [])
        if name == "languageIn":
            tags = d(st.lists(st.sampled_from(LANGS), max_size=3, unique=True))
            return [f"sh:languageIn ( {' '.join(chr(34) + t + chr(34) for t in tags)} )"]
        if name == "uniqueLang":
            return [f"sh:uniqueLang {d(st.sampled_from(['true', 'false']))}"]
        if name in ("lessThan", "lessThanOrEquals"):
            return [f"sh:{name} <{d(st.sampled_from(PREDICATES))}>"]
        if name == "hasValue":
            return [f"sh:hasValue {turtle(d(st.sampled_from(VALUE_TERMS)))}"]
        if name == "in":
            terms = d(st.lists(st.sampled_from(VALUE_TERMS), min_size=1, max_size=3, unique=True))
            return [f"sh:in ( {' '.join(turtle(t) for t in terms)} )"]
        if name in ("and", "or", "xone"):
            members = [self.shape(depth + 1) for _ in range(d(st.integers(1, 3)))]
            return [f"sh:{name} ( {' '.join(members)} )"]
        if name in ("not", "node"):  # (sh:node: a node shape, SHACL 4.7.1)
            return [f"sh:{name} {self.shape(depth + 1, node=name == 'node')}"]
        # qualifiedValueShape
        out = [f"sh:qualifiedValueShape {self.shape(depth + 1)}"]
        lo, hi = d(st.sampled_from([(1, None), (None, 1), (1, 2), (0, 0), (2, None)]))
        out += [f"sh:qualifiedMinCount {lo}"] if lo is not None else []
        return out + ([f"sh:qualifiedMaxCount {hi}"] if hi is not None else [])

    def body(self, depth: int, has_path: bool, iri_path: bool) -> list[str]:
        names = NODE_LEVEL + (PROPERTY_ONLY if has_path else [])
        if depth >= 2:
            names = [n for n in names if n not in LOGICAL]
        picked = self.draw(st.lists(st.sampled_from(names), min_size=1, max_size=3, unique=True))
        out = [c for n in picked for c in self.component(n, depth, iri_path)]
        sev = self.draw(st.sampled_from([None, None, "Warning", "Info", "Violation"]))
        out += [f"sh:severity sh:{sev}"] if sev else []
        if self.draw(st.integers(0, 19)) == 7:  # (hypothesis favours 0)
            out.append(f"sh:deactivated {self.draw(st.sampled_from(['true', 'false']))}")
        return out

    def shape(self, depth: int, targets: list[str] | None = None, own: str | None = None, node: bool = False) -> str:
        """A shape's name, its block added; `own`: the node shape a property shape belongs
        to; `node`: a node shape."""
        d = self.draw
        is_property = own is not None or (not node and d(st.integers(0, 3)) == 0)
        name = self.name("P" if is_property else "S")
        lines = [f"{name} a sh:{'PropertyShape' if is_property else 'NodeShape'}"] + (targets or [])
        iri_path = False
        if is_property:
            path, iri_path = self.path()
            lines.append(f"sh:path {path}")
        lines += self.body(depth, is_property, iri_path and depth == 1 and own is not None)
        if not is_property and depth < 2:
            for _ in range(d(st.integers(1, 3) if depth == 0 else st.integers(0, 1))):
                lines.append(f"sh:property {self.shape(depth + 1, own=name)}")
        self.blocks.append(" ;\n    ".join(lines) + " .")
        return name

    def targets(self) -> list[str]:
        d, out = self.draw, []
        for kind in d(st.lists(st.sampled_from(["targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf"]),
                               min_size=1, max_size=2, unique=True)):
            if kind == "targetClass":
                out.append(f"sh:targetClass {turtle(d(st.sampled_from(CLASSES)))}")
            elif kind == "targetNode":
                node = d(st.sampled_from([t for t in NODES + LITERALS[:8] if t[0] != "bnode"] + [("iri", EX + "z")]))
                out.append(f"sh:targetNode {turtle(node)}")
            else:
                out.append(f"sh:{kind} <{d(st.sampled_from(PREDICATES))}>")
        return out


@st.composite
def shapes_graphs(draw) -> str:
    shapes = Shapes(draw)
    for _ in range(draw(st.integers(1, 2))):
        shapes.shape(0, targets=shapes.targets())
    return HEAD + "\n".join(shapes.blocks) + "\n"


# ---------------------------------------------------------------- the three engines

def key(term) -> str:
    """A term as compared: IRIs in <>, blank nodes by label, literals with their datatype
    or lower-cased language tag (RDF 1.1: language tags compare case-insensitively)."""
    if term is None:
        return ""
    if isinstance(term, (ox.NamedNode, rdflib.URIRef)):
        return f"<{term.value if isinstance(term, ox.NamedNode) else term}>"
    if isinstance(term, (ox.BlankNode, rdflib.BNode)):
        return f"_:{term.value if isinstance(term, ox.BlankNode) else term}"
    if isinstance(term, ox.Literal):
        lex, lang, dtype = term.value, term.language, term.datatype.value
    else:
        lex, lang, dtype = str(term), term.language, str(term.datatype or XSD + "string")
    return f'"{lex}"' + (f"@{lang.lower()}" if lang else f"^^<{dtype}>")


def engine_keys(found) -> set[tuple]:
    return {(key(focus), str(shape), path, key(value), sev) for sev, focus, shape, path, _msg, value in found}


def read(triples: list) -> rdflib.Graph:
    """The data graph as rdflib reads it (hence pyshacl): rdflib canonicalises some lexical
    forms on reading ("01"^^xsd:integer is read as "1", "1"^^xsd:boolean as "true")."""
    data = rdflib.Graph()
    for t in triples:
        data.add(tuple(to_rdflib(x) for x in t))
    return data


def pyshacl_keys(shapes: rdflib.Graph, data: rdflib.Graph) -> set[tuple]:
    try:
        _, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none", advanced=False)
    except ReportableRuntimeError as exc:
        # pyshacl is wrong here: SHACL 4.5.3/4.5.4 (sh:lessThan, sh:lessThanOrEquals) make a
        # pair of values that "cannot be compared" a validation result; pyshacl stops with
        # "Cannot use sh:lessThan to compare a BlankNode" instead. Such examples are left out.
        assert "Cannot use sh:lessThan" in str(exc), exc
        reject()
    out = set()
    for r in report.objects(None, SH.result):  # (not the sh:detail results nested in them)
        path = report.value(r, SH.resultPath)
        out.add((key(report.value(r, SH.focusNode)), str(report.value(r, SH.sourceShape)),
                 str(path) if isinstance(path, rdflib.URIRef) else "", key(report.value(r, SH.value)),
                 str(report.value(r, SH.resultSeverity)).rsplit("#", 1)[-1]))
    return out


def core_keys(core: Core, data: rdflib.Graph) -> set[tuple]:
    """Core on the graph pyshacl reads (its terms, as pyoxigraph terms)."""
    return engine_keys(core.validate(Data([ox.Triple(*(terms.to_ox(x) for x in t)) for t in data])))


def store_keys(core: Core, triples: list, data: rdflib.Graph) -> set[tuple] | None:
    """StoreCore on a Store loaded from the exact N-Triples, as the build loads its graph
    (fast.load). None when the Store holds a literal otherwise than rdflib reads it:
    see test_store_folds_lexical_forms_rdflib_keeps."""
    store, chunks = load([ox.Triple(*(to_ox(x) for x in t)) for t in triples])
    held = {key(q.object) for q in store if isinstance(q.object, ox.Literal)}
    if held != {key(o) for o in data.objects() if isinstance(o, rdflib.Literal)}:
        return None
    return engine_keys(StoreCore(core).validate(store, [ox.DefaultGraph()], None, chunks))


def turtle_data(triples: list) -> str:
    return "\n".join(" ".join(turtle(x) if x[0] != "bnode" else f"_:{x[1]}" for x in t) + " ." for t in triples)


def compare(shapes_ttl: str, triples: list) -> None:
    shapes = rdflib.Graph().parse(data=shapes_ttl, format="turtle")
    core = Core(shapes)
    assert not core.why, f"the engine refuses a generated shape: {core.why}\n{shapes_ttl}"
    if ("sh:lessThan" in shapes_ttl and any(t[2][0] == "iri" and t[1][1] in PREDICATES for t in triples)) or (
            any(t[2][0] == "lit" and t[2][3] for t in triples) and re.search(r'clusive "b"|sh:lessThan', shapes_ttl)):
        # (and pyshacl orders two IRIs by their text, where SPARQL's <= does not compare IRIs)
        # pyshacl is wrong here: it orders "x"@en after "b" (Python strings), where SHACL
        # 4.4 and 4.5.3 compare with SPARQL's < and <=, which have no operator mapping for
        # rdf:langString (SPARQL 1.1 section 17.3): the values cannot be compared, a result.
        reject()
    bounds = {ORDER_KIND[b[2]] for b in BOUNDS if b[2] and re.search(r"clusive " + re.escape(turtle(b)), shapes_ttl)}
    values = {ORDER_KIND.get(t[2][2]) for t in triples if t[2][0] == "lit"} - {None}
    if bounds and len(bounds | values) > 1:  # a value and some bound of different kinds
        # pyshacl is wrong here too: a number, a date and a boolean do not compare (SPARQL 1.1
        # section 17.3), so SHACL 4.4 makes such a value a result ("does not return true"),
        # where pyshacl orders them as rdflib does ("2024-01-01"^^xsd:date passes
        # sh:maxInclusive 1, "true"^^xsd:boolean equals 1). Such examples are left out.
        reject()
    data = read(triples)
    want = pyshacl_keys(shapes, data)
    for engine, got in (("shacl_core.Core", core_keys(core, data)),
                        ("store_core.StoreCore", store_keys(core, triples, data))):
        if got is None:
            continue
        assert got == want, (f"{engine} differs from pyshacl\nonly {engine}: {sorted(got - want)}\n"
                             f"only pyshacl: {sorted(want - got)}\nshapes:\n{shapes_ttl}\n"
                             f"data:\n{turtle_data(triples)}")


@pytest.fixture(autouse=True)
def _quiet_rdflib():
    """rdflib logs a traceback for every ill-typed literal it converts ("abc"^^xsd:integer)."""
    logger = logging.getLogger("rdflib.term")
    was, logger.disabled = logger.disabled, True
    yield
    logger.disabled = was


# boundary cases the draws reach rarely (an equal bound, a subclass, a subtag, an ill-typed date)
@example(shapes_ttl=HEAD + 'ex:S1 a sh:NodeShape ; sh:targetNode ex:a ; sh:property ex:P2 .\nex:P2 a sh:PropertyShape ; sh:path <http://example.org/p> ; sh:datatype xsd:date .\n',
         triples=[(('iri', 'http://example.org/a'), ('iri', 'http://example.org/p'), ('lit', '2024-02-30', 'http://www.w3.org/2001/XMLSchema#date', None)), (('iri', 'http://example.org/a'), ('iri', 'http://example.org/p'), ('lit', '2024-01-01', 'http://www.w3.org/2001/XMLSchema#date', None))])
@example(shapes_ttl=HEAD + 'ex:S1 a sh:NodeShape ; sh:targetNode ex:a ; sh:property ex:P2 .\nex:P2 a sh:PropertyShape ; sh:path <http://example.org/p> ; sh:nodeKind sh:BlankNodeOrIRI .\n',
         triples=[(('iri', 'http://example.org/a'), ('iri', 'http://example.org/p'), ('bnode', 'b0')), (('iri', 'http://example.org/a'), ('iri', 'http://example.org/p'), ('lit', 'x', None, None))])
@example(shapes_ttl=HEAD + 'ex:S1 a sh:NodeShape ; sh:targetNode ex:a ; sh:property ex:P2 .\nex:P2 a sh:PropertyShape ; sh:path <http://example.org/p> ; sh:minLength 3 ; sh:maxLength 3 .\n',
         triples=[(('iri', 'http://example.org/a'), ('iri', 'http://example.org/p'), ('lit', 'abc', None, None)), (('iri', 'http://example.org/a'), ('iri', 'http://example.org/p'), ('lit', 'ab', None, None)), (('iri', 'http://example.org/a'), ('iri', 'http://example.org/p'), ('lit', 'abcd', None, None))])
@example(shapes_ttl=HEAD + 'ex:S1 a sh:NodeShape ; sh:targetNode ex:a ; sh:property ex:P2 .\nex:P2 a sh:PropertyShape ; sh:path <http://example.org/p> ; sh:minInclusive 1 ; sh:maxExclusive 1.5 .\n',
         triples=[(('iri', 'http://example.org/a'), ('iri', 'http://example.org/p'), ('lit', '1', 'http://www.w3.org/2001/XMLSchema#integer', None)), (('iri', 'http://example.org/a'), ('iri', 'http://example.org/p'), ('lit', '1.5', 'http://www.w3.org/2001/XMLSchema#decimal', None))])
@example(shapes_ttl=HEAD + 'ex:S1 a sh:NodeShape ; sh:targetNode ex:a ; sh:property ex:P2 .\nex:P2 a sh:PropertyShape ; sh:path <http://example.org/p> ; sh:minExclusive 1 ; sh:maxInclusive 1.5 .\n',
         triples=[(('iri', 'http://example.org/a'), ('iri', 'http://example.org/p'), ('lit', '1', 'http://www.w3.org/2001/XMLSchema#integer', None)), (('iri', 'http://example.org/a'), ('iri', 'http://example.org/p'), ('lit', '1.5', 'http://www.w3.org/2001/XMLSchema#decimal', None))])
@example(shapes_ttl=HEAD + 'ex:S1 a sh:NodeShape ; sh:targetNode ex:a ; sh:property ex:P2 .\nex:P2 a sh:PropertyShape ; sh:path <http://example.org/p> ; sh:class ex:C0 .\n',
         triples=[(('iri', 'http://example.org/a'), ('iri', 'http://example.org/p'), ('iri', 'http://example.org/b')), (('iri', 'http://example.org/b'), ('iri', 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type'), ('iri', 'http://example.org/C1')), (('iri', 'http://example.org/C1'), ('iri', 'http://www.w3.org/2000/01/rdf-schema#subClassOf'), ('iri', 'http://example.org/C0')), (('iri', 'http://example.org/a'), ('iri', 'http://example.org/p'), ('iri', 'http://example.org/c'))])
@example(shapes_ttl=HEAD + 'ex:S1 a sh:NodeShape ; sh:targetNode ex:a ; sh:property ex:P2 .\nex:P2 a sh:PropertyShape ; sh:path <http://example.org/p> ; sh:languageIn ( "en" ) .\n',
         triples=[(('iri', 'http://example.org/a'), ('iri', 'http://example.org/p'), ('lit', 'u', None, 'en-GB')), (('iri', 'http://example.org/a'), ('iri', 'http://example.org/p'), ('lit', 'z', None, 'fr'))])
@example(shapes_ttl=HEAD + 'ex:S1 a sh:NodeShape ; sh:targetNode ex:a ; sh:property ex:P2 .\nex:P2 a sh:PropertyShape ; sh:path <http://example.org/p> ; sh:hasValue ex:b .\n',
         triples=[(('iri', 'http://example.org/a'), ('iri', 'http://example.org/p'), ('iri', 'http://example.org/c')), (('iri', 'http://example.org/a'), ('iri', 'http://example.org/p'), ('iri', 'http://example.org/b'))])
@example(shapes_ttl=HEAD + 'ex:S1 a sh:NodeShape ; sh:targetNode ex:a ; sh:property ex:P2 .\nex:P2 a sh:PropertyShape ; sh:path <http://example.org/p> ; sh:hasValue ex:b .\n',
         triples=[(('iri', 'http://example.org/a'), ('iri', 'http://example.org/p'), ('iri', 'http://example.org/b'))])
@example(shapes_ttl=HEAD + 'ex:S1 a sh:NodeShape ; sh:targetNode ex:a ; sh:property ex:P2 .\nex:P2 a sh:PropertyShape ; sh:path <http://example.org/p> ; sh:lessThan ex:q .\n',
         triples=[(('iri', 'http://example.org/a'), ('iri', 'http://example.org/p'), ('lit', '1', 'http://www.w3.org/2001/XMLSchema#integer', None)), (('iri', 'http://example.org/a'), ('iri', 'http://example.org/q'), ('lit', '1', 'http://www.w3.org/2001/XMLSchema#integer', None))])
@example(shapes_ttl=HEAD + 'ex:S1 a sh:NodeShape ; sh:targetNode ex:a ; sh:property ex:P2 .\nex:P2 a sh:PropertyShape ; sh:path <http://example.org/p> ; sh:lessThanOrEquals ex:q .\n',
         triples=[(('iri', 'http://example.org/a'), ('iri', 'http://example.org/p'), ('lit', '1', 'http://www.w3.org/2001/XMLSchema#integer', None)), (('iri', 'http://example.org/a'), ('iri', 'http://example.org/q'), ('lit', '1', 'http://www.w3.org/2001/XMLSchema#integer', None))])
@example(shapes_ttl=HEAD + 'ex:S1 a sh:NodeShape ; sh:targetNode ex:a ; sh:property ex:P2 .\nex:P2 a sh:PropertyShape ; sh:path <http://example.org/p> ; sh:or ( [ sh:hasValue ex:b ] [ sh:hasValue ex:c ] ) .\n',
         triples=[(('iri', 'http://example.org/a'), ('iri', 'http://example.org/p'), ('iri', 'http://example.org/c'))])
@example(shapes_ttl=HEAD + 'ex:S1 a sh:NodeShape ; sh:targetNode ex:a ; sh:property ex:P2 .\nex:P2 a sh:PropertyShape ; sh:path <http://example.org/p> ; sh:and ( [ sh:nodeKind sh:IRI ] [ sh:hasValue ex:c ] ) .\n',
         triples=[(('iri', 'http://example.org/a'), ('iri', 'http://example.org/p'), ('iri', 'http://example.org/b'))])
@example(shapes_ttl=HEAD + 'ex:S1 a sh:NodeShape ; sh:targetNode ex:a ; sh:property ex:P2 .\nex:P2 a sh:PropertyShape ; sh:path <http://example.org/p> ; sh:xone ( [ sh:nodeKind sh:IRI ] [ sh:hasValue ex:c ] ) .\n',
         triples=[(('iri', 'http://example.org/a'), ('iri', 'http://example.org/p'), ('iri', 'http://example.org/c'))])
@example(shapes_ttl=HEAD + 'ex:S1 a sh:NodeShape ; sh:targetNode ex:a ; sh:property ex:P2 .\nex:P2 a sh:PropertyShape ; sh:path <http://example.org/p> ; sh:uniqueLang true .\n',
         triples=[(('iri', 'http://example.org/a'), ('iri', 'http://example.org/p'), ('lit', 'x', None, 'en')), (('iri', 'http://example.org/a'), ('iri', 'http://example.org/p'), ('lit', 'y', None, 'en'))])
@example(shapes_ttl=HEAD + 'ex:S1 a sh:NodeShape ; sh:targetNode ex:a ; sh:property ex:P2 .\nex:P2 a sh:PropertyShape ; sh:path <http://example.org/p> ; sh:qualifiedValueShape [ sh:nodeKind sh:IRI ] ; sh:qualifiedMaxCount 1 .\n',
         triples=[(('iri', 'http://example.org/a'), ('iri', 'http://example.org/p'), ('iri', 'http://example.org/b')), (('iri', 'http://example.org/a'), ('iri', 'http://example.org/p'), ('iri', 'http://example.org/c'))])
@example(shapes_ttl=HEAD + 'ex:S1 a sh:NodeShape ; sh:targetNode ex:a ; sh:property ex:P2 .\nex:P2 a sh:PropertyShape ; sh:path ( <http://example.org/p> <http://example.org/q> ) ; sh:maxCount 1 ; sh:in ( ex:b ) .\n',
         triples=[(('iri', 'http://example.org/a'), ('iri', 'http://example.org/p'), ('iri', 'http://example.org/b')), (('iri', 'http://example.org/b'), ('iri', 'http://example.org/q'), ('iri', 'http://example.org/c')), (('iri', 'http://example.org/a'), ('iri', 'http://example.org/p'), ('iri', 'http://example.org/d')), (('iri', 'http://example.org/d'), ('iri', 'http://example.org/q'), ('iri', 'http://example.org/e'))])
@example(shapes_ttl=HEAD + 'ex:S1 a sh:NodeShape ; sh:targetNode ex:a ; sh:property ex:P2 .\nex:P2 a sh:PropertyShape ; sh:path <http://example.org/p> ; sh:maxCount 1 ; sh:in ( ex:b ) .\n',
         triples=[(('iri', 'http://example.org/a'), ('iri', 'http://example.org/p'), ('iri', 'http://example.org/b')), (('iri', 'http://example.org/a'), ('iri', 'http://example.org/p'), ('iri', 'http://example.org/c'))])
@example(shapes_ttl=HEAD + 'ex:S1 a sh:NodeShape ; sh:targetNode ex:a ; sh:property ex:P2 .\nex:P2 a sh:PropertyShape ; sh:path <http://example.org/p> ; sh:xone ( [ sh:nodeKind sh:IRI ] [ sh:hasValue ex:c ] ) .\n',
         triples=[(('iri', 'http://example.org/a'), ('iri', 'http://example.org/p'), ('lit', 'x', None, None))])
@example(shapes_ttl=HEAD + 'ex:S1 a sh:NodeShape ; sh:targetClass ex:C0 ; sh:nodeKind sh:Literal .\n',
         triples=[(('iri', 'http://example.org/b'), ('iri', 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type'), ('iri', 'http://example.org/C1')), (('iri', 'http://example.org/C1'), ('iri', 'http://www.w3.org/2000/01/rdf-schema#subClassOf'), ('iri', 'http://example.org/C0'))])
@DIFF
@given(shapes_ttl=shapes_graphs(), triples=data_graphs)
def test_engine_reports_what_pyshacl_reports(shapes_ttl, triples):
    compare(shapes_ttl, triples)


# Components that read a value's lexical form or compare terms, where a Store's folding
# ("1.000"^^xsd:decimal held as "1") would change the verdict.
LEXICAL = ("pattern", "minLength", "maxLength", "in", "hasValue")


def test_no_project_shape_reads_the_text_of_a_value_the_store_folds(seed_graph):
    """The differential test leaves out the examples where the Store holds a literal
    otherwise than the N-Triples text says (store_keys returns None: about one in
    twenty StoreCore examples). That is safe only while no shape of the project
    applies a lexical component to such a value: checked here on the seed graph, every
    value of every property that a LEXICAL component constrains, read exactly (the
    parser does not fold) and put through a Store."""
    from govkg.core.paths import ROOT
    from govkg.gate.report import shape_files

    SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    shapes = rdflib.Graph()
    for f in shape_files(ROOT / "shapes"):
        shapes.parse(f, format="turtle")
    paths = set()
    for comp in LEXICAL:
        for shape in set(shapes.subjects(SH[comp], None)):
            path = shapes.value(shape, SH.path)
            # a lexical component on a node shape, or under a complex path, needs this
            # test extended: the values it reads are then not one predicate's objects
            assert isinstance(path, rdflib.URIRef), f"{shape}: sh:{comp} without an IRI path"
            paths.add(str(path))
    assert len(paths) >= 5  # (the shapes do constrain strings: the check is not empty)
    checked = 0
    store = ox.Store()
    for t in ox.parse(path=str(seed_graph.nt), format=ox.RdfFormat.N_TRIPLES):
        if t.predicate.value in paths and isinstance(t.object, ox.Literal):
            store.clear()
            store.add(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()))
            held = next(iter(store)).object
            assert (held.value, held.datatype, held.language) == (t.object.value, t.object.datatype,
                                                                t.object.language), f"{t}: the Store holds {held}"
            checked += 1
    assert checked > 1000
