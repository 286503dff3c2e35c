"""Look inside a SPARQL query before anything runs it: its form, SERVICE clauses,
its parameter header, and the safe binding of parameters.

Shared by the query command (govkg/query.py) and the guarding proxy in front of
the SPARQL server (govkg/serve.py). Parsing uses rdflib's SPARQL parser (the
algebra), never a regular expression alone: the cheap text test below only
decides whether the parser needs to run at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyoxigraph as ox

from .errors import InputError

_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_PARAM_LINE = re.compile(
    r'^#\s*params:\s*(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*=\s*"(?P<default>(?:[^"\\]|\\.)*)"\s*'
    r"(?:--|—|\|)\s*(?P<meaning>.+?)\s*$"
)
_PARAM_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def unescape_codepoints(text: str) -> str:
    r"""Apply SPARQL's \uXXXX / \UXXXXXXXX escapes, which a SPARQL parser applies
    to the whole query text before parsing (so '\u0053ERVICE' is SERVICE)."""
    def repl(m: re.Match) -> str:
        try:
            return chr(int(m.group(1) or m.group(2), 16))
        except ValueError:
            return m.group(0)
    return _CODEPOINT.sub(repl, text)


def _parse_algebra(text: str):
    """rdflib's parse of a query: (form, algebra); raises InputError, or
    ValueError('update') when the text is a SPARQL Update."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
    from rdflib.plugins.sparql.algebra import translateQuery

    try:
        parsed = parseQuery(text)
    except ParseException as exc:
        try:
            parseUpdate(text)
        except Exception:
            raise InputError(f"SPARQL syntax error at line {exc.lineno}, column {exc.col}: {exc.msg}") from None
        raise ValueError("update") from None
    except Exception as exc:  # rdflib raises assorted errors for bad prefixes etc.
        raise InputError(f"SPARQL error: {exc}") from None
    try:
        query = translateQuery(parsed)
    except Exception as exc:
        raise InputError(f"SPARQL error: {exc}") from None
    return query.algebra.name, query.algebra


def _walk(node):
    """Every algebra node (rdflib CompValue) under ``node``."""
    stack = [node]
    seen = set()
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


def has_service(query_text: str) -> bool:
    """True when the query holds a SERVICE clause (federated call)."""
    text = unescape_codepoints(query_text)
    if "service" not in text.lower():
        return False  # the keyword cannot occur, not even escaped
    try:
        _form, algebra = _parse_algebra(text)
    except ValueError:
        return False  # an update: refused elsewhere
    except InputError as exc:
        raise InputError(f"cannot check the query for SERVICE clauses: {exc}") from None
    return any(node.name == "ServiceGraphPattern" for node in _walk(algebra))


def is_update(query_text: str) -> bool:
    """True when the text parses as a SPARQL Update rather than a query."""
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
    text = unescape_codepoints(query_text)
    try:
        parseQuery(text)
        return False
    except Exception:
        pass
    try:
        parseUpdate(text)
        return True
    except Exception:
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
    A query without a header accepts any well-formed parameter name."""
    for name in given:
        if not _PARAM_NAME.match(name):
            raise InputError(f"{where}: bad parameter name {name!r}; use letters, digits and _")
        if declared and name not in declared:
            known = ", ".join(sorted(declared)) or "none"
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
    after_where = False
    first_top_brace = -1
    saw_construct = False
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
            m = re.match(r"[A-Za-z]+", text[i:])
            word = m.group(0).upper()
            if word == "WHERE":
                after_where = True
            elif word == "CONSTRUCT":
                saw_construct = True
            i += m.end()
            continue
        i += 1
    return -1 if saw_construct else first_top_brace


def bind_values_text(query_text: str, values: dict[str, str], where: str) -> str:
    """The query with ``VALUES (?a ?b) { ("…" "…") }`` opening its WHERE group,
    for endpoints that take only text. Each value is serialised by pyoxigraph as
    an N-Triples literal (quotes and backslashes escaped), and the result is
    parsed again to prove the values arrived as literals and nothing else."""
    if not values:
        return query_text
    names = sorted(values)
    terms = [ox.Literal(values[name]) for name in names]
    block = "VALUES (" + " ".join(f"?{n}" for n in names) + ") { (" + " ".join(str(t) for t in terms) + ") }\n"
    pos = _where_brace(query_text)
    if pos < 0:
        raise InputError(f"{where}: cannot bind parameters: no WHERE group found")
    bound = query_text[: pos + 1] + "\n" + block + query_text[pos + 1:]
    _check_bound(bound, {n: values[n] for n in names}, where)
    return bound


def _check_bound(bound: str, values: dict[str, str], where: str) -> None:
    from rdflib import Literal, Variable
    try:
        _form, algebra = _parse_algebra(bound)
    except (InputError, ValueError) as exc:
        raise InputError(f"{where}: parameters could not be bound safely ({exc})") from None
    want = {Variable(k): Literal(v) for k, v in values.items()}
    for node in _walk(algebra):
        if node.name == "values" and node.get("res") == [want]:
            return
    raise InputError(f"{where}: parameters could not be bound safely (VALUES block not found after binding)")
