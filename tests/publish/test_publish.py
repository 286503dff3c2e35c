"""Publication of the graph (govkg/publish.py): the same files whatever holds the graph
(a graphstore.Graph, a pyoxigraph Store, a list of Triples), N-Triples sorted and
distinct, Turtle and JSON-LD that read back as the same graph, JSON-LD in the shape
json.dumps gives the documented node objects, and void.ttl sizes and checksums that
match the files."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from types import SimpleNamespace

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from govkg.core import graphstore
from govkg.core.namespaces import PREFIXES
from govkg.publish import rdf
from govkg.publish import release as publish

GOV = "https://w3id.org/govkg/ontology#"
ID = "https://w3id.org/govkg/id/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XSD = "http://www.w3.org/2001/XMLSchema#"
DCT = "http://purl.org/dc/terms/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
N, L = ox.NamedNode, ox.Literal


def sample() -> list[ox.Triple]:
    """Terms of every kind the writers handle. Subjects <id>work/a, <id>work/a/p1 and
    <id>work/a-b sort one way as text and another as N-Triples ("/" and "-" sort before
    ">"); literals carry quotes, backslashes, newlines, controls, DEL, non-ASCII and a
    literal backslash-u; numbers are in canonical form (a Store would rewrite others)."""
    a, p1, ab = N(ID + "work/a"), N(ID + "work/a/p1"), N(ID + "work/a-b")
    return [
        ox.Triple(a, N(RDF + "type"), N(GOV + "Work")),
        ox.Triple(a, N(RDF + "type"), N(GOV + "Document")),
        ox.Triple(a, N(DCT + "title"), L("A work", language="en")),
        ox.Triple(a, N(DCT + "title"), L("一部作品", language="zh-hans")),
        ox.Triple(a, N(DCT + "identifier"), L("a")),
        ox.Triple(a, N(DCT + "issued"), L("2023-10-18", datatype=N(XSD + "date"))),
        ox.Triple(a, N(GOV + "hasPart"), p1),
        ox.Triple(a, N(GOV + "related"), ab),
        ox.Triple(p1, N(RDF + "type"), N(GOV + "Provision")),
        ox.Triple(p1, N(GOV + "partOf"), a),
        ox.Triple(p1, N(GOV + "position"), L("1", datatype=N(XSD + "integer"))),
        ox.Triple(p1, N(GOV + "text"), L('Quotes " and \\ and <tags>\nnew line\ttab', language="en")),
        ox.Triple(p1, N(GOV + "text"), L("controls \x00\x01\x1f and DEL \x7f, \u2028 and \U0001f600")),
        ox.Triple(p1, N(GOV + "text"), L("a literal \\u0041, not an escape")),
        ox.Triple(ab, N(SKOS + "prefLabel"), L("a-b", language="en")),
        ox.Triple(ab, N(GOV + "score"), L("0.5", datatype=N(XSD + "decimal"))),
        ox.Triple(ab, N(GOV + "seeAlso"), N("http://example.org/x.")),  # no CURIE: the local ends in "."
        ox.Triple(ab, N(GOV + "seeAlso"), N(GOV + "Café")),  # non-ASCII letters make a CURIE
        ox.Triple(ab, N(GOV + "seeAlso"), N(GOV + "Work")),  # a class as a plain object too
        ox.Triple(ab, N(RDF + "type"), N("http://example.org/Other")),
    ]


def catalog() -> SimpleNamespace:
    return SimpleNamespace(base=ID, dataset={"title": "test", "license": "https://creativecommons.org/licenses/by/4.0/",
                                             "download_base": "https://example.org/dl/"}, sources={})


def published(tmp: Path, data) -> Path:
    dist = tmp / "dist"
    publish.publish(SimpleNamespace(catalog=catalog()), data, dist)
    return dist


def old_jsonld(triples) -> bytes:
    """The JSON-LD writer as it was: one document built in memory, then json.dumps."""
    nodes: dict[str, dict] = {}
    for t in triples:
        node = nodes.setdefault(t.subject.value, {"@id": rdf._curie(t.subject.value)})
        if t.predicate.value == RDF + "type":
            node.setdefault("@type", []).append(rdf._curie(t.object.value))
            continue
        o = t.object
        if isinstance(o, ox.NamedNode):
            value = {"@id": rdf._curie(o.value)}
        elif o.language:
            value = {"@value": o.value, "@language": o.language}
        elif o.datatype.value == XSD + "string":
            value = o.value
        else:
            value = {"@value": o.value, "@type": rdf._curie(o.datatype.value)}
        node.setdefault(rdf._curie(t.predicate.value), []).append(value)
    doc = {**rdf.context(), "@graph": [nodes[k] for k in sorted(nodes)]}
    return (json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def store_of(triples) -> ox.Store:
    store = ox.Store()
    store.bulk_extend([ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples])
    return store


def test_graph_store_and_list_publish_the_same_bytes(tmp_path):
    triples = sample()
    inputs = {"list": triples + triples[:3],  # a repeated triple is published once
              "graph": graphstore.Graph(list(reversed(triples)) + triples[5:7]),
              "store": store_of(triples)}
    got = {}
    for kind, data in inputs.items():
        dist = published(tmp_path / kind, data)
        got[kind] = {p.name: p.read_bytes() for p in dist.iterdir()}
    assert got["list"] == got["graph"] == got["store"]
    files = got["list"]
    assert files["govkg.nt"] == graphstore.sorted_ntriples(triples)
    lines = files["govkg.nt"].splitlines()
    assert len(lines) == len(set(triples)) == 20 and lines == sorted(set(lines))


def test_jsonld_is_the_documented_shape_and_reads_back_as_the_graph(tmp_path):
    triples = sample()
    dist = published(tmp_path, triples)
    data = (dist / "govkg.jsonld").read_bytes()
    assert data == old_jsonld(rdf.sort_triples(triples))
    doc = json.loads(data)
    assert doc["@context"] == dict(sorted(PREFIXES.items()))
    ids = [n["@id"] for n in doc["@graph"]]
    assert ids == [ID + "work/a", ID + "work/a-b", ID + "work/a/p1"]  # by subject, not by N-Triples line
    a = doc["@graph"][0]
    assert a["@type"] == ["gov:Document", "gov:Work"]
    assert a["dct:identifier"] == ["a"]
    assert a["dct:issued"] == [{"@type": "xsd:date", "@value": "2023-10-18"}]
    assert a["gov:hasPart"] == [{"@id": ID + "work/a/p1"}]
    assert {"@language": "zh-hans", "@value": "一部作品"} in a["dct:title"]
    ab = doc["@graph"][1]
    assert ab["@type"] == ["http://example.org/Other"]
    assert ab["gov:seeAlso"] == [{"@id": "http://example.org/x."}, {"@id": "gov:Café"}, {"@id": "gov:Work"}]
    assert list(ab) == sorted(ab)
    p1 = doc["@graph"][2]
    assert "controls \x00\x01\x1f and DEL \x7f, \u2028 and \U0001f600" in p1["gov:text"]
    assert "a literal \\u0041, not an escape" in p1["gov:text"]
    want = {(t.subject.value, t.predicate.value, t.object.value) for t in triples}
    assert {(t.subject.value, t.predicate.value, t.object.value)
            for t in ox.parse(data, ox.RdfFormat.JSON_LD)} == want
    nt = rdflib.Graph().parse(data=(dist / "govkg.nt").read_text(encoding="utf-8"), format="nt")
    for name, fmt in (("govkg.jsonld", "json-ld"), ("govkg.ttl", "turtle")):
        g = rdflib.Graph().parse(data=(dist / name).read_text(encoding="utf-8"), format=fmt)
        assert isomorphic(g, nt), name


def test_jsonld_of_an_empty_graph_and_of_blank_nodes():
    assert json.loads(rdf.jsonld([])) == {**rdf.context(), "@graph": []}
    b = ox.BlankNode("b1")
    triples = [ox.Triple(N(ID + "x"), N(GOV + "rule"), b), ox.Triple(b, N(RDF + "value"), L("v"))]
    data = rdf.jsonld(triples)
    got = {(type(t.subject), t.predicate.value, type(t.object)) for t in ox.parse(data, ox.RdfFormat.JSON_LD)}
    assert got == {(ox.NamedNode, GOV + "rule", ox.BlankNode), (ox.BlankNode, RDF + "value", ox.Literal)}


def test_turtle_is_sorted_grouped_and_uses_the_prefixes(tmp_path):
    triples = sample()
    dist = published(tmp_path, triples)
    data = (dist / "govkg.ttl").read_bytes()
    assert data == rdf.turtle(rdf.sort_triples(triples))
    assert b"@prefix gov: <https://w3id.org/govkg/ontology#> ." in data
    assert b"@prefix id:" not in data
    starts = [ln.split(b" ")[0] for ln in data.splitlines() if ln.startswith(b"<")]
    assert starts == [f"<{ID}work/a-b>".encode(), f"<{ID}work/a/p1>".encode(), f"<{ID}work/a>".encode()]


def test_void_sizes_and_checksums_are_the_files(tmp_path):
    dist = published(tmp_path, graphstore.Graph(sample()))
    g = rdflib.Graph().parse(dist / "void.ttl")
    dcat = rdflib.Namespace("http://www.w3.org/ns/dcat#")
    dct = rdflib.Namespace("http://purl.org/dc/terms/")
    void = rdflib.Namespace("http://rdfs.org/ns/void#")
    spdx = rdflib.URIRef("http://spdx.org/rdf/terms#checksumValue")
    ds = rdflib.URIRef(ID + "dataset")
    assert int(g.value(ds, void.triples)) == 20
    listed = {}
    for d in g.objects(ds, dcat.distribution):
        name = str(g.value(d, dct.title))
        data = (dist / name).read_bytes()
        assert int(g.value(d, dcat.byteSize)) == len(data), name
        assert str(g.value(d, spdx)) == hashlib.sha256(data).hexdigest(), name
        assert str(g.value(d, dcat.downloadURL)) == "https://example.org/dl/" + name
        listed[name] = str(g.value(d, dcat.mediaType))
    assert listed == {"govkg.nt": "application/n-triples", "govkg.ttl": "text/turtle",
                      "govkg.jsonld": "application/ld+json", "context.jsonld": "application/ld+json",
                      "ontology.ttl": "text/turtle", "shapes.ttl": "text/turtle", "ontology.html": "text/html",
                      "commitments.csv": "text/csv", "actors.csv": "text/csv", "provisions.csv": "text/csv"}
    assert sorted(p.name for p in dist.iterdir()) == sorted([*listed, "void.ttl"])


def test_turtle_written_here_or_by_the_second_process_is_the_same(tmp_path):
    triples = sample()
    out = {}
    for parallel in (True, False):
        stage = tmp_path / str(parallel)
        stage.mkdir()
        written: dict = {}
        assert publish.write_graph(triples, stage, written, parallel=parallel) == 20
        out[parallel] = {p.name: p.read_bytes() for p in stage.iterdir()}
        assert sorted(out[parallel]) == ["govkg.jsonld", "govkg.nt", "govkg.ttl"]
        for name, data in out[parallel].items():
            assert written[name][0] == len(data) and written[name][2] == hashlib.sha256(data).hexdigest()
        assert publish.digest_dir(stage, written) == publish.digest_dir(stage)
    assert out[True] == out[False]


def test_a_failing_turtle_writer_keeps_the_previous_dist(tmp_path, monkeypatch):
    dist = published(tmp_path, sample())
    before = {p.name: p.read_bytes() for p in dist.iterdir()}
    monkeypatch.setattr(publish, "_TURTLE_WRITER", "import json, sys\n"
                        "print(json.dumps({'errno': 28, 'strerror': 'No space left on device', "
                        "'filename': sys.argv[2]}), file=sys.stderr); sys.exit(3)")
    with pytest.raises(publish.PublishError, match="No space left on device.*govkg.ttl.*unchanged"):
        publish.publish(SimpleNamespace(catalog=catalog()), sample()[:5], dist)
    assert {p.name: p.read_bytes() for p in dist.iterdir()} == before
    assert [p.name for p in publish.releases_dir(dist).iterdir()] == [dist.resolve().name]


@pytest.mark.parametrize("iri", [GOV + "Work", GOV, GOV + "a.b", GOV + "a.", GOV + "Café", GOV + "a/b", GOV + "a#b",
                                 ID + "work/a", ID + "x", "http://www.w3.org/2001/XMLSchema#string",
                                 "http://purl.org/dc/terms/title", "http://example.org/x", "urn:x:y"])
def test_curie_agrees_with_trying_every_prefix(iri):
    assert rdf.curie(iri) == rdf._curie(iri)
    assert rdf._json_curie(iri.encode()) == json.dumps(rdf._curie(iri), ensure_ascii=False).encode()
