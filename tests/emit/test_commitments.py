"""Tests of govkg/emit/commitments.py: extraction of every clause's commitments into triples."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from conftest import english_work
from pyoxigraph import Literal, NamedNode, Triple

from govkg.core.errors import InputError
from govkg.core.ids import Minter
from govkg.core.model import Sentence
from govkg.core.namespaces import GOV, OA, RDF, SKOS, XSD
from govkg.emit.commitments import (
    clause_locator,
    extraction_chunks,
    extraction_triples,
    issuer_slug,
    minted_triples,
    speakers,
    vocabulary_triples,
    work_findings,
    work_triples,
)
from govkg.extract.curation import load_curation
from govkg.ingest.executor import Options
from govkg.pipeline import run
from govkg.structure.align import ClauseOut, Occ

BASE = "https://example.org/kg/"
TYPE = NamedNode(RDF + "type")
FALSE = Literal("false", datatype=NamedNode(XSD + "boolean"))
TRUE = Literal("true", datatype=NamedNode(XSD + "boolean"))

# The charter's English copy: provision 1 has a tab and a double space inside its
# sentence; provision 3 names an actor the vocabulary lacks, then "They".
CHARTER_EN = ("Test Charter\n\n"
              "1. All countries should\tprotect  personal privacy.\n\n"
              "2. We oppose terrorism and hegemony.\n\n"
              "3. Municipal offices should publish their budgets. They should also protect personal data.\n")
# An OCR copy of provision 1 ("countrics"): its repaired reading equals the English copy's.
CHARTER_OCR = "Test Charter\n\n1. All countrics should protect personal privacy.\n"
NOTES = "Test Notes\n\n1. Governments must ensure transparency.\n"

CATALOG = '''[dataset]
title = "test"
base = "https://example.org/kg/"

[[works]]
id = "charter"
title = { en = "Test Charter" }
issuer = "Example Ministry"
date = 2024-05-01
kind = "principles"

[[works]]
id = "notes"
title = { en = "Test Notes" }
issuer = "Cyberspace Administration of China"
date = 2024-06-01
kind = "document"

[[sources]]
id = "charter-en"
file = "charter.txt"
works = ["charter"]
languages = ["en"]
format = "plain"

[[sources]]
id = "charter-ocr"
file = "ocr.txt"
works = ["charter"]
languages = ["en"]
format = "ocr"

[[sources]]
id = "notes-en"
file = "notes.txt"
works = ["notes"]
languages = ["en"]
format = "plain"
'''

P1 = "All countries should protect personal privacy."


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("commitments")
    (folder / "sources").mkdir()
    for name, text in (("charter.txt", CHARTER_EN), ("ocr.txt", CHARTER_OCR), ("notes.txt", NOTES)):
        (folder / "sources" / name).write_text(text, encoding="utf-8")
    (folder / "corpus.toml").write_text(CATALOG, encoding="utf-8")
    result = run(folder / "corpus.toml", quiet=True, options=Options(jobs=1, executor="serial", cache=False))
    return folder, result


@pytest.fixture(scope="module")
def triples(built):
    return extraction_triples(built[1])


def work(result, wid):
    return next(aw for aw in result.aligned if aw.work.id == wid)


def clause_iri(wid, key, n=1, lang="en"):
    return f"{BASE}work/{wid}/{key}/{lang}/c{n}"


def objects(triples, s, p):
    return [t.object for t in triples if t.subject == NamedNode(s) and t.predicate == p]


def g(name):
    return NamedNode(GOV + name)


def oa(name):
    return NamedNode(OA + name)


def cue_span(triples, k):
    cue = f"{k}/cue"
    return (objects(triples, cue, g("source"))[0].value, int(objects(triples, cue, oa("start"))[0].value),
            int(objects(triples, cue, oa("end"))[0].value), objects(triples, cue, oa("exact"))[0].value)


# --- clause_locator --------------------------------------------------------------


def test_locator_maps_canonical_offsets_to_raw_whitespace(built):
    _, result = built
    aw = work(result, "charter")
    clause = aw.provisions[0].clauses["en"][0]
    assert clause.canonical == P1
    raws = {sid: r.raw for sid, r in result.sources.items()}
    locate = clause_locator(clause, Minter(BASE), raws, "charter-en")
    s = P1.index("protect personal")
    src, a, b, exact = locate(s, s + len("protect personal"))
    assert src == BASE + "source/charter-en"
    assert (a, b) == (CHARTER_EN.index("protect"), CHARTER_EN.index("personal") + len("personal"))
    assert exact == CHARTER_EN[a:b] == "protect  personal"
    src, a, b, exact = locate(0, len(P1))
    assert exact == "All countries should\tprotect  personal privacy."


def test_locator_prefers_the_given_copy_else_the_first_source_id(built):
    _, result = built
    clause = work(result, "charter").provisions[0].clauses["en"][0]
    assert {o.source for o in clause.occurrences} == {"charter-en", "charter-ocr"}
    raws = {sid: r.raw for sid, r in result.sources.items()}
    s = P1.index("countries")
    src, a, b, exact = clause_locator(clause, Minter(BASE), raws, prefer="charter-ocr")(s, s + 9)
    assert src == BASE + "source/charter-ocr"
    assert (a, b) == (CHARTER_OCR.index("countrics"), CHARTER_OCR.index("countrics") + 9)
    assert exact == "countrics"  # each copy's own characters, never the canonical reading
    src, a, b, exact = clause_locator(clause, Minter(BASE), raws)(s, s + 9)
    assert src == BASE + "source/charter-en" and exact == "countries"


def test_locator_is_none_when_no_copy_reads_the_canonical_text(built):
    _, result = built
    clause = work(result, "charter").provisions[0].clauses["en"][0]
    raws = {sid: r.raw for sid, r in result.sources.items()}
    changed = dataclasses.replace(clause, canonical="All countries should protect privacy.")
    assert clause_locator(changed, Minter(BASE), raws) is None


def _sentence(raw, start, end, lang):
    text = raw[start:end]
    return Sentence("s", lang, text, text, start, end, 0, (), tuple(range(start, end)),
                    tuple(range(start + 1, end + 1)))


def test_locator_joins_an_occurrence_of_several_sentences():
    raw = "AI should be fair.\nIt should be open."
    s1, s2 = _sentence(raw, 0, 18, "en"), _sentence(raw, 19, len(raw), "en")
    clause = ClauseOut("en", 1, [Occ("s", "en", 0, len(raw), "ngram", 0.9, [s1, s2])],
                       canonical="AI should be fair. It should be open.")
    locate = clause_locator(clause, Minter(BASE), {"s": raw})
    t = clause.canonical
    i = t.index("fair. It")
    src, a, b, exact = locate(i, i + len("fair. It"))
    assert exact == raw[a:b] == "fair.\nIt"
    j = t.index("open")
    assert locate(j, j + 4)[1:] == (raw.index("open"), raw.index("open") + 4, "open")


def test_locator_joins_chinese_sentences_with_no_separator():
    raw = "各国应尊重主权。\n各国应保护隐私。"
    s1, s2 = _sentence(raw, 0, 8, "zh-Hans"), _sentence(raw, 9, len(raw), "zh-Hans")
    clause = ClauseOut("zh-Hans", 1, [Occ("s", "zh-Hans", 0, len(raw), "ngram", 0.9, [s1, s2])],
                       canonical="各国应尊重主权。各国应保护隐私。")
    locate = clause_locator(clause, Minter(BASE), {"s": raw})
    i = clause.canonical.index("保护")
    assert locate(i, i + 4)[1:] == (raw.index("保护"), raw.index("保护") + 4, "保护隐私")


# --- speakers, issuer_slug -------------------------------------------------------


def test_speaker_is_the_body_named_alone_with_a_comma():
    found = speakers(english_work("The General Assembly,", "Encourages all States to protect privacy."))
    assert list(found) == ["en"]
    assert (found["en"].start, found["en"].end) == (0, len("The General Assembly"))


def test_speaker_before_of_when_the_organisation_name_holds_commas():
    opening = ("The General Conference of the Organization for Education, Science and Heritage, "
               "meeting in Lisbon from 3 to 18 November 2025,")
    found = speakers(english_work(opening, "Urges Member States to protect privacy."))
    assert opening[found["en"].start:found["en"].end] == "The General Conference"


def test_no_speaker_in_an_ordinary_document():
    later = speakers(english_work("All countries should protect privacy.", "The Council,"))
    assert later["en"].text == "The Council"  # a later provision may name the speaker
    assert speakers(english_work("All countries should protect privacy.", "We oppose hegemony.")) == {}


@pytest.mark.parametrize("name, slug", [
    (None, None),
    ("", None),
    ("Cyberspace Administration of China", "cyberspace-administration-of-china"),
    ("国家互联网信息办公室", "cyberspace-administration-of-china"),  # its Chinese label
    ("Example Ministry", "example-ministry"),  # minted: a slug of the Latin name
])
def test_issuer_slug(name, slug):
    assert issuer_slug(name) == slug


def test_issuer_slug_of_an_unknown_chinese_name_is_a_hash():
    a, b = issuer_slug("示例部"), issuer_slug("另一部")
    assert re.fullmatch(r"h-[0-9a-f]{12}", a) and re.fullmatch(r"h-[0-9a-f]{12}", b) and a != b


# --- work_findings, work_triples -------------------------------------------------


def test_work_findings_cover_every_clause_and_carry_the_previous_bearer(built):
    folder, result = built
    rows = list(work_findings(work(result, "charter"), Minter(BASE), load_curation(folder / "none.toml")))
    assert [r[3] for r in rows] == [clause_iri("charter", "para_1"), clause_iri("charter", "para_2"),
                                    clause_iri("charter", "para_3", 1), clause_iri("charter", "para_3", 2)]
    by_iri = {r[3]: r for r in rows}
    (first,) = by_iri[clause_iri("charter", "para_3", 1)][5]
    (second,) = by_iri[clause_iri("charter", "para_3", 2)][5]
    assert first.bearer.text == "Municipal offices" and first.bearer.minted
    assert second.bearer.actor == first.bearer.actor and second.bearer.rule == "previous-bearer"
    assert by_iri[clause_iri("charter", "para_3", 2)][4] == "They should also protect personal data."


def test_work_triples_refuse_a_clause_no_copy_carries(built):
    folder, result = built
    aw = work(result, "notes")
    clause = aw.provisions[0].clauses["en"][0]
    broken = dataclasses.replace(aw, provisions=[dataclasses.replace(
        aw.provisions[0], clauses={"en": [dataclasses.replace(clause, canonical="Governments must act.")]})])
    raws = {sid: r.raw for sid, r in result.sources.items()}
    with pytest.raises(InputError, match="no copy carries"):
        work_triples(broken, Minter(BASE), raws, load_curation(folder / "none.toml"), None)


def test_work_triples_report_the_actors_and_principles_used(built):
    folder, result = built
    raws = {sid: r.raw for sid, r in result.sources.items()}
    minted = {}
    _, used_actors, used_principles = work_triples(work(result, "charter"), Minter(BASE), raws,
                                                   load_curation(folder / "none.toml"), "example-ministry",
                                                   minted)
    assert {"all-countries", "terrorists"} <= used_actors
    assert "privacy" in used_principles
    assert "municipal-office" not in used_actors  # minted, not a vocabulary actor
    labels, clauses = minted["municipal-office"]
    assert labels == {("en", "municipal offices")}
    # the clause naming it (and at most the next one, which says "They")
    assert clause_iri("charter", "para_3", 1) in clauses
    assert clauses <= {clause_iri("charter", "para_3", 1), clause_iri("charter", "para_3", 2)}


# --- extraction_triples, end to end ----------------------------------------------


def test_every_cue_and_practice_quotes_its_source(built, triples):
    _, result = built
    raws = {BASE + "source/" + sid: r.raw for sid, r in result.sources.items()}
    spans = [t.subject for t in triples if t.predicate == oa("exact")]
    assert len(spans) >= 6
    for node in spans:
        src = objects(triples, node.value, g("source"))[0].value
        s = int(objects(triples, node.value, oa("start"))[0].value)
        e = int(objects(triples, node.value, oa("end"))[0].value)
        assert raws[src][s:e] == objects(triples, node.value, oa("exact"))[0].value


def test_obligation_of_provision_one(triples):
    k = clause_iri("charter", "para_1") + "/k1"
    assert set(objects(triples, k, TYPE)) == {g("Commitment"), g("Obligation")}
    assert objects(triples, k, g("bearer")) == [NamedNode(BASE + "actor/all-countries")]
    assert objects(triples, k, g("statedIn")) == [NamedNode(clause_iri("charter", "para_1"))]
    start = CHARTER_EN.index("should")
    assert cue_span(triples, k) == (BASE + "source/charter-en", start, start + 6, "should")
    assert NamedNode(BASE + "principle/privacy") in objects(triples, k, g("concerns"))
    assert Literal("privacy", language="en") in objects(triples, clause_iri("charter", "para_1"), g("matchedPhrase"))


def test_we_is_the_minted_issuer_and_practices_are_opposed(triples):
    k = clause_iri("charter", "para_2") + "/k1"
    assert g("Opposition") in objects(triples, k, TYPE)
    assert objects(triples, k, g("bearer")) == [NamedNode(BASE + "actor/example-ministry")]
    texts = sorted(objects(triples, x.value, g("text"))[0].value for x in objects(triples, k, g("opposes")))
    assert texts in (["hegemony", "terrorism"], ["terrorism and hegemony"])
    start = CHARTER_EN.index("oppose")
    assert cue_span(triples, k)[1:] == (start, start + 6, "oppose")


def test_minted_bearer_and_previous_bearer(triples):
    actor = BASE + "actor/municipal-office"
    k1, k2 = clause_iri("charter", "para_3", 1) + "/k1", clause_iri("charter", "para_3", 2) + "/k1"
    assert objects(triples, k1, g("bearer")) == [NamedNode(actor)]
    assert objects(triples, k2, g("bearer")) == [NamedNode(actor)]
    assert objects(triples, k2, g("bearerRule")) == [Literal("previous-bearer")]
    assert objects(triples, k1, g("bearerRule")) == []
    assert objects(triples, actor, TYPE) == [g("Actor")]
    assert objects(triples, actor, g("reviewed")) == [FALSE]
    assert objects(triples, actor, NamedNode(SKOS + "prefLabel")) == [Literal("municipal offices", language="en")]
    minted_from = objects(triples, actor, g("mintedFrom"))
    assert NamedNode(clause_iri("charter", "para_3", 1)) in minted_from
    assert all(c.value.startswith(BASE + "work/charter/para_3/en/") for c in minted_from)
    start = CHARTER_EN.index("should also")
    assert cue_span(triples, k2)[1:3] == (start, start + 6)


def test_vocabulary_terms_used_are_published_under_the_catalog_base(triples):
    assert Literal("all countries", language="en") in objects(
        triples, BASE + "actor/all-countries", NamedNode(SKOS + "prefLabel"))
    assert g("GovernmentBody") in objects(triples, BASE + "actor/governments", TYPE)
    assert Literal("privacy", language="en") in objects(triples, BASE + "principle/privacy",
                                                         NamedNode(SKOS + "prefLabel"))
    assert not any(t.subject.value.startswith("https://w3id.org/govkg/id/") for t in triples)
    # the notes' issuer is a vocabulary actor, published though no clause names it
    assert objects(triples, BASE + "actor/cyberspace-administration-of-china", NamedNode(SKOS + "prefLabel"))
    # an actor nobody uses is not published
    assert not objects(triples, BASE + "actor/developers", TYPE)
    assert len(triples) == len(set(triples))


def test_chunks_one_per_work_then_the_vocabulary(built):
    chunks = list(extraction_chunks(built[1]))
    assert len(chunks) == 3
    assert chunks[0] and all(t.subject.value.startswith(BASE + "work/charter/") for t in chunks[0])
    assert chunks[1] and all(t.subject.value.startswith(BASE + "work/notes/") for t in chunks[1])
    assert chunks[2] and not any("/work/" in t.subject.value for t in chunks[2])


# --- curation --------------------------------------------------------------------


def curation(folder: Path, name: str, body: str) -> Path:
    path = folder / name
    path.write_text(body, encoding="utf-8")
    return path


def test_curated_override_replaces_the_extraction(built):
    folder, result = built
    path = curation(folder, "replace.toml", f'''[[override]]
clause = "work/charter/para_1/en/c1"
text = "{P1}"
[[override.finding]]
kind = "Obligation"
cue = "should"
bearer = "governments"
action = "protect personal privacy"
''')
    out = extraction_triples(result, path)
    k = clause_iri("charter", "para_1") + "/k1"
    assert objects(out, k, g("curated")) == [TRUE]
    assert objects(out, k, g("rule")) == [Literal("curated")]
    assert objects(out, k, g("bearer")) == [NamedNode(BASE + "actor/governments")]
    start = CHARTER_EN.index("should")
    assert cue_span(out, k) == (BASE + "source/charter-en", start, start + 6, "should")
    assert objects(out, k, g("matchedPhrase")) == [Literal("privacy", language="en")]
    assert not objects(out, clause_iri("charter", "para_1") + "/k2", TYPE)


def test_curated_override_without_action_quotes_the_matched_phrase(built):
    folder, result = built
    path = curation(folder, "default-action.toml", f'''[[override]]
clause = "work/charter/para_1/en/c1"
text = "{P1}"
[[override.finding]]
kind = "Obligation"
cue = "should"
bearer = "all-countries"
''')
    out = extraction_triples(result, path)
    k = clause_iri("charter", "para_1") + "/k1"
    assert objects(out, k, g("action")) == [Literal("protect personal privacy", language="en")]
    assert objects(out, k, g("matchedPhrase")) == [Literal("privacy", language="en")]


def test_stale_override_stops_the_build(built):
    folder, result = built
    path = curation(folder, "stale.toml", '''[[override]]
clause = "work/charter/para_1/en/c1"
text = "All countries should protect privacy."
mode = "add"
''')
    with pytest.raises(InputError, match="stale override"):
        extraction_triples(result, path)


def test_override_of_a_missing_clause_stops_the_build(built):
    folder, result = built
    path = curation(folder, "missing.toml", '''[[override]]
clause = "work/charter/para_9/en/c1"
text = "Nothing."
''')
    with pytest.raises(InputError, match="para_9"):
        extraction_triples(result, path)


# --- vocabulary_triples, minted_triples ------------------------------------------


def test_vocabulary_triples_rebase_and_select():
    other = "https://other.example/id/"
    out = vocabulary_triples(Minter(other), {"governments"}, {"privacy"})
    gov_ = NamedNode(other + "actor/governments")
    assert Triple(gov_, NamedNode(SKOS + "prefLabel"), Literal("governments", language="en")) in out
    assert Triple(gov_, TYPE, g("GovernmentBody")) in out
    scheme = NamedNode(other + "scheme/principles")
    assert Triple(NamedNode(other + "principle/privacy"), NamedNode(SKOS + "inScheme"), scheme) in out
    assert Triple(scheme, TYPE, NamedNode(SKOS + "ConceptScheme")) in out
    assert not any(t.predicate == NamedNode(SKOS + "hasTopConcept") for t in out)
    subjects = {t.subject.value for t in out}
    assert subjects == {other + "actor/governments", other + "principle/privacy", other + "scheme/principles"}
    assert out == sorted(set(out), key=str)
    assert vocabulary_triples(Minter(other), set(), set()) == []


def test_minted_triples_first_label_preferred_others_alternative():
    m = Minter(BASE)
    c1, c2 = clause_iri("w", "p1"), clause_iri("w", "p2")
    minted = {"example-body": ({("en", "example body"), ("en", "Example Body"), ("zh-Hans", "示例机构")}, {c2, c1})}
    out = minted_triples(m, minted, set())
    node = m.actor("example-body")
    assert objects(out, node, TYPE) == [g("Actor")]
    assert objects(out, node, g("reviewed")) == [FALSE]
    assert sorted(o.value for o in objects(out, node, NamedNode(SKOS + "prefLabel"))) == ["Example Body", "示例机构"]
    assert objects(out, node, NamedNode(SKOS + "altLabel")) == [Literal("example body", language="en")]
    assert objects(out, node, g("mintedFrom")) == [NamedNode(c1), NamedNode(c2)]


def test_minted_issuer_names_from_clauses_are_alternative_labels():
    m = Minter(BASE)
    out = minted_triples(m, {"example-ministry": ({("en", "Example Ministry")}, {clause_iri("w", "p1")})},
                         {"example-ministry"})
    node = m.actor("example-ministry")
    assert objects(out, node, NamedNode(SKOS + "prefLabel")) == []
    assert objects(out, node, NamedNode(SKOS + "altLabel")) == [Literal("Example Ministry", language="en")]
