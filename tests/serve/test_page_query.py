"""The query page of `govkg serve` (govkg/serve/page.py), in headless Chromium through
selenium, on the live server over the seed graph.

Expected rows come from the hand-written sidecars tests/cq/<id>.yaml (read off
data/sources/), the competency questions from the headers of queries/*.rq.
"""

from __future__ import annotations

import re
import urllib.request
from pathlib import Path

import pytest
import yaml
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

from govkg.core.namespaces import GOV
from govkg.serve import guard
from tests import chromium
from tests.sparql_server import LiveServer

ROOT = Path(__file__).resolve().parents[2]
QUERIES = sorted((ROOT / "queries").glob("*.rq"))
TITLE = "govkg — SPARQL query"
ROWS_JS = """return Array.from(document.querySelectorAll('#answer tbody tr'), r =>
  Array.from(r.cells, c => c.firstChild ? c.firstChild.nodeValue : ''));"""
HEADS_JS = "return Array.from(document.querySelectorAll('#answer thead th'), th => th.textContent);"


def header(path: Path, key: str) -> str:
    m = re.search(rf"^#\s*{key}:\s*(.+?)\s*$", path.read_text(encoding="utf-8"), re.M)
    return m.group(1) if m else ""


def sidecar(qid: str) -> dict:
    return yaml.safe_load((ROOT / "tests" / "cq" / f"{qid}.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def live(seed_graph):
    server = LiveServer(seed_graph.dist).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def browser():
    yield from chromium.driver()


@pytest.fixture
def page(browser, live):
    browser.get(live.base + "/")
    return browser


def run_and_wait(driver, timeout: float = 20) -> str:
    status = driver.find_element(By.ID, "status")
    driver.find_element(By.ID, "run").click()
    WebDriverWait(driver, timeout).until(lambda d: status.text and status.text != "running…")
    return status.text


def choose(driver, qid: str) -> None:
    Select(driver.find_element(By.ID, "example")).select_by_value(qid)


def test_the_page_is_govkgs_and_opens_on_the_govkg_prefixes(page):
    assert page.title == TITLE
    assert page.find_element(By.TAG_NAME, "h1").text == TITLE
    editor = page.find_element(By.ID, "query").get_attribute("value")
    assert f"PREFIX gov: <{GOV}>" in re.sub(r"\s+", " ", editor)
    assert "Oxigraph" not in page.page_source


def test_no_update_is_offered_and_nothing_is_loaded_from_elsewhere(page, live):
    assert page.find_elements(By.CSS_SELECTOR, "form") == []
    links = [a.get_attribute("href") or "" for a in page.find_elements(By.TAG_NAME, "a")]
    assert not [h for h in links if "update" in h.lower()]
    assert "/update" not in page.page_source and "/store" not in page.page_source
    loaded = page.execute_script("return performance.getEntriesByType('resource').map(e => e.name);")
    assert all(u.startswith(live.base + "/") for u in loaded), loaded
    csp = urllib.request.urlopen(live.base + "/", timeout=10).headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "connect-src 'self'" in csp


def test_every_competency_question_is_offered(page):
    options = Select(page.find_element(By.ID, "example")).options
    offered = {o.get_attribute("value"): o.text for o in options if o.get_attribute("value")}
    assert list(offered) == [header(q, "id") for q in QUERIES]
    for q in QUERIES:
        assert header(q, "question") in offered[header(q, "id")]


def test_choosing_cq01_and_running_it_shows_the_works(page):
    choose(page, "cq01-works")
    assert header(ROOT / "queries" / "cq01-works.rq", "question") in page.find_element(By.ID, "question").text
    [case] = sidecar("cq01-works")["cases"]
    status = run_and_wait(page)
    assert status.startswith(f"{len(case['rows'])} rows"), status
    heads = page.execute_script(HEADS_JS)
    picked = [heads.index(c) for c in case["columns"]]
    rows = [[row[i] for i in picked] for row in page.execute_script(ROWS_JS)]
    assert rows == case["rows"]


def test_a_parameterised_question_runs_with_its_default_values(page):
    """The first competency query with parameters whose defaults are a case of its sidecar."""
    for q in QUERIES:
        declared = guard.header_params(q.read_text(encoding="utf-8"), str(q))
        defaults = {n: p.default for n, p in declared.items()}
        cases = [c for c in sidecar(header(q, "id"))["cases"] if defaults and c["params"] == defaults]
        if cases:
            break
    else:
        pytest.fail("no competency query has a sidecar case for its default parameters")
    choose(page, header(q, "id"))
    assert "VALUES" in page.find_element(By.ID, "query").get_attribute("value")
    run_and_wait(page)
    heads = page.execute_script(HEADS_JS)
    picked = [heads.index(c) for c in cases[0]["columns"]]
    rows = [[row[i] for i in picked] for row in page.execute_script(ROWS_JS)]
    expected = cases[0]["rows"]
    assert rows, "no rows shown"
    if cases[0].get("ordered"):
        assert rows == expected
    else:  # as tests/serve/test_queries.py: the projection on the compared columns, as a set
        assert {tuple(r) for r in rows} == {tuple(r) for r in expected}


def test_a_malformed_query_is_one_line_and_an_update_is_not_run(page):
    editor = page.find_element(By.ID, "query")
    editor.clear()
    editor.send_keys("SELECT * WHERE { ?s ?p ")
    status = run_and_wait(page)
    assert status.startswith("error 400") and "\n" not in status, status
    assert page.find_elements(By.ID, "answer") == []
    editor.clear()
    editor.send_keys("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    editor.send_keys(Keys.CONTROL, Keys.ENTER)
    WebDriverWait(page, 20).until(lambda d: d.find_element(By.ID, "status").text.startswith("error"))
    assert page.find_element(By.ID, "status").text.startswith("error 400")  # /query takes queries only
