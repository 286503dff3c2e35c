"""Tests for govkg.core.paths: the project's paths, defined once."""

from __future__ import annotations

import importlib
from pathlib import Path

from govkg.core import paths

CHECKOUT = Path(__file__).resolve().parents[2]


def test_root_is_the_checkout():
    assert paths.INSTALLED is False  # the installed layout: tests/test_install.py
    assert paths.ROOT == CHECKOUT
    assert (paths.ROOT / "pyproject.toml").is_file()
    assert paths.PACKAGE == CHECKOUT / "govkg"
    assert (paths.PACKAGE / "core" / "paths.py").is_file()


def test_every_path_is_absolute():
    for name in ("PACKAGE", "ROOT", "DATA", "ONTOLOGY", "SHAPES", "QUERIES", "TEMPLATES", "CATALOG", "DIST", "BUILD"):
        value = getattr(paths, name)
        assert isinstance(value, Path) and value.is_absolute(), name


def test_top_level_folders_beside_the_package():
    assert paths.DATA == CHECKOUT / "data"
    assert paths.ONTOLOGY == CHECKOUT / "ontology"
    assert paths.SHAPES == CHECKOUT / "shapes"
    assert paths.QUERIES == CHECKOUT / "queries"
    assert paths.DIST == CHECKOUT / "dist"
    assert paths.BUILD == CHECKOUT / "build"
    assert paths.CATALOG == CHECKOUT / "data" / "corpus.toml"
    assert paths.TEMPLATES == CHECKOUT / "govkg" / "views" / "templates"


def test_the_read_paths_hold_what_the_stages_read():
    assert paths.CATALOG.is_file()
    assert (paths.DATA / "limits.toml").is_file()
    assert (paths.ONTOLOGY / "govkg.ttl").is_file()
    assert (paths.ONTOLOGY / "kinds.ttl").is_file()
    assert paths.SHAPES.is_dir() and any(paths.SHAPES.iterdir())
    assert paths.QUERIES.is_dir() and any(paths.QUERIES.iterdir())
    assert (paths.TEMPLATES / "index.html.j2").is_file()


def test_paths_do_not_depend_on_the_working_directory(tmp_path, monkeypatch):
    before = {n: getattr(paths, n) for n in ("ROOT", "DATA", "CATALOG", "TEMPLATES")}
    monkeypatch.chdir(tmp_path)
    importlib.reload(paths)
    try:
        assert {n: getattr(paths, n) for n in before} == before
    finally:
        monkeypatch.undo()
        importlib.reload(paths)
