"""Unit tests for govkg/extract/mentions.py (actor mentions, minted names, inheritance, lists)."""

from __future__ import annotations

import dataclasses

import pytest

from govkg.extract.findings import ISSUER, Mention
from govkg.extract.mentions import (
    Context,
    chain,
    drop_determiners,
    drop_quantifiers,
    inherited,
    is_zh,
    mentions,
    minted,
)


def span(text: str, phrase: str, after: int = 0) -> tuple[int, int]:
    s = text.index(phrase, after)
    return s, s + len(phrase)


# ------------------------------------------------------------------ is_zh, Context

@pytest.mark.parametrize("lang, zh", [("zh-Hans", True), ("zh-Hant", True), ("zh", True),
                                      ("en", False), ("fr", False)])
def test_is_zh(lang, zh):
    assert is_zh(lang) is zh


def test_context_defaults_to_nothing_inherited_and_is_frozen():
    ctx = Context()
    assert ctx.speaker is None and ctx.previous is None
    with pytest.raises(dataclasses.FrozenInstanceError):
        ctx.previous = Mention(0, 1, "x", "x")


# ------------------------------------------------------------------ mentions

def test_mentions_in_a_resolution_call_are_ordered_with_their_offsets():
    text = "We call upon Member States and the private sector to act."
    got = mentions(text)
    assert [(m.start, m.end, m.text, m.actor) for m in got] == [
        (0, 2, "We", ISSUER),
        (13, 26, "Member States", "member-states"),
        (31, 49, "the private sector", "private-sector"),
    ]
    assert all(text[m.start:m.end] == m.text for m in got)
    assert not any(m.minted for m in got)


def test_we_inside_a_word_is_not_the_issuer():
    text = "Vendors shall not sell weapons to web shops."
    assert all(m.actor != ISSUER for m in mentions(text))


def test_chinese_issuer_pronoun_and_vocabulary_actor():
    text = "我们应当保护用户隐私。"
    got = mentions(text)
    assert [(m.start, m.end, m.actor) for m in got] == [(0, 2, ISSUER), (6, 8, "users")]
    assert text[6:8] == "用户"


def test_traditional_chinese_issuer_pronoun():
    text = "我們支持開源社區。"
    assert [(m.start, m.end, m.actor) for m in mentions(text)][:1] == [(0, 2, ISSUER)]


def test_clause_without_actors_has_no_mentions():
    assert mentions("Outputs must be checked before release.") == []


def test_acronym_matches_only_in_capitals():
    assert [m.actor for m in mentions("The UN should lead.")] == ["united-nations"]
    assert all(m.actor != "united-nations" for m in mentions("An un-named panel should lead."))


# ------------------------------------------------------------------ drop_quantifiers / drop_determiners

@pytest.mark.parametrize("phrase, bare", [
    ("Each Party", "Party"),
    ("EVERY signatory", "signatory"),
    ("All the parties", "parties"),
    ("Any   provider", "provider"),
    ("Our partners", "partners"),
    ("Your users", "users"),
    ("All", "All"),  # a lone quantifier stays
    ("Relevant authorities", "Relevant authorities"),  # "relevant" is not dropped from a name
])
def test_drop_quantifiers(phrase, bare):
    assert drop_quantifiers(phrase) == bare


@pytest.mark.parametrize("phrase, bare", [
    ("Relevant authorities", "authorities"),
    ("Such entities", "entities"),
    ("the providers", "providers"),
    ("Your users", "Your users"),  # "your" opens a name but is no determiner
    ("This", "This"),
])
def test_drop_determiners(phrase, bare):
    assert drop_determiners(phrase) == bare


# ------------------------------------------------------------------ minted

def test_minted_phrase_the_vocabulary_knows_is_that_actor():
    text = "The providers must keep logs."
    m = minted(text, 0, 13)
    assert (m.start, m.end, m.text, m.actor, m.minted) == (0, 13, "The providers", "providers", False)


def test_minted_quantified_subject_is_named_without_its_quantifier():
    text = "Each Party shall report annually."
    m = minted(text, 0, 10)
    assert m.text == "Each Party" and text[m.start:m.end] == "Each Party"
    assert m.minted and m.label == "Party" and m.actor == "party"


def test_minted_plural_and_quantified_forms_are_one_actor():
    a = minted("Each Signatory shall comply.", 0, 14)
    b = minted("All Signatories shall comply.", 0, 15)
    assert a.actor == b.actor == "signatory"
    assert (a.label, b.label) == ("Signatory", "Signatories")


def test_minted_initial_capital_is_lowered_when_it_opens_the_clause():
    text = "Hospital boards should publish audits."
    assert minted(text, 0, 15, initial=True).label == "hospital boards"
    assert minted(text, 0, 15).label == "Hospital boards"
    assert minted(text, 0, 15).actor == "hospital-board"


def test_minted_proper_name_keeps_its_capitals_even_initially():
    text = "Riverside Data Trust must publish audits."
    m = minted(text, 0, 20, initial=True)
    assert (m.label, m.actor) == ("Riverside Data Trust", "riverside-data-trust")


def test_minted_relative_clause_is_named_by_its_head_but_spans_the_phrase():
    text = "Employees who suspect misuse should report it."
    a, b = span(text, "Employees who suspect misuse")
    m = minted(text, a, b)
    assert m.text == "Employees who suspect misuse"
    assert (m.label, m.actor) == ("Employees", "employee")


def test_minted_chinese_name_gets_a_hashed_slug():
    text = "专人应当处理投诉。"
    m = minted(text, 0, 2)
    other = minted("专班应当处理投诉。", 0, 2)
    assert m.text == "专人" and m.minted and m.label == "专人"
    assert m.actor.startswith("h-") and len(m.actor) == 14
    assert all(c in "0123456789abcdef" for c in m.actor[2:])
    assert other.actor != m.actor


def test_minted_chinese_vocabulary_phrase_is_the_actor():
    text = "提供者应当公开规则。"
    m = minted(text, 0, 3)
    assert (m.actor, m.minted) == ("providers", False)


# ------------------------------------------------------------------ inherited

def test_inherited_takes_the_previous_actor_at_the_new_span():
    prev = Mention(0, 9, "Providers", "providers")
    text = "They must keep logs."
    m = inherited(prev, 0, 4, text, "previous-bearer")
    assert m == Mention(0, 4, "They", "providers", False, "Providers", "previous-bearer")


def test_inherited_minted_actor_keeps_its_label():
    prev = Mention(0, 15, "Hospital boards", "hospital-board", True, "hospital boards")
    text = "They should publish audits."
    m = inherited(prev, 0, 0, text, "projected")
    assert (m.start, m.end, m.text) == (0, 0, "")
    assert (m.actor, m.minted, m.label, m.rule) == ("hospital-board", True, "hospital boards", "projected")


def test_inherited_prefers_an_existing_label_of_a_vocabulary_actor():
    prev = Mention(0, 3, "提供者", "providers", False, "providers")
    assert inherited(prev, 0, 1, "其应当…", "previous-bearer").label == "providers"


def test_inherited_nothing_when_there_is_no_previous_actor():
    assert inherited(None, 0, 4, "They must act.", "previous-bearer") is None
    assert inherited(Mention(0, 4, "They", None, rule="anaphor"), 0, 2, "It must act.", "x") is None


# ------------------------------------------------------------------ chain

def test_chain_of_a_comma_and_list_is_headed_by_the_first_item():
    text = "Governments, companies and civil society should cooperate."
    ments = mentions(text)
    main, co = chain(text, ments[0], ments, len(text), False)
    assert (main.start, main.end) == span(text, "Governments, companies and civil society")
    assert main.text == "Governments, companies and civil society"
    assert main.actor == "governments"
    assert [(m.text, m.actor) for m in co] == [("companies", "companies"), ("civil society", "civil-society")]


def test_chain_with_or():
    text = "Developers or deployers must disclose the model."
    ments = mentions(text)
    main, co = chain(text, ments[0], ments, len(text), False)
    assert main.text == "Developers or deployers" and [m.actor for m in co] == ["deployers"]


def test_chain_emphasis_makes_the_emphasised_actor_primary():
    text = "All countries, especially developing countries, should share knowledge."
    ments = mentions(text)
    main, co = chain(text, ments[0], ments, len(text), False)
    assert (main.start, main.end, main.actor) == (*span(text, "developing countries"), "developing-countries")
    assert [(m.text, m.actor) for m in co] == [("All countries", "all-countries")]


def test_chain_stops_at_a_verb_between_actors():
    text = "Providers protect users from harm."
    ments = mentions(text)
    main, co = chain(text, ments[0], ments, len(text), False)
    assert (main, co) == (ments[0], ())


def test_chain_respects_the_limit():
    text = "Governments and companies should cooperate."
    ments = mentions(text)
    main, co = chain(text, ments[0], ments, 11, False)
    assert (main.text, co) == ("Governments", ())


def test_chain_chinese_list_with_enumeration_comma_and_he():
    text = "政府、企业和社会组织应当加强合作。"
    ments = mentions(text)
    main, co = chain(text, ments[0], ments, len(text), True)
    assert (main.start, main.end, main.text, main.actor) == (0, 10, "政府、企业和社会组织", "governments")
    assert [(m.start, m.end, m.actor) for m in co] == [(3, 5, "companies"), (6, 10, "civil-organizations")]


def test_chain_english_mode_does_not_join_at_the_chinese_comma():
    text = "政府、企业应当加强合作。"
    ments = mentions(text)
    main, co = chain(text, ments[0], ments, len(text), False)
    assert (main.text, co) == ("政府", ())
