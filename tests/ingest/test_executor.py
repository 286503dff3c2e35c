"""govkg.ingest.executor: Options, serial and process-pool runs in task order, and the per-document cache."""

from __future__ import annotations

import dataclasses
import sys

import pytest

from govkg.core.errors import InputError
from govkg.ingest import cache as cache_mod
from govkg.ingest import catalog, executor
from govkg.ingest.document import process_source
from govkg.ingest.executor import Options

CORPUS = """[dataset]
title = "three documents"
base = "https://w3id.org/govkg/id/"

[[works]]
id = "rules"
title = { en = "Rules for Providers" }

[[works]]
id = "banfa"
title = { zh-Hans = "人工智能服务管理办法" }

[[works]]
id = "safe"
title = { en = "Rules for Safe AI" }

[[sources]]
id = "c-rules"
file = "rules.txt"
works = ["rules"]
languages = ["en"]
format = "plain"

[[sources]]
id = "a-banfa"
file = "banfa.txt"
works = ["banfa"]
languages = ["zh-Hans"]
format = "plain"

[[sources]]
id = "b-safe"
file = "safe.txt"
works = ["safe"]
languages = ["en"]
format = "ocr"
"""

TEXTS = {
    "rules.txt": "Rules for Providers\n\n1. Providers shall keep records.\n2. Users should report incidents.\n",
    "banfa.txt": "人工智能服务管理办法\n\n第一条 提供者应当保存记录。\n第二条 用户应当报告事件。\n第三条 监管部门应当公布报告。\n",
    "safe.txt": "Rules for Safe AI\n\nAn Al system must be safe. The AI office decides.\n",
}


@pytest.fixture
def cat(tmp_path):
    (tmp_path / "sources").mkdir()
    for name, text in TEXTS.items():
        (tmp_path / "sources" / name).write_text(text, encoding="utf-8")
    (tmp_path / "corpus.toml").write_text(CORPUS, encoding="utf-8")
    return catalog.load(tmp_path / "corpus.toml")


def tasks_of(cat, order):
    return [executor.Task(cat.path, cat.sources_dir, cat.sources[sid],
                          tuple(t for w in cat.sources[sid].works for t in cat.works[w].titles.values()))
            for sid in order]


def summary(res):
    """What a per-document result says, as plain values."""
    return (res.source.id, res.sha256, res.raw,
            [(b.kind, b.start, b.end, b.number, b.lang) for b in res.reading.blocks],
            [(s.text, s.start, s.end, tuple(r.replacement for r in s.repairs)) for e in res.entries
             for s in e.sentences])


ORDER = ["c-rules", "a-banfa", "b-safe"]  # not sorted: the order of the tasks is what comes back


# ── Options ──────────────────────────────────────────────────────────────────────────

def test_option_defaults():
    o = Options()
    assert (o.jobs, o.executor, o.scheduler, o.cache, o.cache_dir) == (None, "process", None, True, None)


def test_options_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        Options().jobs = 4


def test_workers(monkeypatch):
    assert Options(jobs=3).workers == 3
    monkeypatch.setattr(executor.os, "cpu_count", lambda: 5)
    assert Options().workers == 5
    assert Options(jobs=0).workers == 5  # 0: as many as there are cores
    monkeypatch.setattr(executor.os, "cpu_count", lambda: None)
    assert Options().workers == 1  # an unknown core count: one worker


def test_an_unknown_executor_is_one_input_error(cat):
    with pytest.raises(InputError, match=r"--executor 'threads': known executors are process, serial, dask"):
        executor.map_tasks(tasks_of(cat, ORDER), Options(executor="threads"))


def test_no_tasks_no_results():
    assert executor.map_tasks([], Options(executor="serial")) == []


def test_dask_without_distributed_is_one_input_error(cat, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # the import fails
    with pytest.raises(InputError, match="needs the 'distributed' package"):
        executor.map_tasks(tasks_of(cat, ORDER), Options(executor="dask"))


@pytest.mark.parametrize("opts, pooled", [
    (Options(), False),  # few documents and no --jobs: no pool start-up
    (Options(jobs=2), True),
    (Options(jobs=1), False),
    (Options(jobs=2, executor="serial"), False),
])
def test_which_executor_runs(cat, monkeypatch, opts, pooled):
    calls = []

    def fake_pool(tasks, workers, progress):
        calls.append(workers)
        return executor._serial(tasks, progress)

    monkeypatch.setattr(executor, "_pool", fake_pool)
    monkeypatch.setattr(executor.os, "cpu_count", lambda: 2)
    executor.map_tasks(tasks_of(cat, ORDER), opts)
    assert calls == ([2] if pooled else [])


# ── results: serial and pool alike, in task order ────────────────────────────────────

def test_run_task_packs_what_process_source_returns(cat):
    (task,) = tasks_of(cat, ["b-safe"])
    packed = executor.run_task(task)
    assert isinstance(packed, bytes)
    direct = process_source(cat, cat.sources["b-safe"], list(task.titles))
    assert summary(cache_mod.unpack(packed)) == summary(direct)


def test_serial_and_process_pool_give_the_same_results_in_task_order(cat):
    tasks = tasks_of(cat, ORDER)
    serial = [cache_mod.unpack(d) for d in executor.map_tasks(tasks, Options(executor="serial"))]
    pooled = [cache_mod.unpack(d) for d in executor.map_tasks(tasks, Options(executor="process", jobs=2))]
    assert [r.source.id for r in serial] == ORDER
    assert [r.source.id for r in pooled] == ORDER
    assert [summary(r) for r in pooled] == [summary(r) for r in serial]
    # the results are the documents' own: the Chinese one has its three articles
    banfa = serial[1]
    assert [s.text for e in banfa.entries for s in e.sentences] == [
        "提供者应当保存记录。", "用户应当报告事件。", "监管部门应当公布报告。"]
    safe = serial[2]
    assert [s.text for e in safe.entries for s in e.sentences] == [
        "An AI system must be safe.", "The AI office decides."]


def test_progress_sees_every_task(cat):
    seen = []

    def progress(it, total=None):
        for x in it:
            seen.append(x)
            yield x

    executor.map_tasks(tasks_of(cat, ORDER), Options(executor="serial"), progress)
    assert [t.source.id for t in seen] == ORDER


# ── process_all and the cache ────────────────────────────────────────────────────────

def test_a_second_run_is_served_from_the_cache(cat, tmp_path):
    opts = Options(executor="serial", cache_dir=tmp_path / "cache")
    first, counts = executor.process_all(cat, opts)
    assert counts == {"cached": 0, "computed": 3}
    assert list(first) == ["a-banfa", "b-safe", "c-rules"]  # sorted by source id
    assert len(list((tmp_path / "cache").rglob("*.pkl"))) == 3
    again, counts = executor.process_all(cat, opts)
    assert counts == {"cached": 3, "computed": 0}
    assert [summary(r) for r in again.values()] == [summary(r) for r in first.values()]


def test_results_point_at_the_catalog_entries(cat, tmp_path):
    opts = Options(executor="serial", cache_dir=tmp_path / "cache")
    executor.process_all(cat, opts)
    results, _ = executor.process_all(cat, opts)  # from the cache
    for sid, res in results.items():
        assert res.source is cat.sources[sid]
        assert cat.sources[sid].sha256 == res.sha256


def test_an_edited_source_is_computed_again(cat, tmp_path):
    opts = Options(executor="serial", cache_dir=tmp_path / "cache")
    executor.process_all(cat, opts)
    (cat.sources_dir / "rules.txt").write_text(
        "Rules for Providers\n\n1. Providers shall keep logs.\n", encoding="utf-8")
    results, counts = executor.process_all(cat, opts)
    assert counts == {"cached": 2, "computed": 1}
    assert [s.text for e in results["c-rules"].entries for s in e.sentences] == ["Providers shall keep logs."]


def test_no_cache_reads_and_writes_nothing(cat, tmp_path):
    store = tmp_path / "cache"
    executor.process_all(cat, Options(executor="serial", cache_dir=store))
    results, counts = executor.process_all(cat, Options(executor="serial", cache=False, cache_dir=store))
    assert counts == {"cached": 0, "computed": 3}
    assert len(list(store.rglob("*.pkl"))) == 3  # only the first run wrote
    other = tmp_path / "other"
    executor.process_all(cat, Options(executor="serial", cache=False, cache_dir=other))
    assert not other.exists()


def test_cache_and_pool_together(cat, tmp_path):
    opts = Options(jobs=2, cache_dir=tmp_path / "cache")
    pooled, counts = executor.process_all(cat, opts)
    assert counts["computed"] == 3
    cached, counts = executor.process_all(cat, Options(executor="serial", cache_dir=tmp_path / "cache"))
    assert counts == {"cached": 3, "computed": 0}
    assert [summary(r) for r in cached.values()] == [summary(r) for r in pooled.values()]
