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
_IRI = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
PARAMS_MARKER = "#@params"  # a query line where its parameters' VALUES block goes (docs/queries.md)
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
    or UPDATE), whether it holds a SERVICE clause, the rows of its VALUES blocks
    (each a sorted tuple of (variable, N-Triples term)), and, in ``hidden``, the rows
    of the VALUES blocks standing inside a sub-SELECT that does not project all their
    variables (each row with the names it leaves out)."""

    form: str
    service: bool
    values: tuple
    hidden: tuple = ()


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


def _row(row) -> tuple:
    return tuple(sorted((str(k), v.n3()) for k, v in row.items()))


def _hidden_rows(algebra) -> tuple:
    """(row, left-out names) for each VALUES row below a sub-SELECT (rdflib: a Project
    inside a ToMultiSet) whose projection lacks one of the row's variables."""
    out, stack = [], [(algebra, None, False)]  # node, names every sub-SELECT above projects, in a ToMultiSet
    while stack:
        cur, visible, sub = stack.pop()
        if isinstance(cur, dict) and hasattr(cur, "name"):
            if cur.name == "Project" and sub:
                names = {str(v) for v in cur.get("PV") or []}
                visible = names if visible is None else visible & names
            if cur.name == "values" and visible is not None:
                for row in cur.get("res") or []:
                    lost = sorted(str(k) for k in row if str(k) not in visible)
                    if lost:
                        out.append((_row(row), tuple(lost)))
            sub = sub or cur.name == "ToMultiSet"
        if isinstance(cur, dict):
            stack.extend((v, visible, sub) for v in cur.values())
        elif isinstance(cur, (list, tuple)):
            stack.extend((v, visible, sub) for v in cur)
    return tuple(out)


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
    values = tuple(_row(row) for node in nodes if node.name == "values" for row in node.get("res") or [])
    return Inspection(_FORMS.get(algebra.name, "SELECT"),
                      any(node.name == "ServiceGraphPattern" for node in nodes), values, _hidden_rows(algebra))


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


def _skip(text: str, i: int) -> int:
    """Where the comment, string or IRI that opens at ``text[i]`` ends; ``i`` when
    none opens there."""
    c, n = text[i], len(text)
    if c == "#":
        j = text.find("\n", i)
        return n if j < 0 else j + 1
    if c in "\"'":
        quote = c * 3 if text.startswith(c * 3, i) else c
        j = i + len(quote)
        while j < n and not text.startswith(quote, j):
            j += 2 if text[j] == "\\" else 1
        return min(n, j + len(quote))
    if c == "<":
        m = _IRI.match(text, i)
        if m:
            return m.end()
    return i


def _where_brace(text: str) -> int:
    """Index of the '{' that opens the query's outermost WHERE group, found by a
    scan that skips comments, strings and IRIs; -1 when there is none."""
    i, n, depth = 0, len(text), 0
    after_where, saw_construct, first_top_brace = False, False, -1
    while i < n:
        j = _skip(text, i)
        if j > i:
            i = j
            continue
        c = text[i]
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


def _markers(text: str) -> list[tuple[int, int]]:
    """(start, end) of each ``#@params`` comment standing alone on its line (a
    comment, not text inside a string or an IRI)."""
    found, i, n = [], 0, len(text)
    while i < n:
        j = _skip(text, i)
        if j == i:
            i += 1
            continue
        if text[i] == "#":
            comment = text[i:j].rstrip()
            if comment == PARAMS_MARKER and not text[text.rfind("\n", 0, i) + 1:i].strip():
                found.append((i, i + len(comment)))
        i = j
    return found


def bind_values_text(query_text: str, values: dict[str, str], where: str) -> str:
    """The query with ``VALUES (?a ?b) { ("…" "…") }`` for its parameters, for
    endpoints that take only text: in place of the query's ``#@params`` line if it
    has one (e.g. inside a sub-SELECT, whose projection must then carry the
    parameters out), else opening its WHERE group. Each value is serialised by
    pyoxigraph as an N-Triples literal (quotes and backslashes escaped), and the
    result is parsed again to prove that the values arrived as literals and as
    nothing else."""
    if not values:
        return query_text
    names = sorted(values)
    terms = [ox.Literal(values[name]) for name in names]
    block = "VALUES (" + " ".join(f"?{n}" for n in names) + ") { (" + " ".join(str(t) for t in terms) + ") }"
    markers = _markers(query_text)
    if len(markers) > 1:
        raise InputError(f"{where}: {len(markers)} {PARAMS_MARKER} lines; the parameters' VALUES block goes in one place")
    if markers:
        start, end = markers[0]
        bound = query_text[:start] + block + query_text[end:]
    else:
        pos = _where_brace(query_text)
        if pos < 0:
            raise InputError(f"{where}: cannot bind parameters: no WHERE group found")
        bound = query_text[: pos + 1] + "\n" + block + "\n" + query_text[pos + 1:]
    try:
        found = inspect(bound)
    except InputError as exc:
        raise InputError(f"{where}: parameters could not be bound safely ({exc})") from None
    from rdflib import Literal
    want = tuple(sorted((name, Literal(values[name]).n3()) for name in names))
    lost = [names for row, names in found.hidden if row == want]
    if found.values.count(want) <= len(lost):
        if lost:
            raise InputError(f"{where}: the {PARAMS_MARKER} line stands in a sub-SELECT that does not project "
                             + ", ".join(f"?{n}" for n in lost[0]) + "; add them to its SELECT")
        raise InputError(f"{where}: parameters could not be bound safely (the VALUES block did not parse back)")
    return bound
