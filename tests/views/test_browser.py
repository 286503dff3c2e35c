"""dist/index.html in a real browser (headless Chromium through selenium).

The seed page comes from the `seed_graph` fixture (the build writes it); expected texts are
read off data/sources/000, 001 and 004. The XSS page is built here from a tiny graph whose
texts carry markup and script. One browser session for the whole module.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from PIL import Image, ImageStat
from selenium.webdriver.common.by import By

from govkg.views.export import GraphData
from govkg.views.page import page_context, render, write_index
from tests import chromium
from tests.views.test_export import make_dist


@pytest.fixture(scope="module")
def browser():
    yield from chromium.driver()


@pytest.fixture(scope="module")
def seed_page(browser, seed_graph):
    page = Path(seed_graph.dist) / "index.html"
    assert page.is_file(), f"{page}: the build did not write the page (publish must call write_index)"
    browser.get(page.resolve().as_uri())
    return browser


def initiative(driver):
    works = [w for w in driver.find_elements(By.CSS_SELECTOR, "section.work")
             if "Global AI Governance Initiative" in w.find_element(By.TAG_NAME, "h2").text]
    assert len(works) == 1, "exactly one section for the Global AI Governance Initiative"
    return works[0]


def column(provision, lang: str) -> str:
    cols = provision.find_elements(By.CSS_SELECTOR, f'.lang[data-lang="{lang}"] .clause-text')
    return " ".join(c.get_attribute("textContent") for c in cols)


def test_initiative_has_15_provisions_in_english_and_chinese(seed_page):
    provisions = initiative(seed_page).find_elements(By.CSS_SELECTOR, "article.provision")
    assert [p.get_attribute("data-position") for p in provisions] == [str(i) for i in range(1, 16)]
    for p in provisions:
        assert re.search(r"[A-Za-z]{3}", column(p, "en")), p.get_attribute("data-position")
        assert re.search(r"[\u4e00-\u9fff]", column(p, "zh-Hant")), p.get_attribute("data-position")
    first = provisions[0]
    assert "Artificial intelligence (AI) is a new area of human development." in column(first, "en")
    assert "人工智能是人類發展新領域。" in column(first, "zh-Hant")
    assert first.find_element(By.CSS_SELECTOR, '.lang[data-lang="zh-Hant"]').is_displayed()


def test_provision_15_in_three_scripts_with_source_links(seed_page, seed_graph):
    p15 = initiative(seed_page).find_element(By.CSS_SELECTOR, 'article.provision[data-position="15"]')
    assert "We should increase the representation and voice of developing countries" in column(p15, "en")
    assert "增強發展中國家在人工智能全球治理中的代表性和發言權" in column(p15, "zh-Hant")  # 004
    assert "增强发展中国家在人工智能全球治理中的代表性和发言权" in column(p15, "zh-Hans")  # 001
    links = [li.get_attribute("textContent") for li in p15.find_elements(By.CSS_SELECTOR, ".sources li")]
    files = {m for li in links for m in re.findall(r"\d{3}_[0-9a-f]{16}\.txt", li)}
    assert {"000_7c46fdd1e81dd43a.txt", "001_caf825a306b964ef.txt", "004_c3d48206e3d139f0.txt"} <= files
    checked = 0
    for li in p15.find_elements(By.CSS_SELECTOR, ".sources li"):
        text = li.get_attribute("textContent")
        path = re.search(r"\d{3}_[0-9a-f]{16}\.txt", text).group(0)
        start, end = map(int, re.search(r"\[(\d+)–(\d+)\]", text).groups())
        quote = li.find_element(By.CSS_SELECTOR, ".quote").get_attribute("textContent")
        assert seed_graph.raw(path)[start:end].replace("\r\n", "\n") == quote, (path, start, end)
        checked += 1
    assert checked >= 6  # en and Chinese clauses, at least one link each


def test_search_finds_a_clause_by_a_chinese_phrase(seed_page):
    box = seed_page.find_element(By.ID, "search")
    total = len(seed_page.find_elements(By.CSS_SELECTOR, ".clause"))
    box.send_keys("開源人工智能技術")  # 004, the Initiative's provision 8
    visible = [c for c in seed_page.find_elements(By.CSS_SELECTOR, ".clause") if c.is_displayed()]
    assert 1 <= len(visible) < total
    assert all("開源人工智能技術" in c.get_attribute("textContent") for c in visible)
    assert any("/p8/zh-Hant/" in (c.get_attribute("data-iri") or "") for c in visible)
    assert "match" in seed_page.find_element(By.ID, "search-count").text
    box.clear()
    box.send_keys(" ")
    box.clear()
    seed_page.execute_script("document.getElementById('search').dispatchEvent(new Event('input'))")
    assert sum(c.is_displayed() for c in seed_page.find_elements(By.CSS_SELECTOR, ".clause")) > len(visible)


def test_screenshot_is_not_blank(seed_page):
    seed_page.execute_script("window.scrollTo(0, 0)")
    image = Image.open(io.BytesIO(seed_page.get_screenshot_as_png())).convert("L")
    stat = ImageStat.Stat(image)
    assert image.size[0] >= 800
    assert stat.stddev[0] > 20, "screenshot is (nearly) one colour"
    dark = sum(image.histogram()[:128]) / (image.size[0] * image.size[1])
    assert dark > 0.01, "almost no text drawn"
    figures = seed_page.execute_script(
        "return Array.from(document.images).map(i => i.complete && i.naturalWidth > 0)")
    assert figures and all(figures), "every figure on the page loads"


ID = "https://w3id.org/govkg/id/"
PAYLOADS = ('<script>window.__xss=1</script>', '<img src=x onerror="window.__xss=1">',
            '<a href="javascript:window.__xss=1">click me</a>')
XSS_TTL = f"""
@prefix gov: <https://w3id.org/govkg/ontology#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcat: <http://www.w3.org/ns/dcat#> .
<{ID}work/x> a gov:Work ; dct:title "Evil work <img src=x onerror=\\"window.__xss=1\\">"@en ;
    gov:issuedBy <{ID}actor/x> .
<{ID}actor/x> a gov:Actor ; skos:prefLabel "<svg onload=window.__xss=1>"@en .
<{ID}source/s> a gov:Manifestation ; gov:path "\\"><script>window.__xss=1</script>" ;
    dcat:landingPage <javascript:window.__xss=1> .
<{ID}work/x/p1> a gov:Provision ; gov:partOf <{ID}work/x> ; gov:position 1 ;
    gov:heading "<b onmouseover=window.__xss=1>h</b>"@en .
""" + "".join(f"""
<{ID}work/x/p1/en/c{i}> a gov:Clause ; gov:partOf <{ID}work/x/p1> ; gov:position {i} ; dct:language "en" ;
    gov:text "{p}"@en ; gov:occurrence <{ID}source/s/o{i}> .
<{ID}source/s/o{i}> a gov:Occurrence ; gov:source <{ID}source/s> ; oa:start 0 ; oa:end 5 ;
    oa:exact "{p}" .
<{ID}work/x/p1/en/c{i}/k1> gov:statedIn <{ID}work/x/p1/en/c{i}> ; gov:bearer <{ID}actor/x> ;
    gov:action "{p}" .
""" for i, p in enumerate((x.replace('"', '\\"') for x in PAYLOADS), 1))


@pytest.fixture(scope="module")
def xss_dist(tmp_path_factory):
    dist = make_dist(tmp_path_factory.mktemp("xss") / "dist", XSS_TTL)
    write_index(dist)
    raw = render(page_context(dist, GraphData.load(dist / "govkg.nt")), autoescape=False)
    (dist / "unescaped.html").write_text(raw, encoding="utf-8")  # negative control
    return dist


def injected(driver) -> dict:
    return driver.execute_script("""return {
        xss: typeof window.__xss,
        scripts: document.scripts.length,
        handlers: document.querySelectorAll('[onerror],[onload],[onmouseover]').length,
        jslinks: Array.from(document.links).filter(a => /^\\s*javascript:/i.test(a.getAttribute('href'))).length,
        text: document.body.innerText };""")


def test_markup_in_documents_shows_as_text(browser, xss_dist):
    browser.get((xss_dist / "index.html").as_uri())
    for d in browser.find_elements(By.TAG_NAME, "details"):
        browser.execute_script("arguments[0].open = true", d)
    got = injected(browser)
    assert got["xss"] == "undefined"
    assert got["scripts"] == 1  # the page's own search script
    assert got["handlers"] == 0
    assert got["jslinks"] == 0
    for payload in PAYLOADS:
        assert payload in got["text"]
    assert '"><script>window.__xss=1</script>' in got["text"]


def test_unescaped_page_is_caught(browser, xss_dist):
    """Negative control: with escaping off, the checks above see the injected markup."""
    browser.get((xss_dist / "unescaped.html").as_uri())
    got = injected(browser)
    assert got["scripts"] > 1 and got["handlers"] > 0 and got["jslinks"] > 0
    assert '<script>window.__xss=1</script>' not in got["text"]
    # the page's Content-Security-Policy still stops the injected scripts from running
    assert got["xss"] == "undefined"


def test_simplified_search_finds_traditional_clause_through_derived_text(browser, tmp_path):
    dist = make_dist(tmp_path / "mini")  # tests/data/mini_graph.ttl: p8 zh-Hant + its derived zh-Hans
    write_index(dist)
    browser.get((dist / "index.html").as_uri())
    browser.find_element(By.ID, "search").send_keys("开源人工智能技术")
    visible = [c.get_attribute("data-iri") for c in browser.find_elements(By.CSS_SELECTOR, ".clause")
               if c.is_displayed()]
    assert visible == [ID + "work/gaigi/p8/zh-Hant/c1"]
    derived = browser.find_element(By.CSS_SELECTOR, f'[data-iri="{ID}work/gaigi/p8/zh-Hant/c1"] .derived')
    assert derived.get_attribute("lang") == "zh-Hans" and "derived" in derived.text


def test_a_work_page_of_a_split_corpus_is_escaped_searchable_and_reached_from_the_index(browser, tmp_path):
    dist = make_dist(tmp_path / "split", XSS_TTL)
    write_index(dist, split_clauses=0)  # one page per work, whatever the size
    browser.get((dist / "index.html").as_uri())
    assert browser.find_elements(By.CSS_SELECTOR, ".clause") == []
    browser.find_element(By.CSS_SELECTOR, "nav a").click()
    assert browser.current_url == (dist / "works" / "n-work-x.html").as_uri()
    got = injected(browser)
    assert (got["xss"], got["scripts"], got["handlers"], got["jslinks"]) == ("undefined", 1, 0, 0)
    assert browser.title == 'Evil work <img src=x onerror="window.__xss=1"> — govkg'
    for payload in PAYLOADS:
        assert payload in got["text"]
    browser.find_element(By.ID, "search").send_keys("click me")
    visible = [c.get_attribute("data-iri") for c in browser.find_elements(By.CSS_SELECTOR, ".clause")
               if c.is_displayed()]
    assert visible == [ID + "work/x/p1/en/c3"]
    assert browser.find_element(By.ID, "search-count").text == "1 clause(s) match"
