"""Publish: the one module that owns dist/. Every file name, serialisation option
and prefix lives here. Files are written to a staging release directory and made
live by atomically replacing the `dist` symlink, so a failed or killed build leaves
the previous dist/ untouched; a lock keeps two builds from interleaving."""

from __future__ import annotations

import bisect
import fcntl
import functools
import hashlib
import io
import itertools
import json
import operator
import os
import re
import shutil
import sys
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox

from govkg.core import graphstore, paths
from govkg.core.errors import GovkgError, InputError
from govkg.core.namespaces import DCAT, DCT, PREFIXES, PROV, RDF, VOID, XSD
from govkg.core.terms import to_ox, to_rdflib
from govkg.publish.docs_html import plain_html

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
        data = files[name]
        size, digest = (len(data), hashlib.sha256(data).hexdigest()) if isinstance(data, bytes) else data
        dist = ox.NamedNode(f"{base}dataset/{name}")
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


def write(stage: Path, name: str, data: bytes, written: dict | None = None) -> None:
    path = stage / name
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    if written is not None:
        written[name] = _seen(path, hashlib.sha256(data).hexdigest())


def _seen(path: Path, sha: str) -> tuple[int, int, str]:
    st = os.stat(path)
    return st.st_size, st.st_mtime_ns, sha


class _Hashing:
    """A binary file that counts and hashes what goes through it."""

    def __init__(self, fh):
        self.fh, self.size, self.sha = fh, 0, hashlib.sha256()

    def write(self, data) -> int:
        self.sha.update(data)
        self.size += len(data)
        return self.fh.write(data)

    def flush(self) -> None:
        self.fh.flush()


class _Syncs:
    """fsync in a background thread (os.fsync lets go of the GIL), so that one file
    reaches the disk while the next is written; `wait` before the release is made live."""

    def __init__(self):
        from concurrent.futures import ThreadPoolExecutor

        self.pool = ThreadPoolExecutor(1, thread_name_prefix="govkg-fsync")
        self.pending: list = []

    @staticmethod
    def _sync(fd: int) -> None:
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

    def add(self, fh) -> None:
        fh.flush()
        fd = os.dup(fh.fileno())
        try:
            self.pending.append(self.pool.submit(self._sync, fd))
        except BaseException:
            os.close(fd)
            raise

    def wait(self, check: bool = True) -> None:
        """Every file added is on disk (or, with `check`, the first error is raised)."""
        self.pool.shutdown(wait=True)
        if check:
            for f in self.pending:
                f.result()


@contextmanager
def streamed(stage: Path, name: str, written: dict, syncs: _Syncs | None = None):
    """Write one file of the release as a stream (yields a binary file); once it is
    closed and synced (or queued in `syncs`), written[name] = (size, mtime, SHA-256),
    for void.ttl and the release's digest."""
    path = stage / name
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as fh:
        out = _Hashing(fh)
        yield out
        if syncs is not None:
            syncs.add(fh)
        else:
            fh.flush()
            os.fsync(fh.fileno())
    written[name] = _seen(path, out.sha.hexdigest())


# govkg.ttl is written by a second process while this one writes govkg.jsonld (the two
# take about as long; pyoxigraph holds the GIL while it reads triples from Python). It
# dies with this process (PR_SET_PDEATHSIG), so a killed build leaves no writer behind.
_TURTLE_WRITER = r"""
import ctypes, hashlib, json, os, signal, sys
try:
    ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
except (OSError, AttributeError):
    pass
if os.getppid() != int(sys.argv[4]):
    sys.exit(1)
import pyoxigraph as ox
class Hashing:
    def __init__(self, fh):
        self.fh, self.size, self.sha = fh, 0, hashlib.sha256()
    def write(self, data):
        self.sha.update(data)
        self.size += len(data)
        return self.fh.write(data)
    def flush(self):
        self.fh.flush()
try:
    with open(sys.argv[2], "wb") as fh:
        out = Hashing(fh)
        ox.serialize(ox.parse(path=sys.argv[1], format=ox.RdfFormat.N_TRIPLES), out,
                     format=ox.RdfFormat.TURTLE, prefixes=json.loads(sys.argv[3]))
        fh.flush()
        os.fsync(fh.fileno())
except OSError as exc:
    print(json.dumps({"errno": exc.errno, "strerror": exc.strerror, "filename": exc.filename}), file=sys.stderr)
    sys.exit(3)
print(json.dumps({"sha": out.sha.hexdigest()}))
"""


class _TurtleJob:
    """govkg.ttl from the sorted govkg.nt, in a child process; `wait` gives its SHA-256."""

    def __init__(self, src: Path, dst: Path):
        import subprocess

        self.dst = dst
        self.proc = subprocess.Popen(
            [sys.executable, "-c", _TURTLE_WRITER, str(src), str(dst), json.dumps(TURTLE_PREFIXES), str(os.getpid())],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def wait(self) -> str:
        out, err = self.proc.communicate()
        if self.proc.returncode == 0:
            return json.loads(out)["sha"]
        try:
            why = json.loads(err)
        except ValueError:
            raise RuntimeError(f"the Turtle writer failed (exit status {self.proc.returncode}): "
                               f"{err.decode(errors='replace').strip()[-2000:]}") from None
        raise OSError(why["errno"], why["strerror"], why["filename"])

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.communicate()


def write_graph(data, stage: Path, written: dict, parallel: bool = True, syncs: _Syncs | None = None) -> int:
    """govkg.nt, govkg.jsonld and govkg.ttl of `data` (a graphstore.Graph, a Store or
    an iterable of triples), each streamed into `stage`; returns the number of distinct
    triples. At most one copy of the graph is held in Python: its sorted N-Triples lines."""
    lines = sorted_lines(data, stage / ".govkg.nt.unsorted")
    n = len(lines)
    with streamed(stage, "govkg.nt", written, syncs) as out:
        write_lines(lines, out)
    # the sorted lines group each subject's triples, so Turtle nests them under it
    nt, ttl = stage / "govkg.nt", stage / "govkg.ttl"
    job = None
    if parallel and sys.executable:
        try:
            job = _TurtleJob(nt, ttl)
        except OSError:  # no second process to be had: write it here, after the JSON-LD
            job = None
    try:
        with streamed(stage, "govkg.jsonld", written, syncs) as out:
            write_jsonld(lines, out)
        del lines
        if job is not None:
            written["govkg.ttl"] = _seen(ttl, job.wait())
        else:
            with streamed(stage, "govkg.ttl", written, syncs) as out:
                turtle(ox.parse(path=nt, format=ox.RdfFormat.N_TRIPLES), out)
    finally:
        if job is not None:
            job.stop()
    return n


def digest_dir(folder: Path, known: dict | None = None) -> str:
    """A content digest of every file under `folder` (names and SHA-256s); `known`
    gives the (size, mtime, SHA-256) of files already hashed as they were written."""
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            name = str(p.relative_to(folder))
            seen = (known or {}).get(name)
            if seen is None or _seen(p, seen[2]) != seen:
                sha = hashlib.sha256()
                with open(p, "rb") as fh:
                    while block := fh.read(1 << 20):
                        sha.update(block)
                seen = (0, 0, sha.hexdigest())
            h.update(name.encode() + b"\0" + seen[2].encode() + b"\n")
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


def swap(dist: Path, stage: Path, known: dict | None = None) -> None:
    """Make `stage` the live dist/ in one atomic rename of a symlink (`known`: see digest_dir)."""
    rel = releases_dir(dist)
    final = rel / digest_dir(stage, known)
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
    """Write every artefact to a staging release, run the export hooks on it, swap.
    `triples`: a graphstore.Graph, an ox.Store (its default graph is the data) or an
    iterable of triples."""
    files = {
        "context.jsonld": (json.dumps(context(), indent=1, sort_keys=True) + "\n").encode(),
        "ontology.ttl": merged(ROOT / "ontology", ONTOLOGY_FILES),
        "shapes.ttl": merged(ROOT / "shapes"),
    }

    files["ontology.html"] = plain_html(ROOT / "ontology" / "govkg.ttl").encode("utf-8")
    step = f"locking {dist}"
    try:
        with lock(dist):
            step = f"creating a staging folder beside {dist}"
            stage = staging(dist)
            syncs = _Syncs()
            try:
                step = "writing govkg.nt, govkg.jsonld and govkg.ttl"
                written: dict = {}
                try:
                    n_triples = write_graph(triples, stage, written, syncs=syncs)
                except BaseException:
                    syncs.wait(check=False)
                    raise
                syncs.wait()
                files["void.ttl"] = void(result.catalog, {**files, **{k: (v[0], v[2]) for k, v in written.items()}},
                                         n_triples)
                for name, data in sorted({**files, **(reports or {})}.items()):
                    step = f"writing {name}"
                    write(stage, name, data, written)
                for hook in hooks:
                    step = f"writing the exports ({getattr(hook, '__name__', 'hook')})"
                    hook(stage)
                step = f"switching {dist} to the new release"
                swap(dist, stage, written)
            except BaseException:
                shutil.rmtree(stage, ignore_errors=True)
                raise
    except OSError as exc:
        why = exc.strerror or str(exc)
        raise PublishError(f"{dist}: cannot publish ({step}): {why}"
                           f"{f' [{exc.filename}]' if exc.filename else ''}; the previous {dist.name}/ is unchanged") from None
    return dist


def republish(dist: Path, write, drop: tuple[str, ...] = ()) -> None:
    """Rewrite part of a live release: copy it to a staging directory (under the lock),
    remove the `drop` folders, let `write(stage)` write into it, swap it in atomically.
    A failure or a kill leaves `dist` as it was."""
    with lock(dist):
        stage = staging(dist)
        try:
            shutil.copytree(dist, stage, dirs_exist_ok=True)
            for sub in drop:
                shutil.rmtree(stage / sub, ignore_errors=True)
            write(stage)
            swap(dist, stage)
        except BaseException:
            shutil.rmtree(stage, ignore_errors=True)
            raise
