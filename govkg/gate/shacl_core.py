"""SHACL Core, interpreted in Python over an in-memory index: the fast half of the
scaled gate (govkg.gate.fast). It reads the same shapes graph pyshacl reads and
implements the constraint components the govkg shapes use, with pyshacl's
semantics (one result per focus node and failing value; the property shape as the
source shape; the ontology mixed into the data graph for classes and targets).

A node shape that uses anything not implemented here (other paths, components,
targets) is reported by `unsupported` and left to pyshacl: nothing is silently
skipped. tests/pipeline/test_scale.py compares the results with pyshacl's on every negative
control and on the seed graph.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox
import rdflib
from rdflib.collection import Collection

from govkg.core.terms import to_ox

SH = "http://www.w3.org/ns/shacl#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
SUBCLASS = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#subClassOf")
XSD = "http://www.w3.org/2001/XMLSchema#"
LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
TARGETS = {SH + k for k in ("targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf")}
PASSIVE = {SH + k for k in ("severity", "message", "name", "description", "order", "group", "deactivated",
                            "property", "path", "sparql", "prefixes", "declare")} | TARGETS | {
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", "http://www.w3.org/2000/01/rdf-schema#comment",
    "http://www.w3.org/2000/01/rdf-schema#label"}
COMPONENTS = {SH + k for k in ("minCount", "maxCount", "datatype", "class", "nodeKind", "languageIn", "minLength",
                               "maxLength", "pattern", "flags", "in", "hasValue", "minInclusive", "maxInclusive",
                               "minExclusive", "maxExclusive", "uniqueLang", "lessThan", "lessThanOrEquals", "or",
                               "and", "not", "xone", "node", "qualifiedValueShape", "qualifiedMinCount",
                               "qualifiedMaxCount")}
_LEX = {
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
_INT_SURE = {"integer": r"[+-]?\d+", "nonNegativeInteger": r"\+?\d+|-0+", "positiveInteger": r"\+?0*[1-9]\d*",
             "nonPositiveInteger": r"-\d+|\+?0+", "negativeInteger": r"-0*[1-9]\d*"}


class Unsupported(Exception):
    pass


def _ill_typed(lexical: str, dtype: str) -> bool:
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
    if local in _LEX:
        return re.fullmatch(_LEX[local], lit.value) is not None
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


def _number(term):
    if not isinstance(term, ox.Literal):
        return None
    local = term.datatype.value[len(XSD):] if term.datatype.value.startswith(XSD) else ""
    if local in ("integer", "nonNegativeInteger", "positiveInteger", "int", "long", "decimal", "double", "float"):
        try:
            return Decimal(term.value)
        except InvalidOperation:
            return None
    if local in ("date", "dateTime"):
        return ("t", term.value)
    return None


def _compare(a, b, op) -> bool:
    x, y = _number(a), _number(b)
    if x is None or y is None or isinstance(x, tuple) != isinstance(y, tuple):
        return False
    return op(x, y)


class Data:
    """The data graph (with the ontology mixed in) as subject → predicate → objects."""

    def __init__(self, triples, inverse: bool = True):
        self.out: dict = defaultdict(lambda: defaultdict(list))
        self.inn: dict = defaultdict(lambda: defaultdict(list))  # only when a shape walks links backwards
        self.instances: dict = defaultdict(list)  # class -> nodes typed with it
        for t in triples:
            self.out[t.subject][t.predicate].append(t.object)
            if inverse:
                self.inn[t.object][t.predicate].append(t.subject)
            if t.predicate == RDF_TYPE:
                self.instances[t.object].append(t.subject)
        self._supers: dict = {}

    def values(self, node, pred) -> list:
        d = self.out.get(node)
        return d.get(pred, []) if d else []

    def inverse(self, node, pred) -> list:
        d = self.inn.get(node)
        return d.get(pred, []) if d else []

    def supers(self, cls) -> set:
        if cls not in self._supers:
            seen, todo = {cls}, [cls]
            while todo:
                for s in self.values(todo.pop(), SUBCLASS):
                    if s not in seen:
                        seen.add(s)
                        todo.append(s)
            self._supers[cls] = seen
        return self._supers[cls]

    def is_instance(self, node, cls) -> bool:
        return any(cls in self.supers(t) for t in self.values(node, RDF_TYPE))


class Core:
    def __init__(self, shapes: rdflib.Graph, shape_file: dict[str, str] | None = None):
        self.g = shapes
        self.shape_file = shape_file or {}
        self.node_shapes = []
        self.unsupported = []
        for shape in sorted({s for p in TARGETS for s in shapes.subjects(rdflib.URIRef(p), None)}, key=str):
            if shapes.value(shape, rdflib.URIRef(SH + "deactivated")) == rdflib.Literal(True):
                continue
            try:
                seen: set = set()
                self._check(shape, seen)
                self._fold_safe(shape, seen)
                self.node_shapes.append(shape)
            except Unsupported:
                self.unsupported.append(shape)
        self.cache: dict = {}
        self.needs_inverse = any(True for _ in shapes.objects(None, rdflib.URIRef(SH + "inversePath")))

    # -------------------------------------------------------------- compile checks
    def _fold_safe(self, shape, seen: set) -> None:
        """An integer-family sh:datatype is only supported on a property shape of the
        node shape with an IRI path (the exact-text pass of StoreCore covers those);
        anywhere else (nested in sh:or, sh:node, …) the shape is left to pyshacl."""
        direct = {p for p in self.g.objects(shape, rdflib.URIRef(SH + "property"))
                  if isinstance(self.g.value(p, rdflib.URIRef(SH + "path")), rdflib.URIRef)}
        for s in seen:
            if s not in direct and any(str(d) in INT_FAMILY for d in self.g.objects(s, rdflib.URIRef(SH + "datatype"))):
                raise Unsupported("integer-family sh:datatype outside a simple property shape")

    def _list(self, node) -> list:
        return list(Collection(self.g, node))

    def _check(self, shape, seen) -> None:
        if shape in seen:
            return
        seen.add(shape)
        for p, o in self.g.predicate_objects(shape):
            p = str(p)
            if p == SH + "sparql":
                continue  # SPARQL constraints run elsewhere (gate_fast)
            if p == SH + "path":
                self._path(o)
            elif p not in PASSIVE and p not in COMPONENTS:
                raise Unsupported(p)
            if p in (SH + "or", SH + "and", SH + "xone"):
                for s in self._list(o):
                    self._check(s, seen)
            elif p in (SH + "not", SH + "node", SH + "qualifiedValueShape", SH + "property"):
                self._check(o, seen)

    def _path(self, path):
        if isinstance(path, rdflib.URIRef):
            return ("p", ox.NamedNode(str(path)))
        if (path, rdflib.RDF.first, None) in self.g:
            return ("seq", [self._path(p) for p in self._list(path)])
        inv = self.g.value(path, rdflib.URIRef(SH + "inversePath"))
        if isinstance(inv, rdflib.URIRef):
            return ("inv", ox.NamedNode(str(inv)))
        raise Unsupported("path")

    # -------------------------------------------------------------- evaluation
    def _get(self, shape, name):
        return list(self.g.objects(shape, rdflib.URIRef(SH + name)))

    def _one(self, shape, name):
        v = self._get(shape, name)
        return v[0] if v else None

    def nodes(self, data: Data, path, focus) -> list:
        kind, arg = path
        if kind == "p":
            return data.values(focus, arg)
        if kind == "inv":
            return data.inverse(focus, arg)
        current = [focus]
        for step in arg:
            current = list(dict.fromkeys(v for n in current for v in self.nodes(data, step, n)))
        return current

    def targets(self, data: Data, shape) -> list:
        out = []
        for c in self._get(shape, "targetClass"):
            c = to_ox(c)
            out += [s for s, _ in _subjects_of_type(data, c)]
        out += [to_ox(n) for n in self._get(shape, "targetNode")]
        for p in self._get(shape, "targetSubjectsOf"):
            p = to_ox(p)
            out += [s for s, preds in data.out.items() if p in preds]
        for p in self._get(shape, "targetObjectsOf"):
            p = to_ox(p)
            out += [o for s, preds in data.out.items() for o in preds.get(p, ())]
        return list(dict.fromkeys(out))

    def validate(self, data: Data) -> list[tuple]:
        """(severity, focus, shape, path, message, value) for every result."""
        results = []
        for shape in self.node_shapes:
            for focus in self.targets(data, shape):
                results += self.check(data, shape, focus)
        return results

    def conforms(self, data: Data, shape, node) -> bool:
        return not self.check(data, shape, node)

    def check(self, data: Data, shape, focus) -> list[tuple]:
        own = self.cache.get(("path", shape), False)
        if own is False:
            path = self._one(shape, "path")
            own = (path, self._path(path)) if path is not None else None
            self.cache[("path", shape)] = own
        if own is None:
            out = self.evaluate(data, shape, focus, [focus], None)
        else:
            out = self.evaluate(data, shape, focus, list(dict.fromkeys(self.nodes(data, own[1], focus))), own[0])
        props = self.cache.get(("props", shape))
        if props is None:
            props = [(prop, self._one(prop, "path"), self._path(self._one(prop, "path")))
                     for prop in self._get(shape, "property")]
            self.cache[("props", shape)] = props
        for prop, path, compiled in props:
            values = list(dict.fromkeys(self.nodes(data, compiled, focus)))
            out += self.evaluate(data, prop, focus, values, path)
        return out

    def spec(self, shape):
        """(severity, message, deactivated, [(component, argument)]) of a shape, prepared once."""
        got = self.cache.get(("spec", shape))
        if got is None:
            sev = str(self._one(shape, "severity") or rdflib.URIRef(SH + "Violation")).rsplit("#", 1)[-1]
            comps = []
            for p, o in sorted(self.g.predicate_objects(shape)):
                name = str(p)[len(SH):] if str(p).startswith(SH) else ""
                if name in ("class", "hasValue", "lessThan", "lessThanOrEquals", "minInclusive", "maxInclusive",
                            "minExclusive", "maxExclusive"):
                    o = to_ox(o)
                elif name == "in":
                    o = {to_ox(t) for t in self._list(o)}
                elif name == "languageIn":
                    o = [str(t).lower() for t in self._list(o)]
                elif name in ("or", "and", "xone"):
                    o = self._list(o)
                elif name == "pattern":
                    flags = str(self._one(shape, "flags") or "")
                    o = re.compile(str(o), (re.I if "i" in flags else 0) | (re.S if "s" in flags else 0)
                                   | (re.M if "m" in flags else 0) | (re.X if "x" in flags else 0))
                elif name in ("minCount", "maxCount", "minLength", "maxLength"):
                    o = int(o)
                comps.append((name, o))
            got = (sev, str(self._one(shape, "message") or ""),
                   self.g.value(shape, rdflib.URIRef(SH + "deactivated")) == rdflib.Literal(True), comps)
            self.cache[("spec", shape)] = got
        return got

    def evaluate(self, data: Data, shape, focus, values, path, only=None) -> list[tuple]:
        sev, msg, deactivated, comps = self.spec(shape)
        if deactivated:
            return []
        if only is not None:
            comps = [(name, o) for name, o in comps if name in only]
        pstr = str(path) if isinstance(path, rdflib.URIRef) else ""
        fails: list = []  # failing values (None: the focus node itself)
        for name, o in comps:
            if name == "minCount" and len(values) < o:
                fails.append(None)
            elif name == "maxCount" and len(values) > o:
                fails.append(None)
            elif name == "datatype":
                dtype = str(o)
                for v in values:
                    ok = isinstance(v, ox.Literal) and (
                        v.language is not None if dtype == LANGSTRING
                        else v.language is None and v.datatype.value == dtype and well_formed(v))
                    if not ok:
                        fails.append(v)
            elif name == "class":
                fails += [v for v in values if isinstance(v, ox.Literal) or not data.is_instance(v, o)]
            elif name == "nodeKind":
                kinds = {"IRI": (ox.NamedNode,), "BlankNode": (ox.BlankNode,), "Literal": (ox.Literal,),
                         "BlankNodeOrIRI": (ox.BlankNode, ox.NamedNode),
                         "BlankNodeOrLiteral": (ox.BlankNode, ox.Literal),
                         "IRIOrLiteral": (ox.NamedNode, ox.Literal)}[str(o)[len(SH):]]
                fails += [v for v in values if not isinstance(v, kinds)]
            elif name == "languageIn":
                tags = o
                fails += [v for v in values if not (isinstance(v, ox.Literal) and v.language and any(
                    v.language.lower() == t or v.language.lower().startswith(t + "-") for t in tags))]
            elif name in ("minLength", "maxLength"):
                n = o
                for v in values:
                    if isinstance(v, ox.BlankNode) or (len(v.value) < n if name == "minLength" else len(v.value) > n):
                        fails.append(v)
            elif name == "pattern":
                fails += [v for v in values if isinstance(v, ox.BlankNode) or not o.search(v.value)]
            elif name == "in":
                fails += [v for v in values if v not in o]
            elif name == "hasValue" and o not in values:
                fails.append(None)
            elif name in ("minInclusive", "maxInclusive", "minExclusive", "maxExclusive"):
                bound = o
                op = {"minInclusive": lambda a, b: a >= b, "maxInclusive": lambda a, b: a <= b,
                      "minExclusive": lambda a, b: a > b, "maxExclusive": lambda a, b: a < b}[name]
                fails += [v for v in values if not _compare(v, bound, op)]
            elif name == "uniqueLang" and o == rdflib.Literal(True):
                langs = defaultdict(int)
                for v in values:
                    if isinstance(v, ox.Literal) and v.language:
                        langs[v.language.lower()] += 1
                fails += [None for n in langs.values() if n > 1]
            elif name in ("lessThan", "lessThanOrEquals"):
                others = data.values(focus, o)
                op = (lambda a, b: a < b) if name == "lessThan" else (lambda a, b: a <= b)
                fails += [v for v in values for w in others if not _compare(v, w, op)]
            elif name == "or":
                fails += [v for v in values if not any(self.conforms(data, m, v) for m in o)]
            elif name == "and":
                fails += [v for v in values if not all(self.conforms(data, m, v) for m in o)]
            elif name == "xone":
                members = o
                fails += [v for v in values if sum(self.conforms(data, m, v) for m in members) != 1]
            elif name == "not":
                fails += [v for v in values if self.conforms(data, o, v)]
            elif name == "node":
                fails += [v for v in values if not self.conforms(data, o, v)]
            elif name == "qualifiedValueShape":
                n = sum(self.conforms(data, o, v) for v in values)
                lo, hi = self._one(shape, "qualifiedMinCount"), self._one(shape, "qualifiedMaxCount")
                if (lo is not None and n < int(lo)) or (hi is not None and n > int(hi)):
                    fails.append(None)
        return [(sev, focus, shape, pstr, msg, v) for v in fails]


def _subjects_of_type(data: Data, cls):
    """(node, type) for every node typed with cls or a subclass of it."""
    for t in sorted((t for t in data.instances if cls in data.supers(t)), key=str):
        for s in data.instances[t]:
            yield s, t


# ------------------------------------------------------------------ the same shapes as SPARQL on a pyoxigraph Store
#
# For a graph held in a pyoxigraph Store (the build's graph, millions of triples),
# nothing is indexed in Python: each shape becomes at most four queries over the
# union of `graphs` (data, vocabularies, ontology), evaluated by Oxigraph.
#   - value-level components (datatype, class, nodeKind, languageIn, min/maxLength,
#     in, min/max(In|Ex)clusive, lessThan(OrEquals)): one FILTER, true for a
#     failing value, returning (focus, value);
#   - counts (minCount, maxCount), hasValue, uniqueLang: per focus node;
#   - what SPARQL cannot state with the interpreter's exact semantics (sh:pattern
#     with Python's regular expressions, the well-formedness of xsd:date(Time),
#     the logical and shape-based components) is evaluated by `Core.evaluate` on the
#     focus nodes and values the query returns, with a StoreData that fetches the
#     nodes it needs from the Store.
# The semantics are those of `Core.validate` on the Store's triples (tests/pipeline/test_scale.py
# compares both with pyshacl on the same triples).

STORE_PY = {"pattern", "or", "and", "xone", "not", "node", "qualifiedValueShape"}
STORE_PASSIVE = {"qualifiedMinCount", "qualifiedMaxCount", "flags", "severity", "message", "name", "description",
                 "order", "group", "deactivated", "property", "path", "sparql", "prefixes", "declare", "",
                 "targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf"}
NUMERIC = tuple(f"<{XSD}{t}>" for t in ("integer", "nonNegativeInteger", "positiveInteger", "int", "long", "decimal",
                                         "double", "float"))
TEMPORAL = (f"<{XSD}date>", f"<{XSD}dateTime>")


class StoreData(Data):
    """Data's lookups on the union of `graphs` of a Store, fetched per node on demand."""

    def __init__(self, store: ox.Store, graphs: list):
        self.store, self.graphs = store, graphs
        self._values: dict = {}
        self._inverse: dict = {}
        self._supers = {}

    def values(self, node, pred) -> list:
        if isinstance(node, ox.Literal):
            return []
        key = (node, pred)
        got = self._values.get(key)
        if got is None:
            got = self._values[key] = list(dict.fromkeys(
                q.object for g in self.graphs for q in self.store.quads_for_pattern(node, pred, None, g)))
        return got

    def inverse(self, node, pred) -> list:
        key = (node, pred)
        got = self._inverse.get(key)
        if got is None:
            got = self._inverse[key] = list(dict.fromkeys(
                q.subject for g in self.graphs for q in self.store.quads_for_pattern(None, pred, node, g)))
        return got


def _sparql_term(term) -> str:
    if isinstance(term, ox.BlankNode):
        raise Unsupported("blank node in a shape argument")
    return f"<{term.value}>" if isinstance(term, ox.NamedNode) else str(term)


def _sparql_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r") + '"'


def _compare_sparql(a: str, b: str, op: str) -> str:
    """_compare as a SPARQL expression: both numeric (by value) or both date/dateTime (by lexical form)."""
    num = lambda x: f"(isLiteral({x}) && datatype({x}) IN ({', '.join(NUMERIC)}))"  # noqa: E731
    tmp = lambda x: f"(isLiteral({x}) && datatype({x}) IN ({', '.join(TEMPORAL)}))"  # noqa: E731
    return (f"(({num(a)} && {num(b)} && COALESCE({a} {op} {b}, false)) || "
            f"({tmp(a)} && {tmp(b)} && STR({a}) {op} STR({b})))")


class StoreCore:
    """Core's node shapes evaluated by SPARQL on a Store (see the comment above)."""

    def __init__(self, core: "Core"):
        self.core = core
        self.plans: dict = {}

    def _path_sparql(self, compiled) -> str:
        kind, arg = compiled
        if kind == "p":
            return f"<{arg.value}>"
        if kind == "inv":
            return f"^<{arg.value}>"
        return "/".join(f"({self._path_sparql(step)})" for step in arg)

    def _target(self, shape) -> str:
        core, parts = self.core, []
        for c in core._get(shape, "targetClass"):
            parts.append(f"?this <{RDF_TYPE.value}>/<{SUBCLASS.value}>* {_sparql_term(to_ox(c))} .")
        for n in core._get(shape, "targetNode"):
            parts.append(f"VALUES ?this {{ {_sparql_term(to_ox(n))} }}")
        for p in core._get(shape, "targetSubjectsOf"):
            parts.append(f"?this {_sparql_term(to_ox(p))} ?target_o .")
        for p in core._get(shape, "targetObjectsOf"):
            parts.append(f"?target_s {_sparql_term(to_ox(p))} ?this .")
        return "{ SELECT DISTINCT ?this WHERE { " + " UNION ".join(f"{{ {p} }}" for p in parts) + " } }"

    def plan(self, shape, path, target: str) -> dict | None:
        """The queries for one shape (a node shape itself, path None, or one of its property shapes).

        sh:datatype D of the integer family (INT_FAMILY) on a property shape with an IRI
        path: the Store holds such literals folded into xsd:integer, so here any literal
        typed xsd:integer or D passes, and `folded_datatype_results` judges those (the
        type as written, its lexical form) on the exact N-Triples text."""
        core = self.core
        sev, msg, deactivated, comps = core.spec(shape)
        if deactivated:
            return None
        if path is None:
            vp = "BIND(?this AS ?v)"
        else:
            vp = f"?this {self._path_sparql(core._path(path))} ?v ."
        fails, focus_q, py, wf = [], [], set(), []
        lo = hi = int_dt = None
        for name, o in comps:
            if name == "datatype":
                dtype = str(o)
                if dtype == LANGSTRING:
                    fails.append('!(isLiteral(?v) && lang(?v) != "")')
                    continue
                ok = f'isLiteral(?v) && lang(?v) = "" && datatype(?v) = <{dtype}>'
                local = dtype[len(XSD):] if dtype.startswith(XSD) else None
                if dtype in INT_FAMILY and isinstance(path, rdflib.URIRef):
                    int_dt = dtype
                    fails.append(f'!(isLiteral(?v) && lang(?v) = "" && datatype(?v) IN (<{XSD}integer>, <{dtype}>))')
                    continue
                if local in _LEX:
                    ok += f" && REGEX(STR(?v), {_sparql_string('^(?:' + _LEX[local] + ')$')})"
                elif local in ("date", "dateTime"):
                    wf.append(dtype)
                fails.append(f"!({ok})")
            elif name == "class":
                classes = self._subclasses(o)
                if classes is None:  # a blank-node subclass: not writable in a query
                    fails.append(f"(isLiteral(?v) || !EXISTS {{ ?v <{RDF_TYPE.value}>/<{SUBCLASS.value}>* "
                                 f"{_sparql_term(o)} }})")
                else:
                    fails.append(f"(isLiteral(?v) || !EXISTS {{ ?v <{RDF_TYPE.value}> ?class "
                                 f"FILTER(?class IN ({', '.join(classes)})) }})")
            elif name == "nodeKind":
                fails.append({"IRI": "!isIRI(?v)", "BlankNode": "!isBlank(?v)", "Literal": "!isLiteral(?v)",
                              "BlankNodeOrIRI": "isLiteral(?v)", "BlankNodeOrLiteral": "isIRI(?v)",
                              "IRIOrLiteral": "isBlank(?v)"}[str(o)[len(SH):]])
            elif name == "languageIn":
                tags = " || ".join(f"LCASE(lang(?v)) = {_sparql_string(t)} || STRSTARTS(LCASE(lang(?v)), "
                                   f"{_sparql_string(t + '-')})" for t in o) or "false"
                fails.append(f'!(isLiteral(?v) && lang(?v) != "" && ({tags}))')
            elif name in ("minLength", "maxLength"):
                fails.append(f"(isBlank(?v) || STRLEN(STR(?v)) {'<' if name == 'minLength' else '>'} {o})")
            elif name == "in":
                fails.append("!(" + (" || ".join(f"sameTerm(?v, {_sparql_term(t)})" for t in sorted(o, key=str))
                                     or "false") + ")")
            elif name in ("minInclusive", "maxInclusive", "minExclusive", "maxExclusive"):
                op = {"minInclusive": ">=", "maxInclusive": "<=", "minExclusive": ">", "maxExclusive": "<"}[name]
                fails.append(f"!{_compare_sparql('?v', _sparql_term(o), op)}")
            elif name in ("lessThan", "lessThanOrEquals"):
                op = "<" if name == "lessThan" else "<="
                fails.append(f"EXISTS {{ ?this {_sparql_term(o)} ?w . FILTER(!{_compare_sparql('?v', '?w', op)}) }}")
            elif name == "minCount":
                lo = o
            elif name == "maxCount":
                hi = o
            elif name == "hasValue":
                focus_q.append(f"SELECT ?this WHERE {{ {target} FILTER NOT EXISTS {{ {vp} "
                               f"FILTER(sameTerm(?v, {_sparql_term(o)})) }} }}")
            elif name == "uniqueLang":
                if o == rdflib.Literal(True):
                    focus_q.append(f"SELECT ?this WHERE {{ {{ SELECT ?this ?l (COUNT(DISTINCT ?v) AS ?n) WHERE {{ "
                                   f'{target} {vp} FILTER(isLiteral(?v) && lang(?v) != "") BIND(LCASE(lang(?v)) AS ?l) '
                                   "} GROUP BY ?this ?l } FILTER(?n > 1) }")
            elif name in ("or", "and", "xone", "not") and (members := self._members(name, o)) is not None:
                if name == "or":
                    fails.append("!(" + " || ".join(members) + ")")
                elif name == "and":
                    fails.append("!(" + " && ".join(members) + ")")
                elif name == "not":
                    fails.append(members[0])
                else:
                    fails.append("(" + " + ".join(f"IF({m}, 1, 0)" for m in members) + ") != 1")
            elif name in STORE_PY:
                py.add(name)
            elif name not in STORE_PASSIVE and name not in ("qualifiedMinCount", "qualifiedMaxCount"):
                raise Unsupported(name)
        if (lo is not None or hi is not None) and path is None:  # (with a path: merged per node shape)
            cond = " || ".join(c for c in (f"?n < {lo}" if lo is not None else "",
                                           f"?n > {hi}" if hi is not None else "") if c)
            focus_q.append(f"SELECT ?this WHERE {{ {{ SELECT ?this (COUNT(DISTINCT ?v) AS ?n) WHERE {{ {target} "
                           f"OPTIONAL {{ {vp} }} }} GROUP BY ?this }} FILTER({cond}) }}")
        value_q = f"SELECT DISTINCT ?this ?v WHERE {{ {target} {vp} FILTER({' || '.join(fails)}) }}" if fails else None
        if wf:
            value_q_wf = (f"SELECT DISTINCT ?this ?v WHERE {{ {target} {vp} FILTER(isLiteral(?v) && lang(?v) = \"\" "
                          f"&& datatype(?v) IN ({', '.join(f'<{d}>' for d in wf)})) }}")
        else:
            value_q_wf = None
        py_q = f"SELECT DISTINCT ?this ?v WHERE {{ {target} OPTIONAL {{ {vp} }} }}" if py else None
        return {"sev": sev, "msg": msg, "path": str(path) if isinstance(path, rdflib.URIRef) else "",
                "value": value_q, "focus": focus_q, "wf": value_q_wf, "py": py_q, "only": py,
                "fails": fails, "lo": lo, "hi": hi, "vp": vp if path is not None else None, "int_dt": int_dt}

    def _subclasses(self, cls) -> list[str]:
        """cls and its subclasses in the Store being validated (rdfs:subClassOf*), as
        SPARQL terms: a type test by lookup rather than a property path per value."""
        key = ("subclasses", cls)
        if key not in self.plans:
            rows = self.store.query(f"SELECT DISTINCT ?c WHERE {{ ?c <{SUBCLASS.value}>* {_sparql_term(cls)} }}",
                                    default_graph=self.graphs)
            found = [r[0] for r in rows]
            self.plans[key] = (None if any(isinstance(c, ox.BlankNode) for c in found) else
                               sorted({_sparql_term(cls), *(_sparql_term(c) for c in found
                                                            if not isinstance(c, ox.Literal))}))
        return self.plans[key]

    def _members(self, name: str, arg) -> list[str] | None:
        """SPARQL expressions, true when ?v conforms to each member shape of sh:or/and/
        xone (a list) or sh:not (one shape); None when a member needs Python."""
        out = []
        for member in ([arg] if name == "not" else arg):
            expr = self._conforms(member)
            if expr is None:
                return None
            out.append(expr)
        return out

    def _conforms(self, shape) -> str | None:
        """Conformance of ?v to a member shape without property shapes: value-level
        components only (no path), or a path with sh:hasValue only."""
        core = self.core
        key = ("conforms", shape)
        if key in self.plans:
            return self.plans[key]
        expr = None
        _, _, deactivated, comps = core.spec(shape)
        names = {n for n, _ in comps} - STORE_PASSIVE
        path = core._one(shape, "path")
        if deactivated:
            expr = "true"
        elif core._get(shape, "property"):
            expr = None
        elif path is not None:
            if names == {"hasValue"}:
                try:
                    values = [o for n, o in comps if n == "hasValue"]
                    expr = " && ".join(f"EXISTS {{ ?v {self._path_sparql(core._path(path))} {_sparql_term(o)} }}"
                                       for o in values)
                except Unsupported:
                    expr = None
        elif names <= {"datatype", "class", "nodeKind", "languageIn", "minLength", "maxLength", "in",
                       "minInclusive", "maxInclusive", "minExclusive", "maxExclusive", "hasValue"}:
            try:
                plan = self.plan(shape, None, "")
            except Unsupported:
                plan = None
            if plan is not None and not plan["py"] and not plan["wf"]:
                fails = list(plan["fails"]) + [f"!sameTerm(?v, {_sparql_term(o)})" for n, o in comps
                                               if n == "hasValue"]
                expr = "!(" + " || ".join(fails) + ")" if fails else "true"
        self.plans[key] = expr
        return expr

    def plans_for(self) -> list[tuple]:
        """(node shape, target, [(shape, path, plan)]) for every node shape: the node
        shape itself and its property shapes."""
        core, out = self.core, []
        for shape in core.node_shapes:
            target = self._target(shape)
            own = core._one(shape, "path")
            parts = [(shape, own)] + [(prop, core._one(prop, "path")) for prop in core._get(shape, "property")]
            plans = [(s, path, plan) for s, path in parts if (plan := self.plan(s, path, target)) is not None]
            out.append((shape, target, plans))
        return out

    @staticmethod
    def merged(target: str, plans: list) -> tuple[str | None, list[str]]:
        """One query for the failing values of every shape of `plans` that has a path
        (?k: the plan's index), and those for their counts (count_queries): the target
        is evaluated once per node shape and kind of test, not once per property shape."""
        branches = [f"{{ {p['vp']} FILTER({' || '.join(p['fails'])}) BIND({k} AS ?k) }}"
                    for k, (_, _, p) in enumerate(plans) if p["vp"] and p["fails"]]
        value_q = (f"SELECT DISTINCT ?this ?k ?v WHERE {{ {target} {' UNION '.join(branches)} }}"
                   if branches else None)
        counted = [(k, p) for k, (_, _, p) in enumerate(plans) if p["vp"] and (p["lo"] is not None or
                                                                              p["hi"] is not None)]
        return value_q, StoreCore.count_queries(target, counted)

    @staticmethod
    def count_queries(target: str, counted: list) -> list[str]:
        """Queries for the sh:minCount/sh:maxCount of the shapes `counted` ((k, plan)),
        each returning ?this ?k (?k: the plan whose count fails). sh:minCount 1 is a
        per-node NOT EXISTS and sh:maxCount 1 a per-node EXISTS of two distinct values
        (index lookups from each focus node: cheaper than grouping every triple of
        the predicate); other bounds are counted."""
        iri = re.compile(r"\?this (<[^>]+>) \?v \.$")
        queries: list[str] = []
        for test, wanted in (("NOT EXISTS { ?this ?p ?v }", lambda p: p["lo"] == 1),
                             ("EXISTS { ?this ?p ?a . ?this ?p ?b . FILTER(!sameTerm(?a, ?b)) }",
                              lambda p: p["hi"] == 1)):
            simple = [(k, iri.match(p["vp"]).group(1)) for k, p in counted if wanted(p) and iri.match(p["vp"])]
            if simple:
                rows = " ".join(f"({pred} {k})" for k, pred in simple)
                queries.append(f"SELECT ?this ?k WHERE {{ {target} VALUES (?p ?k) {{ {rows} }} FILTER {test} }}")
            for k, p in counted:
                if wanted(p) and not iri.match(p["vp"]):
                    vp = p["vp"]
                    body = (f"NOT EXISTS {{ {vp} }}" if p["lo"] == 1 and "NOT" in test else
                            f"EXISTS {{ {vp.replace('?v', '?a')} {vp.replace('?v', '?b')} "
                            "FILTER(!sameTerm(?a, ?b)) }")
                    queries.append(f"SELECT ?this ({k} AS ?k) WHERE {{ {target} FILTER {body} }}")
        for k, p in counted:
            conds = ([f"?n < {p['lo']}"] if p["lo"] not in (None, 1) else []) + (
                [f"?n > {p['hi']}"] if p["hi"] not in (None, 1) else [])
            if conds:
                queries.append(f"SELECT ?this ({k} AS ?k) WHERE {{ {target} OPTIONAL {{ SELECT ?this "
                               f"(COUNT(DISTINCT ?v) AS ?c) WHERE {{ {p['vp']} }} GROUP BY ?this }} "
                               f"BIND(COALESCE(?c, 0) AS ?n) FILTER({' || '.join(conds)}) }}")
        return queries

    def validate(self, store: ox.Store, graphs: list, timings: dict | None = None, chunks=None) -> list[tuple]:
        """(severity, focus, shape, path, message, value) for every result. `chunks`: the
        data graph as N-Triples (bytes chunks, exact lexical forms and datatypes) for
        the integer-family datatypes the Store folds (folded_datatype_results); None:
        the Store's own triples are the data (its default graph dumped)."""
        import time

        self.store, self.graphs, self.plans = store, graphs, {}
        results = []
        data = StoreData(store, graphs)
        run = lambda q: store.query(q, default_graph=graphs)  # noqa: E731
        all_plans = self.plans_for()
        t0 = time.perf_counter()
        if any(p["int_dt"] for _, _, plans in all_plans for _, _, p in plans):
            if chunks is None:
                chunks = [store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())]
            results += self.folded_datatype_results(all_plans, chunks)
        if timings is not None:
            timings["gate: core integer datatypes (text)"] = time.perf_counter() - t0
        for node_shape, target, plans in all_plans:
            t0 = time.perf_counter()
            value_q, count_q = self.merged(target, plans)
            if value_q:
                for row in run(value_q):
                    shape, _, plan = plans[int(row[1].value)]
                    results.append((plan["sev"], row[0], shape, plan["path"], plan["msg"], row[2]))
            for q in count_q:
                for row in run(q):
                    shape, _, p = plans[int(row[1].value)]
                    results.append((p["sev"], row[0], shape, p["path"], p["msg"], None))
            for shape, path, plan in plans:
                sev, msg, pstr = plan["sev"], plan["msg"], plan["path"]
                if plan["value"] and not plan["vp"]:
                    results += [(sev, row[0], shape, pstr, msg, row[1]) for row in run(plan["value"])]
                for q in plan["focus"]:
                    results += [(sev, row[0], shape, pstr, msg, None) for row in run(q)]
                if plan["wf"]:
                    results += [(sev, row[0], shape, pstr, msg, row[1]) for row in run(plan["wf"])
                                if not well_formed(row[1])]
                if plan["py"]:
                    values: dict = defaultdict(list)
                    for row in run(plan["py"]):
                        vals = values[row[0]]
                        if row[1] is not None:
                            vals.append(row[1])
                    for focus, vals in values.items():
                        vals = [focus] if path is None else vals
                        results += self.core.evaluate(data, shape, focus, vals, path, only=plan["only"])
            if timings is not None:
                timings[f"gate: core {str(node_shape).rsplit('#', 1)[-1]}"] = time.perf_counter() - t0
        return results

    def folded_datatype_results(self, all_plans: list, chunks) -> list[tuple]:
        """sh:datatype D of the integer family on property shapes with an IRI path P,
        judged on the exact N-Triples text (the Store folds those types into
        xsd:integer, so their plans let any xsd:integer or D literal pass): every line
        `S <P> "lex"^^<X>` with X in the family and X != D, or X = D and a lexical form
        rdflib deems ill-typed (pyshacl's test), whose S is a focus node of the shape,
        is a result with the literal as written. Also: two such values of S that the
        Store folded into one (e.g. "5"^^xsd:int and "5"^^xsd:integer) are two values
        for sh:maxCount, as pyshacl counts them."""
        store, graphs = self.store, self.graphs
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
            sure = _INT_SURE.get(local)
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
                if v.datatype.value != dtype or _ill_typed(v.value, dtype):
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
                        exact[s_] = self._exact_values(chunks, s_, pred)
                    held = {q.object for g in graphs for q in store.quads_for_pattern(s_, ox.NamedNode(pred), None, g)}
                    if len(held) <= hi < len(exact[s_]):
                        results.append((plan["sev"], s_, shape, plan["path"], plan["msg"], None))
        return results

    @staticmethod
    def _exact_values(chunks, subject, pred: str) -> set:
        """The distinct N-Triples objects of `subject` `pred` in the exact text."""
        head = (f"<{subject.value}>" if isinstance(subject, ox.NamedNode) else f"_:{subject.value}").encode()
        rx = re.compile(rb"(?m)^" + re.escape(head) + rb" <" + re.escape(pred.encode()) + rb"> (.*) \.$")
        return {m.group(1) for chunk in chunks for m in rx.finditer(chunk)}
