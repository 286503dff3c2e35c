"""dist/commitments.csv, actors.csv and provisions.csv (govkg.publish.tables), read as a
researcher reads them (pandas), checked against the graph (independent SPARQL counts
on the published govkg.nt), against the source texts (every offset) and against rows
read by hand from the seed documents (data/sources/, see tests/data/README.md)."""

from __future__ import annotations

import csv
import hashlib
import io
from collections import Counter

import pandas as pd
import pyoxigraph as ox
import pytest
import rdflib

from govkg.core.text import lang_case
from govkg.publish import tables

GOV = "https://w3id.org/govkg/ontology#"
INITIATIVE = "global-ai-governance-initiative"


def read(seed_graph, name: str) -> pd.DataFrame:
    # every cell as text ("" when empty), as a spreadsheet shows it
    return pd.read_csv(seed_graph.dist / name, dtype=str, keep_default_na=False, encoding="utf-8")


def count(store: ox.Store, query: str) -> int:
    return int(next(iter(store.query("PREFIX gov: <%s> " % GOV + query)))[0].value)


@pytest.fixture(scope="module")
def commitments(seed_graph):
    return read(seed_graph, "commitments.csv")


def test_one_row_per_commitment_and_the_counts_by_type_are_the_graphs(commitments, seed_store):
    assert len(commitments) == count(seed_store, "SELECT (COUNT(DISTINCT ?k) AS ?n) WHERE { ?k a gov:Commitment }")
    assert commitments["commitment"].is_unique
    for kind in ("Obligation", "Opposition", "Support", "Prohibition", "Entitlement"):
        n = count(seed_store, f"SELECT (COUNT(DISTINCT ?k) AS ?n) WHERE {{ ?k a gov:{kind} }}")
        assert (commitments["type"] == kind).sum() == n, kind
    assert set(commitments["type"]) <= {"Obligation", "Opposition", "Support", "Prohibition", "Entitlement"}
    neg = commitments["type"].isin(["Prohibition", "Opposition"])
    assert set(commitments.loc[neg, "polarity"]) <= {"negative"} and set(commitments.loc[~neg, "polarity"]) == {"positive"}
    unresolved = count(seed_store, "SELECT (COUNT(DISTINCT ?k) AS ?n) WHERE { ?k gov:bearerUnresolved true }")
    assert (commitments["bearer"] == "").sum() == unresolved


def test_every_offset_is_where_the_text_stands(commitments, seed_graph):
    for row in commitments.itertuples():
        raw = seed_graph.raw(row.source_file)
        where = f"{row.commitment} in {row.source_file}"
        assert raw[int(row.start):int(row.end)] == row.quote, where
        assert raw[int(row.cue_start):int(row.cue_end)] == row.cue, where
        assert row.cue and row.clause_text and row.action, where


def test_bearer_labels_addressees_and_principles_are_the_graphs(commitments, seed_graph):
    g = rdflib.Graph().parse(seed_graph.nt)
    gov = rdflib.Namespace(GOV)
    skos = rdflib.Namespace("http://www.w3.org/2004/02/skos/core#")
    for row in commitments.itertuples():
        k = rdflib.URIRef(row.commitment)
        bearers = sorted(g.objects(k, gov.bearer), key=lambda a: str(a).rsplit("/", 1)[-1])
        got = row.bearer.split(" | ") if row.bearer else []
        assert got == [str(a).rsplit("/", 1)[-1] for a in bearers], row.commitment
        en = [next((str(lb) for lb in g.objects(a, skos.prefLabel) if lb.language == "en"), None) for a in bearers]
        if bearers and all(en):
            assert row.bearer_label == " | ".join(en), row.commitment
        for column, pred in (("addressees", gov.addressee), ("principles", gov.concerns)):
            want = sorted(str(o).rsplit("/", 1)[-1] for o in g.objects(k, pred))
            assert (getattr(row, column).split(" | ") if getattr(row, column) else []) == want, (row.commitment, column)
        origin = ("curated" if (k, gov.curated, rdflib.Literal(True)) in g
                  else "projected" if (k, gov.projectedFrom, None) in g else "extracted")
        assert row.origin == origin, row.commitment


def test_rows_read_from_the_seed_texts(commitments):
    """004_c3d48206e3d139f0.txt line 9 (the 9th provision), English cell: "R&D entities should
    improve …" — an obligation borne by R&D entities, cue "should", in the bilingual table;
    line 8: "We also oppose creating barriers …", an opposition of the issuer (the Cyberspace
    Administration of China, data/corpus.toml); 001 line 35: OECD 2.5, "a) Governments … should
    actively cooperate …", numbered 2.5 on the aggregator page."""
    def one(**match):
        sel = commitments
        for col, value in match.items():
            sel = sel[sel[col].str.startswith(value)] if col == "clause_text" else sel[sel[col] == value]
        assert len(sel) == 1, match
        return sel.iloc[0]

    rd = one(work=INITIATIVE, language="en", clause_text="R&D entities should improve")
    assert (rd["type"], rd["polarity"], rd["bearer"], rd["bearer_label"], rd["cue"]) == (
        "Obligation", "positive", "rd-entities", "R&D entities", "should")
    assert (rd["position"], rd["number"], rd["source_file"], rd["work_title"]) == (
        "9", "", "004_c3d48206e3d139f0.txt", "Global AI Governance Initiative")
    assert rd["action"].startswith("improve the explainability and predictability of AI")
    assert "explainability" in rd["principles"].split(" | ") and "human-control" in rd["principles"].split(" | ")
    barriers = one(work=INITIATIVE, language="en", clause_text="We also oppose creating barriers")
    assert (barriers["type"], barriers["polarity"], barriers["bearer"], barriers["position"]) == (
        "Opposition", "negative", "cyberspace-administration-of-china", "8")
    assert barriers["opposes"].startswith("creating barriers")
    oecd = one(work="oecd-principles-on-artificial-intelligence", clause_text="a) Governments")
    assert (oecd["number"], oecd["bearer"], oecd["cue"], oecd["source_file"]) == (
        "2.5", "governments", "should", "001_caf825a306b964ef.txt")


def test_actors_table(seed_graph, commitments, seed_store):
    actors = read(seed_graph, "actors.csv")
    assert list(actors.columns[:5]) == ["actor", "iri", "label_en", "label_zh_Hans", "label_zh_Hant"]
    assert actors["actor"].is_unique and list(actors["actor"]) == sorted(actors["actor"])
    borne = Counter(b for cell in commitments["bearer"] if cell for b in cell.split(" | "))
    for row in actors.itertuples():
        assert int(row.commitments) == borne.get(row.actor, 0), row.actor
    assert set(borne) <= set(actors["actor"])
    # ontology/actors.ttl: actor:rd-entities a gov:RDEntity, "R&D entities"@en, 研发主体, 研發主體
    rd = actors[actors["actor"] == "rd-entities"].iloc[0]
    assert (rd["label_en"], rd["label_zh_Hans"], rd["label_zh_Hant"], rd["kind"], rd["origin"]) == (
        "R&D entities", "研发主体", "研發主體", "RDEntity", "vocabulary")
    minted = count(seed_store, "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a gov:reviewed false }")
    assert (actors["origin"] == "minted").sum() == minted


def test_provisions_table(seed_graph, seed_store):
    provisions = read(seed_graph, "provisions.csv")
    n = count(seed_store, "SELECT (COUNT(*) AS ?n) WHERE { ?p a gov:Provision ; gov:occurrence ?o }")
    assert len(provisions) == n
    for row in provisions.itertuples():
        raw = seed_graph.raw(row.source_file)
        assert 0 <= int(row.start) < int(row.end) <= len(raw), row.provision
    # the Initiative has 15 provisions (../shared/seeds/README.md); 004 carries each in zh-Hant and en
    initiative = provisions[provisions["work"] == INITIATIVE]
    assert sorted({int(p) for p in initiative["position"]}) == list(range(1, 16))
    table = initiative[initiative["source_file"] == "004_c3d48206e3d139f0.txt"]
    assert sorted(Counter(table["language"]).items()) == [("en", 15), ("zh-Hant", 15)]
    # 004 line 9, English cell: two sentences ("We should promote …", "R&D entities should …")
    p9 = table[(table["position"] == "9") & (table["language"] == "en")].iloc[0]
    assert p9["clauses"] == "2"
    assert seed_graph.raw(p9["source_file"])[int(p9["start"]):int(p9["end"])].startswith("We should promote")


def test_files_are_rfc4180_utf8_and_described_in_void(seed_graph):
    g = rdflib.Graph().parse(seed_graph.dist / "void.ttl")
    dcat = rdflib.Namespace("http://www.w3.org/ns/dcat#")
    dct = rdflib.Namespace("http://purl.org/dc/terms/")
    described = {str(g.value(d, dct.title)): d for d in g.objects(None, dcat.distribution)}
    for name in tables.TABLES:
        data = (seed_graph.dist / name).read_bytes()
        assert not data.startswith(b"\xef\xbb\xbf") and data.endswith(b"\r\n")
        rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
        assert len({len(r) for r in rows}) == 1, name  # a header and rows of the same width
        d = described[name]
        assert str(g.value(d, dcat.mediaType)).endswith("text/csv")
        assert int(g.value(d, dcat.byteSize)) == len(data)
        value = rdflib.URIRef("http://spdx.org/rdf/terms#checksumValue")  # on the file or its spdx:checksum
        sums = {str(o) for o in g.objects(d, value)} | {str(v) for c in g.objects(d, None) for v in g.objects(c, value)}
        assert hashlib.sha256(data).hexdigest() in sums, name


def test_tables_are_byte_stable_and_built_from_the_graph_alone(seed_graph, tmp_path):
    """Written again from the published govkg.nt and ontology.ttl, in another process
    order, they are the same bytes: nothing but the graph goes in."""
    again = tables.tables(seed_graph.nt, (seed_graph.dist / "ontology.ttl").read_bytes())
    for name in tables.TABLES:
        assert again[name] == (seed_graph.dist / name).read_bytes(), name


def test_csv_quoting_of_awkward_cells():
    out = tables.to_csv(["a", "b"], [['x, "y"', "line\nbreak"], ["中文", ""]]).decode("utf-8")
    assert out == 'a,b\r\n"x, ""y""","line\nbreak"\r\n中文,\r\n'
    assert lang_case("zh-hant") == "zh-Hant" and lang_case("en-gb") == "en-GB"
