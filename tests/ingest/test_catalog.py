"""The catalog is canonical: every entry names an existing file with the right
SHA-256, valid language tags and declared works. Failures name the entry and say
how to fix it."""

from __future__ import annotations

import hashlib
import tomllib
from pathlib import Path

import pytest
from conftest import ROOT

from govkg.core import kinds, limits
from govkg.core.errors import InputError
from govkg.core.namespaces import LANGUAGES
from govkg.ingest import catalog

CATALOG = ROOT / "data" / "corpus.toml"
ENTRIES = tomllib.loads(CATALOG.read_text(encoding="utf-8"))
SOURCES = ENTRIES["sources"]


@pytest.mark.parametrize("entry", SOURCES, ids=[s["id"] for s in SOURCES])
def test_source_entry(entry):
    path = ROOT / "data" / "sources" / entry["file"]
    assert path.is_file(), f"source '{entry['id']}': {path} is missing"
    actual = hashlib.sha256(path.read_bytes()).hexdigest()
    assert entry.get("sha256") == actual, (
        f"source '{entry['id']}': sha256 in {CATALOG.name} is {entry.get('sha256')}, the file has {actual}; "
        f"fix: set sha256 = \"{actual}\" (or restore the file: sources are never edited)")
    for lang in entry["languages"]:
        assert lang in LANGUAGES, f"source '{entry['id']}': language {lang!r} not in {LANGUAGES}"
    declared = {w["id"] for w in ENTRIES["works"]}
    for w in entry.get("works", []):
        assert w in declared, f"source '{entry['id']}': work '{w}' is not declared in [[works]]"
    assert entry["format"] in catalog.FORMATS


def test_seed_files_are_byte_for_byte_the_seeds():
    seeds = ROOT.parent / "shared" / "seeds"
    if not seeds.is_dir():
        pytest.skip("../shared/seeds is not beside this clone")
    for s in SOURCES:
        assert (ROOT / "data" / "sources" / s["file"]).read_bytes() == (seeds / s["file"]).read_bytes()


def test_catalog_loads_and_every_work_is_carried():
    cat = catalog.load(CATALOG)
    carried = {w for s in cat.sources.values() for w in s.works}
    # a work no source lists must be one an aggregator quotes: its title is in that page
    quoted = "\n".join(catalog.read_source(cat, s) for s in cat.sources.values() if s.format == "aggregator")
    for wid in sorted(set(cat.works) - carried):
        assert any(t and t in quoted for t in cat.works[wid].titles.values()), f"work '{wid}' is carried by no source"


def test_readme_example_entry_is_valid(tmp_path):
    """The worked example in the catalog header, uncommented, is a valid catalog."""
    header = CATALOG.read_text(encoding="utf-8").split("[dataset]")[0]
    example = "\n".join(line[8:] for line in header.splitlines() if line.startswith("#       ") and "<-" not in line)
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "my-ethics-guidelines.txt").write_text(
        "My AI Ethics Guidelines\n\n1. Fairness\n\nAI systems should treat people fairly.\n", encoding="utf-8")
    (tmp_path / "corpus.toml").write_text(example, encoding="utf-8")
    cat = catalog.load(tmp_path / "corpus.toml")
    assert list(cat.works) == ["my-ethics-guidelines"] and list(cat.sources) == ["my-ethics-guidelines-en"]


def one_work_catalog(tmp_path, work_lines: str) -> Path:
    (tmp_path / "sources").mkdir(exist_ok=True)
    (tmp_path / "sources" / "a.txt").write_text("A title\n\nMembers should test.\n", encoding="utf-8")
    path = tmp_path / "corpus.toml"
    path.write_text(f'[[works]]\nid = "a"\ntitle = "A title"\ndate = 2024-01-01\n{work_lines}\n'
                    '[[sources]]\nid = "a-en"\nfile = "a.txt"\nworks = ["a"]\nlanguages = ["en"]\nformat = "plain"\n',
                    encoding="utf-8")
    return path


def test_unknown_kind_is_refused_naming_the_entry(tmp_path):
    path = one_work_catalog(tmp_path, 'kind = "edict"')
    with pytest.raises(InputError) as info:
        catalog.load(path)
    msg = str(info.value)
    assert "\n" not in msg and "[[works]] #1 'a'" in msg and "'edict'" in msg and "resolution" in msg, msg


def test_every_known_kind_loads(tmp_path):
    for kind in kinds.known():
        assert catalog.load(one_work_catalog(tmp_path, f'kind = "{kind}"')).works["a"].kind == kind


def test_alternative_titles_are_read_per_language(tmp_path):
    path = one_work_catalog(tmp_path, 'alternative = { en = ["B title", "C title"], zh-Hans = "乙标题" }')
    assert catalog.load(path).works["a"].alternatives == {"en": ("B title", "C title"), "zh-Hans": ("乙标题",)}
    for bad, word in (('alternative = "B title"', "'alternative'"), ('alternative = { fr = "B" }', "'fr'"),
                      ("alternative = { en = [1] }", "alternative.en")):
        with pytest.raises(InputError) as info:
            catalog.load(one_work_catalog(tmp_path, bad))
        assert word in str(info.value) and "'a'" in str(info.value), str(info.value)


def test_kinds_file_gives_every_kind_labels_and_a_definition():
    import rdflib
    from rdflib.namespace import RDF, SKOS

    g = rdflib.Graph().parse(kinds.KINDS_FILE)
    concepts = sorted(g.subjects(RDF.type, SKOS.Concept))
    assert sorted(str(c).rsplit("/", 1)[-1] for c in concepts) == list(kinds.known())
    for c in concepts:
        labels = {lit.language for lit in g.objects(c, SKOS.prefLabel)}
        definitions = {lit.language for lit in g.objects(c, SKOS.definition)}
        assert labels == {"en", "zh-Hans", "zh-Hant"} and {"en", "zh-Hans"} <= definitions, c
    # each trigger names one kind only, so a title never gets two
    triggers = [t for t, _ in kinds.triggers()]
    assert len(triggers) == len(set(triggers))


def test_infer_kind_reads_the_triggers():
    from govkg.structure.attribute import infer_kind

    assert infer_kind({"en": "Resolution 78/265 on AI"}) == "resolution"
    assert infer_kind({"zh-Hans": "生成式人工智能服务管理暂行办法"}) == "regulation"
    assert infer_kind({"en": "Hiroshima Process International Code of Conduct for Organizations"}) == "code-of-conduct"
    assert infer_kind({"en": "G20 AI Principles"}) == "principles"
    assert infer_kind({"en": "A paper"}) == "document"


SMALL = limits.Limits(max_source_bytes=1000, max_lines=10, max_paragraph_lines=3, max_chars_without_sentence_end=30)


@pytest.mark.parametrize("text, limit, where", [
    ("T" + "\n" * 10 + "a.", "max_lines", "11 lines"),
    ("T\n\nOne.\nTwo.\nThree.\nFour.\n", "max_paragraph_lines", "line 3 has 4 lines"),
    ("T\n\nOne.\n\n  " + "x" * 31 + "\n", "max_chars_without_sentence_end", "line 5 runs"),
    ("T\n\nOne.\n" + "x" * 20 + "\n" + "y" * 20 + ".\n", "max_chars_without_sentence_end", "line 4 runs"),
])
def test_limits_refuse_with_one_line(text, limit, where):
    with pytest.raises(InputError) as info:
        limits.check_text("doc.txt", text, SMALL)
    msg = str(info.value)
    assert "\n" not in msg and msg.startswith("doc.txt: ") and where in msg and f"limits.toml: {limit})" in msg, msg


@pytest.mark.parametrize("text", [
    "T" + "\n" * 9 + "a.\n",  # 10 lines
    "T\n\nOne.\nTwo.\nThree.\n\nFour.\n",  # paragraphs of 3 lines
    "T\n\n" + "x" * 29 + ".\n\n" + "y" * 30 + "\n\n" + "z" * 30 + "。",  # runs broken by ends and blank lines
])
def test_limits_accept_what_is_within(text):
    limits.check_text("doc.txt", text, SMALL)


def test_limits_file_is_checked(tmp_path):
    assert limits.load() == limits.LIMITS and limits.LIMITS.max_source_bytes == catalog.MAX_SOURCE_BYTES
    text = limits.LIMITS_TOML.read_text(encoding="utf-8")
    for bad, word in ((text.replace("max_lines = ", "max_lines = -"), "max_lines"), (text + "max_pages = 3\n", "max_pages")):
        (tmp_path / "limits.toml").write_text(bad, encoding="utf-8")
        with pytest.raises(InputError) as info:
            limits.load(tmp_path / "limits.toml")
        assert word in str(info.value)
