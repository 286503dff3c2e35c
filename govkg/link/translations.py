"""Translations inside one provision: the clauses of two languages aligned by a
length-based monotone dynamic programme (Gale–Church style beads 1-1, 1-2, 2-1, 1-3,
3-1, 2-2) and linked with gov:translationOf. A Simplified Chinese text that no source
attests is published only as a gov:DerivedText (OpenCC t2s, with converter and
version), never as gov:text."""

from __future__ import annotations

import math

from pyoxigraph import Literal, NamedNode, Triple

from govkg.core.ids import Minter
from govkg.core.namespaces import DCT, PROV, RDFS
from govkg.link.common import BEADS, TYPE, converter, g, t2s


def _length(text: str, lang: str) -> int:
    return sum(1 for c in text if not c.isspace()) if lang.startswith("zh") else len(text)


def sentence_beads(a: list[str], la: str, b: list[str], lb: str) -> list[tuple[list[int], list[int]]]:
    """Monotone alignment of two clause lists by length (indices into a and b)."""
    A = [_length(t, la) for t in a]
    B = [_length(t, lb) for t in b]
    ratio = sum(B) / max(1, sum(A))
    n, m = len(a), len(b)
    cost = {(0, 0): 0.0}
    back: dict[tuple[int, int], tuple[int, int]] = {}
    for i in range(n + 1):
        for j in range(m + 1):
            if (i, j) not in cost:
                continue
            for (di, dj), penalty in BEADS.items():
                ii, jj = i + di, j + dj
                if ii > n or jj > m:
                    continue
                c = cost[(i, j)] + penalty
                if di and dj:
                    c += 4 * abs(math.log((sum(B[j:jj]) + 1) / (sum(A[i:ii]) * ratio + 1)))
                if c < cost.get((ii, jj), math.inf) - 1e-12:
                    cost[(ii, jj)] = c
                    back[(ii, jj)] = (i, j)
    beads, pos = [], (n, m)
    while pos != (0, 0):
        prev = back[pos]
        beads.append((list(range(prev[0], pos[0])), list(range(prev[1], pos[1]))))
        pos = prev
    return beads[::-1]


def translation_triples(result, minter: Minter | None = None) -> list[Triple]:
    m = minter or Minter(result.catalog.base)
    out: list[Triple] = []
    name, version = converter()
    for aw in sorted(result.aligned, key=lambda a: a.work.id):
        wid = aw.work.id
        for prov in aw.provisions:
            langs = sorted(prov.clauses)
            for x, la in enumerate(langs):
                for lb in langs[x + 1:]:
                    ca, cb = prov.clauses[la], prov.clauses[lb]
                    for ia, ib in sentence_beads([c.canonical for c in ca], la, [c.canonical for c in cb], lb):
                        for i in ia:
                            for j in ib:
                                s = NamedNode(m.clause(wid, prov.key, la, ca[i].n))
                                o = NamedNode(m.clause(wid, prov.key, lb, cb[j].n))
                                out += [Triple(s, g("translationOf"), o), Triple(o, g("translationOf"), s)]
            if "zh-Hant" in prov.clauses and "zh-Hans" not in prov.clauses:
                conv = Literal(f"{name} {version} t2s")
                p = NamedNode(m.provision(wid, prov.key))
                derived = [(NamedNode(m.clause(wid, prov.key, "zh-Hant", c.n)), t2s(c.canonical))
                           for c in prov.clauses["zh-Hant"]]
                derived.append((p, t2s(prov.text("zh-Hant"))))
                for src, text in derived:
                    d = NamedNode(m.derived_text(src.value))
                    out += [Triple(d, TYPE, g("DerivedText")),
                            Triple(d, g("derivedText"), Literal(text, language="zh-Hans")),
                            Triple(d, NamedNode(DCT + "language"), Literal("zh-Hans")),
                            Triple(d, NamedNode(PROV + "wasDerivedFrom"), src), Triple(d, g("converter"), conv),
                            Triple(d, NamedNode(RDFS + "comment"), Literal(
                                "Derived by script conversion (OpenCC t2s) from the attested Traditional Chinese "
                                "text; no source carries this Simplified Chinese text.", language="en"))]
    return out
