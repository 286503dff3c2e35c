"""The SHACL gate at scale: the same shapes files, the same pyshacl, the same report
as validating the whole graph at once (govkg.gate.validate.validate), but one shard at a
time, in a process pool.

pyshacl on one big graph slows down faster than linearly (every SPARQL constraint is
evaluated per focus node against the whole graph). Almost every node the build emits
belongs to one document: a work (`id:work/W…`: the work, its expressions,
provisions, clauses, commitments) or a source file (`id:source/S…`: the
manifestation, its occurrences and repairs); the rest (actors, principles, kinds,
the controlled vocabularies) form one more group. The nodes are split into shards of
whole groups; each shard is validated on a graph holding

  - every triple whose subject is in the shard (the shard's own nodes),
  - every triple pointing into the shard (in-links, one hop: for shapes that look
    at who refers to a node),
  - the out-neighbourhood of those nodes to depth DEPTH (the types and properties
    of what they point to: sh:class, sequence paths, the SPARQL constraints'
    joins, such as a clause's expression's work or a related clause's work),

plus the ontology (as pyshacl's ont_graph, as in validate.py), and only results
whose focus node belongs to the shard are kept, so each focus node is judged once,
by the shard that holds all of it. The graph-wide checks (queries/checks) run on
pyoxigraph over the whole graph, as in validate.py. tests/pipeline/test_scale.py proves on
every negative control of tests/shapes/invalid/ and on the seed graph that the
(focus node, shape, path, severity) set equals whole-graph pyshacl's.

Why not the SPARQL constraints on pyoxigraph: rdflib (hence pyshacl) evaluates a
group left to right, passing bindings into UNION branches and FILTERs, where
standard SPARQL (Oxigraph) evaluates bottom-up; a constraint such as
ClauseLanguageAgreesShape (a FILTER inside a UNION branch using ?value bound
outside it) then reports violations in pyshacl and none in Oxigraph. Sharding keeps
pyshacl's semantics exactly.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
import rdflib
import rdflib.collection

from govkg.core import graphstore, paths, safe_load, terms
from govkg.core.errors import InputError
from govkg.core.namespaces import ID
from govkg.core.terms import text_of
from govkg.gate import report, shacl_core, store_core
from govkg.gate.prepared import PreparedQueries
from govkg.gate.sparql import query_union, run_checks, sh_term, sparql_constraints

ROOT = paths.ROOT
DEPTH = 3  # out-links followed from a shard's nodes (clause → occurrence → source → expression)
SHARD_TRIPLES = 15000  # own triples per shard (whole groups; a group is never split)

_WORKER: dict = {}


class UnsupportedShape(InputError):
    """A shape uses a SHACL feature the fast engine does not run (and --gate=pyshacl was not asked for)."""


def group_of(term, base: str = ID) -> str:
    """The document group a node belongs to: 'w:W', 's:S' or 'misc'."""
    if isinstance(term, ox.NamedNode) and term.value.startswith(base):
        m = re.match(r"(work|source)/([^/]+)", term.value[len(base):])
        if m:
            return f"{m.group(1)[0]}:{m.group(2)}"
    return "misc"


# ------------------------------------------------------------------ core shapes, per shard, by pyshacl

def _init_worker(shape_files: list[str], ontology_path: str) -> None:
    """A worker of `--gate=pyshacl` (the only path that runs pyshacl on shards): every
    shape, as written."""
    _WORKER["shapes"] = terms.graph_of(safe_load.parse_files(shape_files))
    _WORKER["ontology"] = terms.graph_of(safe_load.parse_files([ontology_path]))
    _WORKER["shape_file"] = report.shape_file_map([Path(f) for f in shape_files])


def _validate_shard(args) -> list:
    """pyshacl on one shard graph; results for the shard's own focus nodes only."""
    import pyshacl


    groups, nt, base = args
    quads = list(ox.parse(nt, format=ox.RdfFormat.N_TRIPLES))
    data = terms.graph_of(quads, PreparedQueries())
    _, results_graph, _ = pyshacl.validate(data, shacl_graph=_WORKER["shapes"], ont_graph=_WORKER["ontology"],
                                           inplace=True, inference="none", abort_on_first=False, allow_warnings=True,
                                           advanced=True, meta_shacl=False, do_owl_imports=False, js=False)
    results = report.shacl_results(results_graph, _WORKER["shapes"], _WORKER["shape_file"])
    own = set(groups)
    return [r for r in results if _focus_group(r.focus, base) in own]


def _focus_group(focus: str, base: str) -> str:
    if focus.startswith(("http://", "https://", "urn:")):
        return group_of(ox.NamedNode(focus), base)
    return "misc"


def shards(triples: list, base: str = ID, depth: int = DEPTH, size: int = SHARD_TRIPLES,
           inlinks: bool = True) -> list[tuple[list[str], bytes]]:
    """(groups, N-Triples of the shard graph) for every shard, deterministic."""
    by_subject: dict = defaultdict(list)
    by_object: dict = defaultdict(list)
    group_triples: dict[str, int] = defaultdict(int)
    for t in triples:
        by_subject[t.subject].append(t)
        if not isinstance(t.object, ox.Literal):
            by_object[t.object].append(t)
    group_nodes: dict[str, list] = defaultdict(list)
    for s, ts in by_subject.items():
        g = group_of(s, base)
        group_nodes[g].append(s)
        group_triples[g] += len(ts)
    for o in by_object:  # nodes only ever used as objects still get judged (e.g. a missing type)
        if o not in by_subject:
            group_nodes[group_of(o, base)].append(o)
    batches: list[list[str]] = []
    current: list[str] = []
    count = 0
    for g in sorted(group_nodes, key=lambda g: (g == "misc", g)):
        if g == "misc":
            if current:
                batches.append(current)
            batches.append([g])
            current, count = [], 0
            continue
        current.append(g)
        count += group_triples[g]
        if count >= size:
            batches.append(current)
            current, count = [], 0
    if current:
        batches.append(current)
    out = []
    for groups in batches:
        nodes = [n for g in groups for n in group_nodes[g]]
        picked: list = []
        seen_nodes = set(nodes)
        frontier = []
        for n in nodes:
            picked.extend(by_subject.get(n, ()))
            if inlinks:
                picked.extend(by_object.get(n, ()))  # in-links, the triples only
            frontier.extend(t.object for t in by_subject.get(n, ()) if not isinstance(t.object, ox.Literal))
        for _ in range(depth):  # nodes at distance 1..depth: all their triples
            nxt = []
            for n in frontier:
                if n in seen_nodes:
                    continue
                seen_nodes.add(n)
                for t in by_subject.get(n, ()):
                    picked.append(t)
                    if not isinstance(t.object, ox.Literal):
                        nxt.append(t.object)
            frontier = nxt
        nt = ox.serialize(list(dict.fromkeys(picked)), format=ox.RdfFormat.N_TRIPLES)
        out.append((groups, nt))
    return out


def reach(shapes: rdflib.Graph, handled: set) -> tuple[int, bool]:
    """How far from its own nodes a shard graph must reach for the shapes pyshacl
    still runs: (out-link depth, whether in-links are needed)."""
    if any(con not in handled for con in shapes.objects(None, sh_term("sparql"))):
        return DEPTH, True
    inlinks = (any(True for _ in shapes.objects(None, sh_term("targetObjectsOf")))
               or any(True for _ in shapes.objects(None, sh_term("inversePath"))))
    nested = any(any(True for _ in shapes.objects(None, sh_term(k))) for k in ("node", "qualifiedValueShape", "or", "and",
                                                                          "xone", "not", "zeroOrMorePath",
                                                                          "oneOrMorePath", "zeroOrOnePath"))
    longest = 1
    for path in shapes.objects(None, sh_term("path")):
        if isinstance(path, rdflib.BNode):
            items = list(rdflib.collection.Collection(shapes, path)) if (path, rdflib.RDF.first, None) in shapes else []
            longest = max(longest, len(items) or DEPTH)
    return (DEPTH if nested else longest), inlinks


@lru_cache(maxsize=2)
def _prepare(files: tuple):
    """Shapes graph, shape → file map, SPARQL constraints, the SHACL-core interpreter
    (cached per set of shapes files and their modification times)."""

    paths = [Path(f) for f, _ in files]
    shapes = terms.graph_of(safe_load.parse_files(paths))
    shape_file = report.shape_file_map(paths)
    skipped: dict = {}
    constraints, handled = sparql_constraints(shapes, skipped)
    core = shacl_core.Core(shapes, shape_file)
    core.why.update({shape: why for shape, why in skipped.values() if shape not in core.why})
    return shapes, shape_file, constraints, handled, core


def refuse_unsupported(core, shape_file: dict[str, str]) -> None:
    """One line naming the first shape (by file, then IRI) the fast engine cannot run."""
    if core.why:
        shape, why = min(core.why.items(), key=lambda kv: (shape_file.get(str(kv[0]), ""), str(kv[0])))
        more = f" (and {len(core.why) - 1} more shapes)" if len(core.why) > 1 else ""
        raise UnsupportedShape(f"{shape_file.get(str(shape), 'shapes')}: shape <{shape}> uses {why}, which the "
                               f"fast gate does not run{more}; build with --gate=pyshacl to validate with pyshacl")


VOCAB_GRAPH = ox.NamedNode("urn:govkg:gate:vocabularies")
ONTOLOGY_GRAPH = ox.NamedNode("urn:govkg:gate:ontology")


def exact_chunks(data) -> list[bytes] | None:
    """The triples of `data` as N-Triples chunks, exactly as given (None for a Store)."""

    if isinstance(data, ox.Store):
        return None
    if isinstance(data, graphstore.Graph):
        return data.chunks
    quads = report.quads_of(data)
    return [ox.serialize(list(dict.fromkeys(ox.Triple(q.subject, q.predicate, q.object) for q in quads)),
                         format=ox.RdfFormat.N_TRIPLES)]


def load(data) -> tuple[ox.Store, list[bytes] | None]:
    """A Store of `data` for SPARQL, and the exact N-Triples chunks of its triples (None
    for a Store: its own triples are the data). `data`: a govkg.core.graphstore.Graph, a
    Store, a path, an rdflib Graph or an iterable of pyoxigraph Triples/Quads. Blank
    nodes keep their labels (govkg.core.graphstore.load_chunks)."""

    chunks = exact_chunks(data)
    if chunks is None:
        return data, None
    return graphstore.load_chunks(chunks), chunks


def validate_sharded(data, *, root: Path = ROOT, jobs: int | None = None, base: str = ID,
                     shard_triples: int = SHARD_TRIPLES, checks: bool = True, timings: dict | None = None,
                     vocab_paths=None, shapes_dir=None, ontology_path=None, checks_dir=None,
                     all_in_pyshacl: bool = False, store: ox.Store | None = None):
    """A govkg.gate.report.Report for `data` (a govkg.core.graphstore.Graph, a path, a list of
    pyoxigraph Triples/Quads, an rdflib Graph, or a pyoxigraph Store whose default graph
    is the data), equal in results to validate.validate on the whole graph (for a
    Store: on the triples it holds). `all_in_pyshacl`: every shape by pyshacl on the
    shards (`--gate=pyshacl`); otherwise a shape the fast engine cannot run raises
    UnsupportedShape (one line: its file and the feature) before any work. `store`: a Store already loaded with `data`
    (`load(data)[0]`, e.g. shared with the offset check), used in place.

    Everything but a Store is loaded into a new Store (`load`); a Store is used in
    place and left as it was. The vocabularies and the ontology go into two named
    graphs for the duration (removed before returning), and the core shapes run as
    SPARQL on it (store_core.StoreCore), so no triple is held in Python. A Store folds
    the integer datatypes (xsd:nonNegativeInteger, xsd:int, … into xsd:integer): the
    sh:datatype tests on those are made on the exact N-Triples text (one regular
    expression pass per predicate, StoreCore.folded_datatype_results)."""
    import time


    timings = timings if timings is not None else {}
    t0 = time.perf_counter()
    root = Path(root)
    ontology_path = Path(ontology_path) if ontology_path else root / "ontology" / "govkg.ttl"
    shapes_dir = Path(shapes_dir) if shapes_dir else root / "shapes"
    checks_dir = (Path(checks_dir) if checks_dir else root / "queries" / "checks") if checks else None
    if vocab_paths is None:
        vocab_paths = [p for p in (ontology_path.parent / n for n in report.VOCABULARIES) if p.is_file()]
    vocab_quads = safe_load.parse_files(vocab_paths)
    ontology_quads = safe_load.parse_files([ontology_path])
    shape_paths = report.shape_files(shapes_dir)
    shape_files = [str(p) for p in shape_paths]
    shapes, shape_file, constraints, handled, core = _prepare(
        tuple((str(p), p.stat().st_mtime_ns) for p in shape_paths))
    if all_in_pyshacl:
        constraints, handled, core = [], set(), shacl_core.Core(rdflib.Graph())
    else:
        refuse_unsupported(core, shape_file)
    depth, inlinks = reach(shapes, handled)
    if store is not None:
        chunks = exact_chunks(data)
    else:
        store, chunks = load(data)
    n_triples = int(next(iter(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))[0].value)
    for g in (VOCAB_GRAPH, ONTOLOGY_GRAPH):
        if store.contains_named_graph(g):
            raise ValueError(f"validate_sharded: the Store already has a graph {g}")
    try:
        store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, VOCAB_GRAPH) for q in vocab_quads)
        # pyshacl mixes the ontology into the data graph (for targets and classes)
        store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, ONTOLOGY_GRAPH) for q in ontology_quads)
        every = [ox.DefaultGraph(), VOCAB_GRAPH, ONTOLOGY_GRAPH]
        timings["gate: load"] = time.perf_counter() - t0

        t0 = time.perf_counter()
        found = store_core.StoreCore(core).validate(store, every, timings, chunks)
        results = [report.Result(sev, text_of(focus), text_of(shape), path, msg,
                                   text_of(value) if value is not None else "", shape_file.get(str(shape), ""))
                   for sev, focus, shape, path, msg, value in found]
        del found
        timings["gate: SHACL core"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        for c in constraints:
            results += query_union(store, c, shape_file, every)
        timings["gate: SPARQL constraints on pyoxigraph"] = time.perf_counter() - t0
        if checks_dir is not None and checks_dir.is_dir():  # on data + vocabularies, as validate.validate
            results += run_checks(store, checks_dir, timings, [ox.DefaultGraph(), VOCAB_GRAPH])

        t0 = time.perf_counter()
        tasks = []
        if all_in_pyshacl:  # --gate=pyshacl: the whole graph as Python triples, then pyshacl per shard
            if chunks is None:
                data_triples = [ox.Triple(q.subject, q.predicate, q.object)
                                for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())]
            else:  # the exact triples (a Store folds some literals)
                data_triples = [q.triple for chunk in chunks for q in ox.parse(chunk, format=ox.RdfFormat.N_TRIPLES)]
            triples = list(dict.fromkeys([*data_triples, *(ox.Triple(q.subject, q.predicate, q.object)
                                                           for q in vocab_quads)]))
            tasks = [(groups, nt, base) for groups, nt in shards(triples, base, depth=depth, size=shard_triples,
                                                                 inlinks=inlinks)]
            del triples, data_triples
        timings["gate: shard"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        workers = max(1, jobs or os.cpu_count() or 1)
        if not tasks:
            pass
        elif workers == 1 or len(tasks) == 1:
            _init_worker(shape_files, str(ontology_path))
            for task in tasks:
                results.extend(_validate_shard(task))
        else:
            with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker,
                                     initargs=(shape_files, str(ontology_path))) as pool:
                for part in pool.map(_validate_shard, tasks):
                    results.extend(part)
        timings["gate: pyshacl shards"] = time.perf_counter() - t0
    finally:
        for g in (VOCAB_GRAPH, ONTOLOGY_GRAPH):
            store.remove_graph(g)
    results = sorted(set(results), key=lambda r: (report.SEVERITY_ORDER.get(r.severity, 9), r.shape, r.focus,
                                                  r.path, r.message))
    spans = report.source_spans(store, sorted({r.focus for r in results})[:500]) if results else {}
    return report.Report(results, n_triples, spans=spans)


def keys(report) -> set[tuple[str, str, str, str]]:
    """(focus node, shape, path, severity) of every result: what the equivalence test compares."""
    return {(r.focus, r.shape, r.path, r.severity) for r in report.results}
