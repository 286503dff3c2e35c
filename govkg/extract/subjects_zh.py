"""Chinese subjects and listed addressees (see govkg/subjects.py for the rules)."""

from __future__ import annotations

import re

from govkg.extract.agents import ends_like_actor_zh, opening_actor_zh
from govkg.extract.cues import cues
from govkg.extract.findings import ISSUER, Mention
from govkg.extract.mentions import chain, minted

ZH_BOUNDARY = "，,；;：:"


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
        if k == 0:
            found = _zh_phrase(text, lead, pos, ments, first)
            if found is not None:
                return found
        if first is not None:
            return chain(text, first, ments, pos, True)
        if k > 0:  # "各機關採購…時，應…": the actor opening the subordinate clause
            end = opening_actor_zh(text, lead, seg_starts[len(seg_starts) - k] - 1)
            if end is not None:
                return minted(text, lead, end), ()
    return None, ()


def _zh_phrase(text: str, lead: int, pos: int, ments: list[Mention], first: Mention | None):
    """The subject phrase text[lead:cue] of the cue's own segment, if it is one."""
    cfg = cues()
    end = pos
    for adv in cfg.adverbs_zh:
        if text[lead:end].endswith(adv) and end - len(adv) > lead:
            end -= len(adv)
    ana = cfg.anaphora.match(text, lead)
    if ana and ana.end() == end:
        return Mention(lead, end, text[lead:end], None, rule="anaphor"), ()
    if first is not None:
        main, co = chain(text, first, ments, end, True)
        if (co[-1].end if co else main.end) == end:
            return main, co
    cand = text[lead:end]
    if "、" in cand and first is None and not ends_like_actor_zh(cand.split("、", 1)[0]):
        # "滥用技术、用户有权…": the run before the last 、 names nobody, so only its last item can
        last = cand.rfind("、") + 1
        tail = next((m for m in ments if m.start == lead + last and m.end == end), None)
        if tail is not None:
            return tail, ()
        return None
    if not cand or len(cand) > cfg.subject_max_chars_zh or not ends_like_actor_zh(cand):
        return None
    tail = next((m for m in ments if m.end == end and m.start >= lead), None)
    if tail is not None and tail.actor != ISSUER:
        return Mention(lead, end, cand, tail.actor), ()
    return minted(text, lead, end), ()


def list_after_zh(text: str, pos: int, ments: list[Mention]) -> tuple[Mention, ...]:
    """The actors listed right after a Chinese cue (鼓励产业、学术机构与公民团体…):
    items split at 、和与及, each ending like an actor; the last one cut where it does."""
    cfg = cues()
    stop = next((i for i in range(pos, len(text)) if text[i] in "，,；;。：:等"), len(text))
    items, start = [], pos
    for m in re.finditer(r"[、和与與及]|$", text[pos:stop]):
        items.append((start, pos + m.start(), m.group(0)))
        start = pos + m.end()
    out, carry = [], None
    for k, (s, e, sep) in enumerate(items):
        s = carry if carry is not None else s
        seg = text[s:e]
        named = ends_like_actor_zh(seg) or any(m.start >= s and m.end == e for m in ments)
        last = k == len(items) - 1 or not (named or sep in "和与與及")
        if last:
            ends = [i for i in range(len(seg), 0, -1) if ends_like_actor_zh(seg[:i])
                    or any(m.start >= s and m.end == s + i for m in ments)]
            if not ends or ends[0] > cfg.subject_max_chars_zh:
                break
            e = s + ends[0]
            if k < len(items) - 1:
                tail = next((m for m in ments if m.start == s and m.end == e), None)
                out.append(tail or minted(text, s, e))
                break
        elif not (ends_like_actor_zh(text[s:e]) or any(m.end == e for m in ments)):
            carry = s  # "教育和科研机构" is one item
            continue
        carry = None
        if e - s > cfg.subject_max_chars_zh:
            break
        tail = next((m for m in ments if m.start == s and m.end == e), None)
        out.append(tail or minted(text, s, e))
    return tuple(out)


def after_cue_zh(text: str, pos: int, ments: list[Mention]) -> tuple[Mention, ...]:
    first = next((m for m in ments if m.start == pos), None)
    listed = list_after_zh(text, pos, ments)
    if first is None or (listed and listed[0].start == pos and len(listed) > 1
                         and listed[0].end >= first.end):
        return listed
    main, rest = chain(text, first, ments, len(text), True)
    if rest:
        main = Mention(first.start, first.end, first.text, first.actor)
    return tuple(sorted((main, *rest), key=lambda m: m.start))
