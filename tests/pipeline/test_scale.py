"""Scale (issue 9) on a small synthetic corpus: the synthetic corpus is what it claims;
serial, process-pool and Dask builds publish byte-identical dist/; an incremental
rebuild from the cache equals a clean build; the scaled SHACL gate (gate_fast)
reports exactly pyshacl's (focus node, shape, path, severity) set on every negative
control and on the seed graph."""

from __future__ import annotations

import hashlib
import re
import shutil
import tomllib
from pathlib import Path

import pytest
from test_shapes import INVALID, VOCAB, load_fixture

from bench import synth
from govkg import pipeline
from govkg.gate import fast as gate_fast
from govkg.gate import validate
from govkg.ingest import cache
from govkg.ingest.executor import Options
from govkg.publish import release as publish

N = 20


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "corpus"
    synth.generate(out, N, seed=7)
    return out


def build(catalog: Path, dist: Path, opts: Options):
    result = pipeline.run(catalog, quiet=True, options=opts)
    publish.publish(result, pipeline.emit(result), dist)
    return result


def files(dist: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(dist.resolve().iterdir()) if p.is_file()}


@pytest.fixture(scope="module")
def serial(corpus, tmp_path_factory):
    dist = tmp_path_factory.mktemp("serial") / "dist"
    result = build(corpus / "corpus.toml", dist, Options(executor="serial", cache=False))
    return result, files(dist)


def test_synthetic_corpus_is_deterministic_and_has_every_pattern(corpus, tmp_path):
    again = tmp_path / "again"
    synth.generate(again, N, seed=7)
    assert (again / "corpus.toml").read_bytes() == (corpus / "corpus.toml").read_bytes()
    assert sorted(p.name for p in (again / "sources").iterdir()) == sorted(p.name for p in (corpus / "sources").iterdir())
    cat = tomllib.loads((corpus / "corpus.toml").read_text(encoding="utf-8"))
    assert len(cat["sources"]) == N
    assert {s["format"] for s in cat["sources"]} == {"web", "ocr", "plain", "table", "aggregator"}
    big = tmp_path / "big"
    synth.generate(big, 300, seed=7)
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted((big / "sources").iterdir()))
    for cue in (" should ", " must ", "Efforts should be made", "We oppose", "We support", "We call on", "We welcome",
                "应", "必须", "反对", "支持", "呼吁", "欢迎", "應"):
        assert cue in text, cue
    assert re.search(r"^由 .+ 在 .+发表, [A-Z][a-z]+ \d{1,2}, \d{4}$", text, re.M)  # aggregator attribution
    assert re.search(r"\bAl\b", text) and " | " in text and "Suggest To A Friend" in text and "点击报名" in text
    paras = [p for p in re.split(r"\n\s*\n", text) if len(p) > 80]
    assert len(paras) > len(set(paras)) + 50  # shared text across works and copies


def test_parallel_build_is_byte_identical_to_serial(corpus, serial, tmp_path):
    result = build(corpus / "corpus.toml", tmp_path / "dist", Options(jobs=2, cache=False))
    assert result.doc_counts == {"cached": 0, "computed": N}
    assert files(tmp_path / "dist") == serial[1]
    assert {"catalog", "documents", "attribute+align"} <= set(result.timings)


def test_dask_build_is_byte_identical_to_serial(corpus, serial, tmp_path):
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        opts = Options(executor="dask", scheduler=cluster.scheduler_address, cache=False)
        build(corpus / "corpus.toml", tmp_path / "dist", opts)
    assert files(tmp_path / "dist") == serial[1]


def test_incremental_rebuild_equals_clean_build(corpus, serial, tmp_path):
    work = tmp_path / "corpus"
    shutil.copytree(corpus, work)
    store = tmp_path / "cache"
    first = build(work / "corpus.toml", tmp_path / "a", Options(jobs=2, cache_dir=store))
    assert first.doc_counts == {"cached": 0, "computed": N}
    assert files(tmp_path / "a") == serial[1]
    # change one document: a word of an English copy, and its hash in the catalog
    catalog = (work / "corpus.toml").read_text(encoding="utf-8")
    name = next(m.group(1) for m in re.finditer(r'file = "([^"]+)"', catalog)
                if " should " in (work / "sources" / m.group(1)).read_text(encoding="utf-8"))
    path = work / "sources" / name
    old = path.read_bytes()
    new = old.replace(b" should ", b" must ", 1)
    path.write_bytes(new)
    (work / "corpus.toml").write_text(catalog.replace(hashlib.sha256(old).hexdigest(), hashlib.sha256(new).hexdigest()),
                                      encoding="utf-8")
    again = build(work / "corpus.toml", tmp_path / "b", Options(jobs=2, cache_dir=store))
    assert again.doc_counts == {"cached": N - 1, "computed": 1}
    clean = build(work / "corpus.toml", tmp_path / "c", Options(executor="serial", cache=False))
    assert clean.doc_counts == {"cached": 0, "computed": N}
    assert files(tmp_path / "b") == files(tmp_path / "c")
    assert files(tmp_path / "b")["govkg.nt"] != serial[1]["govkg.nt"]  # the change reached the graph


def test_cache_key_covers_bytes_entry_and_titles(serial):
    src = next(iter(serial[0].catalog.sources.values()))
    k = cache.key(b"text", src, ("Title",))
    assert k == cache.key(b"text", src, ("Title",))
    assert k != cache.key(b"text!", src, ("Title",))
    assert k != cache.key(b"text", src, ("Other title",))
    import dataclasses

    assert k != cache.key(b"text", dataclasses.replace(src, publisher="someone else"), ("Title",))


def _same(whole, sharded) -> None:
    a, b = gate_fast.keys(whole), gate_fast.keys(sharded)
    assert a == b, f"only pyshacl: {sorted(a - b)[:5]}; only gate_fast: {sorted(b - a)[:5]}"


@pytest.mark.parametrize("path", [p for p in INVALID if "# base: ontology" not in p.read_text(encoding="utf-8")],
                         ids=lambda p: p.stem)
def test_scaled_gate_equals_pyshacl_on_negative_control(path):
    quads, head = load_fixture(path)
    whole = validate.validate(quads, vocab_paths=VOCAB)
    assert whole.results, "a negative control must produce a result"
    _same(whole, gate_fast.validate_sharded(quads, jobs=1, vocab_paths=VOCAB))


def test_scaled_gate_equals_pyshacl_on_seed_graph(seed_graph):
    _same(validate.validate(seed_graph.nt), gate_fast.validate_sharded(seed_graph.nt, jobs=2))


def test_scaled_gate_equals_pyshacl_on_damaged_synthetic_graph(serial, tmp_path):
    """The synthetic graph with one triple in 61 deleted: violations of many shapes,
    across documents (a clause losing its expression's type, a work its provisions)."""
    lines = serial[1]["govkg.nt"].splitlines(keepends=True)
    nt = tmp_path / "g.nt"
    nt.write_bytes(b"".join(line for i, line in enumerate(lines) if i % 61 != 7))
    whole = validate.validate(nt)
    assert len({r.shape for r in whole.results}) >= 10, whole.summary()
    _same(whole, gate_fast.validate_sharded(nt, jobs=2))
    # the fallback for shapes the fast path cannot take: pyshacl per document shard
    _same(whole, gate_fast.validate_sharded(nt, jobs=2, shard_triples=2000, all_in_pyshacl=True))
    # the build's form: a govkg.core.graphstore.Graph of the exact lines, in several chunks
    from govkg.core import graphstore

    graph = graphstore.Graph()
    kept = nt.read_bytes().splitlines(keepends=True)
    for i in range(0, len(kept), 5000):
        graph.add_ntriples(b"".join(kept[i:i + 5000]))
    _same(whole, gate_fast.validate_sharded(graph, jobs=2))


def _store_of(data):
    """A Store of `data` (a path or quads) and the triples it holds: a Store folds
    literals (xsd:nonNegativeInteger into xsd:integer, "1.0" into "1"), so pyshacl is
    given what the Store holds."""

    from govkg.core import graphstore, safe_load

    quads = safe_load.parse_files([data]) if isinstance(data, Path) else data
    store = graphstore.as_store(quads)
    return store, list(graphstore.triples(store))


def _store_unchanged(store, before: bytes) -> None:
    import pyoxigraph as ox

    assert list(store.named_graphs()) == []
    assert store.dump(format=ox.RdfFormat.N_QUADS) == before


@pytest.mark.parametrize("path", [p for p in INVALID if "# base: ontology" not in p.read_text(encoding="utf-8")],
                         ids=lambda p: p.stem)
def test_scaled_gate_on_a_store_equals_pyshacl_on_negative_control(path):
    import pyoxigraph as ox

    quads, head = load_fixture(path)
    store, held = _store_of(quads)
    before = store.dump(format=ox.RdfFormat.N_QUADS)
    whole = validate.validate(held, vocab_paths=VOCAB)
    assert whole.results, "a negative control must produce a result"
    _same(whole, gate_fast.validate_sharded(store, jobs=1, vocab_paths=VOCAB))
    _store_unchanged(store, before)


def test_scaled_gate_on_a_store_equals_pyshacl_on_seed_and_damaged_graphs(seed_graph, serial, tmp_path):
    import pyoxigraph as ox

    lines = serial[1]["govkg.nt"].splitlines(keepends=True)
    nt = tmp_path / "g.nt"
    nt.write_bytes(b"".join(line for i, line in enumerate(lines) if i % 61 != 7))
    for path in (Path(seed_graph.nt), nt):
        store, held = _store_of(path)
        before = store.dump(format=ox.RdfFormat.N_QUADS)
        whole = validate.validate(held)
        assert whole.results
        _same(whole, gate_fast.validate_sharded(store, jobs=2))
        _store_unchanged(store, before)
