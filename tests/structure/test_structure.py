"""Document structure on documents the project has never seen: one test document per
layout in tests/data/structure/ (see its README), each with its expected structure
read off the text by hand (<name>.yaml). Each document is built through the real
pipeline as a one-source work; the test compares provisions and sections, every
gov:number, citation and heading, section membership, sub-item parents and sentence
counts, and checks that no clause text starts with a number, a bracket, a heading or
keeps a footnote marker, and that masthead and footer lines are text of nothing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from conftest import one_source_catalog

from govkg.pipeline import run

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "tests" / "data" / "structure"
CASES = sorted(DOCS.glob("*.yaml"))


def built(case: Path, tmp: Path):
    spec = yaml.safe_load(case.read_text(encoding="utf-8"))
    raw = (DOCS / spec["file"]).read_text(encoding="utf-8")
    result = run(one_source_catalog(tmp, raw, spec["language"], spec["title"], spec["file"]), quiet=True)
    (aw,) = result.aligned
    return spec, aw, raw


def _none(v):
    return None if v in (None, "", "null") else v


@pytest.fixture(scope="module", params=CASES, ids=[c.stem for c in CASES])
def case(request, tmp_path_factory):
    return built(request.param, tmp_path_factory.mktemp(request.param.stem))


def test_there_is_a_document_per_layout():
    assert len(CASES) >= 6, "one test document per layout (issue 14)"


def test_sections(case):
    spec, aw, _ = case
    got = [(s.number, s.headings.get(spec["language"]),
            aw.sections[s.parent].headings.get(spec["language"]) if s.parent is not None else None)
           for s in aw.sections]
    want = [(_none(s.get("number")), _none(s.get("heading")), _none(s.get("parent"))) for s in spec.get("sections") or []]
    assert got == want


def test_provisions(case):
    spec, aw, _ = case
    lang = spec["language"]
    want = spec["provisions"]
    assert len(aw.provisions) == len(want), [p.label for p in aw.provisions]
    for p, w in zip(aw.provisions, want):
        where = f"provision {p.position} ({p.label})"
        assert p.number == _none(w.get("number")), where
        assert p.cite == _none(w.get("cite")), where
        assert p.headings.get(lang) == _none(w.get("heading")), where
        section = aw.sections[p.section].headings.get(lang) if p.section is not None else None
        assert section == _none(w.get("section")), where
        parent = aw.provisions[p.parent].cite if p.parent is not None else None
        assert parent == _none(w.get("parent")), where
        clauses = p.clauses.get(lang, [])
        if w.get("starts"):
            assert clauses and clauses[0].canonical.startswith(w["starts"]), (where, clauses[:1])
        assert len(clauses) == w.get("sentences", 0), (where, [c.canonical for c in clauses])


def test_clause_texts_are_clean(case):
    spec, aw, _ = case
    lead = re.compile(r"^(?:\(?[0-9a-zA-Z]{1,3}[.)]\s|[（(【\[]|第[一二三四五六七八九十百]+[条章节]|[一二三四五六七八九十]+、)")
    headings = {h for p in aw.provisions for h in p.headings.values()} | {
        h for s in aw.sections for h in s.headings.values()}
    for p in aw.provisions:
        for clauses in p.clauses.values():
            for c in clauses:
                assert not lead.match(c.canonical), (p.label, c.canonical)
                for h in headings:
                    assert not c.canonical.startswith((h + ":", h + "：", h + " –", h + " —")), (p.label, h)
                if p.number:
                    assert not c.canonical.startswith(p.number), (p.label, c.canonical)
                for m in spec.get("markers") or []:
                    assert m["after"] + m["marker"] not in c.canonical, (p.label, m)


def test_furniture_is_text_of_nothing(case):
    spec, aw, _ = case
    texts = [c.canonical for p in aw.provisions for cl in p.clauses.values() for c in cl]
    texts += [h for p in aw.provisions for h in p.headings.values()]
    texts += [h for s in aw.sections for h in s.headings.values()]
    for line in spec.get("not_provisions") or []:
        folded = " ".join(line.split())
        assert not any(folded in t for t in texts), folded


def test_offsets_stay_exact(case):
    _, aw, raw = case
    for p in aw.provisions:
        for occ in p.occurrences:
            assert 0 <= occ.start < occ.end <= len(raw)
        for clauses in p.clauses.values():
            for c in clauses:
                for occ in c.occurrences:
                    (s,) = occ.sentences
                    assert raw[s.start:s.end] and s.start == occ.start and s.end == occ.end
                    # every character of the folded text comes from the raw span it maps to
                    for ch, a, b in zip(s.text, s.map_starts, s.map_ends):
                        assert ch == " " or ch in raw[a:b] or any(r.start <= a < r.end for r in s.repairs)
