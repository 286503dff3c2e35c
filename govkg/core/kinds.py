"""Kinds of governance document, read as data from ontology/kinds.ttl (a SKOS
scheme): the known kind slugs (what a catalog's `kind` may say) and the trigger
labels (skos:altLabel, any script) that type a work an aggregator names.
A new kind is one new concept in kinds.ttl; no code names a kind."""

from __future__ import annotations

from functools import lru_cache

import pyoxigraph as ox

from govkg.core import paths
from govkg.core.errors import InputError

KINDS_FILE = paths.ROOT / "ontology" / "kinds.ttl"
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def _slug(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


@lru_cache(maxsize=1)
def _triples() -> tuple[tuple[str, str, str], ...]:
    with open(KINDS_FILE, "rb") as fh:
        return tuple((t.subject.value, t.predicate.value, t.object.value) for t in ox.parse(fh, ox.RdfFormat.TURTLE))


@lru_cache(maxsize=1)
def known() -> tuple[str, ...]:
    """The kind slugs, sorted: every skos:Concept of the scheme."""
    return tuple(sorted({_slug(s) for s, p, o in _triples() if p == RDF_TYPE and o == SKOS + "Concept"}))


@lru_cache(maxsize=1)
def triggers() -> tuple[tuple[str, str], ...]:
    """(trigger, kind slug) pairs from the altLabels, longest trigger first."""
    out = {(o.casefold(), _slug(s)) for s, p, o in _triples() if p == SKOS + "altLabel"}
    return tuple(sorted(out, key=lambda x: (-len(x[0]), x)))


def check(kind: str, where: str) -> str:
    """`kind` itself when known; else the one-line message naming the known kinds."""
    if kind in known():
        return kind
    raise InputError(f"{where}: unknown kind {kind!r} (known: {', '.join(known())}); "
                     f"a new kind is a concept in {KINDS_FILE.parent.name}/{KINDS_FILE.name}")
