"""The build, stage after stage: catalog → read → normalise → segment → attribute
→ align → extract → emit → validate → publish. Each stage is one module; this one
only passes their results along and shows progress."""

from __future__ import annotations

import os
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from govkg.core import graphstore
from govkg.core.errors import InputError
from govkg.core.model import Entry, SourceResult
from govkg.emit.commitments import extraction_chunks
from govkg.emit.works import Emitter
from govkg.gate import check as gate
from govkg.ingest import catalog as catalog_mod
from govkg.ingest.document import process_source  # noqa: F401  (the per-document stages)
from govkg.ingest.executor import Options, process_all
from govkg.link.links import iter_link_triples
from govkg.publish import rdf
from govkg.publish import release as publish
from govkg.publish.collation_report import write_collation_report
from govkg.publish.sssom import write_sssom
from govkg.structure import attribute
from govkg.structure.align import AlignedWork, Unit, align_work
from govkg.structure.collate import variant_triples


@dataclass
class BuildResult:
    catalog: catalog_mod.Catalog
    sources: dict[str, SourceResult]
    works: dict
    aligned: list[AlignedWork]
    warnings: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)  # stage -> wall seconds (run() fills it)
    doc_counts: dict[str, int] = field(default_factory=dict)  # {"cached": n, "computed": n}


def progress(items, desc: str, quiet: bool):
    from tqdm import tqdm

    return tqdm(items, desc=desc, unit="doc", disable=quiet or len(items) < 20, file=sys.stderr,
                leave=False, mininterval=0.5)


def run(catalog_path: Path, sources_dir: Path | None = None, quiet: bool = False, options=None) -> BuildResult:
    """Catalog, the per-document stages (cached, in parallel: govkg.ingest.executor), then
    attribution and alignment. `options` is an executor.Options (default: all cores,
    cache on). Wall time per stage lands in BuildResult.timings."""
    import gc
    import time


    opts = options or Options()
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    cat = catalog_mod.load(catalog_path, sources_dir)
    timings["catalog"] = time.perf_counter() - t0

    def bar(items, total=None):
        from tqdm import tqdm

        return tqdm(items, desc="read", unit="doc", total=total, disable=quiet, file=sys.stderr, leave=False,
                    mininterval=0.5)

    t0 = time.perf_counter()
    results, counts = process_all(cat, opts, bar)
    timings["documents"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    gc_was_on = gc.isenabled()
    gc.disable()  # millions of acyclic objects: the cyclic collector's full passes cost more than they free
    try:
        works = dict(cat.works)
        index = attribute.TitleIndex(works)
        units: dict[str, list[Unit]] = defaultdict(list)
        warnings: list[str] = []
        for sid in sorted(results):
            res = results[sid]
            assignment = attribute.assign(res.reading, res.source, index)
            by_work: dict[str, list[Entry]] = defaultdict(list)
            for entry in res.entries:
                wid = assignment.get(entry.block.excerpt)
                if wid is None:
                    warnings.append(f"{res.source.file}: text at {entry.block.start}-{entry.block.end} names no work; left out")
                    continue
                by_work[wid].append(entry)
            for wid, entries in by_work.items():
                units[wid].append(Unit(res.source, entries, excerpt=res.source.format == "aggregator"))

        aligned = []
        for wid in progress(sorted(units), "align", quiet):
            aw = align_work(works[wid], units[wid])
            for sid, sent, why in aw.unaligned:
                warnings.append(f"{cat.sources[sid].file}: {sent.start}-{sent.end} not aligned to work '{wid}': {why}")
            aligned.append(aw)
        timings["attribute+align"] = time.perf_counter() - t0
        missing = sorted(set(cat.works) - set(units))
        for wid in missing:
            raise InputError(f"{cat.path}: work '{wid}' has no source that carries it")
        return BuildResult(cat, results, works, aligned, warnings=warnings, timings=timings, doc_counts=counts)
    finally:
        if gc_was_on:
            gc.enable()


def emit(result: BuildResult):
    """Catalog, works, sources, aligned text, commitments, variants and links as one
    govkg.core.graphstore.Graph (N-Triples chunks), filled work by work so that no stage
    holds every triple as a Python object."""

    graph = graphstore.Graph()
    em = Emitter(result.catalog, {sid: r.raw for sid, r in result.sources.items()})

    def flush(triples) -> None:
        graph.add(triples)
        if triples is em.triples:
            em.triples.clear()

    carried: dict[str, set[tuple[str, str]]] = defaultdict(set)
    languages: dict[str, set[str]] = defaultdict(set)
    for aw in result.aligned:
        for prov in aw.provisions:
            for occ in prov.occurrences:
                if not occ.sentences:
                    continue  # a heading's source link: its language is not a text of the work
                carried[occ.source].add((aw.work.id, occ.lang))
                languages[aw.work.id].add(occ.lang)
    claims: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for sid, res in sorted(result.sources.items()):  # what the catalog claims, aligned or not
        if res.source.format == "aggregator":
            continue
        for wid in res.source.works:
            for lang in res.source.languages:
                if (wid, lang) not in carried[sid]:
                    carried[sid].add((wid, lang))
                    languages[wid].add(lang)
                    claims[wid][lang].append(sid)
    for aw in result.aligned:
        em.work(aw.work, languages[aw.work.id])
        em.aligned(aw, claims.get(aw.work.id, {}))
        flush(em.triples)
    for sid, res in sorted(result.sources.items()):
        em.source(res.source, carried[sid])
    flush(em.triples)
    for chunk in extraction_chunks(result):
        flush(chunk)
    flush(variant_triples(result, em.m))
    flush(iter_link_triples(result, em.m))
    return graph


def release_memory() -> None:
    """Return freed heap pages to the OS (glibc malloc_trim), so that one stage's
    peak (the gate's store of millions of triples) does not stay in the RSS of the
    next; a no-op where there is no glibc."""
    import ctypes
    import gc

    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def count_lines(path: Path) -> int:
    with open(path, "rb") as fh:
        return sum(block.count(b"\n") for block in iter(lambda: fh.read(1 << 20), b""))


def build(catalog_path: Path, dist: Path, *, sources_dir: Path | None = None, quiet: bool = False,
          validate: bool = True, extras: bool = True, options=None, gate_engine: str = "fast") -> BuildResult:
    """The whole build: run the stages, validate, publish atomically."""

    def say(msg: str) -> None:
        if not quiet:
            print(msg, file=sys.stderr)

    result = run(catalog_path, sources_dir, quiet, options)
    triples = emit(result)
    for w in result.warnings:
        say(f"warning: {w}")
    reports = {}
    owl_pending: list = []  # HermiT runs while the release is written; publish waits for it before the swap
    if validate and os.environ.get("GOVKG_GATE", "1") != "0":
        report = gate.check(result, triples, dist, say, engine=gate_engine, owl_later=owl_pending)
        reports = {"shacl-report.ttl": rdf.canonical_turtle(report.to_graph())}
        release_memory()  # the gate's store is gone: give its pages back before publication
    hooks = []
    if extras:
        from govkg.views import extras as extras_mod  # matplotlib & co. (1.3 s): only when asked for

        hooks = extras_mod.hooks()

    hooks = [lambda stage: write_sssom(stage, triples, base=result.catalog.base,
                                       license=result.catalog.dataset.get("license")),
             lambda stage: write_collation_report(stage, result), *hooks]
    try:
        publish.publish(result, triples, dist, hooks, reports,
                        verify=lambda: [future.result() for future in owl_pending])
    finally:
        for future in owl_pending:
            future.cancel()
    say(f"published {count_lines(Path(dist) / 'govkg.nt')} triples from {len(result.sources)} sources "
        f"({len(result.aligned)} works) to {dist}/")
    return result
