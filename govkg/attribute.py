"""Attribute: assign each aggregator excerpt to the work its attribution names,
matching catalog titles and aliases in any script, and creating the works that
nobody declared (their id from the English title, else the issuer and year)."""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from pathlib import Path

from .ids import slugify
from .model import Attribution, Reading, Source, Work
from .readers.common import to_simplified

KINDS_FILE = Path(__file__).resolve().parent.parent / "ontology" / "kinds.ttl"


def title_key(text: str) -> str:
    return "".join(re.findall(r"\w", to_simplified(text).casefold()))


@lru_cache(maxsize=1)
def kind_triggers() -> tuple[tuple[str, str], ...]:
    """(trigger, kind slug) pairs from ontology/kinds.ttl, longest trigger first."""
    import pyoxigraph as ox

    alt = "http://www.w3.org/2004/02/skos/core#altLabel"
    out = []
    with open(KINDS_FILE, "rb") as fh:
        for t in ox.parse(fh, ox.RdfFormat.TURTLE):
            if t.predicate.value == alt:
                out.append((t.object.value.casefold(), t.subject.value.rsplit("/", 1)[-1]))
    return tuple(sorted(set(out), key=lambda x: (-len(x[0]), x)))


def infer_kind(titles: dict[str, str]) -> str:
    for lang in sorted(titles):
        text = titles[lang].casefold()
        for trigger, kind in kind_triggers():
            if re.search(r"[a-z]", trigger):
                if re.search(rf"\b{re.escape(trigger)}s?\b", text):
                    return kind
            elif trigger in text:
                return kind
    return "document"


class TitleIndex:
    def __init__(self, works: dict[str, Work]):
        self.works = works
        self.index: dict[str, str] = {}
        for work in works.values():
            self.register(work)

    def register(self, work: Work) -> None:
        for t in list(work.titles.values()) + list(work.aliases):
            self.index.setdefault(title_key(t), work.id)

    def find(self, titles: dict[str, str]) -> str | None:
        for t in titles.values():
            wid = self.index.get(title_key(t))
            if wid:
                return wid
        return None

    def new_work(self, att: Attribution, source: Source) -> Work:
        year = (att.date or "")[:4]
        base = slugify(titles_en) if (titles_en := att.titles.get("en")) else ""
        if not base and att.issuer:
            base = slugify(att.issuer, 50) + (f"-{year}" if year else "")
        if not base:
            base = "work-" + hashlib.sha1("|".join(sorted(att.titles.values())).encode()).hexdigest()[:10]
        wid, n = base, 2
        while wid in self.works:
            wid, n = f"{base}-{n}", n + 1
        work = Work(wid, dict(sorted(att.titles.items())), att.issuer, att.date, infer_kind(att.titles),
                    declared_in=f"source:{source.id}")
        self.works[wid] = work
        self.register(work)
        return work


def assign(reading: Reading, source: Source, index: TitleIndex) -> dict[int | None, str | None]:
    """excerpt number -> work id (None when nothing names a work)."""
    out: dict[int | None, str | None] = {}
    excerpts = sorted({b.excerpt for b in reading.blocks}, key=lambda x: -1 if x is None else x)
    for ex in excerpts:
        att = reading.attributions.get(ex) if ex is not None else None
        if att is None:
            out[ex] = source.works[0] if len(source.works) == 1 else None
            continue
        wid = index.find(att.titles)
        if wid is None:
            wid = index.new_work(att, source).id
        else:
            work = index.works[wid]
            for lang, title in att.titles.items():
                work.titles.setdefault(lang, title)
            work.issuer = work.issuer or att.issuer
            work.date = work.date or att.date
        out[ex] = wid
    return out
