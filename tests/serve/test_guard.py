"""govkg.serve.guard.bind_values_text: where the parameters' VALUES block goes (a
``#@params`` line, else opening the WHERE group), and the parse-back check that the
values arrived as literals and reach the outer query. A small graph in a real
pyoxigraph store."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from govkg.core.errors import InputError
from govkg.serve import diagnose, guard

QUERIES = Path(__file__).resolve().parents[2] / "queries"
GRAPH = """
@prefix dct: <http://purl.org/dc/terms/> . @prefix ex: <http://example.org/> .
ex:w1 dct:identifier "w1" ; ex:copy "b" , "a" .
ex:w2 dct:identifier "w2" ; ex:copy "c" .
"""
PREFIX = "PREFIX dct: <http://purl.org/dc/terms/>\nPREFIX ex: <http://example.org/>\n"
# the copies sorted in a sub-SELECT before GROUP_CONCAT; the parameter goes inside it
SUB = PREFIX + """SELECT ?id (GROUP_CONCAT(?c; separator=" ") AS ?copies) ?work WHERE {
  { SELECT ?id ?c ?work WHERE {
      #@params
      ?w dct:identifier ?work ; dct:identifier ?id ; ex:copy ?c .
    } ORDER BY ?c }
} GROUP BY ?id ?work
"""


@pytest.fixture(scope="module")
def store():
    s = ox.Store()
    s.load(GRAPH.encode(), ox.RdfFormat.TURTLE)
    return s


def rows(store, text: str) -> list[tuple]:
    return [tuple(t.value if t is not None else None for t in row) for row in store.query(text)]


def test_the_block_replaces_the_marker_line(store):
    bound = guard.bind_values_text(SUB, {"work": "w1"}, "q.rq")
    assert bound == SUB.replace("#@params", 'VALUES (?work) { ("w1") }')
    assert rows(store, bound) == [("w1", "a b", "w1")]


def test_without_a_marker_the_block_opens_the_where_group(store):
    text = PREFIX + "SELECT ?w ?work WHERE { ?w dct:identifier ?work }\n"
    bound = guard.bind_values_text(text, {"work": "w2"}, "q.rq")
    assert bound == (PREFIX + 'SELECT ?w ?work WHERE {\nVALUES (?work) { ("w2") }\n ?w dct:identifier ?work }\n')
    assert rows(store, bound) == [("http://example.org/w2", "w2")]


def test_parameters_are_bound_in_name_order_at_the_marker():
    text = "SELECT ?b ?a WHERE {\n  { SELECT ?b ?a WHERE {\n    #@params\n  } }\n}"
    bound = guard.bind_values_text(text, {"b": "2", "a": "1"}, "q.rq")
    assert '    VALUES (?a ?b) { ("1" "2") }\n' in bound and "#@params" not in bound


ECHO = "SELECT ?work WHERE {\n  { SELECT ?work WHERE {\n    #@params\n  } }\n}\n"


@pytest.mark.parametrize("value", ['"} ; DROP ALL ; #', 'w1") } ?w ?p ?o . VALUES (?work) { ("w2',
                                   "w1\n#@params\n", "w1'''\"\"\"\\", "开源 \t\r"])
def test_a_value_cannot_break_out_of_its_literal(store, value):
    assert rows(store, guard.bind_values_text(ECHO, {"work": value}, "q.rq")) == [(value,)]  # one string, as given
    bound = guard.bind_values_text(SUB, {"work": value}, "q.rq")
    assert rows(store, bound) == []  # no work has that id, and no pattern or block was added


def test_a_value_whose_escape_would_be_read_as_a_codepoint_is_refused():
    """SPARQL applies \\u escapes to the whole text before parsing, so the literal
    "\\u0022" would not parse back as the value given: refused, not run."""
    with pytest.raises(InputError, match=r"q.rq: parameters could not be bound safely"):
        guard.bind_values_text(SUB, {"work": "\\u0022) } #"}, "q.rq")


def test_a_marker_in_a_string_an_iri_or_with_words_after_it_is_no_marker():
    text = ('SELECT ?x ?work WHERE {\n  ?x <http://e/p> """\n#@params\n""" .\n'
            "  #@params the work\n  ?x <http://e/#@params> ?y }")
    bound = guard.bind_values_text(text, {"work": "w"}, "q.rq")
    assert bound.startswith('SELECT ?x ?work WHERE {\nVALUES (?work) { ("w") }\n')
    assert bound.count("#@params") == 3


def test_two_markers_are_refused():
    text = SUB.replace("} ORDER BY", "#@params\n    } ORDER BY")
    with pytest.raises(InputError, match=r"q.rq: 2 #@params lines"):
        guard.bind_values_text(text, {"work": "w1"}, "q.rq")


def test_a_sub_select_that_does_not_project_the_parameter_is_refused():
    text = SUB.replace("SELECT ?id ?c ?work WHERE", "SELECT ?id ?c WHERE")
    with pytest.raises(InputError, match=r"q.rq: the #@params line stands in a sub-SELECT that does not project \?work"):
        guard.bind_values_text(text, {"work": "w1"}, "q.rq")
    # the query's own VALUES block inside a sub-SELECT is no parameter block: still bound
    own = SUB.replace("#@params", 'VALUES (?x) { ("1") }')
    assert 'VALUES (?work) { ("w1") }' in guard.bind_values_text(own, {"work": "w1"}, "q.rq")


def test_no_values_leaves_the_text_alone():
    assert guard.bind_values_text(SUB, {}, "q.rq") == SUB


def test_an_engine_error_after_the_marker_is_reported_where_it_stands_in_the_file():
    """rdflib accepts an ungrouped ?id, pyoxigraph refuses it (at the end of the text):
    the position it gives in the bound text is mapped back to the file (where the marker
    is a comment, so that the file alone gets the same error at the same place)."""
    text = SUB.replace("} GROUP BY ?id ?work", "} GROUP BY ?work")
    with pytest.raises(SyntaxError) as unbound:
        ox.Store().query(text)
    want = diagnose.syntax_error(text, str(unbound.value))
    bound = guard.bind_values_text(text, {"work": "w1"}, "q.rq")
    with pytest.raises(SyntaxError) as exc:
        ox.Store().query(bound)
    assert want == "line 9, column 1: The SELECT contains a variable that is unbound"  # the text's end
    assert diagnose.syntax_error(text, str(exc.value), bound) == want


@pytest.mark.parametrize("path", sorted(p for p in QUERIES.glob("cq*.rq") if "#@params" in p.read_text("utf-8")),
                         ids=lambda p: p.stem)
def test_each_competency_query_with_a_marker_binds_its_defaults_there(path):
    text = path.read_text(encoding="utf-8")
    defaults = {name: p.default for name, p in guard.header_params(text, path.name).items()}
    bound = guard.bind_values_text(text, defaults, path.name)
    assert "#@params" not in bound and bound != text
    assert bound.startswith(text[: text.index("#@params")] + "VALUES (")
