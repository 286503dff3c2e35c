"""Look inside a SPARQL query before anything runs it: its form, SERVICE clauses,
its parameter header, and the safe binding of parameters.

Shared by the query command (govkg/query.py) and the guarding proxy in front of
the SPARQL server (govkg/sparqlproxy.py). Parsing uses rdflib's SPARQL parser
(the algebra), never a regular expression alone: the cheap text test in
``has_service`` only decides whether the parser needs to run at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pyoxigraph as ox

from govkg.core.errors import InputError

_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_PARAM_LINE = re.compile(
    r'^#\s*params:\s*(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*=\s*"(?P<default>(?:[^"\\]|\\.)*)"\s*'
    r"(?:--|—|\|)\s*(?P<meaning>.+?)\s*$"
)
_PARAM_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_FORMS = {"SelectQuery": "SELECT", "ConstructQuery": "CONSTRUCT", "AskQuery": "ASK", "DescribeQuery": "DESCRIBE"}


def unescape_codepoints(text: str) -> str:
    r"""Apply SPARQL's \uXXXX / \UXXXXXXXX escapes, which a SPARQL parser applies
    to the whole query text before parsing (so '\u0053ERVICE' is SERVICE)."""
    def repl(m: re.Match) -> str:
        try:
            return chr(int(m.group(1) or m.group(2), 16))
        except ValueError:
            return m.group(0)
    return _CODEPOINT.sub(repl, text)


@dataclass(frozen=True)
class Inspection:
    """What the parse says about a text: its form (SELECT, CONSTRUCT, ASK, DESCRIBE
    or UPDATE), whether it holds a SERVICE clause, and the rows of its VALUES blocks
    (each a sorted tuple of (variable, N-Triples term))."""

    form: str
    service: bool
    values: tuple


def _walk(node):
    """Every algebra node (rdflib CompValue) under ``node``."""
    stack, seen = [node], set()
    while stack:
        cur = stack.pop()
        if id(cur) in seen:
            continue
        seen.add(id(cur))
        if isinstance(cur, dict):
            if hasattr(cur, "name"):
                yield cur
            stack.extend(cur.values())
        elif isinstance(cur, (list, tuple)):
            stack.extend(cur)


@lru_cache(maxsize=512)
def inspect(query_text: str) -> Inspection:
    """Parse with rdflib (about 0.3 s for a long query, hence the cache); a text
    that is neither a query nor an update raises InputError."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    text = unescape_codepoints(query_text)
    try:
        parsed = parseQuery(text)
    except ParseException as exc:
        try:
            parseUpdate(text)
        except Exception:
            raise InputError(f"SPARQL syntax error at line {exc.lineno}, column {exc.col}: {exc.msg}") from None
        return Inspection("UPDATE", False, ())
    except Exception as exc:  # rdflib raises assorted errors for bad prefixes etc.
        raise InputError(f"SPARQL error: {exc}") from None
    try:
        algebra = translateQuery(parsed).algebra
    except Exception as exc:
        raise InputError(f"SPARQL error: {exc}") from None
    nodes = list(_walk(algebra))
    values = tuple(tuple(sorted((str(k), v.n3()) for k, v in row.items()))
                   for node in nodes if node.name == "values" for row in node.get("res") or [])
    return Inspection(_FORMS.get(algebra.name, "SELECT"),
                      any(node.name == "ServiceGraphPattern" for node in nodes), values)


def query_form(query_text: str) -> str:
    """SELECT, CONSTRUCT, ASK, DESCRIBE or UPDATE, read from the parse (SPARQLWrapper's
    own guess reads comment lines as keywords: "# ... addressee" looks like ADD to it)."""
    return inspect(query_text).form


def has_service(query_text: str) -> bool:
    """True when the query holds a SERVICE clause (a federated call)."""
    if "service" not in unescape_codepoints(query_text).lower():
        return False  # the keyword cannot occur, not even escaped
    try:
        return inspect(query_text).service
    except InputError as exc:
        raise InputError(f"cannot check the query for SERVICE clauses: {exc}") from None


def is_update(query_text: str) -> bool:
    """True when the text parses as a SPARQL Update rather than a query."""
    try:
        return inspect(query_text).form == "UPDATE"
    except InputError:
        return False


@dataclass(frozen=True)
class Param:
    name: str
    default: str
    meaning: str


def header_params(query_text: str, where: str) -> dict[str, Param]:
    """The parameters a query file declares in its comment header, one per line:
    ``# params: name="default" -- meaning`` (or ``# params: none``)."""
    params: dict[str, Param] = {}
    for line in query_text.splitlines():
        stripped = line.strip()
        if not stripped.startswith("#"):
            if stripped:
                break  # the header ends at the first non-comment line
            continue
        if re.match(r"^#\s*params:", stripped):
            if re.match(r"^#\s*params:\s*none\s*$", stripped):
                continue
            m = _PARAM_LINE.match(stripped)
            if not m:
                raise InputError(f'{where}: bad params line {stripped!r}; write # params: name="default" -- meaning')
            default = m.group("default").replace('\\"', '"').replace("\\\\", "\\")
            params[m.group("name")] = Param(m.group("name"), default, m.group("meaning"))
    return params


def resolve_params(declared: dict[str, Param], given: dict[str, str], where: str) -> dict[str, str]:
    """Declared defaults overridden by ``given``; unknown names are an error.
    A query without a params header accepts any well-formed parameter name."""
    for name in given:
        if not _PARAM_NAME.match(name):
            raise InputError(f"{where}: bad parameter name {name!r}; use letters, digits and _")
        if declared and name not in declared:
            known = ", ".join(sorted(declared))
            raise InputError(f"{where}: unknown parameter {name!r} (this query takes: {known})")
    values = {name: p.default for name, p in declared.items()}
    values.update(given)
    return values


def substitutions(values: dict[str, str]) -> dict:
    """Parameters as pyoxigraph substitutions: each value bound as a plain literal."""
    return {ox.Variable(name): ox.Literal(value) for name, value in values.items()}


def _where_brace(text: str) -> int:
    """Index of the '{' that opens the query's outermost WHERE group, found by a
    scan that skips comments, strings and IRIs; -1 when there is none."""
    i, n, depth = 0, len(text), 0
    after_where, saw_construct, first_top_brace = False, False, -1
    while i < n:
        c = text[i]
        if c == "#":
            j = text.find("\n", i)
            i = n if j < 0 else j + 1
            continue
        if c in "\"'":
            quote = c * 3 if text.startswith(c * 3, i) else c
            j = i + len(quote)
            while j < n and not text.startswith(quote, j):
                j += 2 if text[j] == "\\" else 1
            i = j + len(quote)
            continue
        if c == "<":
            m = re.match(r'<[^<>"{}|^`\\\x00-\x20]*>', text[i:])
            if m:
                i += m.end()
                continue
        if c == "{":
            if depth == 0:
                if after_where:
                    return i
                if first_top_brace < 0:
                    first_top_brace = i
            depth += 1
        elif c == "}":
            depth -= 1
        elif depth == 0 and c.isalpha() and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] in ":_?$")):
            word = re.match(r"[A-Za-z]+", text[i:]).group(0)
            after_where = after_where or word.upper() == "WHERE"
            saw_construct = saw_construct or word.upper() == "CONSTRUCT"
            i += len(word)
            continue
        i += 1
    return -1 if saw_construct else first_top_brace


def bind_values_text(query_text: str, values: dict[str, str], where: str) -> str:
    """The query with ``VALUES (?a ?b) { ("…" "…") }`` opening its WHERE group, for
    endpoints that take only text. Each value is serialised by pyoxigraph as an
    N-Triples literal (quotes and backslashes escaped), and the result is parsed
    again to prove that the values arrived as literals and as nothing else."""
    if not values:
        return query_text
    names = sorted(values)
    terms = [ox.Literal(values[name]) for name in names]
    block = "VALUES (" + " ".join(f"?{n}" for n in names) + ") { (" + " ".join(str(t) for t in terms) + ") }\n"
    pos = _where_brace(query_text)
    if pos < 0:
        raise InputError(f"{where}: cannot bind parameters: no WHERE group found")
    bound = query_text[: pos + 1] + "\n" + block + query_text[pos + 1:]
    try:
        found = inspect(bound).values
    except InputError as exc:
        raise InputError(f"{where}: parameters could not be bound safely ({exc})") from None
    from rdflib import Literal
    want = tuple(sorted((name, Literal(values[name]).n3()) for name in names))
    if want not in found:
        raise InputError(f"{where}: parameters could not be bound safely (the VALUES block did not parse back)")
    return bound
