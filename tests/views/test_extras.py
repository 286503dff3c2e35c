"""Tests for govkg.views.extras (the publication hooks and `build.py export`)."""

from __future__ import annotations

import argparse
from pathlib import Path

import pyoxigraph as ox
import pytest

from govkg.core.errors import InputError
from govkg.publish import release
from govkg.views import export, extras, page

MINI = Path(__file__).parents[1] / "data" / "mini_graph.ttl"

GRAPHS = sorted(f"{name}.{fmt}" for name in ("commitments", "coverage", "rdf", "text")
                for fmt in ("graphml", "gexf", "json"))
FIGURES = sorted(f"{name}.{ext}" for name in ("commitments", "coverage", "text") for ext in ("png", "svg"))


def make_dist(directory: Path) -> Path:
    """A published dist holding only govkg.nt, the mini graph fixture (as tests/views/test_export.py makes it)."""
    directory.mkdir(parents=True, exist_ok=True)
    store = ox.Store()
    store.load(path=str(MINI), format=ox.RdfFormat.TURTLE)
    nt = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    (directory / "govkg.nt").write_bytes(b"\n".join(sorted(nt.splitlines())) + b"\n")
    return directory


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_hook_is_one_call_that_writes_exports_figures_then_page():
    assert extras.hooks() == [extras.write_views]


def test_write_views_loads_the_graph_once_and_writes_graphs_figures_then_page(tmp_path, monkeypatch):
    dist = make_dist(tmp_path / "dist")
    loads, real = [], export.GraphData.load
    monkeypatch.setattr(export.GraphData, "load", classmethod(lambda cls, nt: loads.append(nt) or real(nt)))
    extras.write_views(dist)
    assert loads == [dist / "govkg.nt"]
    assert sorted(p.name for p in (dist / "graphs").iterdir()) == GRAPHS
    assert sorted(p.name for p in (dist / "figures").iterdir()) == FIGURES
    index = (dist / "index.html").read_text(encoding="utf-8")  # written last: it links every graph and figure
    assert all(f'href="graphs/{g}"' in index for g in GRAPHS) and 'src="figures/text.svg"' in index


def test_write_all_runs_every_hook_in_order_on_the_folder(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(extras, "hooks", lambda: [lambda d: calls.append(("a", d)), lambda d: calls.append(("b", d)),
                                                  lambda d: calls.append(("c", d))])
    extras.write_all(tmp_path)
    assert calls == [("a", tmp_path), ("b", tmp_path), ("c", tmp_path)]


def test_write_all_stops_at_the_first_failing_hook(tmp_path, monkeypatch):
    calls = []

    def boom(d):
        raise RuntimeError("hook failed")

    monkeypatch.setattr(extras, "hooks", lambda: [lambda d: calls.append("a"), boom, lambda d: calls.append("c")])
    with pytest.raises(RuntimeError, match="hook failed"):
        extras.write_all(tmp_path)
    assert calls == ["a"]


@pytest.mark.parametrize("make", ["missing-folder", "empty-folder", "nt-is-a-folder"])
def test_export_refuses_a_folder_without_govkg_nt(tmp_path, make):
    dist = tmp_path / "dist"
    if make != "missing-folder":
        dist.mkdir()
    if make == "nt-is-a-folder":
        (dist / "govkg.nt").mkdir()
    before = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(InputError) as err:
        extras.main_export(argparse.Namespace(dist=dist))
    message = str(err.value)
    assert message == f"{dist / 'govkg.nt'}: published graph not found (run `build.py build` first)"
    assert len(message.splitlines()) == 1
    assert err.value.exit_code == 2
    # nothing was locked, staged or created
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_export_without_dist_means_dist_in_the_working_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError) as err:
        extras.main_export(argparse.Namespace())
    assert str(err.value) == "dist/govkg.nt: published graph not found (run `build.py build` first)"
    assert list(tmp_path.iterdir()) == []


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """A tiny published dist with stale views and an extra file, then `export` on it,
    with every hook wrapped to see where and in which order it ran."""
    dist = make_dist(tmp_path_factory.mktemp("extras") / "dist")
    (dist / "graphs").mkdir()
    (dist / "graphs" / "stale.graphml").write_text("old", encoding="utf-8")
    (dist / "figures").mkdir()
    (dist / "figures" / "stale.svg").write_text("old", encoding="utf-8")
    (dist / "index.html").write_text("old page", encoding="utf-8")
    (dist / "works").mkdir()  # the per-work pages of an earlier, larger release
    (dist / "works" / "n-work-gone.html").write_text("old page", encoding="utf-8")
    (dist / "README.txt").write_text("kept", encoding="utf-8")
    before = snapshot(dist)
    seen = []

    def wrap(hook):
        def run(stage):
            seen.append((hook.__name__, stage, dist.is_symlink(), sorted(snapshot(stage))))
            hook(stage)
        return run

    real = extras.hooks()
    mp = pytest.MonkeyPatch()
    mp.setattr(extras, "hooks", lambda: [wrap(h) for h in real])
    try:
        code = extras.main_export(argparse.Namespace(dist=dist))
    finally:
        mp.undo()
    return dist, before, seen, code


def test_export_runs_the_hooks_in_order_on_a_staging_copy(exported):
    dist, before, seen, code = exported
    assert code == 0
    assert [name for name, *_ in seen] == ["write_views"]
    stages = {stage for _, stage, _, _ in seen}
    assert len(stages) == 1
    stage = stages.pop()
    assert stage != dist and stage.parent == release.releases_dir(dist)
    assert not any(live for _, _, live, _ in seen)  # dist was still the old plain folder meanwhile
    first = seen[0][3]
    assert "govkg.nt" in first and "README.txt" in first and "index.html" in first
    assert not any(f.startswith(("graphs/", "figures/", "works/")) for f in first)  # the old views were dropped


def test_export_swaps_in_fresh_graphs_figures_and_page(exported):
    dist, before, _, _ = exported
    assert dist.is_symlink()
    assert dist.resolve().parent == release.releases_dir(dist).resolve()
    assert sorted(p.name for p in (dist / "graphs").iterdir()) == GRAPHS
    assert sorted(p.name for p in (dist / "figures").iterdir()) == FIGURES
    after = snapshot(dist)
    assert after["govkg.nt"] == before["govkg.nt"]
    assert after["README.txt"] == b"kept"
    assert not (dist / "works").exists()  # a small graph: one page, no stale work pages
    index = after["index.html"].decode("utf-8")
    assert index != "old page" and 'href="graphs/rdf.graphml"' in index and 'src="figures/coverage.svg"' in index
    assert not list(release.releases_dir(dist).glob("staging-*"))


def test_a_failing_hook_leaves_the_release_as_it_was(tmp_path, monkeypatch):
    dist = make_dist(tmp_path / "dist")
    (dist / "index.html").write_text("old page", encoding="utf-8")
    (dist / "graphs").mkdir()
    (dist / "graphs" / "old.json").write_text("{}", encoding="utf-8")
    before = snapshot(dist)

    def boom(stage):
        assert (stage / "graphs" / "rdf.graphml").is_file()  # the exports were written, in the stage
        raise RuntimeError("figures failed")

    monkeypatch.setattr(extras, "hooks", lambda: [export.write_exports, boom, page.write_index])
    with pytest.raises(RuntimeError, match="figures failed"):
        extras.main_export(argparse.Namespace(dist=dist))
    assert not dist.is_symlink() and dist.is_dir()
    assert snapshot(dist) == before
    assert not list(release.releases_dir(dist).glob("staging-*"))
