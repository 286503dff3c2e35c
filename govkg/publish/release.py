"""Publish: the one module that owns dist/ (the serialisations are publish.rdf's).
Files are written to a staging release directory and made
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

from govkg.core import paths
from govkg.core.errors import GovkgError, InputError
from govkg.gate.report import shape_files
from govkg.publish import rdf, tables
from govkg.publish import store as query_store
from govkg.publish.docs_html import plain_html

ROOT = paths.ROOT
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
            [sys.executable, "-c", _TURTLE_WRITER, str(src), str(dst), json.dumps(rdf.TURTLE_PREFIXES), str(os.getpid())],
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
    lines = rdf.sorted_lines(data, stage / ".govkg.nt.unsorted")
    n = len(lines)
    with streamed(stage, "govkg.nt", written, syncs) as out:
        rdf.write_lines(lines, out)
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
            rdf.write_jsonld(lines, out)
        del lines
        if job is not None:
            written["govkg.ttl"] = _seen(ttl, job.wait())
        else:
            with streamed(stage, "govkg.ttl", written, syncs) as out:
                rdf.turtle(ox.parse(path=nt, format=ox.RdfFormat.N_TRIPLES), out)
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


def swap(dist: Path, stage: Path, known: dict | None = None, digest: str | None = None) -> None:
    """Make `stage` the live dist/ in one atomic rename of a symlink (`known`: see
    digest_dir; `digest`: the stage's digest_dir where already computed)."""
    rel = releases_dir(dist)
    final = rel / (digest or digest_dir(stage, known))
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


def publish(result, triples, dist: Path, hooks=(), reports: dict[str, bytes] | None = None,
            verify=None) -> Path:
    """Write every artefact to a staging release, run the export hooks on it, swap.
    `triples`: a graphstore.Graph, an ox.Store (its default graph is the data) or an
    iterable of triples. `verify`: called last, before the swap (the gate's OWL check,
    which runs while the release is written); whatever it raises stops the publication
    and leaves the previous dist/ as it was."""
    files = {
        "context.jsonld": (json.dumps(rdf.context(), indent=1, sort_keys=True) + "\n").encode(),
        "ontology.ttl": rdf.merged(ROOT / "ontology", rdf.ONTOLOGY_FILES),
        # the shapes the gate runs on the data (shapes/ontology.shapes.ttl judges the ontology itself)
        "shapes.ttl": rdf.merged(ROOT / "shapes", tuple(p.name for p in shape_files(ROOT / "shapes"))),
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
                write(stage, "ontology.ttl", files.pop("ontology.ttl"), written)
                step = f"updating the query store beside {dist}"
                located = update_store(dist, stage, written, n_triples)["path"]
                step = "writing the tables (commitments.csv, actors.csv, provisions.csv)"
                files.update(tables.from_store(query_store.open_read_only(located)))
                files["void.ttl"] = rdf.void(result.catalog, {**files, **{k: (v[0], v[2]) for k, v in written.items()}},
                                             n_triples)
                for name, data in sorted({**files, **(reports or {})}.items()):
                    step = f"writing {name}"
                    write(stage, name, data, written)
                for hook in hooks:
                    step = f"writing the exports ({getattr(hook, '__name__', 'hook')})"
                    hook(stage)
                if verify is not None:
                    step = "waiting for the OWL check"
                    verify()
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


def update_store(dist: Path, stage: Path, written: dict, n_triples: int) -> dict:
    """The query store beside `dist` (publish.store) brought to the release in `stage`."""
    shas = {name: written[name][2] for name in query_store.GRAPH_FILES if name in written}
    live = dist.resolve() if dist.is_symlink() else None
    return query_store.update(dist, stage, shas, live if live is not None and live.is_dir() else None, n_triples)


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
