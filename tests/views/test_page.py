"""The page lists each translation, identical and related link once at each of its two
ends, although the graph states every such symmetric link both ways (link/links.py
emits a gov:relatedTo b and b gov:relatedTo a for one gov:Link), and names provisions by
the document's own number.

Fast: a hand-written graph (below) whose links are stated both ways. Slow: the seed
graph, whose link count comes from a SPARQL count of its gov:Link nodes.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import lxml.html
import pyoxigraph as ox
import pytest

from govkg.views import page
from govkg.views.page import write_index

ID = "https://w3id.org/govkg/id/"
KINDS = ("translation", "identical to", "related to")

LINKED_TTL = """
@prefix gov: <https://w3id.org/govkg/ontology#> .
@prefix dct: <http://purl.org/dc/terms/> .
@base <https://w3id.org/govkg/id/> .
<work/a> a gov:Work ; dct:title "Alpha Charter"@en .
<work/b> a gov:Work ; dct:title "Beta Declaration"@en .
<work/a/p1> a gov:Provision ; gov:partOf <work/a> ; gov:position 1 ; gov:number "Art. 5" .
<work/b/p2> a gov:Provision ; gov:partOf <work/b> ; gov:position 2 .
<work/a/p1/en/c1> a gov:Clause ; gov:partOf <work/a/p1> ; gov:position 1 ; dct:language "en" ;
    gov:text "States should share research."@en .
<work/a/p1/zh-Hans/c1> a gov:Clause ; gov:partOf <work/a/p1> ; gov:position 1 ; dct:language "zh-Hans" ;
    gov:text "各国应共享研究。"@zh-Hans .
<work/b/p2/en/c1> a gov:Clause ; gov:partOf <work/b/p2> ; gov:position 1 ; dct:language "en" ;
    gov:text "States should share research."@en .
# one related link, one identical link, one translation: each stated both ways
<work/a/p1> gov:relatedTo <work/b/p2> . <work/b/p2> gov:relatedTo <work/a/p1> .
<link/r> a gov:Link ; gov:linkFrom <work/a/p1> ; gov:linkTo <work/b/p2> ; gov:score 0.5 .
<work/a/p1/en/c1> gov:identicalTo <work/b/p2/en/c1> . <work/b/p2/en/c1> gov:identicalTo <work/a/p1/en/c1> .
<link/i> a gov:Link ; gov:linkFrom <work/a/p1/en/c1> ; gov:linkTo <work/b/p2/en/c1> ; gov:score 1.0 .
<work/a/p1/zh-Hans/c1> gov:translationOf <work/a/p1/en/c1> . <work/a/p1/en/c1> gov:translationOf <work/a/p1/zh-Hans/c1> .
"""


def page_links(index: Path) -> list[tuple[str, str, str, str]]:
    """(IRI of the provision or clause listing it, kind, IRI linked to, link text) of
    every link in the page's "related" blocks, as a reader sees them."""
    page = lxml.html.parse(str(index)).getroot()
    iri_of = {el.get("id"): el.get("data-iri") for el in page.iter() if el.get("id") and el.get("data-iri")}
    out = []
    for block in page.find_class("related"):
        owner = block.getparent().get("data-iri")
        for a in block.iter("a"):
            text = " ".join(a.text_content().split())
            kind = next(k for k in KINDS if text.startswith(k))
            out.append((owner, kind, iri_of[a.get("href").lstrip("#")], text))
    return out


def ends(links, kind: str) -> Counter:
    return Counter((owner, there) for owner, k, there, _ in links if k == kind)


@pytest.fixture(scope="module")
def linked(tmp_path_factory) -> list:
    dist = tmp_path_factory.mktemp("linked")
    store = ox.Store()
    store.load(LINKED_TTL.encode("utf-8"), format=ox.RdfFormat.TURTLE)
    (dist / "govkg.nt").write_bytes(store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()))
    write_index(dist)
    return page_links(dist / "index.html")


@pytest.mark.parametrize("kind, here, there", [
    ("related to", "work/a/p1", "work/b/p2"),
    ("identical to", "work/a/p1/en/c1", "work/b/p2/en/c1"),
    ("translation", "work/a/p1/en/c1", "work/a/p1/zh-Hans/c1"),
])
def test_a_link_stated_both_ways_is_listed_once_at_each_end(linked, kind, here, there):
    assert ends(linked, kind) == Counter({(ID + here, ID + there): 1, (ID + there, ID + here): 1})


def test_links_name_the_provision_by_its_own_number_or_its_place(linked):
    texts = {(owner, text) for owner, kind, _, text in linked if kind == "related to"}
    assert texts == {(ID + "work/a/p1", "related to Beta Declaration — ¶2"),  # no number: second provision
                     (ID + "work/b/p2", "related to Alpha Charter — Art. 5")}
    assert len(linked) == 6  # three links, each at its two ends


@pytest.mark.parametrize("kind, predicate", [("related to", "relatedTo"), ("identical to", "identicalTo")])
def test_seed_page_lists_each_link_of_the_graph_once_at_each_end(seed_graph, seed_store, kind, predicate):
    rows = seed_store.query(f"""PREFIX gov: <https://w3id.org/govkg/ontology#>
        SELECT DISTINCT ?a ?b WHERE {{ ?link a gov:Link ; gov:linkFrom ?a ; gov:linkTo ?b . ?a gov:{predicate} ?b }}""")
    in_graph = {frozenset((r["a"].value, r["b"].value)) for r in rows}
    assert in_graph, "the seed graph has no such links: the test would prove nothing"
    listed = ends(page_links(seed_graph.dist / "index.html"), kind)
    assert max(listed.values()) == 1  # no line repeated at any provision or clause
    assert {frozenset(pair) for pair in listed} == in_graph
    assert sum(listed.values()) == 2 * len(in_graph)


# ── a corpus above the split size: one page per work ─────────────────────────────────

def linked_dist(directory: Path) -> Path:
    store = ox.Store()
    store.load(LINKED_TTL.encode("utf-8"), format=ox.RdfFormat.TURTLE)
    (directory / "govkg.nt").write_bytes(store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()))
    return directory


@pytest.fixture(scope="module")
def split(tmp_path_factory) -> Path:
    """The linked graph's pages with the split lowered to one clause (it has three)."""
    dist = linked_dist(tmp_path_factory.mktemp("split"))
    write_index(dist, split_clauses=1)
    return dist


def parse(path: Path):
    return lxml.html.parse(str(path)).getroot()


def test_a_large_corpus_gets_one_page_per_work_listed_by_the_index(split):
    assert sorted(p.name for p in (split / "works").iterdir()) == ["n-work-a.html", "n-work-b.html"]
    index = parse(split / "index.html")
    works = {a.text_content(): a.get("href") for a in index.xpath("//nav//a")}
    assert works == {"Alpha Charter": "works/n-work-a.html", "Beta Declaration": "works/n-work-b.html"}
    assert index.find_class("clause") == [] and index.xpath("//script") == []  # the texts are on the work pages
    alpha = parse(split / "works" / "n-work-a.html")
    assert [s.get("data-iri") for s in alpha.find_class("work")] == [ID + "work/a"]
    texts = [c.text_content() for c in alpha.find_class("clause-text")]
    assert texts == ["States should share research.", "各国应共享研究。"]
    assert alpha.get_element_by_id("search") is not None and len(alpha.xpath("//script")) == 1
    assert alpha.xpath("//a[@href='../index.html']") and alpha.xpath("//a[@href='../govkg.nt']")


def test_links_to_another_work_go_to_its_page_and_anchor(split):
    pages = {p.name: parse(p) for p in (split / "works").iterdir()}
    ids = {name: {e.get("id") for e in root.iter() if e.get("id")} for name, root in pages.items()}
    found = {}
    for name, root in pages.items():
        for block in root.find_class("related"):
            for a in block.iter("a"):
                target, _, anchor = a.get("href").partition("#")
                assert anchor in ids[target or name], f"{name}: {a.get('href')} points nowhere"
                found[name, " ".join(a.text_content().split())] = target or name
    assert found[("n-work-a.html", "related to Beta Declaration — ¶2")] == "n-work-b.html"
    assert found[("n-work-b.html", "related to Alpha Charter — Art. 5")] == "n-work-a.html"
    assert found[("n-work-b.html", "identical to Alpha Charter — Art. 5 en clause 1")] == "n-work-a.html"
    translation = [k for k in found if k[1].startswith("translation")]
    assert translation and all(found[k] == k[0] for k in translation)  # same work: an anchor on the same page


def test_a_small_corpus_stays_one_page_and_drops_an_earlier_split(split):
    write_index(split)  # the default split size: three clauses are one page
    assert not (split / "works").exists()
    index = parse(split / "index.html")
    assert {a.get("href") for a in index.xpath("//nav//a")} == {"#n-work-a", "#n-work-b"}
    assert len(index.find_class("clause")) == 3


def test_two_works_whose_anchors_clash_get_two_pages():
    a, b = ID + "work/x.1", ID + "work/x-1"  # both anchor to n-work-x-1
    assert page.anchor(a) == page.anchor(b)
    assert page.work_pages([b, a]) == {a: "n-work-x-1-2.html", b: "n-work-x-1.html"}
