"""govkg.serve.query on the seed graph, as `build.py query` runs it: an unknown work or
actor is refused in one line naming the close ids (exit 2), not answered with no rows;
every SPARQL error is one line with its line and column."""

from __future__ import annotations

import pytest

from govkg.core.errors import InputError
from govkg.serve.query import execute
from tests.conftest import ROOT, run_cli
from tests.sparql_server import LiveServer

CQ13 = ROOT / "queries" / "cq13-commitments-of-work.rq"
CQ04 = ROOT / "queries" / "cq04-obligations-by-bearer.rq"


def one_line_error(seed_graph, *args) -> str:
    out = run_cli("query", *args, "--dist", seed_graph.dist)
    assert out.returncode == 2, out
    assert out.stdout == "" and len(out.stderr.strip().splitlines()) == 1, out.stderr
    assert "Traceback" not in out.stderr
    return out.stderr.strip()


def test_a_mistyped_work_is_refused_naming_the_close_id(seed_graph):
    err = one_line_error(seed_graph, CQ13, "--param", "work=global-ai-governance-initiatve")
    assert "no work has the id 'global-ai-governance-initiatve'" in err
    assert "did you mean global-ai-governance-initiative" in err


def test_the_work_of_cq13_is_required(seed_graph):
    assert "--param work is required" in one_line_error(seed_graph, CQ13, "--param", "work=")


def test_a_mistyped_bearer_is_refused_naming_its_id_and_names(seed_graph):
    # ontology/actors.ttl: actor:major-countries, "major countries"@en, 大國@zh-Hant
    err = one_line_error(seed_graph, CQ04, "--param", "bearer=major contries")
    assert "no actor has the id or name 'major contries'" in err
    assert "major countries" in err.split("did you mean", 1)[1]


def test_known_ids_and_names_in_any_case_are_answered(seed_graph):
    rows = execute(CQ13, {"work": "oecd-principles-on-artificial-intelligence", "bearer": "GOVERNMENTS"},
                   dist=seed_graph.dist).rows
    assert len(rows) == 5  # OECD 2.5 (001 line 35): a), b), "They should …", c), d)
    assert execute(CQ04, {"bearer": "大國"}, dist=seed_graph.dist).rows


def test_an_unknown_id_is_refused_on_an_endpoint_too(seed_graph):
    """Through the live server the check runs on the endpoint's graph."""

    server = LiveServer(seed_graph.dist).start()
    try:
        with pytest.raises(InputError, match="did you mean oecd-principles-on-artificial-intelligence"):
            execute(CQ13, {"work": "oecd-principles-on-artificial-inteligence"}, endpoint=server.endpoint)
        assert len(execute(CQ13, {"work": "oecd-principles-on-artificial-intelligence"},
                           endpoint=server.endpoint).rows) == 5
    finally:
        server.stop()


@pytest.mark.parametrize("text,want", [
    ("SELECT ?x WHERE { ?x foo:bar ?y }\n", "SPARQL syntax error: line 1, column 22: undefined prefix foo: (declare it: PREFIX foo: <…>)"),
    ("# params: work=\"\" -- w\nSELECT ?x ?work WHERE { ?x foo:bar ?y }\n",
     "SPARQL syntax error: line 2, column 28: undefined prefix foo: (declare it: PREFIX foo: <…>)"),
    ("PREFIX f: <http://x/>\nSELECT ?x WHERE { ?x f:p ?y }\nGROUP BY ?y\n",
     "SPARQL syntax error: line 4, column 1: The SELECT contains a variable that is unbound"),
    ("SELECT ?x WHERE { ?x <a> ?y } ORDER BY BLA(?x)\n",
     'SPARQL syntax error: line 1, column 31: Expected end of text, found "ORDER"'),
])
def test_every_sparql_error_is_one_line_with_line_and_column(seed_graph, tmp_path, text, want):
    query = tmp_path / "q.rq"
    query.write_text(text, encoding="utf-8")
    assert one_line_error(seed_graph, query) == f"error: {query}: {want}"
