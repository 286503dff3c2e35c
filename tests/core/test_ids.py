"""Tests for govkg.core.ids: the safe id alphabet, slugs and the IRI minter."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
import rdflib

from govkg.core.errors import GovkgError, InputError
from govkg.core.ids import Minter, check_id, slugify

BASE = "https://w3id.org/govkg/id/"


# ── check_id ────────────────────────────────────────────────────────────────────

@pytest.mark.parametrize("value", [
    "a", "0", "doc", "un-ga-78.265", "a_b", "9.x-y_z", "hiroshima-process-2023", "a" * 80, "0" + "-" * 79,
])
def test_check_id_returns_a_safe_id_unchanged(value):
    assert check_id(value, "corpus.toml: works[0]") is value


@pytest.mark.parametrize("value", [
    "",            # empty
    "A",           # upper case
    "Doc",
    "-a",          # must start with a letter or digit
    ".a",
    "_a",
    "a" * 81,      # too long
    "a..b",        # no parent-directory-like runs
    "..",
    "a b",         # no spaces
    "a/b",         # no path separators
    "a\\b",
    "a:b",
    "a#b",
    "é",           # ASCII only
    "中文",
    "a\tb",
    "a\nb",
])
def test_check_id_refuses_unsafe_strings(value):
    with pytest.raises(InputError) as exc:
        check_id(value, "corpus.toml: works[3]")
    msg = str(exc.value)
    assert msg.startswith("corpus.toml: works[3]: ")
    assert repr(value) in msg
    assert "\n" not in msg and "\r" not in msg  # one line, even for an id holding a newline
    assert "1-80" in msg


@pytest.mark.parametrize("value", [None, 5, b"abc", ["a"]])
def test_check_id_refuses_non_strings(value):
    with pytest.raises(InputError, match="not allowed"):
        check_id(value, "--id")


def test_check_id_error_is_a_usage_error_with_exit_status_2():
    with pytest.raises(GovkgError) as exc:
        check_id("Bad Id", "--id")
    assert isinstance(exc.value, InputError)
    assert exc.value.exit_code == 2


def test_check_id_boundary_length_80_ok_81_refused():
    assert check_id("x" * 80, "w") == "x" * 80
    with pytest.raises(InputError):
        check_id("x" * 81, "w")


def test_check_id_refuses_a_trailing_newline():
    with pytest.raises(InputError):
        check_id("abc\n", "--id")


# ── slugify ─────────────────────────────────────────────────────────────────────

@pytest.mark.parametrize("text, slug", [
    ("Hello, World!", "hello-world"),
    ("G7 Hiroshima 2023", "g7-hiroshima-2023"),
    ("Déclaration de Montréal", "declaration-de-montreal"),   # accents dropped by NFKD
    ("  --AI__Act--  ", "ai-act"),                             # separators collapse
    ("ＡＩ　Ｒｉｓｋ", "ai-risk"),                              # full-width Latin folds (NFKD)
    ("ﬁnance", "finance"),                                     # ligature U+FB01 folds
    ("人工智能 AI 治理 Act", "ai-act"),                          # non-Latin text left out
])
def test_slugify_readable_ascii(text, slug):
    assert slugify(text) == slug


@pytest.mark.parametrize("text", ["", "   ", "人工智能治理", "— … —", "Ελλάδα", "Россия"])
def test_slugify_empty_without_latin_letters_or_digits(text):
    assert slugify(text) == ""


def test_slugify_stops_at_a_whole_word_within_max_len():
    assert slugify("alpha beta gamma", 10) == "alpha-beta"  # exactly 10
    assert slugify("alpha beta gamma", 9) == "alpha"        # never cuts "beta"
    assert slugify("alpha beta gamma", 16) == "alpha-beta-gamma"


def test_slugify_default_max_len_is_60():
    text = " ".join(["word"] * 40)  # "word-word-..." grows by 5 each word
    slug = slugify(text)
    assert len(slug) <= 60
    assert slug == "-".join(["word"] * 12)  # 12 words = 59 characters; a 13th would be 64


@pytest.mark.parametrize("text", [
    "Interim Measures for the Management of Generative AI Services",
    "Bletchley Declaration by Countries Attending the AI Safety Summit, 1-2 November 2023",
    "UN General Assembly Resolution 78/265",
    "2024 — 生成式人工智能 — Guidelines v1.2",
])
def test_a_non_empty_slug_is_a_safe_id(text):
    slug = slugify(text)
    assert slug
    assert check_id(slug, "slug") == slug


# ── Minter ──────────────────────────────────────────────────────────────────────

def test_minter_iris_follow_the_documented_patterns():
    m = Minter(BASE)
    assert m.work("doc") == BASE + "work/doc"
    assert m.expression("doc", "zh-Hans") == BASE + "work/doc/zh-Hans"
    assert m.source("doc-src") == BASE + "source/doc-src"
    assert m.provision("doc", "para_6_h") == BASE + "work/doc/para_6_h"
    assert m.provision("doc", "art_5") == BASE + "work/doc/art_5"
    assert m.section("doc", "ch1") == BASE + "work/doc/ch1"
    assert m.clause("doc", "art_5", "en", 2) == BASE + "work/doc/art_5/en/c2"
    assert m.occurrence("doc-src", 10, 25) == BASE + "source/doc-src/o10-25"
    assert m.repair("doc-src", 10, 25) == BASE + "source/doc-src/r10-25"
    assert m.actor("oecd") == BASE + "actor/oecd"
    assert m.principle("transparency") == BASE + "principle/transparency"
    assert m.kind("code-of-conduct") == BASE + "kind/code-of-conduct"


def test_unnumbered_provision_uses_its_position():
    m = Minter(BASE)
    assert m.provision("doc", 3) == BASE + "work/doc/p3"
    assert m.provision("doc", 0) == BASE + "work/doc/p0"
    assert m.clause("doc", 4, "zh-Hant", 1) == BASE + "work/doc/p4/zh-Hant/c1"


def test_minter_uses_the_configured_base():
    m = Minter("https://example.org/kg/")
    assert m.work("x") == "https://example.org/kg/work/x"
    assert m.source("s") == "https://example.org/kg/source/s"
    assert m.kind("law") == "https://example.org/kg/kind/law"
    assert m.base == "https://example.org/kg/"


def _all_iris(m: Minter) -> list[str]:
    return [
        m.work("doc"), m.expression("doc", "en"), m.expression("doc", "zh-Hans"), m.expression("doc", "zh-Hant"),
        m.source("doc-src"), m.provision("doc", "para_2.5"), m.provision("doc", 7), m.section("doc", "sec_i"),
        m.clause("doc", "para_2.3_b", "en", 1), m.clause("doc", "para_2.3_b", "zh-Hans", 1),
        m.clause("doc", 7, "en", 1), m.occurrence("doc-src", 0, 12), m.repair("doc-src", 0, 12),
        m.occurrence("doc-src", 0, 13), m.actor("un.ga"), m.principle("fairness"), m.kind("law"),
    ]


def test_minted_iris_are_valid_iris():
    for iri in _all_iris(Minter(BASE)):
        assert ox.NamedNode(iri).value == iri  # pyoxigraph validates IRIs
        nt = f"<{iri}> <{BASE}p> <{BASE}o> .\n"
        assert [t.subject.value for t in ox.parse(nt.encode(), ox.RdfFormat.N_TRIPLES)] == [iri]
        assert str(rdflib.URIRef(iri)) == iri
        assert iri.startswith(BASE)


def test_minted_iris_are_stable_and_distinct():
    first, second = _all_iris(Minter(BASE)), _all_iris(Minter(BASE))
    assert first == second                  # the same input always gives the same IRI
    assert len(set(first)) == len(first)    # different nodes never share one
