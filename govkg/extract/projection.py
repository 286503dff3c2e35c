"""Project commitment types across the languages of one aligned provision.

Chinese suggestions are often imperative with no modal (推動建立…, 堅持…) where the
English copy says "We should". For each clause of a language listed in
``[projection] into`` (data/cues.toml) that states no commitment of a projectable
kind (Obligation), the kind is carried over from the aligned clause of another
language of the same provision that does state it with a cue.

Alignment: clauses are placed on [0, 1] by their share of their language's
provision text; a source clause aligns with a target clause when their overlap
covers at least ``min_overlap`` of either. Source languages not themselves targets
of projection (English) are preferred; projected findings never serve as sources.

A projected finding has ``rule = "projected-from-{lang}"``, ``projected_from`` = the
source clause IRI, ``source_cue`` = (n of the source commitment k{n}, the source cue's
start and end in the source clause), and as its anchor the span of the target clause
where the unmarked (imperative) predicate stands: the clause's first comma segment.
Its bearer is the target clause's own subject (研發主體) when it has one, else the
bearer of the source commitment (rule "projected": "We should" -> the issuer).

A commitment is typed once: no obligation is projected onto a clause whose anchor
already holds a cue of its own (積極支持… is a Support, not also an Obligation).
"""

from __future__ import annotations

from govkg.extract.cues import cues
from govkg.extract.findings import Finding, ordered
from govkg.extract.mentions import chain, inherited, is_zh, mentions


def _spans(texts: list[str]) -> list[tuple[float, float]]:
    total = sum(len(t) for t in texts) or 1
    out, pos = [], 0
    for t in texts:
        out.append((pos / total, (pos + len(t)) / total))
        pos += len(t)
    return out


def _aligned(a: tuple[float, float], b: tuple[float, float], share: float) -> bool:
    overlap = min(a[1], b[1]) - max(a[0], b[0])
    if overlap <= 0:
        return False
    return overlap >= share * (a[1] - a[0]) or overlap >= share * (b[1] - b[0])


def _anchor(text: str) -> tuple[int, int]:
    """The clause's first comma segment, dashes and spaces trimmed."""
    a = 0
    while a < len(text) and text[a] in " —-":
        a += 1
    b = a
    while b < len(text) and text[b] not in "，,；;：:。.!！?？":
        b += 1
    return (a, b) if b > a else (0, len(text))


def _projected(kind: str, text: str, lang: str, src_lang: str, src_iri: str,
               src: Finding, k: int, findings: list[Finding]) -> Finding:
    a, b = _anchor(text)
    bearer, co = None, ()
    if is_zh(lang):  # a vocabulary subject opening the predicate (研發主體不斷提高…)
        ments = mentions(text)
        first = next((m for m in ments if m.start == a and m.end < b), None)
        if first is not None:
            bearer, co = chain(text, first, ments, b, True)
    if bearer is None:
        bearer = inherited(src.bearer, a, a, text, "projected")
        co = tuple(m for m in (inherited(c, a, a, text, "projected") for c in src.co_bearers) if m)
    later = sorted(f.cue_start for f in findings if f.cue_start >= b)
    stop = later[0] if later else len(text)
    end = stop
    while end > a and text[end - 1] in " ,，;；:：。.":
        end -= 1
    return Finding(kind, a, b, text[a:b], f"projected-from-{src_lang}", bearer, text[a:end],
                   projected_from=src_iri, co_bearers=co, action_span=(a, end),
                   source_cue=(k, src.cue_start, src.cue_end))


def project(provision: dict[str, list[tuple[str, str, list[Finding]]]]) -> dict[str, list[Finding]]:
    """Extra (projected) findings per clause IRI, for one provision aligned across languages."""
    cfg = cues()
    spans = {lang: _spans([t for _, t, _ in clauses]) for lang, clauses in provision.items()}
    sources = sorted(provision, key=lambda lang: (lang in cfg.projection_into, lang))
    out: dict[str, list[Finding]] = {}
    for lang in sorted(provision):
        if lang not in cfg.projection_into:
            continue
        for (iri, text, findings), span in zip(provision[lang], spans[lang]):
            have = {f.kind for f in findings}
            a, b = _anchor(text)
            if any(a <= f.cue_start < b for f in findings):
                continue  # the anchor is a commitment of its own: typed once
            for kind in cfg.projection_kinds:
                if kind in have:
                    continue
                src = next(((other, oiri, ofind)
                            for other in sources if other != lang
                            for (oiri, _, ofind), ospan in zip(provision[other], spans[other])
                            if _aligned(span, ospan, cfg.min_overlap)
                            and any(f.kind == kind and f.projected_from is None for f in ofind)),
                           None)
                if src is not None:
                    ranked = ordered(src[2])
                    first = next(f for f in ranked if f.kind == kind and f.projected_from is None)
                    out.setdefault(iri, []).append(
                        _projected(kind, text, lang, src[0], src[1], first,
                                   ranked.index(first) + 1, findings))
    return out
