"""`build.py add`: documents nobody here has seen, added with no code change —
an English file as a new work, a Chinese file as a new copy of it, and a Chinese
file as a new work — then built, with provisions, clauses and exact offsets."""

from __future__ import annotations

import shutil
import tomllib

import pyoxigraph as ox
import pytest
from conftest import ROOT, run_cli

ENGLISH = """Charter for Trustworthy Robots

Robots are entering homes. Their makers carry a duty of care.

1. Safety

Robots should stop when a person says stop. Makers must test every model before sale.

2. Openness

- Makers should publish their safety reports.
- We oppose hidden data collection, e.g. recording without notice.
"""

CHINESE_COPY = """可信机器人宪章

机器人正在进入家庭。其制造者负有注意义务。

1. 安全

机器人应在有人说停止时停止。制造者必须在销售前测试每一型号。

2. 公开

- 制造者应公布其安全报告。
- 我们反对隐蔽的数据收集，例如未经通知的录音。
"""

CHINESE_WORK = """城市数据治理公约

——各城市应当保护居民个人信息；反对非法买卖数据。

——鼓励开放公共数据，支持研究机构开展合作！
"""


@pytest.fixture(scope="module")
def added(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("add")
    shutil.copytree(ROOT / "data", tmp / "data")
    cat = tmp / "data" / "corpus.toml"
    files = {"robots-en.txt": ENGLISH, "robots-zh.txt": CHINESE_COPY, "city-data-zh.txt": CHINESE_WORK}
    for name, text in files.items():
        (tmp / name).write_text(text, encoding="utf-8")
    calls = [
        ["robots-en.txt", "--work", "robot-charter", "--date", "2025-01-02", "--issuer", "Robot Makers Guild",
         "--kind", "principles"],
        ["robots-zh.txt", "--work", "robot-charter", "--lang", "zh-Hans"],
        ["city-data-zh.txt", "--work", "city-data-convention", "--title", "城市数据治理公约", "--date", "2025-03-04",
         "--issuer", "城市数据联盟"],
    ]
    outs = [run_cli("add", tmp / c[0], *c[1:], "--catalog", cat) for c in calls]
    build = run_cli("build", "--catalog", cat, "--dist", tmp / "dist", "--quiet")
    store = ox.Store()
    if build.returncode == 0:
        with open(tmp / "dist" / "govkg.nt", "rb") as fh:
            store.bulk_load(fh, ox.RdfFormat.N_TRIPLES)
    return tmp, files, outs, build, store


def q(store, text):
    pfx = "PREFIX gov: <https://w3id.org/govkg/ontology#> PREFIX oa: <http://www.w3.org/ns/oa#> "
    return [[None if v is None else v.value for v in r] for r in store.query(pfx + text)]


def test_add_writes_catalog_entries_and_copies_files(added):
    tmp, files, outs, build, _ = added
    for out in outs:
        assert out.returncode == 0, out.stderr
    for name, text in files.items():
        assert (tmp / "data" / "sources" / name).read_text(encoding="utf-8") == text
    cat = (tmp / "data" / "corpus.toml").read_text(encoding="utf-8")
    assert cat.count('id = "robot-charter"') == 1, "the second add is a copy, not a new work"
    assert "worked example" in cat, "the catalog keeps its comments"
    assert build.returncode == 0, build.stderr


def test_new_english_work_has_provisions_and_clauses(added):
    store = added[4]
    provs = q(store, """SELECT ?pos ?num ?t WHERE { ?p gov:partOf <https://w3id.org/govkg/id/work/robot-charter> ;
        gov:position ?pos ; gov:text ?t . OPTIONAL { ?p gov:number ?num } FILTER(lang(?t) = "en") } ORDER BY ?pos""")
    # the preamble paragraph, heading 1 with its paragraph, heading 2 with its two items
    assert [(int(p), n) for p, n, _ in provs] == [(1, None), (2, "1."), (3, "2.")]  # gov:number as written
    clauses = q(store, """SELECT ?c ?t WHERE { ?c a gov:Clause ; gov:partOf/gov:partOf
        <https://w3id.org/govkg/id/work/robot-charter> ; gov:text ?t . FILTER(lang(?t) = "en") }""")
    texts = sorted(t for _, t in clauses)
    assert texts == sorted([
        "Robots are entering homes.", "Their makers carry a duty of care.",
        "Robots should stop when a person says stop.", "Makers must test every model before sale.",
        "Makers should publish their safety reports.",
        "We oppose hidden data collection, e.g. recording without notice.",
    ])


def test_chinese_copy_aligns_onto_the_same_provisions(added):
    store = added[4]
    got = q(store, """SELECT ?pos ?t WHERE { ?p gov:partOf <https://w3id.org/govkg/id/work/robot-charter> ;
        gov:position ?pos ; gov:text ?t . FILTER(langMatches(lang(?t), "zh-Hans")) } ORDER BY ?pos""")
    assert [(int(p), t) for p, t in got] == [
        (1, "机器人正在进入家庭。其制造者负有注意义务。"),
        (2, "机器人应在有人说停止时停止。制造者必须在销售前测试每一型号。"),
        (3, "制造者应公布其安全报告。我们反对隐蔽的数据收集，例如未经通知的录音。"),
    ]


def test_chinese_work_items_and_clauses(added):
    store = added[4]
    got = q(store, """SELECT ?pos ?n ?t WHERE { ?c a gov:Clause ; gov:position ?n ; gov:text ?t ; gov:partOf ?p .
        ?p gov:partOf <https://w3id.org/govkg/id/work/city-data-convention> ; gov:position ?pos } ORDER BY ?pos ?n""")
    assert [(int(p), int(n), t) for p, n, t in got] == [
        (1, 1, "各城市应当保护居民个人信息；"), (1, 2, "反对非法买卖数据。"),
        (2, 1, "鼓励开放公共数据，支持研究机构开展合作！"),
    ]


def test_added_documents_have_exact_offsets(added):
    tmp, files, _, _, store = added
    got = q(store, """SELECT ?path ?s ?e ?x WHERE { ?o a gov:Occurrence ; gov:source/gov:path ?path ;
        oa:start ?s ; oa:end ?e ; oa:exact ?x }""")
    mine = [(p, int(s), int(e), x) for p, s, e, x in got if p in files]
    assert len(mine) >= 6 + 6 + 3
    for path, s, e, exact in mine:
        assert files[path][s:e] == exact
    assert ("robots-en.txt", ENGLISH.index("Makers must"), ENGLISH.index("sale.") + 5,
            "Makers must test every model before sale.") in mine


def test_add_refuses_unknown_file_and_bad_id(added, tmp_path):
    tmp = added[0]
    out = run_cli("add", tmp_path / "nope.txt", "--work", "x", "--catalog", tmp / "data" / "corpus.toml")
    assert out.returncode == 2 and "nope.txt" in out.stderr and "Traceback" not in out.stderr
    f = tmp_path / "ok.txt"
    f.write_text("Title\n\nSome text here that is long enough.\n", encoding="utf-8")
    out = run_cli("add", f, "--work", "Bad Id!", "--catalog", tmp / "data" / "corpus.toml")
    assert out.returncode == 2 and "Bad Id!" in out.stderr and "Traceback" not in out.stderr
    out = run_cli("add", f, "--work", "undated-work", "--catalog", tmp / "data" / "corpus.toml")
    assert out.returncode == 2 and "--date" in out.stderr and "Traceback" not in out.stderr


# ── conflicting metadata, kinds, empty catalogs, the smallest document ────────────

def fresh_data(tmp):
    shutil.copytree(ROOT / "data", tmp / "data")
    return tmp / "data" / "corpus.toml"


GAGI = "global-ai-governance-initiative"
COPY = "Global AI Governance Initiative\n\nAll countries should enhance information exchange.\n"


def catalog_work(cat, wid):
    return next(w for w in tomllib.loads(cat.read_text(encoding="utf-8"))["works"] if w["id"] == wid)


def one_error_line(out, *words):
    assert out.returncode == 2, (out.stdout, out.stderr)
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "Traceback" not in out.stderr, out.stderr
    for w in words:
        assert w in lines[0], (w, lines[0])
    return lines[0]


@pytest.mark.parametrize("title, lang, alternative", [
    ("The Global AI Governance Initiative of China", "en", ["The Global AI Governance Initiative of China"]),
    ("全球人工智能治理倡议（全文）", "zh-Hans", ["全球人工智能治理倡议（全文）"]),
    ("global ai governance initiative", "en", None),  # the same title: nothing to record
])
def test_another_title_for_an_existing_work_is_an_alternative(tmp_path, title, lang, alternative):
    cat = fresh_data(tmp_path)
    before = catalog_work(cat, GAGI)
    (tmp_path / "copy.txt").write_text(COPY, encoding="utf-8")
    out = run_cli("add", tmp_path / "copy.txt", "--work", GAGI, "--title", title, "--catalog", cat)
    assert out.returncode == 0, out.stderr
    after = catalog_work(cat, GAGI)
    assert after["title"] == before["title"], "the work's titles stay"
    assert after.get("alternative", {}).get(lang) == alternative
    assert ("alternative title" in out.stdout) == bool(alternative)
    from govkg.ingest import catalog
    assert catalog.load(cat).works[GAGI].alternatives == ({lang: tuple(alternative)} if alternative else {})


@pytest.mark.parametrize("flag, value, words", [
    ("--issuer", "Ministry of Somewhere", ["--issuer", "Cyberspace Administration of China", GAGI]),
    ("--kind", "principles", ["--kind", "'initiative'", GAGI]),
])
def test_contradicting_issuer_or_kind_is_refused(tmp_path, flag, value, words):
    cat = fresh_data(tmp_path)
    before = cat.read_bytes()
    (tmp_path / "copy.txt").write_text(COPY, encoding="utf-8")
    out = run_cli("add", tmp_path / "copy.txt", "--work", GAGI, flag, value, "--catalog", cat)
    one_error_line(out, value, *words)
    assert cat.read_bytes() == before and not (tmp_path / "data" / "sources" / "copy.txt").exists()


def test_issuer_or_kind_a_work_lacks_is_filled_in(tmp_path):
    cat = fresh_data(tmp_path)
    (tmp_path / "a.txt").write_text("A title\n\nMember States should test.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("A title\n\nMember States should test again.\n", encoding="utf-8")
    assert run_cli("add", tmp_path / "a.txt", "--work", "w", "--date", "2024-01-01", "--catalog", cat).returncode == 0
    out = run_cli("add", tmp_path / "b.txt", "--work", "w", "--issuer", "United Nations", "--kind", "resolution",
                  "--catalog", cat)
    assert out.returncode == 0, out.stderr
    work = catalog_work(cat, "w")
    assert (work["issuer"], work["kind"]) == ("United Nations", "resolution")


def known_kinds():
    import rdflib
    from rdflib.namespace import RDF, SKOS

    g = rdflib.Graph().parse(ROOT / "ontology" / "kinds.ttl")
    return sorted(str(k).rsplit("/", 1)[-1] for k in g.subjects(RDF.type, SKOS.Concept))


def test_unknown_kind_is_refused_listing_the_known_kinds(tmp_path):
    cat = fresh_data(tmp_path)
    before = cat.read_bytes()
    (tmp_path / "new.txt").write_text("A title\n\nMember States should test.\n", encoding="utf-8")
    out = run_cli("add", tmp_path / "new.txt", "--work", "new-work", "--date", "2024-01-01", "--kind", "edict",
                  "--catalog", cat)
    line = one_error_line(out, "new.txt", "'edict'", "ontology/kinds.ttl")
    assert line.split("(known: ")[1].split(")")[0].split(", ") == known_kinds()
    assert cat.read_bytes() == before


def test_common_kinds_are_known():
    assert {"resolution", "recommendation", "guideline", "regulation", "code-of-conduct", "charter", "strategy",
            "framework", "report", "principles", "declaration", "law"} <= set(known_kinds())


def test_a_resolution_builds(tmp_path):
    """`--kind resolution` was accepted and then failed the whole build at the gate."""
    cat = fresh_data(tmp_path)
    (tmp_path / "res.txt").write_text("Resolution on testing\n\nMember States should test.\n", encoding="utf-8")
    out = run_cli("add", tmp_path / "res.txt", "--work", "res", "--date", "2024-01-01", "--issuer", "United Nations",
                  "--kind", "resolution", "--catalog", cat)
    assert out.returncode == 0, out.stderr
    build = run_cli("build", "--catalog", cat, "--dist", tmp_path / "dist", "--quiet")
    assert build.returncode == 0, build.stderr
    nt = (tmp_path / "dist" / "govkg.nt").read_text(encoding="utf-8")
    assert ("<https://w3id.org/govkg/id/work/res> <http://purl.org/dc/terms/type> "
            "<https://w3id.org/govkg/id/kind/resolution> .") in nt


SMALLEST = "A title\n\n1. Member States should test.\n"


@pytest.mark.parametrize("start", ["missing", "blank", "dataset-only"])
def test_add_starts_a_corpus_from_an_empty_catalog(tmp_path, start):
    cat = tmp_path / "corpus" / "corpus.toml"
    if start != "missing":
        cat.parent.mkdir()
        cat.write_text("\n" if start == "blank" else '[dataset]\nbase = "https://example.org/id/"\n', encoding="utf-8")
    (tmp_path / "smallest.txt").write_text(SMALLEST, encoding="utf-8")
    out = run_cli("add", tmp_path / "smallest.txt", "--work", "smallest", "--date", "2024-01-01", "--catalog", cat)
    assert out.returncode == 0, out.stderr
    text = cat.read_text(encoding="utf-8")
    data = tomllib.loads(text)
    base = "https://example.org/id/" if start == "dataset-only" else "https://w3id.org/govkg/id/"
    assert data["dataset"]["base"] == base
    if start != "dataset-only":
        assert text.startswith("# govkg corpus catalog") and "worked example" in text and "license" in data["dataset"]
    assert [w["id"] for w in data["works"]] == ["smallest"] and data["works"][0]["title"] == {"en": "A title"}
    assert [(s["file"], s["works"]) for s in data["sources"]] == [("smallest.txt", ["smallest"])]
    assert (cat.parent / "sources" / "smallest.txt").read_text(encoding="utf-8") == SMALLEST
    from govkg.ingest import catalog
    assert list(catalog.load(cat).works) == ["smallest"]


def test_the_smallest_document_builds(tmp_path):
    cat = tmp_path / "corpus" / "corpus.toml"
    (tmp_path / "smallest.txt").write_text(SMALLEST, encoding="utf-8")
    assert run_cli("add", tmp_path / "smallest.txt", "--work", "smallest", "--date", "2024-01-01",
                   "--catalog", cat).returncode == 0
    build = run_cli("build", "--catalog", cat, "--dist", tmp_path / "dist", "--quiet")
    assert build.returncode == 0, build.stderr
    store = ox.Store()
    with open(tmp_path / "dist" / "govkg.nt", "rb") as fh:
        store.bulk_load(fh, ox.RdfFormat.N_TRIPLES)
    got = q(store, """SELECT ?n ?t ?s ?e WHERE { ?p gov:partOf <https://w3id.org/govkg/id/work/smallest> ;
        gov:number ?n . ?c gov:partOf ?p ; gov:text ?t ; gov:occurrence [ oa:start ?s ; oa:end ?e ] }""")
    start = SMALLEST.index("Member")
    assert got == [["1.", "Member States should test.", str(start), str(start + len("Member States should test."))]]


# ── limits (data/limits.toml): refused with one line naming the limit ────────────

def _limit_cases():
    from govkg.core.limits import LIMITS

    return {
        "max_source_bytes": b"A title\n\n" + b"Members should test. " * (LIMITS.max_source_bytes // 21 + 1),
        "max_lines": ("A title\n\n" + "\n" * LIMITS.max_lines + "Members should test.\n").encode(),
        "max_paragraph_lines": ("A title\n\n" + "".join(f"{i}. Members should test {i}.\n"
                                                        for i in range(1, LIMITS.max_paragraph_lines + 2))).encode(),
        "max_chars_without_sentence_end": ("A title\n\nMembers should " + "test " * (
            LIMITS.max_chars_without_sentence_end // 5) + "\n").encode(),
    }


@pytest.mark.parametrize("limit", ["max_source_bytes", "max_lines", "max_paragraph_lines",
                                   "max_chars_without_sentence_end"])
def test_add_refuses_a_document_over_a_limit(tmp_path, limit):
    cat = fresh_data(tmp_path)
    before = cat.read_bytes()
    (tmp_path / "big.txt").write_bytes(_limit_cases()[limit])
    out = run_cli("add", tmp_path / "big.txt", "--work", "big", "--date", "2024-01-01", "--catalog", cat)
    one_error_line(out, "big.txt", limit, "over the")
    assert cat.read_bytes() == before and not (tmp_path / "data" / "sources" / "big.txt").exists()


def test_add_accepts_a_document_just_within_the_limits(tmp_path):
    from govkg.core.limits import LIMITS

    cat = fresh_data(tmp_path)
    lines = "".join(f"{i}. Members should test {i}.\n" for i in range(1, LIMITS.max_paragraph_lines + 1))
    run = "Members should " + "test " * ((LIMITS.max_chars_without_sentence_end - 20) // 5) + "now."
    (tmp_path / "ok.txt").write_text(f"A title\n\n{lines}\n{run}\n", encoding="utf-8")
    out = run_cli("add", tmp_path / "ok.txt", "--work", "ok", "--date", "2024-01-01", "--catalog", cat)
    assert out.returncode == 0, out.stderr


def test_build_refuses_a_catalogued_file_over_a_limit(tmp_path):
    """A file put in the catalog by hand meets the same limit at the read stage."""
    cat = fresh_data(tmp_path)
    (tmp_path / "data" / "sources" / "big.txt").write_bytes(_limit_cases()["max_chars_without_sentence_end"])
    cat.write_text(cat.read_text(encoding="utf-8") + '\n[[works]]\nid = "big"\ntitle = "A title"\ndate = 2024-01-01\n'
                   '\n[[sources]]\nid = "big"\nfile = "big.txt"\nworks = ["big"]\nlanguages = ["en"]\nformat = "plain"\n',
                   encoding="utf-8")
    out = run_cli("build", "--catalog", cat, "--dist", tmp_path / "dist", "--quiet")
    one_error_line(out, "big.txt", "max_chars_without_sentence_end")
    assert not (tmp_path / "dist").exists()


def test_readme_lists_the_known_kinds():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    para = readme.split("**Kinds.**", 1)[1].split("Anything else", 1)[0]
    listed = " ".join(para.split()).split("`ontology/kinds.ttl`: ", 1)[1].rstrip(". ").split(", ")
    assert listed == known_kinds(), "README's list of kinds is not ontology/kinds.ttl's"
