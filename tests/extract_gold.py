"""Helpers for tests/extract/test_extract.py: the Initiative's clauses from the bilingual
table (data/sources/004_c3d48206e3d139f0.txt) and scoring against
tests/gold/initiative.yaml.

The clauses are segmented here, independently of the pipeline: rows of the table
are the 15 provisions (zh-Hant cell | en cell | empty cell); English splits after
". " before a capital, Chinese after 。；！？. Each clause's offset in the raw file
is kept, so cue offsets can be checked against the raw text.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from govkg.extract.scoring import KINDS, Tally, score_clause

ROOT = Path(__file__).resolve().parent.parent
TABLE = "004_c3d48206e3d139f0.txt"
WORK = "global-ai-governance-initiative"
BASE = "https://w3id.org/govkg/id/"
GOLD = ROOT / "tests" / "gold" / "initiative.yaml"


def raw_text(name: str = TABLE) -> str:
    with open(ROOT / "data" / "sources" / name, encoding="utf-8", newline="") as fh:
        return fh.read()


def table_clauses() -> dict[int, dict[str, list[tuple[str, str, int]]]]:
    """provision -> lang -> [(clause IRI, text, raw offset)] for the 15 rows of 004."""
    raw = raw_text()
    out: dict[int, dict[str, list]] = {}
    pos, position = 0, 0
    for line in raw.split("\n"):
        start = pos
        pos += len(line) + 1
        cells = line.split(" | ")
        if len(cells) < 3 or not cells[1].strip():
            continue
        position += 1
        zh_off = start
        en_off = start + len(cells[0]) + 3
        prov = out.setdefault(position, {})
        for lang, cell, off in (("zh-Hant", cells[0], zh_off), ("en", cells[1], en_off)):
            pattern = r"[^。；！？]+[。；！？]?" if lang != "en" else r"\S.*?(?:[.!?:](?=\s+[A-Z]|\s*$)|$)"
            clauses = []
            for n, m in enumerate(re.finditer(pattern, cell.rstrip()), 1):
                text = m.group(0).strip()
                lead = len(m.group(0)) - len(m.group(0).lstrip())
                iri = f"{BASE}work/{WORK}/p{position}/{lang}/c{n}"
                clauses.append((iri, text, off + m.start() + lead))
            prov[lang] = clauses
    return out


def load_gold() -> dict:
    return yaml.safe_load(GOLD.read_text(encoding="utf-8"))


def _gold_clause(gold: dict, position: int, lang: str, text: str):
    for c in gold["provisions"].get(position, {}).get(lang, []):
        if text.lstrip("—").startswith(c["starts"]):
            return c
    return None


def same_slug(mention, value, finding=None) -> bool:
    """The Initiative's gold names actors by slug ("@issuer" for we, null for none)."""
    got = mention.actor if mention is not None else None
    return got == value


def score(predicted: dict[tuple[int, str, str], list], gold: dict, lang: str) -> dict:
    """Per-type precision / recall, bearer accuracy and practice P/R for one language,
    gold and extracted commitments matched one to one (govkg.extract.scoring).

    ``predicted``: (provision, lang, clause text) -> findings.
    """
    tally = Tally()
    seen = set()
    for (position, plang, text), findings in sorted(predicted.items(), key=lambda kv: kv[0][:2]):
        if plang != lang:
            continue
        g = _gold_clause(gold, position, lang, text)
        if g:
            seen.add((position, g["starts"]))
        score_clause(findings, g["commitments"] if g else [], same_slug, None, tally,
                     where=f"p{position} {text[:30]}")
    for position, langs in gold["provisions"].items():
        for c in langs.get(lang, []):
            if (position, c["starts"]) not in seen:
                score_clause([], c["commitments"], same_slug, None, tally, where=f"p{position}")
    res = {}
    for kind in KINDS:
        res[kind] = {"tp": tally.tp[kind], "fp": tally.fp[kind], "fn": tally.fn[kind],
                     "precision": tally.precision(kind), "recall": tally.recall(kind)}
    res["bearer_accuracy"] = tally.bearer_accuracy
    res["cue_accuracy"] = Tally.ratio(tally.cue_ok, tally.cue_all)
    res["addressee_recall"] = Tally.ratio(tally.addr_ok, tally.addr_all)
    res["target_recall"] = Tally.ratio(tally.target_ok, tally.target_all)
    res["practices"] = {"precision": Tally.ratio(tally.prac_tp, tally.prac_pred),
                        "recall": Tally.ratio(tally.prac_tp, tally.prac_gold),
                        "predicted": tally.prac_pred, "gold": tally.prac_gold}
    res["flipped"] = tally.flipped
    res["misses"] = tally.misses
    return res


def report(results: dict[str, dict], where: str) -> str:
    lines = [f"Commitment extraction vs tests/gold/initiative.yaml ({where})"]
    for lang, res in results.items():
        lines.append(f"  {lang}:")
        for kind in KINDS:
            r = res[kind]
            lines.append(f"    {kind:12} P={r['precision']:.2f} R={r['recall']:.2f} "
                         f"(tp={r['tp']} fp={r['fp']} fn={r['fn']})")
        pr = res["practices"]
        lines.append(f"    bearer accuracy {res['bearer_accuracy']:.2f}; cue {res['cue_accuracy']:.2f}; "
                     f"addressees {res['addressee_recall']:.2f}; targets {res['target_recall']:.2f}; "
                     f"opposed practices P={pr['precision']:.2f} R={pr['recall']:.2f} "
                     f"({pr['predicted']} found, {pr['gold']} in gold)")
        lines += [f"      {m}" for m in res["misses"]]
    return "\n".join(lines) + "\n"


def write_eval(path: Path, section: str) -> None:
    """Put ``section`` (a report) into ``path``, replacing an older section with the same
    first line, so each test run leaves one current copy of each report."""
    sections = {}
    if path.exists():
        current = []
        for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
            if line.startswith("Commitment extraction vs") and current:
                sections[current[0]] = "".join(current)
                current = []
            current.append(line)
        if current:
            sections[current[0]] = "".join(current)
    sections[section.splitlines(keepends=True)[0]] = section
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(sections[k] for k in sorted(sections)), encoding="utf-8")
