"""The publication hook that reads the finished graph from the staging directory and
writes what people look at: networkx exports, figures, then the HTML page (last, so it
links every download), all from one load of govkg.nt; and ``build.py export``, which
rewrites them for an existing release through publish (its lock, staging and atomic swap)."""

from __future__ import annotations

from pathlib import Path

from govkg.core.errors import InputError
from govkg.publish import release
from govkg.views.export import GraphData, write_exports
from govkg.views.figures import write_figures
from govkg.views.page import write_index


def write_views(dist: Path) -> None:
    """Graphs, figures, then the page (last, so it links every file), sharing one loaded graph
    (each loading govkg.nt again cost 5 s at 1,000 documents)."""
    dist = Path(dist)
    data = GraphData.load(dist / "govkg.nt")
    for write in (write_exports, write_figures, write_index):
        write(dist, data)


def hooks():
    return [write_views]


def write_all(dist: Path) -> None:
    """Every hook, in order, on ``dist``."""
    for hook in hooks():
        hook(dist)


def main_export(args) -> int:
    """``build.py export [--dist DIR]``: rebuild graphs, figures and pages of DIR/govkg.nt
    (the old graphs/, figures/ and works/ are dropped first).

    publish.release.republish works on a copy of the live release and swaps it in
    atomically, so a failure or a kill leaves DIR as it was.
    """
    dist = Path(getattr(args, "dist", None) or "dist")
    if not (dist / "govkg.nt").is_file():
        raise InputError(f"{dist / 'govkg.nt'}: published graph not found (run `build.py build` first)")
    release.republish(dist, write_all, drop=("graphs", "figures", "works"))
    return 0
