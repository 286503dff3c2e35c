"""Identical text across works: clauses and provisions whose normalised text
(OpenCC t2s, casefolded, letters and digits only) is the same → gov:identicalTo,
published as a star per group of equal text (each copy linked to the copy issued
first: k copies, k - 1 links); the later work's provision prov:wasDerivedFrom the
earlier one (dct:issued)."""

from __future__ import annotations

from collections import defaultdict

from govkg.core.ids import Minter
from govkg.link.common import (
    IDENTICAL_METHOD,
    MIN_IDENTICAL_CHARS,
    Link,
    issued_order,
    norm,
)


def identical_buckets(result) -> tuple[dict, dict]:
    """Provisions and clauses grouped by normalised text (at least MIN_IDENTICAL_CHARS):
    {(script, key): [(work, position)]} and {(script, key): [(work, position, lang, n)]},
    each bucket's members distinct, in corpus order."""
    prov_buckets: dict[tuple[str, str], dict] = defaultdict(dict)
    clause_buckets: dict[tuple[str, str], dict] = defaultdict(dict)
    for aw in result.aligned:
        for p in aw.provisions:
            for lang in p.clauses:
                k = norm(p.text(lang), lang)
                if len(k) >= MIN_IDENTICAL_CHARS:
                    prov_buckets[(lang[:2], k)][(aw.work.id, p.key)] = None
                for c in p.clauses[lang]:
                    ck = norm(c.canonical, lang)
                    if len(ck) >= MIN_IDENTICAL_CHARS:
                        clause_buckets[(lang[:2], ck)][(aw.work.id, p.key, lang, c.n)] = None
    return ({k: list(v) for k, v in prov_buckets.items()}, {k: list(v) for k, v in clause_buckets.items()})


def identical_links(result, m: Minter, buckets: tuple[dict, dict] | None = None) -> list[Link]:
    """gov:identicalTo links between provisions (and between clauses) of different works
    whose normalised text is the same, as a star per bucket of equal text: every member
    is linked to the bucket's first member, the one issued earliest (work dct:issued;
    ties and unknown dates last, by IRI), so k members give k - 1 links, not k(k-1)/2.
    A member of the first member's own work (never linked inside one work) is linked to
    the earliest member of another work instead. gov:identicalTo is symmetric and, as
    text equality, an equivalence: the full set of identical pairs is the transitive
    closure of the published links (all members of a bucket are identical).
    prov:wasDerivedFrom b → a (Link.derived) only when a's work was issued first."""
    works = {aw.work.id: aw for aw in result.aligned}
    prov_buckets, clause_buckets = buckets or identical_buckets(result)
    links: dict[tuple[str, str], Link] = {}

    def add(wa, ua, wb, ub):
        if wa == wb:
            return
        swap, why = issued_order(works[wa], works[wb])
        if swap:
            wa, ua, wb, ub = wb, ub, wa, ua
        pair = (ua, ub) if ua < ub else (ub, ua)
        if pair not in links:
            links[pair] = Link("identical", ua, ub, 1.0, IDENTICAL_METHOD, comment=why, derived="unknown" not in why)

    def star(members: list[tuple[str, str]]) -> None:  # (work, IRI)
        if len({w for w, _ in members}) < 2:
            return
        ranked = sorted(members, key=lambda wu: (not works[wu[0]].work.date, works[wu[0]].work.date or "", wu[1]))
        lead = ranked[0]
        other = next(wu for wu in ranked if wu[0] != lead[0])  # earliest member of another work
        for w, u in ranked[1:]:
            ref = other if w == lead[0] else lead
            add(ref[0], ref[1], w, u)

    for members in prov_buckets.values():
        star([(w, m.provision(w, p)) for w, p in members])
    for members in clause_buckets.values():
        star([(w, m.clause(w, p, lang, n)) for w, p, lang, n in members])
    return [links[k] for k in sorted(links)]



def identical_groups(prov_buckets: dict) -> dict[tuple[str, int], frozenset[int]]:
    """(work, position) -> ids of the identical-text provision buckets it belongs to."""
    groups: dict[tuple[str, int], set[int]] = defaultdict(set)
    for n, members in enumerate(prov_buckets.values()):
        if len(members) > 1:
            for k in members:
                groups[k].add(n)
    return {k: frozenset(v) for k, v in groups.items()}
