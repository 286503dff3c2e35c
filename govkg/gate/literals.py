"""Literals as SHACL judges them: which lexical forms are well-formed for their
datatype (as rdflib, hence pyshacl, decides), numeric and temporal comparison, and
sh:datatype for the integer family judged on the exact N-Triples text (a pyoxigraph
Store folds those types into xsd:integer)."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox
import rdflib

XSD = "http://www.w3.org/2001/XMLSchema#"

LEX = {
    "integer": r"[+-]?\d+", "nonNegativeInteger": r"\+?\d+|-0+", "positiveInteger": r"\+?0*[1-9]\d*",
    "int": r"[+-]?\d+", "long": r"[+-]?\d+", "decimal": r"[+-]?(\d+(\.\d*)?|\.\d+)", "boolean": r"true|false|1|0",
    "double": r"[+-]?((\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|INF)|-INF|NaN",
    "float": r"[+-]?((\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|INF)|-INF|NaN",
}


# The integer datatypes a pyoxigraph Store folds into xsd:integer (their lexical form
# canonicalised): sh:datatype with one of them is judged on the exact N-Triples text
# (StoreCore.folded_datatype_results), not on the Store.
INT_FAMILY = tuple(XSD + t for t in ("integer", "nonNegativeInteger", "positiveInteger", "nonPositiveInteger",
                                     "negativeInteger", "long", "int", "short", "byte", "unsignedLong",
                                     "unsignedInt", "unsignedShort", "unsignedByte"))
# lexical forms that are certainly well-formed (value in range) for rdflib, hence pyshacl;
# any other lexical form of the type is judged by rdflib itself
INT_SURE = {"integer": r"[+-]?\d+", "nonNegativeInteger": r"\+?\d+|-0+", "positiveInteger": r"\+?0*[1-9]\d*",
             "nonPositiveInteger": r"-\d+|\+?0+", "negativeInteger": r"-0*[1-9]\d*"}


def ill_typed(lexical: str, dtype: str) -> bool:
    """pyshacl's sh:datatype test for a literal typed `dtype` (rdflib's ill_typed,
    and an int value for xsd:integer)."""
    import logging

    logger = logging.getLogger("rdflib.term")
    level, logger.disabled = logger.disabled, True  # rdflib logs every failed conversion
    try:
        lit = rdflib.Literal(lexical, datatype=rdflib.URIRef(dtype))
        return lit.ill_typed is True or (dtype == XSD + "integer" and not isinstance(lit.value, int))
    finally:
        logger.disabled = level


def well_formed(lit: ox.Literal) -> bool:
    local = lit.datatype.value[len(XSD):] if lit.datatype.value.startswith(XSD) else None
    if local in LEX:
        return re.fullmatch(LEX[local], lit.value) is not None
    if local == "date":
        m = re.fullmatch(r"(-?\d{4,})-(\d\d)-(\d\d)(Z|[+-]\d\d:\d\d)?", lit.value)
        if not m:
            return False
        try:
            dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return False
        return True
    if local == "dateTime":
        try:
            dt.datetime.fromisoformat(lit.value.replace("Z", "+00:00"))
        except ValueError:
            return False
    return True


NUMERIC = {"integer", "nonNegativeInteger", "positiveInteger", "nonPositiveInteger", "negativeInteger", "long",
           "int", "short", "byte", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte", "decimal",
           "double", "float"}
STRING = "http://www.w3.org/2001/XMLSchema#string"


def number(term):
    """The numeric value of a literal of an XSD numeric type (None for anything else, and NaN)."""
    key = order_key(term)
    return key[1] if key and key[0] == "n" else None


def order_key(term):
    """The order key of a literal as SPARQL (and pyshacl) compare them: (kind, value),
    where only keys of one kind compare. Numbers (every XSD numeric type) by value;
    xsd:dateTime with a time zone as an instant, without one apart (the two are not
    comparable); xsd:date apart from xsd:dateTime; xsd:string by code points. None:
    not comparable at all (NaN, a malformed form, another datatype, an IRI)."""
    if not isinstance(term, ox.Literal):
        return None
    dtype = term.datatype.value
    local = dtype[len(XSD):] if dtype.startswith(XSD) else ""
    if local in NUMERIC:
        try:
            value = Decimal(term.value.replace("INF", "Infinity"))
        except InvalidOperation:
            return None
        return None if value.is_nan() else ("n", value)
    if local == "dateTime":
        try:
            value = dt.datetime.fromisoformat(term.value.replace("Z", "+00:00"))
        except ValueError:
            return None
        return ("dt", value) if value.tzinfo is not None else ("dt-local", value)
    if local == "date":
        m = re.fullmatch(r"(-?\d{4,})-(\d\d)-(\d\d)(Z|[+-]\d\d:\d\d)?", term.value)
        try:
            return ("d", dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))) if m else None
        except ValueError:
            return None
    if dtype == STRING and not term.language:
        return ("s", term.value)
    return None


def compare(a, b, op) -> bool:
    """op(a, b) for two literals of one comparable kind; False when they do not compare."""
    x, y = order_key(a), order_key(b)
    if x is None or y is None or x[0] != y[0]:
        return False
    return op(x[1], y[1])


def folded_datatype_results(store: ox.Store, graphs: list, all_plans: list, chunks) -> list[tuple]:
    """sh:datatype D of the integer family on property shapes with an IRI path P,
    judged on the exact N-Triples text (the Store folds those types into
    xsd:integer, so their plans let any xsd:integer or D literal pass): every line
    `S <P> "lex"^^<X>` with X in the family and X != D, or X = D and a lexical form
    rdflib deems ill-typed (pyshacl's test), whose S is a focus node of the shape,
    is a result with the literal as written. Also: two such values of S that the
    Store folded into one (e.g. "5"^^xsd:int and "5"^^xsd:integer) are two values
    for sh:maxCount, as pyshacl counts them."""
    uses: dict = defaultdict(list)  # (P, D) -> [(target, shape, plan)]
    for _, target, plans in all_plans:
        for shape, path, plan in plans:
            if plan["int_dt"]:
                uses[(str(path), plan["int_dt"])].append((target, shape, plan))
    body = rb'[^"\\\n]*(?:\\.[^"\\\n]*)*"\^\^<' + re.escape(XSD.encode())
    results = []
    for (pred, dtype), shapes in sorted(uses.items()):
        local = dtype[len(XSD):]
        others = "|".join(t[len(XSD):] for t in INT_FAMILY if t != dtype).encode()
        sure = INT_SURE.get(local)
        not_sure = rb'(?!(?:' + sure.encode() + rb')")' if sure else b""
        # starts with a literal (the predicate), so `re` skips to its occurrences
        rx = re.compile(b" <" + re.escape(pred.encode()) + rb'> "(?:' + not_sure + body + local.encode()
                        + b"|" + body + b"(?:" + others + rb"))> \.$", re.M)
        lines = set()
        for chunk in chunks:
            for m in rx.finditer(chunk):
                lines.add(chunk[chunk.rfind(b"\n", 0, m.start()) + 1:m.end()])
        lines = sorted(lines)
        bad = []
        for q in ox.parse(b"\n".join(lines) + b"\n", format=ox.RdfFormat.N_TRIPLES) if lines else ():
            v = q.object
            if q.predicate.value != pred or not isinstance(v, ox.Literal):
                continue  # (the pattern matched inside a literal)
            if v.datatype.value != dtype or ill_typed(v.value, dtype):
                bad.append((q.subject, v))
        if not bad:
            continue
        exact: dict = {}  # subject -> distinct values of P as written, for maxCount
        for target, shape, plan in shapes:
            focus = {row[0] for row in store.query(f"SELECT ?this WHERE {{ {target} }}", default_graph=graphs)}
            for s_, v in bad:
                if s_ in focus:
                    results.append((plan["sev"], s_, shape, plan["path"], plan["msg"], v))
            hi = plan["hi"]
            if hi is None:
                continue
            for s_ in sorted({s_ for s_, _ in bad if s_ in focus}, key=str):
                if s_ not in exact:
                    exact[s_] = exact_values(chunks, s_, pred)
                held = {q.object for g in graphs for q in store.quads_for_pattern(s_, ox.NamedNode(pred), None, g)}
                if len(held) <= hi < len(exact[s_]):
                    results.append((plan["sev"], s_, shape, plan["path"], plan["msg"], None))
    return results

def exact_values(chunks, subject, pred: str) -> set:
    """The distinct N-Triples objects of `subject` `pred` in the exact text."""
    head = (f"<{subject.value}>" if isinstance(subject, ox.NamedNode) else f"_:{subject.value}").encode()
    rx = re.compile(rb"(?m)^" + re.escape(head) + rb" <" + re.escape(pred.encode()) + rb"> (.*) \.$")
    return {m.group(1) for chunk in chunks for m in rx.finditer(chunk)}
