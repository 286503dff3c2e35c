"""Vocabularies: the actor gazetteer and the principles scheme as lookup tables.

``ontology/actors.ttl`` and ``ontology/principles.ttl`` are read once (cached). Every
skos:prefLabel, skos:altLabel and skos:hiddenLabel, in any language, is a trigger
phrase; a trigger (casefolded, whitespace folded) names exactly one concept. Matching
in a text is leftmost-longest, case-insensitive, on word boundaries for Latin-script
phrases; an all-capitals acronym ("UN", "CAC") matches only in capitals.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from govkg.core import paths
from govkg.core.errors import InputError
from govkg.core.ids import slugify
from govkg.core.namespaces import GOV
from govkg.core.text import is_cjk, to_simplified

ROOT = paths.ROOT
ACTORS_TTL = ROOT / "ontology" / "actors.ttl"
PRINCIPLES_TTL = ROOT / "ontology" / "principles.ttl"
ACTOR_NS = "https://w3id.org/govkg/id/actor/"
PRINCIPLE_NS = "https://w3id.org/govkg/id/principle/"
LABELS = (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel)


def fold(phrase: str) -> str:
    """The lookup key of a phrase: casefolded, whitespace runs as one space."""
    return " ".join(phrase.split()).casefold()


@dataclass(frozen=True)
class Table:
    """Trigger phrases of one vocabulary: key -> slug, a matcher, and metadata."""

    triggers: dict[str, str]
    pattern: re.Pattern
    types: dict[str, str]  # slug -> local name of its most specific gov: class
    labels: dict[str, dict[str, str]]  # slug -> lang -> prefLabel

    def find(self, text: str) -> list[tuple[str, int, int]]:
        """(slug, start, end) of every trigger in ``text``, leftmost-longest, in order."""
        return list(_find(self, text))

    def __hash__(self) -> int:  # one table per vocabulary file; identity is enough for the cache
        return id(self)

    def __eq__(self, other) -> bool:
        return self is other


@lru_cache(maxsize=1 << 16)
def _find(table: Table, text: str) -> tuple[tuple[str, int, int], ...]:
    """Table.find, cached: the regex alternation costs ~0.1 ms a clause, and extraction
    and linking both tag every clause (a repeated clause text is tagged once)."""
    out = []
    for m in table.pattern.finditer(text):
        slug = table.triggers.get(fold(m.group(0)))
        if slug is not None:
            out.append((slug, m.start(), m.end()))
    return tuple(out)


def _phrase_regex(phrase: str) -> str:
    body = r"\s+".join(re.escape(word) for word in phrase.split())
    if phrase.isascii() and phrase.isupper() and len(phrase) <= 6:
        body = f"(?-i:{body})"
    if phrase[0].isascii() and phrase[0].isalnum():
        body = r"(?<![A-Za-z0-9])" + body
    if phrase[-1].isascii() and phrase[-1].isalnum():
        body += r"(?![A-Za-z0-9])"
    return body


def compile_triggers(phrases) -> re.Pattern:
    """One alternation of the phrases, longest first (so the longest match wins)."""
    ordered = sorted(set(phrases), key=lambda p: (-len(p), p))
    return re.compile("|".join(_phrase_regex(p) for p in ordered), re.IGNORECASE)


def _load(path: Path, namespace: str, extra_phrases: tuple[str, ...] = ()) -> Table:
    graph = Graph()
    try:
        graph.parse(path, format="turtle")
    except FileNotFoundError:
        raise InputError(f"{path}: vocabulary file not found") from None
    except Exception as exc:  # rdflib raises several parser errors
        raise InputError(f"{path}: not valid Turtle: {str(exc).splitlines()[0]}") from None
    triggers: dict[str, str] = {}
    phrases: list[str] = list(extra_phrases)
    types: dict[str, str] = {}
    labels: dict[str, dict[str, str]] = {}
    for subject in sorted(set(graph.subjects(RDF.type, None))):
        if not isinstance(subject, URIRef) or not str(subject).startswith(namespace):
            continue
        slug = str(subject)[len(namespace):]
        gov_types = sorted(str(t)[len(GOV):] for t in graph.objects(subject, RDF.type)
                           if str(t).startswith(GOV))
        types[slug] = next((t for t in gov_types if t not in ("Actor", "Principle")),
                           gov_types[0] if gov_types else "")
        labels[slug] = {lit.language: str(lit) for lit in graph.objects(subject, SKOS.prefLabel)}
        for prop in LABELS:
            for lit in graph.objects(subject, prop):
                key = fold(str(lit))
                if not key:
                    continue
                if triggers.setdefault(key, slug) != slug:
                    raise InputError(
                        f"{path}: trigger phrase {str(lit)!r} names both "
                        f"{triggers[key]!r} and {slug!r}; keep it on one of them")
                phrases.append(" ".join(str(lit).split()))
    if not triggers:
        raise InputError(f"{path}: no concepts with labels under {namespace}")
    return Table(triggers, compile_triggers(phrases), types, labels)


@lru_cache(maxsize=None)
def actors() -> Table:
    return _load(ACTORS_TTL, ACTOR_NS)


@lru_cache(maxsize=None)
def principles() -> Table:
    return _load(PRINCIPLES_TTL, PRINCIPLE_NS)


ARTICLES = ("the ", "a ", "an ")
SPELLINGS = (("organisation", "organization"), ("ise", "ize"), ("isation", "ization"),
             ("centre", "center"), ("defence", "defense"), ("programme", "program"))


def _variants(key: str):
    """Spellings of a folded phrase to look up: as written, without an article,
    singular and plural of the last word, British and American spelling."""
    bases = [key]
    for art in ARTICLES:
        if key.startswith(art):
            bases.append(key[len(art):])
    for base in list(bases):
        for uk, us in SPELLINGS:
            if uk in base:
                bases.append(base.replace(uk, us))
            if us in base:
                bases.append(base.replace(us, uk))
    for base in bases:
        yield base
        if base.endswith("ies"):
            yield base[:-3] + "y"
        elif base.endswith("s") and not base.endswith("ss"):
            yield base[:-1]
        if base.endswith("y") and not base.endswith(("ay", "ey", "oy")):
            yield base[:-1] + "ies"
        elif base and base.isascii():
            yield base + "s"


def lookup_actor(phrase: str) -> str | None:
    """The gazetteer slug a phrase names (any label, any script), allowing an article,
    singular/plural and British/American spelling; else None."""
    table = actors().triggers
    key = fold(phrase).strip(" .,;:\"'“”")
    for k in _variants(key):
        if k in table:
            return table[k]
    return None


def resolve_actor_name(name: str) -> str | None:
    """The gazetteer slug of an actor named ``name`` (any label, any script), else None.

    Used for work issuers ("Cyberspace Administration of China", "作者: …"); a leading
    "the", surrounding punctuation and a trailing "(…)" are ignored.
    """
    if not name:
        return None
    return lookup_actor(name) or lookup_actor(re.sub(r"\s*\([^)]*\)$", "", fold(name)))


SMALL_WORDS = frozenset({"of", "and", "for", "the", "on", "in", "to", "de", "du", "la"})


def actor_label(phrase: str, initial: bool = False) -> str:
    """The name a minted actor gets: the phrase without a leading article, whitespace
    folded, a sentence-initial capital lowered unless every word is capitalised
    ("Teams developing AI systems" -> "teams developing AI systems", but
    "Jiangcheng Municipal Office" stays) when ``initial`` (it opens the clause)."""
    words = " ".join(phrase.split()).strip(" ,;:").split(" ")
    if len(words) > 1 and words[0].casefold() in ("the", "a", "an"):
        words = words[1:]
    first = words[0] if words else ""
    if initial and first[:1].isupper() and first[1:].islower():
        named = len(words) > 1 and all(w[:1].isupper() for w in words
                                       if w.isalpha() and w not in SMALL_WORDS)
        if not named:
            words[0] = first.lower()
    return " ".join(words)


def minted_slug(name: str) -> str:
    """A stable IRI slug for an actor the vocabulary lacks: a readable ASCII slug for a
    Latin-script name, else "h-" and 12 hex digits of the SHA-256 of the folded name
    (distinct for distinct names in any script, never a shared placeholder)."""
    key = fold(actor_label(name))
    slug = slugify(_singular_last(key))
    if not (slug and all(c.isascii() for c in key)):
        return "h-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]
    return slug if slug not in actors().types else "m-" + slug  # never a vocabulary IRI


HEAD_ENDS = frozenset({"of", "for", "in", "with", "who", "that", "which", "on", "at", "by", "to", "from"})


def _singular_last(key: str) -> str:
    """The folded name with its head word singular (the word before "of …", "who …" or
    a participle, else the last), so that "Parties" and "Each Party" (named "Party")
    are one minted actor, and "teams maintaining chatbots" is "team maintaining …"."""
    words = key.split(" ")
    at = next((i - 1 for i, w in enumerate(words) if i and (w in HEAD_ENDS or (
        w.endswith(("ing", "ed")) and len(w) > 4))), len(words) - 1)
    head = words[at]
    if head.isascii() and len(head) > 3:
        if head.endswith("ies"):
            head = head[:-3] + "y"
        elif head.endswith("s") and not head.endswith(("ss", "us", "is")):
            head = head[:-1]
    return " ".join(words[:at] + [head] + words[at + 1:])


def name_language(name: str, candidates: tuple[str, ...] = ()) -> str:
    """The language tag of an actor's name: en for Latin script; for Chinese, the one
    of ``candidates`` (the languages it was found in) if only one is Chinese, else
    zh-Hans when OpenCC's Traditional-to-Simplified conversion leaves it unchanged."""
    if not any(is_cjk(c) for c in name):
        return "en"
    zh = sorted({c for c in candidates if c.startswith("zh")})
    if len(zh) == 1:
        return zh[0]
    return "zh-Hans" if to_simplified(name) == name else "zh-Hant"
