"""SPARQL constraints on pyoxigraph: the shapes' sh:sparql constraints (and the
graph-wide checks of queries/checks) run on the Store instead of rdflib. rdflib (hence
pyshacl) evaluates a group left to right, passing bindings into UNION branches and
FILTERs, where standard SPARQL evaluates bottom-up; each constraint is rewritten so
both read it alike (sideways, anti_join), and a constraint that cannot be rewritten is
left to pyshacl (sparql_constraints returns what it handled)."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import rdflib
import rdflib.collection

from govkg.core.namespaces import RDF, RDFS, SH
from govkg.core.terms import text_of
from govkg.gate import report


def sh_term(name: str, ns: str = SH) -> rdflib.URIRef:
    return rdflib.URIRef(ns + name)


def _matching_brace(text: str, i: int) -> int:
    depth, quote = 0, None
    while i < len(text):
        ch = text[i]
        if quote:
            if ch == quote:
                quote = None
        elif ch in "\"'":
            quote = ch
        elif ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


def _sideways(body: str) -> str:
    """rdflib evaluates a group left to right, so a UNION branch or sub-group sees
    the variables bound by the triple patterns before it; standard SPARQL does not.
    Copy those leading triple patterns into each such block: the same answers in
    both semantics."""
    first = body.find("{")
    if first < 0:
        return body
    head = body[:first].strip()
    if not head or re.search(r"\b(FILTER|BIND|OPTIONAL|VALUES|MINUS|SERVICE|GRAPH)\b", head, re.I):
        return body
    head = head if head.endswith(".") else head + " ."
    out, i = [], 0
    while True:
        j = body.find("{", i)
        if j < 0:
            out.append(body[i:])
            return "".join(out)
        k = _matching_brace(body, j)
        if k < 0:
            return body
        before = body[i:j]
        out.append(before)
        if re.search(r"EXISTS\s*$", before, re.I):
            out.append(body[j:k + 1])
        else:
            out.append("{ " + head + " " + body[j + 1:k + 1])
        i = k + 1


NOT_EXISTS = re.compile(r"FILTER\s+NOT\s+EXISTS\s*\{", re.I)


def _enclosing_group(text: str, pos: int) -> tuple[int, int]:
    depth = 0
    for i in range(pos - 1, -1, -1):
        if text[i] == "}":
            depth += 1
        elif text[i] == "{":
            if depth == 0:
                return i, _matching_brace(text, i)
            depth -= 1
    return -1, -1


def anti_join(query: str) -> str:
    """Rewrite each `FILTER NOT EXISTS { P }` of a group as
    `OPTIONAL { P BIND(true AS ?found) } FILTER(!BOUND(?found))` at the end of that group.

    The same answers: NOT EXISTS { P } holds for a solution exactly when P has no
    solution compatible with it, which is what the left join tests (a FILTER at the
    top of P is the left join's condition, so it still sees the outer variables);
    moved to the end of the group, P sees every binding the group makes, as the
    group-wide FILTER did. Oxigraph evaluates the NOT EXISTS form row by row (its
    cost grew with the square of the graph: 32 s for 480k triples for
    cue-outside-clause) and the left join as a hash join (0.1 s)."""
    n = 0
    while True:
        m = NOT_EXISTS.search(query)
        if not m:
            return query
        inner_end = _matching_brace(query, m.end() - 1)
        g_start, g_end = _enclosing_group(query, m.start())
        if inner_end < 0 or g_end < 0 or not (g_start < m.start() and inner_end < g_end):
            return query
        inner = query[m.end():inner_end]
        var = f"?__found{n}"
        n += 1
        repl = f" OPTIONAL {{ {inner} BIND(true AS {var}) }} FILTER(!BOUND({var})) "
        query = query[:m.start()] + query[inner_end + 1:g_end] + repl + query[g_end:]


def run_checks(store: ox.Store, checks_dir, timings: dict | None = None, graphs=None) -> list:
    """validate.run_checks with each query's NOT EXISTS filters as left joins (anti_join),
    on `graphs` as the default graph (None: the store's default graph)."""
    import time


    results = []
    for query in sorted(Path(checks_dir).glob("*-violation.rq")):
        t0 = time.perf_counter()
        text = anti_join(query.read_text(encoding="utf-8"))
        for row in (store.query(text) if graphs is None else store.query(text, default_graph=graphs)):
            focus = row["focus"]
            results.append(report.Result("Violation", "" if focus is None else text_of(focus),
                                           report.CHECKS_NS + query.stem, "",
                                           row["message"].value if row["message"] is not None else query.stem, "",
                                           f"queries/checks/{query.name}"))
        if timings is not None:
            timings[f"gate: check {query.stem}"] = time.perf_counter() - t0
    return results


def _target(shapes: rdflib.Graph, shape) -> str | None:
    parts = []
    for c in shapes.objects(shape, sh_term("targetClass")):
        parts.append(f"?this <{RDF}type>/<{RDFS}subClassOf>* <{c}> .")
    for n in shapes.objects(shape, sh_term("targetNode")):
        if not isinstance(n, rdflib.URIRef):
            return None
        parts.append(f"VALUES ?this {{ <{n}> }}")
    for p in shapes.objects(shape, sh_term("targetSubjectsOf")):
        parts.append(f"{{ SELECT DISTINCT ?this WHERE {{ ?this <{p}> ?target_o }} }}")
    for p in shapes.objects(shape, sh_term("targetObjectsOf")):
        parts.append(f"{{ SELECT DISTINCT ?this WHERE {{ ?target_s <{p}> ?this }} }}")
    if any(True for _ in shapes.objects(shape, sh_term("target"))) or (shape, rdflib.RDF.type, rdflib.RDFS.Class) in shapes:
        return None  # SPARQL-based or implicit targets: left to pyshacl
    if not parts:
        return None
    return " UNION ".join(f"{{ {p} }}" for p in parts)


def sparql_constraints(shapes: rdflib.Graph, skipped: dict | None = None) -> tuple[list[dict], set]:
    """The SPARQL constraints of node shapes, rewritten as one pyoxigraph query each
    (targets joined in, $this free), and the set of constraint nodes so handled.
    `skipped` (when given) receives constraint node -> (shape, why it is not handled)."""
    skipped = skipped if skipped is not None else {}
    prefixes = {str(shapes.value(d, sh_term("prefix"))): str(shapes.value(d, sh_term("namespace")))
                for d in shapes.objects(None, sh_term("declare"))}
    head = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(prefixes.items()))
    out, handled = [], set()
    for shape, con in sorted(shapes.subject_objects(sh_term("sparql"))):
        select = shapes.value(con, sh_term("select"))
        if shapes.value(shape, sh_term("deactivated")) == rdflib.Literal(True):
            handled.add(con)
            continue
        if select is None:
            skipped[con] = (shape, "a SPARQL constraint without sh:select (e.g. sh:ask)")
            continue
        if (shape, sh_term("path"), None) in shapes:
            skipped[con] = (shape, "a SPARQL constraint on a property shape")
            continue
        q = str(select)
        target = _target(shapes, shape)
        m = re.search(r"\bWHERE\s*\{", q, re.I)
        other = re.search(r"\$(?!this\b)\w+", q)
        if target is None or not m or other:
            skipped[con] = (shape, "a SPARQL constraint with no target the engine reads" if target is None else
                            "a SPARQL constraint without WHERE { … }" if not m else
                            f"a SPARQL constraint with the pre-bound variable {other.group(0)} (only $this is run)")
            continue
        end = _matching_brace(q, m.end() - 1)
        if end < 0 or q[end + 1:].strip() or re.search(r"\bPREFIX\b", q[:m.start()], re.I):
            skipped[con] = (shape, "a SPARQL constraint whose braces do not balance (WHERE { … } is never closed)"
                            if end < 0 else
                            "a SPARQL constraint with solution modifiers after WHERE { … } (GROUP BY, ORDER BY, LIMIT …)"
                            if q[end + 1:].strip() else "a SPARQL constraint with its own PREFIX lines (use sh:prefixes)")
            continue
        body = anti_join("{" + _sideways(q[m.end():end].replace("$this", "?this")) + "}")[1:-1]
        proj = " ".join(v for v in ("?value", "?path") if v in body)
        severity = shapes.value(shape, sh_term("severity")) or sh_term("Violation")
        message = shapes.value(con, sh_term("message")) or shapes.value(shape, sh_term("message")) or ""
        out.append({"shape": str(shape), "severity": str(severity).rsplit("#", 1)[-1], "message": str(message),
                    "query": f"{head}SELECT ?this {proj} WHERE {{ {target} {body} }}"})
        handled.add(con)
    return out, handled


def query_union(store: ox.Store, c: dict, shape_file: dict[str, str], graphs=None) -> list:
    """sparql_results over data + vocabularies + ontology (`graphs` as the default
    graph; None: the union of every graph of `store`)."""

    projected = c["query"].split(" WHERE ")[0]
    out = []
    rows = (store.query(c["query"], use_default_graph_as_union=True) if graphs is None
            else store.query(c["query"], default_graph=graphs))
    for row in rows:
        value = row["value"] if "?value" in projected else None
        path = row["path"] if "?path" in projected else None
        out.append(report.Result(
            c["severity"], text_of(row["this"]), c["shape"], path.value if isinstance(path, ox.NamedNode) else "",
            c["message"], text_of(value) if value is not None else "", shape_file.get(c["shape"], "")))
    return out
