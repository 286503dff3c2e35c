"""Score extracted commitments against hand-labelled gold, one to one.

Pure functions, used by govkg/evaluate.py (the gold documents of tests/gold/docs/)
and tests/extract_gold.py (the Initiative). Within one clause each gold commitment is
matched to at most one extracted commitment of the same type, and each extracted one
to at most one gold one (greedy, best agreement first: cue, then bearer, then order),
so splitting or merging commitments can never score more than it finds. Opposed
practices are matched one to one as well: a gold practice (words it must contain)
is found by one extracted practice, and no extracted practice counts twice.

What a gold commitment may say (tests/gold/docs format, /work/staging/GOLD_FORMAT.md):
type, cue, bearer, addressees, action, practices, targets. A gold bearer is compared
by ``same_actor`` (a callable the caller gives: slugs for the Initiative, words for
the documents); "@issuer" and null are handled there too.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable

KINDS = ("Obligation", "Opposition", "Support", "Prohibition", "Entitlement")
ARTICLES = ("the ", "a ", "an ")


def norm_words(words: str) -> str:
    """Casefolded, articles and punctuation dropped, each word singular and in American
    spelling: how gold words and actor names are compared."""
    text = re.sub(r"[^\w\s&-]", " ", words.casefold())
    out = []
    for w in text.split():
        if w in ("the", "a", "an", "our", "their", "its", "your", "his", "her"):
            continue
        w = w.replace("organis", "organiz").replace("isation", "ization")
        if w.endswith("ies") and len(w) > 4:
            w = w[:-3] + "y"
        elif w.endswith("s") and not w.endswith("ss") and len(w) > 3:
            w = w[:-1]
        out.append(w)
    return " ".join(out)


@dataclass
class Tally:
    """Counts of one document (or several, added up)."""

    tp: Counter = field(default_factory=Counter)
    fp: Counter = field(default_factory=Counter)
    fn: Counter = field(default_factory=Counter)
    bearer_ok: int = 0
    bearer_all: int = 0
    cue_ok: int = 0
    cue_all: int = 0
    addr_ok: int = 0
    addr_all: int = 0
    action_ok: int = 0
    action_all: int = 0
    target_ok: int = 0
    target_all: int = 0
    prac_tp: int = 0
    prac_pred: int = 0
    prac_gold: int = 0
    flipped: int = 0
    in_none: int = 0
    misses: list = field(default_factory=list)  # human-readable disagreements

    def add(self, other: "Tally") -> None:
        for name in ("tp", "fp", "fn"):
            getattr(self, name).update(getattr(other, name))
        for name in ("bearer_ok", "bearer_all", "cue_ok", "cue_all", "addr_ok", "addr_all",
                     "action_ok", "action_all", "target_ok", "target_all", "prac_tp",
                     "prac_pred", "prac_gold", "flipped", "in_none"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.misses += other.misses

    def precision(self, kind: str) -> float:
        n = self.tp[kind] + self.fp[kind]
        return self.tp[kind] / n if n else 1.0

    def recall(self, kind: str) -> float:
        n = self.tp[kind] + self.fn[kind]
        return self.tp[kind] / n if n else 1.0

    @staticmethod
    def ratio(ok: int, total: int) -> float:
        return ok / total if total else 1.0

    @property
    def bearer_accuracy(self) -> float:
        return self.ratio(self.bearer_ok, self.bearer_all)


def _practice_pairs(pred: list[str], gold: list[str]) -> int:
    used: set[int] = set()
    hits = 0
    for words in gold:
        want = words.casefold()
        j = next((j for j, p in enumerate(pred) if j not in used and want in p.casefold()), None)
        if j is not None:
            used.add(j)
            hits += 1
    return hits


def _cue_ok(pred_cue: str, gold_cue: str) -> bool:
    p, g = " ".join(pred_cue.casefold().split()), " ".join(gold_cue.casefold().split())
    return p == g or (g in p and len(p) - len(g) <= 12) or (p in g and len(g) - len(p) <= 12)


def score_clause(pred: list, gold: list[dict], same_actor: Callable, names: Callable,
                 tally: Tally, where: str = "", none_reason: str | None = None) -> None:
    """Add one clause's agreement to ``tally``.

    ``pred``: extracted findings (govkg.extract.findings.Finding); ``gold``: its gold
    commitments; ``same_actor(mention, gold_value)`` says whether an extracted
    mention (or None) is the gold bearer / addressee / target; ``names(finding)``
    is unused for scoring but lets a caller phrase a miss. ``none_reason``: the gold
    says this sentence states no commitment (question, recital …).
    """
    if none_reason is not None:
        tally.in_none += len(pred)
    pairs = []
    free = list(range(len(pred)))
    for g in gold:
        cands = [i for i in free if pred[i].kind == g["type"]]
        if not cands:
            continue

        def agreement(i: int, g=g) -> tuple:
            f = pred[i]
            return (-(bool(g.get("cue")) and _cue_ok(f.cue, g["cue"])),
                    -same_actor(f.bearer, g.get("bearer"), f), i)

        best = min(cands, key=agreement)
        free.remove(best)
        pairs.append((pred[best], g))
    matched_gold = [id(g) for _, g in pairs]
    for kind in KINDS:
        tp = sum(1 for f, _ in pairs if f.kind == kind)
        tally.tp[kind] += tp
        tally.fp[kind] += sum(1 for i in free if pred[i].kind == kind)
        tally.fn[kind] += sum(1 for g in gold if g["type"] == kind and id(g) not in matched_gold)
    left_gold = Counter(g["type"] for g in gold if id(g) not in matched_gold)
    left_pred = Counter(pred[i].kind for i in free)
    tally.flipped += (min(left_gold["Prohibition"], left_pred["Obligation"])
                      + min(left_gold["Obligation"], left_pred["Prohibition"]))
    for i in free:
        f = pred[i]
        tally.misses.append(f"{where}: extra {f.kind} cue={f.cue!r} action={f.action[:50]!r}")
    for g in gold:
        if id(g) not in matched_gold:
            tally.misses.append(f"{where}: missed {g['type']} cue={g.get('cue')!r}")
    for f, g in pairs:
        tally.bearer_all += 1
        if same_actor(f.bearer, g.get("bearer"), f):
            tally.bearer_ok += 1
        else:
            got = f.bearer.text or f.bearer.actor if f.bearer else None
            tally.misses.append(f"{where}: {f.kind} bearer {got!r} (rule {f.bearer.rule if f.bearer else '-'}), "
                                f"gold {g.get('bearer')!r}")
        if g.get("cue"):
            tally.cue_all += 1
            tally.cue_ok += _cue_ok(f.cue, g["cue"])
            if not _cue_ok(f.cue, g["cue"]):
                tally.misses.append(f"{where}: {f.kind} cue {f.cue!r}, gold {g['cue']!r}")
        for word in g.get("addressees", []) or []:
            tally.addr_all += 1
            hit = any(same_actor(m, word, f) for m in f.addressees)
            tally.addr_ok += hit
            if not hit:
                tally.misses.append(f"{where}: {f.kind} addressee {word!r} not among "
                                    f"{[m.text for m in f.addressees]}")
        for word in g.get("targets", []) or []:
            tally.target_all += 1
            tally.target_ok += any(same_actor(m, word, f) for m in f.targets)
        if g.get("action"):
            tally.action_all += 1
            ok = " ".join(g["action"].casefold().split()) in " ".join(f.action.casefold().split())
            tally.action_ok += ok
            if not ok:
                tally.misses.append(f"{where}: {f.kind} action {f.action[:60]!r}, gold {g['action']!r}")
        if g["type"] == "Opposition" or g.get("practices"):
            gp = g.get("practices", []) or []
            tally.prac_gold += len(gp)
            tally.prac_pred += len(f.practices)
            tally.prac_tp += _practice_pairs([p[2] for p in f.practices], gp)
