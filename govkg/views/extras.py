"""The publication hooks that read the finished graph from the staging directory:
networkx exports, figures, then the HTML page (last, so it links every download)."""

from govkg.views.export import write_exports
from govkg.views.figures import write_figures
from govkg.views.page import write_index


def hooks():
    return [write_exports, write_figures, write_index]
