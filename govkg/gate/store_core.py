"""The same SHACL Core shapes as SPARQL on a pyoxigraph Store (StoreCore): each
shape is planned into a few queries over the store, so no triple is held in Python;
what SPARQL cannot judge exactly (patterns, logical and qualified shapes) is handed
back to shacl_core.Core per focus node, and the integer datatypes the Store folds are
judged on the exact text (literals.folded_datatype_results)."""

from __future__ import annotations

import re
from collections import defaultdict

import pyoxigraph as ox
import rdflib

from govkg.core.terms import to_ox
from govkg.gate.literals import INT_FAMILY, LEX, XSD, folded_datatype_results, well_formed
from govkg.gate.shacl_core import LANGSTRING, RDF_TYPE, SH, SUBCLASS, Core, Data, Unsupported

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
    """_compare as a SPARQL expression: both numeric (by value), both date/dateTime (by
    lexical form) or both xsd:string (by code points)."""
    num = lambda x: f"(isLiteral({x}) && datatype({x}) IN ({', '.join(NUMERIC)}))"  # noqa: E731
    tmp = lambda x: f"(isLiteral({x}) && datatype({x}) IN ({', '.join(TEMPORAL)}))"  # noqa: E731
    txt = lambda x: f"(isLiteral({x}) && datatype({x}) = <{XSD}string>)"  # noqa: E731
    return (f"(({num(a)} && {num(b)} && COALESCE({a} {op} {b}, false)) || "
            f"({tmp(a)} && {tmp(b)} && STR({a}) {op} STR({b})) || ({txt(a)} && {txt(b)} && {a} {op} {b}))")


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
        for c in core.get(shape, "targetClass"):
            parts.append(f"?this <{RDF_TYPE.value}>/<{SUBCLASS.value}>* {_sparql_term(to_ox(c))} .")
        for n in core.get(shape, "targetNode"):
            parts.append(f"VALUES ?this {{ {_sparql_term(to_ox(n))} }}")
        for p in core.get(shape, "targetSubjectsOf"):
            parts.append(f"?this {_sparql_term(to_ox(p))} ?target_o .")
        for p in core.get(shape, "targetObjectsOf"):
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
            vp = f"?this {self._path_sparql(core.compile_path(path))} ?v ."
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
                if local in LEX:
                    ok += f" && REGEX(STR(?v), {_sparql_string('^(?:' + LEX[local] + ')$')})"
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
        path = core.one(shape, "path")
        if deactivated:
            expr = "true"
        elif core.get(shape, "property"):
            expr = None
        elif path is not None:
            if names == {"hasValue"}:
                try:
                    values = [o for n, o in comps if n == "hasValue"]
                    expr = " && ".join(f"EXISTS {{ ?v {self._path_sparql(core.compile_path(path))} {_sparql_term(o)} }}"
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
            own = core.one(shape, "path")
            parts = [(shape, own)] + [(prop, core.one(prop, "path")) for prop in core.get(shape, "property")]
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
        """literals.folded_datatype_results on this store's graphs."""
        return folded_datatype_results(self.store, self.graphs, all_plans, chunks)
