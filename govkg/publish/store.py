"""The query store beside dist/: an on-disk Oxigraph store of the published graph
(govkg.nt and ontology.ttl, in the default graph), which `build.py query`, the
server and the benchmark open instead of loading the N-Triples again.

For dist = OUT/dist the store lives in OUT/.dist.store/:

- ``master/``: the read-write store that each publication updates;
- ``master.json``: which content master holds (``{"key": KEY}``; ``"dirty"`` while
  it is being changed, so that a killed build makes the next one reload it);
- ``KEY/``: a read-only copy of master (a RocksDB checkpoint: hard links, so it
  costs no copy of the data) for each published content, where KEY is derived from
  the SHA-256s of govkg.nt and ontology.ttl that void.ttl records. A checkpoint is
  complete before it gets its name and is never written again, so a reader never
  opens a store that a build is changing (Oxigraph calls that undefined behaviour).

Updating: when master holds the content of the live release, only the difference
is applied (the lines that left are removed, the new ones added; both files are
sorted, so one merge finds them); otherwise, or when most lines changed, master is
loaded afresh with the bulk loader. Readers find the store through `locate(dist)`
and fall back to loading the files where there is none (a copied dist/).
"""

from __future__ import annotations

import hashlib
import heapq
import json
import os
import shutil
from pathlib import Path

import pyoxigraph as ox

from govkg.core.namespaces import DCT

FORMAT = 1
KEEP = 3  # checkpoints kept: the live one and the two before it (a server may still read one)
SPDX_CHECKSUM = "http://spdx.org/rdf/terms#checksumValue"
GRAPH_FILES = ("govkg.nt", "ontology.ttl")
RELOAD_FRACTION = 0.5  # more changed lines than this share of the graph: bulk load instead


def folder(dist: Path) -> Path:
    dist = Path(dist)
    return dist.parent / f".{dist.name}.store"


def content_key(shas: dict[str, str]) -> str:
    """The store's name for a content: the SHA-256s of the graph files (name -> hex)."""
    h = hashlib.sha256(f"govkg store {FORMAT}; oxigraph {ox.__version__}\n".encode())
    for name in GRAPH_FILES:
        h.update(f"{name} {shas.get(name, '-')}\n".encode())
    return h.hexdigest()[:16]


def recorded_shas(dist: Path) -> dict[str, str] | None:
    """The SHA-256s that dist/void.ttl records for the graph files, where their byte
    sizes still match the files (a hand-edited copy gets None: load the files)."""
    void = Path(dist) / "void.ttl"
    try:
        data = void.read_bytes()
    except OSError:
        return None
    found: dict[str, dict[str, str]] = {}
    try:
        for t in ox.parse(data, format=ox.RdfFormat.TURTLE):
            p = t.predicate.value
            if p in (DCT + "title", SPDX_CHECKSUM, "http://www.w3.org/ns/dcat#byteSize"):
                found.setdefault(t.subject.value, {})[p] = t.object.value
    except SyntaxError:
        return None
    shas: dict[str, str] = {}
    for props in found.values():
        name = props.get(DCT + "title")
        if name in GRAPH_FILES and SPDX_CHECKSUM in props:
            try:
                if (Path(dist) / name).stat().st_size != int(props.get("http://www.w3.org/ns/dcat#byteSize", -1)):
                    return None
            except OSError:
                return None
            shas[name] = props[SPDX_CHECKSUM]
    present = {n for n in GRAPH_FILES if (Path(dist) / n).is_file()}
    return shas if set(shas) == present and "govkg.nt" in shas else None


def locate(dist: Path) -> Path | None:
    """The read-only store that holds exactly dist's graph files, or None."""
    shas = recorded_shas(dist)
    if shas is None:
        return None
    path = folder(dist) / content_key(shas)
    return path if path.is_dir() else None


def open_read_only(path: Path) -> ox.Store:
    return ox.Store.read_only(str(path))


# ------------------------------------------------------------------ writing

def _ontology_lines(path: Path) -> list[bytes]:
    """ontology.ttl's triples as sorted N-Triples lines. Its blank nodes (OWL lists
    and restrictions) are named by their order in the file, so that two readings of
    one file give the same lines (the parser names anonymous nodes at random)."""
    if not path.is_file():
        return []
    names: dict[str, ox.BlankNode] = {}

    def stable(term):
        if isinstance(term, ox.BlankNode):
            return names.setdefault(term.value, ox.BlankNode(f"ontology{len(names)}"))
        return term

    return sorted({f"{ox.Triple(stable(t.subject), t.predicate, stable(t.object))} .\n".encode()
                   for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)})


def _subject_predicate(line: bytes) -> bytes:
    """The line up to its object: N-Triples subjects and predicates hold no space."""
    return line[: line.index(b" ", line.index(b" ") + 1) + 1]


def _starting_with(path: Path, prefix: bytes) -> list[bytes]:
    """The lines of the sorted file `path` that start with `prefix` (binary search on
    byte offsets: a few reads, whatever the file's size)."""
    with open(path, "rb") as fh:
        size = fh.seek(0, os.SEEK_END)

        def line_at(offset: int) -> tuple[int, bytes]:  # the first whole line at or after offset
            fh.seek(offset)
            if offset:
                fh.readline()
            return fh.tell(), fh.readline()

        lo, hi = 0, size
        while lo < hi:  # the first offset whose next line is >= prefix
            mid = (lo + hi) // 2
            _, ln = line_at(mid)
            if ln and ln < prefix:
                lo = mid + 1
            else:
                hi = mid
        _, ln = line_at(lo)
        found = []
        while ln.startswith(prefix):
            found.append(ln)
            ln = fh.readline()
        return found


def _lines(release: Path):
    """The sorted, distinct lines of a release's graph: govkg.nt (sorted, as published)
    merged with ontology.ttl's triples as N-Triples."""
    last = None
    with open(release / "govkg.nt", "rb") as fh:
        for line in heapq.merge(fh, _ontology_lines(release / "ontology.ttl")):
            if line != last:
                yield line
                last = line


def _difference(old, new, limit: int):
    """(removed, added) line lists of two sorted, distinct line streams; None once
    more than `limit` lines differ."""
    removed, added = [], []
    old, new = iter(old), iter(new)
    a, b = next(old, None), next(new, None)
    while a is not None or b is not None:
        if len(removed) + len(added) > limit:
            return None
        if b is None or (a is not None and a < b):
            removed.append(a)
            a = next(old, None)
        elif a is None or b < a:
            added.append(b)
            b = next(new, None)
        else:
            a, b = next(old, None), next(new, None)
    return removed, added


def _quads(lines: list[bytes]):
    for t in ox.parse(b"".join(lines), format=ox.RdfFormat.N_TRIPLES):
        yield ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph())


def _stamp(base: Path) -> dict:
    try:
        return json.loads((base / "master.json").read_text())
    except (OSError, ValueError):
        return {}


def _write_stamp(base: Path, key: str) -> None:
    tmp = base / "master.json.tmp"
    tmp.write_text(json.dumps({"format": FORMAT, "key": key}) + "\n")
    os.replace(tmp, base / "master.json")


def update(dist: Path, stage: Path, shas: dict[str, str], previous: Path | None, n_triples: int) -> dict:
    """Bring master to the graph files in `stage` (a release being published, whose
    files have the SHA-256s `shas`) and checkpoint it under their content key.
    `previous`: the live release (what master holds if its stamp says so);
    `n_triples`: the lines of the new govkg.nt. Returns
    what was done: {"key", "path" (the checkpoint), "mode": "kept"|"diff"|"load",
    "removed", "added"}."""
    base = folder(dist)
    base.mkdir(parents=True, exist_ok=True)
    key = content_key(shas)
    target = base / key
    info = {"key": key, "path": target, "mode": "kept", "removed": 0, "added": 0}
    if target.is_dir():
        _prune(base, key)
        return info
    master = base / "master"
    old_key = None
    if previous is not None and (previous / "govkg.nt").is_file():
        old_shas = recorded_shas(previous)
        old_key = content_key(old_shas) if old_shas else None
    stamp = _stamp(base)
    diff = None
    if master.is_dir() and old_key is not None and stamp.get("format") == FORMAT and stamp.get("key") == old_key:
        diff = _difference(_lines(previous), _lines(stage), int(RELOAD_FRACTION * max(1, n_triples)))
    _write_stamp(base, "dirty")
    if diff is not None:
        store = ox.Store(str(master))
        removed, added = diff
        for q in _quads(removed):
            store.remove(q)
        # The store keeps values, not lexical forms ("1.000"^^xsd:decimal is stored as
        # "1"): a removed line may have held the value of a line that stays. Every line
        # of the new graph with a removed line's subject and predicate is added again.
        again = set(added)
        onto = _ontology_lines(stage / "ontology.ttl")
        for prefix in sorted({_subject_predicate(ln) for ln in removed}):
            again.update(_starting_with(stage / "govkg.nt", prefix))
            again.update(ln for ln in onto if ln.startswith(prefix))
        store.extend(_quads(sorted(again)))
        info.update(mode="diff", removed=len(removed), added=len(added))
    else:
        shutil.rmtree(master, ignore_errors=True)
        store = ox.Store(str(master))
        store.bulk_load(path=str(stage / "govkg.nt"), format=ox.RdfFormat.N_TRIPLES)
        store.bulk_extend(_quads(_ontology_lines(stage / "ontology.ttl")))
        info["mode"] = "load"
    store.flush()
    tmp = base / f".checkpoint-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    store.backup(str(tmp))
    del store
    os.rename(tmp, target)
    _write_stamp(base, key)
    _prune(base, key)
    return info


def _prune(base: Path, live: str) -> None:
    """Keep the live checkpoint and the KEEP - 1 most recent others; drop what a
    killed build left behind."""
    for leftover in base.glob(".checkpoint-*"):
        shutil.rmtree(leftover, ignore_errors=True)
    others = sorted((d for d in base.iterdir() if d.is_dir() and d.name not in ("master", live)
                     and not d.name.startswith(".")), key=lambda d: d.stat().st_mtime, reverse=True)
    os.utime(base / live)
    for old in others[KEEP - 1:]:
        shutil.rmtree(old, ignore_errors=True)
