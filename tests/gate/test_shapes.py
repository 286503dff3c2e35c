"""Positive and negative controls for every shape and every graph-wide check.

tests/shapes/valid/*.ttl must conform with no result at all. Each
tests/shapes/invalid/<shape>--<case>.ttl is the base graph (valid/initiative.ttl,
or the ontology for `# base: ontology`) with the `# delete:` triples removed and
its own triples added; its `# expect: focus=... shape=...` lines list exactly the
(focus node, shape) pairs the gate must report — no more, no fewer. IRIs in the
fixtures are relative to https://w3id.org/govkg/id/; `_:` matches a blank node.
See tests/shapes/README.md. `load_fixture` is reusable (e.g. by a scaled gate).
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from govkg.core.namespaces import PREFIXES
from govkg.core.safe_load import parse_files
from govkg.gate.report import CHECKS_NS
from govkg.gate.validate import ROOT, validate, validate_ontology

HERE = Path(__file__).parents[1] / "shapes"
BASE = "https://w3id.org/govkg/id/"
NS = {**PREFIXES, "gsh": "https://w3id.org/govkg/shapes#", "check": CHECKS_NS,
      "owl": "http://www.w3.org/2002/07/owl#"}
TURTLE_HEADER = f"@base <{BASE}> .\n" + "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(NS.items()))
VALID = sorted((HERE / "valid").glob("*.ttl"))
INVALID = sorted((HERE / "invalid").glob("*.ttl"))
SH = "http://www.w3.org/ns/shacl#"
# Fixtures carry their own actors and principles; only the kinds come from ontology/.
VOCAB = [ROOT / "ontology" / "kinds.ttl"]


def expand(token: str) -> str:
    """`<rel>` → IRI against the id base, `pfx:name` → IRI, `_:` stays a wildcard."""
    if token == "_:":
        return token
    if token.startswith("<") and token.endswith(">"):
        iri = token[1:-1]
        return iri if "://" in iri else BASE + iri
    prefix, _, local = token.partition(":")
    if prefix not in NS:
        raise ValueError(f"unknown prefix in fixture token {token!r}")
    return NS[prefix] + local


def header(path: Path) -> dict:
    out = {"expect": set(), "delete": [], "base": "valid/initiative.ttl"}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        m = re.match(r"#\s*(expect|delete|base):\s*(.*)$", line)
        if not m:
            continue
        key, value = m.groups()
        if key == "expect":
            fields = dict(part.split("=", 1) for part in value.split())
            out["expect"].add((expand(fields["focus"]), expand(fields["shape"])))
        elif key == "delete":
            out["delete"].append(value.split())
        else:
            out["base"] = value.strip()
    return out


def _matches(quad: ox.Quad, pattern: list[str]) -> bool:
    s, p, *o = pattern
    if quad.subject != ox.NamedNode(expand(s)) or quad.predicate != ox.NamedNode(expand(p)):
        return False
    if not o:
        return True
    if o[0].startswith("@"):
        return isinstance(quad.object, ox.Literal) and (quad.object.language or "") == o[0][1:].lower()
    return quad.object == ox.NamedNode(expand(o[0]))


def load_fixture(path: Path) -> tuple[list[ox.Quad], dict]:
    """The fixture's graph (base minus deletions plus its triples) and its header."""
    head = header(path)
    base_path = ROOT / "ontology" / "govkg.ttl" if head["base"] == "ontology" else HERE / head["base"]
    quads = parse_files([base_path])
    for pattern in head["delete"]:
        before = len(quads)
        quads = [q for q in quads if not _matches(q, pattern)]
        assert len(quads) < before, f"{path.name}: '# delete: {' '.join(pattern)}' matches no triple of the base"
    body = TURTLE_HEADER + path.read_text(encoding="utf-8")
    quads += list(ox.parse(body.encode("utf-8"), format=ox.RdfFormat.TURTLE))
    return quads, head


def fired(report) -> set[tuple[str, str]]:
    return {("_:" if r.focus.startswith("_:") else r.focus, r.shape) for r in report.results}


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_valid_fixture_conforms(path):
    report = validate(path, vocab_paths=VOCAB)
    assert report.results == [], report.text()


ONTOLOGY_INVALID = [p for p in INVALID if "# base: ontology" in p.read_text(encoding="utf-8")]


@pytest.mark.parametrize("path", ONTOLOGY_INVALID, ids=lambda p: p.stem)
def test_invalid_fixture_fires_exactly_its_shape(path):
    """The ontology's own negative controls. The data ones are judged in
    tests/gate/test_gate_graph.py, by pyshacl and the gate in one go (one pyshacl run each)."""
    quads, head = load_fixture(path)
    assert head["expect"], f"{path.name}: no '# expect:' line"
    assert head["base"] == "ontology"
    report = validate_ontology(quads)
    assert fired(report) == head["expect"], report.text()


def _constraint_shapes() -> set[str]:
    """Every named shape that can itself produce a result, and every check query."""
    passive = {SH + p for p in ("property", "targetClass", "targetSubjectsOf", "targetObjectsOf", "targetNode",
                                "target", "severity", "message", "declare", "prefixes")}
    passive.add(rdflib.RDF.type.toPython())
    shapes: set[str] = set()
    for f in sorted((ROOT / "shapes").glob("*.ttl")):
        g = rdflib.Graph().parse(f)
        for s in set(g.subjects()):
            if not isinstance(s, rdflib.URIRef) or not str(s).startswith(NS["gsh"]):
                continue
            preds = {str(p) for p in g.predicates(s)}
            if (s, rdflib.RDF.type, rdflib.URIRef(SH + "PropertyShape")) in g or preds - passive:
                shapes.add(str(s))
    shapes |= {CHECKS_NS + q.stem for q in (ROOT / "queries" / "checks").glob("*-violation.rq")}
    return shapes


def test_every_shape_and_check_has_a_negative_control():
    covered = {shape for path in INVALID for _, shape in header(path)["expect"]}
    missing = sorted(_constraint_shapes() - covered)
    assert not missing, "shapes without a negative control in tests/shapes/invalid/: " + ", ".join(missing)


def test_invalid_fixture_names_match_a_shape():
    known = {s.rsplit("#", 1)[-1] for s in _constraint_shapes()}
    known |= {k.removesuffix("-violation") for k in known}
    bad = [p.name for p in INVALID if p.stem.split("--")[0] not in known]
    assert not bad, f"fixtures named after no shape or check: {bad}"


def test_every_property_shape_has_message_and_severity():
    g = rdflib.Graph()
    for f in sorted((ROOT / "shapes").glob("*.ttl")):
        g.parse(f)
    sh = rdflib.Namespace(SH)
    shapes = set(g.subjects(rdflib.RDF.type, sh.PropertyShape)) | set(g.subjects(sh.sparql, None))
    shapes |= {s for s in g.subjects(rdflib.RDF.type, sh.NodeShape) if (s, sh["or"], None) in g}
    assert len(shapes) > 100
    lacking = sorted(str(s) for s in shapes if (s, sh.severity, None) not in g
                     or ((s, sh.message, None) not in g and not any((c, sh.message, None) in g for c in g.objects(s, sh.sparql))))
    assert not lacking, f"shapes without explicit sh:severity or sh:message: {lacking}"
