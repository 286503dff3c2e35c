"""The objects extraction returns (see govkg/extract.py for how they are found)."""

from __future__ import annotations

from dataclasses import dataclass

# Mention.actor for "we" / 我們 / 我们: the work's issuer, resolved when emitting.
ISSUER = "@issuer"


@dataclass(frozen=True)
class Mention:
    """Who a span of the clause names.

    ``actor``: a gazetteer slug, ISSUER for "we", a minted slug (``minted`` true: the
    vocabulary lacks the actor, ``label`` is the name to give it), or None.
    ``rule``: how the mention was resolved when it is not the words themselves
    ("previous-bearer" for They / 其, "speaker" for a resolution's body,
    "passive-agent" for "… by X", "projected" for a bearer carried across languages).
    """

    start: int
    end: int
    text: str
    actor: str | None
    minted: bool = False
    label: str | None = None
    rule: str | None = None


@dataclass(frozen=True)
class Finding:
    kind: str  # Obligation | Opposition | Support | Prohibition | Entitlement
    cue_start: int
    cue_end: int
    cue: str
    rule: str
    bearer: Mention | None
    action: str
    addressees: tuple[Mention, ...] = ()
    practices: tuple[tuple[int, int, str], ...] = ()
    targets: tuple[Mention, ...] = ()
    projected_from: str | None = None  # the source commitment's clause IRI
    co_bearers: tuple[Mention, ...] = ()
    action_span: tuple[int, int] | None = None
    curated: bool = False
    source_cue: tuple[int, int, int] | None = None  # projected: (k index, start, end) in the source clause


def ordered(findings: list[Finding]) -> list[Finding]:
    """Findings in the order of their cues (k1, k2, ...)."""
    return sorted(findings, key=lambda f: (f.cue_start, f.cue_end, f.kind, f.rule))
