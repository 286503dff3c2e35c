"""govkg.serve.diagnose: SPARQL errors in one line (line, column, what was expected or
what is wrong) and parameters naming works, actors or types the graph does not hold,
refused with the close matches. A small graph in a real pyoxigraph store."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from govkg.core.errors import InputError
from govkg.serve import diagnose, guard

GRAPH = """
@prefix gov: <https://w3id.org/govkg/ontology#> . @prefix dct: <http://purl.org/dc/terms/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix w: <https://w3id.org/govkg/id/work/> . @prefix a: <https://w3id.org/govkg/id/actor/> .
gov:State rdfs:subClassOf gov:Actor . gov:Obligation rdfs:subClassOf gov:Commitment .
gov:Opposition rdfs:subClassOf gov:Commitment .
w:oecd-principles a gov:Work ; dct:identifier "oecd-principles" ; gov:issuedBy a:oecd .
w:g20-principles a gov:Work ; dct:identifier "g20-principles" .
a:major-countries a gov:State ; dct:identifier "major-countries" ;
    skos:prefLabel "major countries"@en , "大國"@zh-Hant .
a:h-0123456789ab a gov:Actor ; skos:prefLabel "理事會"@zh-Hant .
<https://w3id.org/govkg/id/k1> a gov:Commitment , gov:Obligation ; gov:bearer a:major-countries .
"""
DECLARED = guard.header_params('# params: work="" -- the work\'s id (required)\n'
                               '# params: bearer="" -- id or name\n# params: type="" -- the type\n'
                               '# params: workB="" -- another work; "" for every work\nSELECT * {}', "q.rq")


@pytest.fixture(scope="module")
def select():
    store = ox.Store()
    store.load(GRAPH.encode(), ox.RdfFormat.TURTLE)

    def run(text: str) -> list:
        answer = store.query(text)
        return [bool(answer)] if isinstance(answer, ox.QueryBoolean) else [row[0].value for row in answer]
    return run


def refused(select, **values) -> str:
    with pytest.raises(InputError) as exc:
        diagnose.check_known(DECLARED, {"work": "oecd-principles", **values}, select, "q.rq")
    message = str(exc.value)
    assert "\n" not in message and message.startswith("q.rq: --param ")
    return message


@pytest.mark.parametrize("values", [
    {}, {"bearer": "major-countries"}, {"bearer": "MAJOR COUNTRIES"}, {"bearer": "大國"},
    {"bearer": "h-0123456789ab"}, {"bearer": "oecd"}, {"type": "obligation"}, {"type": "Opposition"},
    {"workB": ""}, {"workB": "g20-principles"}, {"bearer": ""}])
def test_known_values_pass(select, values):
    diagnose.check_known(DECLARED, {"work": "oecd-principles", **values}, select, "q.rq")


def test_a_mistyped_work_names_the_close_ids(select):
    message = refused(select, work="oecd-principle")
    assert message == ("q.rq: --param work: no work has the id 'oecd-principle'; did you mean oecd-principles, g20-principles?")


def test_a_work_id_is_exact_an_actor_name_is_not(select):
    assert "did you mean oecd-principles," in refused(select, work="OECD-principles")


def test_an_unknown_work_with_nothing_close_lists_the_few_there_are(select):
    message = refused(select, work="zzz")
    assert "none is close" in message and "g20-principles, oecd-principles" in message


def test_a_required_parameter_left_empty_is_refused(select):
    assert "--param work is required" in refused(select, work="")


def test_a_mistyped_actor_and_type(select):
    assert "did you mean major countries, major-countries" in refused(select, bearer="major contries")
    assert "did you mean Obligation?" in refused(select, type="obligaton")
    assert "no commitment type has the name 'duty'" in refused(select, type="duty")


def test_parameters_of_other_names_are_not_checked(select):
    diagnose.check_known({}, {"work": "oecd-principles", "phrase": "nothing like it", "lang": "xx"}, select, "q.rq")


@pytest.mark.parametrize("text,want", [
    ("SELECT ?x WHERE { ?x foo:bar ?y }", "line 1, column 22: undefined prefix foo: (declare it: PREFIX foo: <…>)"),
    ("PREFIX a: <http://a/>\nSELECT * WHERE {\n  ?x a:p \"b:c\" , <http://x/d:e> .  # f:g\n  ?x :q ?y }",
     "line 4, column 6: undefined prefix : (declare it: PREFIX : <…>)"),
    ("SELECT x WHERE { ?s ?p ?o }", "line 1, column 8: Expected SelectQuery, found \"x\""),
    ("SELECT ?x WHERE { ?x <a> ?y } ORDER BY BLA(?x)", 'line 1, column 31: Expected end of text, found "ORDER"'),
    ("SELECT ?x WHERE { ?x <a> ?y ", "line 1, column 29: Expected SelectQuery, found the end of the query"),
])
def test_syntax_errors_say_where_and_what_in_one_line(text, want):
    try:
        ox.Store().query(text)
    except SyntaxError as exc:
        assert diagnose.syntax_error(text, str(exc)) == want
    else:
        pytest.fail("pyoxigraph accepted the query")


def test_the_engines_own_words_at_the_position_in_the_users_file():
    """pyoxigraph's semantic errors (rdflib parses these) keep its message; the position is
    mapped back from the text that ran (with a VALUES block for the parameters) to the file."""
    text = "# params: work=\"\" -- x\nPREFIX f: <http://x/>\nSELECT ?x ?work WHERE { ?x f:p ?y }\nGROUP BY ?y\n"
    bound = guard.bind_values_text(text, {"work": "w"}, "q.rq")
    with pytest.raises(SyntaxError) as exc:
        ox.Store().query(bound)
    assert "\n" in str(exc.value)  # what pyoxigraph prints: a multi-line list of character classes
    got = diagnose.syntax_error(text, str(exc.value), bound)
    assert got == "line 5, column 1: The SELECT contains a variable that is unbound"
    assert diagnose.syntax_error("PREFIX f: <a b>\nSELECT * { ?x f:p ?y }", "error at 1:16: expected IRI parsing failed"
                                 ) == "line 1, column 16: IRI parsing failed"


def test_undefined_prefix_ignores_strings_iris_comments_and_blank_nodes():
    text = 'PREFIX a: <http://a/>\nSELECT * { _:b a:p "x:y" ; a:q <http://z/w:v> ; a:r \'\'\'m:n\'\'\' } # c:d'
    assert diagnose.undefined_prefix(text) is None
    assert diagnose.undefined_prefix("SELECT * { ?x rdfs:label ?y }") == ("rdfs", 1, 15)


def test_one_line():
    assert diagnose.one_line("a\n  b\tc") == "a b c"
    assert len(diagnose.one_line("x" * 1000)) == 300
