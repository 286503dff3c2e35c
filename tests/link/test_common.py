"""Unit tests of govkg/link/common.py: Link records, text normalisation and issue order."""

from __future__ import annotations

import re
from importlib.metadata import version
from types import SimpleNamespace

import pytest
from pyoxigraph import Literal, NamedNode

from govkg.core.model import Work
from govkg.core.namespaces import GOV, XSD
from govkg.link.common import Link, converter, decimal, g, issued_order, norm, t2s


def aligned(wid: str, date: str | None):
    return SimpleNamespace(work=Work(wid, {"en": wid}, date=date))


def test_g_names_an_ontology_term():
    assert g("identicalTo") == NamedNode(GOV + "identicalTo")


@pytest.mark.parametrize("x, lexical", [(0.4384, "0.438"), (1, "1.000"), (0.17, "0.170"), (0.0005, "0.001")])
def test_decimal_has_three_places(x, lexical):
    assert decimal(x) == Literal(lexical, datatype=NamedNode(XSD + "decimal"))


def test_norm_ignores_case_punctuation_spacing_and_curly_quotes():
    assert norm("The  quick, brown FOX’s tail.", "en") == norm("the quick brown fox's tail", "en") == \
        "thequickbrownfoxstail"
    assert norm("G20 2.5 (a)", "en") == "g2025a"
    assert norm("AI for good", "en") != norm("AI for food", "en")


def test_norm_folds_traditional_to_simplified_only_for_chinese():
    hant = "各國應堅持以人為本的理念，推動人工智能健康發展。"
    hans = "各国应坚持以人为本的理念，推动人工智能健康发展。"
    assert norm(hant, "zh-Hant") == norm(hans, "zh-Hans") == "各国应坚持以人为本的理念推动人工智能健康发展"
    assert norm(hant, "en") != norm(hans, "en")  # no script folding outside Chinese


def test_t2s_converts_traditional_characters():
    assert t2s("發展人工智能") == "发展人工智能"
    assert t2s("发展人工智能") == "发展人工智能"


def test_converter_names_opencc_and_its_installed_version():
    label, ver = converter()
    assert label == "OpenCC"
    assert ver == version("OpenCC") and re.match(r"\d+\.\d+", ver)


def test_issued_order_keeps_an_earlier_first_work():
    swap, why = issued_order(aligned("oecd", "2019-05-22"), aligned("g20", "2019-06-09"))
    assert swap is False
    assert why == "oecd was issued first (2019-05-22, the other 2019-06-09)"


def test_issued_order_swaps_a_later_first_work():
    swap, why = issued_order(aligned("g20", "2019-06-09"), aligned("oecd", "2019-05-22"))
    assert swap is True
    assert why.startswith("oecd was issued first") and "2019-05-22" in why and "2019-06-09" in why


@pytest.mark.parametrize("da, db", [(None, "2019-05-22"), ("2019-05-22", None), (None, None),
                                    ("2019-05-22", "2019-05-22")])
def test_issued_order_unknown_when_a_date_is_missing_or_equal(da, db):
    swap, why = issued_order(aligned("a", da), aligned("b", db))
    assert swap is False
    assert "unknown" in why


def test_link_iri_suffix_is_stable_short_and_specific():
    a, b = "https://example.org/kg/work/a/p1", "https://example.org/kg/work/b/p1"
    link = Link("identical", a, b, 1.0, "m")
    assert re.fullmatch(r"[0-9a-f]{16}", link.iri_suffix)
    # depends on kind and ends only, not on the score, method or explanation
    assert Link("identical", a, b, 0.5, "other", comment="x", principles=["privacy"]).iri_suffix == link.iri_suffix
    assert Link("related", a, b, 1.0, "m").iri_suffix != link.iri_suffix
    assert Link("identical", a, b + "0", 1.0, "m").iri_suffix != link.iri_suffix


def test_link_defaults_are_independent_lists():
    one, two = Link("related", "a", "b", 0.3, "m"), Link("related", "a", "c", 0.3, "m")
    one.terms.append(("privacy", "en"))
    assert two.terms == [] and two.principles == [] and two.derived is False and two.comment == ""
