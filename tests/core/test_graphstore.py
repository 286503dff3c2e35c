"""govkg.core.graphstore: the graph between emit and publish keeps every triple exactly."""

import pyoxigraph as ox

from govkg.core import graphstore

XSD = "http://www.w3.org/2001/XMLSchema#"


def t(s, p, o):
    return ox.Triple(ox.NamedNode(s), ox.NamedNode(p), o)


def test_exact_datatypes_and_lexical_forms_survive():
    """A pyoxigraph Store would publish "7"^^xsd:integer and "1"^^xsd:decimal here."""
    g = graphstore.Graph([t("urn:x", "urn:start", ox.Literal("7", datatype=ox.NamedNode(XSD + "nonNegativeInteger"))),
                          t("urn:x", "urn:score", ox.Literal("1.000", datatype=ox.NamedNode(XSD + "decimal")))])
    nt = graphstore.sorted_ntriples(g).decode()
    assert nt == ('<urn:x> <urn:score> "1.000"^^<http://www.w3.org/2001/XMLSchema#decimal> .\n'
                  '<urn:x> <urn:start> "7"^^<http://www.w3.org/2001/XMLSchema#nonNegativeInteger> .\n')
    assert {str(x.object.datatype.value) for x in graphstore.triples(g)} == {XSD + "nonNegativeInteger", XSD + "decimal"}


def test_duplicates_across_chunks_count_once_and_lines_sort_bytewise():
    a = t("urn:b", "urn:p", ox.Literal("中文", language="zh-Hant"))
    b = t("urn:a", "urn:p", ox.NamedNode("urn:o"))
    g = graphstore.Graph([a, b])
    g.add([a])  # a second chunk repeating a triple
    assert len(g.chunks) == 2
    assert graphstore.size(g) == 2
    lines = graphstore.sorted_ntriples(g).decode().splitlines()
    assert lines == ["<urn:a> <urn:p> <urn:o> .", '<urn:b> <urn:p> "中文"@zh-hant .']


def test_graph_list_and_store_agree():
    triples = [t(f"urn:s{i % 7}", f"urn:p{i % 3}", ox.Literal(f"v{i}")) for i in range(50)]
    g = graphstore.Graph()
    for i in range(0, 50, 9):  # several chunks
        g.add(triples[i:i + 9])
    store = graphstore.as_store(g)
    assert len(store) == 50
    assert graphstore.sorted_ntriples(g) == graphstore.sorted_ntriples(triples) == graphstore.sorted_ntriples(store)
    assert set(graphstore.triples(g)) == set(triples) == set(graphstore.triples(store))


def test_quads_are_added_to_the_default_graph():
    q = ox.Quad(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.Literal("x"), ox.NamedNode("urn:g"))
    g = graphstore.Graph([q])
    assert list(graphstore.triples(g)) == [q.triple]


def test_empty_graph():
    g = graphstore.Graph()
    assert graphstore.sorted_ntriples(g) == b"" and graphstore.size(g) == 0 and len(graphstore.as_store(g)) == 0


def test_a_blank_node_spread_over_chunks_stays_one_node():
    b = ox.BlankNode("x1")
    g = graphstore.Graph([ox.Triple(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), b)])
    g.add([ox.Triple(b, ox.NamedNode("urn:q"), ox.Literal("v"))])
    store = graphstore.as_store(g)
    rows = list(store.query("SELECT ?v WHERE { <urn:s> <urn:p>/<urn:q> ?v }"))
    assert [r["v"].value for r in rows] == ["v"]
