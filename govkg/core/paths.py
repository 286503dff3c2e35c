"""The project's paths, defined once: where the ontology, shapes, queries, rule files
(data/*.toml) and templates are read from, and the default catalog, dist/ and build/.

Two layouts, one set of names:

- a checkout (or an editable install of one): the top-level folders ontology/,
  shapes/, queries/ and data/ beside the package; the default catalog is
  data/corpus.toml, dist/ and build/ are in the checkout.
- an installed wheel: the build backend copies those folders into the package
  (pyproject.toml, [tool.hatch.build.targets.wheel.force-include]), so ROOT is the
  package's own directory, found through importlib.resources, and ``ROOT / "ontology"``
  means the same in both. The catalog and dist/ default to ``corpus.toml`` and
  ``dist/`` in the current folder, and build/ (caches only) to the user cache folder.

pip installs wheels unpacked, so the resources are real files: they are handed by
path to programs outside Python (``oxigraph load``, HermiT's JVM). Every module asks
here instead of computing its own root from ``__file__``.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

PACKAGE = Path(str(resources.files("govkg"))).resolve()
# The wheel holds the ontology inside the package; a checkout holds it beside.
INSTALLED = (PACKAGE / "ontology" / "govkg.ttl").is_file()
ROOT = PACKAGE if INSTALLED else PACKAGE.parent
DATA = ROOT / "data"
ONTOLOGY = ROOT / "ontology"
SHAPES = ROOT / "shapes"
QUERIES = ROOT / "queries"
TEMPLATES = PACKAGE / "views" / "templates"
if INSTALLED:
    CATALOG = Path.cwd() / "corpus.toml"
    DIST = Path.cwd() / "dist"
    BUILD = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache").resolve() / "govkg"
else:
    CATALOG = DATA / "corpus.toml"
    DIST = ROOT / "dist"
    BUILD = ROOT / "build"
