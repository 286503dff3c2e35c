"""The three programs bench/run.py times, each in its own process (so its peak RSS
and wall time are its own), each printing one JSON object per finished phase:

  python -m bench.naive build CATALOG DIST [--jobs N] [--cache-dir D | --no-cache]
      the govkg build, stage by stage, as `build.py build` runs it, with the scaled
      SHACL gate (govkg.gate.fast) in front of publication;
  python -m bench.naive baseline NT
      the naive pipeline a user of the named stack would write: an rdflib Graph filled
      triple by triple, pyshacl on the whole graph with the project's shapes (and
      ontology), rdflib serialisation to Turtle and JSON-LD;
  python -m bench.naive floor NT
      pyoxigraph parsing the same N-Triples and serialising them (Turtle, N-Triples,
      JSON-LD).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def emit(**kw) -> None:
    print(json.dumps(kw), flush=True)


def build(catalog: Path, dist: Path, jobs: int | None, cache_dir: Path | None, no_cache: bool) -> None:
    """`pipeline.build` itself (every stage, gate, publication hooks), each stage timed
    by wrapping the function build() calls; the SHACL gate is gate.check's (gate.fast,
    equal results to the reference gate.validate: tests/pipeline/test_scale.py)."""
    from govkg import pipeline
    from govkg.gate import check as gate
    from govkg.ingest.executor import Options
    from govkg.publish import release as publish

    opts = Options(jobs=jobs, cache=not no_cache, cache_dir=cache_dir)
    timings: dict[str, float] = {}
    gate_timings: dict[str, float] = {}

    def timed(name, fn):
        def wrapper(*a, **kw):
            t = time.perf_counter()
            try:
                return fn(*a, **kw)
            finally:
                timings[name] = timings.get(name, 0.0) + time.perf_counter() - t
                print(f"bench: {name.strip()} done in {time.perf_counter() - t:.1f} s", file=sys.stderr, flush=True)
        return wrapper

    run = timed("run (catalog, documents, attribute, align)", pipeline.run)
    pipeline.run = lambda catalog_path, sources_dir=None, quiet=False, options=None: run(
        catalog_path, sources_dir, quiet, options or opts)
    pipeline.emit = timed("emit (+ extract, link)", pipeline.emit)
    check_fn = gate.check
    gate.check = timed("gate (offsets, SHACL, checks, OWL)",
                       lambda *a, **kw: check_fn(*a, **{**kw, "timings": gate_timings}))
    publish_fn = publish.publish

    def publish_timed(result, triples, dist, hooks=(), reports=None, verify=None):
        named = []
        for i, hook in enumerate(hooks):
            name = getattr(hook, "__qualname__", "hook")
            if "<lambda>" in name:  # build()'s own hooks: SSSOM and the collation report, in this order
                name = ("SSSOM mappings", "collation report")[i] if i < 2 else name
            named.append(timed(f"  publish hook: {name}", hook))
        return publish_fn(result, triples, dist, named, reports,
                          verify=None if verify is None else timed("  publish: waiting for the OWL check", verify))

    publish.publish = timed("publish (nt, ttl, jsonld, void, report, exports)", publish_timed)
    publish.update_store = timed("  publish: query store beside dist/", publish.update_store)
    t0 = time.perf_counter()
    result = pipeline.build(catalog, dist, quiet=True, extras=os.environ.get("BENCH_EXPORTS", "1") != "0")
    total = time.perf_counter() - t0
    for stage, secs in result.timings.items():
        emit(stage=stage, s=secs)
    for stage in ("emit (+ extract, link)",):
        emit(stage=stage, s=timings.get(stage, 0.0))
    for stage, secs in gate_timings.items():
        emit(stage="  " + stage, s=secs)
    for stage in ("gate (offsets, SHACL, checks, OWL)", "publish (nt, ttl, jsonld, void, report, exports)"):
        emit(stage=stage, s=timings.get(stage, 0.0))
    for stage, secs in timings.items():
        if stage.startswith(("  publish hook", "  publish:")):
            emit(stage=stage, s=secs)
    nt = Path(dist) / "govkg.nt"
    n_triples = sum(1 for _ in open(nt, "rb"))
    emit(done=True, build_s=total, triples=n_triples, documents=len(result.sources), works=len(result.aligned),
         cached=result.doc_counts.get("cached", 0))


def _read_nt(nt: Path):
    import pyoxigraph as ox

    with open(nt, "rb") as fh:
        return list(ox.parse(fh, format=ox.RdfFormat.N_TRIPLES))


def baseline(nt: Path) -> None:
    import pyshacl
    import rdflib

    from govkg.gate.report import shape_files as _shape_files

    t0 = time.perf_counter()
    triples = _read_nt(nt)
    g = rdflib.Graph()

    def term(t):
        kind = type(t).__name__
        if kind == "NamedNode":
            return rdflib.URIRef(t.value)
        if kind == "BlankNode":
            return rdflib.BNode(t.value)
        if t.language:
            return rdflib.Literal(t.value, lang=t.language)
        return rdflib.Literal(t.value, datatype=rdflib.URIRef(t.datatype.value))

    for t in triples:
        g.add((term(t.subject), term(t.predicate), term(t.object)))
    del triples
    emit(phase="rdflib graph, triple by triple", s=time.perf_counter() - t0)
    t = time.perf_counter()
    shapes = rdflib.Graph()
    for f in _shape_files(ROOT / "shapes"):
        shapes.parse(f, format="turtle")
    onto = rdflib.Graph().parse(ROOT / "ontology" / "govkg.ttl", format="turtle")
    for name in ("kinds.ttl", "actors.ttl", "principles.ttl"):
        if (ROOT / "ontology" / name).is_file():
            g.parse(ROOT / "ontology" / name, format="turtle")
    conforms, _, _ = pyshacl.validate(g, shacl_graph=shapes, ont_graph=onto, inference="none", advanced=True,
                                      allow_warnings=True)
    emit(phase="pyshacl, whole graph", s=time.perf_counter() - t, conforms=bool(conforms))
    t = time.perf_counter()
    ttl = g.serialize(format="turtle", encoding="utf-8")
    emit(phase="rdflib Turtle", s=time.perf_counter() - t, bytes=len(ttl))
    t = time.perf_counter()
    js = g.serialize(format="json-ld", encoding="utf-8")
    emit(phase="rdflib JSON-LD", s=time.perf_counter() - t, bytes=len(js))
    emit(done=True, total_s=time.perf_counter() - t0)


def floor(nt: Path) -> None:
    import pyoxigraph as ox

    t0 = time.perf_counter()
    triples = _read_nt(nt)
    emit(phase="pyoxigraph parse", s=time.perf_counter() - t0)
    for name, fmt in (("Turtle", ox.RdfFormat.TURTLE), ("N-Triples", ox.RdfFormat.N_TRIPLES),
                      ("JSON-LD", ox.RdfFormat.JSON_LD)):
        t = time.perf_counter()
        data = ox.serialize(triples, format=fmt)
        emit(phase=f"pyoxigraph {name}", s=time.perf_counter() - t, bytes=len(data))
    emit(done=True, total_s=time.perf_counter() - t0)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.naive")
    sub = p.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build")
    b.add_argument("catalog", type=Path)
    b.add_argument("dist", type=Path)
    b.add_argument("--jobs", type=int, default=None)
    b.add_argument("--cache-dir", type=Path, default=None)
    b.add_argument("--no-cache", action="store_true")
    for name in ("baseline", "floor"):
        sub.add_parser(name).add_argument("nt", type=Path)
    a = p.parse_args(argv)
    if a.cmd == "build":
        build(a.catalog, a.dist, a.jobs, a.cache_dir, a.no_cache)
    elif a.cmd == "baseline":
        baseline(a.nt)
    else:
        floor(a.nt)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
