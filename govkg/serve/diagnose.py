"""Say in one line what is wrong with a query or with a parameter given to it.

- ``syntax_error``: a SPARQL error as ``line L, column C: what is wrong (found …)``. An
  undefined prefix is found in the text itself; otherwise the message of rdflib's
  parser (pyparsing: where the grammar stopped, what stands there) or of pyoxigraph's
  (its list of expected tokens, shortened: the character classes it prints over
  several lines are left out), with positions in the query file as the user wrote it.
- ``check_known``: a parameter that names a work (``work``, ``workA``, ``workB``), an
  actor (``bearer``, ``actor``, ``addressee``) or a commitment type (``type``) must name
  one the graph holds; otherwise the query is refused, naming the close matches
  (difflib), rather than answered with no rows. "" is every work, actor or type unless
  the query's header says the parameter is required.
"""

from __future__ import annotations

import difflib
import os
import re

import pyoxigraph as ox

from govkg.core.errors import InputError
from govkg.serve import guard

KNOWN = {"work": "work", "workA": "work", "workB": "work", "bearer": "actor", "actor": "actor",
         "addressee": "actor", "type": "commitment type"}
_HEAD = ("PREFIX gov: <https://w3id.org/govkg/ontology#>\nPREFIX dct: <http://purl.org/dc/terms/>\n"
         "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
         "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n")
# the names a parameter of each kind may take (actors: case-insensitive, by id or any label)
NAMES = {
    "work": _HEAD + "SELECT DISTINCT ?name WHERE { ?w a gov:Work ; dct:identifier ?name }",
    "actor": _HEAD + """SELECT DISTINCT ?name WHERE {
  { SELECT DISTINCT ?a WHERE { { ?a a/rdfs:subClassOf* gov:Actor }
      UNION { ?x gov:bearer|gov:addressee|gov:opposedParty|gov:issuedBy ?a } } }
  OPTIONAL { ?a dct:identifier|skos:prefLabel|skos:altLabel ?label }
  VALUES ?tail { 0 1 }
  BIND(IF(?tail = 1, REPLACE(STR(?a), "^.*/", ""), STR(?label)) AS ?name)
  FILTER(BOUND(?name))
}""",
    "commitment type": _HEAD + """SELECT DISTINCT ?name WHERE {
  { ?class rdfs:subClassOf+ gov:Commitment } UNION { ?k a gov:Commitment , ?class }
  FILTER(?class != gov:Commitment && STRSTARTS(STR(?class), STR(gov:)))
  BIND(STRAFTER(STR(?class), STR(gov:)) AS ?name)
}""",
}
WORK_ASK = _HEAD + "ASK { ?w dct:identifier %s ; a gov:Work }"
_REQUIRED = re.compile(r"\brequired\b", re.I)


def check_known(declared: dict, values: dict[str, str], select, where: str) -> None:
    """Refuse a value of a work, actor or type parameter that the graph does not hold.
    `select(text)` runs a query on the graph the query is meant for (the embedded store
    or the endpoint) and returns its rows' first values as strings (ASK: [True/False])."""
    for name in sorted(values):
        kind = KNOWN.get(name)
        value = values[name]
        if kind is None:
            continue
        required = name in declared and _REQUIRED.search(declared[name].meaning)
        if value == "" and not required:
            continue
        if kind == "work" and value and select(WORK_ASK % ox.Literal(value)) == [True]:
            continue  # the usual case, answered from the index
        names = select(NAMES[kind])
        if value and (value in names if kind == "work" else value.casefold() in {n.casefold() for n in names}):
            continue  # work ids are exact (the queries compare them so), names are not
        if value == "":
            raise InputError(f"{where}: --param {name} is required: give a {kind} id"
                             + (f", e.g. {min(names)}" if names else ""))
        by_fold: dict[str, str] = {}
        for n in sorted(names):
            by_fold.setdefault(n.casefold(), n)
        close = difflib.get_close_matches(value.casefold(), sorted(by_fold), n=3, cutoff=0.6)
        what = "the id" if kind == "work" else "the id or name" if kind == "actor" else "the name"
        hint = (f"did you mean {', '.join(by_fold[c] for c in close)}?" if close
                else f"none is close; the graph has {len(by_fold)}"
                + (f": {', '.join(sorted(by_fold.values()))}" if len(by_fold) <= 8 else ""))
        raise InputError(f"{where}: --param {name}: no {kind} has {what} {value!r}; {hint}")


# ---------------------------------------------------------------- syntax errors

_AT = re.compile(r"error at (\d+):(\d+): (.*)", re.S)
_SCRUB = re.compile(r'#[^\n]*|"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
                    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\x00-\x20]*>')
_DECLARED = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?:", re.I)
_PNAME = re.compile(r"(?<![\w?$:.-])([A-Za-z][\w.-]*)?:(?=[\w%\\]|\s|[;,.)\]}]|$)")


def one_line(text: str, limit: int = 300) -> str:
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _offset(text: str, line: int, col: int) -> int:
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    return min(starts[min(line, len(starts)) - 1] + col - 1, len(text))


def undefined_prefix(text: str) -> tuple[str, int, int] | None:
    """The first prefixed name whose prefix the query does not declare, and where it stands."""
    scrubbed = _SCRUB.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), guard.unescape_codepoints(text))
    declared = {m.group(1) or "" for m in _DECLARED.finditer(scrubbed)}
    for m in _PNAME.finditer(scrubbed):
        prefix = m.group(1) or ""
        before = scrubbed[max(0, m.start() - 8):m.start()]
        if prefix not in declared and prefix != "_" and not re.search(r"PREFIX\s*$", before, re.I):
            return prefix, *_position(scrubbed, m.start())
    return None


def _found(text: str, line: int, col: int) -> str:
    rest = text[_offset(text, line, col):]
    token = re.match(r"\s*(\S{1,30})", rest)
    return f'found "{token.group(1)}"' if token else "found the end of the query"


def _items(rest: str) -> list[str]:
    """'expected one of A, "(", [class, with commas], B' -> ['A', '"("', '[…]', 'B']"""
    items, cur, depth, quote = [], "", 0, ""
    for ch in rest:
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "\"'" and depth == 0 and not cur.strip():
            quote = ch
        elif ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
        elif ch == "," and depth == 0:
            items.append(cur.strip())
            cur = ""
            continue
        cur += ch
    return [i for i in items + [cur.strip()] if i]


def _rdflib(text: str):
    """(line, column, message) of rdflib's parse error for `text`, else None."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        parseQuery(guard.unescape_codepoints(text))
    except ParseException as exc:
        return exc.lineno, exc.col, exc.msg
    except Exception:  # rdflib's own errors (prefixes and the like) say no position
        return None
    return None


def syntax_error(text: str, detail: str = "", bound: str | None = None) -> str:
    """One line for a query `text` that an engine refused: `detail` is pyoxigraph's
    message, for `bound` (the text it ran: `text` with a VALUES block added) if given."""
    found = undefined_prefix(text)
    if found:
        prefix, line, col = found
        return (f"line {line}, column {col}: undefined prefix {prefix}: "
                f"(declare it: PREFIX {prefix}: <…>)")
    m = _AT.search(detail)
    notes: list[str] = []
    tokens: list[str] = []
    if m:
        rest = m.group(3).strip()
        listed = rest.startswith("expected ")
        for head in ("expected one of ", "expected "):
            if rest.startswith(head):
                rest = rest[len(head):]
                break
        items = _items(rest) if listed else [rest]
        notes = [i for i in items if " " in i and i[0] not in "[\"'"] if listed else [one_line(rest)]
        tokens = [i for i in items if i not in notes and not i.startswith("[")]
    if not notes:
        parsed = _rdflib(text)
        if parsed:
            line, col, msg = parsed
            return f"line {line}, column {col}: {one_line(msg)}, {_found(text, line, col)}"
    if not m:
        return one_line(detail) or "the query could not be parsed"
    line, col = int(m.group(1)), int(m.group(2))
    if bound is not None and bound != text:
        cut = len(os.path.commonprefix([text, bound]))
        off = _offset(bound, line, col)
        line, col = _position(text, off if off <= cut else max(cut, off - (len(bound) - len(text))))
    if notes:  # the engine's own words (an unbound variable, a bad IRI): where it noticed
        return f"line {line}, column {col}: {'; '.join(notes)}"
    what = "expected " + ", ".join(tokens[:8]) + (", …" if len(tokens) > 8 else "") if tokens else "unexpected text"
    return f"line {line}, column {col}: {what}, {_found(text, line, col)}"
