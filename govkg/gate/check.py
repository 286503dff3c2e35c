"""The build's gate, in front of publication: the offset invariant on every source
link, then SHACL + graph-wide checks + OWL consistency (govkg.gate.validate). Any
violation stops the build (exit 1) before anything is published."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox

from govkg.core.errors import ValidationFailed
from govkg.core.namespaces import GOV, OA

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


def check(result, triples, dist: Path, say, timings: dict | None = None) -> dict[str, bytes]:
    """The gate on the build's graph (a govkg.core.graphstore.Graph, a Store or Triples):
    one Store of it serves the offset check and the SHACL gate (its folded literals
    keep their values; the datatypes are judged on the exact text, see gate_fast)."""
    from govkg.core import graphstore
    from govkg.core.ids import Minter
    from govkg.gate import fast as gate_fast
    from govkg.gate import validate
    from govkg.publish import release as publish

    m = Minter(result.catalog.base)
    raws = {m.source(sid): r.raw for sid, r in result.sources.items()}
    import time

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
    report = validate.gate(triples, report_path=report_path, store=store, timings=timings)
    timings["gate: validate.gate"] = time.perf_counter() - t0
    say(f"validated: {report.summary()}")
    return {"shacl-report.ttl": publish.canonical_turtle(report.to_graph())}
