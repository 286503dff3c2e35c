"""Content-addressed cache of per-document results (read, normalise, segment).

The key of a document is the SHA-256 of: its source bytes, its catalog entry, the
titles of the works it names, and the versions of everything that shapes the result
(the code: every govkg/**/*.py; the ontology/ and shapes/ files; the Python, OpenCC
and pyspellchecker versions). Change any of them and the key changes, so a stale
entry is never read; unchanged documents are loaded instead of recomputed. Entries
are pickles under build/cache/<2 hex>/<key>.pkl, written atomically. `--no-cache`
(Options.cache False) neither reads nor writes.
"""

from __future__ import annotations

import array
import dataclasses
import hashlib
import io
import json
import os
import pickle
import sys
import tempfile
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from govkg.core import paths
from govkg.core.model import Sentence, Text

ROOT = paths.ROOT
DEFAULT_DIR = paths.BUILD / "cache"
LIBRARIES = ("opencc", "pyspellchecker", "pyoxigraph")
FORMAT = 2  # bump when the stored layout changes


def _hash_tree(h, folder: Path, patterns: tuple[str, ...]) -> None:
    files = sorted({p for pat in patterns for p in folder.rglob(pat) if p.is_file() and "__pycache__" not in p.parts})
    for p in files:
        h.update(str(p.relative_to(ROOT)).encode() + b"\0" + p.read_bytes() + b"\0")


@lru_cache(maxsize=1)
def code_version() -> str:
    """One digest of what produces a per-document result: the code of core and ingest
    (read, normalise, segment), the rule files they read (data/layout.toml and limits.toml, the source
    kinds in ontology/kinds.ttl) and the library versions. Editing a later stage (a
    cue, a shape, a figure, the page template) leaves every cached document valid."""
    h = hashlib.sha256(f"format {FORMAT}; python {sys.version_info[:3]}".encode())
    _hash_tree(h, paths.PACKAGE / "core", ("*.py",))
    _hash_tree(h, paths.PACKAGE / "ingest", ("*.py",))
    _hash_tree(h, paths.DATA, ("layout.toml", "limits.toml"))
    _hash_tree(h, paths.ONTOLOGY, ("kinds.ttl",))
    for lib in LIBRARIES:
        try:
            h.update(f"{lib} {metadata.version(lib)}".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{lib} absent".encode())
    return h.hexdigest()


def key(data: bytes, source, titles) -> str:
    entry = dataclasses.asdict(source)
    entry.pop("sha256", None)  # the bytes themselves are hashed
    h = hashlib.sha256(code_version().encode())
    h.update(json.dumps({"entry": entry, "titles": list(titles)}, sort_keys=True, ensure_ascii=False).encode())
    h.update(hashlib.sha256(data).digest())
    return h.hexdigest()


# Per-character offset maps (Text.starts/ends, Sentence.map_starts/map_ends) are most
# of a result: packed as machine-int arrays they load twice as fast as pickled ints.
def _ints(values) -> bytes:
    return array.array("i", values).tobytes()


def _unints(data: bytes) -> array.array:
    a = array.array("i")
    a.frombytes(data)
    return a


def _make_text(text, starts, ends, repairs):
    return Text(text, _unints(starts), _unints(ends), repairs)  # arrays index and slice like the lists


def _make_sentence(fields: dict, starts: bytes, ends: bytes):
    return Sentence(**fields, map_starts=_unints(starts), map_ends=_unints(ends))


def _reduce_text(t):
    return _make_text, (t.text, _ints(t.starts), _ints(t.ends), t.repairs)


def _reduce_sentence(s):
    fields = {f.name: getattr(s, f.name) for f in dataclasses.fields(s) if f.name not in ("map_starts", "map_ends")}
    return _make_sentence, (fields, _ints(s.map_starts), _ints(s.map_ends))


def pack(value) -> bytes:
    """A per-document result as bytes (what workers return and the cache stores)."""
    buf = io.BytesIO()
    p = pickle.Pickler(buf, protocol=pickle.HIGHEST_PROTOCOL)
    p.dispatch_table = {Text: _reduce_text, Sentence: _reduce_sentence}
    p.dump(value)
    return buf.getvalue()


def unpack(data: bytes):
    return pickle.loads(data)


class Cache:
    def __init__(self, folder: Path | None = None):
        self.folder = Path(folder) if folder else DEFAULT_DIR
        self.hits = 0
        self.misses = 0

    def _path(self, k: str) -> Path:
        return self.folder / k[:2] / f"{k}.pkl"

    def get(self, k: str):
        try:
            with open(self._path(k), "rb") as fh:
                value = unpack(fh.read())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
            self.misses += 1
            return None
        self.hits += 1
        return value

    def put(self, k: str, data: bytes) -> None:
        """Store a packed result (cache.pack); an unwritable cache is skipped, never fatal."""
        path = self._path(k)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        except OSError:
            return
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, path)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            if isinstance(sys.exc_info()[1], OSError):
                return
            raise
