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

import re
from collections import defaultdict

import pyoxigraph as ox
import rdflib
from rdflib.collection import Collection

from govkg.core.terms import to_ox
from govkg.gate.literals import INT_FAMILY, compare, well_formed

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
class Unsupported(Exception):
    pass


def _feature(name: str) -> str:
    """A readable name for what Unsupported names (a component IRI or a phrase)."""
    return "sh:" + name[len(SH):] if name.startswith(SH) else name


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
        self.why: dict = {}  # unsupported shape -> the feature this engine does not run
        targeted = {s for p in TARGETS for s in shapes.subjects(rdflib.URIRef(p), None)}
        advanced = set(shapes.subjects(rdflib.URIRef(SH + "target"), None))
        implicit = {s for s in shapes.subjects(rdflib.RDF.type, rdflib.RDFS.Class)
                    if any((s, rdflib.RDF.type, rdflib.URIRef(SH + k)) in shapes for k in ("NodeShape", "PropertyShape"))}
        for shape in sorted(targeted | advanced | implicit, key=str):
            if shapes.value(shape, rdflib.URIRef(SH + "deactivated")) == rdflib.Literal(True):
                continue
            try:
                if shape in advanced:
                    raise Unsupported("sh:target (a SHACL-AF target)")
                if shape in implicit:
                    raise Unsupported("an implicit class target (a shape that is also an rdfs:Class)")
                seen: set = set()
                self._check(shape, seen)
                self._fold_safe(shape, seen)
                self.node_shapes.append(shape)
            except Unsupported as exc:
                self.unsupported.append(shape)
                self.why[shape] = _feature(str(exc))
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
                self.compile_path(o)
            elif p not in PASSIVE and p not in COMPONENTS:
                raise Unsupported(p)
            if p in (SH + "or", SH + "and", SH + "xone"):
                for s in self._list(o):
                    self._check(s, seen)
            elif p in (SH + "not", SH + "node", SH + "qualifiedValueShape", SH + "property"):
                self._check(o, seen)

    def compile_path(self, path):
        if isinstance(path, rdflib.URIRef):
            return ("p", ox.NamedNode(str(path)))
        if (path, rdflib.RDF.first, None) in self.g:
            return ("seq", [self.compile_path(p) for p in self._list(path)])
        inv = self.g.value(path, rdflib.URIRef(SH + "inversePath"))
        if isinstance(inv, rdflib.URIRef):
            return ("inv", ox.NamedNode(str(inv)))
        raise Unsupported("a path other than a predicate, a sequence or sh:inversePath of a predicate")

    # -------------------------------------------------------------- evaluation
    def get(self, shape, name):
        return list(self.g.objects(shape, rdflib.URIRef(SH + name)))

    def one(self, shape, name):
        v = self.get(shape, name)
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
        for c in self.get(shape, "targetClass"):
            c = to_ox(c)
            out += [s for s, _ in _subjects_of_type(data, c)]
        out += [to_ox(n) for n in self.get(shape, "targetNode")]
        for p in self.get(shape, "targetSubjectsOf"):
            p = to_ox(p)
            out += [s for s, preds in data.out.items() if p in preds]
        for p in self.get(shape, "targetObjectsOf"):
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
        if self.spec(shape)[2]:  # a deactivated shape: every node conforms, its property shapes unasked
            return []
        own = self.cache.get(("path", shape), False)
        if own is False:
            path = self.one(shape, "path")
            own = (path, self.compile_path(path)) if path is not None else None
            self.cache[("path", shape)] = own
        if own is None:
            out = self.evaluate(data, shape, focus, [focus], None)
        else:
            out = self.evaluate(data, shape, focus, list(dict.fromkeys(self.nodes(data, own[1], focus))), own[0])
        props = self.cache.get(("props", shape))
        if props is None:
            props = [(prop, self.one(prop, "path"), self.compile_path(self.one(prop, "path")))
                     for prop in self.get(shape, "property")]
            self.cache[("props", shape)] = props
        for prop, path, compiled in props:
            values = list(dict.fromkeys(self.nodes(data, compiled, focus)))
            out += self.evaluate(data, prop, focus, values, path)
        return out

    def spec(self, shape):
        """(severity, message, deactivated, [(component, argument)]) of a shape, prepared once."""
        got = self.cache.get(("spec", shape))
        if got is None:
            sev = str(self.one(shape, "severity") or rdflib.URIRef(SH + "Violation")).rsplit("#", 1)[-1]
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
                    flags = str(self.one(shape, "flags") or "")
                    o = re.compile(str(o), (re.I if "i" in flags else 0) | (re.S if "s" in flags else 0)
                                   | (re.M if "m" in flags else 0) | (re.X if "x" in flags else 0))
                elif name in ("minCount", "maxCount", "minLength", "maxLength"):
                    o = int(o)
                comps.append((name, o))
            got = (sev, str(self.one(shape, "message") or ""),
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
                fails += [v for v in values if not compare(v, bound, op)]
            elif name == "uniqueLang" and o == rdflib.Literal(True):
                langs = defaultdict(int)
                for v in values:
                    if isinstance(v, ox.Literal) and v.language:
                        langs[v.language.lower()] += 1
                fails += [None for n in langs.values() if n > 1]
            elif name in ("lessThan", "lessThanOrEquals"):
                others = data.values(focus, o)
                op = (lambda a, b: a < b) if name == "lessThan" else (lambda a, b: a <= b)
                fails += [v for v in values for w in others if not compare(v, w, op)]
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
                lo, hi = self.one(shape, "qualifiedMinCount"), self.one(shape, "qualifiedMaxCount")
                if (lo is not None and n < int(lo)) or (hi is not None and n > int(hi)):
                    fails.append(None)
        return [(sev, focus, shape, pstr, msg, v) for v in fails]


def _subjects_of_type(data: Data, cls):
    """(node, type) for every node typed with cls or a subclass of it."""
    for t in sorted((t for t in data.instances if cls in data.supers(t)), key=str):
        for s in data.instances[t]:
            yield s, t
