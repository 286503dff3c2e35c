"""Align: map every copy and language version of a work onto the work's provisions
and clauses, by content.

The reference copy (a full copy, preferring the most structured format) fixes the
provisions and, for each of its languages, the clause inventory. Every other copy's
sentences are matched to that inventory by character n-gram overlap (OCR repairs
applied, quotes and spacing ignored); a Chinese copy in another script is matched
through OpenCC conversion; a copy in a language nobody else has is aligned by order
and structure when its provision count agrees, with a lower confidence. Anything
that cannot be aligned is reported, never forced.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from govkg.core.model import Entry, Sentence, Source, Work
from govkg.core.text import to_simplified, to_traditional
from govkg.structure.outline import Part, SectionPart, outline

FORMAT_RANK = {"table": 0, "plain": 1, "web": 2, "ocr": 3, "aggregator": 4}
MIN_SCORE = 0.5
ORDER_CONFIDENCE = 0.5
PARTNER = {"zh-Hans": ("zh-Hant", to_traditional), "zh-Hant": ("zh-Hans", to_simplified)}


@dataclass
class Unit:
    """Everything one source carries of one work."""

    source: Source
    entries: list[Entry]
    excerpt: bool  # an aggregator excerpt rather than a full copy

    @property
    def rank(self) -> tuple:
        return (self.excerpt, FORMAT_RANK.get(self.source.format, 9), self.source.id)


@dataclass
class Occ:
    source: str
    lang: str
    start: int
    end: int
    method: str
    score: float
    sentences: list[Sentence]


@dataclass
class ClauseOut:
    lang: str
    n: int
    occurrences: list[Occ] = field(default_factory=list)
    canonical: str = ""
    rule: str = ""


@dataclass
class ProvisionOut:
    position: int
    number: str | None
    headings: dict[str, str]
    clauses: dict[str, list[ClauseOut]] = field(default_factory=dict)
    occurrences: list[Occ] = field(default_factory=list)
    key: str = ""  # the IRI segment: the document's own number where it has one (para_6_h, art_5), else p<position>
    cite: str | None = None  # how a reader cites it ("6(h)"); None when unnumbered
    section: int | None = None  # index into AlignedWork.sections
    parent: int | None = None  # index (position - 1) of the provision a sub-item belongs to

    def __post_init__(self) -> None:
        if not self.key:
            self.key = f"p{self.position}"

    @property
    def label(self) -> str:
        """What outputs show: the document's number, else the position."""
        return self.cite or str(self.position)

    def text(self, lang: str) -> str:
        sep = "" if lang.startswith("zh") else " "
        return sep.join(c.canonical for c in self.clauses.get(lang, []) if c.canonical)


@dataclass
class SectionOut:
    position: int
    number: str | None
    headings: dict[str, str]
    key: str
    occurrence: Occ
    parent: int | None = None  # index of the enclosing section


@dataclass
class AlignedWork:
    work: Work
    provisions: list[ProvisionOut]
    unaligned: list[tuple[str, Sentence, str]]
    reference: str
    sections: list[SectionOut] = field(default_factory=list)


def key(text: str) -> str:
    text = text.casefold().replace("’", "'").replace("‘", "'")
    return "".join(re.findall(r"\w", text))


def grams(text: str, lang: str) -> set[str]:
    k = key(text)
    n = 2 if lang.startswith("zh") else 3
    if len(k) <= n:
        return {k} if k else set()
    return {k[i : i + n] for i in range(len(k) - n + 1)}


class Inventory:
    """The clauses of one language, indexed by n-grams."""

    def __init__(self, lang: str):
        self.lang = lang
        self.items: list[tuple[int, int, set[str]]] = []  # (provision idx, clause idx, grams)
        self.postings: dict[str, list[int]] = defaultdict(list)

    def add(self, p: int, c: int, text: str) -> None:
        g = grams(text, self.lang)
        idx = len(self.items)
        self.items.append((p, c, g))
        for gram in g:
            self.postings[gram].append(idx)

    def match(self, text: str, used: set[int], expected: int) -> tuple[int, float] | None:
        g = grams(text, self.lang)
        if not g:
            return None
        shared = Counter(i for gram in g for i in self.postings.get(gram, ()))
        best = None
        for idx, common in shared.items():
            other = self.items[idx][2]
            score = 2 * common / (len(g) + len(other))
            rank = (score, idx not in used, -abs(idx - expected))
            if best is None or rank > best[0]:
                best = (rank, idx, score)
        if best is None or best[2] < MIN_SCORE:
            return None
        return best[1], best[2]


def structure(unit: Unit) -> tuple[list[Part], list[SectionPart]]:
    """Provisions and sections of the reference copy (govkg/outline.py)."""
    return outline(unit.entries, table=unit.source.format == "table")


def _tokens(text: str, lang: str) -> list[str]:
    return [c for c in text if not c.isspace()] if lang.startswith("zh") else text.split()


def token_vote(pivot: str, others: list[str], lang: str) -> str:
    """Vote place by place: the pivot reading, with every place where the copies
    differ (merged over all copies) replaced by the reading most copies carry there
    (the pivot's reading on a tie)."""
    from difflib import SequenceMatcher

    base = _tokens(pivot, lang)
    copies = [_tokens(t, lang) for t in others]
    ops = [SequenceMatcher(None, base, c, autojunk=False).get_opcodes() for c in copies]
    spans = sorted((i1, i2) for o in ops for tag, i1, i2, _, _ in o if tag != "equal")
    sites: list[list[int]] = []
    for a, b in spans:
        if sites and a <= sites[-1][1]:
            sites[-1][1] = max(sites[-1][1], b)
        else:
            sites.append([a, b])

    def at(o, i: int, right: bool) -> int:
        cands = [j1 + i - i1 for tag, i1, i2, j1, _ in o if tag == "equal" and i1 <= i <= i2]
        cands += [j for tag, i1, i2, j1, j2 in o if tag != "equal" for ii, j in ((i1, j1), (i2, j2)) if ii == i]
        return max(cands) if right else min(cands)

    out, last = [], 0
    for a, b in sites:
        votes = Counter({tuple(base[a:b]): 0})
        votes[tuple(base[a:b])] += 1
        for c, o in zip(copies, ops):
            votes[tuple(c[at(o, a, False):at(o, b, True)])] += 1
        top = max(votes.values())
        winner = tuple(base[a:b]) if votes[tuple(base[a:b])] == top else min(r for r, n in votes.items() if n == top)
        out += base[last:a] + list(winner)
        last = b
    out += base[last:]
    return ("" if lang.startswith("zh") else " ").join(out)


def _vote(clause: ClauseOut, ranks: dict[str, tuple]) -> None:
    readings = [(o.sentences[0].text, o.source) for o in clause.occurrences if o.sentences]
    counts = Counter(t for t, _ in readings)
    best = min(readings, key=lambda r: (-counts[r[0]], ranks[r[1]]))
    clause.canonical = best[0]
    if len(readings) == 1:
        clause.rule = "single-copy"
    elif counts[best[0]] * 2 > len(readings):
        clause.rule = f"majority-of-copies ({counts[best[0]]} of {len(readings)})"
    else:
        others = [t for t, sid in readings if sid != best[1] or t != best[0]]
        voted = token_vote(best[0], others, clause.lang) if len(readings) >= 3 else best[0]
        if voted != best[0] and len(readings) >= 3:
            clause.canonical = voted
            clause.rule = (f"token-majority-of-copies ({len(readings)} copies, no whole-sentence majority; "
                           f"ties to the most reliable copy, {best[1]})")
        else:
            clause.rule = (f"no-majority: most reliable copy ({best[1]}; "
                           f"{counts[best[0]]} of {len(readings)} agree)")


def _group(assigned: list[tuple[Sentence, int]]) -> list[tuple[int, list[Sentence]]]:
    """Consecutive sentences of one provision, in copy order, form one occurrence."""
    runs: list[tuple[int, list[Sentence]]] = []
    for sent, p in sorted(assigned, key=lambda x: x[0].start):
        if runs and runs[-1][0] == p:
            runs[-1][1].append(sent)
        else:
            runs.append((p, [sent]))
    return runs


def align_work(work: Work, units: list[Unit]) -> AlignedWork:
    units = sorted(units, key=lambda u: u.rank)
    ref = units[0]
    provs: list[ProvisionOut] = []
    inventories: dict[str, Inventory] = {}
    unaligned: list[tuple[str, Sentence, str]] = []
    ranks = {u.source.id: u.rank for u in units}

    def add_occurrence(unit: Unit, lang: str, hits: list[tuple[Sentence, int, int, float]], method: str) -> None:
        for p, sents in _group([(s, p) for s, p, _, _ in hits]):
            score = min(sc for s, pp, _, sc in hits if pp == p and s in sents)
            provs[p].occurrences.append(Occ(unit.source.id, lang, sents[0].start, sents[-1].end, method, score, sents))
        for s, p, c, score in hits:
            clause = provs[p].clauses[lang][c]
            clause.occurrences.append(Occ(unit.source.id, lang, s.start, s.end, method, score, [s]))

    parts, secs = structure(ref)
    sections = [SectionOut(i, sp.number, sp.headings, sp.key,
                           Occ(ref.source.id, sp.span[2], sp.span[0], sp.span[1], "reference", 1.0, []), sp.parent)
                for i, sp in enumerate(secs, start=1)]
    for pos, part in enumerate(parts, start=1):
        prov = ProvisionOut(pos, part.number, part.headings, key=part.key, cite=part.cite, section=part.section,
                            parent=part.parent)
        if part.heading_span and not any(e.sentences for e in part.entries):
            s0, e0, lang0 = part.heading_span
            prov.occurrences.append(Occ(ref.source.id, lang0, s0, e0, "reference", 1.0, []))
        provs.append(prov)
    for p, part in enumerate(parts):
        entries = part.entries
        by_lang: dict[str, list[tuple[Sentence, int, int, float]]] = defaultdict(list)
        for e in entries:
            for s in e.sentences:
                lst = provs[p].clauses.setdefault(s.lang, [])
                lst.append(ClauseOut(s.lang, len(lst) + 1))
                inventories.setdefault(s.lang, Inventory(s.lang)).add(p, len(lst) - 1, s.text)
                by_lang[s.lang].append((s, p, len(lst) - 1, 1.0))
        for lang, hits in by_lang.items():
            add_occurrence(ref, lang, hits, "reference")

    for unit in units[1:]:
        langs = sorted({s.lang for e in unit.entries if e.block.kind != "heading" for s in e.sentences})
        for lang in langs:
            sents = [s for e in unit.entries if e.block.kind != "heading" for s in e.sentences if s.lang == lang]
            hits, method = _match(sents, lang, inventories, provs, unaligned, unit)
            if hits is None:
                hits = _by_order(unit, lang, provs, inventories, unaligned)
                method = "order-and-structure"
            if hits:
                add_occurrence(unit, lang, hits, method)
    for prov in provs:
        for clauses in prov.clauses.values():
            for clause in clauses:
                if clause.occurrences:
                    _vote(clause, ranks)
        prov.clauses = {lang: [c for c in cl if c.occurrences] for lang, cl in prov.clauses.items()}
        prov.clauses = {lang: cl for lang, cl in prov.clauses.items() if cl}
    return AlignedWork(work, provs, unaligned, ref.source.id, sections)


def _match(sents, lang, inventories, provs, unaligned, unit):
    """Content match against the language's inventory (or its script partner's)."""
    convert = None
    inv = inventories.get(lang)
    method = "ngram"
    if inv is None and lang in PARTNER and PARTNER[lang][0] in inventories:
        partner, convert = PARTNER[lang]
        inv = inventories[partner]
        method = f"opencc-{'s2t' if lang == 'zh-Hans' else 't2s'}+ngram"
    if inv is None:
        return None, None
    hits = []
    used: set[int] = set()
    expected = 0
    for s in sents:
        found = inv.match(convert(s.text) if convert else s.text, used, expected)
        if found is None:
            unaligned.append((unit.source.id, s, f"no {lang} clause of the work is similar enough"))
            continue
        idx, score = found
        p, c, _ = inv.items[idx]
        if idx in used:
            unaligned.append((unit.source.id, s, "its best match is already taken by another sentence of this copy"))
            continue
        used.add(idx)
        expected = idx + 1
        if convert:
            clauses = provs[p].clauses.setdefault(lang, [])
            partner_n = c
            while len(clauses) <= partner_n:
                clauses.append(ClauseOut(lang, len(clauses) + 1))
            c = partner_n
        hits.append((s, p, c, round(score, 3)))
    return hits, method


def _by_order(unit, lang, provs, inventories, unaligned):
    """No inventory in this language or its script partner: provisions by order."""
    own = [(part.number, part.headings, [e for e in part.entries if any(s.lang == lang for s in e.sentences)])
           for part in structure(unit)[0]]
    own = [x for x in own if x[2]]
    textual = [i for i, prov in enumerate(provs) if prov.clauses]  # provisions with text of their own
    if len(own) != len(textual):
        for e in unit.entries:
            for s in e.sentences:
                if s.lang == lang:
                    unaligned.append((unit.source.id, s, f"{len(own)} provisions in this copy, the work has {len(textual)}"))
        return []
    hits = []
    inv = inventories.setdefault(lang, Inventory(lang))
    for k, (_, _, entries) in enumerate(own):
        p = textual[k]
        clauses = provs[p].clauses.setdefault(lang, [])
        for e in entries:
            for s in e.sentences:
                if s.lang != lang:
                    continue
                clauses.append(ClauseOut(lang, len(clauses) + 1))
                inv.add(p, len(clauses) - 1, s.text)
                hits.append((s, p, len(clauses) - 1, ORDER_CONFIDENCE))
    return hits
