"""Unit tests of govkg/emit/triples.py: the triples of a clause's commitments and principle tags."""

from __future__ import annotations

import pytest
from pyoxigraph import Literal, NamedNode

from govkg.core.namespaces import GOV, OA, RDF, XSD
from govkg.emit.triples import clause_lang, commitment_triples, principle_triples
from govkg.extract.findings import ISSUER, Finding, Mention

BASE = "https://example.org/kg/"
SRC = BASE + "source/s1"
CLAUSE = BASE + "work/w/para_1/en/c1"
ZH_CLAUSE = BASE + "work/w/p2/zh-Hans/c3"

# The raw file: a heading line, then the clause exactly as written (so the clause's
# canonical text starts at raw offset OFF).
HEAD = "Heading line\n\n"
OFF = len(HEAD)


def g(name: str) -> NamedNode:
    return NamedNode(GOV + name)


def nni(value: int) -> Literal:
    return Literal(str(value), datatype=NamedNode(XSD + "nonNegativeInteger"))


TRUE = Literal("true", datatype=NamedNode(XSD + "boolean"))
TYPE = NamedNode(RDF + "type")


def locator(clause_text: str):
    """A Locate for a clause standing at OFF in a raw file, plus that raw text."""
    raw = HEAD + clause_text + "\n"

    def locate(s: int, e: int):
        return SRC, OFF + s, OFF + e, raw[OFF + s:OFF + e]

    return locate, raw


def objects(triples, s: str, p: NamedNode) -> list:
    return [t.object for t in triples if t.subject == NamedNode(s) and t.predicate == p]


def one(triples, s: str, p: NamedNode):
    found = objects(triples, s, p)
    assert len(found) == 1, (s, p, found)
    return found[0]


def span_of(text: str, phrase: str) -> tuple[int, int]:
    i = text.index(phrase)
    return i, i + len(phrase)


# --- clause_lang -----------------------------------------------------------------


@pytest.mark.parametrize("iri, lang", [
    (CLAUSE, "en"),
    (ZH_CLAUSE, "zh-Hans"),
    (BASE + "work/w/art_3/zh-Hant/c12", "zh-Hant"),
])
def test_clause_lang_reads_the_language_segment(iri, lang):
    assert clause_lang(iri) == lang


@pytest.mark.parametrize("iri", [
    BASE + "work/w/para_1",  # a provision, not a clause
    BASE + "work/w/para_1/fr/c1",  # not a language of the graph
    BASE + "work/w/para_1/en/c1/k1",  # a commitment
])
def test_clause_lang_refuses_what_is_not_a_clause(iri):
    with pytest.raises(ValueError):
        clause_lang(iri)


# --- commitment_triples ----------------------------------------------------------

TEXT = "All countries should protect personal privacy."


def obligation(**kw) -> Finding:
    cs, ce = span_of(TEXT, "should")
    a, b = span_of(TEXT, "protect personal privacy")
    fields = dict(kind="Obligation", cue_start=cs, cue_end=ce, cue="should", rule="en-modal-should",
                  bearer=Mention(0, 13, "All countries", "all-countries"),
                  action="protect personal privacy", action_span=(a, b))
    fields.update(kw)
    return Finding(**fields)


def test_obligation_has_types_clause_rule_action_and_bearer():
    locate, _ = locator(TEXT)
    out = commitment_triples(CLAUSE, [obligation()], locate, BASE)
    k = CLAUSE + "/k1"
    assert set(objects(out, k, TYPE)) == {g("Commitment"), g("Obligation")}
    assert one(out, k, g("statedIn")) == NamedNode(CLAUSE)
    assert one(out, k, g("rule")) == Literal("en-modal-should")
    assert one(out, k, g("action")) == Literal("protect personal privacy", language="en")
    assert one(out, k, g("bearer")) == NamedNode(BASE + "actor/all-countries")
    assert objects(out, k, g("bearerUnresolved")) == []
    assert objects(out, k, g("bearerRule")) == []  # named before the cue: no rule to explain
    assert objects(out, k, g("curated")) == []
    assert objects(out, k, g("projectedFrom")) == []


def test_cue_node_quotes_the_source_exactly():
    locate, raw = locator(TEXT)
    out = commitment_triples(CLAUSE, [obligation()], locate, BASE)
    cue = CLAUSE + "/k1/cue"
    assert one(out, CLAUSE + "/k1", g("cue")) == NamedNode(cue)
    assert one(out, cue, TYPE) == g("Cue")
    assert one(out, cue, g("source")) == NamedNode(SRC)
    start = raw.index("should")
    assert one(out, cue, NamedNode(OA + "start")) == nni(start)
    assert one(out, cue, NamedNode(OA + "end")) == nni(start + 6)
    assert one(out, cue, NamedNode(OA + "exact")) == Literal("should")
    assert raw[start:start + 6] == "should"


def test_commitments_are_numbered_by_the_order_of_their_cues():
    text = "Developers must not collect data and should publish reports."
    locate, raw = locator(text)
    late = Finding("Obligation", *span_of(text, "should"), "should", "en-modal-should",
                   Mention(0, 10, "Developers", "developers"), "publish reports")
    early = Finding("Prohibition", *span_of(text, "must not"), "must not", "en-modal-not",
                    Mention(0, 10, "Developers", "developers"), "collect data")
    out = commitment_triples(CLAUSE, [late, early], locate, BASE)  # given out of order
    assert g("Prohibition") in objects(out, CLAUSE + "/k1", TYPE)
    assert g("Obligation") in objects(out, CLAUSE + "/k2", TYPE)
    assert one(out, CLAUSE + "/k1/cue", NamedNode(OA + "exact")) == Literal("must not")
    assert one(out, CLAUSE + "/k2/cue", NamedNode(OA + "start")) == nni(raw.index("should"))
    assert objects(out, CLAUSE + "/k3", TYPE) == []


def test_we_resolves_to_the_issuer():
    text = "We support open source."
    locate, _ = locator(text)
    f = Finding("Support", *span_of(text, "support"), "support", "en-support",
                Mention(0, 2, "We", ISSUER), "open source")
    out = commitment_triples(CLAUSE, [f], locate, BASE, issuer="example-ministry")
    assert one(out, CLAUSE + "/k1", g("bearer")) == NamedNode(BASE + "actor/example-ministry")
    assert objects(out, CLAUSE + "/k1", g("bearerUnresolved")) == []


def test_we_without_an_issuer_is_unresolved_not_guessed():
    text = "We support open source."
    locate, _ = locator(text)
    f = Finding("Support", *span_of(text, "support"), "support", "en-support",
                Mention(0, 2, "We", ISSUER), "open source")
    out = commitment_triples(CLAUSE, [f], locate, BASE)
    assert objects(out, CLAUSE + "/k1", g("bearer")) == []
    assert one(out, CLAUSE + "/k1", g("bearerUnresolved")) == TRUE


def test_no_bearer_gives_bearer_unresolved_true():
    text = "Efforts should be made to improve transparency."
    locate, _ = locator(text)
    f = Finding("Obligation", *span_of(text, "should"), "should", "en-modal-should", None,
                "be made to improve transparency")
    out = commitment_triples(CLAUSE, [f], locate, BASE)
    assert one(out, CLAUSE + "/k1", g("bearerUnresolved")) == TRUE
    assert objects(out, CLAUSE + "/k1", g("bearer")) == []
    assert objects(out, CLAUSE + "/k1", g("bearerRule")) == []


def test_co_bearers_are_bearers_too_each_once():
    text = "Governments and companies should protect privacy."
    locate, _ = locator(text)
    f = Finding("Obligation", *span_of(text, "should"), "should", "en-modal-should",
                Mention(0, 11, "Governments", "governments"), "protect privacy",
                co_bearers=(Mention(16, 25, "companies", "companies"),
                            Mention(0, 11, "Governments", "governments")))
    out = commitment_triples(CLAUSE, [f], locate, BASE)
    assert sorted(o.value for o in objects(out, CLAUSE + "/k1", g("bearer"))) == [
        BASE + "actor/companies", BASE + "actor/governments"]


@pytest.mark.parametrize("rule", ["previous-bearer", "speaker", "passive-agent", "projected"])
def test_bearer_rule_is_recorded_when_the_bearer_was_not_named_before_the_cue(rule):
    text = "They should protect privacy."
    locate, _ = locator(text)
    f = Finding("Obligation", *span_of(text, "should"), "should", "en-modal-should",
                Mention(0, 4, "They", "all-countries", rule=rule), "protect privacy")
    out = commitment_triples(CLAUSE, [f], locate, BASE)
    assert one(out, CLAUSE + "/k1", g("bearerRule")) == Literal(rule)
    assert one(out, CLAUSE + "/k1", g("bearer")) == NamedNode(BASE + "actor/all-countries")


def test_unknown_bearer_rule_is_not_published():
    text = "They should protect privacy."
    locate, _ = locator(text)
    f = Finding("Obligation", *span_of(text, "should"), "should", "en-modal-should",
                Mention(0, 4, "They", "all-countries", rule="guess"), "protect privacy")
    out = commitment_triples(CLAUSE, [f], locate, BASE)
    assert objects(out, CLAUSE + "/k1", g("bearerRule")) == []


def test_support_addressees_resolve_and_skip_unnamed():
    text = "We call on all countries and us to share knowledge."
    locate, _ = locator(text)
    f = Finding("Support", *span_of(text, "call on"), "call on", "en-call-on",
                Mention(0, 2, "We", ISSUER), "all countries and us to share knowledge",
                addressees=(Mention(11, 24, "all countries", "all-countries"),
                            Mention(29, 31, "us", ISSUER),
                            Mention(0, 0, "", None)))
    out = commitment_triples(CLAUSE, [f], locate, BASE, issuer="example-ministry")
    assert sorted(o.value for o in objects(out, CLAUSE + "/k1", g("addressee"))) == [
        BASE + "actor/all-countries", BASE + "actor/example-ministry"]


def test_opposition_practices_are_nodes_with_their_own_source_spans():
    text = "We oppose terrorism, hegemony and bullying."
    locate, raw = locator(text)
    practices = tuple((*span_of(text, p), p) for p in ("terrorism", "hegemony", "bullying"))
    f = Finding("Opposition", *span_of(text, "oppose"), "oppose", "en-oppose",
                Mention(0, 2, "We", ISSUER), "terrorism, hegemony and bullying",
                practices=practices, targets=(Mention(10, 19, "terrorism", "terrorists"), Mention(0, 0, "", None)))
    out = commitment_triples(CLAUSE, [f], locate, BASE, issuer="example-ministry")
    k = CLAUSE + "/k1"
    assert set(objects(out, k, TYPE)) == {g("Commitment"), g("Opposition")}
    assert objects(out, k, g("opposedParty")) == [NamedNode(BASE + "actor/terrorists")]
    xs = objects(out, k, g("opposes"))
    assert [x.value for x in xs] == [f"{k}/x1", f"{k}/x2", f"{k}/x3"]
    for n, phrase in enumerate(("terrorism", "hegemony", "bullying"), 1):
        x = f"{k}/x{n}"
        assert one(out, x, TYPE) == g("Practice")
        assert one(out, x, g("text")) == Literal(phrase, language="en")
        assert one(out, x, g("source")) == NamedNode(SRC)
        start = int(one(out, x, NamedNode(OA + "start")).value)
        end = int(one(out, x, NamedNode(OA + "end")).value)
        assert (start, end) == (raw.index(phrase), raw.index(phrase) + len(phrase))
        assert one(out, x, NamedNode(OA + "exact")).value == raw[start:end] == phrase


def test_projected_commitment_points_to_the_source_commitment():
    text = "推动建立风险等级测试评估体系。"
    locate, _ = locator(text)
    src_clause = BASE + "work/w/p2/en/c3"
    f = Finding("Obligation", 0, 14, text[:14], "projected-from-en",
                Mention(0, 0, "", ISSUER, rule="projected"), text[:14],
                projected_from=src_clause, action_span=(0, 14), source_cue=(2, 3, 9))
    out = commitment_triples(ZH_CLAUSE, [f], locate, BASE, issuer="example-ministry")
    k = ZH_CLAUSE + "/k1"
    assert one(out, k, g("projectedFrom")) == NamedNode(src_clause + "/k2")
    method = one(out, k, g("method"))
    assert isinstance(method, Literal) and method.value.strip()
    assert one(out, k, g("bearerRule")) == Literal("projected")
    assert one(out, k, g("action")) == Literal(text[:14], language="zh-Hans")
    assert one(out, k + "/cue", NamedNode(OA + "exact")).value == text[:14]


def test_projected_without_source_cue_points_to_the_source_clause():
    text = "推动建立风险等级测试评估体系。"
    locate, _ = locator(text)
    src_clause = BASE + "work/w/p2/en/c3"
    f = Finding("Obligation", 0, 14, text[:14], "projected-from-en", None, text[:14],
                projected_from=src_clause)
    out = commitment_triples(ZH_CLAUSE, [f], locate, BASE)
    assert one(out, ZH_CLAUSE + "/k1", g("projectedFrom")) == NamedNode(src_clause)


def test_curated_commitment_says_so():
    locate, _ = locator(TEXT)
    out = commitment_triples(CLAUSE, [obligation(curated=True, rule="curated")], locate, BASE)
    assert one(out, CLAUSE + "/k1", g("curated")) == TRUE
    assert one(out, CLAUSE + "/k1", g("rule")) == Literal("curated")


def test_principles_inside_the_action_are_concerned_with_their_phrase():
    text = "Personal data should be handled with transparency and privacy."
    locate, _ = locator(text)
    a, b = span_of(text, "be handled with transparency and privacy")
    f = Finding("Obligation", *span_of(text, "should"), "should", "en-modal-should", None,
                text[a:b], action_span=(a, b))
    tags = [("privacy", *span_of(text, "Personal data")),  # outside the action: clause only
            ("transparency", *span_of(text, "transparency")),
            ("privacy", *span_of(text, "privacy"))]
    out = commitment_triples(CLAUSE, [f], locate, BASE, tags=tags)
    k = CLAUSE + "/k1"
    assert sorted(o.value for o in objects(out, k, g("concerns"))) == [
        BASE + "principle/privacy", BASE + "principle/transparency"]
    assert sorted(o.value for o in objects(out, k, g("matchedPhrase"))) == ["privacy", "transparency"]
    assert Literal("Personal data", language="en") not in objects(out, k, g("matchedPhrase"))
    # the clause itself is not tagged here: that is principle_triples' job
    assert objects(out, CLAUSE, g("concerns")) == []


def test_no_action_span_no_principles():
    locate, _ = locator(TEXT)
    tags = [("privacy", *span_of(TEXT, "privacy"))]
    out = commitment_triples(CLAUSE, [obligation(action_span=None)], locate, BASE, tags=tags)
    assert objects(out, CLAUSE + "/k1", g("concerns")) == []


def test_language_comes_from_the_clause_iri_or_the_argument():
    text = "各国应保护个人隐私。"
    locate, _ = locator(text)
    f = Finding("Obligation", 2, 3, "应", "zh-ying", Mention(0, 2, "各国", "all-countries"), "保护个人隐私",
                action_span=(3, 9))
    out = commitment_triples(ZH_CLAUSE, [f], locate, BASE)
    action = one(out, ZH_CLAUSE + "/k1", g("action"))
    assert action.value == "保护个人隐私" and action.language.lower() == "zh-hans"
    out = commitment_triples(ZH_CLAUSE, [f], locate, BASE, lang="zh-Hant")
    assert one(out, ZH_CLAUSE + "/k1", g("action")).language.lower() == "zh-hant"


def test_iris_follow_the_given_base():
    locate, _ = locator(TEXT)
    other = "https://other.example/id/"
    out = commitment_triples(CLAUSE, [obligation()], locate, other, tags=[("privacy", *span_of(TEXT, "privacy"))])
    assert one(out, CLAUSE + "/k1", g("bearer")) == NamedNode(other + "actor/all-countries")
    assert one(out, CLAUSE + "/k1", g("concerns")) == NamedNode(other + "principle/privacy")


def test_no_findings_no_triples_and_no_duplicates():
    locate, _ = locator(TEXT)
    assert commitment_triples(CLAUSE, [], locate, BASE) == []
    out = commitment_triples(CLAUSE, [obligation()], locate, BASE,
                             tags=[("privacy", *span_of(TEXT, "privacy"))] * 2)
    assert len(out) == len(set(out))
    assert len(objects(out, CLAUSE + "/k1", g("concerns"))) == 1


# --- principle_triples -----------------------------------------------------------


def test_principle_triples_quote_the_canonical_text():
    text = "AI should respect privacy and ensure fairness."
    tags = [("privacy", *span_of(text, "privacy")), ("fairness", *span_of(text, "fairness"))]
    out = principle_triples(CLAUSE, tags, None, BASE, text=text)
    assert sorted(o.value for o in objects(out, CLAUSE, g("concerns"))) == [
        BASE + "principle/fairness", BASE + "principle/privacy"]
    assert sorted((o.value, o.language) for o in objects(out, CLAUSE, g("matchedPhrase"))) == [
        ("fairness", "en"), ("privacy", "en")]
    assert all(t.subject == NamedNode(CLAUSE) for t in out)


def test_principle_triples_without_text_fold_the_raw_quote():
    raw = "Heading\n\nAI must protect personal\n   data."
    start = raw.index("personal")
    end = raw.index("data") + 4

    def locate(s, e):  # the clause starts at "AI"; only the tag's span is asked for
        return SRC, start, end, raw[start:end]

    out = principle_triples(ZH_CLAUSE.replace("zh-Hans", "en"), [("privacy", 15, 28)], locate, BASE)
    phrases = [t.object for t in out if t.predicate == g("matchedPhrase")]
    assert phrases == [Literal("personal data", language="en")]


def test_principle_triples_language_and_dedupe():
    text = "保护隐私，保护隐私。"
    tags = [("privacy", 2, 4), ("privacy", 7, 9)]  # the same phrase twice
    out = principle_triples(ZH_CLAUSE, tags, None, BASE, text=text)
    assert len(out) == 2 and len(set(out)) == 2
    phrase = one(out, ZH_CLAUSE, g("matchedPhrase"))
    assert phrase.value == "隐私" and phrase.language.lower() == "zh-hans"
    assert principle_triples(ZH_CLAUSE, [], None, BASE, text=text) == []
