"""Evaluate commitment extraction on the gold documents (tests/gold/docs/).

Each gold document (``<slug>.txt`` + ``<slug>.yaml``, format in tests/gold/docs/README.md)
is built as a work of its own through the real pipeline (a temporary catalog and
sources folder: catalog → read → normalise → segment → align → extract, with the
work's speaker and pronoun context), and its clauses are scored against the labels
(govkg/scoring.py: one to one, per type). Printed per document and overall:
precision and recall per type, bearer accuracy, cue, addressee and action agreement,
the number of flipped polarities (a gold Prohibition extracted as an Obligation or the
reverse) and of commitments extracted from sentences the gold says state none.

Matching: a gold clause is the clause of the graph whose text starts with its
``starts`` words after any number, heading or list marker (or, where a heading or
masthead line leaked into the clause, holds them near its start). A gold bearer
matches when its words equal, after casefold, articles and plural, a label of the
extracted actor or the words of the bearer mention; "@issuer" matches the work's
issuer ("we", or the speaking body when it is the issuer).

Run: ``make eval`` (``python -m govkg.evaluate [GOLD_DIR]``).
"""

from __future__ import annotations

import re
import sys
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from govkg.core import paths
from govkg.core.ids import Minter
from govkg.emit.commitments import work_findings
from govkg.extract.curation import Curation
from govkg.extract.findings import ISSUER
from govkg.extract.scoring import KINDS, Tally, norm_words, score_clause
from govkg.extract.vocab import actors, minted_slug, resolve_actor_name
from govkg.ingest.executor import Options
from govkg.pipeline import run

ROOT = paths.ROOT
GOLD_DIR = ROOT / "tests" / "gold" / "docs"
LEAD = re.compile(r"^\s*(?:(?:第[一二三四五六七八九十百零〇\d]+[条條章节節款]|\(?[A-Za-z0-9]{1,4}[.)]|"
                  r"[IVXivx]{1,6}\.|\d+(?:\.\d+)*\.?|Section\s+\d+\.?|Article\s+\d+\.?|[—–•·*-]+)\s*)+")
ACCEPT = {"precision": 0.9, "recall": 0.9, "bearer": 0.9, "flipped": 0, "in_none": 0}


@dataclass
class DocResult:
    slug: str
    style: str
    tally: Tally
    unmatched: list[str]  # gold clauses no clause of the graph starts with


@lru_cache(maxsize=1)
def _actor_names() -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for key, slug in actors().triggers.items():
        out.setdefault(slug, set()).add(norm_words(key))
    return out


def _catalog(doc: dict, slug: str, folder: Path) -> Path:
    lang = doc.get("language", "en")
    title = str(doc["title"]).replace('"', '\\"')
    issuer = str(doc.get("issuer") or "").replace('"', '\\"')
    lines = ['[dataset]', 'title = "gold"', 'base = "https://w3id.org/govkg/id/"', "",
             "[[works]]", f'id = "{slug}"', f'title = {{ {lang} = "{title}" }}']
    if issuer:
        lines.append(f'issuer = "{issuer}"')
    # the gold gives no date; the gate wants one (this catalog is never published)
    lines += [f'date = {doc.get("date") or "2026-01-01"}', f'kind = "{doc.get("kind") or "document"}"', "", "[[sources]]", f'id = "{slug}-{lang.lower()}"',
              f'file = "{doc["file"]}"', f'works = ["{slug}"]', f'languages = ["{lang}"]',
              f'format = "{doc.get("format", "plain")}"']
    path = folder / "corpus.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def document_clauses(txt: Path, doc: dict, slug: str):
    """(position, lang, clause text, findings) of the gold document built as a work."""
    with tempfile.TemporaryDirectory(prefix="govkg-eval-") as tmp:
        folder = Path(tmp)
        (folder / "sources").mkdir()
        (folder / "sources" / doc["file"]).write_bytes(txt.read_bytes())
        result = run(_catalog(doc, slug, folder), folder / "sources", quiet=True,
                     options=Options(jobs=1, executor="serial", cache=False))
        [aw] = result.aligned
        minter = Minter(result.catalog.base)
        return [(pos, lang, text, findings) for pos, lang, _, _, text, findings
                in work_findings(aw, minter, Curation(folder / "curation.toml"))]


def same_actor_words(issuer: str | None):
    issuer_slug = (resolve_actor_name(issuer) or minted_slug(issuer)) if issuer else None
    issuer_names = ({norm_words(issuer)} | _actor_names().get(issuer_slug, set())) if issuer else set()

    def same(mention, value, finding=None) -> bool:
        if value is None:
            return mention is None or mention.actor is None
        if mention is None or mention.actor is None:
            return False
        if value == "@issuer":
            return mention.actor in (ISSUER, issuer_slug)
        names = {norm_words(n) for n in (mention.text, mention.label) if n}
        names |= _actor_names().get(mention.actor, set())
        if mention.actor in (ISSUER, issuer_slug):
            names |= issuer_names
        want = norm_words(value)
        # the gold's words may name the subject by its first words ("provider that
        # supplies an automated decision system" of "… to a public body")
        return want in names or any(n.startswith(want + " ") for n in names if len(want.split()) > 1)
    return same


def _gold_for(text: str, gold: list[dict], used: set[int]) -> int | None:
    body = LEAD.sub("", text, count=1)
    for i, c in enumerate(gold):
        if i not in used and (body.startswith(c["starts"]) or text.startswith(c["starts"])):
            return i
    for i, c in enumerate(gold):  # a heading or masthead line glued before the sentence
        pos = text.find(c["starts"])
        if i not in used and 0 <= pos <= 160:
            return i
    return None


def evaluate_document(yaml_path: Path) -> DocResult:
    doc = yaml.safe_load(yaml_path.read_text(encoding="utf-8"))
    slug = yaml_path.stem
    gold = doc.get("clauses", [])
    same = same_actor_words(doc.get("issuer"))
    tally, used = Tally(), set()
    for pos, _lang, text, findings in document_clauses(yaml_path.with_name(doc["file"]), doc, slug):
        i = _gold_for(text, gold, used)
        where = f"{slug} p{pos} {text[:40]!r}"
        if i is None:
            score_clause(findings, [], same, None, tally, where)
            continue
        used.add(i)
        g = gold[i]
        wanted = list(g.get("commitments") or [])
        for j, c in enumerate(gold):  # "…; calls upon …": the gold's sentence ends at ";"
            if j not in used and re.search(r"[;；]\s*" + re.escape(c["starts"]), text):
                used.add(j)
                wanted += c.get("commitments") or []
        score_clause(findings, wanted, same, None, tally, where, g.get("none"))
        if g.get("none") and findings:
            tally.misses.append(f"{where}: {len(findings)} commitment(s) in a '{g['none']}' sentence")
    unmatched = [c["starts"] for i, c in enumerate(gold) if i not in used]
    for i, c in enumerate(gold):
        if i not in used:
            score_clause([], c.get("commitments") or [], same, None, tally, f"{slug} (no clause)")
    return DocResult(slug, str(doc.get("style", "")), tally, unmatched)


def evaluate(gold_dir: Path = GOLD_DIR) -> list[DocResult]:
    return [evaluate_document(p) for p in sorted(gold_dir.glob("*.yaml"))]


def _row(name: str, t: Tally) -> str:
    cells = []
    for kind in KINDS:
        n = t.tp[kind] + t.fn[kind] + t.fp[kind]
        cells.append(f"{t.precision(kind):.2f}/{t.recall(kind):.2f}" if n else "   -     ")
    return (f"{name[:34]:34} " + " ".join(f"{c:9}" for c in cells)
            + f" {t.bearer_accuracy:6.2f} {t.flipped:4d} {t.in_none:4d}"
            + f" {Tally.ratio(t.cue_ok, t.cue_all):5.2f} {Tally.ratio(t.addr_ok, t.addr_all):5.2f}"
            + f" {Tally.ratio(t.action_ok, t.action_all):5.2f}")


def report(results: list[DocResult], verbose: bool = False) -> str:
    head = (f"{'document':34} " + " ".join(f"{k[:9]:9}" for k in KINDS)
            + " bearer flip none   cue  addr action")
    lines = ["Commitment extraction vs tests/gold/docs (P/R per type)", head, "-" * len(head)]
    total = Tally()
    for r in results:
        lines.append(_row(r.slug, r.tally))
        total.add(r.tally)
    lines += ["-" * len(head), _row("overall", total)]
    for r in results:
        if r.unmatched:
            lines.append(f"{r.slug}: gold clauses found in no clause: {r.unmatched}")
    if verbose:
        lines += ["", "Disagreements:"] + [f"  {m}" for r in results for m in r.tally.misses]
    return "\n".join(lines) + "\n"


def overall(results: list[DocResult]) -> Tally:
    total = Tally()
    for r in results:
        total.add(r.tally)
    return total


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    verbose = "-v" in args
    args = [a for a in args if a != "-v"]
    folder = Path(args[0]) if args else GOLD_DIR
    print(report(evaluate(folder), verbose), end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
