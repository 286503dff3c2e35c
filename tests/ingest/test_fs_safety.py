"""Catalog and file-system safety: source paths stay inside data/sources/, ids are
restricted to a safe alphabet so every minted IRI is valid, hostile text becomes
valid literals, and a source file over the size limit is refused naming the limit."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govkg.core.errors import InputError
from govkg.core.ids import ID_RE, Minter, check_id, slugify
from govkg.ingest import catalog as catalog_mod

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = int(os.environ.get("GOVKG_FUZZ_EXAMPLES", "120"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=EXAMPLES < 1000, database=None,
                suppress_health_check=[HealthCheck.too_slow])
BASE = "https://w3id.org/govkg/id/"


def cli(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture
def data(tmp_path) -> Path:
    d = tmp_path / "data"
    shutil.copytree(ROOT / "data", d)
    for p in d.rglob("*"):
        p.chmod(0o755 if p.is_dir() else 0o644)
    return d


def set_file(data: Path, old: str, new: str) -> None:
    cat = data / "corpus.toml"
    text = cat.read_text(encoding="utf-8")
    assert f'file = "{old}"' in text
    cat.write_text(text.replace(f'file = "{old}"', f"file = {new!r}".replace("'", '"'), 1), encoding="utf-8")


SEED = "000_7c46fdd1e81dd43a.txt"


# ── paths ─────────────────────────────────────────────────────────────────────────

@pytest.mark.parametrize("name", ["/etc/passwd", "../corpus.toml", "sub/../../corpus.toml", "..", "./../x.txt",
                                  "", "\\\\server\\share.txt" if os.sep == "\\" else "/tmp/../etc/hosts"])
def test_path_outside_sources_refused(tmp_path, name):
    sources = tmp_path / "sources"
    sources.mkdir()
    with pytest.raises(InputError) as info:
        catalog_mod.resolve_path(sources, name, "corpus.toml: [[sources]] #1 'x'")
    msg = str(info.value)
    assert "\n" not in msg and "corpus.toml" in msg and repr(name) in msg


def test_symlink_out_of_sources_refused(tmp_path):
    sources = tmp_path / "sources"
    sources.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the graph\n")
    (sources / "link.txt").symlink_to(secret)
    (sources / "dirlink").symlink_to(tmp_path)
    (sources / "inside.txt").write_text("Fine.\n")
    (sources / "ok-link.txt").symlink_to(sources / "inside.txt")
    for name in ("link.txt", "dirlink/secret.txt"):
        with pytest.raises(InputError, match="leads outside"):
            catalog_mod.resolve_path(sources, name, "corpus.toml")
    assert catalog_mod.resolve_path(sources, "ok-link.txt", "corpus.toml") == sources / "ok-link.txt"


@pytest.mark.parametrize("how", ["absolute", "dotdot", "symlink"])
def test_build_refuses_escaping_source(data, tmp_path, how):
    outside = tmp_path / "outside.txt"
    shutil.copy(data / "sources" / SEED, outside)
    if how == "absolute":
        set_file(data, SEED, str(outside))
    elif how == "dotdot":
        set_file(data, SEED, "../../outside.txt")
    else:
        (data / "sources" / SEED).unlink()
        (data / "sources" / SEED).symlink_to(outside)
    dist = tmp_path / "dist"
    done = cli("build", "--catalog", data / "corpus.toml", "--dist", dist, "--quiet")
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    line = done.stderr.strip()
    assert "\n" not in line and "corpus.toml" in line, line
    assert ("outside" in line or "plain path inside" in line), line
    assert not dist.exists()


# ── ids and IRIs ──────────────────────────────────────────────────────────────────

HOSTILE_IDS = ["", "A", "Work", "-x", ".x", "_x", "x y", "a/b", "a>b", 'a"b', "a#b", "a?b", "a%20b", "..", "a..b",
               "é", "a\nb", "a\tb", "x" * 81, "ａ", "a\u200bb", "a\u202eb", "<script>", "a\\b", "a:b", "a{b}",
               "a|b", "a^b", "a`b", "\x00", "ⅰ", "١", "a b", "🙂", None, 5, ["a"]]


@pytest.mark.parametrize("value", HOSTILE_IDS, ids=[repr(v)[:20] for v in HOSTILE_IDS])
def test_hostile_id_refused(value):
    with pytest.raises(InputError) as info:
        check_id(value, "corpus.toml: [[works]] #1")
    msg = str(info.value)
    assert "\n" not in msg and "\r" not in msg, msg  # one line, whatever the id holds
    assert "corpus.toml" in msg and "a-z 0-9" in msg


def test_hostile_id_in_catalog_refused(data, tmp_path):
    cat = data / "corpus.toml"
    text = cat.read_text(encoding="utf-8")
    cat.write_text(text.replace('id = "embassy-cambodia-en"', 'id = "../../etc/passwd"', 1), encoding="utf-8")
    done = cli("build", "--catalog", cat, "--dist", tmp_path / "dist", "--quiet")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "'../../etc/passwd' is not allowed" in done.stderr and done.stderr.count("\n") == 1


def _mint_all(wid: str, sid: str) -> list[str]:
    m = Minter(BASE)
    return [m.work(wid), m.expression(wid, "zh-Hant"), m.source(sid), m.provision(wid, 3),
            m.clause(wid, 3, "en", 2), m.occurrence(sid, 0, 10), m.repair(sid, 5, 7),
            m.actor(slugify(wid) or "x"), m.principle(wid), m.kind(wid)]


def _both_parsers(iris: list[str]) -> None:
    """Write the IRIs as N-Triples and Turtle; rdflib and pyoxigraph read back the same."""
    p = ox.NamedNode("http://purl.org/dc/terms/relation")
    triples = [ox.Triple(ox.NamedNode(i), p, ox.NamedNode(j)) for i, j in zip(iris, iris[1:] + iris[:1])]
    for fmt, rfmt in ((ox.RdfFormat.N_TRIPLES, "nt"), (ox.RdfFormat.TURTLE, "turtle")):
        data = ox.serialize(triples, format=fmt)
        back = {str(t.subject.value) for t in ox.parse(data, fmt)}
        assert back == set(iris)
        g = rdflib.Graph().parse(data=data.decode("utf-8"), format=rfmt)
        assert {str(s) for s in g.subjects()} == set(iris)


@FUZZ
@given(st.one_of(st.text(max_size=90), st.from_regex(ID_RE, fullmatch=True)),
       st.from_regex(ID_RE, fullmatch=True).filter(lambda x: ".." not in x))
def test_ids_mint_valid_iris(candidate, other):
    try:
        wid = check_id(candidate, "fuzz")
    except InputError as exc:
        assert "\n" not in str(exc).replace("\\n", "")
        return
    assert re.fullmatch(r"[a-z0-9][a-z0-9._-]*", wid) and ".." not in wid
    _both_parsers(_mint_all(wid, check_id(other, "fuzz")))


@FUZZ
@given(st.text(max_size=200))
def test_slugs_are_safe_ids(text):
    """Work ids made from aggregator titles and issuers (attribute.py) pass the id check."""
    for n in (50, 60, 70):
        slug = slugify(text, n)
        assert slug == "" or check_id(slug, "slug") == slug


def test_hostile_text_gives_valid_literals_in_every_format(tmp_path):
    """A document full of control, bidi, zero-width and markup characters is published as
    N-Triples, Turtle and JSON-LD that rdflib and pyoxigraph both parse to the same graph."""
    import govkg.ingest.cache
    from govkg import pipeline
    from govkg.publish import rdf

    src = tmp_path / "data" / "sources"
    src.mkdir(parents=True)
    text = ("Hostile \u202eTest\u202c Document\n\n"
            "1. Quotes \" and \\ and <angle> & ampersands\n\n"
            "Systems should keep \"quotes\", back\\slashes, tabs\tand\x0bvertical\x0ctabs; "
            "NUL \x00 here, bell \x07 there, and \u200bzero\u200dwidth joiners.\n\n"
            "2. Markup\n\n"
            "A <script>alert(1)</script> tag, an <img src=x onerror=alert(1)> and a javascript:alert(1) link "
            "must stay text. Line\u2028separator and \ud7ff end, with \U0001f600 emoji.\n")
    (src / "hostile.txt").write_text(text, encoding="utf-8", newline="")
    (tmp_path / "data" / "corpus.toml").write_text(
        '[dataset]\nbase = "https://w3id.org/govkg/id/"\n\n'
        '[[works]]\nid = "hostile"\ntitle = { en = "Hostile Test Document" }\nkind = "document"\n\n'
        '[[sources]]\nid = "hostile-en"\nfile = "hostile.txt"\nworks = ["hostile"]\nlanguages = ["en"]\n'
        'format = "plain"\n', encoding="utf-8")
    old = govkg.ingest.cache.DEFAULT_DIR
    govkg.ingest.cache.DEFAULT_DIR = tmp_path / "cache"
    try:
        result = pipeline.run(tmp_path / "data" / "corpus.toml", None, True)
        triples = rdf.sort_triples(pipeline.emit(result))
    finally:
        govkg.ingest.cache.DEFAULT_DIR = old
    exacts = [t.object.value for t in triples if t.predicate.value == "http://www.w3.org/ns/oa#exact"]
    assert any("\x00" in e for e in exacts) and any("<script>" in e for e in exacts), "the hostile text is in the graph"
    want = {(t.subject.value, t.predicate.value, t.object.value) for t in triples}
    for data, ofmt, rfmt in ((rdf.ntriples(triples), ox.RdfFormat.N_TRIPLES, "nt"),
                             (rdf.turtle(triples), ox.RdfFormat.TURTLE, "turtle"),
                             (rdf.jsonld(triples), ox.RdfFormat.JSON_LD, "json-ld")):
        got_ox = {(t.subject.value, t.predicate.value, t.object.value) for t in ox.parse(data, ofmt)}
        assert got_ox == want, f"pyoxigraph reads {rfmt} differently"
        g = rdflib.Graph().parse(data=data.decode("utf-8"), format=rfmt)
        got_rdflib = {(str(s), str(p), str(o)) for s, p, o in g}
        assert got_rdflib == want, f"rdflib reads {rfmt} differently"


# ── size limit ────────────────────────────────────────────────────────────────────

def test_file_over_size_limit_refused_naming_the_limit(data, tmp_path):
    limit = catalog_mod.MAX_SOURCE_BYTES
    big = data / "sources" / SEED
    with open(big, "r+b") as fh:  # sparse: no 20 MB written
        fh.truncate(limit + 1)
    cat = data / "corpus.toml"
    text = cat.read_text(encoding="utf-8")
    cat.write_text(re.sub(r'(file = "000_7c46fdd1e81dd43a.txt"\n(?:.*\n)*?)sha256 = "[0-9a-f]+"\n', r"\1", text, count=1),
                   encoding="utf-8")
    done = cli("build", "--catalog", cat, "--dist", tmp_path / "dist", "--quiet")
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    line = done.stderr.strip()
    assert "\n" not in line and SEED in line and f"{limit} byte limit" in line, line
    assert not (tmp_path / "dist").exists()
