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
