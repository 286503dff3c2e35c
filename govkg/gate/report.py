"""The gate's report: one Result per (focus node, shape, path, message), the
Report that orders, prints and writes them (build/shacl-report.ttl), and the helpers
that read shapes files and pyshacl's results graph into Results. Shared by the
reference engine (gate.validate) and the scaled one (gate.fast)."""

from __future__ import annotations

import hashlib
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import rdflib

from govkg.core.errors import InputError
from govkg.core.namespaces import GOV, OA, PREFIXES, SH
from govkg.core.safe_load import parse_files
from govkg.core.terms import rdflib_quads, text_of

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
            g.add((node, sh.focusNode, term_node(r.focus)))
            g.add((node, sh.sourceShape, term_node(r.shape)))
            g.add((node, sh.resultMessage, rdflib.Literal(r.message)))
            if r.path:
                g.add((node, sh.resultPath, term_node(r.path)))
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
                lines.append(f"  -- {short(shape)}" + (f"  ({shapes_file})" if shapes_file else ""))
                for r in results:
                    if shown >= limit:
                        continue
                    shown += 1
                    where = f"  path {short(r.path)}" if r.path else ""
                    lines.append(f"     {r.severity}: {short(r.focus)}{where}")
                    lines.append(f"       {r.message}" + (f"  [value: {r.value[:80]}]" if r.value else ""))
                    for file, start, end, exact in (self.spans.get(r.focus) or [])[:3]:
                        lines.append(f"       at {file} characters {start}-{end}: {exact[:60]!r}")
        if shown < len(self.results):
            lines.append(f"... {len(self.results) - shown} more result(s) in the Turtle report")
        return "\n".join(lines)


def term_node(value: str):
    if value.startswith("_:"):
        return rdflib.BNode(value[2:])
    return rdflib.URIRef(value) if ":" in value and " " not in value else rdflib.Literal(value)


def short(iri: str) -> str:
    for prefix, ns in sorted(SHORT.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return f"<{iri}>" if "://" in iri or iri.startswith("urn:") else iri


def shape_files(shapes_dir: Path) -> list[Path]:
    files = sorted(p for p in Path(shapes_dir).glob("*.ttl") if p.name != ONTOLOGY_SHAPES)
    if not files:
        raise InputError(f"{shapes_dir}: no shapes (*.ttl) found")
    return files


def shape_file_map(files: list[Path]) -> dict[str, str]:
    out: dict[str, str] = {}
    for f in files:
        for q in ox.parse(path=str(f), format=ox.RdfFormat.TURTLE):
            if isinstance(q.subject, ox.NamedNode) and q.predicate.value.startswith(SH):
                out.setdefault(q.subject.value, f"shapes/{f.name}")
    return out


def shacl_results(results_graph: rdflib.Graph, shapes: rdflib.Graph, shape_file: dict[str, str]) -> list[Result]:
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
            focus=text_of(get(sh.focusNode)), shape=text_of(shape),
            path=str(path) if isinstance(path, rdflib.URIRef) else "",
            message=str(message), value=str(value) if value is not None else "",
            shapes_file=shape_file.get(str(shape), "")))
    return out


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


def quads_of(data) -> list:
    """Triples/quads of a path, an rdflib Graph, a pyoxigraph Store or an iterable of Triples/Quads."""
    if isinstance(data, (str, Path)):
        return parse_files([data])
    if isinstance(data, rdflib.Graph):
        return rdflib_quads(data)
    if isinstance(data, ox.Store):
        print("validate: a pyoxigraph Store folds xsd:nonNegativeInteger into xsd:integer, so offsets fail "
              "sh:datatype; pass the list of triples instead", file=sys.stderr)
        return list(data.quads_for_pattern(None, None, None, None))
    return list(data)
