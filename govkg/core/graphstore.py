"""The built graph between emit and publish: a `Graph` of N-Triples chunks (bytes),
filled work by work, so millions of triples cost about their N-Triples size (~150
bytes each) instead of ~700 as Python Triple objects, and keep their exact lexical
forms and datatypes (a pyoxigraph Store would fold xsd:nonNegativeInteger into
xsd:integer and "1.000" into "1", which the shapes and the published files must not
see). Stages downstream of emit accept a Graph, a pyoxigraph Store (its default
graph) or any iterable of pyoxigraph Triples/Quads: `triples` reads any of them,
`as_store` loads one into a Store for SPARQL, `sorted_ntriples` gives the canonical
serialisation every published format starts from."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import groupby

import pyoxigraph as ox

NT = ox.RdfFormat.N_TRIPLES
CHUNK = 50_000  # triples per serialised chunk when adding an iterable


class Graph:
    """An append-only RDF graph held as N-Triples chunks (duplicates allowed until
    read: `triples` may repeat one, `sorted_ntriples`/`size`/`as_store` do not)."""

    def __init__(self, triples: Iterable = ()):
        self.chunks: list[bytes] = []
        self.add(triples)

    def add(self, triples: Iterable) -> None:
        batch: list = []
        if isinstance(triples, list) and all(type(t) is ox.Triple for t in triples):
            batch, triples = triples, ()
        for t in triples:
            batch.append(t if isinstance(t, ox.Triple) else ox.Triple(t.subject, t.predicate, t.object))
            if len(batch) >= CHUNK:
                self.add_ntriples(ox.serialize(batch, format=NT))
                batch = []
        if batch:
            self.add_ntriples(ox.serialize(batch, format=NT))

    def add_ntriples(self, data: bytes) -> None:
        if data:
            self.chunks.append(data if data.endswith(b"\n") else data + b"\n")

    def __iter__(self) -> Iterator[ox.Triple]:
        for chunk in self.chunks:
            for q in ox.parse(chunk, format=NT):
                yield q.triple

    def __len__(self) -> int:
        return size(self)

    def nbytes(self) -> int:
        return sum(len(c) for c in self.chunks)


def add(graph, triples: Iterable) -> None:
    """Append triples to a Graph, or to the default graph of a Store."""
    if isinstance(graph, Graph):
        graph.add(triples)
    else:
        graph.extend([ox.Quad(t.subject, t.predicate, t.object) for t in triples])


def as_store(data) -> ox.Store:
    """`data` itself when it is a Store, else a new in-memory Store of its triples (in
    the default graph; beware: a Store folds some datatypes, see the module text)."""
    if isinstance(data, ox.Store):
        return data
    if isinstance(data, Graph):
        return load_chunks(data.chunks)
    store = ox.Store()
    add(store, data)
    return store


def load_chunks(chunks: Iterable[bytes]) -> ox.Store:
    """A new Store of N-Triples chunks (default graph). Chunks with blank nodes are
    parsed, which keeps their labels (bulk_load would give them fresh names per
    chunk, splitting a node spread over two chunks); the others are bulk-loaded."""
    store = ox.Store()
    for chunk in chunks:
        if b"_:" in chunk:
            store.bulk_extend(ox.parse(chunk, format=NT))
        else:
            store.bulk_load(chunk, format=NT)
    return store


def triples(data) -> Iterator[ox.Triple]:
    """The triples of a Graph, the default-graph triples of a Store, or those of an
    iterable of Triples/Quads (as Triples)."""
    if isinstance(data, ox.Store):
        for q in data.quads_for_pattern(None, None, None, ox.DefaultGraph()):
            yield q.triple
    elif isinstance(data, Graph):
        yield from data
    else:
        for t in data:
            yield t if isinstance(t, ox.Triple) else ox.Triple(t.subject, t.predicate, t.object)


def ntriples_lines(data) -> list[bytes]:
    """The distinct triples as N-Triples lines (without newline), sorted bytewise
    (sorted, then adjacent duplicates dropped: no hash set of millions of lines)."""
    if isinstance(data, Graph):
        lines: list[bytes] = []
        for chunk in data.chunks:
            lines.extend(chunk.splitlines())
    elif isinstance(data, ox.Store):
        lines = data.dump(format=NT, from_graph=ox.DefaultGraph()).splitlines()
    else:
        lines = ox.serialize(list(triples(data)), format=NT).splitlines()
    lines.sort()
    return [line for line, _ in groupby(lines) if line]


def sorted_ntriples(data) -> bytes:
    """The canonical, byte-stable N-Triples of `data`: distinct lines, sorted bytewise
    (UTF-8 byte order is code-point order)."""
    lines = ntriples_lines(data)
    return b"\n".join(lines) + b"\n" if lines else b""


def size(data) -> int:
    """Number of distinct triples."""
    if isinstance(data, ox.Store):
        return sum(1 for _ in data.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    if isinstance(data, Graph):
        return len(ntriples_lines(data))
    return len(set(triples(data)))
