"""Whether a noun phrase names an agent, and the actors named right after a cue.

Pure functions on one clause's canonical text, used by govkg/subjects.py and
govkg/extract.py. The word lists are data (data/cues.toml: agent_nouns_en,
non_agent_nouns_en, nominal_suffixes_en, actor_suffixes_zh, not_actor_zh,
non_agent_zh, agent_suffixes_by_zh). The rules:

* The head of an English noun phrase is its last word before a preposition, a
  relative pronoun or a participle ("The adaptation of curricula" -> adaptation,
  "Outputs produced by AI tools" -> Outputs).
* A head in agent_nouns_en names an agent (government, provider, party …); a head in
  non_agent_nouns_en, or a nominalisation (-tion, -ment, -ity, -ing …) that is not an
  agent noun, names none: such a subject gives no bearer and is never minted.
* After a cue, "X prohibits Y from …ing", "It is the responsibility of Y to …", "Nor
  may Y …" and "Recommends that Y …" name Y: the vocabulary actors there, else a short
  phrase headed by an agent noun.
* Chinese: a phrase ends like an actor when it ends with actor_suffixes_zh and not with
  a word of not_actor_zh (会议 is no 会); 由 / 被 right after a cue names the agent.
"""

from __future__ import annotations

import re

from govkg.extract.cues import cues
from govkg.extract.findings import Mention
from govkg.extract.mentions import chain, drop_quantifiers, minted

WORD = re.compile(r"[\w’'&-]+")
HEAD_STOPS = frozenset({"of", "for", "in", "with", "who", "that", "which", "whose", "on", "at",
                        "by", "to", "from", "under", "within", "across", "about", "using", "into",
                        "among", "amongst", "between"})


def head_word(phrase: str) -> str:
    """The head of an English noun phrase, casefolded."""
    words = [w.casefold() for w in WORD.findall(drop_quantifiers(phrase))]
    for i, w in enumerate(words):
        if i and (w in HEAD_STOPS or (w.endswith(("ed", "ing")) and len(w) > 4
                                      and w not in cues().agent_nouns_en)):
            return words[i - 1]
    return words[-1] if words else ""


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def is_agent_noun(word: str) -> bool:
    cfg = cues()
    if word in cfg.non_agent_nouns_en or _singular(word) in cfg.non_agent_nouns_en:
        return False  # listed as no actor ("content", "data"), whatever its ending looks like
    agents = cfg.agent_nouns_en
    return word in agents or _singular(word) in agents or bool(cfg.agent_head_en.fullmatch(word))


def names_no_agent(phrase: str) -> bool:
    """Is the phrase headed by an abstract or process noun (no actor)?"""
    head = head_word(phrase)
    cfg = cues()
    if not head or head in cfg.agent_nouns_en or _singular(head) in cfg.agent_nouns_en:
        return False
    if head in cfg.non_agent_nouns_en or _singular(head) in cfg.non_agent_nouns_en:
        return True
    return _singular(head).endswith(cfg.nominal_suffixes_en)


def names_agent(phrase: str) -> bool:
    """Is the phrase headed by an agent noun (agent_nouns_en)?"""
    head = head_word(phrase)
    return head in cues().agent_nouns_en or _singular(head) in cues().agent_nouns_en


# ------------------------------------------------------------------ English, after a cue

def object_after(text: str, pos: int, ments: list[Mention], joiners: str = r"to|from"):
    """(actors, where the action starts) of "… Y to/from …ing" right after ``pos``, or
    ((), pos) when no actor stands before the joiner."""
    m = re.match(rf"\s*((?:(?!\b(?:{joiners})\b)[^,;:.])" + r"{1,90}?)\s+(?:" + joiners + r")\s+(?=\w)",
                 text[pos:])
    if m is None:
        return (), pos
    a, b = pos + m.start(1), pos + m.end(1)
    found = _named(text, a, b, ments)
    return (found, pos + m.end()) if found else ((), pos)


def subject_after(text: str, pos: int, ments: list[Mention]):
    """(actors, action start) of the subject right after an inverted cue ("Nor may
    providers sell …"): a vocabulary actor there, else up to three words ending in an
    agent noun."""
    lead = pos
    while lead < len(text) and text[lead] == " ":
        lead += 1
    words = list(WORD.finditer(text, lead, min(len(text), lead + 80)))
    k = 0
    while k < len(words) - 1 and words[k].group(0).casefold() in cues().name_drop_en:
        k += 1
    first = next((x for x in ments if x.start in (lead, words[k].start() if words else lead)), None)
    if first is not None:
        main, co = chain(text, first, ments, len(text), False)
        return (main, *co), main.end if not co else co[-1].end
    for j in range(min(len(words), k + 3) - 1, k - 1, -1):
        if is_agent_noun(words[j].group(0).casefold()):
            return (minted(text, lead, words[j].end()),), words[j].end()
    return (), pos


def _named(text: str, a: int, b: int, ments: list[Mention]) -> tuple[Mention, ...]:
    inside = [x for x in ments if a <= x.start and x.end <= b]
    if inside:
        main, co = chain(text, inside[0], ments, b, False)
        return (main, *co)
    phrase = text[a:b].strip()
    words = WORD.findall(phrase)
    if not words or len(words) > 6 or not is_agent_noun(words[-1].casefold()):
        return ()
    lead = a + (len(text[a:b]) - len(text[a:b].lstrip()))
    return (minted(text, lead, lead + len(phrase)),)


def that_addressees(text: str, pos: int, ments: list[Mention]) -> tuple[Mention, ...]:
    """Y of "Recommends that Y adopt …" (the subject of the that-clause), or ()."""
    m = re.match(r"\s*(?:that\s+)", text[pos:], re.I)
    if m is None:
        return ()
    found, _ = subject_after(text, pos + m.end(), ments)
    return found


# ------------------------------------------------------------------ Chinese

def ends_like_actor_zh(phrase: str, extra: tuple[str, ...] = ()) -> bool:
    cfg = cues()
    return (phrase.endswith(cfg.actor_suffixes_zh + extra) and not phrase.endswith(cfg.not_actor_zh)
            and not phrase.endswith(cfg.non_agent_zh))


def actor_end_zh(text: str, s: int, stop: int, extra: tuple[str, ...] = ()) -> int | None:
    """The end of the longest phrase text[s:i] (i <= stop, within subject_max_chars_zh)
    that ends like an actor, where the suffix does not begin a longer word (处理)."""
    cfg = cues()
    for i in range(min(stop, s + cfg.subject_max_chars_zh), s, -1):
        if ends_like_actor_zh(text[s:i], extra) and not any(
                text.startswith(w, i - k) for w in cfg.suffix_continues_zh for k in range(1, len(w))
                if i - k >= s and text[i - k:i] == w[:k]):
            return i
    return None


SUBORDINATE_ZH = ("时", "時", "的", "后", "後", "前", "中", "期间", "期間")
PREPOSITIONS_ZH = "向对對在把将將从從于於被为為"


def opening_actor_zh(text: str, lead: int, seg_end: int) -> int | None:
    """The end of the actor phrase opening a subordinate segment text[lead:seg_end]
    ("各機關採購生成式AI服務時", "用人单位应用人工智能开展招聘的"), or None."""
    seg = text[lead:seg_end]
    if not seg.endswith(SUBORDINATE_ZH):
        return None
    cut = next((i for i in range(lead + 1, seg_end) if text[i] in PREPOSITIONS_ZH), seg_end)
    return actor_end_zh(text, lead, cut)


def agent_by_zh(text: str, pos: int, ments: list[Mention]):
    """(found, agent) after a Chinese cue: ``found`` is True when 由 or 被 follows
    (adverbs aside), ``agent`` the phrase after it that ends like an actor (a
    vocabulary actor, or minted), else None (被 with no agent: nobody named)."""
    cfg = cues()
    at = pos
    for adv in cfg.adverbs_zh:
        if text.startswith(adv, at):
            at += len(adv)
    if at >= len(text) or text[at] not in "由被":
        return False, None
    s = at + 1
    first = next((x for x in ments if x.start == s), None)
    if first is not None:
        main, _ = chain(text, first, ments, len(text), True)
        return True, main
    stop = next((i for i in range(s, len(text)) if text[i] in "，,；;。：:"), len(text))
    end = actor_end_zh(text, s, stop, cfg.agent_suffixes_by_zh if text[at] == "由" else ())
    return True, (minted(text, s, end) if end else None)
