"""Tests for govkg.core.namespaces: every namespace the project uses."""

from __future__ import annotations

import re
import tomllib

import pyoxigraph as ox
import pytest
import rdflib
from rdflib import namespace as rns

from govkg.core import namespaces as ns
from govkg.core import paths

NAMES = ("GOV", "ID", "DCT", "OA", "SKOS", "PROV", "RDF", "RDFS", "OWL", "XSD", "DCAT", "VOID", "SH")


@pytest.mark.parametrize("name", NAMES)
def test_each_namespace_is_an_iri_ending_in_a_separator(name):
    value = getattr(ns, name)
    assert value.endswith(("#", "/"))
    assert ox.NamedNode(value + "x").value == value + "x"


@pytest.mark.parametrize("ours, standard", [
    (ns.DCT, rns.DCTERMS), (ns.SKOS, rns.SKOS), (ns.PROV, rns.PROV), (ns.RDF, rns.RDF), (ns.RDFS, rns.RDFS),
    (ns.OWL, rns.OWL), (ns.XSD, rns.XSD), (ns.DCAT, rns.DCAT), (ns.VOID, rns.VOID), (ns.SH, rns.SH),
])
def test_standard_namespaces_are_the_w3c_ones(ours, standard):
    assert ours == str(standard)


def test_web_annotation_namespace():
    assert ns.OA == "http://www.w3.org/ns/oa#"


def test_project_namespaces():
    assert ns.GOV == "https://w3id.org/govkg/ontology#"
    assert ns.ID == "https://w3id.org/govkg/id/"


def test_gov_is_the_prefix_the_ontology_declares():
    g = rdflib.Graph().parse(paths.ONTOLOGY / "govkg.ttl", format="turtle")
    assert dict(g.namespaces())["gov"] == rdflib.URIRef(ns.GOV)
    assert any(str(s).startswith(ns.GOV) for s in g.subjects())


def test_id_is_the_catalogs_base():
    with open(paths.CATALOG, "rb") as fh:
        assert tomllib.load(fh)["dataset"]["base"] == ns.ID


def test_prefixes_bind_the_documented_names():
    # docs/model.md: gov, id, dct, oa, skos, prov, rdfs, owl, xsd, dcat, void (and rdf)
    expected = {"gov": ns.GOV, "id": ns.ID, "dct": ns.DCT, "oa": ns.OA, "skos": ns.SKOS, "prov": ns.PROV,
                "rdf": ns.RDF, "rdfs": ns.RDFS, "owl": ns.OWL, "xsd": ns.XSD, "dcat": ns.DCAT, "void": ns.VOID}
    assert ns.PREFIXES == expected


def test_prefixes_are_distinct_and_usable_in_turtle_and_sparql():
    assert len(set(ns.PREFIXES.values())) == len(ns.PREFIXES)
    head = "".join(f"@prefix {p}: <{iri}> .\n" for p, iri in ns.PREFIXES.items())
    body = "".join(f"{p}:s {p}:p {p}:o .\n" for p in ns.PREFIXES)
    triples = list(ox.parse((head + body).encode(), ox.RdfFormat.TURTLE))
    assert {t.subject.value for t in triples} == {iri + "s" for iri in ns.PREFIXES.values()}
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    sparql = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in ns.PREFIXES.items())
    assert bool(store.query(sparql + "ASK { gov:s gov:p gov:o . id:s id:p id:o }"))


def test_languages():
    assert ns.LANGUAGES == ("en", "zh-Hans", "zh-Hant")
    bcp47 = re.compile(r"^[a-z]{2,3}(-[A-Z][a-z]{3})?$")
    for lang in ns.LANGUAGES:
        assert bcp47.match(lang)
        assert ox.Literal("x", language=lang).language == lang.lower()
