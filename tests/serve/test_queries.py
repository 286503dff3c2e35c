"""Every competency query (queries/cq*.rq) against the seed graph, checked against
the rows in its sidecar tests/cq/<id>.yaml (written by hand from the source
texts), on the embedded store and on the live server through SPARQLWrapper."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from govkg.serve import guard as sparqlguard
from govkg.serve.query import compact, execute
from tests.sparql_server import LiveServer

ROOT = Path(__file__).resolve().parents[2]
QUERIES = sorted((ROOT / "queries").glob("cq*.rq"))
SIDECARS = {p.stem: p for p in sorted((ROOT / "tests" / "cq").glob("*.yaml"))}


def load_sidecar(qid: str) -> dict:
    return yaml.safe_load(SIDECARS[qid].read_text(encoding="utf-8"))


def header(text: str, key: str) -> str:
    m = re.search(rf"^#\s*{key}:\s*(.+)$", text, re.M)
    return m.group(1).strip() if m else ""


def column_names(columns: str) -> list[str]:
    """'a, b (x, y), c; then the parameters' -> ['a', 'b', 'c']"""
    columns = columns.split(";")[0]
    depth, names, cur = 0, [], ""
    for ch in columns + ",":
        depth += ch == "("
        depth -= ch == ")"
        if ch == "," and depth == 0:
            names.append(cur.strip().split()[0])
            cur = ""
        else:
            cur += ch
    return names


CASES = []
for q in QUERIES:
    if q.stem in SIDECARS:
        for i, case in enumerate(load_sidecar(q.stem)["cases"]):
            marks = [pytest.mark.xfail(reason=case["xfail"], strict=False)] if case.get("xfail") else []
            CASES.append(pytest.param(q, i, id=f"{q.stem}[{case.get('name', i)}]", marks=marks))


@pytest.fixture(scope="module")
def live(seed_graph):
    server = LiveServer(seed_graph.dist).start()
    yield server
    server.stop()


def as_strings(results, columns):
    idx = [results.variables.index(c) for c in columns]
    return [tuple(compact(row[i]) for i in idx) for row in results.rows]


def check_case(results, case, where):
    columns = case["columns"]
    missing = [c for c in columns if c not in results.variables]
    assert not missing, f"{where}: the query has no column {missing}"
    got = as_strings(results, columns)
    want = [tuple("" if v is None else str(v) for v in row) for row in case["rows"]]
    if case.get("ordered"):
        assert got == want, f"{where}: rows differ (in order)"
    else:
        # no row twice: a competency query never repeats a whole row
        full = Counter(tuple(compact(v) for v in row) for row in results.rows)
        twice = [r for r, n in full.items() if n > 1]
        assert not twice, f"{where}: {len(twice)} rows returned more than once, e.g. {twice[0]}"
        others = [i for i, v in enumerate(results.variables) if v not in columns]
        if all(len({compact(row[i]) for row in results.rows}) <= 1 for i in others):
            # the checked columns are the whole row: compare as multisets (a lost or an
            # extra duplicate is a difference, not collapsed away)
            missing, unexpected = Counter(want) - Counter(got), Counter(got) - Counter(want)
        else:  # columns left out vary (e.g. one row per opposed practice): the rows' projection as a set
            missing, unexpected = Counter(set(want) - set(got)), Counter(set(got) - set(want))
        assert not missing and not unexpected, (
            f"{where}: missing {sorted(missing.elements())}, unexpected {sorted(unexpected.elements())}")
    for col, n in (case.get("distinct") or {}).items():
        values = {compact(row[results.variables.index(col)]) for row in results.rows}
        assert len(values) == n, f"{where}: {len(values)} distinct {col} values, expected {n}"
    for col in case.get("nonempty") or []:
        i = results.variables.index(col)
        assert all(compact(row[i]) for row in results.rows), f"{where}: empty {col} in a row"


@pytest.mark.parametrize("query", QUERIES, ids=[q.stem for q in QUERIES])
def test_every_query_has_a_sidecar_and_an_honest_header(query, seed_graph):
    """The header is what users read: id, question, columns and params must match
    the query itself and its sidecar."""
    assert query.stem in SIDECARS, f"{query.name}: no tests/cq/{query.stem}.yaml"
    text = query.read_text(encoding="utf-8")
    side = load_sidecar(query.stem)
    assert header(text, "id") == query.stem == side["id"]
    assert header(text, "question") == side["question"], f"{query.name}: question differs from its sidecar"
    declared = sparqlguard.header_params(text, query.name)
    results = execute(query, {}, dist=seed_graph.dist)
    data_columns = [v for v in results.variables if v not in declared]
    assert column_names(header(text, "columns")) == data_columns, f"{query.name}: # columns: is out of date"
    assert sorted(v for v in results.variables if v in declared) == sorted(declared), (
        f"{query.name}: every parameter must be a projected variable")
    assert side["cases"], f"{query.stem}.yaml: no cases"


@pytest.mark.parametrize("query,case_no", CASES)
def test_embedded(query, case_no, seed_graph):
    case = load_sidecar(query.stem)["cases"][case_no]
    results = execute(query, case.get("params") or {}, dist=seed_graph.dist)
    check_case(results, case, f"{query.stem} (embedded)")


@pytest.mark.parametrize("query,case_no", CASES)
def test_live_server_gives_the_same_answer(query, case_no, seed_graph, live):
    case = load_sidecar(query.stem)["cases"][case_no]
    params = case.get("params") or {}
    remote = execute(query, params, endpoint=live.endpoint)
    embedded = execute(query, params, dist=seed_graph.dist)
    assert remote.variables == embedded.variables
    key = lambda rows: sorted(tuple(compact(t) for t in r) for r in rows)  # noqa: E731
    assert key(remote.rows) == key(embedded.rows), f"{query.stem}: server and embedded store disagree"
    check_case(remote, case, f"{query.stem} (live server)")
