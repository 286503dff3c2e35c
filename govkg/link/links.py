"""Link: every link triple of the graph, in one stream. Translations within a
provision (link.translations), then identical text (link.identical) and related
provisions (link.related) across works; every cross-document link is also a gov:Link
node with score, method and explanation (link.common.Link). The SSSOM mapping set
that publishes them is publish.sssom."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from pyoxigraph import Literal, NamedNode, Triple

from govkg.core.ids import Minter
from govkg.core.namespaces import PROV, RDFS
from govkg.link.common import TYPE, Link, decimal, g
from govkg.link.identical import identical_buckets, identical_groups, identical_links
from govkg.link.related import related_links
from govkg.link.translations import translation_triples


@contextmanager
def _no_gc():
    """Cyclic GC off while many acyclic objects are made (its full passes cost more than
    they free, as in pipeline.run)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def find_links(result, minter: Minter | None = None) -> list[Link]:
    """Identical links (a star per bucket of equal text), then related links between
    provisions that share no such bucket."""
    m = minter or Minter(result.catalog.base)
    with _no_gc():
        buckets = identical_buckets(result)
        ident = identical_links(result, m, buckets)
        return ident + related_links(result, m, identical=identical_groups(buckets[0]))


def link_triples(result, minter: Minter | None = None) -> list[Triple]:
    """Translations, derived texts, identical and related links as one list of triples
    (about 700 bytes each as Python objects: a large graph should stream
    iter_link_triples instead)."""
    with _no_gc():
        return list(iter_link_triples(result, minter))


def iter_link_triples(result, minter: Minter | None = None) -> Iterator[Triple]:
    """The triples of link_triples, in the same order, one link at a time (the links are
    found first; only their triples are made lazily), e.g. for graphstore.Graph.add."""
    from itertools import islice

    m = minter or Minter(result.catalog.base)
    with _no_gc():
        first = translation_triples(result, m)
    yield from first
    del first
    made = _triples_of(find_links(result, m), m)
    while True:
        with _no_gc():  # made in batches with the cyclic GC off, handed out with it as it was
            batch = list(islice(made, 50_000))
        if not batch:
            return
        yield from batch


def _triples_of(links: list[Link], m: Minter) -> Iterator[Triple]:
    p_ident, p_rel, p_derived = g("identicalTo"), g("relatedTo"), NamedNode(PROV + "wasDerivedFrom")
    p_from, p_to, p_score, p_method = g("linkFrom"), g("linkTo"), g("score"), g("method")
    p_comment, p_phrase, p_concerns, c_link = NamedNode(RDFS + "comment"), g("matchedPhrase"), g("concerns"), g("Link")
    methods: dict[str, Literal] = {}
    principle_nodes: dict[str, NamedNode] = {}
    for link in links:
        a, b = NamedNode(link.a), NamedNode(link.b)
        prop = p_ident if link.kind == "identical" else p_rel
        yield Triple(a, prop, b)
        yield Triple(b, prop, a)
        if link.derived:
            yield Triple(b, p_derived, a)
        node = NamedNode(m.link(link.iri_suffix))
        if link.method not in methods:
            methods[link.method] = Literal(link.method)
        yield Triple(node, TYPE, c_link)
        yield Triple(node, p_from, a)
        yield Triple(node, p_to, b)
        yield Triple(node, p_score, decimal(link.score))
        yield Triple(node, p_method, methods[link.method])
        if link.comment:
            yield Triple(node, p_comment, Literal(link.comment, language="en"))
        for phrase, lang in link.terms:
            yield Triple(node, p_phrase, Literal(phrase, language=lang))
        for slug in link.principles:
            if slug not in principle_nodes:
                principle_nodes[slug] = NamedNode(m.principle(slug))
            yield Triple(node, p_concerns, principle_nodes[slug])
