"""govkg/evaluate.py with govkg/extract/scoring.py: gold documents written here, scored by hand."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from govkg import evaluate
from govkg.extract.findings import ISSUER, Finding, Mention
from govkg.extract.scoring import KINDS, Tally, norm_words, score_clause

# ── a tiny gold document through the real pipeline ───────────────────────────────
# Seven numbered sentences. The gold below labels them as tests/gold/docs/README.md
# describes, with four deliberate disagreements, so that every figure is known:
#   2.  right type, wrong bearer ("Regulators"; the sentence says Providers)
#   5.  an Entitlement labelled an Obligation (a wrong type, not a flip)
#   6.  a Prohibition ("shall not") labelled an Obligation: one flipped polarity
#   7.  an Obligation labelled "none: statement": one commitment in a none sentence
#   and one gold clause, "Auditors should review …", that the text does not hold.

TINY_TXT = """The Tiny Charter

1. Providers should publish safety reports.
2. Providers must not sell personal data.
3. What should a provider do first?
4. We oppose hidden tracking of users and covert profiling.
5. Users have the right to delete their data.
6. Developers shall not train models on stolen data.
7. Governments should fund public research.
"""

TINY_YAML = """# a tiny invented charter, written for tests/pipeline/test_evaluate.py
file: tiny-charter.txt
style: numbered-principles
title: "The Tiny Charter"
language: en
issuer: "Tiny Council"
kind: principles
clauses:
  - starts: "Providers should publish safety reports"
    commitments:
      - type: Obligation
        cue: "should"
        bearer: "Providers"
        action: "publish safety reports"
  - starts: "Providers must not sell personal data"
    commitments:
      - type: Prohibition
        cue: "must not"
        bearer: "Regulators"
        action: "sell personal data"
  - starts: "What should a provider do first"
    none: question
  - starts: "We oppose hidden tracking"
    commitments:
      - type: Opposition
        cue: "oppose"
        bearer: "@issuer"
        practices: ["hidden tracking of users", "covert profiling"]
  - starts: "Users have the right to delete"
    commitments:
      - type: Obligation
        bearer: "Users"
  - starts: "Developers shall not train models"
    commitments:
      - type: Obligation
        cue: "shall"
        bearer: "Developers"
  - starts: "Governments should fund public research"
    none: statement
  - starts: "Auditors should review the reports"
    commitments:
      - type: Obligation
        cue: "should"
        bearer: "Auditors"
"""

PERFECT_TXT = "The Perfect Note\n\nOperators should keep activity logs.\n"

PERFECT_YAML = """file: perfect-note.txt
style: principles
title: "The Perfect Note"
language: en
issuer: "Note Board"
clauses:
  - starts: "Operators should keep activity logs"
    commitments:
      - type: Obligation
        cue: "should"
        bearer: "Operators"
        action: "keep activity logs"
"""

ZH_TXT = "城市数据公约\n\n第一条 提供者应当公开安全报告。\n第二条 任何组织和个人不得出售个人信息。\n第三条 如何评估风险？\n"

ZH_YAML = """file: zh-city-data.txt
style: zh-regulation
title: "城市数据公约"
language: zh-Hans
issuer: "城市数据联盟"
clauses:
  - starts: "提供者应当公开安全报告"
    commitments:
      - type: Obligation
        cue: "应当"
        bearer: "提供者"
        action: "公开安全报告"
  - starts: "任何组织和个人不得出售个人信息"
    commitments:
      - type: Prohibition
        cue: "不得"
        bearer: "任何组织和个人"
  - starts: "如何评估风险"
    none: question
"""


def write_gold(folder: Path, slug: str, txt: str, yml: str) -> Path:
    doc = yaml.safe_load(yml)
    (folder / doc["file"]).write_text(txt, encoding="utf-8")
    path = folder / f"{slug}.yaml"
    path.write_text(yml, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def gold_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("gold")
    write_gold(folder, "tiny-charter", TINY_TXT, TINY_YAML)
    write_gold(folder, "perfect-note", PERFECT_TXT, PERFECT_YAML)
    return folder


@pytest.fixture(scope="module")
def results(gold_dir):
    return evaluate.evaluate(gold_dir)


def by_slug(results):
    return {r.slug: r for r in results}


def test_the_gold_document_follows_the_gold_format():
    doc = yaml.safe_load(TINY_YAML)
    assert set(doc) >= {"file", "style", "title", "language", "issuer", "clauses"}
    for c in doc["clauses"]:
        assert ("commitments" in c) != ("none" in c), c
        if "starts" in c and c["starts"] != "Auditors should review the reports":
            assert c["starts"] in TINY_TXT, c["starts"]
        for k in c.get("commitments", []):
            assert k["type"] in KINDS


def test_every_gold_document_is_scored_in_order(results):
    assert [(r.slug, r.style) for r in results] == [("perfect-note", "principles"),
                                                   ("tiny-charter", "numbered-principles")]


def test_tiny_document_counts(results):
    t = by_slug(results)["tiny-charter"].tally
    # Obligation: 1. right; 7. extracted in a none sentence; 5., 6. and "Auditors" missed
    assert (t.tp["Obligation"], t.fp["Obligation"], t.fn["Obligation"]) == (1, 1, 3)
    # Prohibition: 2. right; 6. extracted, the gold wants an Obligation
    assert (t.tp["Prohibition"], t.fp["Prohibition"], t.fn["Prohibition"]) == (1, 1, 0)
    assert (t.tp["Opposition"], t.fp["Opposition"], t.fn["Opposition"]) == (1, 0, 0)
    assert (t.tp["Entitlement"], t.fp["Entitlement"], t.fn["Entitlement"]) == (0, 1, 0)
    assert (t.tp["Support"], t.fp["Support"], t.fn["Support"]) == (0, 0, 0)
    assert (t.flipped, t.in_none) == (1, 1)


def test_tiny_document_precision_and_recall(results):
    t = by_slug(results)["tiny-charter"].tally
    assert t.precision("Obligation") == pytest.approx(1 / 2)
    assert t.recall("Obligation") == pytest.approx(1 / 4)
    assert t.precision("Prohibition") == pytest.approx(1 / 2)
    assert t.recall("Prohibition") == pytest.approx(1.0)
    assert (t.precision("Opposition"), t.recall("Opposition")) == (1.0, 1.0)
    assert t.precision("Entitlement") == 0.0


def test_tiny_document_bearers_cues_actions_practices(results):
    t = by_slug(results)["tiny-charter"].tally
    # matched pairs: 1. (Providers, right), 2. (gold "Regulators", wrong), 4. (@issuer = "We", right)
    assert (t.bearer_ok, t.bearer_all) == (2, 3)
    assert t.bearer_accuracy == pytest.approx(2 / 3)
    assert (t.cue_ok, t.cue_all) == (3, 3)
    assert (t.action_ok, t.action_all) == (2, 2)
    # one extracted practice holding both gold practices: one to one, so 1 of 2
    assert (t.prac_tp, t.prac_pred, t.prac_gold) == (1, 1, 2)


def test_tiny_document_unmatched_and_misses(results):
    r = by_slug(results)["tiny-charter"]
    assert r.unmatched == ["Auditors should review the reports"]
    misses = "\n".join(r.tally.misses)
    assert "gold 'Regulators'" in misses
    assert "1 commitment(s) in a 'statement' sentence" in misses
    assert "extra Entitlement" in misses and "missed Obligation" in misses


def test_perfect_document_scores_one(results):
    t = by_slug(results)["perfect-note"].tally
    assert (t.tp["Obligation"], t.fp["Obligation"], t.fn["Obligation"]) == (1, 0, 0)
    assert (t.bearer_ok, t.bearer_all, t.action_ok, t.action_all) == (1, 1, 1, 1)
    assert by_slug(results)["perfect-note"].unmatched == [] and t.misses == []


def test_overall_adds_the_documents_up(results):
    total = evaluate.overall(results)
    assert (total.tp["Obligation"], total.fp["Obligation"], total.fn["Obligation"]) == (2, 1, 3)
    assert total.precision("Obligation") == pytest.approx(2 / 3)
    assert total.recall("Obligation") == pytest.approx(2 / 5)
    assert total.bearer_accuracy == pytest.approx(3 / 4)
    assert (total.flipped, total.in_none) == (1, 1)
    # overall() does not change the documents' own tallies
    assert by_slug(results)["perfect-note"].tally.tp["Obligation"] == 1


def row_cells(report: str, name: str) -> list[str]:
    [line] = [ln for ln in report.splitlines() if ln.split() and ln.split()[0] == name]
    return line.split()[1:]


def test_report_rows(results):
    text = evaluate.report(results)
    # columns: Obligation Opposition Support Prohibition Entitlement, bearer flip none, cue addr action
    assert row_cells(text, "tiny-charter") == ["0.50/0.25", "1.00/1.00", "-", "0.50/1.00", "0.00/1.00",
                                               "0.67", "1", "1", "1.00", "1.00", "1.00"]
    assert row_cells(text, "perfect-note") == ["1.00/1.00", "-", "-", "-", "-", "1.00", "0", "0",
                                               "1.00", "1.00", "1.00"]
    assert row_cells(text, "overall") == ["0.67/0.40", "1.00/1.00", "-", "0.50/1.00", "0.00/1.00",
                                          "0.75", "1", "1", "1.00", "1.00", "1.00"]
    assert "tiny-charter: gold clauses found in no clause: ['Auditors should review the reports']" in text
    assert "Disagreements:" not in text
    assert "Disagreements:" in evaluate.report(results, verbose=True)


def test_main_scores_a_given_folder(gold_dir, capsys):
    assert evaluate.main([str(gold_dir)]) == 0
    out = capsys.readouterr().out
    assert row_cells(out, "overall")[0] == "0.67/0.40" and "Disagreements:" not in out
    assert evaluate.main([str(gold_dir), "-v"]) == 0
    out = capsys.readouterr().out
    assert "Disagreements:" in out and "gold 'Regulators'" in out


def test_a_chinese_gold_document(tmp_path):
    r = evaluate.evaluate_document(write_gold(tmp_path, "zh-city-data", ZH_TXT, ZH_YAML))
    t = r.tally
    assert r.unmatched == [], "第N条 is not part of the clause the gold starts with"
    assert [(k, t.tp[k], t.fp[k], t.fn[k]) for k in ("Obligation", "Prohibition")] == [
        ("Obligation", 1, 0, 0), ("Prohibition", 1, 0, 0)]
    assert (t.bearer_ok, t.bearer_all, t.cue_ok, t.cue_all, t.in_none, t.flipped) == (2, 2, 2, 2, 0, 0)


def test_the_catalog_a_gold_document_is_built_from(tmp_path):
    import tomllib

    doc = yaml.safe_load(ZH_YAML)
    data = tomllib.loads(evaluate._catalog(doc, "zh-city-data", tmp_path).read_text(encoding="utf-8"))
    [work], [source] = data["works"], data["sources"]
    assert (work["id"], work["title"], work["issuer"], work["kind"]) == (
        "zh-city-data", {"zh-Hans": "城市数据公约"}, "城市数据联盟", "document")
    assert (source["file"], source["works"], source["languages"], source["format"]) == (
        "zh-city-data.txt", ["zh-city-data"], ["zh-Hans"], "plain")


# ── the matching, with the clauses given by hand ─────────────────────────────────

def mention(text, actor):
    return Mention(0, len(text), text, actor)


def finding(kind, cue, bearer=None, action="", **kw):
    return Finding(kind, 0, len(cue), cue, "r", bearer, action, **kw)


def score_by_hand(monkeypatch, tmp_path, yml: str, clauses: list[tuple[str, list[Finding]]]):
    """evaluate_document on a gold yaml whose graph clauses are given (no pipeline)."""
    doc = yaml.safe_load(yml)
    (tmp_path / doc["file"]).write_text("unused\n", encoding="utf-8")
    path = tmp_path / "hand.yaml"
    path.write_text(yml, encoding="utf-8")
    monkeypatch.setattr(evaluate, "document_clauses",
                        lambda txt, d, slug: [(i + 1, "en", text, f) for i, (text, f) in enumerate(clauses)])
    return evaluate.evaluate_document(path)


HAND_YAML = """file: hand.txt
style: un-resolution
title: "Hand"
language: en
issuer: "General Assembly"
clauses:
  - starts: "Providers should test"
    commitments:
      - type: Obligation
        cue: "should"
        bearer: "Providers"
  - starts: "Urges States to cooperate"
    commitments:
      - type: Support
        cue: "Urges"
        bearer: "@issuer"
        addressees: ["States"]
  - starts: "calls upon companies to report"
    commitments:
      - type: Support
        cue: "calls upon"
        bearer: "@issuer"
        addressees: ["companies"]
  - starts: "Developers should log"
    commitments:
      - type: Obligation
        cue: "should"
        bearer: "Developers"
"""


def test_numbers_headings_and_joined_clauses_are_matched(monkeypatch, tmp_path):
    we = mention("The General Assembly", ISSUER)
    clauses = [
        # a number before the gold's words: stripped
        ("1.2. Providers should test.", [finding("Obligation", "should", mention("Providers", "x-providers"))]),
        # "…; calls upon …": the gold's two sentences are one clause of the graph
        ("Urges States to cooperate; calls upon companies to report.",
         [finding("Support", "Urges", we, addressees=(mention("States", "x-states"),)),
          finding("Support", "calls upon", we, addressees=(mention("companies", "x-co"),))]),
        # a heading glued before the sentence
        ("Logging: Developers should log.", [finding("Obligation", "should", mention("developers", "x-dev"))]),
    ]
    r = score_by_hand(monkeypatch, tmp_path, HAND_YAML, clauses)
    t = r.tally
    assert r.unmatched == []
    assert (t.tp["Obligation"], t.fp["Obligation"], t.fn["Obligation"]) == (2, 0, 0)
    assert (t.tp["Support"], t.fp["Support"], t.fn["Support"]) == (2, 0, 0)
    assert (t.bearer_ok, t.bearer_all, t.addr_ok, t.addr_all, t.cue_ok, t.cue_all) == (4, 4, 2, 2, 4, 4)


def test_words_far_from_the_start_do_not_match(monkeypatch, tmp_path):
    far = "x" * 161 + " Providers should test."
    clauses = [(far, [finding("Obligation", "should", mention("Providers", "x-providers"))])]
    r = score_by_hand(monkeypatch, tmp_path, HAND_YAML, clauses)
    t = r.tally
    assert r.unmatched == ["Providers should test", "Urges States to cooperate", "calls upon companies to report",
                           "Developers should log"]
    # the clause's finding is extra; every gold commitment is missed
    assert (t.tp["Obligation"], t.fp["Obligation"], t.fn["Obligation"]) == (0, 1, 2)
    assert (t.tp["Support"], t.fn["Support"]) == (0, 2)
    assert t.precision("Obligation") == 0.0 and t.recall("Support") == 0.0


def test_a_gold_clause_is_used_once(monkeypatch, tmp_path):
    one = [finding("Obligation", "should", mention("Providers", "x-providers"))]
    clauses = [("Providers should test.", one), ("Providers should test again.", one)]
    t = score_by_hand(monkeypatch, tmp_path, HAND_YAML, clauses).tally
    assert (t.tp["Obligation"], t.fp["Obligation"], t.fn["Obligation"]) == (1, 1, 1)  # 1 fn: "Developers"
    assert t.precision("Obligation") == pytest.approx(0.5) and t.recall("Obligation") == pytest.approx(0.5)


# ── same_actor_words and norm_words ──────────────────────────────────────────────

@pytest.mark.parametrize("words, normal", [
    ("The Organisations", "organization"), ("Countries", "country"), ("their data", "data"),
    ("Member States,", "member state"), ("access", "access"), ("bus", "bus"),
    ("A civil-society organisation, and others!", "civil-society organization and other"),
])
def test_norm_words(words, normal):
    assert norm_words(words) == normal


def test_same_actor_words():
    same = evaluate.same_actor_words("General Assembly")
    assert same(None, None) and same(mention("it", None), None)
    assert not same(mention("Providers", "x-providers"), None)
    assert not same(None, "Providers") and not same(mention("it", None), "Providers")
    assert same(mention("We", ISSUER), "@issuer")
    assert not same(mention("Providers", "x-providers"), "@issuer")
    assert same(mention("We", ISSUER), "the General Assembly"), "the issuer's own name"
    assert same(mention("the providers", "x-providers"), "Provider")
    assert same(mention("Organisations", "x-org"), "organizations")
    long = "provider that supplies an automated decision system to a public body"
    assert same(mention(long, "x-long"), "provider that supplies")
    assert not same(mention(long, "x-long"), "provider"), "one word is not a prefix match"
    assert not same(mention("Developers", "x-dev"), "Deployers")


# ── score_clause by hand ─────────────────────────────────────────────────────────

def words_same(m, v, f=None):
    if v is None:
        return m is None
    return m is not None and norm_words(m.text) == norm_words(v)


def test_best_cue_is_matched_first():
    gold = [{"type": "Obligation", "cue": "must", "bearer": "States"}]
    pred = [finding("Obligation", "should", mention("States", "s")), finding("Obligation", "must", mention("X", "x"))]
    t = Tally()
    score_clause(pred, gold, words_same, None, t)
    assert (t.tp["Obligation"], t.fp["Obligation"], t.cue_ok, t.cue_all, t.bearer_ok, t.bearer_all) == (
        1, 1, 1, 1, 0, 1)


def test_bearer_breaks_a_cue_tie():
    gold = [{"type": "Obligation", "cue": "should", "bearer": "States"}]
    pred = [finding("Obligation", "should", mention("X", "x")), finding("Obligation", "should", mention("States", "s"))]
    t = Tally()
    score_clause(pred, gold, words_same, None, t)
    assert (t.bearer_ok, t.bearer_all) == (1, 1)


def test_flips_both_ways_and_none_sentences():
    t = Tally()
    score_clause([finding("Prohibition", "must not"), finding("Obligation", "must")],
                 [{"type": "Obligation"}, {"type": "Prohibition"}, {"type": "Prohibition"}],
                 words_same, None, t)
    # both extracted match one gold each; the second gold Prohibition is missed, nothing flips
    assert (t.tp["Obligation"], t.tp["Prohibition"], t.fn["Prohibition"], t.flipped) == (1, 1, 1, 0)
    t = Tally()
    score_clause([finding("Prohibition", "must not"), finding("Prohibition", "shall not")],
                 [{"type": "Obligation"}, {"type": "Obligation"}, {"type": "Prohibition"}], words_same, None, t)
    assert (t.tp["Prohibition"], t.fp["Prohibition"], t.fn["Obligation"], t.flipped) == (1, 1, 2, 1)
    t = Tally()
    score_clause([finding("Support", "encourage"), finding("Obligation", "should")], [], words_same, None, t,
                 none_reason="question")
    assert (t.in_none, t.fp["Support"], t.fp["Obligation"]) == (2, 1, 1)


def test_actions_targets_and_addressees():
    f = finding("Support", "calls upon", mention("We", "w"), "Calls upon   States to share DATA widely",
                addressees=(mention("States", "s"), mention("companies", "c")), targets=(mention("users", "u"),))
    gold = [{"type": "Support", "bearer": "We", "action": "states to share data", "addressees": ["States", "NGOs"],
             "targets": ["users", "children"]}]
    t = Tally()
    score_clause([f], gold, words_same, None, t)
    assert (t.action_ok, t.action_all) == (1, 1)
    assert (t.addr_ok, t.addr_all) == (1, 2)
    assert (t.target_ok, t.target_all) == (1, 2)
    t = Tally()
    score_clause([f], [{"type": "Support", "bearer": "We", "action": "share knowledge"}], words_same, None, t)
    assert (t.action_ok, t.action_all) == (0, 1)


def test_practices_are_one_to_one():
    f = finding("Opposition", "oppose", None, practices=((0, 5, "theft"), (6, 15, "tampering")))
    t = Tally()
    score_clause([f], [{"type": "Opposition", "bearer": None, "practices": ["theft", "THEFT", "leaks"]}],
                 words_same, None, t)
    assert (t.prac_tp, t.prac_pred, t.prac_gold) == (1, 2, 3)


def test_cue_agreement_tolerates_a_few_characters():
    for pred_cue, gold_cue, ok in [("should", "Should", True), ("should  not", "should not", True),
                                   ("should be strictly prohibited", "prohibited", False),
                                   ("are expected to", "expected to", True), ("must", "should", False)]:
        t = Tally()
        score_clause([finding("Obligation", pred_cue)], [{"type": "Obligation", "cue": gold_cue}], words_same, None, t)
        assert (t.cue_ok, t.cue_all) == (int(ok), 1), (pred_cue, gold_cue)


def test_tally_add_and_empty_ratios():
    a, b = Tally(), Tally()
    a.tp["Obligation"], a.fp["Obligation"], a.bearer_ok, a.bearer_all, a.misses = 2, 1, 1, 2, ["m1"]
    b.tp["Obligation"], b.fn["Obligation"], b.bearer_ok, b.bearer_all, b.flipped, b.misses = 1, 3, 2, 2, 1, ["m2"]
    a.add(b)
    assert (a.tp["Obligation"], a.fp["Obligation"], a.fn["Obligation"]) == (3, 1, 3)
    assert a.precision("Obligation") == pytest.approx(3 / 4) and a.recall("Obligation") == pytest.approx(3 / 6)
    assert (a.bearer_accuracy, a.flipped, a.misses) == (pytest.approx(3 / 4), 1, ["m1", "m2"])
    assert b.tp["Obligation"] == 1, "add leaves the other tally alone"
    empty = Tally()
    assert all(empty.precision(k) == 1.0 and empty.recall(k) == 1.0 for k in KINDS)
    assert empty.bearer_accuracy == 1.0 and Tally.ratio(0, 0) == 1.0 and Tally.ratio(1, 4) == 0.25
