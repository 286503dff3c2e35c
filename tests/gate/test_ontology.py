"""Ontology QA, one module: HermiT (consistent, no unsatisfiable class, with and without
the seed graph), the OWL 2 DL profile, the term style (shapes/ontology.shapes.ttl),
the seed graph's use of declared terms, the graph-wide checks on the seed graph, and
the ontology's HTML documentation. Each check is also shown able to fail."""

from __future__ import annotations

import html
from collections import defaultdict
from pathlib import Path

import owlready2
import pyoxigraph as ox
import pytest
import rdflib

from govkg.core.errors import GovkgError, ValidationFailed
from govkg.core.namespaces import GOV
from govkg.core.safe_load import parse_files
from govkg.gate.reason import check_consistency, dl_profile_violations
from govkg.gate.validate import ROOT, run_checks, validate_ontology
from govkg.publish.docs_html import write_ontology_html

ONTOLOGY = ROOT / "ontology" / "govkg.ttl"
ONTOLOGY_FILES = [ROOT / "ontology" / n for n in ("govkg.ttl", "kinds.ttl", "actors.ttl", "principles.ttl")
                  if (ROOT / "ontology" / n).is_file()]
OWL = "http://www.w3.org/2002/07/owl#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
KINDS = {OWL + k for k in ("Class", "ObjectProperty", "DatatypeProperty", "AnnotationProperty")}
BUILTIN_ANNOTATIONS = {"http://www.w3.org/2000/01/rdf-schema#" + p for p in ("label", "comment", "seeAlso", "isDefinedBy")}
BUILTIN_ANNOTATIONS |= {OWL + "versionInfo"}


def declarations(paths) -> dict[str, set[str]]:
    decl: dict[str, set[str]] = defaultdict(set)
    for q in parse_files(paths):
        if q.predicate.value == RDF_TYPE and q.object.value in KINDS and isinstance(q.subject, ox.NamedNode):
            decl[q.subject.value].add(q.object.value)
    return decl


def write_nt(path: Path, ttl: str) -> Path:
    quads = ox.parse(ttl.encode("utf-8"), format=ox.RdfFormat.TURTLE)
    path.write_bytes(ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in quads),
                                  format=ox.RdfFormat.N_TRIPLES))
    return path


# ---------------------------------------------------------------- HermiT

def test_ontology_and_vocabularies_consistent_no_unsatisfiable_class():
    check_consistency(ONTOLOGY_FILES)


def test_ontology_plus_seed_graph_consistent(seed_graph):
    check_consistency(ONTOLOGY_FILES, seed_graph.nt)


def test_node_both_clause_and_provision_is_inconsistent(tmp_path):
    data = write_nt(tmp_path / "bad.nt", """
        @prefix gov: <https://w3id.org/govkg/ontology#> .
        <https://w3id.org/govkg/id/work/w/p1> a gov:Clause , gov:Provision .""")
    with pytest.raises(ValidationFailed) as err:
        check_consistency(ONTOLOGY_FILES, data)
    message = str(err.value)
    assert "inconsistent" in message
    assert "<https://w3id.org/govkg/id/work/w/p1> is both <https://w3id.org/govkg/ontology#Clause> and " \
           "<https://w3id.org/govkg/ontology#Provision>" in message
    assert "AllDisjointClasses(" in message


def test_obligation_that_is_also_opposition_is_inconsistent(tmp_path):
    data = write_nt(tmp_path / "bad.nt", """
        @prefix gov: <https://w3id.org/govkg/ontology#> .
        <https://w3id.org/govkg/id/work/w/p1/en/c1/k1> a gov:Obligation , gov:Opposition .""")
    with pytest.raises(ValidationFailed, match="Obligation.*Opposition"):
        check_consistency(ONTOLOGY_FILES, data)


def test_unsatisfiable_class_is_named(tmp_path):
    extra = tmp_path / "chimera.ttl"
    extra.write_text("""@prefix gov: <https://w3id.org/govkg/ontology#> .
        @prefix owl: <http://www.w3.org/2002/07/owl#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        gov:Chimera a owl:Class ; rdfs:subClassOf gov:Clause , gov:Provision .""", encoding="utf-8")
    with pytest.raises(ValidationFailed, match=r"unsatisfiable classes.*ontology#Chimera"):
        check_consistency([ONTOLOGY, extra])


def test_missing_java_is_said_clearly(monkeypatch):
    monkeypatch.setattr(owlready2, "JAVA_EXE", "/nonexistent/java")
    with pytest.raises(GovkgError, match="Java is required"):
        check_consistency([ONTOLOGY])


# ---------------------------------------------------------------- OWL 2 DL

def test_owl2_dl_profile():
    """OWL API's OWL2DLProfile: no violation except rdf:langString, which the bundled
    OWL API (3.x, 2013) predates (RDF 1.1); gov:text and friends need it."""
    violations = dl_profile_violations(ONTOLOGY_FILES)
    assert [v for v in violations if "rdf:langString" not in v] == []


def test_owl2_dl_profile_catches_punning(tmp_path):
    extra = tmp_path / "pun.ttl"
    extra.write_text("""@prefix gov: <https://w3id.org/govkg/ontology#> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
        gov:text a owl:ObjectProperty .""", encoding="utf-8")
    violations = dl_profile_violations([ONTOLOGY, extra])
    assert any("pun" in v.lower() and "ontology#text" in v for v in violations), violations


def test_every_gov_term_declared_exactly_once():
    decl = declarations(ONTOLOGY_FILES)
    used = {t.value for q in parse_files(ONTOLOGY_FILES) for t in (q.subject, q.predicate, q.object)
            if isinstance(t, ox.NamedNode) and t.value.startswith(GOV)}
    bad = sorted(f"{t}: {sorted(decl.get(t, ()))}" for t in used if len(decl.get(t, ())) != 1)
    assert not bad, "gov: terms not declared as exactly one of Class/ObjectProperty/DatatypeProperty/AnnotationProperty: " + "; ".join(bad)


def test_every_predicate_of_ontology_and_vocabularies_declared():
    decl = declarations(ONTOLOGY_FILES)
    reserved = ("http://www.w3.org/1999/02/22-rdf-syntax-ns#", "http://www.w3.org/2002/07/owl#")
    rdfs_axioms = {"http://www.w3.org/2000/01/rdf-schema#" + p for p in ("subClassOf", "subPropertyOf", "domain", "range")}
    preds = {q.predicate.value for q in parse_files(ONTOLOGY_FILES)}
    bad = sorted(p for p in preds if not p.startswith(reserved) and p not in rdfs_axioms
                 and p not in BUILTIN_ANNOTATIONS and not decl.get(p))
    assert not bad, f"predicates used but not declared in ontology/govkg.ttl: {bad}"


def test_seed_graph_uses_properties_as_declared(seed_graph):
    """Object properties take IRIs, datatype properties literals; every predicate and
    class of the graph is declared (OWL 2 DL typing, no accidental punning)."""
    decl = declarations(ONTOLOGY_FILES)
    problems = set()
    for q in parse_files([seed_graph.nt]):
        p = q.predicate.value
        if p == RDF_TYPE:
            if OWL + "Class" not in decl.get(q.object.value, ()):
                problems.add(f"class <{q.object.value}> is not declared owl:Class")
            continue
        kinds = decl.get(p, set()) | ({OWL + "AnnotationProperty"} if p in BUILTIN_ANNOTATIONS else set())
        if not kinds:
            problems.add(f"<{p}> is used but not declared")
        elif OWL + "ObjectProperty" in kinds and isinstance(q.object, ox.Literal):
            problems.add(f"object property <{p}> has a literal value (e.g. on <{q.subject.value}>)")
        elif OWL + "DatatypeProperty" in kinds and not isinstance(q.object, ox.Literal):
            problems.add(f"datatype property <{p}> has a non-literal value (e.g. on <{q.subject.value}>)")
    assert not problems, "\n".join(sorted(problems))


# ---------------------------------------------------------------- term style, checks, docs

def test_ontology_term_style_conforms():
    report = validate_ontology(ONTOLOGY)
    assert report.conforms and not report.results, report.text()


def test_ontology_metadata_is_fixed_not_clock():
    g = rdflib.Graph().parse(ONTOLOGY)
    onto = rdflib.URIRef("https://w3id.org/govkg/ontology")
    modified = g.value(onto, rdflib.DCTERMS.modified)
    assert modified is not None and modified.datatype == rdflib.XSD.date
    assert str(g.value(onto, rdflib.OWL.versionIRI)).startswith("https://w3id.org/govkg/ontology/")
    assert str(g.value(onto, rdflib.DCTERMS.creator)) == "govkg project"


def test_checks_return_no_row_on_seed_graph(seed_graph):
    store = ox.Store()
    store.extend(ox.Quad(q.subject, q.predicate, q.object) for q in parse_files([seed_graph.nt, *ONTOLOGY_FILES[1:]]))
    rows = run_checks(store, ROOT / "queries" / "checks")
    assert rows == [], "\n".join(f"{r.shape}: {r.focus}: {r.message}" for r in rows[:20])


def test_checks_are_all_run():
    names = sorted(p.name for p in (ROOT / "queries" / "checks").glob("*.rq"))
    assert names and all(n.endswith("-violation.rq") for n in names), names


@pytest.mark.parametrize("use_pylode", [False, True], ids=["plain", "pylode"])
def test_ontology_html_has_every_label_and_definition(tmp_path, use_pylode):
    out = write_ontology_html(ONTOLOGY, tmp_path / "ontology.html", use_pylode=use_pylode)
    page = out.read_text(encoding="utf-8")
    g = rdflib.Graph().parse(ONTOLOGY)
    skos_definition = rdflib.URIRef("http://www.w3.org/2004/02/skos/core#definition")
    missing = [f"{s} {o!r}" for p in (rdflib.RDFS.label, skos_definition) for s, o in g.subject_objects(p)
               if str(s).startswith(GOV) and not any(form in page for form in
                                                         (str(o), html.escape(str(o)), html.escape(str(o), quote=False)))]
    assert not missing, missing[:10]
    assert "Class hierarchy" in page or "Classes" in page


def test_ontology_html_is_byte_stable(tmp_path):
    a = write_ontology_html(ONTOLOGY, tmp_path / "a.html").read_bytes()
    b = write_ontology_html(ONTOLOGY, tmp_path / "b.html").read_bytes()
    assert a == b


# ---------------------------------------------------------------- what is published beside the data

def test_published_ontology_parses_is_consistent_and_labelled(seed_graph):
    published = seed_graph.dist / "ontology.ttl"
    assert published.is_file(), "dist/ontology.ttl is not published"
    check_consistency([published])
    report = validate_ontology(published)
    assert report.conforms and not report.results, report.text()


def test_published_ontology_html(seed_graph):
    page_path = seed_graph.dist / "ontology.html"
    assert page_path.is_file(), "dist/ontology.html is not published"
    page = page_path.read_text(encoding="utf-8")
    assert "gov:Clause" in page and "分句" in page and "Class hierarchy" in page


def test_big_data_is_sampled_by_whole_subjects_with_object_types(tmp_path):
    """Above max_data_triples HermiT gets a sample: every line of a sampled subject,
    plus the rdf:type of every node those lines point to."""
    import zlib

    from govkg.gate.reason import sample_lines

    gov = "https://w3id.org/govkg/ontology#"
    lines = []
    for i in range(40):
        s = f"<https://w3id.org/govkg/id/work/w{i}>"
        lines += [f'{s} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{gov}Work> .',
                  f'{s} <http://purl.org/dc/terms/identifier> "w{i}" .',
                  f'{s} <{gov}issuedBy> <https://w3id.org/govkg/id/actor/a{i}> .',
                  f'<https://w3id.org/govkg/id/actor/a{i}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{gov}Actor> .']
    nt = tmp_path / "data.nt"
    nt.write_text("\n".join(sorted(lines)) + "\n")
    k = 4
    picked = {i for i in range(40) if zlib.crc32(f"<https://w3id.org/govkg/id/work/w{i}>".encode()) % k == 0}
    assert 0 < len(picked) < 40
    out = sample_lines(nt, k).decode().splitlines()
    assert out == sample_lines(nt, k).decode().splitlines()  # deterministic
    for i in range(40):
        mine = [ln for ln in out if ln.startswith(f"<https://w3id.org/govkg/id/work/w{i}> ")]
        assert len(mine) == (3 if i in picked else 0), i
        actor_type = f'<https://w3id.org/govkg/id/actor/a{i}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{gov}Actor> .'
        if i in picked:  # the actor the sampled work points to keeps its type
            assert actor_type in out


def test_inconsistency_in_a_sampled_node_still_fails(tmp_path):
    """A big graph whose every node is a Clause and a Provision: any sample finds it."""
    body = "\n".join(f"<https://w3id.org/govkg/id/work/w/p{i}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
                     f"<https://w3id.org/govkg/ontology#{c}> ." for i in range(300) for c in ("Clause", "Provision"))
    nt = tmp_path / "big.nt"
    nt.write_text(body + "\n")
    with pytest.raises(ValidationFailed, match="inconsistent"):
        check_consistency(ONTOLOGY_FILES, nt, max_data_triples=100)
