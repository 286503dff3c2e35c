"""Run a SPARQL query file on the embedded store (pyoxigraph, loaded from dist/)
or, with an endpoint URL, on any SPARQL 1.1 server through SPARQLWrapper.

Parameters come from ``--param name=value``; each value is bound as a plain
literal, never pasted into the query's own text: on the embedded store and for an
endpoint alike, as a ``VALUES`` block opening the WHERE group that is serialised
by pyoxigraph and parsed back to prove the values arrived as literals and as
nothing else (govkg.serve.guard.bind_values_text). The VALUES block is also
what lets the store's planner start from a bound work (pyoxigraph's
``substitutions`` hide the values from the planner: 40 s instead of 40 ms for a
per-work question on a 1,000-document graph). SERVICE clauses are refused unless
allowed; updates are always refused.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from govkg.core.errors import InputError
from govkg.core.namespaces import PREFIXES
from govkg.publish import store as query_store
from govkg.serve import diagnose, guard

FORMATS = ("table", "csv", "json", "tsv")
ENDPOINT_TIMEOUT_S = 60
_STORES: dict[tuple, ox.Store] = {}


@dataclass
class Results:
    """A query's answer: ``variables`` and ``rows`` (tuples of pyoxigraph terms or
    None) for SELECT; ``boolean`` for ASK; ``triples`` for CONSTRUCT/DESCRIBE."""

    variables: list[str]
    rows: list[tuple]
    boolean: bool | None = None
    triples: list | None = None


def graph_files(dist: Path) -> list[Path]:
    """The files the store is loaded from: dist/govkg.nt and, if built, dist/ontology.ttl."""
    nt = Path(dist) / "govkg.nt"
    if not nt.is_file():
        raise InputError(f"{nt}: no built graph here; run `python build.py build` first (or pass --dist)")
    onto = Path(dist) / "ontology.ttl"
    return [nt, onto] if onto.is_file() else [nt]


def load_store(dist: Path) -> ox.Store:
    """The built graph's store: the on-disk store that the build left beside dist/
    (govkg.publish.store), opened read-only, or where there is none (a copied dist/)
    an in-memory store loaded from the files. Once per process; again when a file changes."""
    files = graph_files(dist)
    key = tuple((str(f.resolve()), f.stat().st_mtime_ns, f.stat().st_size) for f in files)
    store = _STORES.get(key)
    if store is None:
        located = query_store.locate(Path(dist))
        if located is not None:
            try:
                store = query_store.open_read_only(located)
            except OSError:
                store = None  # unreadable: load the files instead
    if store is None:
        store = ox.Store()
        for f in files:
            try:
                store.bulk_load(path=str(f))
            except (SyntaxError, ValueError, OSError) as exc:
                raise InputError(f"{f}: cannot load into the SPARQL store: {exc}") from None
    if _STORES.get(key) is not store:
        _STORES.clear()
        _STORES[key] = store
    return store


def read_query(query_path: Path) -> str:
    path = Path(query_path)
    if not path.is_file():
        raise InputError(f"{path}: no such query file")
    try:
        return path.read_text(encoding="utf-8")
    except (UnicodeDecodeError, OSError) as exc:
        raise InputError(f"{path}: cannot read the query file: {exc}") from None


def execute(query_path, params: dict[str, str] | None = None, *, dist: Path = Path("dist"),
            endpoint: str | None = None, allow_service: bool = False) -> Results:
    """Parse, check and run one query file; the answer as Results."""
    where = str(query_path)
    text = read_query(Path(query_path))
    declared = guard.header_params(text, where)
    values = guard.resolve_params(declared, dict(params or {}), where)
    try:
        if endpoint:  # the text that is sent is parsed back and checked
            form = guard.query_form(text)
            _refuse(form == "UPDATE", guard.has_service(text) and not allow_service, where)
            bound = guard.bind_values_text(text, values, where)
            diagnose.check_known(declared, values, lambda q: _firsts(_remote(q, guard.query_form(q), endpoint, where)),
                                 where)
            return _remote(bound, form, endpoint, where)
        _refuse(False, guard.has_service(text) and not allow_service, where)
        if values:  # the same checked binding as for an endpoint
            _refuse(guard.query_form(text) == "UPDATE", False, where)
        bound = guard.bind_values_text(text, values, where)
    except InputError as exc:
        raise InputError(_explained(str(exc), where, text)) from None
    store = load_store(Path(dist))
    diagnose.check_known(declared, values, lambda q: _firsts(_collect(store.query(q))), where)
    return _embedded(bound, store, where, text)


def _explained(message: str, where: str, text: str) -> str:
    """`message` naming `where`; a parse error (rdflib's, through guard) as diagnose words it."""
    if "SPARQL syntax error" in message or "SPARQL error" in message:
        return f"{where}: SPARQL syntax error: {diagnose.syntax_error(text)}"
    return diagnose.one_line(message if message.startswith(where) else f"{where}: {message}")


def _firsts(results: Results) -> list:
    """An ASK's answer as [bool], a SELECT's first column as strings (for diagnose)."""
    if results.boolean is not None:
        return [results.boolean]
    return [row[0].value for row in results.rows if row and row[0] is not None]


def _refuse(update: bool, service: bool, where: str) -> None:
    if update:
        raise InputError(f"{where}: this is a SPARQL Update; only queries are run (the graph is read-only)")
    if service:
        raise InputError(f"{where}: the query has a SERVICE clause (a call to another endpoint); "
                         "refused unless --allow-service is given")


def _embedded(bound: str, store: ox.Store, where: str, text: str) -> Results:
    """Run ``bound`` (the query file's ``text`` with its parameters' VALUES block)."""
    try:
        answer = store.query(bound)
        return _collect(answer)  # solutions are computed lazily: errors surface here too
    except SyntaxError as exc:
        _refuse(guard.is_update(text), False, where)
        raise InputError(f"{where}: SPARQL syntax error: {diagnose.syntax_error(text, str(exc), bound)}") from None
    except (RuntimeError, OSError, ValueError) as exc:
        raise InputError(diagnose.one_line(f"{where}: query failed: {exc}")) from None


def _collect(answer) -> Results:
    if isinstance(answer, ox.QueryBoolean):
        return Results([], [], boolean=bool(answer))
    if isinstance(answer, ox.QueryTriples):
        return Results([], [], triples=sorted(answer, key=str))
    variables = [v.value for v in answer.variables]
    rows = [tuple(sol[v] for v in variables) for sol in answer]
    return Results(variables, rows)


def _remote(text: str, form: str, endpoint: str, where: str) -> Results:
    from urllib.error import HTTPError, URLError

    from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    sw = SPARQLWrapper(endpoint)
    sw.setOnlyConneg(True)
    sw.setMethod(POST)
    sw.setTimeout(ENDPOINT_TIMEOUT_S)
    sw.setQuery(text)
    sw.queryType = form  # SPARQLWrapper's own guess misreads comments; never an update here
    graph_form = sw.queryType in ("CONSTRUCT", "DESCRIBE")
    sw.setReturnFormat(TURTLE if graph_form else JSON)
    try:
        response = sw.query().response
        body = response.read()
    except HTTPError as exc:
        detail = exc.read().decode("utf-8", "replace").strip().splitlines()
        raise InputError(f"{endpoint}: HTTP {exc.code}: {detail[0] if detail else exc.reason}") from None
    except SPARQLWrapperException as exc:
        lines = [line for line in str(exc).splitlines() if line.strip() and not line.startswith("Response:")]
        raise InputError(f"{endpoint}: {' '.join(lines)[:300]}") from None
    except (URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise InputError(f"{endpoint}: cannot reach the SPARQL endpoint ({reason})") from None
    try:
        if graph_form:
            return Results([], [], triples=sorted(ox.parse(body, ox.RdfFormat.TURTLE), key=str))
        return _collect(ox.parse_query_results(body, ox.QueryResultsFormat.JSON))
    except (SyntaxError, ValueError) as exc:
        raise InputError(f"{endpoint}: the endpoint's answer is not SPARQL results: {exc}") from None


# ---------------------------------------------------------------- output

def compact(term) -> str:
    """A term as a reader wants it: IRIs shortened with the project's prefixes,
    literals as their text, unbound as ''."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
            if term.value.startswith(ns):
                return f"{prefix}:{term.value[len(ns):]}"
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


def _json_term(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        out["datatype"] = term.datatype.value
    return out


def to_json(results: Results) -> str:
    """SPARQL 1.1 Query Results JSON."""
    if results.boolean is not None:
        doc = {"head": {}, "boolean": results.boolean}
    else:
        bindings = [{v: _json_term(t) for v, t in zip(results.variables, row) if t is not None}
                    for row in results.rows]
        doc = {"head": {"vars": results.variables}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def format_results(results: Results, fmt: str) -> str:
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if results.triples is not None:
        return "".join(f"{t} .\n" for t in results.triples)
    if fmt == "json":
        return to_json(results)
    if results.boolean is not None:
        return ("true" if results.boolean else "false") + "\n"
    if fmt in ("csv", "tsv"):
        fmt_id = ox.QueryResultsFormat.CSV if fmt == "csv" else ox.QueryResultsFormat.TSV
        parsed = ox.parse_query_results(to_json(results).encode(), ox.QueryResultsFormat.JSON)
        return parsed.serialize(format=fmt_id).decode("utf-8")
    from prettytable import PrettyTable
    table = PrettyTable(results.variables or ["(no columns)"])
    table.align = "l"
    table.max_width = 70
    for row in results.rows:
        table.add_row([compact(t) for t in row])
    return table.get_string() + f"\n{len(results.rows)} row(s)\n"


def run_query(query_path, params: dict[str, str] | None = None, *, dist: Path = Path("dist"),
              endpoint: str | None = None, fmt: str = "table", allow_service: bool = False) -> str:
    """Run one query file and return its answer as text in ``fmt``."""
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    results = execute(query_path, params, dist=dist, endpoint=endpoint, allow_service=allow_service)
    return format_results(results, fmt)


def parse_param_args(items: list[str] | None) -> dict[str, str]:
    """['work=oecd', 'phrase=open-source'] -> dict; a bad item is an InputError."""
    params: dict[str, str] = {}
    for item in items or []:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise InputError(f"--param {item!r}: write --param name=value")
        if name in params:
            raise InputError(f"--param {name}: given twice")
        params[name] = value
    return params


def main_query(args) -> int:
    """build.py query FILE.rq [--param k=v]... [--format F] [--endpoint URL]
    [--allow-service] [--dist DIR]"""
    out = run_query(
        Path(args.file), parse_param_args(getattr(args, "param", None)),
        dist=Path(getattr(args, "dist", None) or "dist"),
        endpoint=getattr(args, "endpoint", None), fmt=getattr(args, "format", None) or "table",
        allow_service=bool(getattr(args, "allow_service", False)),
    )
    sys.stdout.write(out)
    return 0
