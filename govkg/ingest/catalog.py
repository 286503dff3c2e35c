"""Catalog: read and check data/corpus.toml (works, sources, dataset metadata).

Every problem is one InputError naming the catalog file and the entry.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from govkg.core import kinds, limits
from govkg.core.errors import InputError
from govkg.core.ids import check_id
from govkg.core.model import Source, Work
from govkg.core.namespaces import ID, LANGUAGES

MAX_SOURCE_BYTES = limits.LIMITS.max_source_bytes  # data/limits.toml; documented in README and SECURITY.md
FORMATS = ("plain", "web", "ocr", "table", "aggregator")


@dataclass
class Catalog:
    path: Path
    sources_dir: Path
    works: dict[str, Work]
    sources: dict[str, Source]
    dataset: dict = field(default_factory=dict)

    @property
    def base(self) -> str:
        return self.dataset.get("base", ID)


def _date(value, where: str) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise InputError(f"{where}: date {value!r} is not YYYY-MM-DD") from None


def _lang(value, where: str) -> str:
    if value not in LANGUAGES:
        raise InputError(f"{where}: language {value!r} is not one of {', '.join(LANGUAGES)}")
    return value


def _require(entry: dict, key: str, where: str):
    if key not in entry or entry[key] in ("", None, []):
        raise InputError(f"{where}: required field '{key}' is missing")
    return entry[key]


def _str_list(value, where: str, key: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InputError(f"{where}: '{key}' must be a string or a list of strings")
    return tuple(value)


def parse_work(entry: dict, where: str) -> Work:
    wid = check_id(_require(entry, "id", where), where)
    where = f"{where} '{wid}'"
    titles = _require(entry, "title", where)
    if isinstance(titles, str):
        titles = {"en": titles}
    if not isinstance(titles, dict):
        raise InputError(f"{where}: 'title' must be a string or a table of language = title")
    for lang in titles:
        _lang(lang, where)
    kind = entry.get("kind")
    if kind is not None:
        kinds.check(kind, where)
    return Work(
        id=wid,
        titles={k: str(v) for k, v in sorted(titles.items())},
        issuer=entry.get("issuer"),
        date=_date(entry.get("date"), where),
        kind=kind,
        aliases=_str_list(entry.get("aliases", []), where, "aliases"),
        alternatives=_alternatives(entry.get("alternative", {}), where),
    )


def _alternatives(value, where: str) -> dict[str, tuple[str, ...]]:
    """`alternative = { en = ["Other title", ...], zh-Hans = "别名" }`: other titles of a work."""
    if not isinstance(value, dict):
        raise InputError(f"{where}: 'alternative' must be a table of language = title or list of titles")
    return {_lang(lang, where): _str_list(titles, where, f"alternative.{lang}") for lang, titles in sorted(value.items())}


def resolve_path(sources_dir: Path, name: str, where: str) -> Path:
    """The source file, refused if it is absolute, climbs out, or links outside."""
    if not isinstance(name, str) or not name or os.path.isabs(name) or ".." in Path(name).parts:
        raise InputError(f"{where}: file {name!r} must be a plain path inside {sources_dir}")
    path = sources_dir / name
    root = sources_dir.resolve()
    real = path.resolve()
    if root not in real.parents:
        raise InputError(f"{where}: file {name!r} leads outside {sources_dir} (symlink?)")
    return path


def parse_source(entry: dict, where: str, sources_dir: Path, check_files: bool) -> Source:
    sid = check_id(_require(entry, "id", where), where)
    where = f"{where} '{sid}'"
    fmt = _require(entry, "format", where)
    if fmt not in FORMATS:
        raise InputError(f"{where}: unknown format {fmt!r} (known: {', '.join(FORMATS)})")
    langs = tuple(_lang(v, where) for v in _str_list(_require(entry, "languages", where), where, "languages"))
    works = _str_list(entry.get("works", []), where, "works")
    if not works and fmt != "aggregator":
        raise InputError(f"{where}: required field 'works' is missing")
    for w in works:
        check_id(w, where)
    name = _require(entry, "file", where)
    path = resolve_path(sources_dir, name, where)
    sha = entry.get("sha256")
    if check_files:
        if not path.is_file():
            raise InputError(f"{where}: file {path} does not exist")
        size = path.stat().st_size
        if size > MAX_SOURCE_BYTES:
            raise InputError(f"{path}: {size} bytes is over the {MAX_SOURCE_BYTES} byte limit for a source file "
                             "(data/limits.toml: max_source_bytes)")
        if sha:
            actual = hashlib.sha256(path.read_bytes()).hexdigest()
            if actual != sha:
                raise InputError(f"{where}: file {name} has SHA-256 {actual}, the catalog says {sha}")
    return Source(
        id=sid, file=name, format=fmt, languages=langs, works=works,
        publisher=entry.get("publisher"), url=entry.get("url") or None,
        date=_date(entry.get("date"), where), sha256=sha, title=entry.get("title"),
    )


def load(path: Path, sources_dir: Path | None = None, *, check_files: bool = True,
         require_sources: bool = True) -> Catalog:
    """The catalog, checked; `require_sources=False` accepts one with no [[sources]]
    yet (what `add` starts a corpus from)."""
    path = Path(path)
    sources_dir = Path(sources_dir) if sources_dir else path.parent / "sources"
    if not path.is_file():
        raise InputError(f"{path}: catalog file not found")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise InputError(f"{path}: catalog is not UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path}: malformed TOML: {exc}") from None
    works: dict[str, Work] = {}
    for i, entry in enumerate(data.get("works", [])):
        work = parse_work(entry, f"{path}: [[works]] #{i + 1}")
        if work.id in works:
            raise InputError(f"{path}: duplicate work id '{work.id}'")
        works[work.id] = work
    sources: dict[str, Source] = {}
    files: dict[str, str] = {}
    for i, entry in enumerate(data.get("sources", [])):
        src = parse_source(entry, f"{path}: [[sources]] #{i + 1}", sources_dir, check_files)
        if src.id in sources:
            raise InputError(f"{path}: duplicate source id '{src.id}'")
        if src.file in files:
            raise InputError(f"{path}: sources '{files[src.file]}' and '{src.id}' name the same file {src.file}")
        for w in src.works:
            if w not in works:
                raise InputError(f"{path}: source '{src.id}' names work '{w}', which no [[works]] entry declares")
        sources[src.id] = src
        files[src.file] = src.id
    if not sources and require_sources:
        raise InputError(f"{path}: the catalog lists no [[sources]]")
    dataset = data.get("dataset", {})
    return Catalog(path, sources_dir, works, sources, dataset)


def read_source(catalog: Catalog, source: Source) -> str:
    """The raw text of a source: UTF-8, no newline translation; clear errors."""
    path = resolve_path(catalog.sources_dir, source.file, f"source '{source.id}'")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: file not found (source '{source.id}')") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from None
    return decode_source(path, data)


def decode_source(path, data: bytes) -> str:
    """A source file's bytes as text: UTF-8, not empty, within data/limits.toml."""
    if len(data) > MAX_SOURCE_BYTES:
        raise InputError(f"{path}: {len(data)} bytes is over the {MAX_SOURCE_BYTES} byte limit for a source file "
                         "(data/limits.toml: max_source_bytes)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text (byte {exc.start}: {data[exc.start:exc.start + 1]!r})") from None
    if not text.strip():
        raise InputError(f"{path}: file is empty")
    limits.check_text(path, text)
    return text
