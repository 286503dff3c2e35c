"""Shared fixtures: the seed graph is built once per test session."""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable


@dataclass
class Built:
    root: Path  # a copy of data/ lives here
    dist: Path
    nt: Path
    result: object  # pipeline.BuildResult

    def raw(self, path: str) -> str:
        with open(self.root / "data" / "sources" / path, encoding="utf-8", newline="") as fh:
            return fh.read()


def build_copy(tmp: Path, data: Path = ROOT / "data", **kw) -> Built:
    from govkg.pipeline import build

    shutil.copytree(data, tmp / "data")
    dist = tmp / "dist"
    result = build(tmp / "data" / "corpus.toml", dist, quiet=True, **kw)
    return Built(tmp, dist, dist / "govkg.nt", result)


@pytest.fixture(scope="session")
def seed_graph(tmp_path_factory) -> Built:
    return build_copy(tmp_path_factory.mktemp("seed"))


@pytest.fixture(scope="session")
def seed_store(seed_graph):
    import pyoxigraph as ox

    store = ox.Store()
    with open(seed_graph.nt, "rb") as fh:
        store.bulk_load(fh, ox.RdfFormat.N_TRIPLES)
    return store


def run_cli(*args, cwd=ROOT, timeout=600) -> subprocess.CompletedProcess:
    return subprocess.run([PY, str(ROOT / "build.py"), *map(str, args)], cwd=cwd, capture_output=True,
                          text=True, timeout=timeout)


ONE_SOURCE_CATALOG = """[dataset]
title = "one document"
base = "https://w3id.org/govkg/id/"

[[works]]
id = "doc"
title = {{ {lang} = "{title}" }}
issuer = "Test issuer"
date = 2024-01-01
kind = "document"

[[sources]]
id = "doc-src"
file = "{file}"
works = ["doc"]
languages = ["{lang}"]
format = "plain"
"""


def one_source_catalog(folder: Path, text: str, lang: str, title: str, file: str = "doc.txt") -> Path:
    """A catalog of one plain-text work (id "doc") whose one source holds ``text``."""
    (folder / "sources").mkdir(exist_ok=True)
    (folder / "sources" / file).write_text(text, encoding="utf-8")
    path = folder / "corpus.toml"
    path.write_text(ONE_SOURCE_CATALOG.format(lang=lang, title=title.replace('"', '\\"'), file=file), encoding="utf-8")
    return path


def english_work(*texts: str):
    """A stand-in aligned work whose provisions each hold one English clause (the
    shape extraction reads the speaking body from)."""
    from types import SimpleNamespace

    return SimpleNamespace(provisions=[SimpleNamespace(clauses={"en": [SimpleNamespace(canonical=t)]})
                                       for t in texts])


# ── the fast subset (`make test-fast`: pytest -m "not slow") ─────────────────────────
# Slow: a module that builds whole corpora, starts servers or browsers, runs HermiT or
# fuzzes (listed here), and any test that needs the seed graph (one full build).
SLOW_MODULES = {
    "pipeline/test_build.py", "pipeline/test_bad_input.py", "pipeline/test_fuzz_build.py", "pipeline/test_scale.py",
    "pipeline/test_add.py", "pipeline/test_add_join.py", "pipeline/test_readme.py", "publish/test_crash.py",
    "pipeline/test_owl_deferred.py",
    "views/test_browser.py", "serve/test_endpoint_safety.py", "serve/test_queries.py", "extract/test_eval.py",
    "gate/test_ontology.py", "ingest/test_fuzz.py", "test_architecture.py", "gate/test_differential.py",
    # pyshacl per fixture, small builds, HermiT or a subprocess per test (measured: 1-15 s each)
    "gate/test_gate_graph.py", "gate/test_validate.py", "gate/test_unsupported.py", "publish/test_publish.py",
    "views/test_export.py", "views/test_figures.py", "serve/test_bench_queries.py", "ingest/test_fs_safety.py", "core/test_rdf_input.py",
    "serve/test_page_query.py", "test_install.py",  # a browser on the live server; a wheel in a fresh venv
}
# Slow tests in otherwise fast modules (module::function; every parameter of it).
SLOW_TESTS = {
    "gate/test_shapes.py::test_invalid_fixture_fires_exactly_its_shape",
    "structure/test_align.py::test_new_simplified_chinese_copy_aligns_with_no_code_change",
    "structure/test_align.py::test_copy_that_cannot_be_aligned_is_reported_not_forced",
    "structure/test_align.py::test_language_without_partner_and_other_structure_is_reported",
    "structure/test_align.py::test_language_without_partner_aligns_by_order_with_lower_confidence",
    "structure/test_align.py::test_new_retyped_english_copy_aligns_and_its_typos_are_variants",
}


def pytest_collection_modifyitems(config, items):
    tests = Path(__file__).resolve().parent
    modules = {}
    for item in items:
        path = Path(str(item.fspath)).resolve()
        name = str(path.relative_to(tests)) if path.is_relative_to(tests) else path.name
        test = f"{name}::{getattr(item, 'originalname', item.name)}"
        if getattr(item, "module", None) is not None:
            modules[name] = item.module
        if name in SLOW_MODULES or test in SLOW_TESTS or "seed_graph" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)
    stale = sorted(m for m in SLOW_MODULES if not (tests / m).is_file())
    stale += sorted(t for t in SLOW_TESTS if (m := modules.get(t.split("::")[0])) and not hasattr(m, t.split("::")[1]))
    if stale:  # a renamed test would silently become fast
        raise pytest.UsageError(f"tests/conftest.py SLOW_TESTS names tests that do not exist: {', '.join(stale)}")
