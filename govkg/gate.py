"""The build's gate, in front of publication: the offset invariant on every source
link, then SHACL + graph-wide checks + OWL consistency (govkg.validate). Any
violation stops the build (exit 1) before anything is published."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox

from .errors import ValidationFailed
from .namespaces import GOV, OA


def offset_violations(triples, raws_by_iri: dict[str, str]) -> list[str]:
    """Every node with oa:start/oa:end/oa:exact/gov:source must quote its file exactly."""
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


def store_of(triples) -> ox.Store:
    store = ox.Store()
    store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples)
    return store


def check(result, triples, dist: Path, say) -> dict[str, bytes]:
    from . import publish, validate
    from .ids import Minter

    m = Minter(result.catalog.base)
    raws = {m.source(sid): r.raw for sid, r in result.sources.items()}
    bad = offset_violations(triples, raws)
    if bad:
        raise ValidationFailed(f"{len(bad)} source links do not quote their files exactly; first: {bad[0]}")
    report_path = dist.parent / "build" / "shacl-report.ttl"
    report = validate.gate(triples, report_path=report_path)
    say(f"validated: {report.summary()}")
    return {"shacl-report.ttl": publish.canonical_turtle(report.to_graph())}
