"""govkg: a knowledge graph of governance commitments."""

__version__ = "0.1.0"
