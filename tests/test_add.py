"""`build.py add`: documents nobody here has seen, added with no code change —
an English file as a new work, a Chinese file as a new copy of it, and a Chinese
file as a new work — then built, with provisions, clauses and exact offsets."""

from __future__ import annotations

import shutil

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
