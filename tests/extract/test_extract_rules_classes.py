"""Extraction rules for the failure classes found on documents nobody here wrote
(issue 15, second round): quantified and relative-clause subjects, missing cues, the
speaking body of a longer opening, clause boundaries, non-agent subjects, empty
actions, and Chinese subordinate clauses, 由 / 被 agents, 要 / 负责 / 承诺.
Every sentence is written for these tests, several wordings per rule; the comment on
each test names its class (1-15, as listed in the extract2 brief)."""

from __future__ import annotations

import pytest
from conftest import english_work

from govkg.emit.commitments import speakers
from govkg.extract.findings import ISSUER, Mention
from govkg.extract.rules import Context, extract_clause


def one(text, lang="en", ctx=None):
    found = extract_clause(text, lang, ctx)
    assert len(found) == 1, found
    return found[0]


# Sentences written for these tests; each class has several wordings.

def label(m):
    return None if m is None else (m.label if m.minted else m.text)


@pytest.mark.parametrize("text, name", [
    ("Each Party shall notify the secretariat of its focal point.", "Party"),
    ("Every signatory must publish an annual transparency note.", "signatory"),
    ("Any licensee shall keep the logs for two years.", "licensee"),
    ("Our contractors should flag unsafe requests.", "contractors"),
    ("Their auditors must sign each report.", "auditors"),
])
def test_quantifiers_are_no_part_of_a_minted_name(text, name):  # class 1
    f = one(text)
    assert f.bearer.minted and f.bearer.label == name


def test_singular_and_plural_name_one_minted_actor():  # class 1
    a = one("Each Party shall designate a contact point.").bearer
    b = one("Parties shall exchange information.").bearer
    c = one("Every licensee must file a return.").bearer
    d = one("Licensees must keep records.").bearer
    assert a.actor == b.actor and c.actor == d.actor
    assert one("All AI actors should respect privacy.").bearer.actor == "ai-actors"
    assert one("Any provider shall keep logs.").bearer.actor == "providers"


@pytest.mark.parametrize("text, cue, bearer, action", [
    ("Vendors have to disclose known defects.", "have to", "Vendors", "disclose known defects"),
    ("The operator has to notify affected users.", "has to", "operator", "notify affected users"),
    ("The ministry is to publish guidance by June.", "is to", "ministry", "publish guidance by June"),
    ("Licensees are to keep a register of incidents.", "are to", "Licensees", "keep a register of incidents"),
    ("Hospitals need to document every override.", "need to", "Hospitals", "document every override"),
    ("The signatories pledge to share evaluation results.", "pledge to", "signatories", "share evaluation results"),
    ("The agency is responsible for ensuring compliance.", "is responsible for", "agency", "ensuring compliance"),
    ("Deployers are responsible for monitoring their systems.", "are responsible for", "Deployers",
     "monitoring their systems"),
])
def test_missing_obligation_cues(text, cue, bearer, action):  # class 2
    f = one(text)
    assert (f.kind, f.cue, f.action) == ("Obligation", cue, action)
    assert bearer.casefold() in label(f.bearer).casefold()


@pytest.mark.parametrize("text, name, action", [
    ("It is the responsibility of the employer to train staff.", "employer", "train staff"),
    ("It is the duty of each operator to keep records.", "operator", "keep records"),
])
def test_responsibility_of_x_names_x(text, name, action):  # class 2
    f = one(text)
    assert (f.kind, f.action) == ("Obligation", action) and name in label(f.bearer)


@pytest.mark.parametrize("text", [
    "Operators need not keep logs beyond a year.",
    "The aim is to reduce harm.",
    "The purpose of the register is to inform the public.",
])
def test_need_not_and_aims_are_no_obligation(text):  # class 2
    assert extract_clause(text, "en") == []


@pytest.mark.parametrize("text, bearer", [
    ("The government will publish a national strategy.", "government"),
    ("The Ministry of Labour will fund ten pilots.", "Ministry of Labour"),
    ("The regional council will consult residents first.", "regional council"),
    ("Participating companies will report their emissions.", "Participating companies"),
    ("We will share our test results.", "We"),
])
def test_will_with_an_agent_subject_is_an_obligation(text, bearer):  # class 2
    f = one(text)
    assert (f.kind, f.cue) == ("Obligation", "will")
    assert bearer.casefold() in (label(f.bearer) or f.bearer.text).casefold() or f.bearer.actor == ISSUER


@pytest.mark.parametrize("text", [
    "AI will reshape work in every sector.",
    "The system will be able to detect faults.",
    "Demand for compute will grow quickly.",
    "This chapter will describe the procedure.",
])
def test_will_as_a_forecast_is_no_commitment(text):  # class 2
    assert extract_clause(text, "en") == []


def test_will_in_a_passive_takes_the_agent_or_nobody():  # class 2
    f = one("Guidance will be issued by the agency.")
    assert (f.kind, label(f.bearer)) == ("Obligation", "agency")
    g = one("A national centre will be established.")
    assert (g.kind, g.bearer) == ("Obligation", None)
    h = one("Incident reports are to be reviewed by the oversight board.")
    assert (h.kind, label(h.bearer)) == ("Obligation", "oversight board")


@pytest.mark.parametrize("text, cue, bearer, action", [
    ("Contractors are not permitted to resell data.", "are not permitted to", "Contractors", "resell data"),
    ("Staff are not allowed to share passwords.", "are not allowed to", "Staff", "share passwords"),
    ("A supplier is not allowed to change the model silently.", "is not allowed to", "supplier",
     "change the model silently"),
    ("Vendors may not reuse the data.", "may not", "Vendors", "reuse the data"),
    ("Nor may providers sell the data to brokers.", "Nor may", "providers", "sell the data to brokers"),
    ("Nor shall the operator disclose the logs.", "Nor shall", "operator", "disclose the logs"),
])
def test_missing_prohibition_cues(text, cue, bearer, action):  # class 3
    f = one(text)
    assert (f.kind, f.cue, f.action) == ("Prohibition", cue, action)
    assert bearer.casefold() in (label(f.bearer) or f.bearer.text).casefold()


@pytest.mark.parametrize("text, action", [
    ("No one shall be subjected to automated dismissal.", "be subjected to automated dismissal"),
    ("No person may deploy such systems without a licence.", "deploy such systems without a licence"),
    ("Nobody should be scored on their postcode.", "be scored on their postcode"),
])
def test_no_one_shall_names_nobody(text, action):  # class 3
    f = one(text)
    assert (f.kind, f.bearer, f.action) == ("Prohibition", None, action)


def test_prohibits_y_from_is_a_prohibition_of_y():  # class 3
    f = one("The law prohibits employers from using emotion recognition.")
    assert (f.kind, label(f.bearer), f.action) == ("Prohibition", "employers", "using emotion recognition")
    g = one("This policy forbids staff to share credentials.")
    assert (g.kind, label(g.bearer), g.action) == ("Prohibition", "staff", "share credentials")
    h = one("The regulation prohibits the use of social scoring.")
    assert (h.kind, h.bearer, h.action) == ("Prohibition", None, "the use of social scoring")


@pytest.mark.parametrize("text, addressee", [
    ("Member States are requested to report annually.", "Member States"),
    ("The Secretariat is asked to prepare a study.", "Secretariat"),
    ("Regional bodies are invited to share practices.", "Regional bodies"),
    ("Governments are urged to act without delay.", "Governments"),
])
def test_requested_asked_invited_urged_are_calls_of_the_speaker(text, addressee):  # class 4
    f = one(text)
    assert (f.kind, f.bearer.actor) == ("Support", ISSUER)
    assert [m.text.removeprefix("The ") for m in f.addressees] == [addressee]


def test_recommends_that_x_addresses_x():  # class 4
    ctx = Context(speaker=Mention(0, 11, "The Council", "council", True, "Council"))
    f = one("Recommends that Member States adopt national policies;", ctx=ctx)
    assert (f.kind, f.bearer.actor, [m.text for m in f.addressees]) == ("Support", "council", ["Member States"])
    g = one("We recommend that regulators publish their criteria.")
    assert (g.kind, g.bearer.actor, [label(m) for m in g.addressees]) == ("Support", ISSUER, ["regulators"])


@pytest.mark.parametrize("text", [
    "Users ought to be able to contest decisions.",
    "Patients ought to be able to see their records.",
])
def test_ought_to_be_able_to_is_an_entitlement(text):  # class 5
    assert one(text).kind == "Entitlement"


@pytest.mark.parametrize("opening, name", [
    ("The General Conference of the United Nations Educational, Scientific and Cultural Organization, "
     "meeting in Paris from 9 to 24 November, at its 41st session,", "General Conference"),
    ("The Council, Recalling its earlier conclusions,", "Council"),
    ("The Assembly of States Parties, at its fifth session,", "Assembly of States Parties"),
])
def test_speaker_is_the_first_noun_phrase_of_a_longer_opening(opening, name):  # class 6
    W = english_work("Resolution on data", opening, "Invites all States to cooperate;")

    speaker = speakers(W)["en"]
    assert (speaker.label or speaker.text).removeprefix("The ") == name
    f = one("Invites all States to cooperate;", ctx=Context(speaker=speaker))
    assert (f.kind, f.bearer.rule) == ("Support", "speaker")


def test_a_commitment_opening_is_no_speaker():  # class 6
    class C:
        canonical = "The Parties, in accordance with their laws, shall cooperate."

    class P:
        clauses = {"en": [C()]}

    class W:
        provisions = [P()]

    assert speakers(W) == {}


@pytest.mark.parametrize("text, name", [
    ("Employees who suspect that a tool has been misused should report it.", "Employees"),
    ("Vendors that learn that a model was tampered with must tell the buyer.", "Vendors"),
    ("Auditors who notice that records were altered must inform the board.", "Auditors"),
])
def test_subject_with_a_relative_clause_is_named_by_its_head(text, name):  # class 7
    f = one(text)
    assert f.kind == "Obligation" and f.bearer.label == name


def test_relative_clause_subject_in_the_vocabulary_is_that_actor():  # class 7
    f = one("Researchers who find that data were leaked should alert the office.")
    assert (f.bearer.actor, f.bearer.minted) == ("researchers", False)


def test_second_modal_after_a_clause_boundary_takes_its_own_subject():  # class 8
    a, b = extract_clause("You must tell them if they ask, and you must not mislead them.", "en")
    assert (a.kind, a.action, b.kind, b.bearer.text, b.action) == (
        "Obligation", "tell them if they ask", "Prohibition", "you", "mislead them")
    c, d = extract_clause("Providers must log requests, and regulators must audit the logs.", "en")
    assert (label(c.bearer).casefold(), label(d.bearer).casefold(), c.action) == (
        "providers", "regulators", "log requests")


def test_coordinated_predicate_inherits_the_subject():  # class 8
    a, b = extract_clause("All AI actors should respect privacy and should not collect data unlawfully.", "en")
    assert (a.action, b.kind, b.bearer.actor, b.action) == (
        "respect privacy", "Prohibition", "ai-actors", "collect data unlawfully")
    c, d = extract_clause("Banks must explain refusals but must not disclose scores.", "en")
    assert (label(c.bearer).casefold(), label(d.bearer).casefold(), c.action) == ("banks", "banks",
                                                                                  "explain refusals")


def test_a_list_subject_still_holds_all_its_items():  # class 8 (no regression)
    f = one("Designers, developers, and deployers should test their systems.")
    assert f.bearer.text.startswith("Designers")


@pytest.mark.parametrize("text", [
    "The adaptation of curricula should be gradual.",
    "Outputs have to be reviewed.",
    "Outputs produced by AI tools must be checked.",
    "The deployment of such tools should be proportionate.",
    "Funding must be used for the stated purpose.",
    "Information about the model should be accurate.",
])
def test_non_agent_subject_gives_no_bearer(text):  # class 9
    f = one(text)
    assert f.bearer is None


def test_passive_by_x_mints_x_outside_the_vocabulary():  # class 9
    f = one("Each application shall be assessed by a trained reviewer.")
    assert (f.bearer.label, f.bearer.rule) == ("trained reviewer", "passive-agent")
    g = one("Complaints must be handled by a designated officer.")
    assert g.bearer.label == "designated officer"


@pytest.mark.parametrize("text", [
    "Staff asked whether the vendor cannot.",
    "It is unclear what the operator should.",
])
def test_a_cue_with_an_empty_action_is_no_commitment(text):  # class 10
    assert extract_clause(text, "en") == []


@pytest.mark.parametrize("text, lang, bearer", [
    ("各機關採購生成式AI服務時，應優先選用通過安全評估之產品。", "zh-Hant", "各機關"),
    ("成员单位向未成年人提供服务时，不应推送不良信息。", "zh-Hans", "成员单位"),
    ("用人单位应用人工智能开展招聘的，应当告知求职者。", "zh-Hans", "用人单位"),
    ("网信部门在开展检查时，应当出示证件。", "zh-Hans", "网信部门"),
    ("成员单位违反本公约的，协会有权予以通报。", "zh-Hans", "协会"),
])
def test_zh_subject_before_a_subordinate_clause(text, lang, bearer):  # class 11
    f = one(text, lang)
    assert f.bearer is not None and f.bearer.text == bearer


@pytest.mark.parametrize("text", ["会议应当记录在案。", "全部应当公开。"])
def test_zh_words_ending_like_suffixes_are_no_actor(text):  # class 11
    assert one(text, "zh-Hans").bearer is None


@pytest.mark.parametrize("text, lang, bearer", [
    ("行业规划应由市数据局统一编制。", "zh-Hans", "市数据局"),
    ("投诉应当由专人处理。", "zh-Hans", "专人"),
    ("標示應由業務承辦人員標示。", "zh-Hant", "業務承辦人員"),
    ("年度报告须由区政府审定。", "zh-Hans", "区政府"),
])
def test_zh_you_agent_bears_it(text, lang, bearer):  # class 12
    f = one(text, lang)
    assert f.kind == "Obligation" and f.bearer.text == bearer


@pytest.mark.parametrize("text, kind, bearer", [
    ("各区要建立工作台账。", "Obligation", "各区"),
    ("市政府督查室要加强督促检查。", "Obligation", "市政府督查室"),
    ("市经信局负责统筹推进产业发展。", "Obligation", "市经信局"),
    ("我们承诺保护用户隐私。", "Obligation", "我们"),
    ("员工不要泄露公司机密。", "Prohibition", "员工"),
])
def test_zh_yao_fuze_chengnuo(text, kind, bearer):  # class 13
    f = one(text, "zh-Hans")
    assert (f.kind, f.bearer.text) == (kind, bearer)


@pytest.mark.parametrize("text", [
    "这一点非常重要，需要各方配合。",
    "本办法不要求企业公开源代码。",
    "主要任务包括三个方面。",
    "只要符合条件即可申请。",
])
def test_zh_false_compounds_of_yao_are_no_cue(text):  # class 13
    assert extract_clause(text, "zh-Hans") == []


def test_zh_yao_after_a_pronoun_takes_the_previous_bearer():  # class 13
    prev = Mention(0, 3, "区政府", "h-x", True, "区政府")
    f = one("他们要及时报告。", "zh-Hans", Context(previous=prev))
    assert (f.kind, f.bearer.rule) == ("Obligation", "previous-bearer")


@pytest.mark.parametrize("text, action", [
    ("各级财政资金不得用于支持低水平重复建设项目。", "用于支持低水平重复建设项目"),
    ("专项经费不得用于鼓励盲目扩张。", "用于鼓励盲目扩张"),
])
def test_zh_support_verb_inside_a_prohibition_is_part_of_it(text, action):  # class 14
    f = one(text, "zh-Hans")
    assert (f.kind, f.action, f.bearer) == ("Prohibition", action, None)


@pytest.mark.parametrize("text, lang", [
    ("帳號不得被借予他人使用。", "zh-Hant"),
    ("账号不得被转让或出租。", "zh-Hans"),
    ("标识不得被擅自删除或者篡改。", "zh-Hans"),  # 或者 ends in 者 but names nobody
    ("標識不得被擅自刪除或者竄改。", "zh-Hant"),
])
def test_zh_bei_passive_after_a_cue_names_nobody(text, lang):  # class 15
    f = one(text, lang)
    assert (f.kind, f.bearer) == ("Prohibition", None)


def test_zh_bei_with_an_agent_takes_it():  # class 15
    f = one("相关数据不得被第三方机构留存。", "zh-Hans")
    assert f.bearer.text == "第三方机构"
