"""Run the per-document stages (read, normalise, segment) for many sources at once:
serially, in a local process pool (both cores; the default), or on a Dask cluster
(`--executor dask --scheduler ADDRESS`). Whatever runs them, results come back in the
order of the tasks, so the build is byte-identical to a serial one.

A task carries only what one document needs: the sources folder, its catalog entry
and the titles of its works; the worker rebuilds a one-entry catalog and calls
`ingest.document.process_source`, the same pure function a serial build calls.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from govkg.core.errors import InputError
from govkg.ingest import cache as cache_mod
from govkg.ingest.catalog import Catalog, resolve_path
from govkg.ingest.document import process_source

EXECUTORS = ("process", "serial", "dask")
AUTO_POOL_MIN = 24  # without an explicit --jobs, fewer documents than this run serially (no pool start-up)


@dataclass(frozen=True)
class Options:
    """How to run the per-document stages (from `build.py build` options)."""

    jobs: int | None = None  # None: os.cpu_count()
    executor: str = "process"  # process | serial | dask
    scheduler: str | None = None  # Dask scheduler address; None or "local": a LocalCluster
    cache: bool = True
    cache_dir: Path | None = None  # None: build/cache beside the code

    @property
    def workers(self) -> int:
        return max(1, self.jobs or os.cpu_count() or 1)


@dataclass(frozen=True)
class Task:
    catalog_path: Path
    sources_dir: Path
    source: object  # model.Source
    titles: tuple[str, ...]


def run_task(task: Task) -> bytes:
    """The per-document function every executor calls (top level: picklable); the
    result comes back packed (cache.pack), ready for the cache."""
    cat = Catalog(task.catalog_path, task.sources_dir, {}, {task.source.id: task.source})
    return cache_mod.pack(process_source(cat, task.source, list(task.titles)))


def _serial(tasks, progress):
    return [run_task(t) for t in progress(tasks)]


def _pool(tasks, workers: int, progress):
    chunk = max(1, min(64, len(tasks) // (workers * 8) or 1))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(progress(pool.map(run_task, tasks, chunksize=chunk), total=len(tasks)))


def _dask(tasks, opts: Options, progress):
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise InputError("--executor dask needs the 'distributed' package (pip install distributed)") from None
    cluster = None
    if not opts.scheduler or opts.scheduler == "local":
        cluster = LocalCluster(n_workers=opts.workers, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        address = cluster
    else:
        address = opts.scheduler
    try:
        try:
            client = Client(address, timeout="20s")
        except OSError as exc:
            raise InputError(f"--scheduler {opts.scheduler}: cannot reach the Dask scheduler ({exc})") from None
        with client:
            futures = client.map(run_task, tasks, pure=False)
            return client.gather(list(progress(futures, total=len(futures))))
    finally:
        if cluster is not None:
            cluster.close()


def map_tasks(tasks: list[Task], opts: Options, progress=None) -> list:
    """process_source for every task, in task order, each packed (cache.pack)."""
    if progress is None:
        def progress(it, total=None):
            return it
    if not tasks:
        return []
    if opts.executor not in EXECUTORS:
        raise InputError(f"--executor {opts.executor!r}: known executors are {', '.join(EXECUTORS)}")
    if opts.executor == "dask":
        return _dask(tasks, opts, progress)
    if opts.executor == "serial" or opts.workers == 1 or (opts.jobs is None and len(tasks) < AUTO_POOL_MIN):
        return _serial(tasks, progress)
    return _pool(tasks, opts.workers, progress)


def process_all(cat, opts: Options, progress=None) -> tuple[dict, dict]:
    """Per-document results for every source of the catalog, from the cache where the
    key matches, else computed by the chosen executor (and stored). Returns
    (results by source id, counts {"cached": n, "computed": n})."""
    store = cache_mod.Cache(opts.cache_dir) if opts.cache else None
    results: dict = {}
    todo: list[tuple[str, str | None, Task]] = []
    for sid in sorted(cat.sources):
        src = cat.sources[sid]
        titles = tuple(t for w in src.works for t in cat.works[w].titles.values())
        task = Task(cat.path, cat.sources_dir, src, titles)
        k = None
        if store is not None:
            path = resolve_path(cat.sources_dir, src.file, f"source '{sid}'")
            try:
                k = cache_mod.key(path.read_bytes(), src, titles)
            except OSError:
                k = None  # process_source reports the missing file
            hit = store.get(k) if k else None
            if hit is not None:
                results[sid] = hit
                continue
        todo.append((sid, k, task))
    computed = map_tasks([t for _, _, t in todo], opts, progress)
    for (sid, k, _), data in zip(todo, computed):
        results[sid] = cache_mod.unpack(data)
        if store is not None and k:
            store.put(k, data)
    for sid, res in results.items():  # results from a worker or the cache hold a copy
        res.source = cat.sources[sid]
        res.source.sha256 = res.sha256
    return {sid: results[sid] for sid in sorted(results)}, {"cached": len(cat.sources) - len(todo), "computed": len(todo)}
