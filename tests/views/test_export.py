"""Graph exports and figures: round trips, a second reader, determinism, hostile labels.

Fixture: tests/data/mini_graph.ttl (see tests/data/README.md), converted to govkg.nt in a
temporary dist. Expected values are read off that fixture and the source texts it quotes.
"""

from __future__ import annotations

import json
import os
import warnings
from pathlib import Path

import igraph
import lxml.html
import networkx as nx
import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from govkg.core.errors import InputError
from govkg.views import export
from govkg.views.drawing import cjk_font
from govkg.views.export import (
    FORMATS,
    GOV,
    PROJECTIONS,
    GraphData,
    canonical,
    clean,
    write_exports,
    write_graph,
)
from govkg.views.figures import write_figures
from govkg.views.page import write_index

DATA = Path(__file__).parents[1] / "data"
ID = "https://w3id.org/govkg/id/"


def make_dist(directory: Path, turtle: str | None = None) -> Path:
    """A dist dir holding govkg.nt made from ``turtle`` (default: the mini graph fixture)."""
    directory.mkdir(parents=True, exist_ok=True)
    store = ox.Store()
    if turtle is None:
        store.load(path=str(DATA / "mini_graph.ttl"), format=ox.RdfFormat.TURTLE)
    else:
        store.load(turtle.encode("utf-8"), format=ox.RdfFormat.TURTLE)
    nt = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    (directory / "govkg.nt").write_bytes(b"\n".join(sorted(nt.splitlines())) + b"\n")
    return directory


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    d = make_dist(tmp_path_factory.mktemp("mini") / "dist")
    write_exports(d)
    write_figures(d)
    write_index(d)
    return d


@pytest.fixture(scope="module")
def data(dist) -> GraphData:
    return GraphData.load(dist / "govkg.nt")


def read_back(path: Path, multigraph: bool) -> nx.Graph:
    if path.suffix == ".graphml":
        return nx.read_graphml(path, force_multigraph=multigraph, edge_key_type=str)
    if path.suffix == ".gexf":
        return nx.read_gexf(path)
    return nx.node_link_graph(json.loads(path.read_text(encoding="utf-8")), edges="edges")


def edge_list(g: nx.Graph, drop=()) -> list:
    """Edges as sorted (u, v, attrs) — the multigraph key is carried by the 'predicate' attribute."""
    rows = [(u, v, {k: x for k, x in d.items() if k not in drop}) for u, v, d in g.edges(data=True)]
    return sorted(rows, key=lambda r: (r[0], r[1], json.dumps(r[2], sort_keys=True)))


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", sorted(PROJECTIONS))
def test_round_trip(dist, data, name, fmt):
    expected = canonical(PROJECTIONS[name](data))
    got = read_back(dist / "graphs" / f"{name}.{fmt}", expected.is_multigraph())
    assert got.is_directed()
    assert dict(got.nodes(data=True)) == dict(expected.nodes(data=True))
    # the GEXF reader adds each edge's (sequential, deterministic) GEXF id
    drop = ("id",) if fmt == "gexf" else ()
    assert edge_list(got, drop) == edge_list(expected)
    if fmt != "gexf":
        assert got.is_multigraph() == expected.is_multigraph()
        if expected.is_multigraph():
            assert sorted(got.edges(keys=True)) == sorted(expected.edges(keys=True))


@pytest.mark.parametrize("name", sorted(PROJECTIONS))
def test_graphml_loads_in_igraph(dist, data, name):
    expected = canonical(PROJECTIONS[name](data))
    g = igraph.Graph.Read_GraphML(str(dist / "graphs" / f"{name}.graphml"))
    assert g.vcount() == expected.number_of_nodes()
    assert g.ecount() == expected.number_of_edges()
    assert sorted(g.vs["id"]) == sorted(expected.nodes)
    assert sorted(g.vs["iri"]) == sorted(d.get("iri", "") for _, d in expected.nodes(data=True))
    assert sorted(g.es["predicate"]) == sorted(d["predicate"] for *_, d in expected.edges(data=True))


def test_coverage_counts_clauses_per_work_and_principle(data):
    g = PROJECTIONS["coverage"](data)
    work = ID + "work/gaigi"
    # equality: the en clause 1 and the zh-Hant clause 1 of provision 15 (k1 is in en c1 too)
    assert g.edges[work, ID + "principle/equality"]["weight"] == 2.0
    # UN-centred: only through the commitments of p15 en c3 and zh-Hant c2
    assert g.edges[work, ID + "principle/un-centred-governance"]["weight"] == 2.0
    assert g.edges[ID + "work/oecd-ai", ID + "principle/consensus"]["weight"] == 1.0
    # every work is a row, even G20 which concerns nothing
    works = {n for n, d in g.nodes(data=True) if d["role"] == "work"}
    assert works == {ID + "work/gaigi", ID + "work/oecd-ai", ID + "work/g20-ai"}
    assert g.out_degree(ID + "work/g20-ai") == 0


def test_node_labels_in_every_language(data):
    g = PROJECTIONS["commitments"](data)
    node = g.nodes[ID + "actor/un"]
    assert node["label_en"] == "United Nations"
    assert node["label_zh_Hans"] == "联合国"
    assert node["label_zh_Hant"] == "聯合國"
    assert node["type"] == "Actor" and node["iri"] == ID + "actor/un"
    assert g.nodes[ID + "work/gaigi/p15/en/c3/k1"]["type"] == "Support"


def test_commitment_edges(data):
    g = PROJECTIONS["commitments"](data)
    borne = {v for _, v, k in g.out_edges(ID + "actor/we", keys=True) if k == GOV + "bearer"}
    assert borne == {ID + "work/gaigi/p15/en/c1/k1", ID + "work/gaigi/p15/en/c3/k1",
                     ID + "work/gaigi/p15/zh-Hant/c2/k1", ID + "work/gaigi/p6/en/c2/k1"}
    assert g.nodes[ID + "work/gaigi/p6/en/c2/k1"]["type"] == "Opposition"  # not its superclass
    assert g.has_edge(ID + "actor/un", ID + "work/gaigi/p15/en/c3/k1", key=GOV + "addressee")
    assert g.has_edge(ID + "work/gaigi", ID + "work/gaigi/p15/en/c1/k1", key=GOV + "statedIn")
    assert g.has_edge(ID + "work/gaigi/p15/en/c1/k1", ID + "principle/equality", key=GOV + "concerns")


def test_text_edges_carry_scores(data):
    g = PROJECTIONS["text"](data)
    same = g.edges[ID + "work/g20-ai/p1", ID + "work/oecd-ai/p1", GOV + "identicalTo"]
    assert same["score"] == 1.0 and same["method"] == "normalised-text-equality"  # link stated oecd -> g20
    assert g.edges[ID + "work/oecd-ai/p1", ID + "work/g20-ai/p1", GOV + "identicalTo"]["score"] == 1.0
    related = g.edges[ID + "work/gaigi/p15", ID + "work/oecd-ai/p1", GOV + "relatedTo"]
    assert related["score"] == pytest.approx(0.42) and related["weight"] == pytest.approx(0.42)
    translation = g.edges[ID + "work/gaigi/p15/zh-Hant/c1", ID + "work/gaigi/p15/en/c1", GOV + "translationOf"]
    assert "score" not in translation and translation["weight"] == 1.0
    assert g.nodes[ID + "work/gaigi/p15/zh-Hans/c1"]["language"] == "zh-Hans"


def test_rdf_graph_has_every_triple(dist, data):
    triples = [line for line in (dist / "govkg.nt").read_text(encoding="utf-8").splitlines() if line.strip()]
    g = PROJECTIONS["rdf"](data)
    assert g.number_of_edges() == len(triples)
    assert g.nodes['"開源"@zh-hant']["language"] == "zh-Hant"


def test_page_shows_clauses_commitments_sources_variants_links(dist):
    page = lxml.html.parse(str(dist / "index.html")).getroot()
    p15 = page.get_element_by_id("n-work-gaigi-p15")
    cols = {c.get("data-lang"): c.text_content() for c in p15.find_class("lang")}
    assert list(cols) == ["en", "zh-Hans", "zh-Hant"]
    assert "積極支持在聯合國框架下" in cols["zh-Hant"] and "积极支持在联合国框架下" in cols["zh-Hans"]
    assert "bearer: we" in cols["en"] and "addressee: United Nations" in cols["en"]
    assert "[7436–7646]" in cols["en"] and "004_c3d48206e3d139f0.txt" in cols["en"]
    assert "“AI” in s004 / “Al” in s001" in " ".join(cols["en"].split())  # the variant's readings
    assert "translation Global AI Governance Initiative — ¶15 zh-Hant clause 1" in " ".join(cols["en"].split())
    assert "related to OECD AI Principles — 2.5 (0.42)" in " ".join(p15.text_content().split())
    derived = page.get_element_by_id("n-work-gaigi-p8-zh-Hant-c1").find_class("derived")
    assert [d.get("lang") for d in derived] == ["zh-Hans"] and "开源人工智能技术" in derived[0].text_content()
    p6 = page.get_element_by_id("n-work-gaigi-p6").text_content()
    assert "Opposition" in p6 and "opposes: manipulating public opinion; spreading disinformation" in p6
    hrefs = {a.get("href") for a in page.get_element_by_id("downloads").iter("a")}
    assert {"govkg.nt", "graphs/rdf.graphml", "graphs/coverage.gexf", "graphs/text.json"} <= hrefs
    assert {img.get("src") for img in page.iter("img")} == {
        "figures/coverage.svg", "figures/commitments.svg", "figures/text.svg"}


def test_exports_and_figures_are_deterministic(dist, tmp_path):
    again = make_dist(tmp_path / "again")
    write_exports(again)
    write_figures(again)
    write_index(again)
    files = sorted(p.relative_to(dist) for p in dist.rglob("*") if p.is_file())
    assert len(files) == 1 + 3 * 4 + 2 * 3 + 1  # nt, graphs, figures, index
    for rel in files:
        assert (again / rel).read_bytes() == (dist / rel).read_bytes(), rel
    for gexf in (dist / "graphs").glob("*.gexf"):
        assert "lastmodifieddate" not in gexf.read_text(encoding="utf-8")


def test_figures_use_a_cjk_font_without_missing_glyphs(tmp_path):
    d = make_dist(tmp_path / "fig")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        write_figures(d)
    missing = [str(w.message) for w in caught if "missing from" in str(w.message)]
    assert missing == []
    assert cjk_font().startswith("Noto Sans CJK")
    svg = (d / "figures" / "coverage.svg").read_text(encoding="utf-8")
    # matplotlib writes each text drawn as paths as a comment: every work and principle shows
    for label in ("Global AI Governance Initiative", "全球人工智能治理倡议", "OECD AI Principles",
                  "G20 AI Principles", "equality", "平等", "open source", "开源", "capacity building",
                  "consensus", "UN-centred governance"):
        assert label in svg, label
    for name in ("coverage", "commitments", "text"):
        png = (d / "figures" / f"{name}.png").read_bytes()
        assert png.startswith(b"\x89PNG") and len(png) > 10_000


HOSTILE = "bad\x01\x0b\x1f <script>alert(1)</script> ]]> & \"q\" \ufffe end"
HOSTILE_TTL = f"""
@prefix gov: <https://w3id.org/govkg/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dct: <http://purl.org/dc/terms/> .
<{ID}work/w> a gov:Work ; dct:title {json.dumps(HOSTILE, ensure_ascii=True)}@en .
<{ID}work/w/p1> a gov:Provision ; gov:partOf <{ID}work/w> ; gov:position 1 .
<{ID}work/w/p1/en/c1> a gov:Clause ; gov:partOf <{ID}work/w/p1> ; gov:position 1 ;
    gov:text {json.dumps(HOSTILE, ensure_ascii=True)}@en ; gov:concerns <{ID}principle/x> .
<{ID}principle/x> a gov:Principle ; skos:prefLabel "x\\u0000y"@en .
<{ID}work/w/p1/en/c1/k1> a gov:Obligation ; gov:statedIn <{ID}work/w/p1/en/c1> ;
    gov:bearer <{ID}actor/a> ; gov:action {json.dumps(HOSTILE, ensure_ascii=True)} .
<{ID}actor/a> a gov:Actor ; skos:prefLabel "\\u0007actor"@en .
"""


def test_hostile_labels_stay_valid_xml(tmp_path):
    d = make_dist(tmp_path / "hostile", HOSTILE_TTL)
    write_exports(d)
    cleaned = "bad <script>alert(1)</script> ]]> & \"q\"  end"
    for name in PROJECTIONS:
        for fmt in ("graphml", "gexf"):
            path = d / "graphs" / f"{name}.{fmt}"
            etree.parse(str(path), etree.XMLParser(recover=False))  # raises on invalid XML
        g = nx.read_graphml(d / "graphs" / f"{name}.graphml")
        labels = {v for _, attrs in g.nodes(data=True) for v in attrs.values() if isinstance(v, str)}
        if name in ("commitments", "rdf", "text"):
            assert cleaned in labels, name
    g = nx.read_gexf(d / "graphs" / "commitments.gexf")
    assert g.nodes[ID + "actor/a"]["label_en"] == "actor"
    assert nx.read_gexf(d / "graphs" / "coverage.gexf").nodes[ID + "principle/x"]["label_en"] == "xy"


def test_unsanitised_labels_would_break_xml(tmp_path):
    """Negative control: without cleaning, the writer crashes or writes invalid XML."""
    g = nx.DiGraph()
    g.add_node("n", label_en=HOSTILE)
    with pytest.raises((ValueError, etree.XMLSyntaxError)):
        nx.write_graphml(g, tmp_path / "raw.graphml")
        etree.parse(str(tmp_path / "raw.graphml"), etree.XMLParser(recover=False))
    write_graph(g, tmp_path, "clean")
    etree.parse(str(tmp_path / "clean.graphml"), etree.XMLParser(recover=False))
    assert nx.read_gexf(tmp_path / "clean.gexf").nodes["n"]["label_en"].startswith("bad <script>")


@settings(max_examples=int(os.environ.get("GOVKG_FUZZ_EXAMPLES", "40")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(label=st.text(st.characters(codec="utf-8"), max_size=60) | st.text(st.characters(max_codepoint=0x1f)))
def test_any_label_writes_valid_xml(tmp_path, label):
    g = nx.MultiDiGraph()
    g.add_node(ID + "n", label=label, label_en=label)
    g.add_edge(ID + "n", ID + "n", key=GOV + "p", predicate=GOV + "p", note=label)
    write_graph(g, tmp_path, "fuzz")
    for fmt in ("graphml", "gexf"):
        etree.parse(str(tmp_path / f"fuzz.{fmt}"), etree.XMLParser(recover=False))
    back = nx.read_graphml(tmp_path / "fuzz.graphml", force_multigraph=True, edge_key_type=str)
    assert back.nodes[ID + "n"].get("label_en", "") == clean(label)
    assert nx.read_gexf(tmp_path / "fuzz.gexf").nodes[ID + "n"].get("label_en", "") == clean(label)


def test_missing_graph_is_one_clear_error(tmp_path):
    with pytest.raises(InputError, match="govkg.nt: published graph not found"):
        write_exports(tmp_path)
    (tmp_path / "govkg.nt").write_text("<a> <b> broken\n", encoding="utf-8")
    with pytest.raises(InputError, match="govkg.nt: cannot read N-Triples"):
        write_exports(tmp_path)


def test_cli_export_swaps_in_a_complete_release(tmp_path):
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    dist = make_dist(tmp_path / "cli")
    run = subprocess.run([sys.executable, str(root / "build.py"), "export", "--dist", str(dist)],
                         capture_output=True, text=True, timeout=120, cwd=root)
    assert run.returncode == 0, run.stderr
    assert dist.is_symlink()
    assert sorted(p.name for p in (dist / "graphs").iterdir()) == sorted(
        f"{n}.{f}" for n in PROJECTIONS for f in FORMATS)
    assert (dist / "index.html").is_file() and (dist / "figures" / "coverage.png").is_file()
    bad = subprocess.run([sys.executable, str(root / "build.py"), "export", "--dist", str(tmp_path / "none")],
                         capture_output=True, text=True, timeout=120, cwd=root)
    assert bad.returncode == 2
    assert bad.stderr.strip().splitlines() == [
        f"error: {tmp_path / 'none' / 'govkg.nt'}: published graph not found (run `build.py build` first)"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_seed_build_exports_round_trip(seed_graph, fmt):
    """`build` writes every projection of the seed graph, and each reads back unchanged."""
    graphs = Path(seed_graph.dist) / "graphs"
    assert graphs.is_dir(), f"{graphs}: the build did not write the graphs (publish must call write_exports)"
    data = GraphData.load(seed_graph.nt)
    for name, build in PROJECTIONS.items():
        expected = canonical(build(data))
        got = read_back(graphs / f"{name}.{fmt}", expected.is_multigraph())
        assert dict(got.nodes(data=True)) == dict(expected.nodes(data=True)), name
        assert edge_list(got, ("id",) if fmt == "gexf" else ()) == edge_list(expected), name
    works = {n for n, d in canonical(PROJECTIONS["coverage"](data)).nodes(data=True) if d["role"] == "work"}
    assert len(works) == 5  # the Initiative, OECD, G20, China 2019 principle 7, China-Africa 2024


# the one query text_edges replaced: its OPTIONAL over the gov:Link nodes read every link per row
TEXT_EDGES_ONE_QUERY = """PREFIX gov: <https://w3id.org/govkg/ontology#>
SELECT ?source ?predicate ?target (MAX(?s) AS ?score) (MIN(?m) AS ?method) WHERE {
  VALUES ?predicate { gov:relatedTo gov:identicalTo gov:translationOf }
  ?source ?predicate ?target .
  OPTIONAL {
    ?link a gov:Link ; gov:score ?s .
    { ?link gov:linkFrom ?source ; gov:linkTo ?target } UNION { ?link gov:linkFrom ?target ; gov:linkTo ?source }
    OPTIONAL { ?link gov:method ?m }
  }
}
GROUP BY ?source ?predicate ?target"""


def test_text_edges_joined_by_key_answer_what_the_one_query_answers(dist, data):
    """Independent engine: rdflib runs the old single query over the same N-Triples."""
    import rdflib

    g = rdflib.Graph().parse(dist / "govkg.nt", format="nt")
    expected = {(str(r.source), str(r.predicate), str(r.target), None if r.score is None else float(r.score),
                 None if r.method is None else str(r.method)) for r in g.query(TEXT_EDGES_ONE_QUERY)}
    assert {e[3] for e in expected} - {None}, "the fixture has no scored link: the test would prove nothing"
    assert set(export.text_edges(data)) == expected


def test_the_full_rdf_multigraph_is_replaced_by_a_note_above_the_limit(tmp_path):
    d = make_dist(tmp_path / "dist")
    n = len((d / "govkg.nt").read_text(encoding="utf-8").splitlines())
    write_exports(d)  # the mini graph is below the limit: every projection
    assert (d / "graphs" / "rdf.graphml").is_file() and not (d / "graphs" / "rdf.README.txt").exists()
    write_exports(d, full_rdf_limit=n - 1)
    names = sorted(p.name for p in (d / "graphs").iterdir())
    assert names == sorted([f"{p}.{f}" for p in ("commitments", "coverage", "text") for f in FORMATS] + ["rdf.README.txt"])
    note = (d / "graphs" / "rdf.README.txt").read_text(encoding="utf-8")
    assert f"at most {n - 1} triples; this one has {n}." in note and "govkg.nt" in note
    write_exports(d, full_rdf_limit=n)  # back under it: the multigraph again, the note gone
    assert (d / "graphs" / "rdf.json").is_file() and not (d / "graphs" / "rdf.README.txt").exists()


def test_graph_data_of_a_store_equals_graph_data_loaded_from_the_file(dist, data):
    store = ox.Store()
    store.bulk_load(path=str(dist / "govkg.nt"), format=ox.RdfFormat.N_TRIPLES)
    other = GraphData.of(store)
    assert other.types == data.types and other.labels == data.labels


def test_a_query_whose_columns_moved_is_refused(data):
    with pytest.raises(ValueError, match="text_edges.rq selects 'source predicate target', the code reads"):
        export.tuples(data.store, "text_edges", "predicate source target")
