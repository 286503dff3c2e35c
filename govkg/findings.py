"""The objects extraction returns (see govkg/extract.py for how they are found)."""

from __future__ import annotations

from dataclasses import dataclass

# Mention.actor for "we" / 我們 / 我们: the work's issuer, resolved when emitting.
ISSUER = "@issuer"


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    actor: str | None  # gazetteer slug, ISSUER for "we", None when unresolved


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
    projected_from: str | None = None
    co_bearers: tuple[Mention, ...] = ()
    action_span: tuple[int, int] | None = None
    curated: bool = False
