"""Queries and endpoint at scale (issue 9, deliverable 7), on a published dist/:

1. embedded, in a child process: the store loaded and the queries run exactly as
   ``build.py query`` does (govkg.serve.query.load_store: govkg.nt and, if built,
   ontology.ttl; govkg.serve.query.execute), load timed; every competency query
   queries/cq*.rq once as a warm-up, then up to ``repeats`` times: p50/p95 ms, rows;
2. server: the store directory of ``make serve`` built with govkg.serve.server.prepare_store
   (``oxigraph load``, timed), the server started as ``make serve`` starts it
   (govkg.serve.server.serve in its own process: ``oxigraph serve-read-only`` behind the
   guarding proxy with its 10 s limit, free loopback ports), and the same queries
   through SPARQLWrapper (govkg.serve.query.execute with ``endpoint``, as
   ``build.py query --endpoint`` does);
3. load test: ``clients`` threads for ``load_seconds`` POSTing a fixed, deterministic
   mix of the competency queries to the proxy (persistent HTTP/1.1 connections):
   requests, throughput, p50/p95, errors (non-200 or exception), RSS of the server
   process and its children (psutil) at start, end and peak;
4. Graph Store publish: govkg.serve.server.publish (what ``build.py publish --endpoint``
   calls) uploading govkg.nt in batches to a second, writable ``oxigraph serve`` on a
   temporary directory; the triple count there is checked against govkg.nt's lines.

A *per-work question* is a query that declares a ``work`` (or ``workA``) parameter;
it is bound to a real work of the graph (works ordered by provision count, most
first, then by id: the first is the largest work; workB is the second) and its p95
is checked against the 100 ms target. Other parameters keep their header defaults.
A query's repeats stop once its runs have used ``query_budget_s`` (a query slower
than that is reported from its single warm-up run); an embedded query still running
after ``embedded_cap_s`` is stopped (child killed, a new one resumes after it), so
that a runaway query cannot stall the bench at 10,000 documents.

Only loopback is used. Servers are stopped in ``finally`` (process groups; they also
die with the bench process).

    python -m bench.queries DIST [--seconds S] [--clients N] [--repeats R] [--json FILE]
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import numpy as np
import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `python bench/queries.py` as well as `-m bench.queries`
    sys.path.insert(0, str(ROOT))

from govkg.core.errors import GovkgError  # noqa: E402
from govkg.serve import guard  # noqa: E402
from govkg.serve import server as serve_mod  # noqa: E402
from govkg.serve.query import execute, graph_files, load_store, read_query  # noqa: E402

QUERY_DIR = ROOT / "queries"
TARGET_P95_MS = 100.0
WORK_PARAMS = ("work", "workA")
MIX_WORKS = 8  # the load test rotates the per-work questions over this many works
CLIENT_TIMEOUT_S = 60.0
START_TIMEOUT_S = 120.0
PUBLISH_BATCH_LINES = 20000  # govkg.serve.server.publish's default, which the CLI uses

# The server process: govkg.serve.server.serve exactly as `make serve` runs it, except that
# its store directory is looked up under the bench's work dir (already loaded there
# by prepare_store, timed) instead of build/sparql-store/.
_SERVE_CHILD = (
    "import sys\n"
    "from pathlib import Path\n"
    "import govkg.serve.server as s\n"
    "s.prepare_store.__defaults__ = (Path(sys.argv[1]),)\n"
    "s.serve('127.0.0.1', int(sys.argv[2]), Path(sys.argv[3]), timeout_s=float(sys.argv[4]))\n"
)

_WORKS_QUERY = """
PREFIX gov: <https://w3id.org/govkg/ontology#>
PREFIX dct: <http://purl.org/dc/terms/>
SELECT ?id (COUNT(DISTINCT ?p) AS ?n) WHERE {
  ?w a gov:Work ; dct:identifier ?id .
  OPTIONAL { ?p a gov:Provision ; gov:partOf ?w }
} GROUP BY ?id ORDER BY DESC(?n) ?id LIMIT %d
"""


# ------------------------------------------------------------------ queries

def competency_queries(query_dir: Path = QUERY_DIR) -> list[dict]:
    """queries/cq*.rq in name order: id, path, text, declared parameters, per-work flag."""
    out = []
    for path in sorted(Path(query_dir).glob("cq*.rq")):
        text = read_query(path)
        declared = guard.header_params(text, str(path))
        out.append({"qid": path.stem, "path": path, "text": text, "declared": declared,
                    "per_work": any(p in declared for p in WORK_PARAMS)})
    return out


def pick_works(store: ox.Store, n: int = MIX_WORKS) -> list[str]:
    """Work ids, the largest work (most provisions) first, ties by id."""
    return [sol["id"].value for sol in store.query(_WORKS_QUERY % max(1, n))]


def bind(q: dict, works: list[str], k: int = 0) -> dict[str, str]:
    """The query's default parameters, with work/workA (and workB) set to works[k]
    (and the next work) when it is a per-work question."""
    values = {name: p.default for name, p in q["declared"].items()}
    for name in ("bearer", "actor", "addressee"):  # the defaults name seed actors; "" is every actor
        if name in values:
            values[name] = ""
    if works:
        if "work" in values:
            values["work"] = works[k % len(works)]
        if "workA" in values:
            values["workA"] = works[k % len(works)]
            if "workB" in values:
                values["workB"] = works[(k + 1) % len(works)]
    return values


def _timed(fn, repeats: int, budget_s: float, warmed=None) -> dict:
    """One warm-up call, then up to ``repeats`` timed calls, stopping once all calls
    together have used ``budget_s`` (a query slower than the budget is reported
    from its warm-up run alone, n=1). fn() returns a row count or raises."""
    t0 = time.perf_counter()
    try:
        rows = fn()
    except Exception as exc:  # reported, not raised: a bench row per query
        return {"first_ms": (time.perf_counter() - t0) * 1000, "rows": None, "n": 0,
                "p50_ms": None, "p95_ms": None, "errors": 1, "error": f"{type(exc).__name__}: {exc}"[:300]}
    first = time.perf_counter() - t0
    if warmed:
        warmed()
    times, errors, used = [], 0, first
    for _ in range(repeats):
        if used > budget_s:
            break
        t0 = time.perf_counter()
        try:
            fn()
        except Exception:
            errors += 1
        dt = time.perf_counter() - t0
        times.append(dt * 1000)
        used += dt
    if not times:
        times = [first * 1000]
    p50, p95 = (float(x) for x in np.percentile(times, [50, 95]))
    return {"first_ms": first * 1000, "rows": rows, "n": len(times), "p50_ms": p50, "p95_ms": p95,
            "errors": errors}


def _embedded_child(dist: Path, start: int, repeats: int, budget_s: float) -> None:
    """In its own process (so that a runaway query can be stopped): load the store
    and run the queries exactly as ``build.py query`` does (govkg.serve.query.load_store,
    govkg.serve.query.execute), timing queries[start:], one JSON line each."""
    import psutil

    t0 = time.perf_counter()
    store = load_store(dist)
    load_s = time.perf_counter() - t0
    works = pick_works(store)
    _emit({"loaded": True, "s": load_s, "triples": len(store), "works": works,
           "rss_mb": psutil.Process().memory_info().rss / 2**20})
    for q in competency_queries()[start:]:
        values = bind(q, works)
        r = _timed(lambda q=q, values=values: _count(execute(q["path"], values, dist=dist)), repeats, budget_s,
                   warmed=lambda q=q: _emit({"warm": q["qid"]}))
        _emit({"phase": "embedded", "query": q["qid"], "per_work": q["per_work"], "params": values, **r})


def _count(results) -> int:
    if results.boolean is not None:
        return 1
    return len(results.triples) if results.triples is not None else len(results.rows)


def _emit(rec: dict) -> None:
    sys.stdout.write(json.dumps(rec) + "\n")
    sys.stdout.flush()


def embedded_phase(dist: Path, repeats: int, budget_s: float, cap_s: float, log_path: Path) -> tuple[dict, list]:
    """Run _embedded_child; a query with no answer within ``cap_s`` (plus the time its
    repeats may take) is recorded as a timeout, the child killed and a new one
    started (reloading the store) for the queries after it."""
    import queue

    cqs = competency_queries()
    loaded: dict = {}
    records: list[dict] = []
    start = 0
    while start < len(cqs):
        env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
        with open(log_path, "ab") as log:
            proc = subprocess.Popen(
                [sys.executable, "-m", "bench.queries", "--embedded-child", str(Path(dist).resolve()),
                 "--start", str(start), "--repeats", str(repeats), "--budget", str(budget_s)],
                cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=log,
                text=True, start_new_session=True, preexec_fn=serve_mod._die_with_parent)
        lines: queue.Queue = queue.Queue()
        reader = threading.Thread(target=lambda: ([lines.put(ln) for ln in proc.stdout], lines.put(None)),
                                  daemon=True)
        reader.start()
        try:
            first = lines.get(timeout=START_TIMEOUT_S * 10)  # loading a 10k graph takes a while
            if first is None:
                raise RuntimeError(f"embedded bench exited: {log_path.read_text(errors='replace')[-500:]}")
            info = json.loads(first)
            loaded = loaded or info
            while start < len(cqs):
                try:  # the warm-up run within cap_s, the repeats within the budget (+ one slow run)
                    line = lines.get(timeout=cap_s)
                    if line is not None and "warm" in json.loads(line):
                        line = lines.get(timeout=budget_s + cap_s + 10)
                except queue.Empty:
                    records.append({"phase": "embedded", "query": cqs[start]["qid"],
                                    "per_work": cqs[start]["per_work"], "params": bind(cqs[start], info["works"]),
                                    "rows": None, "n": 0, "first_ms": None, "p50_ms": None, "p95_ms": None,
                                    "errors": 1, "error": f"timeout: stopped after {cap_s:g} s"})
                    start += 1
                    break
                if line is None:
                    raise RuntimeError(f"embedded bench exited: {log_path.read_text(errors='replace')[-500:]}")
                records.append(json.loads(line))
                start += 1
        finally:
            stop_group(proc)
            reader.join(timeout=10)
            proc.stdout.close()
    return loaded, records


# ------------------------------------------------------------------ processes

def rss_mb(pid: int) -> float | None:
    """RSS of a process and all its children, MiB."""
    import psutil

    try:
        p = psutil.Process(pid)
        total = p.memory_info().rss
        for c in p.children(recursive=True):
            try:
                total += c.memory_info().rss
            except psutil.Error:
                pass
        return total / 2**20
    except psutil.Error:
        return None


def _wait_port(port: int, proc: subprocess.Popen, log_path: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited ({proc.returncode}): "
                               f"{log_path.read_text(errors='replace')[-500:].strip()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"server did not listen on 127.0.0.1:{port} within {timeout:g} s")


def start_server(dist: Path, store_root: Path, log_path: Path,
                 timeout_s: float = serve_mod.DEFAULT_TIMEOUT_S) -> tuple[subprocess.Popen, int]:
    """`make serve` on a free port, in its own process group; (process, proxy port)."""
    port = serve_mod.free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-c", _SERVE_CHILD, str(store_root), str(port), str(Path(dist).resolve()),
             str(timeout_s)],
            cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True, preexec_fn=serve_mod._die_with_parent)
    try:
        _wait_port(port, proc, log_path, START_TIMEOUT_S)
    except BaseException:
        stop_group(proc)
        raise
    return proc, port


def stop_group(proc: subprocess.Popen | None) -> None:
    """SIGTERM the process group (the server stops its oxigraph child), then SIGKILL."""
    if proc is None:
        return
    for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 10)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            break
        try:
            proc.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            continue
        try:  # the leader is gone; make sure nothing of its group is left
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        break


# ------------------------------------------------------------------ load test

def load_test(port: int, mix: list[tuple[str, str]], seconds: float, clients: int, server_pid: int) -> dict:
    """``clients`` threads POSTing the (qid, bound query text) ``mix`` to the proxy for
    ``seconds``; client i starts at item i*len(mix)//clients and walks the mix in order."""
    lat: list[list[tuple[str, float, bool]]] = [[] for _ in range(clients)]
    err_samples: list[str] = []
    peak = [rss_mb(server_pid) or 0.0]
    stop_sampling = threading.Event()

    def sampler():
        while not stop_sampling.wait(0.5):
            peak[0] = max(peak[0], rss_mb(server_pid) or 0.0)

    def client(i: int, deadline: float):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=CLIENT_TIMEOUT_S)
        k = i * len(mix) // clients
        headers = {"Content-Type": "application/sparql-query; charset=utf-8",
                   "Accept": "application/sparql-results+json"}
        while time.monotonic() < deadline:
            qid, text = mix[k % len(mix)]
            k += 1
            t0 = time.perf_counter()
            ok = False
            try:
                conn.request("POST", "/query", body=text.encode("utf-8"), headers=headers)
                resp = conn.getresponse()
                body = resp.read()
                ok = resp.status == 200
                if not ok and len(err_samples) < 5:
                    err_samples.append(f"{qid}: HTTP {resp.status} {body[:120]!r}")
                if resp.getheader("Connection", "").lower() == "close":
                    conn.close()
            except Exception as exc:
                if len(err_samples) < 5:
                    err_samples.append(f"{qid}: {type(exc).__name__}: {exc}")
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=CLIENT_TIMEOUT_S)
            lat[i].append((qid, (time.perf_counter() - t0) * 1000, ok))
        conn.close()

    rss_start = rss_mb(server_pid)
    threading.Thread(target=sampler, daemon=True).start()
    start = time.monotonic()
    threads = [threading.Thread(target=client, args=(i, start + seconds), daemon=True) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - start
    stop_sampling.set()
    rss_end = rss_mb(server_pid)
    peak[0] = max(peak[0], rss_end or 0.0)
    flat = [x for per in lat for x in per]
    ms = np.array([m for _, m, _ in flat]) if flat else np.array([0.0])
    errors = sum(1 for _, _, ok in flat if not ok)
    per_query = {}
    for qid in sorted({q for q, _ in mix}):
        qms = [m for q, m, _ in flat if q == qid]
        per_query[qid] = {"requests": len(qms), "errors": sum(1 for q, _, ok in flat if q == qid and not ok),
                          "p50_ms": float(np.percentile(qms, 50)) if qms else None,
                          "p95_ms": float(np.percentile(qms, 95)) if qms else None}
    return {"clients": clients, "seconds": elapsed, "requests": len(flat), "errors": errors,
            "throughput_rps": len(flat) / elapsed if elapsed else 0.0,
            "p50_ms": float(np.percentile(ms, 50)), "p95_ms": float(np.percentile(ms, 95)),
            "max_ms": float(ms.max()), "rss_start_mb": rss_start, "rss_end_mb": rss_end,
            "rss_peak_mb": peak[0], "per_query": per_query, "error_samples": err_samples}


# ------------------------------------------------------------------ graph store

def nt_lines(nt: Path) -> int:
    """Triples in an N-Triples file: its non-blank, non-comment lines."""
    n = 0
    with open(nt, "rb") as fh:
        for line in fh:
            s = line.strip()
            n += bool(s) and not s.startswith(b"#")
    return n


def count_triples(endpoint: str) -> int:
    body = urllib.parse.urlencode({"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"}).encode()
    req = urllib.request.Request(endpoint, data=body, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(req, timeout=600) as resp:
        doc = json.load(resp)
    return int(doc["results"]["bindings"][0]["n"]["value"])


def graph_store_publish(nt: Path, workdir: Path) -> dict:
    location = Path(tempfile.mkdtemp(prefix="gsp-store-", dir=workdir))
    proc = None
    try:
        port, proc = serve_mod.start_oxigraph(location, writable=True, timeout_s=600)
        t0 = time.perf_counter()
        sent = serve_mod.publish(f"http://127.0.0.1:{port}/store", nt)
        seconds = time.perf_counter() - t0
        lines = nt_lines(nt)
        on_server = count_triples(f"http://127.0.0.1:{port}/query")
        rss = rss_mb(proc.pid)
        return {"seconds": seconds, "sent": sent, "batches": max(1, -(-sent // PUBLISH_BATCH_LINES)),
                "batch_lines": PUBLISH_BATCH_LINES, "nt_lines": lines, "on_server": on_server,
                "match": on_server == lines, "server_rss_mb": rss}
    finally:
        if proc is not None:
            serve_mod._stop(proc)
        shutil.rmtree(location, ignore_errors=True)


# ------------------------------------------------------------------ the bench

def query_bench(dist: Path, workdir: Path, load_seconds: float = 60, clients: int = 16, repeats: int = 20,
                query_budget_s: float = 15.0, embedded_cap_s: float = 120.0, mix_all: bool = True,
                keep_store: bool = False) -> dict:
    """Run the four measurements on a published ``dist``; scratch files go under
    ``workdir`` (the server's store directory is removed at the end unless
    ``keep_store``). Each query's repeats stop once they have used ``query_budget_s``;
    an embedded query with no answer within ``embedded_cap_s`` is stopped (the server
    stops its own after its 10 s limit). The load test's mix holds every competency
    query (``mix_all``; False leaves out those that failed alone on the server).
    Returns {"records": [...], "table": markdown, ...}."""
    dist, workdir = Path(dist), Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    files = graph_files(dist)
    nt = dist / "govkg.nt"
    cqs = competency_queries()
    records: list[dict] = []
    out: dict = {"dist": str(dist), "records": records}

    # 1. embedded (in a child process: a runaway query is stopped after embedded_cap_s)
    info, emb = embedded_phase(dist, repeats, query_budget_s, embedded_cap_s, workdir / "embedded.log")
    out["triples"] = info["triples"]
    out["graph_files"] = [f.name for f in files]
    works = out["works"] = info["works"]
    records.append({"phase": "load", "step": "embedded store (govkg.serve.query.load_store: the build's store beside dist/, opened read-only)", "s": info["s"],
                    "triples": info["triples"], "rss_mb": info["rss_mb"]})
    records.extend(emb)

    # 2. server
    store_root = workdir / "sparql-store"
    proc = None
    try:
        t0 = time.perf_counter()
        location = serve_mod.prepare_store(dist, root=store_root)
        records.append({"phase": "load", "step": "server store (govkg.serve.server.prepare_store: the build's store, or oxigraph load)", "s": time.perf_counter() - t0,
                        "store_mb": sum(p.stat().st_size for p in location.rglob("*") if p.is_file()) / 2**20})
        t0 = time.perf_counter()
        proc, port = start_server(dist, store_root, workdir / "serve.log")
        records.append({"phase": "load", "step": "server start (until listening)", "s": time.perf_counter() - t0,
                        "rss_mb": rss_mb(proc.pid)})
        endpoint = f"http://127.0.0.1:{port}/query"
        out["endpoint"] = endpoint

        def remote(q, values):
            return _count(execute(q["path"], values, endpoint=endpoint))

        for q in cqs:
            values = bind(q, works)
            r = _timed(lambda q=q, values=values: remote(q, values), repeats, query_budget_s)
            records.append({"phase": "server", "query": q["qid"], "per_work": q["per_work"], "params": values, **r})

        # 3. load test: every query once per work of the rotation (a query without a
        # work parameter once), interleaved so that each client sees all of them
        failed = {r["query"] for r in records if r["phase"] == "server" and r.get("error")}
        out["excluded_from_mix"] = sorted(failed) if not mix_all else []
        mix = []
        for k in range(min(MIX_WORKS, max(1, len(works)))):
            for q in cqs:
                if (q["per_work"] or k == 0) and q["qid"] not in out["excluded_from_mix"]:
                    mix.append((q["qid"], guard.bind_values_text(q["text"], bind(q, works, k), q["qid"])))
        if mix:
            lt = load_test(port, mix, load_seconds, clients, proc.pid)
            lt["mix_size"] = len(mix)
            records.append({"phase": "load-test", **lt})
    finally:
        stop_group(proc)
        if not keep_store:
            shutil.rmtree(store_root, ignore_errors=True)

    # 4. Graph Store publish
    records.append({"phase": "publish", **graph_store_publish(nt, workdir)})
    out.update(summary(records))
    out["table"] = table(out)
    return out


def summary(records: list[dict]) -> dict:
    """The BENCH line's figures: the worst p95 of the per-work questions, embedded or
    through the server (("dnf", limit ms) when one had no answer), and the load test's
    failed requests."""
    per_work = [r for r in records if r["phase"] in ("embedded", "server") and r.get("per_work")]
    if any(r.get("p95_ms") is None for r in per_work):
        worst = ("dnf", serve_mod.DEFAULT_TIMEOUT_S * 1000)
    else:
        worst = max((r["p95_ms"] for r in per_work), default=0.0)
    load = [r for r in records if r["phase"] == "load-test"]
    return {"worst_per_work_p95_ms": worst, "load_errors": load[0]["errors"] if load else "not run"}


# ------------------------------------------------------------------ report

def _f(x, fmt="{:.1f}") -> str:
    return "—" if x is None else fmt.format(x)


def table(out: dict) -> str:
    recs = out["records"]
    emb = {r["query"]: r for r in recs if r["phase"] == "embedded"}
    srv = {r["query"]: r for r in recs if r["phase"] == "server"}
    works = out.get("works") or []
    lines = [f"Competency queries on {out['triples']:,} triples ({' + '.join(out['graph_files'])}); "
             f"per-work questions bound to work `{works[0] if works else '—'}` (the largest work); "
             f"target p95 ≤ {TARGET_P95_MS:g} ms for per-work questions.", "",
             "| query | per-work | rows (emb / srv) | embedded p50 / p95 ms | server p50 / p95 ms "
             "| runs (emb / srv) | first run ms (emb / srv) | p95 ≤ target (emb / srv) |",
             "|---|---|---|---|---|---|---|---|"]

    def met(r):
        return "—" if r.get("p95_ms") is None else ("yes" if r["p95_ms"] <= TARGET_P95_MS else "**no**")

    notes = []
    for qid, e in emb.items():
        s = srv.get(qid, {})
        rows = f"{_f(e.get('rows'), '{}')} / {_f(s.get('rows'), '{}')}"
        if s and None not in (e.get("rows"), s.get("rows")) and e["rows"] != s["rows"]:
            rows += " **differ**"
        for where, r in (("embedded", e), ("server", s)):
            if r.get("error"):
                notes.append(f"- {qid} ({where}): " + r["error"].splitlines()[0][:200])
        target = f"{met(e)} / {met(s)}" if e["per_work"] else "(not per-work)"
        lines.append(f"| {qid} | {'yes' if e['per_work'] else 'no'} | {rows} "
                     f"| {_f(e.get('p50_ms'))} / {_f(e.get('p95_ms'))} | {_f(s.get('p50_ms'))} / {_f(s.get('p95_ms'))} "
                     f"| {e.get('n', 0)} / {s.get('n', 0)} "
                     f"| {_f(e.get('first_ms'), '{:.0f}')} / {_f(s.get('first_ms'), '{:.0f}')} | {target} |")
    lines += ["", "(p50/p95 over the runs after one warm-up run, or the warm-up run alone when it used the "
              "whole budget; server = `make serve` through SPARQLWrapper, as `build.py query --endpoint`.)"]
    if notes:
        lines += ["", "Failures:", *notes]
    lines += ["", "| step | seconds | detail |", "|---|---|---|"]
    for r in recs:
        if r["phase"] == "load":
            detail = (f"{r['triples']:,} triples; process RSS {r['rss_mb']:.0f} MiB" if "triples" in r else
                      f"store {r['store_mb']:.0f} MiB on disk" if "store_mb" in r else
                      f"server RSS {_f(r.get('rss_mb'), '{:.0f}')} MiB")
            lines.append(f"| {r['step']} | {r['s']:.2f} | {detail} |")
    for r in recs:
        if r["phase"] == "publish":
            lines.append(f"| Graph Store publish (`build.py publish --endpoint`, {r['batches']} batch(es) of "
                         f"{r['batch_lines']:,} lines, to `oxigraph serve`) | {r['seconds']:.2f} "
                         f"| {r['sent']:,} triples sent; {r['on_server']:,} on the server vs {r['nt_lines']:,} "
                         f"lines in govkg.nt: {'match' if r['match'] else '**MISMATCH**'} |")
    excluded = out.get("excluded_from_mix") or []
    for r in recs:
        if r["phase"] == "load-test":
            lines += ["", f"Load test: {r['clients']} clients, {r['seconds']:.1f} s, loopback, "
                      f"a fixed mix of {r['mix_size']} query texts (per-work questions over "
                      f"{min(MIX_WORKS, max(1, len(works)))} works)"
                      + (f"; left out (failed alone on the server): {', '.join(excluded)}" if excluded else "")
                      + ".", "",
                      "| requests | req/s | p50 ms | p95 ms | max ms | errors | server RSS start / end / peak MiB |",
                      "|---|---|---|---|---|---|---|",
                      f"| {r['requests']:,} | {r['throughput_rps']:.1f} | {r['p50_ms']:.1f} | {r['p95_ms']:.1f} "
                      f"| {r['max_ms']:.0f} | {r['errors']} | {_f(r['rss_start_mb'], '{:.0f}')} / "
                      f"{_f(r['rss_end_mb'], '{:.0f}')} / {_f(r['rss_peak_mb'], '{:.0f}')} |"]
            if r["error_samples"]:
                lines += ["", "Errors (first few): " + "; ".join(e.replace("\n", " ")[:200] for e in r["error_samples"])]
    if not any(r["phase"] == "load-test" for r in recs):
        lines += ["", "Load test: not run (every query failed alone on the server)."]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m bench.queries", description=__doc__.split("\n\n")[0])
    parser.add_argument("dist", type=Path)
    parser.add_argument("--embedded-child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--start", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--budget", type=float, default=15.0,
                        help="seconds of repeats per query and phase (default 15)")
    parser.add_argument("--cap", type=float, default=120.0,
                        help="an embedded query is stopped after this many seconds (default 120)")
    parser.add_argument("--mix-all", action="store_true",
                        help="keep queries that fail alone on the server in the load test's mix")
    parser.add_argument("--seconds", type=float, default=60, help="load test duration (default 60)")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--workdir", type=Path, help="scratch directory (default: a temporary one)")
    parser.add_argument("--json", type=Path, help="also write the records here")
    args = parser.parse_args(argv)
    if args.embedded_child:
        _embedded_child(args.dist, args.start, args.repeats, args.budget)
        return 0
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # run the finally blocks: stop the servers
    tmp = None
    workdir = args.workdir
    if workdir is None:
        workdir = Path(tmp := tempfile.mkdtemp(prefix="govkg-qbench-"))
    try:
        t0 = time.perf_counter()
        out = query_bench(args.dist, workdir, load_seconds=args.seconds, clients=args.clients,
                          repeats=args.repeats, query_budget_s=args.budget, embedded_cap_s=args.cap,
                          mix_all=args.mix_all)
        out["wall_s"] = time.perf_counter() - t0
    except GovkgError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    sys.stdout.write(out["table"])
    print(f"\n(bench wall time {out['wall_s']:.1f} s)")
    if args.json:
        args.json.write_text(json.dumps(out, indent=1, default=str) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
