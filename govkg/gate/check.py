"""The gate's one entry point, in front of publication: the offset invariant on every
source link, then SHACL + graph-wide checks (gate.fast, held to the reference engine
gate.validate) and OWL consistency under HermiT (gate.reason). Any violation stops the
build (exit 1) before anything is published.

Build: ``check(result, triples, dist, say)`` returns the Report (publish writes it as
shacl-report.ttl). ``gate(path_or_graph)`` validates, prints the readable report,
writes build/shacl-report.ttl and raises ValidationFailed on any violation. CLI:
``main_validate(FILE)`` is the exit status of ``build.py validate FILE`` (0 conforms,
1 violations, 2 bad input)."""

from __future__ import annotations

import sys
import tempfile
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyoxigraph as ox
import rdflib

from govkg.core import graphstore, paths
from govkg.core.errors import GovkgError, ValidationFailed
from govkg.core.ids import Minter
from govkg.core.namespaces import GOV, OA
from govkg.gate import fast as gate_fast
from govkg.gate.reason import check_consistency
from govkg.gate.report import VOCABULARIES, Report, quads_of

ROOT = paths.ROOT

OFFSETS_QUERY = f"""SELECT ?node ?start ?end ?exact ?source WHERE {{
  ?node <{OA}start> ?start ; <{OA}end> ?end ; <{OA}exact> ?exact ; <{GOV}source> ?source .
}}"""


def offset_violations(triples, raws_by_iri: dict[str, str]) -> list[str]:
    """Every node with oa:start/oa:end/oa:exact/gov:source must quote its file exactly.
    `triples`: a pyoxigraph Store (its default graph, read by one SPARQL query) or an
    iterable of Triples."""
    if isinstance(triples, ox.Store):
        return _store_offset_violations(triples, raws_by_iri)
    nodes: dict[str, dict[str, str]] = defaultdict(dict)
    wanted = {OA + "start": "start", OA + "end": "end", OA + "exact": "exact", GOV + "source": "source"}
    for t in triples:
        key = wanted.get(t.predicate.value)
        if key:
            nodes[t.subject.value][key] = t.object.value
    bad = []
    for node, v in sorted(nodes.items()):
        if not {"start", "end", "exact", "source"} <= v.keys():
            continue
        raw = raws_by_iri.get(v["source"])
        s, e = int(v["start"]), int(v["end"])
        if raw is None or raw[s:e] != v["exact"]:
            bad.append(f"{node}: oa:exact is not the text at {s}-{e} of {v['source']}")
    return bad


def _store_offset_violations(store: ox.Store, raws_by_iri: dict[str, str]) -> list[str]:
    """offset_violations on a Store, in the same (node) order and words. A node with two
    values of one property (a Store has no order to pick the last one by) is reported
    when any combination of its values fails."""
    bad: dict[str, str] = {}
    rows = sorted((row[0].value, int(row[1].value), int(row[2].value), row[3].value, row[4].value)
                  for row in store.query(OFFSETS_QUERY))
    for node, s, e, exact, source in rows:
        raw = raws_by_iri.get(source)
        if node not in bad and (raw is None or raw[s:e] != exact):
            bad[node] = f"{node}: oa:exact is not the text at {s}-{e} of {source}"
    return list(bad.values())


def store_of(triples) -> ox.Store:
    store = ox.Store()
    store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples)
    return store


def check(result, triples, dist: Path, say, timings: dict | None = None, engine: str = "fast",
          owl_later: list | None = None) -> Report:
    """The gate on the build's graph (a govkg.core.graphstore.Graph, a Store or Triples):
    one Store of it serves the offset check and the SHACL gate (its folded literals
    keep their values; the datatypes are judged on the exact text, see gate_fast)."""
    m = Minter(result.catalog.base)
    raws = {m.source(sid): r.raw for sid, r in result.sources.items()}

    timings = timings if timings is not None else {}
    t0 = time.perf_counter()
    store = None
    if isinstance(triples, (graphstore.Graph, ox.Store)):
        store = gate_fast.load(triples)[0]
        timings["gate: store"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        bad = _store_offset_violations(store, raws)
    else:
        bad = offset_violations(triples, raws)
    timings["gate: offsets"] = time.perf_counter() - t0
    if bad:
        raise ValidationFailed(f"{len(bad)} source links do not quote their files exactly; first: {bad[0]}")
    report_path = dist.parent / "build" / "shacl-report.ttl"
    t0 = time.perf_counter()
    report = gate(triples, report_path=report_path, store=store, timings=timings, engine=engine, owl_later=owl_later)
    timings["gate: check.gate"] = time.perf_counter() - t0
    say(f"validated: {report.summary()}")
    return report


# ------------------------------------------------------------------ entry points

ENGINES = ("fast", "pyshacl")


def gate(data, *, root=ROOT, report_path=None, out=None, owl: bool = True, store: ox.Store | None = None,
         timings: dict | None = None, engine: str = "fast", owl_later: list | None = None) -> Report:
    """The build's gate: validate, print, write build/shacl-report.ttl; raise ValidationFailed on violations.

    `data`: a path, an rdflib Graph, a govkg.core.graphstore.Graph (the build's graph: its
    exact triples are validated and given to HermiT), a pyoxigraph Store (validated in
    place, as it holds them) or an iterable of Triples/Quads. `store`: a Store already
    loaded with `data` (gate_fast.load), to share with the caller's own queries.
    `engine`: "fast" (SHACL Core and SPARQL constraints on the store; a shape it cannot
    run fails with one line) or "pyshacl" (every shape by pyshacl, shard by shard: slow,
    for shapes that use features the fast engine does not run)."""
    if engine not in ENGINES:
        raise GovkgError(f"unknown gate engine {engine!r}: use one of {', '.join(ENGINES)}")
    root, out = Path(root), out or sys.stderr
    if not isinstance(data, (str, Path, rdflib.Graph, ox.Store, graphstore.Graph)):
        data = quads_of(data)  # used twice: SHACL, then OWL
    report = gate_fast.validate_sharded(data, shapes_dir=root / "shapes", ontology_path=root / "ontology" / "govkg.ttl",
                                        checks_dir=root / "queries" / "checks", checks=True, store=store,
                                        timings=timings, all_in_pyshacl=engine == "pyshacl")
    try:
        written = report.write_turtle(report_path or paths.BUILD / "shacl-report.ttl")
    except OSError as exc:  # the report is a convenience copy; the gate's verdict stands
        written = f"(not written: {exc.strerror}: {exc.filename})"
    if report.results:
        print(report.text(), file=out)
    if not report.conforms:
        raise ValidationFailed(f"{report.summary()}; full report in {written}")
    if owl and owl_later is not None:  # HermiT in a thread (it waits on Java): the caller collects it
        pool = ThreadPoolExecutor(1, thread_name_prefix="govkg-hermit")
        owl_later.append(pool.submit(owl_check, root, data))
        pool.shutdown(wait=False)
    elif owl:
        owl_check(root, data)
    return report


def owl_check(root: Path, data) -> None:
    """OWL consistency of the ontology, vocabularies and `data` under HermiT (gate.reason);
    raises ValidationFailed. `data` as for `gate`."""
    onto = [root / "ontology" / n for n in ("govkg.ttl", *VOCABULARIES) if (root / "ontology" / n).is_file()]
    if isinstance(data, (str, Path)) and str(data).endswith(".nt"):
        check_consistency(onto, data)
    else:
        with tempfile.TemporaryDirectory(prefix="govkg-gate-") as tmp:
            nt = Path(tmp) / "data.nt"
            if isinstance(data, graphstore.Graph):
                with open(nt, "wb") as fh:  # exact lexical forms and datatypes, chunk by chunk (no copy)
                    for chunk in data.chunks:
                        fh.write(chunk)
            elif isinstance(data, ox.Store):
                data.dump(str(nt), format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
            else:
                quads = quads_of(data)
                nt.write_bytes(ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in quads),
                                            format=ox.RdfFormat.N_TRIPLES))
            check_consistency(onto, nt)


def main_validate(path: str, *, root=ROOT, out=None, engine: str = "fast") -> int:
    """``python build.py validate FILE``: 0 conforms, 1 violations (or OWL inconsistency), 2 bad input."""
    out = out or sys.stdout
    try:
        gate(path, root=root, out=out, engine=engine)
    except ValidationFailed as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except GovkgError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    print(f"{path}: conforms", file=out)
    return 0
