"""Tests for govkg.core.kinds: the document kinds read from ontology/kinds.ttl."""

from __future__ import annotations

import pytest
import rdflib

from govkg.core import kinds
from govkg.core.errors import InputError
from govkg.core.ids import Minter
from govkg.core.namespaces import ID, SKOS

# The concepts of ontology/kinds.ttl, read from the file.
KINDS = ("charter", "code-of-conduct", "declaration", "document", "framework", "guideline", "initiative", "law",
         "principles", "recommendation", "regulation", "report", "resolution", "statement", "strategy")


def _clear():
    kinds._triples.cache_clear()
    kinds.known.cache_clear()
    kinds.triggers.cache_clear()


@pytest.fixture
def kinds_file(tmp_path, monkeypatch):
    """Point the module at a kinds file of our own; the real one comes back afterwards."""
    path = tmp_path / "ontology" / "kinds.ttl"
    path.parent.mkdir()
    monkeypatch.setattr(kinds, "KINDS_FILE", path)
    _clear()
    yield path
    _clear()


# ── known ───────────────────────────────────────────────────────────────────────

def test_known_is_every_concept_of_the_scheme_sorted():
    assert kinds.known() == KINDS


def test_known_leaves_out_the_scheme_itself():
    assert "" not in kinds.known()
    assert "kind" not in kinds.known()


def test_known_matches_the_skos_concepts_read_independently():
    g = rdflib.Graph().parse(kinds.KINDS_FILE, format="turtle")
    concepts = {str(s) for s in g.subjects(rdflib.RDF.type, rdflib.URIRef(SKOS + "Concept"))}
    minter = Minter(ID)
    assert {minter.kind(k) for k in kinds.known()} == concepts  # the minted kind IRIs are the concepts


# ── triggers ────────────────────────────────────────────────────────────────────

@pytest.mark.parametrize("trigger, kind", [
    ("act", "law"), ("law", "law"), ("法", "law"), ("法律", "law"),
    ("measures", "regulation"), ("provisions", "regulation"), ("办法", "regulation"), ("辦法", "regulation"),
    ("code of practice", "code-of-conduct"), ("行為準則", "code-of-conduct"),
    ("guidance", "guideline"), ("指导意见", "guideline"), ("指導意見", "guideline"),
    ("plan", "strategy"), ("strategies", "strategy"), ("規劃", "strategy"),
    ("principle", "principles"), ("宣言", "declaration"), ("倡議", "initiative"), ("決議", "resolution"),
])
def test_altlabels_are_triggers_of_their_kind(trigger, kind):
    assert (trigger, kind) in kinds.triggers()


def test_preflabel_only_is_no_trigger():
    # "document" has a prefLabel but no altLabel; "code of conduct"'s prefLabel is also an altLabel
    assert not [t for t in kinds.triggers() if t[1] == "document"]
    assert "文件" not in {t for t, _ in kinds.triggers()}


def test_each_trigger_names_one_kind_once():
    words = [t for t, _ in kinds.triggers()]
    assert len(words) == len(set(words))
    assert all(kind in kinds.known() for _, kind in kinds.triggers())


def test_triggers_longest_first_then_sorted():
    trig = kinds.triggers()
    assert trig[0] == ("code of practice", "code-of-conduct")  # 16 characters, the longest
    assert trig[1] == ("code of conduct", "code-of-conduct")
    assert trig[-1] == ("法", "law")                           # the only one-character trigger
    lengths = [len(t) for t, _ in trig]
    assert lengths == sorted(lengths, reverse=True)
    for n in set(lengths):
        same = [x for x in trig if len(x[0]) == n]
        assert same == sorted(same)
    threes = [x for x in trig if len(x[0]) == 3]
    assert threes == [("act", "law"), ("law", "law")]


def test_triggers_are_casefolded_and_deduplicated(kinds_file):
    kinds_file.write_text("""
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix kind: <https://w3id.org/govkg/id/kind/> .
<https://w3id.org/govkg/id/kind/> a skos:ConceptScheme .
kind:treaty a skos:Concept ; skos:inScheme <https://w3id.org/govkg/id/kind/> ;
    skos:prefLabel "treaty"@en ;
    skos:altLabel "Treaty"@en, "TREATY"@en-GB, "Straße"@de, "条约"@zh-Hans .
""", encoding="utf-8")
    assert kinds.known() == ("treaty",)
    assert set(kinds.triggers()) == {("treaty", "treaty"), ("strasse", "treaty"), ("条约", "treaty")}
    assert kinds.triggers()[0] == ("strasse", "treaty")  # casefold: ß -> ss


def test_a_new_kind_is_one_concept_in_the_file(kinds_file):
    kinds_file.write_text("""
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix kind: <https://w3id.org/govkg/id/kind/> .
<https://w3id.org/govkg/id/kind/> a skos:ConceptScheme .
kind:law a skos:Concept ; skos:altLabel "act"@en .
kind:white-paper a skos:Concept ; skos:altLabel "white paper"@en, "白皮书"@zh-Hans .
""", encoding="utf-8")
    assert kinds.known() == ("law", "white-paper")
    assert kinds.check("white-paper", "catalog") == "white-paper"
    assert ("白皮书", "white-paper") in kinds.triggers()
    with pytest.raises(InputError):
        kinds.check("report", "catalog")  # no longer in this scheme


# ── check ───────────────────────────────────────────────────────────────────────

@pytest.mark.parametrize("kind", KINDS)
def test_check_returns_a_known_kind(kind):
    assert kinds.check(kind, "corpus.toml") == kind


@pytest.mark.parametrize("kind", ["Law", "laws", "", "code of conduct", "act", "法律", "kind", "law "])
def test_check_refuses_an_unknown_kind_naming_the_known_ones(kind):
    with pytest.raises(InputError) as exc:
        kinds.check(kind, "corpus.toml: works[2]")
    msg = str(exc.value)
    assert msg.startswith("corpus.toml: works[2]: unknown kind ")
    assert repr(kind) in msg
    assert "\n" not in msg
    assert ", ".join(KINDS) in msg
    assert "ontology/kinds.ttl" in msg
