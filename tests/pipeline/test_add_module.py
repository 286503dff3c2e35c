"""govkg/add.py, called directly: catalog entries, language detection, id checks and refusals."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import tomllib
from pathlib import Path
from types import SimpleNamespace

import pytest
import tomlkit

from govkg import add as add_mod
from govkg.core.errors import InputError
from govkg.core.model import Work
from govkg.core.namespaces import ID
from govkg.ingest import catalog as catalog_mod

ROOT = Path(__file__).resolve().parents[2]

ENGLISH = "  The   Harbour   Charter  \n\nProviders should publish safety reports.\n\nProviders must not sell data.\n"
SIMPLIFIED = "可信机器人宪章\n\n机器人正在进入家庭。制造者应当测试每一型号。\n"
TRADITIONAL = "可信機器人憲章\n\n機器人正在進入家庭。製造者應當測試每一型號。\n"

SMALL_CATALOG = """# my hand-written catalog
# (a second comment line)

[dataset]
title = "small"
base = "https://example.org/id/"

[[works]]
id = "w"
title = { en = "The Work" }
date = 2024-01-01
kind = "document"

[[sources]]
id = "w-en"
file = "w.txt"
works = ["w"]
languages = ["en"]
format = "plain"
"""


def make_args(file, catalog, **kw):
    """What the `add` subcommand hands to add(): every attribute it reads."""
    base = dict(file=Path(file), catalog=Path(catalog), sources=None, work="new-work", source_id=None, title=None,
                lang=None, date=None, issuer=None, kind=None, format=None, publisher=None, url=None)
    unknown = set(kw) - set(base)
    assert not unknown, unknown
    base.update(kw)
    return SimpleNamespace(**base)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def small_catalog(tmp_path: Path) -> Path:
    cat = tmp_path / "corpus" / "corpus.toml"
    (cat.parent / "sources").mkdir(parents=True)
    write(cat.parent / "sources" / "w.txt", "The Work\n\nMembers should test.\n")
    return write(cat, SMALL_CATALOG)


def snapshot(folder: Path) -> dict:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def refused(args, tmp_path: Path, *words) -> str:
    """add(args) raises one InputError line holding `words`; nothing under tmp_path/corpus changes."""
    before = snapshot(tmp_path / "corpus") if (tmp_path / "corpus").exists() else {}
    with pytest.raises(InputError) as info:
        add_mod.add(args)
    msg = str(info.value)
    assert "\n" not in msg, msg
    for w in words:
        assert str(w) in msg, (w, msg)
    after = snapshot(tmp_path / "corpus") if (tmp_path / "corpus").exists() else {}
    assert after == before, "a refused add changed the catalog or the sources folder"
    return msg


# ── _guess_format ────────────────────────────────────────────────────────────────

@pytest.mark.parametrize("text, fmt", [
    ("a | b | c\nd | e | f\ng | h | i\n", "table"),
    ("Title\n\nen | zh | note\nfirst | 第一 | x\n", "table"),  # 2 of 3 lines hold two bars
    ("Title\n\nA paragraph of prose.\n\nAnother one.\n", "plain"),
    ("one | two | three\n", "plain"),  # a single line is never a table
    ("a | b\nc | d\ne | f\n", "plain"),  # one bar a line: not table rows
    ("Title\nx | y | z\nprose\nmore prose\nand more\nand more still\n", "plain"),  # 1 of 6
])
def test_guess_format(text, fmt):
    assert add_mod._guess_format(text) == fmt


# ── a new catalog ────────────────────────────────────────────────────────────────

def test_new_catalog_text_takes_the_seed_header_and_dataset():
    text = add_mod.new_catalog_text()
    seed = (ROOT / "data" / "corpus.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    assert data["dataset"] == tomllib.loads(seed)["dataset"]
    assert "works" not in data and "sources" not in data
    first_comment = seed.splitlines()[0]
    assert text.startswith(first_comment) and "worked example" in text


def test_new_catalog_text_without_a_seed_uses_the_fallback(monkeypatch, tmp_path):
    monkeypatch.setattr(add_mod, "SEED_CATALOG", tmp_path / "no-such.toml")
    text = add_mod.new_catalog_text()
    assert text.startswith("# govkg corpus catalog")
    assert tomllib.loads(text)["dataset"] == {"title": "govkg corpus", "base": ID}


def test_new_catalog_text_seed_without_base_gets_the_default_base(monkeypatch, tmp_path):
    seed = write(tmp_path / "seed.toml", '# my header\n\n[dataset]\ntitle = "mine"\n')
    monkeypatch.setattr(add_mod, "SEED_CATALOG", seed)
    text = add_mod.new_catalog_text()
    assert text.startswith("# my header")
    assert tomllib.loads(text)["dataset"] == {"title": "mine", "base": ID}


def test_open_catalog_missing_or_blank_starts_a_new_one(tmp_path, capsys):
    for path in (tmp_path / "missing.toml", write(tmp_path / "blank.toml", "  \n\n")):
        doc, cat = add_mod.open_catalog(path, tmp_path / "sources")
        assert (cat.works, cat.sources) == ({}, {})
        assert cat.base == ID and doc["dataset"]["base"] == ID
        assert f"starting a new catalog at {path}" in capsys.readouterr().out


def test_open_catalog_reads_a_catalog_with_no_sources_yet(tmp_path):
    path = write(tmp_path / "c.toml", '[dataset]\nbase = "https://example.org/id/"\n\n[[works]]\nid = "x"\n'
                                      'title = "X"\ndate = 2024-01-01\n')
    doc, cat = add_mod.open_catalog(path, tmp_path / "sources")
    assert list(cat.works) == ["x"] and cat.sources == {} and cat.base == "https://example.org/id/"
    assert doc["works"][0]["id"] == "x"


def test_open_catalog_refuses_a_folder(tmp_path):
    (tmp_path / "c.toml").mkdir()
    with pytest.raises(InputError, match="the catalog is not a file") as info:
        add_mod.open_catalog(tmp_path / "c.toml", tmp_path / "sources")
    assert str(tmp_path / "c.toml") in str(info.value)


# ── a new English work: the catalog entries ──────────────────────────────────────

def test_new_english_work_entries(tmp_path, capsys):
    cat = tmp_path / "corpus" / "corpus.toml"
    src = write(tmp_path / "Harbour Charter (v2).txt", ENGLISH)
    add_mod.add(make_args(src, cat, work="harbour-charter", date="2025-01-02", issuer="Harbour Guild",
                          kind="principles", url="https://example.org/charter"))
    data = tomllib.loads(cat.read_text(encoding="utf-8"))
    assert data["works"] == [{"id": "harbour-charter", "title": {"en": "The Harbour Charter"},
                              "issuer": "Harbour Guild", "date": dt.date(2025, 1, 2), "kind": "principles"}]
    assert data["sources"] == [{
        "id": "harbour-charter-v2", "file": "Harbour Charter (v2).txt", "works": ["harbour-charter"],
        "languages": ["en"], "format": "plain", "publisher": "Harbour Guild", "url": "https://example.org/charter",
        "date": dt.date(2025, 1, 2), "sha256": hashlib.sha256(ENGLISH.encode("utf-8")).hexdigest()}]
    assert (cat.parent / "sources" / src.name).read_bytes() == src.read_bytes()
    out = capsys.readouterr().out
    assert (f"added {src.name} as source 'harbour-charter-v2' of work 'harbour-charter' (en, plain) to {cat}"
            in out)
    loaded = catalog_mod.load(cat)  # sha256 and all: a valid catalog
    assert loaded.works["harbour-charter"].titles == {"en": "The Harbour Charter"}


def test_new_work_defaults_and_explicit_choices(tmp_path):
    cat = tmp_path / "corpus" / "corpus.toml"
    src = write(tmp_path / "plain.txt", ENGLISH)
    add_mod.add(make_args(src, cat, work="w2", date="2024-02-03", source_id="my.source_1", title="  Given   Title ",
                          publisher="Some Publisher", format="web", sources=tmp_path / "elsewhere"))
    data = tomllib.loads(cat.read_text(encoding="utf-8"))
    [work], [source] = data["works"], data["sources"]
    assert work["kind"] == "document", "no --kind: the generic kind"
    assert "issuer" not in work and "url" not in source
    assert work["title"] == {"en": "Given Title"} and "alternative" not in work, \
        "--title wins over the first line, which is not kept"
    assert (source["id"], source["format"], source["publisher"]) == ("my.source_1", "web", "Some Publisher")
    assert (tmp_path / "elsewhere" / "plain.txt").is_file() and not (cat.parent / "sources").exists()


def test_source_id_from_a_file_name_without_latin_letters(tmp_path):
    cat = tmp_path / "corpus" / "corpus.toml"
    src = write(tmp_path / "宪章.txt", SIMPLIFIED)
    add_mod.add(make_args(src, cat, work="charter", date="2024-01-01"))
    [source] = tomllib.loads(cat.read_text(encoding="utf-8"))["sources"]
    assert source["id"] == "source-" + hashlib.sha256(SIMPLIFIED.encode("utf-8")).hexdigest()[:10]


def test_table_file_is_guessed_as_table(tmp_path):
    cat = tmp_path / "corpus" / "corpus.toml"
    src = write(tmp_path / "t.txt", "en | zh | x\nShould test. | 应当测试。 | 1\nMust not sell. | 不得出售。 | 2\n")
    add_mod.add(make_args(src, cat, work="t", date="2024-01-01", lang="en"))
    assert tomllib.loads(cat.read_text(encoding="utf-8"))["sources"][0]["format"] == "table"


def test_new_copy_of_a_catalog_work_adds_only_a_source(tmp_path, capsys):
    cat = small_catalog(tmp_path)
    src = write(tmp_path / "copy.txt", "The Work\n\nMembers should test again.\n")
    add_mod.add(make_args(src, cat, work="w", issuer="A Body", kind="principles"))  # no --date: not a new work
    text = cat.read_text(encoding="utf-8")
    data = tomllib.loads(text)
    assert [w["id"] for w in data["works"]] == ["w"]
    assert (data["works"][0]["issuer"], data["works"][0]["kind"]) == ("A Body", "principles")
    assert [(s["id"], s["works"]) for s in data["sources"]] == [("w-en", ["w"]), ("copy", ["w"])]
    assert "date" not in data["sources"][1]
    out = capsys.readouterr().out
    assert "issuer 'A Body' filled in" in out and "kind 'principles' filled in" in out


def test_the_catalog_keeps_its_comments_and_layout(tmp_path):
    cat = small_catalog(tmp_path)
    src = write(tmp_path / "copy.txt", "The Work\n\nMembers should test again.\n")
    add_mod.add(make_args(src, cat, work="w"))
    text = cat.read_text(encoding="utf-8")
    assert text.startswith(SMALL_CATALOG), "what was there is kept as written"
    added = text[len(SMALL_CATALOG):]
    assert added.startswith("\n[[sources]]"), "a blank line before the new table"


# ── language detection ───────────────────────────────────────────────────────────

@pytest.mark.parametrize("text, lang", [(ENGLISH, "en"), (SIMPLIFIED, "zh-Hans"), (TRADITIONAL, "zh-Hant")])
def test_language_is_detected_when_not_given(tmp_path, text, lang):
    cat = tmp_path / "corpus" / "corpus.toml"
    src = write(tmp_path / "doc.txt", text)
    add_mod.add(make_args(src, cat, work="doc", date="2024-01-01"))
    data = tomllib.loads(cat.read_text(encoding="utf-8"))
    assert data["sources"][0]["languages"] == [lang]
    first = next(ln for ln in text.splitlines() if ln.strip())
    assert data["works"][0]["title"] == {lang: " ".join(first.split())}, "the first line, in the file's language"


def test_a_given_language_wins(tmp_path):
    cat = tmp_path / "corpus" / "corpus.toml"
    src = write(tmp_path / "doc.txt", SIMPLIFIED)
    add_mod.add(make_args(src, cat, work="doc", date="2024-01-01", lang="zh-Hant"))
    assert tomllib.loads(cat.read_text(encoding="utf-8"))["sources"][0]["languages"] == ["zh-Hant"]


@pytest.mark.parametrize("title, file_lang, lang", [
    ("The  Charter ", "zh-Hans", "en"),          # Latin script: English, whatever the file
    ("全球人工智能治理倡议", "en", "zh-Hans"),       # 议: simplified
    ("全球人工智能治理倡議", "en", "zh-Hant"),       # 議: traditional
    ("人工智能", "zh-Hant", "zh-Hant"),             # the same in both scripts: the file's
    ("人工智能", "zh-Hans", "zh-Hans"),
])
def test_title_language_is_its_script(title, file_lang, lang):
    got = add_mod._title_for(SimpleNamespace(title=title), file_lang)
    assert got == (lang, " ".join(title.split()))


def test_title_for_none_and_empty():
    assert add_mod._title_for(SimpleNamespace(title=None), "en") is None
    with pytest.raises(InputError, match="--title is empty"):
        add_mod._title_for(SimpleNamespace(title=" \t "), "en")


def test_a_chinese_title_for_an_english_file_goes_under_its_language(tmp_path):
    cat = tmp_path / "corpus" / "corpus.toml"
    src = write(tmp_path / "doc.txt", ENGLISH)
    add_mod.add(make_args(src, cat, work="doc", date="2024-01-01", title="可信机器人宪章"))
    [work] = tomllib.loads(cat.read_text(encoding="utf-8"))["works"]
    assert work["title"] == {"zh-Hans": "可信机器人宪章"}


# ── titles ───────────────────────────────────────────────────────────────────────

def test_with_title_adds_a_missing_language():
    titles, alts = {"en": "A"}, {}
    assert add_mod._with_title(titles, alts, "zh-Hans", "甲", prefer_new=False) == "title (zh-Hans) '甲' added"
    assert titles == {"en": "A", "zh-Hans": "甲"} and alts == {}


@pytest.mark.parametrize("same", ["the global  initiative", "The Global Initiative!", "THE GLOBAL INITIATIVE"])
def test_with_title_the_same_title_is_nothing_new(same):
    titles, alts = {"en": "The Global Initiative"}, {}
    assert add_mod._with_title(titles, alts, "en", same, prefer_new=False) is None
    assert titles == {"en": "The Global Initiative"} and alts == {}


def test_with_title_a_known_alternative_is_nothing_new():
    titles, alts = {"en": "A"}, {"en": ["Other Title"]}
    assert add_mod._with_title(titles, alts, "en", "other title", prefer_new=True) is None
    assert titles == {"en": "A"} and alts == {"en": ["Other Title"]}


def test_with_title_keeps_or_replaces_the_title():
    titles, alts = {"en": "Old"}, {}
    assert add_mod._with_title(titles, alts, "en", "New", prefer_new=False) == "alternative title (en) 'New' recorded"
    assert titles == {"en": "Old"} and alts == {"en": ["New"]}
    titles, alts = {"en": "Old"}, {}
    assert add_mod._with_title(titles, alts, "en", "New", prefer_new=True) == "alternative title (en) 'Old' recorded"
    assert titles == {"en": "New"} and alts == {"en": ["Old"]}


# ── update_work / new_work on a tomlkit document ─────────────────────────────────

def work_doc(**fields):
    doc = tomlkit.document()
    table = tomlkit.table()
    for k, v in fields.items():
        table[k] = v
    doc["works"] = aot = tomlkit.aot()
    aot.append(table)
    return doc


def test_update_work_refuses_a_contradicting_issuer_naming_the_catalog(tmp_path):
    cat_path = tmp_path / "corpus.toml"
    work = Work("w", {"en": "W"}, issuer="Body A", kind="initiative")
    doc = work_doc(id="w", title={"en": "W"}, issuer="Body A", kind="initiative")
    with pytest.raises(InputError) as info:
        add_mod.update_work(doc, work, SimpleNamespace(issuer="Body B"), None, None, cat_path)
    msg = str(info.value)
    assert "'Body B'" in msg and "'Body A'" in msg and "'w'" in msg and str(cat_path) in msg and "\n" not in msg
    with pytest.raises(InputError) as info:
        add_mod.update_work(doc, work, SimpleNamespace(issuer=None), None, "principles", cat_path)
    msg = str(info.value)
    assert "'principles'" in msg and "'initiative'" in msg and str(cat_path) in msg
    assert doc["works"][0]["issuer"] == "Body A" and doc["works"][0]["kind"] == "initiative"


def test_update_work_same_issuer_and_kind_change_nothing(tmp_path):
    work = Work("w", {"en": "W"}, issuer="Body A", kind="initiative")
    doc = work_doc(id="w", title={"en": "W"}, issuer="Body A", kind="initiative")
    before = tomlkit.dumps(doc)
    notes = add_mod.update_work(doc, work, SimpleNamespace(issuer="Body A"), ("en", "w"), "initiative",
                                tmp_path / "c.toml")
    assert notes == [] and tomlkit.dumps(doc) == before


def test_update_work_document_kind_counts_as_lacking(tmp_path):
    work = Work("w", {"en": "W"}, kind="document")
    doc = work_doc(id="w", title={"en": "W"}, kind="document")
    notes = add_mod.update_work(doc, work, SimpleNamespace(issuer=None), ("zh-Hans", "甲"), "charter",
                                tmp_path / "c.toml")
    assert notes == ["kind 'charter' filled in", "title (zh-Hans) '甲' added"]
    assert doc["works"][0]["kind"] == "charter"
    assert dict(doc["works"][0]["title"]) == {"en": "W", "zh-Hans": "甲"}


def test_update_work_another_title_is_an_alternative(tmp_path):
    work = Work("w", {"en": "W"}, alternatives={"en": ("Older",)})
    doc = work_doc(id="w", title={"en": "W"})
    notes = add_mod.update_work(doc, work, SimpleNamespace(issuer=None), ("en", "Newer"), None, tmp_path / "c.toml")
    assert notes == ["alternative title (en) 'Newer' recorded"]
    assert dict(doc["works"][0]["title"]) == {"en": "W"}
    assert {k: list(v) for k, v in doc["works"][0]["alternative"].items()} == {"en": ["Older", "Newer"]}


def test_update_work_table_missing_is_one_line(tmp_path):
    with pytest.raises(InputError, match="'ghost' is declared but not found"):
        add_mod.update_work(work_doc(id="other", title={"en": "O"}), Work("ghost", {"en": "G"}),
                            SimpleNamespace(issuer=None), None, None, tmp_path / "c.toml")


def test_new_work_from_an_excerpt_keeps_its_metadata():
    known = Work("x", {"en": "Excerpt Title", "zh-Hans": "摘录"}, issuer="Body A", date="2019-05-22",
                 kind="principles", declared_in="source:agg")
    doc = tomlkit.document()
    notes = add_mod.new_work(doc, "x", SimpleNamespace(issuer=None), "Full Title\n\nText.\n", "en", None, None,
                             None, known)
    assert notes == []
    [work] = tomllib.loads(tomlkit.dumps(doc))["works"]
    assert work == {"id": "x", "title": {"en": "Excerpt Title", "zh-Hans": "摘录"}, "issuer": "Body A",
                    "date": dt.date(2019, 5, 22), "kind": "principles"}, "no --title: the first line is not used"


def test_new_work_from_an_excerpt_with_other_metadata():
    known = Work("x", {"en": "Excerpt Title"}, issuer="Body A", date="2019-05-22", declared_in="source:agg")
    doc = tomlkit.document()
    notes = add_mod.new_work(doc, "x", SimpleNamespace(issuer="Body B"), "Full\n", "en", ("en", "Full Title"),
                             "law", dt.date(2020, 1, 1), known)
    [work] = tomllib.loads(tomlkit.dumps(doc))["works"]
    assert work["title"] == {"en": "Full Title"} and work["alternative"] == {"en": ["Excerpt Title"]}
    assert (work["issuer"], work["date"], work["kind"]) == ("Body B", dt.date(2020, 1, 1), "law")
    assert notes == ["the excerpt names the issuer 'Body A'; the catalog now says 'Body B'",
                     "the excerpt dates the work 2019-05-22; the catalog now says 2020-01-01"]


def test_new_work_title_is_cut_at_200_characters():
    doc = tomlkit.document()
    long_line = "Word " * 100
    add_mod.new_work(doc, "x", SimpleNamespace(issuer=None), f"\n\n{long_line}\n", "en", None, None,
                     dt.date(2024, 1, 1), None)
    title = tomllib.loads(tomlkit.dumps(doc))["works"][0]["title"]["en"]
    assert title == " ".join(long_line.split())[:200]


def test_excerpt_work_is_the_aggregators_work_only():
    cat = catalog_mod.load(ROOT / "data" / "corpus.toml")
    [agg] = [s for s in cat.sources.values() if s.format == "aggregator"]
    raw = (ROOT / "data" / "sources" / agg.file).read_text(encoding="utf-8")
    work = add_mod.excerpt_work(cat, "oecd-principles-on-artificial-intelligence")
    assert work is not None and work.declared_in == f"source:{agg.id}"
    assert work.titles["en"] in raw and work.issuer in raw
    assert "oecd-principles-on-artificial-intelligence" not in cat.works, "the catalog itself is not changed"
    assert add_mod.excerpt_work(cat, "global-ai-governance-initiative") is None, "a catalog work"
    assert add_mod.excerpt_work(cat, "no-such-work") is None


# ── id checks ────────────────────────────────────────────────────────────────────

@pytest.mark.parametrize("flag, kw, bad", [
    ("--work", "work", "Bad Id!"), ("--work", "work", "a..b"), ("--work", "work", "-leading"),
    ("--work", "work", "x" * 81), ("--id", "source_id", "UPPER"), ("--id", "source_id", "with space"),
])
def test_bad_ids_are_refused(tmp_path, flag, kw, bad):
    cat = small_catalog(tmp_path)
    src = write(tmp_path / "doc.txt", ENGLISH)
    refused(make_args(src, cat, date="2024-01-01", **{kw: bad}), tmp_path, flag, repr(bad))


@pytest.mark.parametrize("good", ["a", "my.work_1-2", "9lives", "x" * 80])
def test_good_ids_are_accepted(tmp_path, good):
    cat = tmp_path / "corpus" / "corpus.toml"
    src = write(tmp_path / "doc.txt", ENGLISH)
    add_mod.add(make_args(src, cat, work=good, source_id=good, date="2024-01-01"))
    data = tomllib.loads(cat.read_text(encoding="utf-8"))
    assert data["works"][0]["id"] == good and data["sources"][0]["id"] == good


# ── refusals: one line, the file named, nothing written ─────────────────────────

def test_missing_file_is_refused(tmp_path):
    cat = small_catalog(tmp_path)
    refused(make_args(tmp_path / "nope.txt", cat, date="2024-01-01"), tmp_path, tmp_path / "nope.txt", "not found")


def test_a_folder_is_not_a_file(tmp_path):
    cat = small_catalog(tmp_path)
    (tmp_path / "dir.txt").mkdir()
    refused(make_args(tmp_path / "dir.txt", cat, date="2024-01-01"), tmp_path, tmp_path / "dir.txt")


@pytest.mark.parametrize("data, problem", [(b"", "empty"), (b" \n\n\t\n", "empty"),
                                           (b"Title\n\ncaf\xe9 text.\n", "UTF-8")])
def test_unreadable_files_are_refused(tmp_path, data, problem):
    cat = small_catalog(tmp_path)
    (tmp_path / "bad.txt").write_bytes(data)
    refused(make_args(tmp_path / "bad.txt", cat, date="2024-01-01"), tmp_path, tmp_path / "bad.txt", problem)


def test_unknown_kind_is_refused_naming_the_file(tmp_path):
    cat = small_catalog(tmp_path)
    src = write(tmp_path / "doc.txt", ENGLISH)
    refused(make_args(src, cat, date="2024-01-01", kind="edict"), tmp_path, src, "--kind", "'edict'")


def test_existing_source_id_is_refused(tmp_path):
    cat = small_catalog(tmp_path)
    src = write(tmp_path / "doc.txt", ENGLISH)
    refused(make_args(src, cat, date="2024-01-01", source_id="w-en"), tmp_path, cat, "'w-en'", "--id")


def test_another_file_of_the_same_name_is_refused(tmp_path):
    cat = small_catalog(tmp_path)
    write(cat.parent / "sources" / "doc.txt", "Something else\n\nentirely.\n")  # there, uncatalogued
    src = write(tmp_path / "doc.txt", ENGLISH)
    refused(make_args(src, cat, date="2024-01-01"), tmp_path, cat.parent / "sources" / "doc.txt", "different file")


def test_a_file_already_catalogued_is_refused(tmp_path):
    cat = small_catalog(tmp_path)
    src = tmp_path / "w.txt"
    shutil.copyfile(cat.parent / "sources" / "w.txt", src)  # the same bytes as the catalogued w.txt
    refused(make_args(src, cat, work="w", source_id="another"), tmp_path, cat, "w.txt", "already catalogued")


def test_bad_date_is_refused(tmp_path):
    cat = small_catalog(tmp_path)
    src = write(tmp_path / "doc.txt", ENGLISH)
    refused(make_args(src, cat, date="2024-13-01"), tmp_path, "--date", "'2024-13-01'", "YYYY-MM-DD")


def test_a_new_work_needs_a_date(tmp_path):
    cat = small_catalog(tmp_path)
    src = write(tmp_path / "doc.txt", ENGLISH)
    refused(make_args(src, cat, work="undated"), tmp_path, "undated", "--date")


def test_contradicting_issuer_is_refused_naming_the_catalog(tmp_path):
    cat = small_catalog(tmp_path)
    src = write(tmp_path / "doc.txt", ENGLISH)
    add_mod.add(make_args(src, cat, work="w", issuer="Body A"))
    src2 = write(tmp_path / "doc2.txt", ENGLISH + "More.\n")
    refused(make_args(src2, cat, work="w", issuer="Body B"), tmp_path, cat, "'Body B'", "'Body A'")


def test_a_catalog_that_would_not_load_is_not_written(tmp_path):
    cat = small_catalog(tmp_path)
    before = cat.read_bytes()
    doc = tomlkit.parse(cat.read_text(encoding="utf-8"))
    entry = tomlkit.table()
    for k, v in {"id": "orphan", "file": "orphan.txt", "works": ["no-such-work"], "languages": ["en"],
                 "format": "plain"}.items():
        entry[k] = v
    doc["sources"].append(entry)
    src = write(tmp_path / "orphan.txt", ENGLISH)
    dest = cat.parent / "sources" / "orphan.txt"
    with pytest.raises(InputError, match="no-such-work"):
        add_mod.write_catalog(doc, cat, cat.parent / "sources", src, dest)
    assert cat.read_bytes() == before
    assert not dest.exists(), "the file copied in is taken out again"
    assert not cat.with_suffix(".toml.tmp").exists()


def test_a_failed_write_keeps_a_file_that_was_already_there(tmp_path):
    cat = small_catalog(tmp_path)
    doc = tomlkit.parse(cat.read_text(encoding="utf-8"))
    doc["works"].append(tomlkit.parse('id = "w"\ntitle = "Duplicate"\n'))  # a duplicate work id
    dest = cat.parent / "sources" / "w.txt"
    with pytest.raises(InputError, match="duplicate work id 'w'"):
        add_mod.write_catalog(doc, cat, cat.parent / "sources", dest, dest)
    assert dest.is_file(), "a file the failed add did not copy stays"
