"""Emit: the triples of a clause's commitments and principle tags (docs/model.md).

``locate(start, end)`` maps offsets into the clause's canonical text to
``(source_iri, raw_start, raw_end, exact)`` in one raw file; the pipeline provides it.

Per commitment ``{clause}/k{n}`` (n = order of its cue in the clause, from 1):
type (gov:Commitment and its kind), gov:statedIn, gov:rule, gov:action, gov:bearer
(or gov:bearerUnresolved true), gov:addressee, gov:opposedParty, gov:opposes ->
``{commitment}/x{n}`` (a gov:Practice with gov:text and its own position), gov:cue ->
``{commitment}/cue`` (a gov:Cue with oa:exact, oa:start, oa:end, gov:source),
gov:concerns for the principles matched inside its action (with gov:matchedPhrase),
gov:bearerRule when the bearer was not named before the cue (previous-bearer, speaker,
passive-agent, projected), and for projected ones gov:projectedFrom (the source
commitment ``{source clause}/k{n}``, whose gov:cue is the source-language cue) and
gov:method; curated
ones carry gov:curated true. A projected commitment's cue is the span of this clause
where the unmarked (imperative) predicate stands, so every commitment has a cue.
"""

from __future__ import annotations

import re
from typing import Callable

from pyoxigraph import Literal, NamedNode, Triple

from govkg.core.ids import Minter
from govkg.core.namespaces import GOV, OA, RDF, XSD
from govkg.extract.cues import cues
from govkg.extract.findings import ISSUER, Finding, ordered

Locate = Callable[[int, int], tuple[str, int, int, str]]
BEARER_RULES = ("previous-bearer", "speaker", "passive-agent", "projected")
LANG_IN_IRI = re.compile(r"/(en|zh-Hans|zh-Hant)/c\d+$")


def _n(local: str, ns: str = GOV) -> NamedNode:
    return NamedNode(ns + local)


def _int(value: int) -> Literal:
    return Literal(str(value), datatype=NamedNode(XSD + "nonNegativeInteger"))


TRUE = Literal("true", datatype=NamedNode(XSD + "boolean"))


def clause_lang(clause_iri: str) -> str:
    m = LANG_IN_IRI.search(clause_iri)
    if not m:
        raise ValueError(f"cannot read the language of clause {clause_iri}")
    return m.group(1)


def _span(node: NamedNode, start: int, end: int, locate: Locate) -> list[Triple]:
    source, raw_start, raw_end, exact = locate(start, end)
    return [Triple(node, _n("source"), NamedNode(source)),
            Triple(node, _n("start", OA), _int(raw_start)),
            Triple(node, _n("end", OA), _int(raw_end)),
            Triple(node, _n("exact", OA), Literal(exact))]


def commitment_triples(clause_iri: str, findings: list[Finding], locate: Locate, base: str,
                       *, issuer: str | None = None, tags=(), lang: str | None = None
                       ) -> list[Triple]:
    """Triples for the commitments of one clause.

    ``issuer``: the gazetteer slug of the work's issuer, to which "we" resolves (no
    issuer: the bearer is recorded as unresolved). ``tags``: the clause's
    ``tag_principles`` result, to link each commitment to the principles matched
    inside its action.
    """
    lang = lang or clause_lang(clause_iri)
    clause = NamedNode(clause_iri)
    mint = Minter(base)
    actor = lambda slug: NamedNode(mint.actor(slug))  # noqa: E731
    out: list[Triple] = []
    for n, f in enumerate(ordered(findings), 1):
        k = NamedNode(mint.commitment(clause_iri, n))
        add = lambda p, o: out.append(Triple(k, p, o))  # noqa: E731
        add(_n("type", RDF), _n("Commitment"))
        add(_n("type", RDF), _n(f.kind))
        add(_n("statedIn"), clause)
        add(_n("rule"), Literal(f.rule))
        add(_n("action"), Literal(f.action, language=lang))
        bearers = [issuer if m.actor == ISSUER else m.actor
                   for m in (f.bearer, *f.co_bearers) if m is not None]
        bearers = list(dict.fromkeys(a for a in bearers if a))
        if not bearers:  # not guessed: "Efforts should be made", 發展人工智能應…
            add(_n("bearerUnresolved"), TRUE)
        for slug in bearers:
            add(_n("bearer"), actor(slug))
        if bearers and f.bearer is not None and f.bearer.rule in BEARER_RULES:
            add(_n("bearerRule"), Literal(f.bearer.rule))
        for m in f.addressees:
            slug = issuer if m.actor == ISSUER else m.actor
            if slug:
                add(_n("addressee"), actor(slug))
        for m in f.targets:
            if m.actor:
                add(_n("opposedParty"), actor(m.actor))
        for i, (s, e, text) in enumerate(f.practices, 1):
            x = NamedNode(mint.addressee(k.value, i))
            add(_n("opposes"), x)
            out.append(Triple(x, _n("type", RDF), _n("Practice")))
            out.append(Triple(x, _n("text"), Literal(text, language=lang)))
            out.extend(_span(x, s, e, locate))
        cue = NamedNode(mint.cue(k.value))
        add(_n("cue"), cue)
        out.append(Triple(cue, _n("type", RDF), _n("Cue")))
        out.extend(_span(cue, f.cue_start, f.cue_end, locate))
        if f.projected_from:  # the source commitment, whose gov:cue is the source-language cue
            source = f"{f.projected_from}/k{f.source_cue[0]}" if f.source_cue else f.projected_from
            add(_n("projectedFrom"), NamedNode(source))
            add(_n("method"), Literal(cues().projection_method))
        if f.curated:
            add(_n("curated"), TRUE)
        if f.action_span is not None:
            a, b = f.action_span
            for slug, s, e in tags:
                if a <= s and e <= b:
                    add(_n("concerns"), NamedNode(mint.principle(slug)))
                    add(_n("matchedPhrase"), Literal(f.action[s - a:e - a], language=lang))
    return _dedupe(out)


def principle_triples(clause_iri: str, tags, locate: Locate | None, base: str, *,
                      text: str | None = None, lang: str | None = None) -> list[Triple]:
    """gov:concerns and gov:matchedPhrase of a clause, from ``tag_principles(text, lang)``.

    The matched phrase is ``text[start:end]`` (the canonical clause text) when ``text``
    is given, else the raw quote at ``locate(start, end)`` with whitespace folded.
    """
    lang = lang or clause_lang(clause_iri)
    clause = NamedNode(clause_iri)
    out = []
    for slug, s, e in tags:
        phrase = text[s:e] if text is not None else " ".join(locate(s, e)[3].split())
        out.append(Triple(clause, _n("concerns"), NamedNode(Minter(base).principle(slug))))
        out.append(Triple(clause, _n("matchedPhrase"), Literal(phrase, language=lang)))
    return _dedupe(out)


def _dedupe(triples: list[Triple]) -> list[Triple]:
    return list(dict.fromkeys(triples))
