"""The controlled vocabularies ontology/actors.ttl and ontology/principles.ttl:
labels in three scripts, trigger phrases the issue names, crosswalks declared."""

from __future__ import annotations

import opencc
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from govkg.core.errors import InputError
from govkg.extract import vocab

GOV = "https://w3id.org/govkg/ontology#"
EXT = "https://w3id.org/govkg/id/ext/"
T2S = opencc.OpenCC("t2s")


def graph(path) -> Graph:
    g = Graph()
    g.parse(path, format="turtle")
    return g


@pytest.mark.parametrize("path,ns", [(vocab.ACTORS_TTL, vocab.ACTOR_NS),
                                     (vocab.PRINCIPLES_TTL, vocab.PRINCIPLE_NS)])
def test_every_concept_has_three_scripts_and_hans_matches_hant(path, ns):
    g = graph(path)
    subjects = {s for s in g.subjects(RDF.type, None) if str(s).startswith(ns)}
    assert len(subjects) >= 20
    for s in subjects:
        labels = {lit.language: str(lit) for lit in g.objects(s, SKOS.prefLabel)}
        assert set(labels) == {"en", "zh-Hans", "zh-Hant"}, s
        assert T2S.convert(labels["zh-Hant"]) == labels["zh-Hans"], (s, labels)


def test_actor_classes_are_gov_actor_subclasses():
    allowed = {"Actor", "State", "GroupOfStates", "InternationalOrganisation", "GovernmentBody",
               "Company", "ResearchInstitute", "CivilOrganisation", "Individual", "RDEntity",
               "MaliciousActor"}
    assert set(vocab.actors().types.values()) <= allowed
    assert vocab.actors().types["terrorists"] == "MaliciousActor"
    assert vocab.actors().types["rd-entities"] == "RDEntity"


@pytest.mark.parametrize("phrase,slug", [
    ("all countries", "all-countries"), ("各国", "all-countries"), ("各國", "all-countries"),
    ("major countries", "major-countries"), ("大国", "major-countries"), ("大國", "major-countries"),
    ("developing countries", "developing-countries"), ("R&D entities", "rd-entities"),
    ("研发主体", "rd-entities"), ("研發主體", "rd-entities"), ("governments", "governments"),
    ("international organizations", "international-organizations"), ("companies", "companies"),
    ("research institutes", "research-institutes"), ("科研院校", "research-institutes"),
    ("civil organizations", "civil-organizations"), ("民间机构", "civil-organizations"),
    ("individuals", "individuals"), ("公民个人", "individuals"), ("terrorists", "terrorists"),
    ("恐怖主义", "terrorists"), ("extreme forces", "extreme-forces"),
    ("transnational organized criminal groups", "transnational-organized-criminal-groups"),
    ("the United Nations", "united-nations"), ("联合国", "united-nations"),
    ("Cyberspace Administration of China", "cyberspace-administration-of-china"),
    ("OECD", "oecd"), ("G20", "g20"), ("China", "china"), ("Africa", "africa"),
    ("National Governance Committee for the New Generation AI",
     "national-governance-committee-new-generation-ai"),
    ("China Africa Internet Development and Cooperation Forum", "china-africa-internet-forum"),
    ("The Organisation for Economic Co-operation and Development (OECD)", "oecd"),
    ("G20 Ministerial Meeting on Trade and Digital Economy", "g20-trade-digital-economy-ministers"),
])
def test_resolve_actor_name(phrase, slug):
    assert vocab.resolve_actor_name(phrase) == slug


def test_unknown_name_and_we_do_not_resolve():
    assert vocab.resolve_actor_name("Ministry of Magic") is None
    assert vocab.resolve_actor_name("we") is None  # "we" is the issuer, not an actor


def test_longest_match_and_acronym_case():
    found = vocab.actors().find("developing countries and the UN, not un-planned; 發展中國家")
    assert [s for s, _, _ in found] == ["developing-countries", "united-nations", "developing-countries"]


def test_trigger_naming_two_actors_is_an_input_error(tmp_path):
    bad = tmp_path / "actors.ttl"
    bad.write_text('@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n'
                   '@prefix gov: <https://w3id.org/govkg/ontology#> .\n'
                   '<https://w3id.org/govkg/id/actor/a> a gov:State ; skos:prefLabel "X"@en .\n'
                   '<https://w3id.org/govkg/id/actor/b> a gov:State ; skos:altLabel "x"@en .\n',
                   encoding="utf-8")
    with pytest.raises(InputError, match="names both"):
        vocab._load(bad, vocab.ACTOR_NS)


def test_principles_have_definitions_and_crosswalks():
    g = graph(vocab.PRINCIPLES_TTL)
    principles = set(g.subjects(RDF.type, URIRef(GOV + "Principle")))
    for p in principles:
        langs = {lit.language for lit in g.objects(p, SKOS.definition)}
        assert {"en", "zh-Hans"} <= langs, p
        assert (p, SKOS.inScheme, None) in g
        for target in g.objects(p, SKOS.closeMatch):
            assert (target, RDF.type, SKOS.Concept) in g, (p, target)
    ext = {str(s)[len(EXT):] for s in g.subjects(RDF.type, SKOS.Concept) if str(s).startswith(EXT)}
    assert {f"oecd/{n}" for n in ("1.1", "1.2", "1.3", "1.4", "1.5", "2.1", "2.2", "2.3", "2.4", "2.5")} <= ext
    assert sum(e.startswith("berkman/") for e in ext) == 8
    assert sum(e.startswith("jobin2019/") for e in ext) == 11
    for slug in ("people-centred", "ai-for-good", "sovereignty", "equality", "open-source",
                 "risk-based-testing", "agile-governance", "explainability", "human-control",
                 "traceability", "privacy", "data-security", "fairness", "ethics-first",
                 "accountability", "consensus", "capacity-building", "un-centred-governance",
                 "international-cooperation", "sustainable-development", "security-safety",
                 "transparency"):
        assert URIRef(vocab.PRINCIPLE_NS + slug) in principles, slug
