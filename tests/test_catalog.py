"""The catalog is canonical: every entry names an existing file with the right
SHA-256, valid language tags and declared works. Failures name the entry and say
how to fix it."""

from __future__ import annotations

import hashlib
import tomllib

import pytest

from conftest import ROOT
from govkg import catalog
from govkg.namespaces import LANGUAGES

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
    assert set(cat.works) <= carried | {s for s in cat.works if any(src.format == "aggregator" for src in cat.sources.values())}


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
