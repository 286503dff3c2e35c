"""Synthetic corpus generator for the scale benchmark: `synth.generate(out, n_docs, seed)`
writes `out/corpus.toml` and `out/sources/*.txt` so the real pipeline runs on them
unchanged (`build.py build --catalog out/corpus.toml`).

A *document* is one source file. Works have 3-12 provisions; each provision is one to
three clauses built from bench/lexicon.toml (every commitment type: should, must,
efforts should be made, oppose, support, call on, welcome, 应, 必须, 反对, 支持, 呼吁,
欢迎) or taken whole from the seed bilingual table (shared text across works), some
copied from an earlier work word for word or with one phrase changed (near-identical
works). Each work has an English version and often Chinese ones (zh-Hans, and zh-Hant
by OpenCC), in 1-4 copies: a web page with navigation and advertising boilerplate,
OCR'd PDF text with hard wraps, page breaks and confusions (Al for AI, 1 for i,
c for e), a bilingual table (" | " cells), plain text; and about one document in ten
is an aggregator page quoting excerpts of other works with attribution lines
("由 PUBLISHER 在 TITLE 发表, Month D, YYYY" or "原则: TITLE, DATE" + "作者: ISSUER").
Same seed and size, same bytes."""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import random
import re
import textwrap
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import tomli_w

ROOT = Path(__file__).resolve().parent.parent
LEXICON = Path(__file__).resolve().parent / "lexicon.toml"
SEED_CATALOG = ROOT / "data" / "corpus.toml"
AGGREGATOR_SHARE = 0.1
# Seed-table rows are quoted by the first works only, and copies come from the last
# WINDOW works, so a text is shared by a handful of works (as G20 2.5 = OECD 2.5),
# not by a fixed share of the whole corpus: shared-text groups stay bounded in size.
SEED_ROW_WORKS = 40
WINDOW = 50


def _opencc(config: str):
    import opencc

    return opencc.OpenCC(config)


@dataclass
class Prov:
    en: list[str]  # clauses
    zh: list[str]  # zh-Hans clauses (same count not required)


@dataclass
class SynthWork:
    id: str
    en_title: str
    zh_title: str
    issuer: str
    date: dt.date
    kind: str
    numbered: bool
    provs: list[Prov]
    langs: list[str] = field(default_factory=list)


def seed_pairs(catalog: Path = SEED_CATALOG) -> list[tuple[str, str]]:
    """(zh-Hans, en) rows of the seed corpus's bilingual table sources."""
    data = tomllib.loads(catalog.read_text(encoding="utf-8"))
    t2s = _opencc("t2s")
    pairs = []
    for src in data.get("sources", []):
        if src.get("format") != "table":
            continue
        raw = (catalog.parent / "sources" / src["file"]).read_text(encoding="utf-8")
        for line in raw.splitlines():
            cells = [c.strip() for c in line.split("|") if c.strip()]
            if len(cells) == 2 and len(cells[1]) > 40:
                zh = cells[0].lstrip("—-•· ")
                pairs.append((t2s.convert(zh), cells[1]))
    return pairs


class Generator:
    def __init__(self, seed: int):
        self.r = random.Random(seed)
        self.lex = tomllib.loads(LEXICON.read_text(encoding="utf-8"))
        self.seed_rows = seed_pairs()
        self.s2t = _opencc("s2t")
        self.titles: set[str] = set()
        self.works: list[SynthWork] = []
        kinds_ttl = (ROOT / "ontology" / "kinds.ttl").read_text(encoding="utf-8")  # the catalog's kind vocabulary
        self.kinds = {k: k for k in re.findall(r"^kind:([a-z-]+) a skos:Concept", kinds_ttl, re.M)}

    # ---------------------------------------------------------------- text
    def clause(self) -> tuple[str, str]:
        r, L = self.r, self.lex
        kind = r.choice(["should", "should", "should", "must", "efforts", "oppose", "support", "call", "welcome",
                         "encourage"])
        if r.random() < 0.2:  # a phrase of the seed texts
            act_en, act_zh = r.choice(L["actions"])
        else:
            (v_en, v_zh), (o_en, o_zh), (d_en, d_zh) = r.choice(L["verbs"]), r.choice(L["objects2"]), r.choice(L["domains"])
            act_en, act_zh = f"{v_en} {o_en} {d_en}", f"{d_zh}{v_zh}{o_zh}"
        b_en, b_zh = r.choice(L["bearers"])
        if kind == "should":
            return f"{b_en} should {act_en}.", f"{b_zh}应{act_zh}。"
        if kind == "must":
            return f"{b_en} must {act_en}.", f"{b_zh}必须{act_zh}。"
        if kind == "efforts":
            return f"Efforts should be made to {act_en}.", f"应努力{act_zh}。"
        if kind == "oppose":
            ps = r.sample(L["practices"], r.randint(1, 3))
            en = ", ".join(p[0] for p in ps[:-1]) + (" and " if len(ps) > 1 else "") + ps[-1][0]
            zh = "、".join(p[1] for p in ps[:-1]) + ("和" if len(ps) > 1 else "") + ps[-1][1]
            return f"We oppose {en}.", f"我们反对{zh}。"
        if kind == "support":
            o_en, o_zh = r.choice(L["objects"])
            return f"We support {o_en}.", f"我们支持{o_zh}。"
        a_en, a_zh = r.choice(L["addressees"])
        if kind == "call":
            return f"We call on {a_en} to {act_en}.", f"我们呼吁{a_zh}{act_zh}。"
        if kind == "welcome":
            return f"We welcome {a_en} to jointly {act_en}.", f"我们欢迎{a_zh}共同{act_zh}。"
        o_en, o_zh = r.choice(L["objects"])
        return f"{b_en} should encourage {o_en}.", f"{b_zh}应鼓励{o_zh}。"

    def provision(self) -> Prov:
        r = self.r
        roll = r.random()
        if roll < 0.12 and self.seed_rows and len(self.works) < SEED_ROW_WORKS:
            zh, en = r.choice(self.seed_rows)
            return Prov([en], [zh])
        earlier = [p for w in self.works[-WINDOW:] for p in w.provs]
        if roll < 0.30 and earlier:
            p = r.choice(earlier)
            if r.random() < 0.5:  # near-identical: one clause replaced
                en, zh = list(p.en), list(p.zh)
                if len(en) == len(zh):
                    i = r.randrange(len(en))
                    en[i], zh[i] = self.clause()
                return Prov(en, zh)
            return Prov(list(p.en), list(p.zh))
        pairs = [self.clause() for _ in range(r.randint(1, 3))]
        return Prov([e for e, _ in pairs], [z for _, z in pairs])

    def title(self) -> tuple[str, str, str]:
        r, L = self.r, self.lex
        place, topic, kind = r.choice(L["places"]), r.choice(L["topics"]), r.choice(L["kinds"])
        en, zh = f"{place[0]} {kind[0]} on {topic[0]}", f"{place[1]}{topic[1]}{kind[1]}"
        n = 2
        base_en, base_zh = en, zh
        while en in self.titles:
            en, zh = f"{base_en} No. {n}", f"{base_zh}第{n}号"
            n += 1
        self.titles.add(en)
        return en, zh, self.kinds.get(kind[0].lower(), "document")

    def work(self, idx: int) -> SynthWork:
        r = self.r
        en, zh, kind = self.title()
        date = dt.date(2017, 1, 1) + dt.timedelta(days=r.randrange(8 * 365))
        provs = [self.provision() for _ in range(r.randint(3, 12))]
        w = SynthWork(f"synth-{idx:05d}", en, zh, r.choice(self.lex["issuers"]), date, kind, r.random() < 0.3, provs)
        self.works.append(w)
        return w

    # ---------------------------------------------------------------- renderings
    def zh(self, text: str, lang: str) -> str:
        return self.s2t.convert(text) if lang == "zh-Hant" else text

    def paras(self, w: SynthWork, lang: str) -> list[str]:
        out = []
        for i, p in enumerate(w.provs, start=1):
            text = " ".join(p.en) if lang == "en" else self.zh("".join(p.zh), lang)
            out.append(f"{i}. {text}" if w.numbered else text)
        return out

    def web_en(self, w: SynthWork) -> str:
        r = self.r
        sp = "  " if r.random() < 0.5 else " "
        body = "\n\n".join(p.replace(" ", sp, 5) + " " for p in self.paras(w, "en"))
        return (f"当前位置:{r.choice(self.lex['web_sections'])}\n{w.date.isoformat()} {r.randint(8, 18)}:{r.randint(10, 59)}\n\n"
                f"{w.en_title}\n\n{body}\n\n\nSuggest To A Friend:   \nPrint")

    def web_zh(self, w: SynthWork, lang: str) -> str:
        r = self.r
        title = self.zh(w.zh_title, lang)
        ads = "\n\n\n".join(r.sample(self.lex["zh_ads"], 2))
        body = "\n\n".join(self.paras(w, lang))
        tail = "".join(r.sample(self.lex["zh_headlines"], 4))
        return f"中国版 | {title}\n\n中国版 | {title}\n\n\n\n{ads}\n\n\n\n{title}\n\n{body}\n\n{tail}\n"

    def ocr_en(self, w: SynthWork) -> str:
        r = self.r
        out = [w.en_title, ""]
        for p in self.paras(w, "en"):
            words = []
            for word in p.split(" "):
                roll = r.random()
                if word.startswith("AI") and roll < 0.7:
                    word = "Al" + word[2:]
                elif roll < 0.02 and re.fullmatch(r"i[a-z]{4,}", word):
                    word = "1" + word[1:]
                elif roll < 0.03 and re.fullmatch(r"[a-z]{3,}e[a-z]{2,}", word):
                    k = word.index("e", 3)
                    word = word[:k] + "c" + word[k + 1:]
                words.append(word)
            lines = textwrap.wrap(" ".join(words), width=r.randint(58, 66))
            if len(lines) > 3 and r.random() < 0.3:  # a page break inside the paragraph
                k = r.randrange(1, len(lines) - 1)
                lines[k:k] = ["", ""]
            out.extend(lines)
            out.append("")
        return "\n".join(out)

    def plain(self, w: SynthWork, lang: str) -> str:
        title = w.en_title if lang == "en" else self.zh(w.zh_title, lang)
        return title + "\n\n" + "\n\n".join(self.paras(w, lang)) + "\n"

    def table(self, w: SynthWork, lang: str) -> str:
        rows = []
        for p in w.provs:
            zh = self.zh("".join(p.zh), lang)
            rows.append(f"——{zh} | {' '.join(p.en)} | |")
        src = self.zh(f"(来源:“{self.r.choice(self.lex['publishers'])}”)", lang)
        return "\n".join(rows) + f"\n{src} |\n"

    def aggregator(self, quoted: list[SynthWork]) -> str:
        r = self.r
        parts = []
        for w in quoted:
            lang = "zh-Hans" if "zh-Hans" in w.langs and r.random() < 0.5 else "en"
            if r.random() < 0.3:
                parts.append(r.choice(self.lex["labels_zh"]) if r.random() < 0.5 else "(preamble)")
            k = r.randrange(len(w.provs))
            for p in w.provs[k:k + r.randint(1, 2)]:
                parts.append(" ".join(p.en) if lang == "en" else "".join(p.zh))
            date = f"{w.date:%B} {w.date.day}, {w.date.year}"
            if r.random() < 0.7 or "zh-Hans" not in w.langs:
                title = f"{w.zh_title}({w.en_title})" if "zh-Hans" in w.langs else w.en_title
                parts.append(f"由 {w.issuer} 在 {title}发表, {date}")
            else:
                parts.append(f"原则: {w.zh_title}, {date}")
                parts.append(f"作者:{w.issuer}")
        return "\n\n".join(parts)


def generate(out: Path, n_docs: int, seed: int = 42) -> dict:
    """Write out/corpus.toml and out/sources/; returns counts."""
    g = Generator(seed)
    src_dir = out / "sources"
    src_dir.mkdir(parents=True, exist_ok=True)
    sources, works = [], []
    n_agg = int(n_docs * AGGREGATOR_SHARE)

    def add(text: str, fmt: str, langs: list[str], work_ids: list[str], publisher: str, date: dt.date | None):
        data = text.encode("utf-8")
        i = len(sources)
        name = f"{i:05d}_{hashlib.sha256(data).hexdigest()[:16]}.txt"
        (src_dir / name).write_bytes(data)
        entry = {"id": f"doc-{i:05d}", "file": name, "languages": langs, "format": fmt, "publisher": publisher,
                 "sha256": hashlib.sha256(data).hexdigest()}
        if work_ids:
            entry["works"] = work_ids
        if date:
            entry["date"] = date
        sources.append(entry)

    while len(sources) < n_docs - n_agg or not works:
        w = g.work(len(works) + 1)
        r = g.r
        zh_lang = r.choice(["zh-Hans", "zh-Hans", "zh-Hant"]) if r.random() < 0.6 else None
        w.langs = ["en"] + ([zh_lang] if zh_lang else [])
        titles = {"en": w.en_title}
        if zh_lang:
            titles["zh-Hans"] = w.zh_title
            if zh_lang == "zh-Hant":
                titles["zh-Hant"] = g.s2t.convert(w.zh_title)
        works.append({"id": w.id, "title": titles, "issuer": w.issuer, "date": w.date, "kind": w.kind})
        copies = ["web_en", "ocr_en", "plain_en"]
        if zh_lang:
            copies += ["table", "web_zh", "plain_zh"]
        pub = r.choice(g.lex["publishers"])
        when = w.date + dt.timedelta(days=r.randrange(30))
        for j, c in enumerate(r.sample(copies, min(len(copies), r.randint(1, 4)))):
            if j and len(sources) >= n_docs - n_agg:
                break
            if c == "web_en":
                add(g.web_en(w), "web", ["en"], [w.id], pub, when)
            elif c == "ocr_en":
                add(g.ocr_en(w), "ocr", ["en"], [w.id], "PDF of the English text (OCR)", None)
            elif c == "plain_en":
                add(g.plain(w, "en"), "plain", ["en"], [w.id], pub, w.date)
            elif c == "table":
                add(g.table(w, zh_lang), "table", [zh_lang, "en"], [w.id], pub, None)
            elif c == "web_zh":
                add(g.web_zh(w, zh_lang), "web", [zh_lang], [w.id], "Chinese social-media article (repost)", when)
            else:
                add(g.plain(w, zh_lang), "plain", [zh_lang], [w.id], pub, w.date)
    while len(sources) < n_docs:
        quoted = g.r.sample(g.works, min(len(g.works), g.r.randint(2, 4)))
        add(g.aggregator(quoted), "aggregator", ["zh-Hans", "en"], [], "AI-principles aggregator", None)
    catalog = {
        "dataset": {"title": f"govkg synthetic corpus ({n_docs} documents, seed {seed})",
                    "base": "https://w3id.org/govkg/id/", "publisher": "govkg bench"},
        "works": works,
        "sources": sources,
    }
    header = f"# Synthetic corpus written by bench/synth.py (n={n_docs}, seed={seed}); regenerate, do not edit.\n"
    (out / "corpus.toml").write_text(header + tomli_w.dumps(catalog), encoding="utf-8")
    return {"documents": len(sources), "works": len(works), "aggregators": n_agg}


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description="write a synthetic govkg corpus")
    p.add_argument("out", type=Path)
    p.add_argument("-n", "--docs", type=int, default=100)
    p.add_argument("--seed", type=int, default=42)
    a = p.parse_args(argv)
    print(generate(a.out, a.docs, a.seed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
