"""Converting RDF terms between pyoxigraph (fast) and rdflib (pyshacl, canonical
blank nodes): the one place this is done."""

from __future__ import annotations

import re

import pyoxigraph as ox
import rdflib

from govkg.core.namespaces import XSD


def to_ox(term):
    if isinstance(term, rdflib.URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return ox.BlankNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype or XSD + "string")))


def to_rdflib(term):
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    return rdflib.Literal(term.value, lang=term.language,  # the lexical form as written: the same RDF term
                          datatype=None if term.language else rdflib.URIRef(term.datatype.value), normalize=False)


def graph_of(quads, graph: rdflib.Graph | None = None) -> rdflib.Graph:
    """An rdflib Graph of pyoxigraph quads (added to `graph` when given); IRIs and blank
    nodes converted once each."""
    graph = graph if graph is not None else rdflib.Graph()
    cache: dict = {}
    def convert(t):
        if isinstance(t, ox.Literal):
            return to_rdflib(t)
        got = cache.get(t)
        if got is None:
            got = cache[t] = to_rdflib(t)
        return got

    for q in quads:
        graph.add((convert(q.subject), convert(q.predicate), convert(q.object)))
    return graph


def rdflib_quads(graph: rdflib.Graph) -> list[ox.Quad]:
    """pyoxigraph quads of an rdflib Graph (through N-Triples)."""
    return list(ox.parse(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES))


def text_of(term) -> str:
    """A term as the gate's reports write it, pyoxigraph or rdflib alike: a blank node
    as "_:label", an IRI or literal as its value, None as ""."""
    if term is None:
        return ""
    if isinstance(term, (ox.BlankNode, rdflib.BNode)):
        return f"_:{term.value}" if isinstance(term, ox.BlankNode) else f"_:{term}"
    return term.value if isinstance(term, (ox.NamedNode, ox.Literal)) else str(term)


def label_key(lang: str | None) -> str:
    """The column or attribute name for a label in ``lang``, one spelling for every table
    and graph export: label_en, label_zh_Hans, label_und (an identifier in pandas,
    GraphML, GEXF and CSV alike)."""
    return "label_" + (re.sub(r"[^A-Za-z0-9]", "_", lang) if lang else "und")
