"""`build.py add FILE --work ID`: copy a document into data/sources/ and write its
catalog entry. ID is one of three things:

* a work the catalog declares: the file is a new copy of it; a `--title` it does
  not have is recorded as an alternative title, a `--issuer` or `--kind` that
  contradicts the catalog is refused (one line), one it lacks is filled in;
* a work the graph knows only from an aggregator's excerpt (the id the build gave
  it): the new entry declares that work, keeping the excerpt's titles (as titles,
  or as alternative titles where the full text's title differs) and its issuer and
  date where none is given, so the excerpt is aligned onto the full text;
* a new work (then `--date` is required).

The catalog keeps its comments and layout (tomlkit); a missing or empty catalog
is started with the seed catalog's header and [dataset] table. Nothing is written
unless the result loads as a valid catalog."""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import shutil
from pathlib import Path

import tomlkit
from tomlkit.exceptions import ParseError
from tomlkit.items import AoT, Table

from govkg.core import kinds, paths
from govkg.core.errors import InputError
from govkg.core.ids import check_id, slugify
from govkg.core.model import Work
from govkg.core.namespaces import ID
from govkg.ingest import catalog as catalog_mod
from govkg.ingest import readers
from govkg.ingest.readers.common import detect_lang
from govkg.structure import attribute

SEED_CATALOG = paths.ROOT / "data" / "corpus.toml"


def _guess_format(text: str) -> str:
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if lines and sum(1 for ln in lines if ln.count("|") >= 2) >= max(2, len(lines) // 2):
        return "table"
    return "plain"


FALLBACK_HEADER = """# govkg corpus catalog: the works and the source files (manifestations) the graph is
# built from; each source file lives in the sources/ folder beside this file and is
# never edited. Add a document with `python build.py add FILE --work ID` (README:
# "Adding documents")."""


def new_catalog_text() -> str:
    """A catalog with no works yet: the seed catalog's header comment (the worked
    example) and its [dataset] table (a short header and the id base without it)."""
    try:
        seed_text = SEED_CATALOG.read_text(encoding="utf-8")
        header, dataset = seed_text.split("\n[", 1)[0], dict(tomlkit.parse(seed_text).get("dataset", {}))
    except (OSError, UnicodeDecodeError, ParseError):
        header, dataset = FALLBACK_HEADER, {}
    table = tomlkit.table()
    for key, value in {"title": "govkg corpus", "base": ID, **dataset}.items():
        table[key] = value
    doc = tomlkit.document()
    doc["dataset"] = table
    return header.rstrip() + "\n\n" + tomlkit.dumps(doc)


def open_catalog(path: Path, sources_dir: Path):
    """(tomlkit document, Catalog) of the catalog at `path`, which may list no source
    yet; a new one when the file is missing or blank."""
    if path.exists() and not path.is_file():
        raise InputError(f"{path}: the catalog is not a file")
    if path.is_file() and path.read_text(encoding="utf-8", errors="replace").strip():
        cat = catalog_mod.load(path, sources_dir, require_sources=False)
        return tomlkit.parse(path.read_text(encoding="utf-8")), cat
    text = new_catalog_text()
    print(f"starting a new catalog at {path}")
    return tomlkit.parse(text), catalog_mod.Catalog(path, sources_dir, {}, {}, dict(tomlkit.parse(text)["dataset"]))


def excerpt_work(cat: catalog_mod.Catalog, work_id: str) -> Work | None:
    """The work `work_id` as the build creates it from an aggregator's excerpt (the
    same attribution step, over the catalog's aggregator pages in build order)."""
    works = copy.deepcopy(cat.works)
    index = attribute.TitleIndex(works)
    for sid in sorted(cat.sources):
        src = cat.sources[sid]
        if src.format != "aggregator":
            continue
        raw = catalog_mod.read_source(cat, src)
        titles = [t for w in src.works for t in cat.works[w].titles.values()]
        attribute.assign(readers.read(raw, src, str(cat.sources_dir / src.file), titles), src, index)
    work = works.get(work_id)
    return work if work is not None and work.declared_in.startswith("source:") else None


def _title_for(args, lang: str) -> tuple[str, str] | None:
    """(language, title) of --title: the language of its script (the file's, between
    the two Chinese scripts when the title does not tell them apart)."""
    title = args.title
    if title is None:
        return None
    title = " ".join(title.split())
    if not title:
        raise InputError("--title is empty")
    return detect_lang(title, (lang,)), title


def _with_title(titles: dict, alternatives: dict, lang: str, title: str, *, prefer_new: bool) -> str | None:
    """Put `title` into titles/alternatives (language -> list); what happened, or None
    when the work has that title already."""
    key = attribute.title_key
    have = titles.get(lang)
    if have is None:
        titles[lang] = title
        return f"title ({lang}) {title!r} added"
    if key(have) == key(title) or any(key(a) == key(title) for a in alternatives.get(lang, [])):
        return None
    if prefer_new:
        titles[lang], title = title, have
    alternatives.setdefault(lang, []).append(title)
    return f"alternative title ({lang}) {title!r} recorded"


def _inline(mapping: dict) -> tomlkit.items.InlineTable:
    table = tomlkit.inline_table()
    for k, v in sorted(mapping.items()):
        table[k] = v
    return table


def _append(doc, key: str, table) -> None:
    """Append a [[key]] table, a blank line between it and its neighbours."""
    aot = doc.get(key)
    last = aot if aot is not None else (doc.body[-1][1] if doc.body else None)
    if isinstance(last, AoT):
        last = last[-1] if len(last) else None
    if isinstance(last, Table) and not last.as_string().endswith("\n\n"):
        last.add(tomlkit.nl())
    if aot is None:
        doc[key] = aot = tomlkit.aot()
    table.add(tomlkit.nl())
    aot.append(table)


def _work_table(doc, work_id: str):
    for table in doc.get("works", []):
        if table.get("id") == work_id:
            return table
    raise InputError(f"work '{work_id}' is declared but not found as a [[works]] table")


def update_work(doc, work: Work, args, title: tuple[str, str] | None, kind: str | None, cat_path: Path) -> list[str]:
    """A new copy of a catalog work: metadata it lacks is filled in, another title
    kept as an alternative; a contradicting issuer or kind is refused."""
    table = _work_table(doc, work.id)
    notes = []
    if args.issuer and work.issuer and args.issuer != work.issuer:
        raise InputError(f"--issuer {args.issuer!r} contradicts work '{work.id}', issued by {work.issuer!r} in "
                         f"{cat_path}: leave it out (--publisher names who published this copy) or edit the catalog")
    lacks_kind = work.kind in (None, "document")  # "document": no more specific kind yet
    if kind and not lacks_kind and kind != work.kind:
        raise InputError(f"--kind {kind!r} contradicts work '{work.id}', of kind {work.kind!r} in {cat_path}: "
                         "leave it out or edit the catalog")
    if args.issuer and not work.issuer:
        table["issuer"] = args.issuer
        notes.append(f"issuer {args.issuer!r} filled in")
    if kind and lacks_kind and kind != work.kind:
        table["kind"] = kind
        notes.append(f"kind {kind!r} filled in")
    if title:
        titles = dict(work.titles)
        alternatives = {k: list(v) for k, v in work.alternatives.items()}
        what = _with_title(titles, alternatives, *title, prefer_new=False)
        if what:
            table["title"] = _inline(titles)
            if alternatives:
                table["alternative"] = _inline(alternatives)
            notes.append(what)
    return notes


def new_work(doc, work_id: str, args, text: str, lang: str, title, kind, date, known: Work | None) -> list[str]:
    """A [[works]] table for a new work, or for the work an excerpt made known."""
    first = next((" ".join(ln.split()) for ln in text.splitlines() if ln.strip()), work_id)[:200]
    titles = dict(known.titles) if known else {}
    alternatives = {k: list(v) for k, v in known.alternatives.items()} if known else {}
    notes = []
    if title or not known:
        _with_title(titles, alternatives, *(title or (lang, first)), prefer_new=True)
    work = tomlkit.table()
    work["id"] = work_id
    work["title"] = _inline(titles)
    if alternatives:
        work["alternative"] = _inline(alternatives)
    issuer = args.issuer or (known.issuer if known else None)
    if issuer:
        work["issuer"] = issuer
    work["date"] = date or dt.date.fromisoformat(known.date)  # add() checked that one is there
    work["kind"] = kind or (known.kind if known else None) or "document"
    if known:
        if args.issuer and known.issuer and args.issuer != known.issuer:
            notes.append(f"the excerpt names the issuer {known.issuer!r}; the catalog now says {args.issuer!r}")
        if date and known.date and date.isoformat() != known.date:
            notes.append(f"the excerpt dates the work {known.date}; the catalog now says {date.isoformat()}")
    _append(doc, "works", work)
    return notes


def add(args) -> None:
    src = Path(args.file)
    if not src.is_file():
        raise InputError(f"{src}: file not found")
    data = src.read_bytes()
    text = catalog_mod.decode_source(src, data)  # size, encoding and data/limits.toml
    kind = kinds.check(args.kind, f"{src}: --kind") if args.kind else None
    cat_path = Path(args.catalog)
    sources_dir = Path(args.sources) if args.sources else cat_path.parent / "sources"
    doc, cat = open_catalog(cat_path, sources_dir)
    work_id = check_id(args.work, "--work")
    lang = args.lang or detect_lang(text, ())
    fmt = args.format or _guess_format(text)
    sid = check_id(args.source_id or slugify(src.stem, 70) or f"source-{hashlib.sha256(data).hexdigest()[:10]}", "--id")
    if sid in cat.sources:
        raise InputError(f"{cat_path}: a source with id '{sid}' exists already; pass --id")
    name = src.name
    dest = sources_dir / name
    if dest.exists() and dest.read_bytes() != data:
        raise InputError(f"{dest}: a different file with this name is already in {sources_dir}")
    if any(s.file == name for s in cat.sources.values()):
        raise InputError(f"{cat_path}: {name} is already catalogued")
    try:
        date = dt.date.fromisoformat(args.date) if args.date else None
    except ValueError:
        raise InputError(f"--date {args.date!r} is not YYYY-MM-DD") from None
    title = _title_for(args, lang)

    if work_id in cat.works:
        notes = update_work(doc, cat.works[work_id], args, title, kind, cat_path)
    else:
        known = excerpt_work(cat, work_id)
        if not date and not (known and known.date):
            raise InputError(f"--work {work_id} is a new work: give its issue date with --date YYYY-MM-DD")
        notes = new_work(doc, work_id, args, text, lang, title, kind, date, known)
        if known:
            notes.insert(0, f"joins the work the graph knows from an excerpt in source '{known.declared_in[7:]}'")
    entry = tomlkit.table()
    entry["id"] = sid
    entry["file"] = name
    entry["works"] = [work_id]
    entry["languages"] = [lang]
    entry["format"] = fmt
    if args.publisher or args.issuer:
        entry["publisher"] = args.publisher or args.issuer
    if args.url:
        entry["url"] = args.url
    if date:
        entry["date"] = date
    entry["sha256"] = hashlib.sha256(data).hexdigest()
    _append(doc, "sources", entry)
    write_catalog(doc, cat_path, sources_dir, src, dest)
    print(f"added {name} as source '{sid}' of work '{work_id}' ({lang}, {fmt}) to {cat_path}")
    for note in notes:
        print(f"  work '{work_id}': {note}")


def write_catalog(doc, cat_path: Path, sources_dir: Path, src: Path, dest: Path) -> None:
    """Copy the file in and replace the catalog, only if the new catalog loads."""
    cat_path.parent.mkdir(parents=True, exist_ok=True)
    sources_dir.mkdir(parents=True, exist_ok=True)
    copied = not dest.exists()
    if copied:
        shutil.copyfile(src, dest)
    tmp = cat_path.with_suffix(".toml.tmp")
    tmp.write_text(tomlkit.dumps(doc), encoding="utf-8")
    try:
        catalog_mod.load(tmp, sources_dir)
    except InputError:
        tmp.unlink()
        if copied:
            dest.unlink()
        raise
    tmp.replace(cat_path)
