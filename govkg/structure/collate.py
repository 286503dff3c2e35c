"""Collate: where the copies of one expression differ, one gov:Variant per difference.

Each clause's canonical text (chosen in align by agreement of the copies) is compared
with every copy's own reading *before repairs* (Sentence.folded: whitespace folded
only, so OCR "Al" and "measurcs" show), token by token: whitespace-separated words for
Latin-script text, characters for Chinese. Differences of all copies that overlap or
touch are merged into one site; at each site every copy's reading is cut out, copies
with the same reading are grouped, and the canonical reading is marked with the rule
that chose it. IRIs follow docs/model.md: ``{clause}/v{n}``, ``{variant}/r{n}``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from pyoxigraph import Literal, NamedNode, Triple

from govkg.core.ids import Minter
from govkg.core.namespaces import GOV, RDF
from govkg.structure.align import AlignedWork, ClauseOut

TYPE = NamedNode(RDF + "type")


def tokens(text: str, lang: str) -> list[str]:
    """Words (Latin script) or characters (Chinese, whitespace dropped)."""
    if lang.startswith("zh"):
        return [c for c in text if not c.isspace()]
    return text.split()


def join(toks: list[str], lang: str) -> str:
    return ("" if lang.startswith("zh") else " ").join(toks)


@dataclass
class Reading:
    text: str
    sources: list[str]  # source ids whose copy carries it (sorted)
    canonical: bool = False
    by_repair: bool = False  # carried only once the copy's recorded repairs are applied


@dataclass
class Variant:
    start: int  # token offsets into the canonical text
    end: int
    readings: list[Reading]
    rule: str

    @property
    def canonical(self) -> Reading:
        return next(r for r in self.readings if r.canonical)


@dataclass
class Copy:
    source: str
    tokens: list[str]  # the copy's reading before repairs
    spans: list[tuple[int, int]]  # per variant: its token span in this copy


@dataclass
class Collation:
    lang: str
    canonical: list[str]
    variants: list[Variant] = field(default_factory=list)
    copies: list[Copy] = field(default_factory=list)


def _opcodes(a: list[str], b: list[str]):
    """difflib's opcodes of a against b, with the common head and tail taken off first:
    a copy that reads like the canonical text (the usual case, and always for a single
    copy) costs one comparison instead of SequenceMatcher's quadratic search, which took
    minutes on a 200 KB paragraph."""
    if a == b:
        return [("equal", 0, len(a), 0, len(b))] if a else []
    head = 0
    while head < len(a) and head < len(b) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < len(a) - head and tail < len(b) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    mid = SequenceMatcher(None, a[head:len(a) - tail], b[head:len(b) - tail], autojunk=False).get_opcodes()
    ops = [("equal", 0, head, 0, head)] if head else []
    ops += [(tag, i1 + head, i2 + head, j1 + head, j2 + head) for tag, i1, i2, j1, j2 in mid]
    if tail:
        ops.append(("equal", len(a) - tail, len(a), len(b) - tail, len(b)))
    merged: list[tuple] = []
    for op in ops:  # adjacent equal runs are one, as SequenceMatcher gives them
        if merged and op[0] == merged[-1][0] == "equal":
            prev = merged.pop()
            op = ("equal", prev[1], op[2], prev[3], op[4])
        merged.append(op)
    return merged


def _sites(diffs: list[list[tuple]]) -> list[tuple[int, int]]:
    """Merge the non-equal spans (on the canonical tokens) of all copies."""
    spans = sorted((i1, i2) for ops in diffs for tag, i1, i2, _, _ in ops if tag != "equal")
    merged: list[list[int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return [(a, b) for a, b in merged]


def _map(ops, i: int, right: bool) -> int:
    """Position in the copy's tokens of canonical token boundary ``i``."""
    cands = []
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal" and i1 <= i <= i2:
            cands.append(j1 + i - i1)
        elif tag != "equal":
            if i == i1:
                cands.append(j1)
            if i == i2:
                cands.append(j2)
    if not cands:  # the boundary falls inside a difference of this copy
        return None
    return max(cands) if right else min(cands)


def _cut(ops, toks: list[str], a: int, b: int) -> list[str] | None:
    i, j = _map(ops, a, False), _map(ops, b, True)
    return None if i is None or j is None else toks[i:j]


def _span(ops, a: int, b: int) -> tuple[int, int]:
    return _map(ops, a, False), _map(ops, b, True)


def collate_clause(clause: ClauseOut) -> Collation:
    lang = clause.lang
    canon = tokens(clause.canonical, lang)
    copies = [(o.source, tokens(o.sentences[0].folded, lang), tokens(o.sentences[0].text, lang))
              for o in clause.occurrences if o.sentences]
    raw_ops = [_opcodes(canon, t) for _, t, _ in copies]
    fixed_ops = [_opcodes(canon, t) for _, _, t in copies]
    out = Collation(lang, canon, copies=[Copy(sid, toks, []) for sid, toks, _ in copies])
    for a, b in _sites(raw_ops):
        for cp, ops in zip(out.copies, raw_ops):
            cp.spans.append(_span(ops, a, b))
        groups: dict[str, set[str]] = defaultdict(set)
        for (sid, toks, _), ops in zip(copies, raw_ops):
            groups[join(_cut(ops, toks, a, b), lang)].add(sid)
        canon_text = join(canon[a:b], lang)
        n_copies = len({sid for sid, _, _ in copies})
        carriers = groups.get(canon_text, set())
        by_repair = False
        if not carriers:  # only a repaired copy reads it (or a place-by-place vote chose it)
            carriers = {sid for (sid, _, fixed), ops in zip(copies, fixed_ops)
                        if _cut(ops, fixed, a, b) is not None and join(_cut(ops, fixed, a, b), lang) == canon_text}
            carriers = carriers or {sid for sid, _, _ in copies}
            by_repair = True
        readings = [Reading(canon_text, sorted(carriers), canonical=True, by_repair=by_repair)]
        for text in sorted((t for t in groups if t != canon_text), key=lambda t: (-len(groups[t]), t)):
            readings.append(Reading(text, sorted(groups[text])))
        if by_repair:
            rule = f"repaired reading: no copy reads it before its recorded repairs ({clause.rule})"
        elif len(carriers) * 2 > n_copies:
            rule = f"majority-of-copies ({len(carriers)} of {n_copies})"
        else:
            rule = f"canonical clause text: {clause.rule}"
        out.variants.append(Variant(a, b, readings, rule))
    return out


def collate_work(aw: AlignedWork) -> dict[tuple[int, str, int], Collation]:
    """(provision position, lang, clause n) -> its collation, for clauses with copies."""
    out = {}
    for prov in aw.provisions:
        for lang in sorted(prov.clauses):
            for clause in prov.clauses[lang]:
                if clause.occurrences:
                    out[(prov.key, lang, clause.n)] = collate_clause(clause)
    return out


def variant_triples(result, minter: Minter | None = None) -> list[Triple]:
    """gov:Variant nodes for every aligned work of a pipeline.BuildResult."""
    m = minter or Minter(result.catalog.base)
    g = lambda name: NamedNode(GOV + name)  # noqa: E731
    triples: list[Triple] = []
    for aw in sorted(result.aligned, key=lambda a: a.work.id):
        for (pos, lang, n), col in sorted(collate_work(aw).items()):
            clause = NamedNode(m.clause(aw.work.id, pos, lang, n))
            for vi, var in enumerate(col.variants, start=1):
                v = NamedNode(m.variant(clause.value, vi))
                triples += [Triple(clause, g("variant"), v), Triple(v, TYPE, g("Variant")),
                            Triple(v, g("rule"), Literal(var.rule))]
                for ri, reading in enumerate(var.readings, start=1):
                    r = NamedNode(m.reading(v.value, ri))
                    triples += [Triple(v, g("reading"), r), Triple(r, TYPE, g("Reading")),
                                Triple(r, g("text"), Literal(reading.text, language=lang))]
                    if reading.canonical:
                        triples.append(Triple(v, g("canonical"), r))
                    for sid in reading.sources:
                        triples.append(Triple(r, g("carriedBy"), NamedNode(m.source(sid))))
    return triples


def variant_count(result) -> int:
    return sum(len(c.variants) for aw in result.aligned for c in collate_work(aw).values())

