"""What the link modules share: the tuning constants, the Link record (one
cross-document link with its score, method and explanation), text normalisation for
comparing texts across scripts (OpenCC t2s) and the derived-text converter."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import lru_cache

from pyoxigraph import Literal, NamedNode

from govkg.core.namespaces import GOV, RDF, XSD
from govkg.core.text import to_simplified
from govkg.structure.align import AlignedWork, key

TYPE = NamedNode(RDF + "type")
RELATED_THRESHOLD = 0.17  # chosen on tests/data/related-gold.yaml (see tests/link/test_link.py)
LEXICAL_WEIGHT = 0.5
TOP_FEATURES = 40  # per clause, for blocking
MAX_POSTING = 1000  # n-grams in more clauses than this do not block
MIN_SHARED = 2  # distinctive n-grams a candidate pair must share
MAX_CANDIDATES = 50  # per clause
MAX_RELATED = 8  # related links kept per provision: its best-scoring ones (keeps the graph linear)
MIN_IDENTICAL_CHARS = 20
RELATED_METHOD = ("char-ngram-tfidf-cosine (en: char 3-5 within words' context; zh: char 2-3 after OpenCC t2s; "
                  "best clause pair) x0.5 + principle-jaccard x0.5; inverted-index blocking")
IDENTICAL_METHOD = "normalised-text-equality (OpenCC t2s, casefold, letters and digits only)"
BEADS = {(1, 1): 0.0, (1, 2): 1.0, (2, 1): 1.0, (1, 3): 2.0, (3, 1): 2.0, (2, 2): 3.0, (1, 0): 4.0, (0, 1): 4.0}


def g(name: str) -> NamedNode:
    return NamedNode(GOV + name)


def decimal(x: float) -> Literal:
    return Literal(f"{x:.3f}", datatype=NamedNode(XSD + "decimal"))


@lru_cache(maxsize=1)
def converter() -> tuple[str, str]:
    """(label, version) of the script converter used for derived texts."""
    from importlib.metadata import version

    return "OpenCC", version("OpenCC")


def t2s(text: str) -> str:
    return to_simplified(text)




@dataclass
class Link:
    kind: str  # identical | related
    a: str  # IRIs; a is the earlier work's unit when known
    b: str
    score: float
    method: str
    terms: list[tuple[str, str]] = field(default_factory=list)  # (phrase, lang)
    principles: list[str] = field(default_factory=list)  # principle slugs
    comment: str = ""
    derived: bool = False  # b's text derives from a's (a issued first)

    @property
    def iri_suffix(self) -> str:
        return hashlib.sha1(f"{self.kind}|{self.a}|{self.b}".encode()).hexdigest()[:16]


def norm(text: str, lang: str) -> str:
    return key(t2s(text) if lang.startswith("zh") else text)


def issued_order(aw_a: AlignedWork, aw_b: AlignedWork) -> tuple[bool, str]:
    da, db = aw_a.work.date, aw_b.work.date
    if da and db and da != db:
        first = (aw_b if da > db else aw_a).work.id
        return da > db, f"{first} was issued first ({min(da, db)}, the other {max(da, db)})"
    return False, "which came first is unknown (no or equal dct:issued)"
