"""Emit: turn catalog, aligned works and extractions into RDF triples
(pyoxigraph terms), following docs/model.md. No blank nodes, no clock."""

from __future__ import annotations

from pyoxigraph import Literal, NamedNode, Triple

from govkg.core.ids import Minter
from govkg.core.model import Repair, Source, Work
from govkg.core.namespaces import DCAT, DCT, GOV, OA, RDF, RDFS, XSD
from govkg.extract.vocab import minted_slug, name_language, resolve_actor_name
from govkg.ingest.catalog import Catalog
from govkg.structure.align import AlignedWork, Occ

TYPE = NamedNode(RDF + "type")


def N(iri: str) -> NamedNode:
    return NamedNode(iri)


def gov(name: str) -> NamedNode:
    return NamedNode(GOV + name)


def dct(name: str) -> NamedNode:
    return NamedNode(DCT + name)


def oa(name: str) -> NamedNode:
    return NamedNode(OA + name)


def text(value: str, lang: str | None = None) -> Literal:
    return Literal(value, language=lang) if lang else Literal(value)


def typed(value, datatype: str) -> Literal:
    return Literal(str(value), datatype=NamedNode(XSD + datatype))


class Emitter:
    def __init__(self, catalog: Catalog, raws: dict[str, str]):
        self.m = Minter(catalog.base)
        self.catalog = catalog
        self.raws = raws
        self.triples: list[Triple] = []
        self.seen_occ: set[str] = set()

    def add(self, s, p, o) -> None:
        self.triples.append(Triple(s if not isinstance(s, str) else N(s), p, o if not isinstance(o, str) else N(o)))

    def actor(self, name: str) -> str:
        """The issuer's actor: the vocabulary's (labelled and typed from actors.ttl), else
        one minted from the name (govkg.extract.vocab.minted_slug: distinct for names in any
        script), labelled in its own language, gov:mintedFrom the works it issued,
        gov:reviewed false."""
        known = resolve_actor_name(name)
        iri = self.m.actor(known or minted_slug(name))
        if not known:
            works = sorted(w.id for w in self.catalog.works.values() if w.issuer == name)
            langs = tuple(lang for wid in works for lang in self.catalog.works[wid].titles)
            self.add(iri, TYPE, gov("Actor"))
            self.add(iri, NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"),
                     text(" ".join(name.split()), name_language(name, langs)))
            self.add(iri, gov("reviewed"), typed("false", "boolean"))
            for wid in works:
                self.add(iri, gov("mintedFrom"), self.m.work(wid))
        return iri

    def partial(self, aw: AlignedWork, lang: str, claimed_by: list[str]) -> None:
        """Say why a language version covers only some provisions (never left silent)."""
        # a heading-only provision whose text is all in its sub-items is attested by them
        parents = {q.parent for q in aw.provisions if q.parent is not None and lang in q.clauses}
        have = [p.position for i, p in enumerate(aw.provisions) if lang in p.clauses or i in parents]
        if len(have) == len(aw.provisions):
            return
        sources = sorted({o.source for p in aw.provisions for o in p.occurrences if o.lang == lang})
        if have:
            reason = (f"Attested for provision(s) {', '.join(map(str, have))} of {len(aw.provisions)} only: "
                      f"the {lang} source(s) ({', '.join(sources)}) carry part of the work.")
        else:
            reason = (f"No provision attested: the text of {', '.join(claimed_by)} could not be aligned "
                      f"onto this work (see the build's warnings).")
        self.add(self.m.expression(aw.work.id, lang), gov("partialReason"), text(reason))

    def work(self, work: Work, languages: set[str]) -> None:
        w = self.m.work(work.id)
        self.add(w, TYPE, gov("Work"))
        self.add(w, dct("identifier"), text(work.id))
        for lang, title in sorted(work.titles.items()):
            self.add(w, dct("title"), text(title, lang))
        for lang, titles in sorted(work.alternatives.items()):
            for title in sorted(set(titles)):
                self.add(w, dct("alternative"), text(title, lang))
        if work.date:
            self.add(w, dct("issued"), typed(work.date, "date"))
        if work.issuer:
            self.add(w, gov("issuedBy"), self.actor(work.issuer))
        self.add(w, dct("type"), self.m.kind(work.kind or "document"))
        if work.declared_in.startswith("source:"):
            self.add(w, NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom"), self.m.source(work.declared_in[7:]))
        for lang in sorted(languages):
            e = self.m.expression(work.id, lang)
            self.add(e, TYPE, gov("Expression"))
            self.add(e, gov("realizes"), w)
            self.add(e, dct("language"), text(lang))
            if lang in work.titles:
                self.add(e, dct("title"), text(work.titles[lang], lang))

    def source(self, src: Source, carried: set[tuple[str, str]]) -> None:
        s = self.m.source(src.id)
        self.add(s, TYPE, gov("Manifestation"))
        self.add(s, dct("identifier"), text(src.id))
        self.add(s, gov("path"), text(src.file))
        self.add(s, gov("sha256"), text(src.sha256))
        self.add(s, gov("format"), text(src.format))
        if src.publisher:
            self.add(s, dct("publisher"), text(src.publisher))
        if src.date:
            self.add(s, dct("issued"), typed(src.date, "date"))
        if src.url:
            self.add(s, NamedNode(DCAT + "landingPage"), N(src.url))
        if src.title:
            self.add(s, dct("title"), text(src.title))
        for work_id, lang in sorted(carried):
            self.add(s, gov("embodies"), self.m.expression(work_id, lang))

    def occurrence(self, occ: Occ) -> str:
        iri = self.m.occurrence(occ.source, occ.start, occ.end)
        if iri in self.seen_occ:
            return iri
        self.seen_occ.add(iri)
        raw = self.raws[occ.source]
        self.add(iri, TYPE, gov("Occurrence"))
        self.add(iri, gov("source"), self.m.source(occ.source))
        self.add(iri, oa("start"), typed(occ.start, "nonNegativeInteger"))
        self.add(iri, oa("end"), typed(occ.end, "nonNegativeInteger"))
        self.add(iri, oa("exact"), text(raw[occ.start:occ.end]))
        self.add(iri, dct("language"), text(occ.lang))
        sep = "" if occ.lang.startswith("zh") else " "
        self.add(iri, gov("copyText"), text(sep.join(s.text for s in occ.sentences)))
        self.add(iri, gov("alignmentMethod"), text(occ.method))
        self.add(iri, gov("alignmentScore"), typed(f"{occ.score:.3f}", "decimal"))
        for s in occ.sentences:
            for r in s.repairs:
                self.add(iri, gov("repair"), self.repair(occ.source, r))
        return iri

    def repair(self, source: str, r: Repair) -> str:
        iri = self.m.repair(source, r.start, r.end)
        self.add(iri, TYPE, gov("Repair"))
        self.add(iri, gov("source"), self.m.source(source))
        self.add(iri, oa("start"), typed(r.start, "nonNegativeInteger"))
        self.add(iri, oa("end"), typed(r.end, "nonNegativeInteger"))
        self.add(iri, oa("exact"), text(r.exact))
        self.add(iri, gov("replacement"), text(r.replacement))
        self.add(iri, gov("rule"), text(r.rule))
        self.add(iri, NamedNode(RDFS + "comment"), text(r.note, "en"))
        return iri

    def aligned(self, aw: AlignedWork, claims: dict[str, list[str]]) -> None:
        """Provisions, clauses and source links of a work; `claims`: language → sources
        the catalog says carry it but whose text could not be aligned."""
        wid = aw.work.id
        for lang in sorted({lang for p in aw.provisions for lang in p.clauses} | set(claims)):
            self.partial(aw, lang, claims.get(lang, []))
        for sec in aw.sections:
            s = self.m.section(wid, sec.key)
            self.add(s, TYPE, gov("Section"))
            self.add(s, gov("partOf"), self.m.work(wid))
            self.add(s, gov("position"), typed(sec.position, "integer"))
            if sec.number:
                self.add(s, gov("number"), text(sec.number))
            for lang, heading in sorted(sec.headings.items()):
                self.add(s, gov("heading"), text(heading, lang))
            if sec.parent is not None:
                self.add(s, gov("inSection"), self.m.section(wid, aw.sections[sec.parent].key))
            self.add(s, gov("occurrence"), self.occurrence(sec.occurrence))
        for prov in aw.provisions:
            p = self.m.provision(wid, prov.key)
            self.add(p, TYPE, gov("Provision"))
            self.add(p, gov("partOf"), self.m.work(wid))
            self.add(p, gov("position"), typed(prov.position, "integer"))
            if prov.number:
                self.add(p, gov("number"), text(prov.number))
            if prov.cite:
                self.add(p, gov("citation"), text(prov.cite))
            if prov.section is not None:
                self.add(p, gov("inSection"), self.m.section(wid, aw.sections[prov.section].key))
            if prov.parent is not None:
                self.add(p, gov("subItemOf"), self.m.provision(wid, aw.provisions[prov.parent].key))
            for lang, heading in sorted(prov.headings.items()):
                self.add(p, gov("heading"), text(heading, lang))
            for lang in sorted(prov.clauses):
                self.add(p, gov("text"), text(prov.text(lang), lang))
            for occ in prov.occurrences:
                self.add(p, gov("occurrence"), self.occurrence(occ))
            for lang in sorted(prov.clauses):
                for clause in prov.clauses[lang]:
                    c = self.m.clause(wid, prov.key, lang, clause.n)
                    self.add(c, TYPE, gov("Clause"))
                    self.add(c, gov("partOf"), p)
                    self.add(c, gov("position"), typed(clause.n, "integer"))
                    self.add(c, gov("text"), text(clause.canonical, lang))
                    self.add(c, dct("language"), text(lang))
                    self.add(c, gov("expression"), self.m.expression(wid, lang))
                    self.add(c, gov("canonicalRule"), text(clause.rule))
                    for occ in clause.occurrences:
                        self.add(c, gov("occurrence"), self.occurrence(occ))
