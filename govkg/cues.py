"""Cue rules for commitment extraction, read once from ``data/cues.toml``."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .errors import InputError
from .namespaces import LANGUAGES

CUES_TOML = Path(__file__).resolve().parents[1] / "data" / "cues.toml"
KINDS = ("Obligation", "Opposition", "Support", "Prohibition", "Entitlement")


@dataclass(frozen=True)
class Rule:
    rule: str
    kind: str
    langs: tuple[str, ...]
    pattern: re.Pattern
    subject: bool = False
    governed: bool = False
    addressed: bool = False
    main: bool = True
    action_from_cue: bool = False
    false_compounds: bool = False


@dataclass(frozen=True)
class Cues:
    rules: tuple[Rule, ...]
    issuer_pronouns: re.Pattern
    adverbs_en: frozenset[str]
    adverbs_zh: tuple[str, ...]
    false_compounds_zh: tuple[str, ...]
    emphasis: tuple[str, ...]
    means_en: re.Pattern
    practice_starters_zh: tuple[str, ...]
    projection_into: tuple[str, ...]
    projection_kinds: tuple[str, ...]
    min_overlap: float
    projection_method: str

    def for_lang(self, lang: str) -> list[Rule]:
        return [r for r in self.rules if lang in r.langs]


def _compile(where: str, pattern: str) -> re.Pattern:
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error as exc:
        raise InputError(f"{where}: bad regular expression {pattern!r}: {exc}") from None


def load_cues(path: Path = CUES_TOML) -> Cues:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{path}: cue file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path}: not valid TOML: {exc}") from None
    rules = []
    seen = set()
    for i, entry in enumerate(data.get("cue", []), 1):
        where = f"{path}: [[cue]] #{i} ({entry.get('rule', '?')})"
        missing = {"rule", "kind", "lang", "pattern"} - entry.keys()
        if missing:
            raise InputError(f"{where}: missing {', '.join(sorted(missing))}")
        if entry["kind"] not in KINDS:
            raise InputError(f"{where}: kind {entry['kind']!r} is not one of {', '.join(KINDS)}")
        if bad := set(entry["lang"]) - set(LANGUAGES):
            raise InputError(f"{where}: unknown language(s) {sorted(bad)}")
        if entry["rule"] in seen:
            raise InputError(f"{where}: rule id used twice")
        seen.add(entry["rule"])
        rules.append(Rule(entry["rule"], entry["kind"], tuple(entry["lang"]),
                          _compile(where, entry["pattern"]), bool(entry.get("subject")),
                          bool(entry.get("governed")), bool(entry.get("addressed")),
                          bool(entry.get("main", True)), bool(entry.get("action_from_cue")),
                          bool(entry.get("false_compounds"))))
    proj = data.get("projection", {})
    pronouns = sorted(data.get("issuer_pronouns", []), key=len, reverse=True)
    pron_re = "|".join(rf"(?<![A-Za-z]){re.escape(p)}(?![A-Za-z])" for p in pronouns) or "(?!)"
    return Cues(
        rules=tuple(rules),
        issuer_pronouns=re.compile(pron_re, re.IGNORECASE),
        adverbs_en=frozenset(a.casefold() for a in data.get("adverbs_en", [])),
        adverbs_zh=tuple(sorted(data.get("adverbs_zh", []), key=len, reverse=True)),
        false_compounds_zh=tuple(data.get("false_compounds_zh", [])),
        emphasis=tuple(sorted(data.get("emphasis", []), key=len, reverse=True)),
        means_en=_compile(f"{path}: means_en", data.get("means_en", "(?!)")),
        practice_starters_zh=tuple(sorted(data.get("practice_starters_zh", []), key=len, reverse=True)),
        projection_into=tuple(proj.get("into", [])),
        projection_kinds=tuple(proj.get("kinds", [])),
        min_overlap=float(proj.get("min_overlap", 0.5)),
        projection_method=str(proj.get("method", "projection")),
    )


@lru_cache(maxsize=None)
def cues() -> Cues:
    return load_cues()
