"""Who a clause names: actor mentions, the subject before a cue, the actors after it.

Pure functions on one clause's canonical text (the extract stage threads a
``Context`` from clause to clause). The rules, applied in this order:

* "We" / 我們 / 我们 is the work's issuer (Mention.actor == ISSUER).
* A pronoun subject (They, It, Such actors, 其, 他们 — data/cues.toml ``anaphora_*``)
  is the previous clause's bearer in the same provision (rule "previous-bearer").
* English: the subject is the noun phrase right before the cue (adverbs aside), never
  a prepositional phrase or a parenthesis ("States, in accordance with …, should").
  A vocabulary actor that heads the phrase bears it ("Providers of AI services" ->
  providers); one that only modifies it does not ("the UN sustainable development
  goals" is not the United Nations): the whole phrase is then a new actor.
* Chinese: a vocabulary actor opening a comma segment up to the cue, else the text
  from the segment's start to the cue when it is short and ends like an actor
  (提供者, 网信部门: ``actor_suffixes_zh``).
* A phrase the vocabulary lacks gives a minted mention (``minted`` true, ``label`` the
  phrase without its article, ``actor`` its stable slug: govkg.vocab.minted_slug).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .cues import cues
from .findings import ISSUER, Mention
from .vocab import actor_label, actors, lookup_actor, minted_slug

PREPOSITIONS = {"in", "with", "to", "for", "by", "of", "from", "among", "including", "on",
                "between", "towards", "toward", "against", "than", "like", "such", "as", "at",
                "under", "within", "through", "across", "about", "into", "over", "upon", "after",
                "before", "during", "without", "via", "per"}
QUESTION_WORDS = {"what", "how", "why", "which", "whether", "who", "whom", "when", "where"}
EN_SEP = re.compile(r"^(?:\s*,\s*(?:and|or)?\s*|\s+(?:and|or)\s+)$", re.I)
ZH_SEP = set("、，,和及與与或") | {""}
ZH_BOUNDARY = "，,；;：:"
WORD = re.compile(r"[\w’'&-]+")


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
    bare = _drop_determiners(phrase)
    slug = lookup_actor(phrase) or lookup_actor(bare)
    if slug:
        return Mention(a, b, phrase, slug)
    label = actor_label(phrase, initial)
    return Mention(a, b, phrase, minted_slug(label), minted=True, label=label)


def _drop_determiners(phrase: str) -> str:
    words = phrase.split()
    while len(words) > 1 and words[0].casefold() in cues().determiners_en:
        words = words[1:]
    return " ".join(words)


def inherited(prev: Mention | None, start: int, end: int, text: str, rule: str) -> Mention | None:
    """``prev``'s actor, standing at text[start:end] ("They", or an empty span)."""
    if prev is None or prev.actor is None:
        return None
    return Mention(start, end, text[start:end], prev.actor, prev.minted, prev.label, rule)


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
    return group[0], tuple(group[1:])


# ------------------------------------------------------------------ English noun phrases

def _strip_adverbs(text: str, start: int, end: int) -> int:
    """``end`` moved left past adverbs ("We also", "States themselves")."""
    adverbs = sorted(cues().adverbs_en, key=len, reverse=True)
    while end > start:
        head = text[start:end].rstrip()
        low = head.casefold()
        hit = next((a for a in adverbs if low.endswith(a) and
                    (len(low) == len(a) or not low[-len(a) - 1].isalnum())), None)
        if hit is None:
            return start + len(head)
        end = start + len(head) - len(hit)
    return end


def _opens_parenthesis(seg: str) -> bool:
    low = seg.strip().casefold()
    return not low or any(low == p or low.startswith(p + " ") for p in cues().parenthetical_en)


def phrase_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The noun phrase that ends at ``end`` (after ``start``), or None."""
    head = text[start:end]
    if head.rstrip().endswith(","):  # "X, including Y, should": X is the subject
        pos = start
        for seg in re.finditer(r"[^,]+", head):
            if not _opens_parenthesis(seg.group(0)):
                pos = start + seg.start()
                a, b = pos, start + seg.end()
                return _trim(text, a, b)
        return None
    a = end
    for m in reversed(list(re.finditer(r"[^\s]+", head))):
        tok = m.group(0)
        word = tok.strip("“”\"'()").casefold()
        if tok.endswith((",", ";", ":", "—", ")")) and start + m.end() < end:
            break
        if word in cues().subject_breaks_en:
            break
        a = start + m.start()
    if a >= end:
        return None
    return _trim(text, a, end)


def _trim(text: str, a: int, b: int) -> tuple[int, int] | None:
    while a < b and not (text[a].isalnum() or text[a] in "“\"'"):
        a += 1
    while b > a and not (text[b - 1].isalnum() or text[b - 1] in "”\"')"):
        b -= 1
    return (a, b) if b > a else None


def _is_noun_phrase(phrase: str) -> bool:
    words = [w.casefold() for w in WORD.findall(phrase)]
    if not words or len(words) > 12:
        return False
    if words[0] in PREPOSITIONS or words[0] in QUESTION_WORDS:
        return False
    return any(w not in cues().determiners_en for w in words)


def _heads(text: str, m: Mention, b: int) -> bool:
    """Does the vocabulary mention ``m`` head the phrase ending at ``b`` (not modify it)?"""
    rest = text[m.end:b].strip()
    if not rest:
        return True
    nxt = WORD.match(rest)
    word = nxt.group(0).casefold() if nxt else ""
    return (rest[0] in ",(" or word in PREPOSITIONS or word in cues().subject_breaks_en
            or word in ("and", "or", "who", "responsible", "involved", "concerned")
            or word.endswith(("ing", "ed")))


def phrase_mention(text: str, a: int, b: int, ments: list[Mention], limit: int,
                   initial: bool) -> tuple[Mention | None, tuple[Mention, ...]]:
    """Bearer (and co-bearers) for the noun phrase text[a:b]."""
    phrase = text[a:b]
    if cues().anaphora.fullmatch(phrase.strip()):
        return Mention(a, b, phrase, None, rule="anaphor"), ()
    lead = a
    words = list(WORD.finditer(text, a, b))
    for w in words[:-1]:
        if w.group(0).casefold() in cues().determiners_en:
            lead = w.end()
            while lead < b and text[lead] == " ":
                lead += 1
            continue
        break
    first = next((m for m in ments if m.start in (a, lead) and m.end <= b), None)
    if first is not None and _heads(text, first, b):
        main, co = chain(text, first, ments, limit, False)
        if not co and main is first and (first.end < b or first.start > a) and first.actor != ISSUER:
            main = Mention(a, b, phrase, first.actor)
        return main, co
    if not _is_noun_phrase(phrase):
        return None, ()
    return minted(text, a, b, initial and a <= _clause_start(text)), ()


def _clause_start(text: str) -> int:
    m = re.match(r"\s*(?:\(?[a-zA-Z0-9]{1,4}[.)]\s+)?", text)
    return m.end() if m else 0


def subject_en(text: str, region: int, pos: int, ments: list[Mention]):
    """(bearer, co-bearers) of a cue at ``pos``: the noun phrase before it in the region."""
    end = _strip_adverbs(text, region, pos)
    span = phrase_span(text, region, end)
    if span is None:
        return None, ()
    return phrase_mention(text, span[0], span[1], ments, pos, True)


def adjacent_subject(text: str, region: int, pos: int, ments: list[Mention]) -> bool:
    """Is a subject right before ``pos`` (adverbs aside): a vocabulary actor or "we",
    or a short phrase that opens the clause ("Organizations commit to …")?"""
    end = _strip_adverbs(text, 0, pos)
    if any(m.end == end for m in ments):
        return True
    span = phrase_span(text, region, end)
    return (span is not None and span[1] == end and span[0] <= _clause_start(text) + 4
            and len(text[span[0]:span[1]].split()) <= 6 and _is_noun_phrase(text[span[0]:span[1]]))


def phrase_after(text: str, pos: int, ments: list[Mention], need_to: bool) -> tuple[Mention, ...]:
    """The actors named right after ``pos`` ("Calls upon all States and the private
    sector to …"): vocabulary actors listed together, else (``need_to``: only when a
    "to"-infinitive follows) the phrase up to " to ", split at commas and "and"."""
    while pos < len(text) and text[pos] == " ":
        pos += 1
    m = re.match(r"(?:(?:the|all|relevant|other|every|each)\s+)+", text[pos:], re.I)
    lead = pos + (m.end() if m else 0)
    first = next((x for x in ments if x.start in (pos, lead)), None)
    to = re.search(r"\s+to\s+\w", text[pos:pos + 160])
    stop = pos + to.start() if to else None
    if first is not None and (stop is None or _heads(text, first, stop)):
        main, rest = chain(text, first, ments, len(text), False)
        return tuple(sorted((main, *rest), key=lambda x: x.start))
    if not need_to or stop is None or re.search(r"[;:.]", text[pos:stop]):
        return ()
    out = []
    for part in re.finditer(r"[^,]+?(?=\s*(?:,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+|$))", text[pos:stop]):
        span = _trim(text, pos + part.start(), pos + part.end())
        if span and _is_noun_phrase(text[span[0]:span[1]]):
            bearer, co = phrase_mention(text, span[0], span[1], ments, stop, False)
            out += [x for x in (bearer, *co) if x is not None and x.rule != "anaphor"]
    return tuple(out)


def passive_agent(text: str, a: int, b: int, ments: list[Mention]) -> Mention | None:
    """X of "… should be reviewed by X" within the action text[a:b], when X heads like
    an actor (a vocabulary actor, or a phrase ending in ``agent_head_en``)."""
    m = re.search(r"\bby\s+", text[a:b])
    if m is None:
        return None
    s = a + m.end()
    tail = re.match(r"[^,;:.()]+?(?=\s+(?:to|in|on|for|with|where|when|and\s+(?:to|be)|that|which|"
                    r"before|after|at|as|if|under|within|through|so)\b|[,;:.()]|$)", text[s:b])
    if tail is None:
        return None
    span = _trim(text, s, s + tail.end())
    if span is None or span[1] - span[0] < 2:
        return None
    if WORD.match(text, span[0]) and WORD.match(text, span[0]).group(0).casefold().endswith("ing"):
        return None
    found, _ = phrase_mention(text, span[0], span[1], ments, span[1], False)
    if found is None or found.rule == "anaphor":
        return None
    last = WORD.findall(text[span[0]:span[1]])
    if found.minted and not (last and cues().agent_head_en.fullmatch(last[-1])):
        return None
    return Mention(found.start, found.end, found.text, found.actor, found.minted, found.label,
                   "passive-agent")


# ------------------------------------------------------------------ Chinese subjects

def subject_zh(text: str, region: int, pos: int, ments: list[Mention]):
    """(bearer, co-bearers): the subject opening a comma segment at or before the cue."""
    cfg = cues()
    seg_starts = [region] + [i + 1 for i in range(region, pos) if text[i] in ZH_BOUNDARY]
    for k, seg in enumerate(reversed(seg_starts)):
        lead = seg
        if seg == 0:
            m = cfg.zh_marker.match(text)
            lead = m.end() if m else 0
        while lead < pos and text[lead] in " —-“「":
            lead += 1
        first = next((m for m in ments if m.start == lead and m.end <= pos), None)
        if first is not None:
            return chain(text, first, ments, pos, True)
        if k:
            continue
        end = pos
        for adv in cfg.adverbs_zh:
            if text[lead:end].endswith(adv) and end - len(adv) > lead:
                end -= len(adv)
        ana = cfg.anaphora.match(text, lead)
        if ana and ana.end() == end:
            return Mention(lead, end, text[lead:end], None, rule="anaphor"), ()
        cand = text[lead:end]
        if not cand or len(cand) > cfg.subject_max_chars_zh or not cand.endswith(cfg.actor_suffixes_zh):
            continue
        tail = next((m for m in ments if m.end == end and m.start >= lead), None)
        if tail is not None and tail.actor != ISSUER:
            return Mention(lead, end, cand, tail.actor), ()
        return minted(text, lead, end), ()
    return None, ()


def subject(text: str, lang: str, region: int, pos: int, ments: list[Mention]):
    return (subject_zh if is_zh(lang) else subject_en)(text, region, pos, ments)


def after_cue_zh(text: str, pos: int, ments: list[Mention]) -> tuple[Mention, ...]:
    first = next((m for m in ments if m.start == pos), None)
    if first is None:
        return ()
    main, rest = chain(text, first, ments, len(text), True)
    return tuple(sorted((main, *rest), key=lambda m: m.start))
