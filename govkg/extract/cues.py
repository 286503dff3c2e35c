"""Cue rules for commitment extraction, read once from ``data/cues.toml``."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from govkg.core import paths
from govkg.core.errors import InputError
from govkg.core.namespaces import LANGUAGES

CUES_TOML = paths.ROOT / "data" / "cues.toml"
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
    opening: bool = False
    speaker: bool = False
    subject_addressee: bool = False
    action_before: bool = False
    bearer_after: bool = False
    agent_subject: bool = False
    unnamed: bool = False
    inverted: bool = False
    agent_or_passive: bool = False
    priority: int = 0


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
    anaphora: re.Pattern
    determiners_en: frozenset[str]
    subject_breaks_en: frozenset[str]
    that_verbs_en: frozenset[str]
    parenthetical_en: tuple[str, ...]
    agent_head_en: re.Pattern
    actor_suffixes_zh: tuple[str, ...]
    addressee_of_en: re.Pattern
    subject_max_chars_zh: int
    zh_marker: re.Pattern
    speaker_opening: re.Pattern
    speaker_lead: re.Pattern
    name_drop_en: frozenset[str]
    agent_nouns_en: frozenset[str]
    non_agent_nouns_en: frozenset[str]
    nominal_suffixes_en: tuple[str, ...]
    not_actor_zh: tuple[str, ...]
    non_agent_zh: tuple[str, ...]
    agent_suffixes_by_zh: tuple[str, ...]
    suffix_continues_zh: tuple[str, ...]
    non_commitment: tuple[tuple[str, re.Pattern], ...]
    heading_max_words: int
    heading_max_chars_zh: int

    def for_lang(self, lang: str) -> list[Rule]:
        return [r for r in self.rules if lang in r.langs]


# An optional number or list marker opening a clause ("6.", "(a)", "IV.", "2.5").
MARKER = r"(?:\s*(?:\(?[a-zA-Z0-9]{1,4}[.)]|[IVXLivxl]{1,6}\.|\d+(?:\.\d+)+\.?|[•·*–-])\s+)?"


def _compile(where: str, pattern: str, flags: int = re.IGNORECASE) -> re.Pattern:
    try:
        return re.compile(pattern.replace("<MARKER>", MARKER), flags)
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
                          bool(entry.get("false_compounds")), bool(entry.get("opening")),
                          bool(entry.get("speaker")), bool(entry.get("subject_addressee")),
                          bool(entry.get("action_before")), bool(entry.get("bearer_after")),
                          bool(entry.get("agent_subject")), bool(entry.get("unnamed")),
                          bool(entry.get("inverted")), bool(entry.get("agent_or_passive")),
                          int(entry.get("priority", 0))))
    proj = data.get("projection", {})
    pronouns = sorted(data.get("issuer_pronouns", []), key=len, reverse=True)
    pron_re = "|".join(rf"(?<![A-Za-z]){re.escape(p)}(?![A-Za-z])" for p in pronouns) or "(?!)"
    ana = sorted(data.get("anaphora_en", []) + data.get("anaphora_zh", []), key=len, reverse=True)
    ana_re = "|".join(rf"(?<![A-Za-z]){re.escape(a)}(?![A-Za-z])" for a in ana) or "(?!)"
    nc = data.get("non_commitment", {})
    return Cues(
        anaphora=re.compile(ana_re, re.IGNORECASE),
        determiners_en=frozenset(w.casefold() for w in data.get("determiners_en", [])),
        subject_breaks_en=frozenset(w.casefold() for w in data.get("subject_breaks_en", [])),
        that_verbs_en=frozenset(w.casefold() for w in data.get("that_verbs_en", [])),
        parenthetical_en=tuple(sorted(data.get("parenthetical_en", []), key=len, reverse=True)),
        agent_head_en=_compile(f"{path}: agent_head_en", data.get("agent_head_en", "(?!)")),
        actor_suffixes_zh=tuple(sorted(data.get("actor_suffixes_zh", []), key=len, reverse=True)),
        addressee_of_en=_compile(f"{path}: addressee_of_en", data.get("addressee_of_en", "(?!)")),
        subject_max_chars_zh=int(data.get("subject_max_chars_zh", 16)),
        zh_marker=_compile(f"{path}: zh_marker", data.get("zh_marker", "(?!)")),
        speaker_opening=_compile(f"{path}: speaker_opening", data.get("speaker_opening", "(?!)"), 0),
        speaker_lead=_compile(f"{path}: speaker_lead", data.get("speaker_lead", "(?!)"), 0),
        name_drop_en=_words(data, "name_drop_en"),
        agent_nouns_en=_words(data, "agent_nouns_en"),
        non_agent_nouns_en=_words(data, "non_agent_nouns_en"),
        nominal_suffixes_en=tuple(data.get("nominal_suffixes_en", [])),
        not_actor_zh=tuple(data.get("not_actor_zh", [])),
        non_agent_zh=tuple(sorted(data.get("non_agent_zh", []), key=len, reverse=True)),
        agent_suffixes_by_zh=tuple(data.get("agent_suffixes_by_zh", [])),
        suffix_continues_zh=tuple(data.get("suffix_continues_zh", [])),
        non_commitment=tuple((k, _compile(f"{path}: non_commitment.{k}", v))
                             for k, v in sorted(nc.items()) if isinstance(v, str)),
        heading_max_words=int(nc.get("heading_max_words", 8)),
        heading_max_chars_zh=int(nc.get("heading_max_chars_zh", 16)),
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


def _words(data: dict, key: str) -> frozenset[str]:
    return frozenset(w.casefold() for w in data.get(key, []))


@lru_cache(maxsize=None)
def cues() -> Cues:
    return load_cues()
