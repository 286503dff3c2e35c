"""The streamed GraphML / GEXF / JSON writers against networkx's own writers (the
independent engine): same bytes for the same graph, hostile strings included, and a
graph with an attribute networkx would type two ways is refused, not written wrongly."""

from __future__ import annotations

import json
import re

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govkg.views import graphfiles
from govkg.views.export import canonical, clean

HOSTILE = ['a & b', '<script>alert("x")</script>', "tab\there", "line\nbreak", "cr\rhere", "quote ' and \"",
           "中文标签", "emoji 🙂", "]]>", "&amp; already", "x > y", "", " leading and trailing "]


def networkx_bytes(g: nx.Graph, tmp_path) -> dict[str, bytes]:
    """What govkg wrote before the streamed writers: networkx's writers on canonical(g)."""
    c = canonical(g)
    nx.write_graphml(c, tmp_path / "nx.graphml", encoding="utf-8", prettyprint=True)
    gexf = "\n".join(nx.generate_gexf(c, encoding="utf-8", prettyprint=True)) + "\n"
    gexf = re.sub(r'\s+lastmodifieddate="[^"]*"', "", gexf)
    link = json.dumps(nx.node_link_data(c, edges="edges"), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    return {"graphml": (tmp_path / "nx.graphml").read_bytes(), "gexf": gexf.encode("utf-8"),
            "json": link.encode("utf-8")}


def streamed_bytes(g: nx.Graph, tmp_path) -> dict[str, bytes]:
    snap = graphfiles.snapshot(g, clean)
    graphfiles.write_graphml(snap, tmp_path / "s.graphml")
    graphfiles.write_gexf(snap, tmp_path / "s.gexf")
    graphfiles.write_json(snap, tmp_path / "s.json")
    return {ext: (tmp_path / f"s.{ext}").read_bytes() for ext in ("graphml", "gexf", "json")}


def hostile_multigraph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph(name='the "text" & <links>')
    for i, text in enumerate(HOSTILE):
        g.add_node(f"n{i} {text}", label=text, iri=f"https://example.org/{i}", position=i, score=i / 3,
                   flag=bool(i % 2))
    g.add_node("bare")  # no attributes at all
    g.add_node("no-label", role="actor")  # GEXF falls back to the id as label
    for i, text in enumerate(HOSTILE):
        g.add_edge(f"n{i} {text}", "bare", key=f"k{text}", predicate=text, weight=1.0 + i)
        g.add_edge("bare", f"n{i} {text}", key="plain", method=text, score=float(i))
    g.add_edge("no-label", "bare", key="nothing")  # no attributes but the key
    return g


def test_multigraph_with_hostile_strings_matches_networkx(tmp_path):
    assert streamed_bytes(hostile_multigraph(), tmp_path) == networkx_bytes(hostile_multigraph(), tmp_path)


def test_digraph_with_weights_matches_networkx(tmp_path):
    g = nx.DiGraph(name="coverage")
    g.add_node("w1", label="Work 1", role="work")
    g.add_node("p1", label="privacy · 隐私", role="principle")
    g.add_node("p2", role="principle")
    g.add_edge("w1", "p1", predicate="concerns", weight=3.0)
    g.add_edge("w1", "p2", predicate="concerns", weight=1.0)
    g.add_edge("p2", "p1")  # an edge without attributes
    assert streamed_bytes(g, tmp_path) == networkx_bytes(g, tmp_path)


@pytest.mark.parametrize("make", [nx.MultiDiGraph, nx.DiGraph])
def test_empty_and_edgeless_graphs_match_networkx(tmp_path, make):
    empty = make(name="")
    assert streamed_bytes(empty, tmp_path) == networkx_bytes(empty, tmp_path)
    lonely = make(name="lonely")
    lonely.add_node("only", label="the only node", position=1)
    assert streamed_bytes(lonely, tmp_path) == networkx_bytes(lonely, tmp_path)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.text(max_size=12), st.text(max_size=12)), min_size=1, max_size=6))
def test_any_labels_match_networkx(tmp_path, pairs):
    g = nx.MultiDiGraph(name="fuzz")
    for i, (label, other) in enumerate(pairs):
        g.add_node(f"n{i}", label=clean(label), label_zh=clean(other))
        g.add_edge(f"n{i}", f"n{(i + 1) % len(pairs)}", key=clean(other) or "k", predicate=clean(label), weight=1.0)
    assert streamed_bytes(g, tmp_path) == networkx_bytes(g, tmp_path)


def test_an_attribute_of_two_types_is_refused(tmp_path):
    g = nx.DiGraph(name="mixed")
    g.add_node("a", position=1)
    g.add_node("b", position="first")  # networkx would write two GraphML keys named "position"
    with pytest.raises(TypeError, match="two types"):
        graphfiles.write_graphml(graphfiles.snapshot(g, clean), tmp_path / "mixed.graphml")


def test_a_gexf_reserved_attribute_is_refused(tmp_path):
    g = nx.DiGraph(name="reserved")
    g.add_node("a", start="2024")  # GEXF would make it the node's time interval
    with pytest.raises(TypeError, match="reserves"):
        graphfiles.write_gexf(graphfiles.snapshot(g, clean), tmp_path / "reserved.gexf")
