"""`build.py add FILE --work ID`: copy a document into data/sources/ and write its
catalog entry (a new work when ID is new, a new copy of that work when it exists).
The catalog keeps its comments and layout (tomlkit)."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from pathlib import Path

import tomlkit

from . import catalog as catalog_mod
from .errors import InputError
from .ids import check_id, slugify
from .readers.common import detect_lang


def _guess_format(text: str) -> str:
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if lines and sum(1 for ln in lines if ln.count("|") >= 2) >= max(2, len(lines) // 2):
        return "table"
    return "plain"


def add(args) -> None:
    src = Path(args.file)
    if not src.is_file():
        raise InputError(f"{src}: file not found")
    data = src.read_bytes()
    text = catalog_mod.decode_source(src, data)
    cat_path = Path(args.catalog)
    sources_dir = Path(args.sources) if args.sources else cat_path.parent / "sources"
    cat = catalog_mod.load(cat_path, sources_dir)
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
    if args.date:
        try:
            date = dt.date.fromisoformat(args.date)
        except ValueError:
            raise InputError(f"--date {args.date!r} is not YYYY-MM-DD") from None
    else:
        date = None

    if work_id not in cat.works and not date:
        raise InputError(f"--work {work_id} is a new work: give its issue date with --date YYYY-MM-DD")
    doc = tomlkit.parse(cat_path.read_text(encoding="utf-8"))
    if work_id not in cat.works:
        first = next((ln.strip() for ln in text.splitlines() if ln.strip()), work_id)
        work = tomlkit.table()
        work["id"] = work_id
        title = tomlkit.inline_table()
        title[lang] = args.title or first[:200]
        work["title"] = title
        if args.issuer:
            work["issuer"] = args.issuer
        if date:
            work["date"] = date
        work["kind"] = args.kind or "document"
        doc.setdefault("works", tomlkit.aot()).append(work)
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
    doc.setdefault("sources", tomlkit.aot()).append(entry)
    if not dest.exists():
        shutil.copyfile(src, dest)
    tmp = cat_path.with_suffix(".toml.tmp")
    tmp.write_text(tomlkit.dumps(doc), encoding="utf-8")
    try:
        catalog_mod.load(tmp, sources_dir)
    except InputError:
        tmp.unlink()
        raise
    tmp.replace(cat_path)
    print(f"added {name} as source '{sid}' of work '{work_id}' ({lang}, {fmt}) to {cat_path}")
