"""Actor mentions in one clause: vocabulary actors and "we", minted names, the
mention a pronoun or speaker inherits, and lists of actors ("A, B and C")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from govkg.extract.cues import cues
from govkg.extract.findings import ISSUER, Mention
from govkg.extract.vocab import actor_label, actors, lookup_actor, minted_slug

EN_SEP = re.compile(r"^(?:\s*,\s*(?:and|or)?\s*|\s+(?:and|or)\s+)$", re.I)
RELATIVE = re.compile(r"\s(?:who|whom|whose|which|that)\s", re.I)
ZH_SEP = set("、，,和及與与或") | {""}


@dataclass(frozen=True)
class Context:
    """What a clause inherits: the speaking body of the work (resolution style) and
    the bearer of the previous clause in the same provision."""

    speaker: Mention | None = None
    previous: Mention | None = None


def is_zh(lang: str) -> bool:
    return lang.startswith("zh")


def mentions(text: str) -> list[Mention]:
    """Actor mentions (gazetteer) and issuer pronouns, in order, non-overlapping."""
    found = [Mention(s, e, text[s:e], slug) for slug, s, e in actors().find(text)]
    taken = [(m.start, m.end) for m in found]
    for m in cues().issuer_pronouns.finditer(text):
        if not any(s < m.end() and m.start() < e for s, e in taken):
            found.append(Mention(m.start(), m.end(), m.group(0), ISSUER))
    return sorted(found, key=lambda m: m.start)


def minted(text: str, a: int, b: int, initial: bool = False) -> Mention:
    """A mention of the phrase text[a:b]: the vocabulary actor it names, else a new one."""
    phrase = text[a:b]
    bare = drop_determiners(phrase)
    named = drop_quantifiers(phrase)
    slug = lookup_actor(phrase) or lookup_actor(bare) or lookup_actor(named)
    if slug:
        return Mention(a, b, phrase, slug)
    # "Each Party" is named "Party" (and is the actor "Parties" is: minted_slug folds number);
    # "Employees who suspect …" is named by its head, before the relative clause
    rel = RELATIVE.search(named)
    if rel and rel.start() > 0:
        named = named[:rel.start()].rstrip(" ,")
    label = actor_label(named, initial and named == " ".join(phrase.split()))
    return Mention(a, b, phrase, minted_slug(label), minted=True, label=label)


def drop_quantifiers(phrase: str) -> str:
    """The phrase without the quantifiers, articles and possessives that open it
    (data/cues.toml name_drop_en): "Each Party" -> "Party"."""
    words = phrase.split()
    while len(words) > 1 and words[0].casefold() in cues().name_drop_en:
        words = words[1:]
    return " ".join(words)


def drop_determiners(phrase: str) -> str:
    words = phrase.split()
    while len(words) > 1 and words[0].casefold() in cues().determiners_en:
        words = words[1:]
    return " ".join(words)


def inherited(prev: Mention | None, start: int, end: int, text: str, rule: str) -> Mention | None:
    """``prev``'s actor, standing at text[start:end] ("They", or an empty span)."""
    if prev is None or prev.actor is None:
        return None
    label = prev.label if prev.minted else (prev.label or prev.text or None)
    return Mention(start, end, text[start:end], prev.actor, prev.minted, label, rule)


def chain(text: str, first: Mention, ments: list[Mention], limit: int, zh: bool):
    """``first`` and the mentions listed with it ("A, B and C", "A, especially B")."""
    group, emph = [first], None
    for m in ments:
        if m.start < group[-1].end or m.end > limit:
            continue
        gap = text[group[-1].end:m.start]
        bare = gap.strip(" ,，")
        hit = next((w for w in cues().emphasis if bare.casefold() == w.casefold()), None)
        if hit:
            emph = m
        elif not ((gap.strip(" ") in ZH_SEP) if zh else (gap == "" or EN_SEP.match(gap))):
            break
        group.append(m)
    if emph is not None:
        return emph, tuple(m for m in group if m is not emph)
    if len(group) > 1:  # "A, B and C": A heads, named by the whole list
        f = group[0]
        return (Mention(f.start, group[-1].end, text[f.start:group[-1].end], f.actor, f.minted,
                        f.label, f.rule), tuple(group[1:]))
    return group[0], ()
