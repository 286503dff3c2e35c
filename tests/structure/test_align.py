"""Alignment (govkg/align.py): every copy and language version of a work onto its
provisions, by content; new copies through the catalog with no code change.

Expected values are read off the sources: the Initiative has 15 provisions (004 has
15 rows); 001 carries its preamble in English (= provisions 1-4: three paragraphs and
"To make this happen, we would like to suggest the following:") and its last
suggestion in Simplified Chinese (= provision 15).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, build_copy

from govkg.structure.align import token_vote
from govkg.structure.collate import collate_clause, collate_work

WORK = "global-ai-governance-initiative"
TABLE_FILE = "004_c3d48206e3d139f0.txt"


def initiative(result):
    return next(aw for aw in result.aligned if aw.work.id == WORK)


def table_rows() -> list[tuple[str, str]]:
    """(Traditional Chinese cell, English cell) of each provision row of 004."""
    raw = (ROOT / "data" / "sources" / TABLE_FILE).read_text(encoding="utf-8")
    rows = [line.split(" | ") for line in raw.splitlines() if line.count(" | ") >= 1]
    return [(r[0].strip(), r[1].strip()) for r in rows if len(r) >= 2 and r[1].strip()]


def with_copy(tmp: Path, name: str, text: str, entry: str):
    data = tmp / "src"
    shutil.copytree(ROOT / "data", data)
    (data / "sources" / name).write_text(text, encoding="utf-8")
    with open(data / "corpus.toml", "a", encoding="utf-8") as fh:
        fh.write("\n" + entry)
    return build_copy(tmp / "b", data=data)


def entry(sid: str, name: str, lang: str) -> str:
    return (f'[[sources]]\nid = "{sid}"\nfile = "{name}"\nworks = ["{WORK}"]\n'
            f'languages = ["{lang}"]\nformat = "plain"\npublisher = "test fixture"\n')


def test_fifteen_provisions_and_partial_copies_land_right(seed_graph):
    aw = initiative(seed_graph.result)
    assert len(table_rows()) == 15
    assert len(aw.provisions) == 15
    by_prov = {p.position: {(o.source, o.lang) for o in p.occurrences} for p in aw.provisions}
    for pos in range(1, 16):
        for src in ("embassy-cambodia-en", "wechat-repost-en", "pdf-ocr-en", "bilingual-table"):
            assert (src, "en") in by_prov[pos], (pos, src)
        assert ("bilingual-table", "zh-Hant") in by_prov[pos]
    agg = sorted(pos for pos, occ in by_prov.items() if any(s == "principles-aggregator" for s, _ in occ))
    assert agg == [1, 2, 3, 4, 15]
    assert ("principles-aggregator", "zh-Hans") in by_prov[15]
    assert all(lang == "en" for s, lang in set().union(*(by_prov[p] for p in (1, 2, 3, 4))) if s == "principles-aggregator")
    p15 = aw.provisions[14]
    assert [o.method for o in p15.occurrences if o.lang == "zh-Hans"] == ["opencc-s2t+ngram"]
    assert all(o.score >= 0.5 for p in aw.provisions for o in p.occurrences)
    assert aw.unaligned == []
    assert not [w for w in seed_graph.result.warnings if "not aligned" in w]


def test_token_vote_outvotes_scattered_errors():
    pivot = "We shuold act now."
    assert token_vote(pivot, ["We should act n0w.", "We should act now.", "Wee should act now."], "en") == \
        "We should act now."
    assert token_vote("a b c", ["a x c"], "en") == "a b c"  # a tie keeps the pivot
    assert token_vote("积极支持在联合國框架下", ["积极支持在联合国框架下", "积极支持在联合国框架下"], "zh-Hans") == \
        "积极支持在联合国框架下"


def test_new_simplified_chinese_copy_aligns_with_no_code_change(tmp_path):
    from govkg.core.text import to_simplified
    from govkg.link.translations import translation_triples

    paragraphs = [to_simplified(zh) for zh, _ in table_rows()]
    text = "全球人工智能治理倡议\n\n" + "\n\n".join(paragraphs) + "\n"
    built = with_copy(tmp_path, "initiative-zh-hans.txt", text, entry("full-zh-hans", "initiative-zh-hans.txt", "zh-Hans"))
    aw = initiative(built.result)
    assert len(aw.provisions) == 15
    for prov in aw.provisions:
        mine = [o for o in prov.occurrences if o.source == "full-zh-hans"]
        assert mine and all(o.lang == "zh-Hans" for o in mine), prov.position
        assert len(prov.clauses["zh-Hans"]) == len(prov.clauses["zh-Hant"]), prov.position
        raw = built.raw("initiative-zh-hans.txt")
        assert all(raw[o.start:o.end] in text for o in mine)
    assert not [w for w in built.result.warnings if "initiative-zh-hans.txt" in w]
    # provision 15 now has two zh-Hans copies (001 and the new file)
    assert {o.source for c in aw.provisions[14].clauses["zh-Hans"] for o in c.occurrences} == \
        {"full-zh-hans", "principles-aggregator"}
    # zh-Hans is attested everywhere now: nothing is derived by conversion
    assert not [t for t in translation_triples(built.result) if t.predicate.value.endswith("#converter")]


def test_new_retyped_english_copy_aligns_and_its_typos_are_variants(tmp_path, seed_graph):
    english = [en for _, en in table_rows()]
    typos = {5: ("biodiversity", "bio-diversity"), 6: ("sovereignty", "soverignty")}
    for pos, (right, wrong) in typos.items():
        assert right in english[pos - 1]
        english[pos - 1] = english[pos - 1].replace(right, wrong, 1)
    text = "Global AI Governance Initiative\n\n" + "\n\n".join(english) + "\n"
    built = with_copy(tmp_path, "initiative-retyped.txt", text, entry("retyped-en", "initiative-retyped.txt", "en"))
    aw = initiative(built.result)
    for prov in aw.provisions:
        assert any(o.source == "retyped-en" and o.lang == "en" for o in prov.occurrences), prov.position
    assert not [w for w in built.result.warnings if "initiative-retyped.txt" in w]
    seed = initiative(seed_graph.result)
    for new, old in zip(aw.provisions, seed.provisions):
        assert new.text("en") == old.text("en"), new.position  # canonical text unchanged
    found = {}
    for (key, _lang, _n), col in collate_work(aw).items():
        pos = int(key.removeprefix("p"))  # the Initiative is unnumbered: p<position>
        for v in col.variants:
            for r in v.readings:
                if r.sources == ["retyped-en"]:
                    found.setdefault(pos, []).append((r.text, v.canonical.text))
    assert ("bio-diversity", "biodiversity") in [(a.rstrip("."), b.rstrip(".")) for a, b in found[5]]
    assert ("soverignty", "sovereignty") in found[6]


def test_copy_that_cannot_be_aligned_is_reported_not_forced(tmp_path):
    text = ("A Recipe\n\nBoil the water for ten minutes. Add two cups of rice and a pinch of salt.\n\n"
            "Serve the rice warm with vegetables from the garden.\n")
    built = with_copy(tmp_path, "unrelated.txt", text, entry("unrelated-en", "unrelated.txt", "en"))
    aw = initiative(built.result)
    assert not [o for p in aw.provisions for o in p.occurrences if o.source == "unrelated-en"]
    assert {sid for sid, _, _ in aw.unaligned} == {"unrelated-en"}
    warned = [w for w in built.result.warnings if w.startswith("unrelated.txt:")]
    assert len(warned) == 3 and all(re.search(r"not aligned to work 'global-ai-governance-initiative'", w)
                                    for w in warned)


@pytest.mark.parametrize("pos, lang, expected", [
    (4, "en", "To make this happen, we would like to suggest the following:"),
    (4, "zh-Hant", "為此,我們倡議:"),
])
def test_canonical_text_read_off_the_sources(seed_graph, pos, lang, expected):
    assert initiative(seed_graph.result).provisions[pos - 1].text(lang) == expected


MINI_EN = ("Mini Principles\n\nAI systems should treat people fairly.\n\n"
           "AI systems should be safe and secure.\n\nAI systems should respect privacy.\n")
MINI_WORK = ('[[works]]\nid = "mini-principles"\ntitle = { en = "Mini Principles", zh-Hans = "迷你原则" }\n'
             'issuer = "Example Ministry"\ndate = 2024-05-01\nkind = "principles"\n\n'
             '[[sources]]\nid = "mini-en"\nfile = "mini-en.txt"\nworks = ["mini-principles"]\n'
             'languages = ["en"]\nformat = "plain"\npublisher = "Example Ministry"\n\n'
             '[[sources]]\nid = "mini-zh"\nfile = "mini-zh.txt"\nworks = ["mini-principles"]\n'
             'languages = ["zh-Hans"]\nformat = "plain"\npublisher = "Example Ministry"\n')


def _mini(tmp: Path, zh_paragraphs: list[str]):
    data = tmp / "src"
    shutil.copytree(ROOT / "data", data)
    (data / "sources" / "mini-en.txt").write_text(MINI_EN, encoding="utf-8")
    (data / "sources" / "mini-zh.txt").write_text("迷你原则\n\n" + "\n\n".join(zh_paragraphs) + "\n", encoding="utf-8")
    with open(data / "corpus.toml", "a", encoding="utf-8") as fh:
        fh.write("\n" + MINI_WORK)
    built = build_copy(tmp / "b", data=data)
    return built, next(aw for aw in built.result.aligned if aw.work.id == "mini-principles")


def test_language_without_partner_aligns_by_order_with_lower_confidence(tmp_path):
    built, aw = _mini(tmp_path, ["人工智能系统应公平对待每个人。", "人工智能系统应安全可靠。", "人工智能系统应尊重隐私。"])
    assert len(aw.provisions) == 3
    for _pos, prov in enumerate(aw.provisions, start=1):
        (occ,) = [o for o in prov.occurrences if o.lang == "zh-Hans"]
        assert occ.source == "mini-zh" and occ.method == "order-and-structure" and occ.score == 0.5
        assert [o.score for o in prov.occurrences if o.lang == "en"] == [1.0]
    assert aw.provisions[1].text("zh-Hans") == "人工智能系统应安全可靠。"
    assert not aw.unaligned


def test_language_without_partner_and_other_structure_is_reported(tmp_path):
    built, aw = _mini(tmp_path, ["人工智能系统应公平对待每个人。", "人工智能系统应安全可靠,并尊重隐私。"])
    assert not [o for p in aw.provisions for o in p.occurrences if o.source == "mini-zh"]
    warned = [w for w in built.result.warnings if w.startswith("mini-zh.txt:")]
    assert warned and all("2 provisions in this copy, the work has 3" in w for w in warned)


def test_vote_without_sentence_majority_votes_place_by_place():
    from govkg.core.model import Sentence
    from govkg.structure.align import ClauseOut, Occ, _vote

    def occ(sid, text):
        s = Sentence(sid, "en", text, text, 0, len(text), 0, (), tuple(range(len(text))),
                     tuple(range(1, len(text) + 1)))
        return Occ(sid, "en", 0, len(text), "ngram", 1.0, [s])

    clause = ClauseOut("en", 1)
    for sid, text in [("a", "We shuold act now on this."), ("b", "We should act n0w on this."),
                      ("c", "We should act now on thiss."), ("d", "Wee should act now on this.")]:
        clause.occurrences.append(occ(sid, text))
    _vote(clause, {k: (False, 0, k) for k in "abcd"})
    assert clause.canonical == "We should act now on this."  # no copy has it whole
    assert clause.rule.startswith("token-majority-of-copies (4 copies")
    variants = collate_clause(clause).variants
    assert [v.canonical.text for v in variants] == ["We should", "now", "this."]
    assert [v.canonical.sources for v in variants] == [["b", "c"], ["a", "c", "d"], ["a", "b", "d"]]
