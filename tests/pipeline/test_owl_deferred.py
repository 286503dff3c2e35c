"""The gate's OWL check runs under HermiT while the release is written
(govkg.gate.check owl_later; publish waits for it before the swap): a verdict that
arrives late must still stop the publication and leave the previous dist/ as it was."""

from __future__ import annotations

import shutil
import threading
import time

import pytest

from govkg.core.errors import ValidationFailed
from govkg.gate import check
from govkg.pipeline import build
from tests.conftest import ROOT


def test_a_late_owl_failure_publishes_nothing(tmp_path, monkeypatch):
    shutil.copytree(ROOT / "data", tmp_path / "data")
    dist = tmp_path / "dist"
    build(tmp_path / "data" / "corpus.toml", dist, quiet=True, extras=False)
    before = dist.resolve()
    catalog = tmp_path / "data" / "corpus.toml"
    text = catalog.read_text(encoding="utf-8")
    assert text.count('title = "') >= 1
    # a change to the graph (the dataset's title), so that the new release would differ
    catalog.write_text(text.replace('title = "', 'title = "Changed: ', 1), encoding="utf-8")
    started, threads = threading.Event(), []

    def slow_inconsistent(root, data):
        threads.append(threading.current_thread().name)
        started.set()
        time.sleep(2)  # the release is being written meanwhile
        raise ValidationFailed("OWL: the ontology plus data is inconsistent under HermiT: (simulated)")

    monkeypatch.setattr(check, "owl_check", slow_inconsistent)
    with pytest.raises(ValidationFailed, match="simulated"):
        build(tmp_path / "data" / "corpus.toml", dist, quiet=True, extras=False)
    assert started.is_set() and threads[0].startswith("govkg-hermit")  # it did run beside publication
    assert dist.resolve() == before  # the previous release is still live
    releases = [p.name for p in (tmp_path / ".dist.releases").iterdir()]
    assert releases == [before.name]  # and no staging folder is left behind


def test_owl_runs_in_place_for_validate(tmp_path, monkeypatch):
    """`build.py validate` has nothing to overlap: the check runs before it answers."""
    calls = []
    monkeypatch.setattr(check, "owl_check", lambda root, data: calls.append(threading.current_thread().name))
    nt = tmp_path / "one.nt"
    nt.write_text("<https://w3id.org/govkg/id/x> <http://www.w3.org/2000/01/rdf-schema#label> \"x\" .\n")
    assert check.main_validate(str(nt), out=open(tmp_path / "out.txt", "w")) == 0
    assert calls == [threading.main_thread().name]
