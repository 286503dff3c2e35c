"""The SHACL gate: shapes/*.ttl (pyshacl, with the ontology) plus the graph-wide
invariants of queries/checks/*-violation.rq (pyoxigraph). Violations block
publication, warnings are reported.

Build: ``gate(path_or_graph)`` validates, prints the readable report, writes
build/shacl-report.ttl and raises ValidationFailed on any violation (then OWL
consistency under HermiT, see govkg.gate.reason). CLI: ``main_validate(FILE)`` returns the
exit status of ``python build.py validate FILE`` (0 conforms, 1 violations, 2 bad input).

User files are parsed by pyoxigraph only, which never fetches anything: a JSON-LD
remote @context and RDF/XML external entities are refused, remote DTDs ignored.
"""

from __future__ import annotations

import hashlib
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import rdflib

from govkg.core import paths
from govkg.core.errors import GovkgError, InputError, ValidationFailed
from govkg.core.namespaces import GOV, OA, PREFIXES, SH
from govkg.core.safe_load import guard
from govkg.core.terms import to_rdflib as term_to_rdflib

ROOT = paths.ROOT
VOCABULARIES = ("kinds.ttl", "actors.ttl", "principles.ttl")
ONTOLOGY_SHAPES = "ontology.shapes.ttl"
CHECKS_NS = "https://w3id.org/govkg/checks#"
SHORT = {**PREFIXES, "gsh": "https://w3id.org/govkg/shapes#", "check": CHECKS_NS}
SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}


@dataclass(frozen=True, order=True)
class Result:
    severity: str  # Violation | Warning | Info
    focus: str
    shape: str
    path: str
    message: str
    value: str = ""
    shapes_file: str = ""


@dataclass
class Report:
    results: list[Result]
    triples: int
    spans: dict[str, list[tuple[str, int, int, str]]] = field(default_factory=dict)

    @property
    def violations(self) -> list[Result]:
        return [r for r in self.results if r.severity == "Violation"]

    @property
    def warnings(self) -> list[Result]:
        return [r for r in self.results if r.severity == "Warning"]

    @property
    def conforms(self) -> bool:
        return not self.violations

    def summary(self) -> str:
        return (f"SHACL gate: {len(self.violations)} violation(s), {len(self.warnings)} warning(s) "
                f"in {self.triples} triples")

    def to_graph(self) -> rdflib.Graph:
        g, sh = rdflib.Graph(), rdflib.Namespace(SH)
        for prefix, ns in SHORT.items():
            g.bind(prefix, ns)
        g.bind("sh", SH)
        report = rdflib.URIRef("urn:govkg:shacl-report")
        g.add((report, rdflib.RDF.type, sh.ValidationReport))
        g.add((report, sh.conforms, rdflib.Literal(self.conforms)))
        for r in self.results:
            key = "\x1f".join((r.severity, r.focus, r.shape, r.path, r.message, r.value))
            node = rdflib.URIRef("urn:govkg:result:" + hashlib.sha256(key.encode()).hexdigest()[:24])
            g.add((report, sh.result, node))
            g.add((node, rdflib.RDF.type, sh.ValidationResult))
            g.add((node, sh.resultSeverity, sh[r.severity]))
            g.add((node, sh.focusNode, _term(r.focus)))
            g.add((node, sh.sourceShape, _term(r.shape)))
            g.add((node, sh.resultMessage, rdflib.Literal(r.message)))
            if r.path:
                g.add((node, sh.resultPath, _term(r.path)))
            if r.value:
                g.add((node, sh.value, rdflib.Literal(r.value)))
        return g

    def write_turtle(self, path) -> Path:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(self.to_graph().serialize(format="turtle", encoding="utf-8"))
        return path

    def text(self, limit: int = 200) -> str:
        """Readable report grouped by source file and shape; names focus nodes and characters."""
        lines = [self.summary()]
        groups: dict[str, dict[tuple[str, str], list[Result]]] = defaultdict(lambda: defaultdict(list))
        for r in sorted(self.results, key=lambda r: (SEVERITY_ORDER.get(r.severity, 9), r.shape, r.focus)):
            spans = self.spans.get(r.focus) or []
            groups[spans[0][0] if spans else "(no source file)"][(r.shape, r.shapes_file)].append(r)
        shown = 0
        for source in sorted(groups):
            lines.append(f"== {source}")
            for (shape, shapes_file), results in sorted(groups[source].items()):
                lines.append(f"  -- {_short(shape)}" + (f"  ({shapes_file})" if shapes_file else ""))
                for r in results:
                    if shown >= limit:
                        continue
                    shown += 1
                    where = f"  path {_short(r.path)}" if r.path else ""
                    lines.append(f"     {r.severity}: {_short(r.focus)}{where}")
                    lines.append(f"       {r.message}" + (f"  [value: {r.value[:80]}]" if r.value else ""))
                    for file, start, end, exact in (self.spans.get(r.focus) or [])[:3]:
                        lines.append(f"       at {file} characters {start}-{end}: {exact[:60]!r}")
        if shown < len(self.results):
            lines.append(f"... {len(self.results) - shown} more result(s) in the Turtle report")
        return "\n".join(lines)


def _term(value: str):
    if value.startswith("_:"):
        return rdflib.BNode(value[2:])
    return rdflib.URIRef(value) if ":" in value and " " not in value else rdflib.Literal(value)


def _short(iri: str) -> str:
    for prefix, ns in sorted(SHORT.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return f"<{iri}>" if "://" in iri or iri.startswith("urn:") else iri


# ------------------------------------------------------------------ loading

def parse_files(paths) -> list[ox.Quad]:
    """Parse RDF files with pyoxigraph (format by extension); bad input → InputError.

    ``ox.parse`` keeps literal datatypes as written; a pyoxigraph Store would fold
    xsd:nonNegativeInteger into xsd:integer, which sh:datatype would then reject.
    """
    quads: list[ox.Quad] = []
    for path in paths:
        path = Path(path)
        fmt = ox.RdfFormat.from_extension(path.suffix.lstrip(".").lower()) if path.suffix else None
        if fmt is None:
            raise InputError(f"{path}: unknown RDF format {path.suffix or '(no extension)'!r}; "
                             "use .ttl, .nt, .nq, .trig, .jsonld or .rdf")
        if not path.is_file():
            raise InputError(f"{path}: no such file")
        guard(path, fmt)  # refuses XML entities / external DTDs and oversized files: nothing is fetched
        try:
            quads.extend(ox.parse(path=str(path), format=fmt, base_iri=path.resolve().as_uri()))
        except (SyntaxError, ValueError, OSError, UnicodeDecodeError) as exc:
            first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise InputError(f"{path}: not valid {fmt.name}: {first}") from None
    return quads


def load_store(paths) -> ox.Store:
    store = ox.Store()
    store.extend(ox.Quad(q.subject, q.predicate, q.object) for q in parse_files(paths))
    return store


def to_rdflib(quads, graph: rdflib.Graph | None = None) -> rdflib.Graph:
    graph = graph if graph is not None else rdflib.Graph()
    cache: dict = {}
    for q in quads:
        graph.add(tuple(cache.setdefault(t, term_to_rdflib(t)) if not isinstance(t, ox.Literal) else term_to_rdflib(t)
                        for t in (q.subject, q.predicate, q.object)))
    return graph


def _rdflib_quads(graph: rdflib.Graph) -> list[ox.Quad]:
    return list(ox.parse(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES))


def _quads_of(data) -> list:
    """Triples/quads of a path, an rdflib Graph, a pyoxigraph Store or an iterable of Triples/Quads."""
    if isinstance(data, (str, Path)):
        return parse_files([data])
    if isinstance(data, rdflib.Graph):
        return _rdflib_quads(data)
    if isinstance(data, ox.Store):
        print("validate: a pyoxigraph Store folds xsd:nonNegativeInteger into xsd:integer, so offsets fail "
              "sh:datatype; pass the list of triples instead", file=sys.stderr)
        return list(data.quads_for_pattern(None, None, None, None))
    return list(data)


def _shape_files(shapes_dir: Path) -> list[Path]:
    files = sorted(p for p in Path(shapes_dir).glob("*.ttl") if p.name != ONTOLOGY_SHAPES)
    if not files:
        raise InputError(f"{shapes_dir}: no shapes (*.ttl) found")
    return files


# ------------------------------------------------------------------ validation

_PREPARED: dict = {}


def _cache_sparql_parsing() -> None:
    """pyshacl hands rdflib each SPARQL constraint as a string, re-parsed (slowly, by
    pyparsing) on every validation; reuse the prepared query instead, as rdflib's own
    prepareQuery does. Same semantics, ~3x faster for repeated validations."""
    from rdflib.plugins.sparql import processor as proc

    if getattr(proc.SPARQLProcessor.query, "_govkg_cached", False):
        return
    original = proc.SPARQLProcessor.query

    def query(self, strOrQuery, initBindings=None, initNs=None, base=None, DEBUG=False):
        if isinstance(strOrQuery, str):
            used = tuple(sorted((str(k), str(v)) for k, v in (initNs or {}).items() if f"{k}:" in strOrQuery))
            lines = strOrQuery.split("\n")
            # pyshacl writes the PREFIX lines in set order: normalise them for the key
            key = (tuple(sorted(ln for ln in lines if ln.startswith("PREFIX "))),
                   "\n".join(ln for ln in lines if not ln.startswith("PREFIX ")), base, used)
            if key not in _PREPARED:
                _PREPARED[key] = proc.translateQuery(proc.parseQuery(strOrQuery), base, initNs)
            strOrQuery = _PREPARED[key]
        return original(self, strOrQuery, initBindings, initNs, base, DEBUG)

    query._govkg_cached = True
    proc.SPARQLProcessor.query = query


def validate(data, *, shapes_dir=ROOT / "shapes", ontology_path=ROOT / "ontology" / "govkg.ttl",
             vocab_paths=None, checks_dir=ROOT / "queries" / "checks") -> Report:
    """Validate a graph (path, list of pyoxigraph Triples/Quads, or rdflib.Graph) against the shapes and checks.

    The controlled vocabularies (``vocab_paths``, default ontology/{kinds,actors,principles}.ttl)
    are validated with the data; the ontology is pyshacl's ont_graph (class hierarchy).
    """
    import pyshacl

    _cache_sparql_parsing()
    ontology_path = Path(ontology_path)
    if vocab_paths is None:
        vocab_paths = [p for p in (ontology_path.parent / n for n in VOCABULARIES) if p.is_file()]
    quads = _quads_of(data)
    store = ox.Store()
    store.extend(ox.Quad(q.subject, q.predicate, q.object) for q in quads)
    n_triples = len(store)
    vocab = parse_files(vocab_paths)  # the controlled vocabularies are validated with the data
    store.extend(ox.Quad(q.subject, q.predicate, q.object) for q in vocab)
    data_graph = to_rdflib(vocab, to_rdflib(quads))
    shape_files = _shape_files(shapes_dir)
    shapes = to_rdflib(parse_files(shape_files))
    shape_file = _shape_file_map(shape_files)
    ontology = to_rdflib(parse_files([ontology_path]))
    _, results_graph, _ = pyshacl.validate(data_graph, shacl_graph=shapes, ont_graph=ontology, inference="none",
                                           abort_on_first=False, allow_warnings=True, advanced=True,
                                           meta_shacl=False, do_owl_imports=False, js=False)
    results = _shacl_results(results_graph, shapes, shape_file)
    if checks_dir is not None:
        results += run_checks(store, checks_dir)
    results = sorted(set(results), key=lambda r: (SEVERITY_ORDER.get(r.severity, 9), r.shape, r.focus, r.path, r.message))
    focus_nodes = sorted({r.focus for r in results})[:500]
    return Report(results, n_triples, spans=source_spans(store, focus_nodes))


def validate_ontology(ontology=ROOT / "ontology" / "govkg.ttl", *, shapes_dir=ROOT / "shapes") -> Report:
    """Term style of the ontology itself (shapes/ontology.shapes.ttl); ``ontology`` is a path or quads."""
    import pyshacl

    _cache_sparql_parsing()
    quads = list(ontology) if isinstance(ontology, (list, tuple)) else parse_files([ontology])
    files = [Path(shapes_dir) / ONTOLOGY_SHAPES, Path(shapes_dir) / "prefixes.ttl"]
    shapes = to_rdflib(parse_files(files))
    _, results_graph, _ = pyshacl.validate(to_rdflib(quads), shacl_graph=shapes, inference="none", advanced=True,
                                           allow_warnings=True, meta_shacl=False, do_owl_imports=False)
    results = sorted(set(_shacl_results(results_graph, shapes, _shape_file_map(files))))
    return Report(results, len(quads))


def _shape_file_map(files: list[Path]) -> dict[str, str]:
    out: dict[str, str] = {}
    for f in files:
        for q in ox.parse(path=str(f), format=ox.RdfFormat.TURTLE):
            if isinstance(q.subject, ox.NamedNode) and q.predicate.value.startswith(SH):
                out.setdefault(q.subject.value, f"shapes/{f.name}")
    return out


def _shacl_results(results_graph: rdflib.Graph, shapes: rdflib.Graph, shape_file: dict[str, str]) -> list[Result]:
    sh = rdflib.Namespace(SH)
    out = []
    for node in results_graph.subjects(rdflib.RDF.type, sh.ValidationResult):
        get = lambda p: results_graph.value(node, p)  # noqa: E731
        shape = get(sh.sourceShape)
        message = get(sh.resultMessage) or shapes.value(shape, sh.message) or ""
        path = get(sh.resultPath)
        value = get(sh.value)
        out.append(Result(
            severity=str(get(sh.resultSeverity)).rsplit("#", 1)[-1],
            focus=_n3ish(get(sh.focusNode)), shape=_n3ish(shape),
            path=str(path) if isinstance(path, rdflib.URIRef) else "",
            message=str(message), value=str(value) if value is not None else "",
            shapes_file=shape_file.get(str(shape), "")))
    return out


def _n3ish(term) -> str:
    return f"_:{term}" if isinstance(term, rdflib.BNode) else str(term)


def run_checks(store: ox.Store, checks_dir) -> list[Result]:
    """Run every *-violation.rq; each row (?focus ?message) is a Violation."""
    results = []
    for query in sorted(Path(checks_dir).glob("*-violation.rq")):
        name = query.stem
        for row in store.query(query.read_text(encoding="utf-8")):
            focus = row["focus"]
            focus_text = "" if focus is None else f"_:{focus.value}" if isinstance(focus, ox.BlankNode) else focus.value
            results.append(Result("Violation", focus_text, CHECKS_NS + name, "",
                                  row["message"].value if row["message"] is not None else name, "",
                                  f"queries/checks/{query.name}"))
    return results


SPAN_QUERY = """
PREFIX gov: <%s> PREFIX oa: <%s>
SELECT DISTINCT ?f ?path ?s ?e ?exact WHERE {
  VALUES ?f { %s }
  { ?f gov:source ?m0 BIND(?f AS ?o) } UNION { ?f gov:occurrence ?o } UNION { ?f gov:cue ?o } UNION { ?f gov:statedIn/gov:occurrence ?o }
  ?o gov:source/gov:path ?path ; oa:start ?s ; oa:end ?e .
  OPTIONAL { ?o oa:exact ?exact }
} ORDER BY ?f ?path ?s ?e
"""


def source_spans(store: ox.Store, focus_nodes) -> dict[str, list[tuple[str, int, int, str]]]:
    """Source file, characters and quote behind each focus node (via its occurrences or cue)."""
    iris = [f for f in focus_nodes if f.startswith(("http://", "https://", "urn:")) and ">" not in f and " " not in f]
    spans: dict[str, list[tuple[str, int, int, str]]] = defaultdict(list)
    for i in range(0, len(iris), 100):
        values = " ".join(f"<{f}>" for f in iris[i:i + 100])
        for row in store.query(SPAN_QUERY % (GOV, OA, values)):
            try:
                start, end = int(row["s"].value), int(row["e"].value)
            except ValueError:
                continue
            exact = row["exact"].value if row["exact"] is not None else ""
            spans[row["f"].value].append((row["path"].value, start, end, exact))
    return dict(spans)


# ------------------------------------------------------------------ entry points

def gate(data, *, root=ROOT, report_path=None, out=None, owl: bool = True, store: ox.Store | None = None,
         timings: dict | None = None) -> Report:
    """The build's gate: validate, print, write build/shacl-report.ttl; raise ValidationFailed on violations.

    `data`: a path, an rdflib Graph, a govkg.core.graphstore.Graph (the build's graph: its
    exact triples are validated and given to HermiT), a pyoxigraph Store (validated in
    place, as it holds them) or an iterable of Triples/Quads. `store`: a Store already
    loaded with `data` (gate_fast.load), to share with the caller's own queries."""
    from govkg.core import (
        graphstore,  # same results as validate() on the whole graph (tests/test_scale.py)
    )
    from govkg.gate import fast as gate_fast

    root, out = Path(root), out or sys.stderr
    if not isinstance(data, (str, Path, rdflib.Graph, ox.Store, graphstore.Graph)):
        data = _quads_of(data)  # used twice: SHACL, then OWL
    report = gate_fast.validate(data, shapes_dir=root / "shapes", ontology_path=root / "ontology" / "govkg.ttl",
                                checks_dir=root / "queries" / "checks", store=store, timings=timings)
    try:
        written = report.write_turtle(report_path or root / "build" / "shacl-report.ttl")
    except OSError as exc:  # the report is a convenience copy; the gate's verdict stands
        written = f"(not written: {exc.strerror}: {exc.filename})"
    if report.results:
        print(report.text(), file=out)
    if not report.conforms:
        raise ValidationFailed(f"{report.summary()}; full report in {written}")
    if owl:
        from govkg.gate.reason import check_consistency

        onto = [root / "ontology" / n for n in ("govkg.ttl", *VOCABULARIES) if (root / "ontology" / n).is_file()]
        if isinstance(data, (str, Path)) and str(data).endswith(".nt"):
            check_consistency(onto, data)
        else:
            import tempfile

            with tempfile.TemporaryDirectory(prefix="govkg-gate-") as tmp:
                nt = Path(tmp) / "data.nt"
                if isinstance(data, graphstore.Graph):
                    with open(nt, "wb") as fh:  # exact lexical forms and datatypes, chunk by chunk (no copy)
                        for chunk in data.chunks:
                            fh.write(chunk)
                elif isinstance(data, ox.Store):
                    data.dump(str(nt), format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
                else:
                    quads = _quads_of(data)
                    nt.write_bytes(ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in quads),
                                                format=ox.RdfFormat.N_TRIPLES))
                check_consistency(onto, nt)
    return report


def main_validate(path: str, *, root=ROOT, out=None) -> int:
    """``python build.py validate FILE``: 0 conforms, 1 violations (or OWL inconsistency), 2 bad input."""
    out = out or sys.stdout
    try:
        gate(path, root=root, out=out)
    except ValidationFailed as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except GovkgError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    print(f"{path}: conforms", file=out)
    return 0
