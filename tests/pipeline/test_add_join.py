"""One work per document (issue 14, deliverable 5): the full text of a work the
graph knows only from an aggregator's excerpt, added with `--work` and the id the
graph shows, joins that work — one work, every title kept (dct:title, one per
language; dct:alternative for the others), and the excerpt aligned onto the full
text's 2.5 by content."""

from __future__ import annotations

import tomllib

import pyoxigraph as ox
import pytest
from conftest import ROOT, run_cli
from test_add import fresh_data, q

AGGREGATOR = "001_caf825a306b964ef.txt"
OECD_ID = "oecd-principles-on-artificial-intelligence"  # the id the seed graph gives the OECD excerpt
OECD = f"https://w3id.org/govkg/id/work/{OECD_ID}"
# word for word the OECD 2.5 excerpt of the seed aggregator page (the last of its two copies)
OECD_25 = (
    "a) Governments, including developing countries and with stakeholders, should actively cooperate to advance "
    "these principles and to progress on responsible stewardship of trustworthy AI. b) Governments should work "
    "together in the OECD and other global and regional fora to foster the sharing of AI knowledge, as appropriate. "
    "They should encourage international, crosssectoral and open multi stakeholder initiatives to garner long term "
    "expertise on AI. c) Governments should promote the development of multi stakeholder, consensus driven global "
    "technical standards for interoperable and trustworthy AI. d) Governments should also encourage the development, "
    "and their own use, of internationally comparable metrics to measure AI research, development and deployment, "
    "and gather the evidence base to assess progress in the implementation of these principles.")
OECD_FULL = f"""Recommendation of the Council on Artificial Intelligence

THE COUNCIL, having regard to the need to foster trust in artificial intelligence, adopts the following principles.

Section 1: Principles for responsible stewardship of trustworthy AI

1.1. Inclusive growth, sustainable development and well-being

Stakeholders should proactively engage in responsible stewardship of trustworthy AI in pursuit of beneficial outcomes for people and the planet.

1.2. Human-centred values and fairness

AI actors should respect the rule of law, human rights and democratic values throughout the AI system lifecycle.

Section 2: National policies and international co-operation for trustworthy AI

2.1. Investing in AI research and development

Governments should consider long-term public investment in research and development to spur innovation in trustworthy AI.

2.5. International co operation for trustworthy AI

{OECD_25}
"""



@pytest.fixture(scope="module")
def joined(tmp_path_factory):
    """The full OECD Recommendation added for the work the graph knows only from the
    aggregator's excerpt, then a second copy with yet another title; built."""
    tmp = tmp_path_factory.mktemp("join")
    cat = fresh_data(tmp)
    (tmp / "oecd-recommendation.txt").write_text(OECD_FULL, encoding="utf-8")
    (tmp / "oecd-recommendation-copy.txt").write_text(OECD_FULL.replace("\n", "\r\n"), encoding="utf-8")
    outs = [
        run_cli("add", tmp / "oecd-recommendation.txt", "--work", OECD_ID, "--title",
                "Recommendation of the Council on Artificial Intelligence", "--issuer", "OECD", "--kind",
                "recommendation", "--catalog", cat),
        run_cli("add", tmp / "oecd-recommendation-copy.txt", "--work", OECD_ID, "--title", "OECD AI Principles",
                "--catalog", cat),
    ]
    build = run_cli("build", "--catalog", cat, "--dist", tmp / "dist", "--quiet")
    store = ox.Store()
    if build.returncode == 0:
        with open(tmp / "dist" / "govkg.nt", "rb") as fh:
            store.bulk_load(fh, ox.RdfFormat.N_TRIPLES)
    return tmp, outs, build, store


def test_the_test_document_quotes_the_excerpt_word_for_word():
    raw = (ROOT / "data" / "sources" / AGGREGATOR).read_text(encoding="utf-8")
    assert raw.count(OECD_25) == 2  # G20 2.5 and OECD 2.5 are the same words
    assert "OECD Principles on Artificial Intelligence" in raw[raw.rindex(OECD_25):]


def test_full_copy_joins_the_excerpt_work_in_the_catalog(joined):
    tmp, outs, build, _ = joined
    for out in outs:
        assert out.returncode == 0, out.stderr
    assert "joins the work the graph knows from an excerpt in source 'principles-aggregator'" in outs[0].stdout
    cat = tomllib.loads((tmp / "data" / "corpus.toml").read_text(encoding="utf-8"))
    works = [w for w in cat["works"] if w["id"].startswith(OECD_ID)]
    assert len(works) == 1
    work = works[0]
    # the full text's title in English; the excerpt's Chinese title, date ("May 22, 2019") kept
    assert work["title"] == {"en": "Recommendation of the Council on Artificial Intelligence",
                             "zh-Hans": "经合组织人工智能原则"}
    assert work["alternative"] == {"en": ["OECD Principles on Artificial Intelligence", "OECD AI Principles"]}
    assert str(work["date"]) == "2019-05-22" and work["issuer"] == "OECD" and work["kind"] == "recommendation"
    assert "alternative title (en) 'OECD AI Principles' recorded" in outs[1].stdout


def test_one_work_with_every_title(joined):
    _, _, build, store = joined
    assert build.returncode == 0, build.stderr
    works = [w for (w,) in q(store, "SELECT ?w WHERE { ?w a gov:Work }")]
    assert len(works) == 5 and [w for w in works if OECD_ID in w] == [OECD]  # the seed's five works, no "-2"
    titles = q(store, f"""SELECT ?p ?t (lang(?t) AS ?l) WHERE {{ <{OECD}> ?p ?t .
        FILTER(?p IN (<http://purl.org/dc/terms/title>, <http://purl.org/dc/terms/alternative>)) }}""")
    dct = "http://purl.org/dc/terms/"
    assert sorted(titles) == sorted([
        [dct + "title", "Recommendation of the Council on Artificial Intelligence", "en"],
        [dct + "title", "经合组织人工智能原则", "zh-hans"],
        [dct + "alternative", "OECD Principles on Artificial Intelligence", "en"],
        [dct + "alternative", "OECD AI Principles", "en"],
    ])
    assert q(store, f"SELECT ?k WHERE {{ <{OECD}> <http://purl.org/dc/terms/type> ?k }}") == [
        ["https://w3id.org/govkg/id/kind/recommendation"]]


def test_excerpt_is_aligned_onto_the_full_texts_2_5(joined):
    _, _, _, store = joined
    rows = q(store, f"""SELECT ?c ?path ?s ?e WHERE {{ ?c a gov:Clause ; gov:partOf/gov:partOf <{OECD}> ;
        gov:occurrence ?o . ?o gov:source/gov:path ?path ; oa:start ?s ; oa:end ?e }}""")
    excerpt = {c: (int(s), int(e)) for c, path, s, e in rows if path == AGGREGATOR}
    full = {c for c, path, _, _ in rows if path == "oecd-recommendation.txt"}
    assert len(excerpt) == 5, "the excerpt's five sentences are five clauses of the OECD work"
    assert set(excerpt) <= full, "each excerpt clause is a clause of the full text"
    raw = (ROOT / "data" / "sources" / AGGREGATOR).read_text(encoding="utf-8")
    start = raw.rindex(OECD_25)
    assert min(s for s, _ in excerpt.values()) == start and max(e for _, e in excerpt.values()) == start + len(OECD_25)
    cites = q(store, f"""SELECT DISTINCT ?cite WHERE {{ ?c gov:partOf ?p ; gov:occurrence/gov:source/gov:path
        "{AGGREGATOR}" . ?p gov:partOf <{OECD}> ; gov:citation ?cite }}""")
    # the excerpt's a) … d) are the sub-items of the full text's 2.5, cited with it
    assert sorted(c for (c,) in cites) == ["2.5(a)", "2.5(b)", "2.5(c)", "2.5(d)"], cites
    g20 = q(store, """SELECT ?path WHERE { ?p gov:partOf <https://w3id.org/govkg/id/work/g20-ai-principles> ;
        gov:occurrence/gov:source/gov:path ?path }""")
    assert {p for (p,) in g20} == {AGGREGATOR}, "the G20's identical excerpt stays the G20's"


def test_attribution_joins_the_catalog_work_whose_id_it_would_get():
    """A hand-written [[works]] entry with the id the graph showed, and a title of its own."""
    from govkg.core.model import Work
    from govkg.ingest import catalog, readers
    from govkg.structure import attribute

    cat = catalog.load(ROOT / "data" / "corpus.toml")
    src = cat.sources["principles-aggregator"]
    works = dict(cat.works)
    works[OECD_ID] = Work(OECD_ID, {"en": "Recommendation of the Council on AI"}, "OECD", "2019-05-22", "recommendation")
    index = attribute.TitleIndex(works)
    got = attribute.assign(readers.read(catalog.read_source(cat, src), src, AGGREGATOR, []), src, index)
    assert sorted(set(got.values())) == [
        "china-africa-internet-development-and-cooperation-2024", "g20-ai-principles", "global-ai-governance-initiative",
        "governance-principles-for-the-new-generation-artificial", OECD_ID]
    oecd = works[OECD_ID]
    assert oecd.titles == {"en": "Recommendation of the Council on AI", "zh-Hans": "经合组织人工智能原则"}
    assert oecd.alternatives == {"en": ("OECD Principles on Artificial Intelligence",)}
    assert (oecd.issuer, oecd.date, oecd.declared_in) == ("OECD", "2019-05-22", "catalog")


def test_attribution_joins_a_numbered_id_in_build_order():
    """Two excerpts whose titles give the same slug: the graph shows charter-x and
    charter-x-2; declaring charter-x-2 joins the second, the first stays charter-x."""
    from govkg.core.model import Source, Work
    from govkg.ingest import readers
    from govkg.structure import attribute

    raw = ("Makers should test robots.\n\nPublished by Guild A in Charter X, 2020-01-01\n\n"
           "Cities should open data.\n\nPublished by Guild B in Charter X 中, 2021-02-03\n")
    src = Source("agg", "agg.txt", "aggregator", ("en",), ())
    reading = readers.read(raw, src, "agg.txt", [])
    plain = attribute.assign(reading, src, attribute.TitleIndex({}))
    assert sorted(plain.values()) == ["charter-x", "charter-x-2"]
    works = {"charter-x-2": Work("charter-x-2", {"en": "The Second Charter"}, "Guild B", "2021-02-03", "charter")}
    got = attribute.assign(reading, src, attribute.TitleIndex(works))
    assert got == plain
    assert works["charter-x"].declared_in == "source:agg" and works["charter-x-2"].declared_in == "catalog"
    assert works["charter-x-2"].alternatives == {"en": ("Charter X 中",)}
