"""govkg/serve/page.py without a browser: what the query page holds and its policy.
(In Chromium, on the live server: tests/serve/test_page_query.py.)"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from govkg.core.errors import InputError
from govkg.core.namespaces import PREFIXES
from govkg.serve import page

ROOT = Path(__file__).resolve().parents[2]
QUERIES = sorted((ROOT / "queries").glob("*.rq"))


@pytest.fixture(scope="module")
def rendered():
    return page.render(ROOT / "queries", timeout_s=7)


def scripts(text: str) -> list[tuple[str, str]]:
    return re.findall(r"<script([^>]*)>(.*?)</script>", text, re.S)


def test_the_csp_pins_the_one_executable_script_by_its_hash(rendered):
    text, csp = rendered
    code = [body for attrs, body in scripts(text) if "application/json" not in attrs]
    assert len(code) == 1
    digest = base64.b64encode(hashlib.sha256(code[0].encode("utf-8")).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in csp
    assert "default-src 'none'" in csp and "connect-src 'self'" in csp
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", text), "nothing may load from elsewhere"


def test_every_competency_query_is_an_example_that_parses(rendered):
    text, _ = rendered
    [data] = [body for attrs, body in scripts(text) if "application/json" in attrs]
    examples = json.loads(data)
    ids = [re.search(r"^# id: (\S+)", q.read_text(encoding="utf-8"), re.M).group(1) for q in QUERIES]
    assert [e["id"] for e in examples] == ids
    for e in examples:
        ox.Store().query(e["query"])  # ready to run: parameters bound, nothing left to fill in
        assert f'<option value="{e["id"]}">' in text


def test_examples_bind_parameters_to_their_declared_defaults():
    cq04 = ROOT / "queries" / "cq04-obligations-by-bearer.rq"
    defaults = dict(re.findall(r'^# params: (\w+)="([^"]*)"', cq04.read_text(encoding="utf-8"), re.M))
    assert defaults, "cq04 declares parameters"
    [ex] = [e for e in page.examples(ROOT / "queries") if e.id == "cq04-obligations-by-bearer"]
    values = re.search(r"VALUES \(([^)]*)\) \{ \(([^)]*)\) \}", ex.query)
    names = values.group(1).replace("?", "").split()
    literals = re.findall(r'"((?:[^"\\]|\\.)*)"', values.group(2))
    assert dict(zip(names, literals)) == defaults
    assert all(name in ex.params for name in defaults)


def test_the_editor_opens_on_every_project_prefix_and_a_query_that_parses(rendered):
    text, _ = rendered
    editor = html.unescape(re.search(r'<textarea id="query"[^>]*>(.*?)</textarea>', text, re.S).group(1))
    for name, iri in PREFIXES.items():
        assert re.search(rf"^PREFIX {name}:\s+<{re.escape(iri)}>$", editor, re.M), name
    ox.Store().query(editor)


def test_title_and_no_update_offered(rendered):
    text, _ = rendered
    assert "<title>govkg — SPARQL query</title>" in text
    assert "/update" not in text and "<form" not in text and "Oxigraph" not in text
    assert "7 s" in text  # the time limit it is served with


def test_a_bad_query_header_is_one_line_naming_the_file(tmp_path):
    (tmp_path / "cqx.rq").write_text("# id: cqx\n# params: oops\nSELECT * WHERE { ?s ?p ?o }\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"cqx\.rq: bad params line") as info:
        page.examples(tmp_path)
    assert "\n" not in str(info.value)
