"""The project's paths, defined once: where the ontology, shapes, queries, rule files
(data/) and templates are read from, and the default catalog and dist/.

In a checkout these are the top-level folders beside the package; every module asks
here instead of computing its own root from `__file__`."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]
ROOT = PACKAGE.parent
DATA = ROOT / "data"
ONTOLOGY = ROOT / "ontology"
SHAPES = ROOT / "shapes"
QUERIES = ROOT / "queries"
TEMPLATES = PACKAGE / "views" / "templates"
CATALOG = DATA / "corpus.toml"
DIST = ROOT / "dist"
BUILD = ROOT / "build"
