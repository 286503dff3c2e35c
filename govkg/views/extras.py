"""The publication hooks that read the finished graph from the staging directory:
networkx exports, figures, then the HTML page (last, so it links every download);
and ``build.py export``, which rewrites them for an existing release through
publish (its lock, staging and atomic swap)."""

from __future__ import annotations

from pathlib import Path

from govkg.core.errors import InputError
from govkg.publish import release
from govkg.views.export import write_exports
from govkg.views.figures import write_figures
from govkg.views.page import write_index


def hooks():
    return [write_exports, write_figures, write_index]


def write_all(dist: Path) -> None:
    """Graphs, figures, then the page (last, so it links every file)."""
    for hook in hooks():
        hook(dist)


def main_export(args) -> int:
    """``build.py export [--dist DIR]``: rebuild graphs, figures and page of DIR/govkg.nt.

    publish.release.republish works on a copy of the live release and swaps it in
    atomically, so a failure or a kill leaves DIR as it was.
    """
    dist = Path(getattr(args, "dist", None) or "dist")
    if not (dist / "govkg.nt").is_file():
        raise InputError(f"{dist / 'govkg.nt'}: published graph not found (run `build.py build` first)")
    release.republish(dist, write_all, drop=("graphs", "figures"))
    return 0
