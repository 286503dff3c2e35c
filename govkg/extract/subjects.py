"""Who a clause names: the subject before a cue, the actors after it (mentions
themselves: govkg/mentions.py; Chinese subjects: govkg/subjects_zh.py).

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
  phrase without its article, ``actor`` its stable slug: govkg.extract.vocab.minted_slug).
"""

from __future__ import annotations

import re

from govkg.extract.agents import names_no_agent
from govkg.extract.cues import cues
from govkg.extract.findings import ISSUER, Mention
from govkg.extract.mentions import chain, drop_determiners, is_zh, minted
from govkg.extract.subjects_zh import subject_zh

PREPOSITIONS = {"in", "with", "to", "for", "by", "of", "from", "among", "including", "on",
                "between", "towards", "toward", "against", "than", "like", "such", "as", "at",
                "under", "within", "through", "across", "about", "into", "over", "upon", "after",
                "before", "during", "without", "via", "per"}
QUESTION_WORDS = {"what", "how", "why", "which", "whether", "who", "whom", "when", "where"}
WORD = re.compile(r"[\w’'&-]+")


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
        for seg in re.finditer(r"[^,]+", head):
            if not _opens_parenthesis(seg.group(0)):
                return _trim(text, start + seg.start(), start + seg.end())
        return None
    a = _walk_back(text, start, end)
    if a is None:
        return None
    rel = _relative_head(text, start, a)
    if rel is not None:
        a = rel
    listed = _list_head(text, start, a, end)
    if listed is not None:
        a = listed
    return _trim(text, a, end)


def _walk_back(text: str, start: int, end: int) -> int | None:
    a = end
    toks = list(re.finditer(r"[^\s]+", text[start:end]))
    for k in range(len(toks) - 1, -1, -1):
        tok = toks[k].group(0)
        word = tok.strip("“”\"'()").casefold()
        if tok.endswith((",", ";", ":", "—", ")")) and start + toks[k].end() < end:
            break
        if word in cues().subject_breaks_en:
            break
        if (word in ("and", "or", "but") and k and toks[k - 1].group(0).endswith((",", ";"))
                and not _list_before(text, start, start + toks[k - 1].end())):
            break  # "…, and you must not": a new clause, not the last item of a list
        a = start + toks[k].start()
    return a if a < end else None


def _list_before(text: str, start: int, pos: int) -> bool:
    """Do only noun-phrase list items ("Designers, developers,") stand from the region
    start to ``pos``?"""
    before = text[:start].strip()
    if len(before) > 5 and not before.endswith((";", ":", "；", "：")):
        return False  # the region starts inside an action ("… must log requests, and …")
    items = [x.strip() for x in text[start:pos].split(",") if x.strip()]
    return bool(items) and all(_is_noun_phrase(x) and len(x.split()) <= 4
                               and not any(w.casefold() in PRONOUNS | cues().subject_breaks_en
                                           for w in x.split()) for x in items)


PRONOUNS = {"i", "you", "we", "they", "he", "she", "it", "them", "us", "him", "her"}


def _relative_head(text: str, start: int, a: int) -> int | None:
    """"Organizations that provide models should": the head before "that / who /
    which" when the walk stopped inside a relative clause."""
    before = text[start:a]
    lo = 0
    for m in re.finditer(r"\b(?:that|who|which|whose)\b", before, re.I):
        found = _relative_left(text, start, before, m, lo)
        if found is not None:
            return found
        lo = m.end()
    return None


def _relative_left(text: str, start: int, before: str, m, lo: int) -> int | None:
    """The start of the noun phrase before the relative word ``m`` (after ``lo``)."""
    marks = [x.end() for x in re.finditer(r"\(\w{1,3}\)\s", before[:m.start()])]
    seg_start = start + max(before.rfind(",", 0, m.start()) + 1, before.rfind(";", 0, m.start()) + 1,
                            lo, *marks)
    left = text[seg_start:start + m.start()].strip()
    words = left.split()
    if not words or len(words) > 6 or not _is_noun_phrase(left):
        return None
    if any(w.casefold() in cues().subject_breaks_en or w.casefold() in ("we", "i", "it", "you")
           for w in words):
        return None
    last = words[-1].casefold()
    stem = last[:-1] if last.endswith("s") else last
    if last in cues().that_verbs_en or stem in cues().that_verbs_en or last.endswith("ly"):
        return None
    return seg_start + (len(text[seg_start:]) - len(text[seg_start:].lstrip()))


def _list_head(text: str, start: int, a: int, end: int) -> int | None:
    """"Designers, developers and deployers should": the list's first items, when the
    phrase found is the list's last ones ("developers and deployers")."""
    if not re.search(r"\b(?:and|or)\b", text[a:end]):
        return None
    pos = a
    while True:
        m = re.search(r"([\w’'&-]+(?:\s+[\w’'&-]+)?),\s*$", text[start:pos])
        if not m or m.group(1).casefold().split()[0] in PREPOSITIONS | cues().subject_breaks_en:
            break
        if _opens_parenthesis(m.group(1)) or not _list_before(text, start, start + m.end()):
            break
        pos = start + m.start(1)
    return pos if pos < a else None


def _trim(text: str, a: int, b: int) -> tuple[int, int] | None:
    while a < b and not (text[a].isalnum() or text[a] in "“\"'"):
        a += 1
    while b > a and not (text[b - 1].isalnum() or text[b - 1] in "”\"')"):
        b -= 1
    return (a, b) if b > a else None


def _is_noun_phrase(phrase: str) -> bool:
    words = [w.casefold() for w in WORD.findall(phrase)]
    limit = 20 if {"who", "that", "which", "whose"} & set(words) else 12  # a relative clause
    if not words or len(words) > limit:
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
    # a participle after a plural head modifies it ("States using AI"); after a
    # singular name it is the phrase's own head's modifier ("the UN reporting templates")
    participle = word.endswith(("ing", "ed")) and m.text.casefold().endswith("s")
    return (rest[0] in ",(" or word in PREPOSITIONS or word in cues().subject_breaks_en
            or word in ("and", "or", "who", "responsible", "involved", "concerned") or participle)


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
    if not _is_noun_phrase(phrase) or names_no_agent(phrase):
        return None, ()  # "The adaptation of curricula should be …" names nobody
    return minted(text, a, b, initial and a <= _clause_start(text)), ()


def _clause_start(text: str) -> int:
    m = re.match(r"\s*(?:\(?[a-zA-Z0-9]{1,4}[.)]\s+)?", text)
    return m.end() if m else 0


def subject_en(text: str, region: int, pos: int, ments: list[Mention]):
    """(bearer, co-bearers) of a cue at ``pos``: the noun phrase before it in the region."""
    end = _strip_adverbs(text, region, pos)
    coord = COORDINATED.search(text, region, end)
    if region > 0 and coord is not None:  # "… should respect X and should not Y": the same subject
        return Mention(coord.start(), coord.start(), "", None, rule="coordinated"), ()
    span = phrase_span(text, region, end)
    if span is None:
        return None, ()
    return phrase_mention(text, span[0], span[1], ments, pos, True)


COORDINATED = re.compile(r"\s*,?\s+(?:and|or|but)(?:\s+(?:also|then|thus))?\s*$", re.I)


def adjacent_subject(text: str, region: int, pos: int, ments: list[Mention], lang: str = "en") -> bool:
    """Is a subject right before ``pos`` (adverbs aside): a vocabulary actor or "we",
    or (English) a short phrase that opens the clause ("Organizations commit to …"),
    (Chinese) a subject phrase ending at the cue?"""
    if is_zh(lang):
        end = pos
        for adv in cues().adverbs_zh:
            if text[region:end].endswith(adv):
                end -= len(adv)
        if any(m.end == end for m in ments):
            return True
        found, _ = subject_zh(text, region, pos, ments)
        return found is not None and found.end == end
    end = _strip_adverbs(text, 0, pos)
    if any(m.end == end and m.start >= region for m in ments):
        return True
    span = phrase_span(text, region, end)
    if span is None or span[1] != end or span[0] > _clause_start(text) + 4:
        return False
    words = [w.casefold() for w in WORD.findall(text[span[0]:span[1]])]
    return len(words) <= 6 and "to" not in words and _is_noun_phrase(text[span[0]:span[1]])


def phrase_after(text: str, pos: int, ments: list[Mention], need_to: bool) -> tuple[Mention, ...]:
    """The actors named right after ``pos`` ("Calls upon all States and the private
    sector to …", "We support the work of X and Y"): each item of the list up to the
    "to"-infinitive (or, without one, the vocabulary actors listed there)."""
    while pos < len(text) and text[pos] == " ":
        pos += 1
    of = cues().addressee_of_en.match(text, pos)
    if of:
        pos = of.end()
        end = re.search(r"[;:.]|\s+(?:to|in|for|at|through|towards?)\s|$", text[pos:])
        return actor_list(text, pos, pos + end.start(), ments)
    to = re.search(r"\s+to\s+\w", text[pos:pos + 200])
    stop = pos + to.start() if to else None
    if stop is not None and not re.search(r"[;:.]", text[pos:stop]):
        return actor_list(text, pos, stop, ments)
    m = re.match(r"(?:(?:the|all|relevant|other|every|each)\s+)+", text[pos:], re.I)
    lead = pos + (m.end() if m else 0)
    first = next((x for x in ments if x.start in (pos, lead)), None)
    if first is None:
        return ()
    return _listed(text, first, ments)


def _listed(text: str, first: Mention, ments: list[Mention]) -> tuple[Mention, ...]:
    main, rest = chain(text, first, ments, len(text), False)
    if rest:
        main = Mention(first.start, first.end, first.text, first.actor, first.minted, first.label)
    return tuple(sorted((main, *rest), key=lambda x: x.start))


def actor_list(text: str, a: int, b: int, ments: list[Mention]) -> tuple[Mention, ...]:
    """One mention per item of the list text[a:b] ("A, B and, where appropriate, C")."""
    out = []
    for part in re.finditer(r"[^,]+", text[a:b]):
        for item in re.split(r"\s+(?:and|or|as well as)\s+|^(?:and|or)\s+|\s+(?:and|or)$",
                             part.group(0)):
            if not item or not item.strip() or _opens_parenthesis(item):
                continue
            s = a + part.start() + part.group(0).find(item)
            span = _trim(text, s, s + len(item))
            if span and _is_noun_phrase(text[span[0]:span[1]]):
                found, _ = phrase_mention(text, span[0], span[1], ments, span[1], False)
                if found is not None and found.rule != "anaphor" and (
                        not found.minted or _actor_like(text[span[0]:span[1]])):
                    out.append(found)
    return tuple(out)


def _actor_like(phrase: str) -> bool:
    """A phrase the vocabulary lacks names an actor when it heads like one ("regional
    banks", "standards bodies") or is a proper name ("Global Partnership on AI"), not
    when it names an activity ("discussions within the UN framework")."""
    words = [w for w in WORD.findall(drop_determiners(phrase))]
    return bool(words) and (words[0][:1].isupper() or bool(cues().agent_head_en.fullmatch(words[-1])))


def passive_agent(text: str, a: int, b: int, ments: list[Mention]) -> Mention | None:
    """X of "… should be reviewed by X" within the action text[a:b], when X heads like
    an actor (a vocabulary actor, or a phrase ending in ``agent_head_en``)."""
    m = re.search(r"\bby\s+", text[a:b])
    if m is None:
        return None
    s = a + m.end()
    tail = re.match(r"[^,;:.()]+?(?=\s+(?:to|in|on|for|with|where|when|and\s+(?:to|be)|that|which|"
                    r"before|after|at|as|if|under|within|through|so|every|each|annually|regularly|"
                    r"periodically|once|twice|whenever|no)\b|[,;:.()]|$)", text[s:b])
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


def subject(text: str, lang: str, region: int, pos: int, ments: list[Mention]):
    return (subject_zh if is_zh(lang) else subject_en)(text, region, pos, ments)


