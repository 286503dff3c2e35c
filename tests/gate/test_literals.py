"""govkg.gate.literals: lexical forms judged as rdflib (hence pyshacl) judges them,
comparisons of numbers and dates, and the exact-text values of a subject."""

from __future__ import annotations

import operator

import pyoxigraph as ox
import pytest

from govkg.gate.literals import INT_FAMILY, XSD, compare, exact_values, ill_typed, number, well_formed


def lit(value: str, local: str) -> ox.Literal:
    return ox.Literal(value, datatype=ox.NamedNode(XSD + local))


@pytest.mark.parametrize("value,local,ok", [
    ("42", "integer", True), ("+42", "integer", True), ("-0", "integer", True), ("4.2", "integer", False),
    ("", "integer", False), ("12", "nonNegativeInteger", True), ("-3", "nonNegativeInteger", False),
    ("0", "positiveInteger", False), ("007", "positiveInteger", True), ("1.5", "decimal", True),
    (".5", "decimal", True), ("1e3", "decimal", False), ("1e3", "double", True), ("INF", "double", True),
    ("true", "boolean", True), ("yes", "boolean", False), ("2024-02-29", "date", True),
    ("2023-02-29", "date", False), ("2024-13-01", "date", False), ("2024-1-01", "date", False),
])
def test_well_formed_lexical_forms(value, local, ok):
    assert well_formed(lit(value, local)) is ok


@pytest.mark.parametrize("value,local,bad", [
    ("5", "nonNegativeInteger", False), ("-5", "nonNegativeInteger", True), ("five", "integer", True),
    ("0", "positiveInteger", True), ("-1", "negativeInteger", False), ("1", "negativeInteger", True),
])
def test_ill_typed_as_rdflib_decides(value, local, bad):
    assert ill_typed(value, XSD + local) is bad


def test_the_integer_family_is_what_a_store_folds_into_integer():
    store = ox.Store()
    s, p = ox.NamedNode("urn:s"), ox.NamedNode("urn:p")
    for dtype in INT_FAMILY:
        store.add(ox.Quad(s, p, ox.Literal("7", datatype=ox.NamedNode(dtype))))
    held = {q.object.datatype.value for q in store.quads_for_pattern(s, p, None, None)}
    # every member reads back as xsd:integer (why sh:datatype on them is judged on the text)
    assert held == {XSD + "integer"}
    assert XSD + "decimal" not in INT_FAMILY and XSD + "integer" in INT_FAMILY


def test_numbers_and_dates_compare_by_value_not_by_text():
    assert number(lit("10", "integer")) == 10 and number(lit("abc", "decimal")) is None
    assert number(ox.NamedNode("urn:x")) is None and number(ox.Literal("10")) is None
    assert compare(lit("10", "integer"), lit("9.5", "decimal"), operator.gt)  # "10" < "9.5" as text
    assert not compare(lit("10", "integer"), lit("2024-01-01", "date"), operator.gt)  # a number is no date
    assert compare(lit("2024-01-02", "date"), lit("2024-01-01", "date"), operator.gt)
    assert not compare(ox.Literal("10"), lit("9", "integer"), operator.gt)  # a plain string is no number


def test_exact_values_read_the_text_as_written():
    chunks = [b'<urn:s> <urn:p> "5"^^<http://www.w3.org/2001/XMLSchema#int> .\n'
              b'<urn:s> <urn:p> "05"^^<http://www.w3.org/2001/XMLSchema#integer> .\n'
              b'<urn:t> <urn:p> "9"^^<http://www.w3.org/2001/XMLSchema#integer> .\n',
              b'_:b1 <urn:p> "1" .\n<urn:s> <urn:q> "x" .\n']
    got = exact_values(chunks, ox.NamedNode("urn:s"), "urn:p")
    assert got == {b'"5"^^<http://www.w3.org/2001/XMLSchema#int>', b'"05"^^<http://www.w3.org/2001/XMLSchema#integer>'}
    assert exact_values(chunks, ox.BlankNode("b1"), "urn:p") == {b'"1"'}


def test_order_keys_follow_sparql_comparison():
    from govkg.gate.literals import order_key

    # the same instant in two time zones is equal; a local time compares with neither
    assert compare(lit("2024-01-01T01:00:00+02:00", "dateTime"), lit("2023-12-31T23:00:00Z", "dateTime"), operator.eq)
    assert not compare(lit("2024-01-01T01:00:00", "dateTime"), lit("2023-01-01T00:00:00Z", "dateTime"), operator.gt)
    assert not compare(lit("2024-01-02", "date"), lit("2024-01-01T00:00:00Z", "dateTime"), operator.gt)
    # every numeric type by value; NaN compares with nothing; INF is above every number
    assert compare(lit("300", "unsignedShort"), lit("-5", "byte"), operator.gt)
    assert order_key(lit("NaN", "double")) is None and not compare(lit("NaN", "double"), lit("1", "integer"), operator.ge)
    assert compare(lit("INF", "double"), lit("1e308", "double"), operator.gt)
    assert compare(lit("-INF", "float"), lit("-1", "integer"), operator.lt)
    # strings by code points; a language-tagged string is not an xsd:string
    assert compare(ox.Literal("a"), ox.Literal("b"), operator.lt)
    assert not compare(ox.Literal("a", language="en"), ox.Literal("b"), operator.lt)
