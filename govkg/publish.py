"""Publish: the one module that owns dist/. Every file name, serialisation option
and prefix lives here. Files are written to a staging release directory and made
live by atomically replacing the `dist` symlink, so a failed or killed build leaves
the previous dist/ untouched; a lock keeps two builds from interleaving."""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import sys
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox

from .errors import GovkgError, InputError
from .namespaces import DCAT, DCT, PREFIXES, PROV, RDF, VOID, XSD
from .terms import to_ox, to_rdflib

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY_FILES = ("govkg.ttl", "kinds.ttl", "actors.ttl", "principles.ttl")
MEDIA = {
    "govkg.ttl": "text/turtle",
    "govkg.nt": "application/n-triples",
    "govkg.jsonld": "application/ld+json",
    "context.jsonld": "application/ld+json",
    "ontology.ttl": "text/turtle",
    "shapes.ttl": "text/turtle",
    "ontology.html": "text/html",
}


def sort_triples(triples) -> list[ox.Triple]:
    return sorted(set(triples), key=str)


def ntriples(triples: list[ox.Triple]) -> bytes:
    return b"".join(f"{t} .\n".encode("utf-8") for t in triples)


TURTLE_PREFIXES = {k: v for k, v in PREFIXES.items() if k != "id"}  # id: locals would need \/ escapes


def turtle(triples: list[ox.Triple]) -> bytes:
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=TURTLE_PREFIXES)


def _curie(iri: str) -> str:
    for prefix, ns in sorted(PREFIXES.items(), key=lambda x: -len(x[1])):
        if iri.startswith(ns) and iri != ns:
            local = iri[len(ns):]
            if local and all(c.isalnum() or c in "_-." for c in local) and not local.endswith("."):
                return f"{prefix}:{local}"
    return iri


def context() -> dict:
    return {"@context": {p: ns for p, ns in sorted(PREFIXES.items())}}


def jsonld(triples: list[ox.Triple]) -> bytes:
    """Compacted JSON-LD: one node object per subject, CURIEs from the prefixes."""
    nodes: dict[str, dict] = {}
    for t in triples:
        node = nodes.setdefault(t.subject.value, {"@id": _curie(t.subject.value)})
        if t.predicate.value == RDF + "type":
            node.setdefault("@type", []).append(_curie(t.object.value))
            continue
        o = t.object
        if isinstance(o, ox.NamedNode):
            value = {"@id": _curie(o.value)}
        elif o.language:
            value = {"@value": o.value, "@language": o.language}
        elif o.datatype.value == XSD + "string":
            value = o.value
        else:
            value = {"@value": o.value, "@type": _curie(o.datatype.value)}
        node.setdefault(_curie(t.predicate.value), []).append(value)
    doc = {**context(), "@graph": [nodes[k] for k in sorted(nodes)]}
    return (json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


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


def void(catalog, files: dict[str, bytes], n_triples: int) -> bytes:
    base = catalog.base
    ds = ox.NamedNode(base + "dataset")
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
        add(ds, PROV + "wasDerivedFrom", ox.NamedNode(f"{base}source/{src.id}"))
    for name in sorted(files):
        dist = ox.NamedNode(f"{base}dataset/{name}")
        add(ds, DCAT + "distribution", dist)
        add(dist, RDF + "type", ox.NamedNode(DCAT + "Distribution"))
        add(dist, DCT + "title", lit(name))
        if catalog.dataset.get("download_base"):
            add(dist, DCAT + "downloadURL", ox.NamedNode(catalog.dataset["download_base"] + name))
        add(dist, DCAT + "mediaType", lit(MEDIA.get(name, "application/octet-stream")))
        add(dist, DCAT + "byteSize", lit(str(len(files[name])), datatype=ox.NamedNode(XSD + "integer")))
        add(dist, "http://spdx.org/rdf/terms#checksumValue", lit(hashlib.sha256(files[name]).hexdigest()))
        if catalog.dataset.get("license"):
            add(dist, DCT + "license", ox.NamedNode(catalog.dataset["license"]))
        if name.startswith("govkg."):
            add(dist, VOID + "triples", lit(str(n_triples), datatype=ox.NamedNode(XSD + "integer")))
    return turtle(sort_triples(out))


class PublishError(GovkgError):
    """dist/ could not be written (disk full, read-only, permissions): the previous
    dist/ is left as it was. Exit status 2."""


@contextmanager
def lock(dist: Path, wait: bool = True):
    dist.parent.mkdir(parents=True, exist_ok=True)
    path = dist.parent / f".{dist.name}.lock"
    with open(path, "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not wait:
                raise InputError(f"{dist}: another build is publishing here; try again when it has finished") from None
            print(f"waiting for another build of {dist} to finish…", file=sys.stderr)
            fcntl.flock(fh, fcntl.LOCK_EX)
        yield


def releases_dir(dist: Path) -> Path:
    return dist.parent / f".{dist.name}.releases"


def staging(dist: Path) -> Path:
    rel = releases_dir(dist)
    rel.mkdir(parents=True, exist_ok=True)
    # we hold the lock, so any other staging folder is what a killed build left behind
    for other in rel.glob("staging-*"):
        shutil.rmtree(other, ignore_errors=True)
    stage = rel / f"staging-{os.getpid()}"
    stage.mkdir()
    return stage


def write(stage: Path, name: str, data: bytes) -> None:
    path = stage / name
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def digest_dir(folder: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            h.update(str(p.relative_to(folder)).encode() + b"\0" + p.read_bytes())
    return h.hexdigest()[:16]


def _exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two paths (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    try:
        import ctypes

        fn = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return fn(at_fdcwd, os.fsencode(str(a)), at_fdcwd, os.fsencode(str(b)), rename_exchange) == 0


def swap(dist: Path, stage: Path) -> None:
    """Make `stage` the live dist/ in one atomic rename of a symlink."""
    rel = releases_dir(dist)
    final = rel / digest_dir(stage)
    if final.exists():
        shutil.rmtree(stage)
    else:
        os.rename(stage, final)
    tmp = dist.parent / f".{dist.name}.newlink"
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink() if tmp.is_symlink() or not tmp.is_dir() else shutil.rmtree(tmp)
    os.symlink(os.path.relpath(final, dist.parent), tmp)
    if dist.exists() and not dist.is_symlink():
        # a plain folder (an older layout, a copy): swap it with the link in one step,
        # where the kernel can; else move it aside first (a short window without dist/)
        if not _exchange(tmp, dist):
            old = rel / "pre-symlink"
            if old.exists():
                shutil.rmtree(old)
            os.rename(dist, old)
            os.replace(tmp, dist)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    else:
        os.replace(tmp, dist)
    for other in rel.iterdir():
        if other != final and not other.name.startswith("staging-"):
            shutil.rmtree(other, ignore_errors=True)


def publish(result, triples, dist: Path, hooks=(), reports: dict[str, bytes] | None = None) -> Path:
    """Write every artefact to a staging release, run the export hooks on it, swap."""
    triples = sort_triples(triples)
    files = {
        "govkg.nt": ntriples(triples),
        "govkg.ttl": turtle(triples),
        "govkg.jsonld": jsonld(triples),
        "context.jsonld": (json.dumps(context(), indent=1, sort_keys=True) + "\n").encode(),
        "ontology.ttl": merged(ROOT / "ontology", ONTOLOGY_FILES),
        "shapes.ttl": merged(ROOT / "shapes"),
    }
    from .docs_html import plain_html

    files["ontology.html"] = plain_html(ROOT / "ontology" / "govkg.ttl").encode("utf-8")
    files["void.ttl"] = void(result.catalog, files, len(triples))
    step = f"locking {dist}"
    try:
        with lock(dist):
            step = f"creating a staging folder beside {dist}"
            stage = staging(dist)
            try:
                for name, data in sorted({**files, **(reports or {})}.items()):
                    step = f"writing {name}"
                    write(stage, name, data)
                for hook in hooks:
                    step = f"writing the exports ({getattr(hook, '__name__', 'hook')})"
                    hook(stage)
                step = f"switching {dist} to the new release"
                swap(dist, stage)
            except BaseException:
                shutil.rmtree(stage, ignore_errors=True)
                raise
    except OSError as exc:
        why = exc.strerror or str(exc)
        raise PublishError(f"{dist}: cannot publish ({step}): {why}"
                           f"{f' [{exc.filename}]' if exc.filename else ''}; the previous {dist.name}/ is unchanged") from None
    return dist
