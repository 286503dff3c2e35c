"""Load RDF that someone else wrote, offline and bounded.

Every RDF file a user hands the project (``build.py validate FILE``, a graph to
compare, an export to re-read) goes through here. Guarantees, each tested in
tests/core/test_rdf_input.py:

- nothing is fetched: parsing is pyoxigraph's, which has no document loader, so a
  JSON-LD remote ``@context`` or ``@import`` is refused; ``owl:imports`` is data,
  never followed;
- RDF/XML may not declare entities or name an external DTD: XXE (``SYSTEM
  "file:///…"`` or ``"http://…"``), parameter entities and entity-expansion bombs
  ("billion laughs", which pyoxigraph would expand without bound) are refused
  before the RDF parser sees the file;
- a file over ``MAX_RDF_BYTES`` is refused, naming the limit;
- every refusal is one ``InputError`` line naming the file.

Use ``parse_quads(path)`` (``parse_files(paths)`` for several) for pyoxigraph quads, ``load_rdf(path)`` for an rdflib
Graph, or ``guard(path)`` before any other parser.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from govkg.core.errors import InputError
from govkg.core.terms import to_rdflib

MAX_RDF_BYTES = 1024 * 1024 * 1024  # 1 GiB: far above the published graph, below a memory exhaustion
FORMATS = {
    "ttl": ox.RdfFormat.TURTLE, "turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG, "n3": ox.RdfFormat.N3,
    "jsonld": ox.RdfFormat.JSON_LD, "json": ox.RdfFormat.JSON_LD,
    "rdf": ox.RdfFormat.RDF_XML, "owl": ox.RdfFormat.RDF_XML, "xml": ox.RdfFormat.RDF_XML,
}


def rdf_format(path: Path) -> ox.RdfFormat:
    fmt = FORMATS.get(path.suffix.lstrip(".").lower())
    if fmt is None:
        raise InputError(f"{path}: unknown RDF format {path.suffix or '(no extension)'!r}; "
                         f"use one of .{', .'.join(sorted(FORMATS))}")
    return fmt


def _check_xml(path: Path) -> None:
    """Refuse entity declarations and external DTDs (XXE, remote DTD, entity bombs)."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        tree = etree.parse(str(path), parser)
    except etree.XMLSyntaxError as exc:
        raise InputError(f"{path}: not well-formed XML: {str(exc).splitlines()[0] if str(exc) else exc}") from None
    info = tree.docinfo
    if info.system_url or info.public_id:
        raise InputError(f"{path}: RDF/XML naming an external DTD ({info.system_url or info.public_id}) is refused; "
                         "remove the DOCTYPE")
    dtd = info.internalDTD
    entities = [e.name for e in dtd.iterentities()] if dtd is not None else []
    if entities:
        raise InputError(f"{path}: RDF/XML declaring entities ({', '.join(entities[:5])}) is refused "
                         "(external entities and entity expansion are not allowed); write the text out")


def guard(path, fmt: ox.RdfFormat | None = None) -> Path:
    """Check a file before any parser reads it; return it as a Path."""
    path = Path(path)
    fmt = fmt or rdf_format(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    size = path.stat().st_size
    if size > MAX_RDF_BYTES:
        raise InputError(f"{path}: {size} bytes is over the {MAX_RDF_BYTES} byte limit for an RDF file")
    if fmt == ox.RdfFormat.RDF_XML:
        _check_xml(path)
    return path


def parse_quads(path) -> list[ox.Quad]:
    """The quads of one RDF file, parsed offline by pyoxigraph; bad input → InputError."""
    path = Path(path)
    fmt = rdf_format(path)
    guard(path, fmt)
    try:
        return list(ox.parse(path=str(path), format=fmt, base_iri=path.resolve().as_uri()))
    except (SyntaxError, ValueError, OSError, UnicodeDecodeError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if "LoadDocumentCallback" in first:
            first = "it names a remote @context or @import, which is never fetched; put the context inline"
        raise InputError(f"{path}: not valid {fmt.name}: {first}") from None


def load_rdf(path):
    """An rdflib Graph of the file's triples (all graphs of a dataset merged)."""
    import rdflib

    g = rdflib.Graph()
    for q in parse_quads(path):
        g.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
    return g


def parse_files(paths) -> list[ox.Quad]:
    """The quads of several RDF files, in order (parse_quads on each).

    ``ox.parse`` keeps literal datatypes as written; a pyoxigraph Store would fold
    xsd:nonNegativeInteger into xsd:integer, which sh:datatype would then reject.
    """
    return [q for path in paths for q in parse_quads(path)]


def load_store(paths) -> ox.Store:
    """A pyoxigraph Store of the files' triples (default graph)."""
    store = ox.Store()
    store.extend(ox.Quad(q.subject, q.predicate, q.object) for q in parse_files(paths))
    return store
