"""The extract stage of the pipeline: for every aligned work, extract each clause's
commitments (govkg.extract.rules), project types across the languages of each provision,
apply the reviewed curation file, and emit the triples (govkg.emit.triples),
plus the actors and principles they point to (from the vocabularies).

One call for the pipeline: ``extraction_triples(result)`` with the BuildResult.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from pyoxigraph import Literal, NamedNode, Triple

from govkg.core.errors import InputError
from govkg.core.ids import Minter
from govkg.core.namespaces import GOV, ID, RDF, SKOS, XSD
from govkg.emit.triples import Locate, commitment_triples, principle_triples
from govkg.extract.cues import cues
from govkg.extract.curation import Curation, apply_curation, load_curation
from govkg.extract.findings import Mention
from govkg.extract.mentions import minted
from govkg.extract.rules import Context, extract_clause, project, tag_principles
from govkg.extract.vocab import (
    ACTOR_NS,
    ACTORS_TTL,
    PRINCIPLE_NS,
    PRINCIPLES_TTL,
    actors,
    minted_slug,
    resolve_actor_name,
)
from govkg.structure.align import AlignedWork, ClauseOut

FALSE = Literal("false", datatype=NamedNode(XSD + "boolean"))


def clause_locator(clause: ClauseOut, minter: Minter, raws: dict[str, str],
                   prefer: str | None = None) -> Locate | None:
    """Map offsets of the clause's canonical text to a raw file, through a copy whose
    reading equals the canonical text (the reference copy first, then by source id)."""
    sep = "" if clause.lang.startswith("zh") else " "
    for occ in sorted(clause.occurrences, key=lambda o: (o.source != prefer, o.source, o.start)):
        if sep.join(s.text for s in occ.sentences) != clause.canonical:
            continue
        starts: list[int] = []
        ends: list[int] = []
        for i, s in enumerate(occ.sentences):
            if i and sep:
                starts.append(ends[-1])
                ends.append(ends[-1])
            starts.extend(s.map_starts)
            ends.extend(s.map_ends)
        raw, src = raws[occ.source], minter.source(occ.source)

        def locate(s: int, e: int, starts=starts, ends=ends, raw=raw, src=src):
            a, b = starts[s], ends[e - 1]
            return src, a, b, raw[a:b]

        return locate
    return None


def speakers(aw: AlignedWork) -> dict[str, Mention]:
    """Per language, the body that speaks the work: the first provision whose whole text
    is a name and a comma ("The General Assembly,", data/cues.toml speaker_opening), or
    that opens with a name, a comma and "meeting in … / at its … session / Recalling"
    (speaker_lead: "The General Conference of …, meeting in Paris …," gives "The
    General Conference")."""
    out: dict[str, Mention] = {}
    pattern, lead = cues().speaker_opening, cues().speaker_lead
    for prov in aw.provisions:
        for lang, clauses in sorted(prov.clauses.items()):
            texts = [c.canonical for c in clauses if c.canonical]
            if not texts or lang in out:
                continue
            m = (pattern.match(texts[0]) if len(texts) == 1 else None) or lead.match(texts[0])
            if m:
                out[lang] = minted(texts[0], m.start("name"), m.end("name"), initial=True)
    return out


def _extract_provision(clauses, lang: str, speaker: Mention | None) -> list:
    """Each clause's findings, the previous clause's bearer carried for pronouns."""
    out, previous = [], None
    for text in clauses:
        found = extract_clause(text, lang, Context(speaker, previous))
        out.append(found)
        previous = next((f.bearer for f in reversed(found) if f.bearer is not None
                         and f.bearer.rule != "speaker"), previous)
    return out


def work_findings(aw: AlignedWork, minter: Minter, curation: Curation):
    """(provision, lang, ClauseOut, clause IRI, text, findings) for every clause of a work:
    extracted (with the work's speaker and each provision's previous bearer), projected
    across the provision's languages, then curated."""
    wid = aw.work.id
    speaker = speakers(aw)
    for prov in aw.provisions:
        rows = {lang: [c for c in clauses if c.canonical]
                for lang, clauses in sorted(prov.clauses.items())}
        aligned = {lang: [(minter.clause(wid, prov.key, lang, c.n), c.canonical, found)
                          for c, found in zip(clauses, _extract_provision(
                              [c.canonical for c in clauses], lang, speaker.get(lang)))]
                   for lang, clauses in rows.items()}
        extra = project(aligned)
        for lang, clauses in rows.items():
            for clause, (iri, text, found) in zip(clauses, aligned[lang]):
                findings = apply_curation(iri, text, found + extra.get(iri, []), curation)
                yield prov.position, lang, clause, iri, text, findings


def work_triples(aw: AlignedWork, minter: Minter, raws: dict[str, str], curation: Curation,
                 issuer: str | None, minted_actors: dict | None = None
                 ) -> tuple[list[Triple], set[str], set[str]]:
    """Triples of one work's commitments and principle tags; the actors and principles
    used. Actors minted from the text are collected in ``minted_actors``
    (slug -> {(lang, label)}, {clause IRIs}) for ``minted_triples``."""
    out: list[Triple] = []
    used_actors: set[str] = set()
    used_principles: set[str] = set()
    minted_actors = {} if minted_actors is None else minted_actors
    for _, lang, clause, iri, text, findings in work_findings(aw, minter, curation):
        tags = tag_principles(text, lang)
        locate = clause_locator(clause, minter, raws, aw.reference)
        if locate is None:
            raise InputError(f"{iri}: no copy carries the canonical text "
                             f"'{text[:40]}…', so commitments cannot be located")
        out += commitment_triples(iri, findings, locate, minter.base, issuer=issuer,
                                  tags=tags, lang=lang)
        out += principle_triples(iri, tags, locate, minter.base, text=text, lang=lang)
        used_principles |= {t[0] for t in tags}
        for f in findings:
            for m in (f.bearer, *f.co_bearers, *f.addressees, *f.targets):
                if m is not None and m.actor in actors().types:
                    used_actors.add(m.actor)
                elif m is not None and m.minted and m.label:
                    labels, clauses = minted_actors.setdefault(m.actor, (set(), set()))
                    labels.add((lang, m.label))
                    clauses.add(iri)
    return out, used_actors, used_principles


@lru_cache(maxsize=None)
def _vocabulary_file(path: Path) -> tuple[Triple, ...]:
    return tuple(q.triple for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))


def _rebase(term, base: str):
    if isinstance(term, NamedNode) and term.value.startswith(ID) and base != ID:
        return NamedNode(base + term.value[len(ID):])
    return term


def vocabulary_triples(minter: Minter, actor_slugs: set[str], principle_slugs: set[str]) -> list[Triple]:
    """Every triple that ontology/actors.ttl and ontology/principles.ttl state about the
    actors and principles the commitments point to (and the principles' scheme), so
    the published graph names and types them; IRIs follow the catalog's base."""
    wanted = {ACTOR_NS + s for s in actor_slugs} | {PRINCIPLE_NS + s for s in principle_slugs}
    out = []
    for path in (ACTORS_TTL, PRINCIPLES_TTL):
        triples = _vocabulary_file(path)
        schemes = {t.object.value for t in triples if t.subject.value in wanted
                   and t.predicate.value == SKOS + "inScheme"}
        for t in triples:
            if isinstance(t.subject, NamedNode) and (t.subject.value in wanted or t.subject.value in schemes) \
                    and t.predicate.value != SKOS + "hasTopConcept":
                out.append(Triple(_rebase(t.subject, minter.base), t.predicate,
                                  _rebase(t.object, minter.base)))
    return sorted(set(out), key=str)


def minted_triples(minter: Minter, minted_actors: dict, issuer_slugs: set[str]) -> list[Triple]:
    """An actor minted from the text: gov:Actor, its name as written (one skos:prefLabel
    per language, the first in order; other spellings skos:altLabel), gov:mintedFrom
    each clause naming it, gov:reviewed false. A minted issuer already has its
    prefLabel from the catalog (govkg.emit.works.Emitter.actor): its names from clauses are
    altLabels."""
    out = []
    for slug in sorted(minted_actors):
        labels, clauses = minted_actors[slug]
        node = NamedNode(minter.actor(slug))
        out += [Triple(node, NamedNode(RDF + "type"), NamedNode(GOV + "Actor")),
                Triple(node, NamedNode(GOV + "reviewed"), FALSE)]
        first: dict[str, str] = {}
        for lang, label in sorted(labels):
            first.setdefault(lang, label)
            pref = first[lang] == label and slug not in issuer_slugs
            out.append(Triple(node, NamedNode(SKOS + ("prefLabel" if pref else "altLabel")),
                              Literal(label, language=lang)))
        out += [Triple(node, NamedNode(GOV + "mintedFrom"), NamedNode(c)) for c in sorted(clauses)]
    return out


def issuer_slug(name: str | None) -> str | None:
    """The actor a work's issuer name is: the vocabulary's, else a minted slug (the same
    IRI govkg.emit.works.Emitter.actor gives it)."""
    if not name:
        return None
    return resolve_actor_name(name) or minted_slug(name)


def extraction_chunks(result, curation_path: Path | None = None):
    """The commitment and principle triples of a build (pipeline.BuildResult), one list
    per work and then the vocabulary triples, so a big build never holds them all.

    The curation file defaults to ``curation.toml`` next to the corpus catalog; an
    override that is stale or names no clause of the corpus raises InputError.
    """
    cat = result.catalog
    minter = Minter(cat.base)
    raws = {sid: r.raw for sid, r in result.sources.items()}
    curation = load_curation(curation_path or Path(cat.path).parent / "curation.toml")
    all_actors: set[str] = set()
    all_principles: set[str] = set()
    minted_actors: dict = {}
    issuers_minted: set[str] = set()
    for aw in sorted(result.aligned, key=lambda a: a.work.id):
        issuer = issuer_slug(aw.work.issuer)
        triples, used_a, used_p = work_triples(aw, minter, raws, curation, issuer, minted_actors)
        yield triples
        if issuer in actors().types:
            all_actors.add(issuer)
        elif issuer:
            issuers_minted.add(issuer)
        all_actors |= used_a
        all_principles |= used_p
    curation.check_all_used()
    yield vocabulary_triples(minter, all_actors, all_principles) + minted_triples(
        minter, minted_actors, issuers_minted)


def extraction_triples(result, curation_path: Path | None = None) -> list[Triple]:
    """All commitment and principle triples of a build, as one list (small builds, tests)."""
    return list(dict.fromkeys(t for chunk in extraction_chunks(result, curation_path) for t in chunk))
