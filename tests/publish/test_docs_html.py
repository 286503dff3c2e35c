"""Tests for govkg.publish.docs_html (the ontology documentation page)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import lxml.html
import pytest
import rdflib

from govkg.core.errors import InputError
from govkg.publish import docs_html
from govkg.publish.docs_html import plain_html, write_ontology_html

ROOT = Path(__file__).resolve().parents[2]
GOV = "https://w3id.org/govkg/ontology#"

ONTOLOGY = """
@prefix gov: <https://w3id.org/govkg/ontology#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <http://example.org/> .
<https://w3id.org/govkg/ontology> a owl:Ontology ;
    rdfs:label "治理本体"@zh, "Gov ontology"@en ;
    skos:definition "Commitments <and> more."@en ;
    owl:versionIRI <https://w3id.org/govkg/ontology/1.0> ;
    dct:license <https://creativecommons.org/licenses/by/4.0/> ;
    dct:creator "Someone" .
gov:Agent a owl:Class ;
    rdfs:label "agent"@en, "行为体"@zh-Hans, "行為體"@zh-Hant ;
    skos:definition "Who acts."@en, "行动者。"@zh-Hans .
gov:Actor a owl:Class ; rdfs:subClassOf gov:Agent .
gov:Person a owl:Class ; rdfs:subClassOf gov:Actor ; rdfs:label "<script>alert(1)</script> & co"@en .
gov:Work a owl:Class .
gov:Thing a owl:Class ; rdfs:subClassOf ex:Other .
ex:Other a owl:Class ; rdfs:label "not ours"@en .
gov:bearer a owl:ObjectProperty ; rdfs:domain gov:Work ;
    rdfs:range [ a owl:Class ; owl:unionOf ( gov:Person gov:Work ) ] .
gov:position a owl:DatatypeProperty ; rdfs:range xsd:integer .
gov:note a owl:AnnotationProperty ; rdfs:subPropertyOf rdfs:comment .
ex:foreign a owl:ObjectProperty .
"""


@pytest.fixture
def onto(tmp_path) -> Path:
    path = tmp_path / "onto.ttl"
    path.write_text(ONTOLOGY, encoding="utf-8")
    return path


def parse(page: str):
    return lxml.html.document_fromstring(page.encode("utf-8"))


def section(doc, anchor: str) -> dict[str, list[str]]:
    """A term's section as {dt text: [dd text]} plus its heading under "h3"."""
    sec = doc.get_element_by_id(anchor)
    out = {"h3": [sec.find("h3").text_content()]}
    for dt in sec.iter("dt"):
        out[dt.text_content()] = [dt.getnext().text_content()]
    return out


def test_title_joins_the_ontology_labels_sorted_by_language(onto):
    doc = parse(plain_html(onto))
    assert doc.find(".//title").text_content() == "Gov ontology / 治理本体"  # en before zh
    assert doc.find(".//h1").text_content() == "Gov ontology / 治理本体"


def test_ontology_definition_and_metadata(onto):
    doc = parse(plain_html(onto))
    paras = doc.findall(".//body/p")
    assert [(p.get("lang"), p.text_content()) for p in paras] == [("en", "Commitments <and> more.")]
    assert doc.find(".//and") is None  # escaped, not markup
    meta = doc.find(".//body/dl")
    pairs = [(dt.text_content(), dt.getnext().text_content()) for dt in meta.iter("dt")]
    assert pairs == [("owl:versionIRI", "https://w3id.org/govkg/ontology/1.0"),
                     ("dct:license", "https://creativecommons.org/licenses/by/4.0/"),
                     ("dct:creator", "Someone")]  # no dct:modified in the input: no row


def _tree(ul) -> list:
    return [(li.find("a").text_content(), li.find("a").get("href"), _tree(li.find("ul")) if li.find("ul") is not None
             else []) for li in ul.findall("li")]


def test_class_hierarchy_nests_gov_classes_only(onto):
    doc = parse(plain_html(onto))
    h2 = next(h for h in doc.iter("h2") if h.text_content() == "Class hierarchy")
    assert _tree(h2.getnext()) == [
        ("gov:Agent", "#Agent", [("gov:Actor", "#Actor", [("gov:Person", "#Person", [])])]),
        ("gov:Thing", "#Thing", []),  # its only superclass is not a gov: class: a root
        ("gov:Work", "#Work", []),
    ]


def test_a_section_per_term_under_its_kind_in_iri_order(onto):
    doc = parse(plain_html(onto))
    body = doc.find("body")
    heading, found = None, {}
    for el in body:
        if el.tag == "h2":
            heading = el.text_content()
            found[heading] = []
        elif el.tag == "section":
            found[heading].append(el.get("id"))
    assert found == {"Class hierarchy": [], "Classes": ["Actor", "Agent", "Person", "Thing", "Work"],
                     "Object properties": ["bearer"], "Datatype properties": ["position"],
                     "Annotation properties": ["note"]}
    assert "not ours" not in doc.text_content() and "foreign" not in doc.text_content()
    assert section(doc, "Work")["IRI"] == [GOV + "Work"]
    assert section(doc, "Work")["h3"] == ["gov:Work"]


def test_labels_and_definitions_in_every_language(onto):
    doc = parse(plain_html(onto))
    sec = doc.get_element_by_id("Agent")
    dts = {dt.text_content(): dt.getnext() for dt in sec.iter("dt")}
    labels = [(li.get("lang"), li.text_content()) for li in dts["Labels"].iter("li")]
    assert labels == [("en", "agent @en"), ("zh-Hans", "行为体 @zh-Hans"), ("zh-Hant", "行為體 @zh-Hant")]
    defs = [(li.get("lang"), li.text_content()) for li in dts["Definitions"].iter("li")]
    assert defs == [("en", "Who acts. @en"), ("zh-Hans", "行动者。 @zh-Hans")]
    assert "Subclass of" not in dts  # no superclass in the input: no row


def test_superclass_domain_range_and_subproperty(onto):
    doc = parse(plain_html(onto))
    actor = doc.get_element_by_id("Actor")
    assert [(a.get("href"), a.text_content()) for a in actor.iter("a")] == [("#Agent", "gov:Agent")]
    bearer = section(doc, "bearer")
    assert bearer["Domain"] == ["gov:Work"]
    assert bearer["Range"] == ["gov:Person or gov:Work"]  # the union, in list order
    assert [a.get("href") for a in doc.get_element_by_id("bearer").iter("a")] == ["#Work"]
    assert section(doc, "position")["Range"] == ["xsd:integer"]
    assert list(doc.get_element_by_id("position").iter("a")) == []  # not a gov: term: no link
    assert section(doc, "Thing")["Subclass of"] == ["ex:Other"]
    assert section(doc, "note")["Subproperty of"] == ["rdfs:comment"]


def test_hostile_label_is_escaped(onto):
    page = plain_html(onto)
    doc = parse(page)
    assert doc.find(".//script") is None
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in page
    assert "<script>alert(1)</script> & co" in doc.get_element_by_id("Person").text_content()


def test_without_an_ontology_header(tmp_path):
    path = tmp_path / "bare.ttl"
    path.write_text("@prefix owl: <http://www.w3.org/2002/07/owl#> .\n<%sX> a owl:Class .\n" % GOV, encoding="utf-8")
    doc = parse(plain_html(path))
    assert doc.find(".//title").text_content() == "Ontology"
    assert doc.find(".//body/dl") is None
    assert doc.get_element_by_id("X").find("h3").text_content() == "gov:X"


def test_write_returns_the_path_and_makes_folders(onto, tmp_path):
    out = tmp_path / "deep" / "er" / "ontology.html"
    assert write_ontology_html(onto, out) == out
    assert out.read_text(encoding="utf-8") == plain_html(onto)
    assert out.read_bytes().startswith(b"<!DOCTYPE html>\n") and out.read_bytes().endswith(b"</body></html>\n")


def test_page_is_byte_stable(onto, tmp_path):
    a = write_ontology_html(onto, tmp_path / "a.html").read_bytes()
    b = write_ontology_html(onto, tmp_path / "b.html").read_bytes()
    assert a == b
    # the same triples written in another order: the same page
    lines = ONTOLOGY.strip().split("\n")
    shuffled = tmp_path / "shuffled.ttl"
    head = [ln for ln in lines if ln.startswith("@prefix")]
    shuffled.write_text("\n".join(head + ["gov:Work a owl:Class ."] + [ln for ln in lines if ln not in head]),
                        encoding="utf-8")
    assert plain_html(shuffled).encode("utf-8") == a


def test_missing_ontology_is_one_input_error_and_writes_nothing(tmp_path):
    out = tmp_path / "out" / "ontology.html"
    with pytest.raises(InputError) as err:
        write_ontology_html(tmp_path / "nope.ttl", out)
    assert str(err.value) == f"{tmp_path / 'nope.ttl'}: ontology file not found"
    assert "\n" not in str(err.value)
    assert not out.exists() and not out.parent.exists()


def test_pylode_failure_falls_back_to_the_plain_page(onto, tmp_path, monkeypatch, capsys):
    def boom(path):
        raise RuntimeError("boom")

    monkeypatch.setattr(docs_html, "_pylode", boom)
    out = write_ontology_html(onto, tmp_path / "o.html", use_pylode=True)
    assert out.read_text(encoding="utf-8") == plain_html(onto)
    assert capsys.readouterr().err.strip() == "docs: pyLODE failed (RuntimeError: boom); writing the plain page"


def test_pylode_page_is_written_when_it_works(onto, tmp_path, monkeypatch):
    seen = []
    monkeypatch.setattr(docs_html, "_pylode", lambda p: seen.append(p) or "<html>pylode page</html>")
    out = write_ontology_html(onto, tmp_path / "o.html", use_pylode=True)
    assert out.read_text(encoding="utf-8") == "<html>pylode page</html>"
    assert seen == [onto]
    seen.clear()
    write_ontology_html(onto, tmp_path / "p.html")  # default: pyLODE is not called
    assert seen == []


def _fake_run(returncode, stdout, stderr, calls):
    def run(args, **kw):
        calls.append((args, kw))
        return subprocess.CompletedProcess(args, returncode, stdout, stderr)
    return run


def test_pylode_runs_in_a_child_with_a_fixed_hash_seed(onto, monkeypatch):
    calls = []
    monkeypatch.setattr(subprocess, "run", _fake_run(0, "<html>ü</html>".encode(), b"", calls))
    assert docs_html._pylode(onto) == "<html>ü</html>"
    (args, kw), = calls
    assert args[-1] == str(onto) and args[1] == "-c"
    assert kw["env"]["PYTHONHASHSEED"] == "0"


@pytest.mark.parametrize("code, out", [(1, b"<html></html>"), (0, b"  \n")], ids=["exit-1", "no-output"])
def test_pylode_child_failure_raises(onto, monkeypatch, code, out):
    monkeypatch.setattr(subprocess, "run", _fake_run(code, out, b"Traceback\nImportError: no pylode\n", []))
    with pytest.raises(RuntimeError, match="ImportError: no pylode"):
        docs_html._pylode(onto)


def test_pylode_child_failure_message_is_the_last_stderr_line(onto, monkeypatch):
    monkeypatch.setattr(subprocess, "run", _fake_run(1, b"", b"Traceback\nImportError: no pylode\n", []))
    with pytest.raises(RuntimeError) as err:
        docs_html._pylode(onto)
    assert str(err.value) == "ImportError: no pylode"


def test_subclass_cycle_does_not_crash(tmp_path):
    path = tmp_path / "cycle.ttl"
    path.write_text(f"""@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<{GOV}Root> a owl:Class .
<{GOV}A> a owl:Class ; rdfs:subClassOf <{GOV}Root>, <{GOV}B> .
<{GOV}B> a owl:Class ; rdfs:subClassOf <{GOV}A> .
""", encoding="utf-8")
    doc = parse(plain_html(path))
    assert {s.get("id") for s in doc.iter("section")} == {"A", "B", "Root"}


def test_project_ontology_has_a_section_per_gov_class_and_property():
    path = ROOT / "ontology" / "govkg.ttl"
    g = rdflib.Graph().parse(path, format="turtle")
    owl = rdflib.OWL
    terms = {str(s)[len(GOV):] for kind in (owl.Class, owl.ObjectProperty, owl.DatatypeProperty,
                                            owl.AnnotationProperty)
             for s in g.subjects(rdflib.RDF.type, kind) if str(s).startswith(GOV)}
    doc = parse(plain_html(path))
    assert len(terms) > 10
    assert {s.get("id") for s in doc.iter("section")} == terms
