"""The reference engine: the project's shapes (shapes/*.ttl) run by stock pyshacl,
with the ontology as its ont_graph, plus the graph-wide invariants of
queries/checks/*-violation.rq on pyoxigraph. The build's gate (gate.check) runs the
scaled engine (gate.fast), whose results the tests hold to this one's.

User files are parsed by pyoxigraph only (core.safe_load), which never fetches
anything: a JSON-LD remote @context and RDF/XML external entities are refused.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from govkg.core import paths
from govkg.core.safe_load import parse_files
from govkg.core.terms import graph_of, text_of
from govkg.gate.prepared import PreparedQueries
from govkg.gate.report import (
    CHECKS_NS,
    ONTOLOGY_SHAPES,
    SEVERITY_ORDER,
    VOCABULARIES,
    Report,
    Result,
    quads_of,
    shacl_results,
    shape_file_map,
    shape_files,
    source_spans,
)

ROOT = paths.ROOT
# ------------------------------------------------------------------ validation

def validate(data, *, shapes_dir=ROOT / "shapes", ontology_path=ROOT / "ontology" / "govkg.ttl",
             vocab_paths=None, checks_dir=ROOT / "queries" / "checks") -> Report:
    """Validate a graph (path, list of pyoxigraph Triples/Quads, or rdflib.Graph) against the shapes and checks.

    The controlled vocabularies (``vocab_paths``, default ontology/{kinds,actors,principles}.ttl)
    are validated with the data; the ontology is pyshacl's ont_graph (class hierarchy).
    """
    import pyshacl

    ontology_path = Path(ontology_path)
    if vocab_paths is None:
        vocab_paths = [p for p in (ontology_path.parent / n for n in VOCABULARIES) if p.is_file()]
    quads = quads_of(data)
    store = ox.Store()
    store.extend(ox.Quad(q.subject, q.predicate, q.object) for q in quads)
    n_triples = len(store)
    vocab = parse_files(vocab_paths)  # the controlled vocabularies are validated with the data
    store.extend(ox.Quad(q.subject, q.predicate, q.object) for q in vocab)
    data_graph = graph_of(vocab, graph_of(quads, PreparedQueries()))
    files = shape_files(shapes_dir)
    shapes = graph_of(parse_files(files))
    shape_file = shape_file_map(files)
    ontology = graph_of(parse_files([ontology_path]))
    _, results_graph, _ = pyshacl.validate(data_graph, shacl_graph=shapes, ont_graph=ontology, inference="none", inplace=True,
                                           abort_on_first=False, allow_warnings=True, advanced=True,
                                           meta_shacl=False, do_owl_imports=False, js=False)
    results = shacl_results(results_graph, shapes, shape_file)
    if checks_dir is not None:
        results += run_checks(store, checks_dir)
    results = sorted(set(results), key=lambda r: (SEVERITY_ORDER.get(r.severity, 9), r.shape, r.focus, r.path, r.message))
    focus_nodes = sorted({r.focus for r in results})[:500]
    return Report(results, n_triples, spans=source_spans(store, focus_nodes))


def validate_ontology(ontology=ROOT / "ontology" / "govkg.ttl", *, shapes_dir=ROOT / "shapes") -> Report:
    """Term style of the ontology itself (shapes/ontology.shapes.ttl); ``ontology`` is a path or quads."""
    import pyshacl

    quads = list(ontology) if isinstance(ontology, (list, tuple)) else parse_files([ontology])
    files = [Path(shapes_dir) / ONTOLOGY_SHAPES, Path(shapes_dir) / "prefixes.ttl"]
    shapes = graph_of(parse_files(files))
    _, results_graph, _ = pyshacl.validate(graph_of(quads, PreparedQueries()), shacl_graph=shapes, inference="none",
                                           inplace=True, advanced=True,
                                           allow_warnings=True, meta_shacl=False, do_owl_imports=False)
    results = sorted(set(shacl_results(results_graph, shapes, shape_file_map(files))))
    return Report(results, len(quads))


def run_checks(store: ox.Store, checks_dir) -> list[Result]:
    """Run every *-violation.rq; each row (?focus ?message) is a Violation."""
    results = []
    for query in sorted(Path(checks_dir).glob("*-violation.rq")):
        name = query.stem
        for row in store.query(query.read_text(encoding="utf-8")):
            focus = row["focus"]
            focus_text = text_of(focus)
            results.append(Result("Violation", focus_text, CHECKS_NS + name, "",
                                  row["message"].value if row["message"] is not None else name, "",
                                  f"queries/checks/{query.name}"))
    return results


