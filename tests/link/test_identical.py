"""Unit tests of govkg/link/identical.py: identical text across works, published as a star per group."""

from __future__ import annotations

from types import SimpleNamespace

from govkg.core.ids import Minter
from govkg.core.model import Work
from govkg.link.common import IDENTICAL_METHOD
from govkg.link.identical import identical_buckets, identical_groups, identical_links
from govkg.structure.align import AlignedWork, ClauseOut, ProvisionOut

BASE = "https://example.org/kg/"
M = Minter(BASE)
COOP = "Governments should co-operate across borders to advance responsible stewardship of trustworthy AI."
COOP_VARIANT = "governments should  co-operate across borders, to advance responsible stewardship of trustworthy AI"
OTHER = "Developers should document the data used to train their systems."
HANT = "各國應堅持以人為本的理念，推動人工智能健康有序安全發展。"
HANS = "各国应坚持以人为本的理念，推动人工智能健康有序安全发展。"


def prov(pos: int, texts: dict[str, list[str]], key: str | None = None) -> ProvisionOut:
    clauses = {lang: [ClauseOut(lang, n, canonical=t) for n, t in enumerate(ts, 1)] for lang, ts in texts.items()}
    return ProvisionOut(pos, None, {}, clauses=clauses, key=key or f"p{pos}")


def aw(wid: str, date: str | None, *provisions: ProvisionOut) -> AlignedWork:
    return AlignedWork(Work(wid, {"en": wid}, date=date), list(provisions), [], f"{wid}-src")


def result(*works: AlignedWork):
    return SimpleNamespace(aligned=list(works))


def pairs(links) -> set[tuple[str, str]]:
    return {(lk.a, lk.b) for lk in links}


def test_buckets_group_equal_normalised_text_in_corpus_order():
    res = result(aw("b", None, prov(1, {"en": [COOP_VARIANT]}, key="para_2.5")),
                 aw("a", None, prov(1, {"en": [COOP]}), prov(2, {"en": [OTHER]})))
    provs, clauses = identical_buckets(res)
    key = ("en", "governmentsshouldcooperateacrossborderstoadvanceresponsiblestewardshipoftrustworthyai")
    assert provs[key] == [("b", "para_2.5"), ("a", "p1")]
    assert clauses[key] == [("b", "para_2.5", "en", 1), ("a", "p1", "en", 1)]
    assert len(provs) == 2  # COOP's bucket and OTHER's


def test_provision_bucket_joins_its_clauses_clause_buckets_do_not():
    res = result(aw("a", None, prov(1, {"en": [COOP, OTHER]})))
    provs, clauses = identical_buckets(res)
    assert len(provs) == 1 and len(clauses) == 2
    (members,) = provs.values()
    assert members == [("a", "p1")]
    assert sorted(clauses.values()) == [[("a", "p1", "en", 1)], [("a", "p1", "en", 2)]]


def test_short_texts_are_not_compared():
    twenty, nineteen = "Protect privacy always.", "Protect privacy alway."  # 20 and 19 letters
    res = result(aw("a", None, prov(1, {"en": [twenty]}), prov(2, {"en": [nineteen]})))
    provs, clauses = identical_buckets(res)
    assert [k[1] for k in provs] == ["protectprivacyalways"]
    assert [k[1] for k in clauses] == ["protectprivacyalways"]


def test_traditional_and_simplified_chinese_share_a_bucket_but_not_with_english():
    res = result(aw("a", None, prov(1, {"zh-Hant": [HANT]})), aw("b", None, prov(1, {"zh-Hans": [HANS]})),
                 aw("c", None, prov(1, {"en": [COOP]})))
    provs, _ = identical_buckets(res)
    zh = [v for k, v in provs.items() if k[0] == "zh"]
    assert zh == [[("a", "p1"), ("b", "p1")]]
    assert [v for k, v in provs.items() if k[0] == "en"] == [[("c", "p1")]]


def test_identical_provisions_and_clauses_of_two_works_earlier_first():
    # G20 listed first in the corpus, OECD issued first
    res = result(aw("g20", "2019-06-09", prov(1, {"en": [COOP_VARIANT]})),
                 aw("oecd", "2019-05-22", prov(1, {"en": [COOP]})))
    links = identical_links(res, M)
    assert pairs(links) == {(M.provision("oecd", 1), M.provision("g20", 1)),
                            (M.clause("oecd", 1, "en", 1), M.clause("g20", 1, "en", 1))}
    for lk in links:
        assert lk.kind == "identical" and lk.score == 1.0 and lk.method == IDENTICAL_METHOD
        assert lk.derived is True  # the G20 text derives from the earlier OECD one
        assert lk.comment == "oecd was issued first (2019-05-22, the other 2019-06-09)"


def test_chinese_scripts_are_identical_across_works():
    res = result(aw("a", "2023-10-18", prov(1, {"zh-Hant": [HANT]})),
                 aw("b", "2024-01-01", prov(1, {"zh-Hans": [HANS]})))
    assert pairs(identical_links(res, M)) == {(M.provision("a", 1), M.provision("b", 1)),
                                             (M.clause("a", 1, "zh-Hant", 1), M.clause("b", 1, "zh-Hans", 1))}


def test_no_link_inside_one_work():
    res = result(aw("a", "2020-01-01", prov(1, {"en": [COOP]}), prov(2, {"en": [COOP_VARIANT]})))
    assert identical_links(res, M) == []


def test_different_texts_are_not_linked():
    res = result(aw("a", "2020-01-01", prov(1, {"en": [COOP]})), aw("b", "2021-01-01", prov(1, {"en": [OTHER]})))
    assert identical_links(res, M) == []


def test_a_text_in_three_works_is_a_star_on_the_earliest():
    res = result(aw("c", "2021-03-01", prov(1, {"en": [COOP]})), aw("a", "2019-05-22", prov(4, {"en": [COOP]})),
                 aw("b", "2020-01-01", prov(2, {"en": [COOP]})))
    provs = {(lk.a, lk.b) for lk in identical_links(res, M) if "/en/" not in lk.a}
    assert provs == {(M.provision("a", 4), M.provision("b", 2)), (M.provision("a", 4), M.provision("c", 1))}


def test_undated_works_come_after_dated_ones_and_derive_nothing():
    res = result(aw("a", None, prov(1, {"en": [COOP]})), aw("z", "2022-01-01", prov(1, {"en": [COOP]})),
                 aw("m", None, prov(1, {"en": [COOP]})))
    links = [lk for lk in identical_links(res, M) if "/en/" not in lk.a]
    assert {frozenset((lk.a, lk.b)) for lk in links} == {
        frozenset((M.provision("z", 1), M.provision("a", 1))), frozenset((M.provision("z", 1), M.provision("m", 1)))}
    assert all(lk.derived is False and "unknown" in lk.comment for lk in links)


def test_equal_dates_lead_by_iri_and_derive_nothing():
    res = result(aw("b", "2020-01-01", prov(1, {"en": [COOP]})), aw("a", "2020-01-01", prov(1, {"en": [COOP]})))
    (link,) = [lk for lk in identical_links(res, M) if "/en/" not in lk.a]
    assert (link.a, link.b) == (M.provision("a", 1), M.provision("b", 1))
    assert link.derived is False


def test_a_second_copy_inside_the_lead_work_links_to_another_work():
    res = result(aw("a", "2019-01-01", prov(1, {"en": [COOP]}), prov(2, {"en": [COOP]})),
                 aw("b", "2020-01-01", prov(1, {"en": [COOP]})))
    provs = {(lk.a, lk.b) for lk in identical_links(res, M) if "/en/" not in lk.a}
    assert provs == {(M.provision("a", 1), M.provision("b", 1)), (M.provision("a", 2), M.provision("b", 1))}


def test_links_do_not_depend_on_corpus_order_and_reuse_given_buckets():
    works = [aw("g20", "2019-06-09", prov(1, {"en": [COOP]})), aw("oecd", "2019-05-22", prov(1, {"en": [COOP]})),
             aw("x", None, prov(1, {"en": [OTHER]}))]
    forward = identical_links(result(*works), M)
    backward = identical_links(result(*reversed(works)), M)
    assert [(lk.a, lk.b) for lk in forward] == [(lk.a, lk.b) for lk in backward]
    res = result(*works)
    assert [(lk.a, lk.b) for lk in identical_links(res, M, identical_buckets(res))] == \
        [(lk.a, lk.b) for lk in forward]


def test_identical_groups_only_for_shared_buckets():
    res = result(aw("a", None, prov(1, {"en": [COOP], "zh-Hant": [HANT]}), prov(2, {"en": [OTHER]})),
                 aw("b", None, prov(1, {"en": [COOP]})), aw("c", None, prov(3, {"zh-Hans": [HANS]})))
    provs, _ = identical_buckets(res)
    groups = identical_groups(provs)
    assert ("a", "p2") not in groups  # its text is nowhere else
    assert len(groups[("a", "p1")]) == 2  # the English and the Chinese bucket
    assert groups[("b", "p1")] < groups[("a", "p1")] and groups[("c", "p3")] < groups[("a", "p1")]
    assert groups[("b", "p1")].isdisjoint(groups[("c", "p3")])
