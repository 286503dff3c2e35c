"""Curation: reviewed overrides of extracted commitments (data/curation.toml).

An override is keyed by a clause (its IRI, or the part after the base, e.g.
``work/gaigi/p8/zh-Hant/c3``) and pinned to that clause's canonical text by its
SHA-256 (``sha256``) or the text itself (``text``). ``mode = "replace"`` replaces the
extracted findings of the clause, ``mode = "add"`` adds to them. Curated findings
carry ``rule = "curated"`` and ``curated = True`` (emitted as gov:curated true).

A stale override (the clause's text changed since it was reviewed) or one whose
clause no longer exists fails the build with an InputError naming the entry.
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from govkg.core import paths
from govkg.core.errors import InputError
from govkg.extract.cues import KINDS
from govkg.extract.findings import ISSUER, Finding, Mention
from govkg.extract.vocab import actors

CURATION_TOML = paths.ROOT / "data" / "curation.toml"
MODES = ("replace", "add")


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class Override:
    where: str  # "data/curation.toml: override #2 (work/…/c3)"
    clause: str
    sha256: str | None
    text: str | None
    mode: str
    findings: list[dict]


@dataclass
class Curation:
    path: Path
    overrides: list[Override] = field(default_factory=list)
    used: set[int] = field(default_factory=set)

    def check_all_used(self) -> None:
        """Raise if an override's clause never came up (clause removed or renamed)."""
        for i, o in enumerate(self.overrides):
            if i not in self.used:
                raise InputError(f"{o.where}: no clause {o.clause!r} in the corpus; "
                                 "fix the clause key or delete the override")


def load_curation(path: Path = CURATION_TOML) -> Curation:
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Curation(Path(path))
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path}: not valid TOML: {exc}") from None
    cur = Curation(Path(path))
    for i, entry in enumerate(data.get("override", []), 1):
        where = f"{path}: override #{i} ({entry.get('clause', '?')})"
        if "clause" not in entry:
            raise InputError(f"{where}: missing 'clause'")
        if ("sha256" in entry) == ("text" in entry):
            raise InputError(f"{where}: give exactly one of 'sha256' or 'text' of the clause")
        mode = entry.get("mode", "replace")
        if mode not in MODES:
            raise InputError(f"{where}: mode {mode!r} is not one of {', '.join(MODES)}")
        for j, f in enumerate(entry.get("finding", []), 1):
            if f.get("kind") not in KINDS:
                raise InputError(f"{where}: finding #{j}: kind {f.get('kind')!r} is not one of "
                                 f"{', '.join(KINDS)}")
            if not f.get("cue"):
                raise InputError(f"{where}: finding #{j}: missing 'cue' (the words where it stands)")
            for slug in [f.get("bearer")] + f.get("addressees", []) + f.get("targets", []):
                if slug and slug != ISSUER and slug not in actors().types:
                    raise InputError(f"{where}: finding #{j}: actor {slug!r} is not in "
                                     "ontology/actors.ttl")
        cur.overrides.append(Override(where, entry["clause"], entry.get("sha256"),
                                      entry.get("text"), mode, entry.get("finding", [])))
    return cur


def _find(text: str, phrase: str, after: int, where: str) -> tuple[int, int]:
    pos = text.find(phrase, after)
    if pos < 0:
        raise InputError(f"{where}: {phrase!r} does not occur in the clause text")
    return pos, pos + len(phrase)


def _finding(text: str, spec: dict, where: str) -> Finding:
    s, e = _find(text, spec["cue"], 0, where)
    if spec.get("action"):
        a, b = _find(text, spec["action"], 0, where)
    else:
        a, b = e, len(text.rstrip("。.;；"))
    while a < b and text[a].isspace():  # the span is the action's own text, as stripped below
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    practices = []
    pos = e
    for phrase in spec.get("practices", []):
        ps, pe = _find(text, phrase, pos, where)
        practices.append((ps, pe, phrase))
        pos = pe
    ment = lambda slug: Mention(s, s, "", slug)  # noqa: E731  (curated: no span of its own)
    return Finding(spec["kind"], s, e, text[s:e], "curated",
                   ment(spec["bearer"]) if spec.get("bearer") else None, text[a:b],
                   tuple(ment(x) for x in spec.get("addressees", [])), tuple(practices),
                   tuple(ment(x) for x in spec.get("targets", [])), action_span=(a, b),
                   curated=True)


def apply_curation(clause_iri: str, text: str, findings: list[Finding],
                   curation: Curation) -> list[Finding]:
    """The clause's findings with any override applied (the override wins)."""
    for i, o in enumerate(curation.overrides):
        if not (clause_iri == o.clause or clause_iri.endswith("/" + o.clause.lstrip("/"))):
            continue
        curation.used.add(i)
        if (o.sha256 is not None and o.sha256 != text_sha256(text)) or \
                (o.text is not None and " ".join(o.text.split()) != text):
            raise InputError(f"{o.where}: stale override: the clause text changed since it was "
                             f"reviewed (its sha256 is now {text_sha256(text)}); review the "
                             "override against the new text and update it")
        curated = [_finding(text, spec, f"{o.where}: finding #{j}")
                   for j, spec in enumerate(o.findings, 1)]
        findings = curated if o.mode == "replace" else [*findings, *curated]
    return findings
