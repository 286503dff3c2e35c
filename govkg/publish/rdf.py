"""The serialisations of dist/: sorted N-Triples, Turtle with the project's
prefixes, JSON-LD written from sorted lines, canonical Turtle for rdflib graphs, and
the void.ttl dataset description. Every file name's media type and every prefix lives
here; release writes what these return."""

from __future__ import annotations

import bisect
import functools
import hashlib
import io
import itertools
import json
import operator
import re
from pathlib import Path

import pyoxigraph as ox

from govkg.core import graphstore, paths
from govkg.core.errors import InputError
from govkg.core.ids import Minter
from govkg.core.namespaces import DCAT, DCT, PREFIXES, PROV, RDF, VOID, XSD
from govkg.core.terms import to_ox, to_rdflib

ROOT = paths.ROOT

ONTOLOGY_FILES = ("govkg.ttl", "kinds.ttl", "actors.ttl", "principles.ttl")
MEDIA = {
    "govkg.ttl": "text/turtle",
    "govkg.nt": "application/n-triples",
    "govkg.jsonld": "application/ld+json",
    "context.jsonld": "application/ld+json",
    "ontology.ttl": "text/turtle",
    "shapes.ttl": "text/turtle",
    "ontology.html": "text/html",
    "commitments.csv": "text/csv",
    "actors.csv": "text/csv",
    "provisions.csv": "text/csv",
}


def sort_triples(triples) -> list[ox.Triple]:
    """The distinct triples (of a list, any iterable or a Store's default graph) sorted
    by their N-Triples form. For small graphs: it holds every triple as a Python object."""
    return sorted(set(graphstore.triples(triples)), key=str)


def ntriples(triples) -> bytes:
    """The triples as N-Triples, in the order given (see `sorted_lines` for the canonical form)."""
    return b"".join(f"{t} .\n".encode("utf-8") for t in graphstore.triples(triples))


TURTLE_PREFIXES = {k: v for k, v in PREFIXES.items() if k != "id"}  # id: locals would need \/ escapes


def turtle(triples, out=None) -> bytes | None:
    """Turtle with the published prefixes, in the order given; consecutive triples of a
    subject are grouped. With `out` (a binary file) it is written there, streaming."""
    return ox.serialize(triples, out, format=ox.RdfFormat.TURTLE, prefixes=TURTLE_PREFIXES)


def _curie(iri: str) -> str:
    for prefix, ns in sorted(PREFIXES.items(), key=lambda x: -len(x[1])):
        if iri.startswith(ns) and iri != ns:
            local = iri[len(ns):]
            if local and all(c.isalnum() or c in "_-." for c in local) and not local.endswith("."):
                return f"{prefix}:{local}"
    return iri


# Every namespace ends in "/" or "#", and a local name may hold neither, so the only
# namespace that can give an IRI a CURIE is the IRI up to its last "/" or "#": one dict
# look-up instead of trying every prefix (same answers as `_curie`; the first prefix in
# `_curie`'s order wins where two share a namespace).
_NAMESPACE_PREFIX: dict[str, str] = {}
for _prefix, _ns in sorted(PREFIXES.items(), key=lambda x: -len(x[1])):
    _NAMESPACE_PREFIX.setdefault(_ns, _prefix)
_SEPARATED = all(ns.endswith(("/", "#")) for ns in PREFIXES.values())


def curie(iri: str) -> str:
    """`iri` as prefix:local where a published prefix covers it with a plain local name, else `iri`."""
    if not _SEPARATED:
        return _curie(iri)
    cut = max(iri.rfind("/"), iri.rfind("#")) + 1
    prefix = _NAMESPACE_PREFIX.get(iri[:cut])
    local = iri[cut:]
    if prefix is not None and local and not local.endswith(".") and all(c.isalnum() or c in "_-." for c in local):
        return f"{prefix}:{local}"
    return iri


_NAMESPACE_PREFIX_B = {ns.encode(): prefix.encode() for ns, prefix in _NAMESPACE_PREFIX.items()}
_PLAIN_LOCAL = re.compile(rb"[A-Za-z0-9_.-]*[A-Za-z0-9_-]")


def _json_curie(iri: bytes) -> bytes:
    """The IRI `iri` (UTF-8, as N-Triples writes it) as a JSON string of its CURIE: the
    bytes `json.dumps(curie(iri), ensure_ascii=False)` gives. An IRI holds no '"', '\\'
    or control character, so it needs no JSON escapes."""
    if not _SEPARATED:
        return json.dumps(curie(iri.decode("utf-8")), ensure_ascii=False).encode("utf-8")
    cut = max(iri.rfind(b"/"), iri.rfind(b"#")) + 1
    prefix = _NAMESPACE_PREFIX_B.get(iri[:cut])
    if prefix is not None:
        local = iri[cut:]
        if _PLAIN_LOCAL.fullmatch(local):
            return b'"%s:%s"' % (prefix, local)
        if local and max(local) > 127:  # non-ASCII letters and digits count too
            return json.dumps(curie(iri.decode("utf-8")), ensure_ascii=False).encode("utf-8")
    return b'"%s"' % iri


_json_curie_cached = functools.lru_cache(maxsize=1 << 12)(_json_curie)  # predicates and datatypes


def context() -> dict:
    return {"@context": {p: ns for p, ns in sorted(PREFIXES.items())}}


def sorted_lines(data, scratch: Path | None = None) -> list[bytes]:
    """The distinct triples of `data` (a graphstore.Graph, a Store's default graph, or an
    iterable of triples) as N-Triples lines, each ending in a newline, sorted bytewise:
    joined, they are `graphstore.sorted_ntriples(data)`. A Store or an iterable is
    serialised through the file `scratch` where one is given (rather than through one
    bytes object), so the only copy of the graph held in Python is the list of lines."""
    if isinstance(data, graphstore.Graph):
        lines = []
        for chunk in data.chunks:
            lines += chunk.splitlines(keepends=True)
    elif scratch is not None:
        _dump(data, str(scratch))
        with open(scratch, "rb") as fh:
            lines = fh.readlines()
        scratch.unlink()
    else:
        buf = io.BytesIO()
        _dump(data, buf)
        lines = buf.getvalue().splitlines(keepends=True)
        del buf
    lines.sort()  # in place: emission order has long sorted runs
    if not isinstance(data, ox.Store) and any(map(operator.eq, lines, itertools.islice(lines, 1, None))):
        lines = [line for line, _ in itertools.groupby(lines)]  # a Graph or a list may repeat a triple
    if lines and lines[0] == b"\n":
        del lines[0]
    return lines


def _dump(data, out) -> None:
    if isinstance(data, ox.Store):
        data.dump(out, format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    else:
        ox.serialize(graphstore.triples(data), out, format=ox.RdfFormat.N_TRIPLES)


def write_lines(lines: list[bytes], out, chunk: int = 1 << 16) -> None:
    for i in range(0, len(lines), chunk):
        out.write(b"".join(lines[i:i + chunk]))


_RDF_TYPE = f"<{RDF}type>".encode()  # as the predicate term of an N-Triples line
# json.dumps(..., indent=1) of a node object inside "@graph" (depth 2), written by hand
_VALUE = b",\n    "
_KEY_OPEN = b'": [\n    '
_KEY_CLOSE = b"\n   ]"


def _json_literal(body: bytes) -> bytes:
    """An N-Triples quoted literal as a JSON string. N-Triples escapes are JSON escapes,
    so the bytes serve as they are, except \\u escapes (controls, DEL), which json.dumps
    writes otherwise (lower-case hex; DEL as itself): the caller re-encodes those here."""
    return json.dumps(json.loads(body.decode("utf-8")), ensure_ascii=False).encode("utf-8")


def _node(lines: list[bytes], start: int, end: int, seen: dict, keys: dict, classes: dict) -> bytes:
    """One node object (indent=1 at depth 2, keys sorted) from the N-Triples lines
    lines[start:end], which all have the same subject. Caches, by N-Triples term:
    `seen` the JSON value of objects that recur (IRIs, typed literals), `classes` the
    "@type" entry of rdf:type objects, `keys` the key of each predicate (its JSON string
    without the closing quote, so that the keys sort as sort_keys sorts them)."""
    types: list[bytes] = []
    props: dict[bytes, list[bytes]] = {}
    for line in lines[start:end]:
        _, p, o = line.split(b" ", 2)  # o ends with " .\n"
        if p == _RDF_TYPE and o[0] == 60:
            value = classes.get(o)
            if value is None:
                value = classes[o] = _json_curie(o[1:-4])
            types.append(value)
            continue
        value = seen.get(o)
        if value is None:
            first = o[0]
            if first == 60:  # "<": an IRI
                if o[1] == 60:
                    raise ValueError(f"JSON-LD: a triple term as object is not supported: {line!r}")
                value = seen[o] = b'{\n     "@id": %s\n    }' % _json_curie(o[1:-4])
            elif first == 95:  # "_": a blank node
                value = b'{\n     "@id": "%s"\n    }' % o[:-3]
            else:
                q = o.rindex(b'"')
                text = o[:q + 1]
                if b"\\u" in text:
                    text = _json_literal(text)
                end_ = len(o) - 3
                if q + 1 == end_:
                    value = text  # xsd:string
                elif o[q + 1] == 64:  # "@": a language tag
                    value = b'{\n     "@language": "%s",\n     "@value": %s\n    }' % (o[q + 2:end_], text)
                else:  # "^^<datatype>": numbers, dates (few distinct ones)
                    value = seen[o] = b'{\n     "@type": %s,\n     "@value": %s\n    }' % (
                        _json_curie_cached(o[q + 4:end_ - 1]), text)
        key = keys.get(p)
        if key is None:
            key = keys[p] = _json_curie(p[1:-1])[:-1]
        values = props.get(key)
        if values is None:
            props[key] = [value]
        else:
            values.append(value)
    subj = lines[start][:lines[start].index(b" ")]
    parts = [b'  {\n   "@id": ' + (_json_curie(subj[1:-1]) if subj[0] == 60 else b'"%s"' % subj)]
    if types:
        parts.append(b'   "@type' + _KEY_OPEN + _VALUE.join(types) + _KEY_CLOSE)
    for key in sorted(props):
        parts.append(b"   " + key + _KEY_OPEN + _VALUE.join(props[key]) + _KEY_CLOSE)
    return b",\n".join(parts) + b"\n  }"


def write_jsonld(lines: list[bytes], out) -> None:
    """Compacted JSON-LD of sorted, distinct N-Triples lines, written node by node:
    {"@context": prefixes, "@graph": one node object per subject, sorted by subject}
    with CURIEs, "@type" lists, language and typed values; the same bytes as
    json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\\n"."""
    head = json.dumps(context(), ensure_ascii=False, indent=1, sort_keys=True)[:-2].encode("utf-8")
    if not lines:
        out.write(head + b',\n "@graph": []\n}\n')
        return
    # the lines of one subject are contiguous; find each run with a binary search
    groups = []
    i, n = 0, len(lines)
    find = bisect.bisect_left
    while i < n:
        line = lines[i]
        k = line.index(b" ")
        key = line[:k] + b"!"
        j = find(lines, key, i + 1, min(n, i + 64))  # most subjects have a few triples
        if j == i + 64:
            j = find(lines, key, j, n)
        # N-Triples order puts <a/b> before <a> ("/" < ">"); the node order is by subject text
        groups.append((line[1:k - 1] if line[0] == 60 else line[2:k], i, j))
        i = j
    groups.sort()
    out.write(head + b',\n "@graph": [\n')
    buf: list[bytes] = []
    seen: dict = {}
    keys: dict = {}
    classes: dict = {}
    for _, start, end in groups:
        buf.append(_node(lines, start, end, seen, keys, classes))
        if len(buf) >= 4096:
            out.write(b",\n".join(buf) + b",\n")
            buf = []
            if len(seen) > 1 << 18:  # bounded: the most repeated terms come back soon
                seen.clear()
    out.write(b",\n".join(buf) + b"\n ]\n}\n")


def jsonld(triples) -> bytes:
    """Compacted JSON-LD: one node object per subject, CURIEs from the prefixes."""
    out = io.BytesIO()
    write_jsonld(sorted_lines(triples), out)
    return out.getvalue()


def merged(folder: Path, names=None) -> bytes:
    """Hand-edited Turtle files merged into one; blank nodes get canonical labels
    (RDFC/RGDA1 via rdflib) so the output is byte-identical across builds."""
    import rdflib

    files = [folder / n for n in names] if names else sorted(folder.glob("*.ttl"))
    g = rdflib.Graph()
    for f in files:
        if f.is_file():
            with open(f, "rb") as fh:
                try:
                    for t in ox.parse(fh, ox.RdfFormat.TURTLE, base_iri=f.resolve().as_uri()):
                        g.add(tuple(to_rdflib(x) for x in (t.subject, t.predicate, t.object)))
                except SyntaxError as exc:
                    raise InputError(f"{f}: not valid Turtle: {exc}") from None
    return canonical_turtle(g)


def canonical_turtle(g) -> bytes:
    """An rdflib graph as Turtle with canonical blank-node labels (byte-stable)."""
    from rdflib.compare import to_canonical_graph

    triples = [ox.Triple(*(to_ox(x) for x in t)) for t in to_canonical_graph(g)]
    return turtle(sort_triples(triples))


def void(catalog, files: dict, n_triples: int) -> bytes:
    """The dataset description; `files` maps each download's name to its bytes or to
    its (size, SHA-256 hex digest)."""
    base = catalog.base
    m = Minter(base)
    ds = ox.NamedNode(m.dataset())
    out = []

    def add(s, p, o):
        out.append(ox.Triple(s, ox.NamedNode(p), o))

    lit = ox.Literal
    add(ds, RDF + "type", ox.NamedNode(VOID + "Dataset"))
    add(ds, RDF + "type", ox.NamedNode(DCAT + "Dataset"))
    add(ds, DCT + "title", lit(catalog.dataset.get("title", "govkg"), language="en"))
    if catalog.dataset.get("license"):
        add(ds, DCT + "license", ox.NamedNode(catalog.dataset["license"]))
    if catalog.dataset.get("publisher"):
        add(ds, DCT + "publisher", lit(catalog.dataset["publisher"]))
    add(ds, VOID + "triples", lit(str(n_triples), datatype=ox.NamedNode(XSD + "integer")))
    add(ds, VOID + "uriSpace", lit(base))
    for src in sorted(catalog.sources.values(), key=lambda s: s.id):
        add(ds, PROV + "wasDerivedFrom", ox.NamedNode(m.source(src.id)))
    for name in sorted(files):
        data = files[name]
        size, digest = (len(data), hashlib.sha256(data).hexdigest()) if isinstance(data, bytes) else data
        dist = ox.NamedNode(m.distribution(name))
        add(ds, DCAT + "distribution", dist)
        add(dist, RDF + "type", ox.NamedNode(DCAT + "Distribution"))
        add(dist, DCT + "title", lit(name))
        if catalog.dataset.get("download_base"):
            add(dist, DCAT + "downloadURL", ox.NamedNode(catalog.dataset["download_base"] + name))
        add(dist, DCAT + "mediaType", lit(MEDIA.get(name, "application/octet-stream")))
        add(dist, DCAT + "byteSize", lit(str(size), datatype=ox.NamedNode(XSD + "integer")))
        add(dist, "http://spdx.org/rdf/terms#checksumValue", lit(digest))
        if catalog.dataset.get("license"):
            add(dist, DCT + "license", ox.NamedNode(catalog.dataset["license"]))
        if name.startswith("govkg."):
            add(dist, VOID + "triples", lit(str(n_triples), datatype=ox.NamedNode(XSD + "integer")))
    return turtle(sort_triples(out))
