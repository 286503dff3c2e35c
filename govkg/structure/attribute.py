"""Attribute: assign each aggregator excerpt to the work its attribution names,
matching catalog titles and aliases in any script, and creating the works that
nobody declared (their id from the English title, else the issuer and year). A
catalog work whose id is the one an excerpt would get is that work: `add --work ID`
with the id the graph showed joins the excerpt to the full text."""

from __future__ import annotations

import hashlib
import re

from govkg.core import kinds
from govkg.core.ids import slugify
from govkg.core.model import Attribution, Reading, Source, Work
from govkg.core.text import to_simplified


def title_key(text: str) -> str:
    return "".join(re.findall(r"\w", to_simplified(text).casefold()))


def infer_kind(titles: dict[str, str]) -> str:
    for lang in sorted(titles):
        text = titles[lang].casefold()
        for trigger, kind in kinds.triggers():
            if re.search(r"[a-z]", trigger):
                if re.search(rf"\b{re.escape(trigger)}s?\b", text):
                    return kind
            elif trigger in text:
                return kind
    return "document"


class TitleIndex:
    """Catalog works by title (every title, alias and alternative title, any script),
    and the works the attributions create."""

    def __init__(self, works: dict[str, Work]):
        self.works = works
        self.index: dict[str, str] = {}
        self.claimed: set[str] = set()  # works an attribution has been assigned to
        for work in works.values():
            self.register(work)

    def register(self, work: Work) -> None:
        alternatives = [t for titles in work.alternatives.values() for t in titles]
        for t in list(work.titles.values()) + list(work.aliases) + alternatives:
            self.index.setdefault(title_key(t), work.id)

    def find(self, titles: dict[str, str]) -> str | None:
        for t in titles.values():
            wid = self.index.get(title_key(t))
            if wid:
                return wid
        return None

    def candidate_ids(self, att: Attribution):
        """The ids an attribution's work takes, in order: its slug, then slug-2, slug-3 …"""
        year = (att.date or "")[:4]
        base = slugify(titles_en) if (titles_en := att.titles.get("en")) else ""
        if not base and att.issuer:
            base = slugify(att.issuer, 50) + (f"-{year}" if year else "")
        if not base:
            base = "work-" + hashlib.sha1("|".join(sorted(att.titles.values())).encode()).hexdigest()[:10]
        yield base
        n = 2
        while True:
            yield f"{base}-{n}"
            n += 1

    def resolve(self, att: Attribution, source: Source) -> str:
        """The work an attribution names: a work with one of its titles; else the
        first id it would take that is a catalog work no attribution has claimed
        (the user declared the id the graph showed: `add --work ID`); else a new
        work with the first free id."""
        wid = self.find(att.titles)
        if wid is None:
            for wid in self.candidate_ids(att):
                work = self.works.get(wid)
                if work is None:
                    self.new_work(wid, att, source)
                    break
                if work.declared_in == "catalog" and wid not in self.claimed:
                    break
        self.claimed.add(wid)
        return wid

    def new_work(self, wid: str, att: Attribution, source: Source) -> Work:
        work = Work(wid, dict(sorted(att.titles.items())), att.issuer, att.date, infer_kind(att.titles),
                    declared_in=f"source:{source.id}")
        self.works[wid] = work
        self.register(work)
        return work


def join(work: Work, att: Attribution) -> None:
    """An attribution's metadata onto the work it names: a title in a language the
    work has none in becomes its title there, another title an alternative title;
    issuer and date fill only what the work lacks."""
    for lang, title in sorted(att.titles.items()):
        have = work.titles.get(lang)
        if have is None:
            work.titles[lang] = title
        elif title_key(title) != title_key(have):
            alts = work.alternatives.get(lang, ())
            if all(title_key(title) != title_key(a) for a in alts):
                work.alternatives[lang] = (*alts, title)
    work.issuer = work.issuer or att.issuer
    work.date = work.date or att.date


def assign(reading: Reading, source: Source, index: TitleIndex) -> dict[int | None, str | None]:
    """excerpt number -> work id (None when nothing names a work)."""
    out: dict[int | None, str | None] = {}
    excerpts = sorted({b.excerpt for b in reading.blocks}, key=lambda x: -1 if x is None else x)
    for ex in excerpts:
        att = reading.attributions.get(ex) if ex is not None else None
        if att is None:
            out[ex] = source.works[0] if len(source.works) == 1 else None
            continue
        wid = index.resolve(att, source)
        join(index.works[wid], att)
        index.register(index.works[wid])
        out[ex] = wid
    return out
