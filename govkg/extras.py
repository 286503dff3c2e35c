"""The publication hooks that read the finished graph from the staging directory:
networkx exports, figures, then the HTML page (last, so it links every download)."""

from .export import write_exports
from .figures import write_figures
from .html_page import write_index


def hooks():
    return [write_exports, write_figures, write_index]
