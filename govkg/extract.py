"""Extract: typed commitments (with cue, bearer, action, addressees, opposed practices
and targeted parties) and principle tags from one clause's canonical text.

Pure functions; the vocabularies are data (ontology/actors.ttl,
ontology/principles.ttl, data/cues.toml).

Choices, applied consistently:

* One commitment per cue. "We should X, Y and Z" is ONE obligation whose action is
  "X, Y and Z" (the modal scopes over the whole coordinated verb phrase; splitting
  would invent cues). A second modal with its own subject starts a second one.
* A support verb governed by a modal is part of the obligation's action: "We should
  actively support …" / "we should encourage …" is an obligation, not a support. In
  English a Support cue needs its subject right before it ("We support", "We also
  call for"); in Chinese 支持 / 鼓勵 / 呼籲 / 歡迎 count unless a modal precedes them in
  the clause.
* "avoid …", "(prevent and) fight against …", 避免, (防范和)打擊 add a Prohibition
  inside the action of the obligation around them; "prevent" alone does not
  ("prevent risks" is a goal, not a practice to refrain from).
* "should have (equal) rights", 有…權利 is an Entitlement, not an obligation.
* Bearer: the subject before the cue (first actor not after a preposition, with
  "A, especially B" -> B bears, A co-bears); none for a passive ("Efforts should be
  made") or a Chinese clause without an overt subject: recorded as unresolved, never
  guessed. "We" / 我們 is the issuer (Mention.actor == ISSUER), resolved to the work's
  issuer when triples are emitted.
* Chinese 應 inside 應用, 應對, 供應鏈, 回應, 響應, 适应 … is not a modal.
"""

from __future__ import annotations

import re

from .cues import Rule, cues
from .findings import ISSUER, Finding, Mention
from .projection import project  # noqa: F401  (public API: extract.project)
from .vocab import actors, principles

PREPOSITIONS = {"in", "with", "to", "for", "by", "of", "from", "among", "including", "on",
                "between", "towards", "toward", "against", "than", "like", "such", "as"}
PASSIVE = re.compile(r"\s+(?:also\s+|not\s+)?be\s+(?!able\b)(?:\w+ed|\w+en|made|done|built|"
                     r"kept|set|held|led|met|sought|brought)\b", re.I)
EN_SEP = re.compile(r"^(?:\s*,\s*(?:and|or)?\s*|\s+(?:and|or)\s+)$", re.I)
ZH_SEP = set("、，,和及與与或") | {""}
ZH_BOUNDARY = "，,；;：:"
TRIM = " \t,，.。;；:：!！?？—"


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


def _subject_before(text: str, pos: int, ments: list[Mention]) -> bool:
    """Is an actor (or the issuer pronoun) right before ``pos``, adverbs aside?"""
    head = text[:pos].rstrip()
    while True:
        words = head.rsplit(None, 1)
        if len(words) == 2 and words[1].casefold() in cues().adverbs_en:
            head = words[0].rstrip()
            continue
        break
    return any(m.end == len(head) for m in ments)


def find_cues(text: str, lang: str, ments: list[Mention]) -> list[tuple[Rule, int, int]]:
    """The cues of the clause, in order: (rule, start, end)."""
    valid = []
    for rule in cues().for_lang(lang):
        for m in rule.pattern.finditer(text):
            s, e = m.span("cue") if "cue" in rule.pattern.groupindex else m.span()
            if e <= s or (rule.false_compounds and _false_compound(text, s)):
                continue
            if rule.subject and not _subject_before(text, s, ments):
                continue
            valid.append((rule, s, e))
    kept: list[tuple[Rule, int, int]] = []
    for rule, s, e in sorted(valid, key=lambda c: (c[1] - c[2], c[1], c[0].rule)):
        if not any(s < ke and ks < e for _, ks, ke in kept):  # longest first wins
            kept.append((rule, s, e))
    out: list[tuple[Rule, int, int]] = []
    for rule, s, e in sorted(kept, key=lambda c: c[1]):
        if rule.governed and any(r.kind == "Obligation" and ks < s for r, ks, _ in out):
            continue
        out.append((rule, s, e))
    return out


# ------------------------------------------------------------------ actors around a cue

def _chain(text: str, first: Mention, ments: list[Mention], limit: int, zh: bool):
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


def _bearer(text, lang, start, ments, region_start):
    zh = is_zh(lang)
    if not zh:
        region = [m for m in ments if region_start <= m.start and m.end <= start]
        for m in region:
            before = text[region_start:m.start].split()
            if before and before[-1].casefold().strip(",") in PREPOSITIONS:
                continue
            return _chain(text, m, ments, start, zh)
        return None, ()
    # Chinese: the subject opens a comma segment of the sentence, at or before the cue
    seg_starts = [region_start] + [i + 1 for i in range(region_start, start) if text[i] in ZH_BOUNDARY]
    for seg in reversed(seg_starts):
        lead = seg
        while lead < start and text[lead] in " —-“":
            lead += 1
        first = next((m for m in ments if m.start == lead and m.end <= start), None)
        if first is not None:
            return _chain(text, first, ments, start, zh)
    return None, ()


def _addressees(text: str, end: int, ments: list[Mention], zh: bool) -> tuple[Mention, ...]:
    pos = end
    while pos < len(text) and text[pos] == " ":
        pos += 1
    if text[pos:pos + 4].casefold() == "the ":
        pos += 4
    first = next((m for m in ments if m.start == pos), None)
    if first is None:
        return ()
    main, rest = _chain(text, first, ments, len(text), zh)
    return tuple(sorted((main, *rest), key=lambda m: m.start))


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
    return a, b


def extract_clause(text: str, lang: str) -> list[Finding]:
    """The commitments stated in one clause (canonical text, whitespace folded)."""
    zh = is_zh(lang)
    ments = mentions(text)
    found = find_cues(text, lang, ments)
    mains = [(s, e) for r, s, e in found if r.main]
    out: list[Finding] = []
    prev_bearer, region_start = (None, ()), 0
    for rule, s, e in found:
        later = [ms for ms, _ in mains if ms > s]
        bearer, co = _bearer(text, lang, s, ments, region_start if rule.main else 0)
        passive = not zh and rule.kind == "Obligation" and PASSIVE.match(text, e)
        if passive:
            bearer, co = None, ()
        elif bearer is None and rule.main and region_start > 0:
            bearer, co = prev_bearer
        stop = len(text)
        if later:
            nxt = later[0]
            nb, _ = _bearer(text, lang, nxt, ments, e)
            stop = nb.start if nb is not None and nb.start >= e else nxt
        a_start = s if rule.action_from_cue else e
        a, b = _span_end(text, a_start, stop)
        action = text[a:b]
        practices = _practices(text, a, b, zh) if rule.kind == "Opposition" else ()
        targets = tuple(m for m in ments if a <= m.start and m.end <= b
                        and rule.kind in ("Opposition", "Prohibition")
                        and actors().types.get(m.actor or "") == "MaliciousActor")
        addressees = _addressees(text, e, ments, zh) if rule.addressed else ()
        out.append(Finding(rule.kind, s, e, text[s:e], rule.rule, bearer, action, addressees,
                           practices, targets, None, co, (a, b)))
        if rule.main:
            prev_bearer, region_start = (bearer, co), e
    return out
