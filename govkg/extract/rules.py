"""Extract: typed commitments (with cue, bearer, action, addressees, opposed practices
and targeted parties) and principle tags from one clause's canonical text.

Pure functions; the vocabularies are data (ontology/actors.ttl,
ontology/principles.ttl, data/cues.toml, whose header lists the types given). Who
bears a commitment is govkg/subjects.py's job.

Choices, applied consistently:

* A clause that is a question, a definition or interpretive sentence ("should be
  understood as"), a preambular recital ("Recalling …"), a declaratory operative
  paragraph ("Reaffirms …") or a heading states no commitment ([non_commitment]).
* One commitment per cue. "We should X, Y and Z" is ONE obligation whose action is
  "X, Y and Z". A second modal with its own subject starts a second one. An action
  ends at the next cue, at a semicolon, or at the end of the sentence.
* Polarity: a negated modal ("should not", 不得, 不应) is a Prohibition, the negation
  inside the cue and the action positive; "Y should be avoided" is an agentless
  Prohibition of Y. The longest cue wins, so "should not" never also gives an
  Obligation.
* A support verb governed by a modal is part of the obligation's action: "We should
  actively support …" is an obligation, not a support. In English a Support cue needs
  its subject right before it ("We support", "The Council encourages"); in Chinese
  支持 / 鼓勵 / 呼籲 / 歡迎 count unless a modal precedes them in the clause.
* Resolution style: an operative paragraph opening with a capitalised verb
  ("Encourages Member States to …") is borne by the speaking body (Context.speaker:
  the body named in the work's opening, else the issuer); the actors after a call are
  its addressees.
* "avoid …" (not "to avoid"), "(prevent and) fight against …", 避免, (防范和)打擊 add
  a Prohibition inside the action of the obligation around them.
* A passive ("Efforts should be made") has no bearer unless "by X" names one; a named
  subject always gives a bearer, a new actor when the vocabulary lacks it.
* Chinese 應 inside 應用, 應對, 供應鏈, 回應, 響應, 适应 … is not a modal.
"""

from __future__ import annotations

import re

from govkg.extract.agents import (
    agent_by_zh,
    names_agent,
    names_no_agent,
    object_after,
    subject_after,
    that_addressees,
)
from govkg.extract.cues import Rule, cues
from govkg.extract.findings import ISSUER, Finding, Mention
from govkg.extract.mentions import Context, inherited, is_zh, mentions
from govkg.extract.projection import project  # noqa: F401  (public API: extract.project)
from govkg.extract.subjects import (
    actor_list,
    adjacent_subject,
    passive_agent,
    phrase_after,
    phrase_span,
    subject,
    subject_en,
)
from govkg.extract.subjects_zh import after_cue_zh
from govkg.extract.vocab import actors, principles

__all__ = ["Context", "extract_clause", "find_cues", "mentions", "non_commitment", "project",
           "tag_principles"]

PASSIVE = re.compile(r"\s+(?:also\s+|not\s+)?be\s+(?!able\b)(?:\w+ed|\w+en|made|done|built|"
                     r"kept|set|held|led|met|sought|brought|put|paid|shut|left|sold|told|sent|spent|lost|run|"
                     r"cut|read|known|shown|drawn|thrown|seen|given|taken|bound)\b", re.I)
TRIM = " \t,，.。;；:：!！?？—"
FINAL = tuple(".;:!?。；：！？,，)\"”’」")


def non_commitment(text: str, lang: str) -> str | None:
    """Why the clause states no commitment (question, definition, recital, …), or None."""
    cfg = cues()
    for name, pattern in cfg.non_commitment:
        if pattern.search(text):
            return name
    body = text.rstrip()
    if body and not body.endswith(FINAL):
        size = len(body) if is_zh(lang) else len(body.split())
        if size <= (cfg.heading_max_chars_zh if is_zh(lang) else cfg.heading_max_words):
            return "heading"
    return None


def tag_principles(text: str, lang: str) -> list[tuple[str, int, int]]:
    """(principle slug, start, end) of each trigger phrase of ontology/principles.ttl."""
    return principles().find(text)


# ------------------------------------------------------------------ cues

def _false_compound(text: str, start: int) -> bool:
    for word in cues().false_compounds_zh:
        for k, ch in enumerate(word):
            if ch in "應应" and text[start - k:start - k + len(word)] == word:
                return True
    return False


def find_cues(text: str, lang: str, ments: list[Mention]) -> list[tuple[Rule, int, int]]:
    """The cues of the clause, in order: (rule, start, end)."""
    valid, joined = [], []
    for rule in cues().for_lang(lang):
        for m in rule.pattern.finditer(text):
            s, e = m.span("cue") if "cue" in rule.pattern.groupindex else m.span()
            if e <= s or (rule.false_compounds and _false_compound(text, s)):
                continue
            if rule.opening and text[m.start()] == ";":
                joined.append((rule, s, e))
                continue
            if rule.opening and not _opens(text, m.start(), s):
                continue
            valid.append((rule, s, e))
    # "…; calls upon …" counts where a resolution verb opens the clause
    valid += [c for c in joined if any(r.opening and ks < c[1] for r, ks, _ in valid)]
    kept: list[tuple[Rule, int, int]] = []
    for rule, s, e in sorted(valid, key=lambda c: (c[1] - c[2], -c[0].priority, c[1], c[0].rule)):
        if not any(s < ke and ks < e for _, ks, ke in kept):  # longest first wins
            kept.append((rule, s, e))
    out: list[tuple[Rule, int, int]] = []
    for rule, s, e in sorted(kept, key=lambda c: c[1]):
        if rule.governed and any(r.kind in ("Obligation", "Prohibition") and r.main and ks < s
                                 for r, ks, _ in out):
            continue  # 不得用于支持…: the support verb is part of the prohibited action
        if rule.subject and not adjacent_subject(text, out[-1][2] if out else 0, s, ments, lang):
            continue
        if rule.agent_subject and not _agent_before(text, out[-1][2] if out else 0, s, e, ments):
            continue
        if rule.agent_or_passive and not PASSIVE.match(text, e) and _abstract_before(text, s):
            continue
        out.append((rule, s, e))
    return out


def _abstract_before(text: str, s: int) -> bool:
    span = phrase_span(text, 0, s)
    return span is not None and names_no_agent(text[span[0]:span[1]])


def _agent_before(text: str, region: int, s: int, e: int, ments: list[Mention]) -> bool:
    """Does the subject of "will" name an agent (or is "will" a passive's)?"""
    if PASSIVE.match(text, e):
        return True
    bearer, _ = subject_en(text, region, s, ments)
    if bearer is None:
        return False
    if bearer.rule in ("anaphor", "coordinated"):
        return bearer.rule == "coordinated" or bearer.text.strip().casefold() != "it"
    return not bearer.minted or names_agent(bearer.text)


def _opens(text: str, at: int, cue: int) -> bool:
    """A resolution verb opens the clause with a capital."""
    first = next((c for c in text[at:cue + 1] if c.isalpha()), "")
    return first.isupper()


# ------------------------------------------------------------------ opposed practices

def _practices(text: str, start: int, end: int, zh: bool) -> tuple[tuple[int, int, str], ...]:
    obj_start = start
    if not zh:
        lead = len(text[start:end]) - len(text[start:end].lstrip())
        m = cues().means_en.match(text[start + lead:end])
        if m:
            obj_start = start + lead + m.end()
        seps = re.compile(r",\s+(?:and\s+|or\s+|as\s+well\s+as\s+)?|\s+(?:and|or|as\s+well\s+as)\s+", re.I)
    else:
        seps = re.compile(r"[、，,和及與与或]")
    cuts = []
    first_word = re.match(r"\s*(\w+)", text[obj_start:end])
    gerund_mode = bool(first_word and first_word.group(1).casefold().endswith("ing"))
    for m in seps.finditer(text, obj_start, end):
        nxt = text[m.end():end]
        if zh:
            ok = nxt.startswith(cues().practice_starters_zh)
        elif gerund_mode:
            w = re.match(r"(\w+)", nxt)
            ok = bool(w and w.group(1).casefold().endswith("ing") and len(w.group(1)) > 4)
        else:
            ok = m.group(0).lstrip().startswith(",")
        if ok:
            cuts.append((m.start(), m.end()))
    items, pos = [], obj_start
    for s, e in cuts + [(end, end)]:
        a, b = pos, s
        while a < b and text[a] in TRIM:
            a += 1
        while b > a and text[b - 1] in TRIM:
            b -= 1
        if b > a:
            items.append((a, b, text[a:b]))
        pos = e
    return tuple(items)


# ------------------------------------------------------------------ the clause

def _span_end(text: str, pos: int, stop: int) -> tuple[int, int]:
    a, b = pos, stop
    while a < b and text[a] in TRIM:
        a += 1
    while b > a and text[b - 1] in TRIM:
        b -= 1
    if not text[a:b].strip() and stop > pos:
        return pos, pos
    tail = TRAILING_CONJ.search(text, a, b)  # "… if they ask, and | you must not …"
    return (a, tail.start()) if tail and tail.start() > a else (a, b)


TRAILING_CONJ = re.compile(r"[\s,]+(?:and|or|but)$")


def _speaker(ctx: Context, text: str, at: int) -> Mention:
    return (inherited(ctx.speaker, at, at, text, "speaker")
            or Mention(at, at, "", ISSUER, rule="speaker"))


def _who(rule: Rule, text: str, lang: str, region: int, s: int, e: int, ments, ctx: Context):
    """(bearer, co-bearers, addressees from the subject, where the action starts or None)."""
    if rule.unnamed:
        return None, (), (), None
    if rule.bearer_after and not is_zh(lang):
        if rule.inverted:
            found, at = subject_after(text, e, ments)
        else:  # "prohibits Y from …", "It is the responsibility of Y to …"
            found, at = object_after(text, e, ments, "to" if rule.kind == "Obligation" else "to|from")
        return (found[0], found[1:], (), at) if found else (None, (), (), None)
    return (*_who_before(rule, text, lang, region, s, e, ments, ctx), None)


def _who_before(rule: Rule, text: str, lang: str, region: int, s: int, e: int, ments, ctx: Context):
    if rule.speaker:
        addressees: tuple[Mention, ...] = ()
        if rule.subject_addressee:
            subj, co = subject(text, lang, region, s, ments)
            addressees = tuple(m for m in (subj, *co) if m is not None and m.rule != "anaphor")
            span = phrase_span(text, region, s) if not is_zh(lang) else None
            if span is not None:
                addressees = actor_list(text, span[0], span[1], ments) or addressees
        return _speaker(ctx, text, s), (), addressees
    if rule.bearer_after:
        after = after_cue_zh(text, e, ments) if is_zh(lang) else phrase_after(text, e, ments, False)
        return (after[0], after[1:], ()) if after else (None, (), ())
    if rule.action_before:
        return None, (), ()
    bearer, co = subject(text, lang, region, s, ments)
    return bearer, co, ()


LEAD_MARKER = re.compile(r"(?:\(?[a-z]{1,2}\)|\(?[ivx]{1,4}\)|\d{1,3}[.)]|[（(][一二三四五六七八九十]{1,3}[）)])\s*")


def extract_clause(text: str, lang: str, ctx: Context | None = None) -> list[Finding]:
    """The commitments stated in one clause (canonical text, whitespace folded).

    ``ctx``: the speaking body of the work and the previous clause's bearer (for
    resolution style and pronouns); without it "They" stays unresolved and a
    resolution's verb is borne by the issuer."""
    ctx = ctx or Context()
    if non_commitment(text, lang):
        return []
    zh = is_zh(lang)
    ments = mentions(text)
    found = find_cues(text, lang, ments)
    mains = [s for r, s, _ in found if r.main]
    out: list[Finding] = []
    marker = LEAD_MARKER.match(text)  # "a) Governments should …": the list marker is no part of the subject
    prev_bearer, region_start, previous = (None, ()), marker.end() if marker else 0, ctx.previous
    for rule, s, e in found:
        region = region_start if rule.main else 0
        region = max(region, text.rfind(";", region, s) + 1, text.rfind("；", region, s) + 1)
        start = None
        if not rule.main and out and out[-1].kind == "Obligation":  # "…, and avoid …"
            bearer, co, addressees = out[-1].bearer, out[-1].co_bearers, ()
        else:
            bearer, co, addressees, start = _who(rule, text, lang, region, s, e, ments, ctx)
        if bearer is not None and bearer.rule == "coordinated":  # "… and should not …"
            bearer, co = prev_bearer
        if bearer is not None and bearer.rule == "anaphor":
            bearer, co = inherited(previous, bearer.start, bearer.end, text, "previous-bearer"), ()
        later = [ms for ms in mains if ms > s]
        stop = len(text)
        if later:
            nb, _ = subject(text, lang, e, later[0], ments)
            stop = nb.start if nb is not None and e <= nb.start < later[0] else later[0]
        semi = [i for i in (text.find(";", e, stop), text.find("；", e, stop)) if i >= 0]
        stop = min(semi) if semi else stop
        if rule.action_before:
            span = phrase_span(text, region, s)
            a, b = span if span else _span_end(text, region, s)
        else:
            a, b = _span_end(text, start if start is not None else (s if rule.action_from_cue else e), stop)
        passive = (not zh and rule.kind in ("Obligation", "Prohibition") and not rule.speaker
                   and PASSIVE.match(text, e))
        by_zh, agent_zh = (agent_by_zh(text, e, ments) if zh and rule.kind in ("Obligation", "Prohibition")
                           and not rule.bearer_after else (False, None))
        if passive:
            agent = passive_agent(text, a, b, ments)
            bearer, co = agent, ()
        elif by_zh:  # 应由市数据局统一编制, 不得被借予他人: the agent after 由 / 被, else nobody
            bearer, co = agent_zh, ()
        elif bearer is None and rule.main and region_start > 0 and not rule.action_before:
            bearer, co = prev_bearer
        action = text[a:b]
        if not action.strip() and not rule.action_before:
            continue  # a cue with nothing after it ("… whether it cannot") commits to nothing
        practices = _practices(text, a, b, zh) if rule.kind == "Opposition" else ()
        if rule.kind == "Opposition" and not practices:
            if not action.strip():
                continue  # "反对" with nothing after it opposes nothing: no commitment
            item = action.rstrip("、，,；; ")
            practices = ((a, a + len(item), item),)
        targets = tuple(m for m in ments if a <= m.start and m.end <= b
                        and rule.kind in ("Opposition", "Prohibition")
                        and actors().types.get(m.actor or "") == "MaliciousActor")
        if rule.addressed:
            addressees = (after_cue_zh(text, e, ments) if zh
                          else phrase_after(text, e, ments, need_to=True) or that_addressees(text, e, ments))
        out.append(Finding(rule.kind, s, e, text[s:e], rule.rule, bearer, action, addressees,
                           practices, targets, None, co, (a, b)))
        if rule.main:
            prev_bearer, region_start = (bearer, co), e
            previous = bearer or previous
    return out
