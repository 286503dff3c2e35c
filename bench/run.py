"""`build.py bench --sizes "100 1000 10000"` (`make bench SIZES=...`): for each size,
a synthetic corpus (bench/synth.py, seed 42), then in separate processes

  1. the govkg build (clean cache), stage by stage, with the scaled SHACL gate;
  2. an incremental rebuild after one document changed (cache on);
  3. the floor: pyoxigraph parsing and serialising the same N-Triples;
  4. the naive baseline (rdflib + whole-graph pyshacl + rdflib serialisers), stopped
     after BASELINE_TIMEOUT_S seconds (env, default 900) and then reported as dnf,
     never extrapolated;

one table per size and one line
`BENCH docs=N triples=T build_s=B peak_rss_mb=M baseline_s=X ratio_vs_baseline=R floor_s=F ratio_vs_floor=Q
rebuild1_s=U query_p95_ms=P load_errors=E exports=on|off`
(R = X / B, Q = B / F; U the rebuild after one changed document; P the worst p95 of
the per-work competency queries, embedded or through the server, ">T" when one had
no answer within the server's T ms; E the failed requests of the load test; the
networkx, figure and page exports are part of the build unless BENCH_EXPORTS=0).
Each run is appended to bench/results.md with the machine,
the date and the package versions. Peak RSS is the largest sum of RSS over the
process and its workers, sampled every 0.1 s with psutil.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from importlib import metadata
from pathlib import Path

from . import synth

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "work"
RESULTS = ROOT / "bench" / "results.md"
PACKAGES = ("rdflib", "pyshacl", "pyoxigraph", "opencc", "pyspellchecker", "dask", "distributed", "psutil")
SEED = 42
EXPORT_HOOKS = ("publish hook: write_views", "publish hook: write_exports", "publish hook: write_figures", "publish hook: write_index")


def run_child(args: list[str], timeout: float | None = None) -> dict:
    """Run `python -m bench.naive ARGS`; its JSON records, wall time, peak tree RSS."""
    import psutil

    proc = subprocess.Popen([sys.executable, "-m", "bench.naive", *args], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    records: list[dict] = []
    err: list[str] = []
    t_out = threading.Thread(target=lambda: [records.append(json.loads(ln)) for ln in proc.stdout if ln.startswith("{")])
    t_err = threading.Thread(target=lambda: err.extend(proc.stderr))
    t_out.start()
    t_err.start()
    start = time.perf_counter()
    peak = 0
    timed_out = False
    ps = psutil.Process(proc.pid)
    while proc.poll() is None:
        try:
            rss = ps.memory_info().rss + sum(c.memory_info().rss for c in ps.children(recursive=True))
            peak = max(peak, rss)
        except psutil.Error:
            pass
        if timeout is not None and time.perf_counter() - start > timeout:
            os.killpg(proc.pid, signal.SIGKILL)
            timed_out = True
            break
        time.sleep(0.1)
    proc.wait()
    t_out.join()
    t_err.join()
    return {"records": records, "wall": time.perf_counter() - start, "peak_mb": peak / 2**20,
            "timed_out": timed_out, "rc": proc.returncode, "stderr": "".join(err[-20:])}


def _done(child: dict, what: str) -> dict:
    done = [r for r in child["records"] if r.get("done")]
    if not done:
        raise SystemExit(f"bench: the {what} failed (exit {child['rc']}):\n{child['stderr']}")
    return done[0]


def touch_one(corpus: Path) -> str:
    """Change one document (a word of the first plain or web source) and its catalog hash."""
    catalog = corpus / "corpus.toml"
    text = catalog.read_text(encoding="utf-8")
    for m in re.finditer(r'file = "([^"]+)"\nlanguages = \[\n    "en",\n\]\nformat = "(plain|web)"', text):
        path = corpus / "sources" / m.group(1)
        raw = path.read_text(encoding="utf-8")
        if " should " in raw:
            new = raw.replace(" should ", " must ", 1)
            path.write_text(new, encoding="utf-8")
            old_sha = hashlib.sha256(raw.encode()).hexdigest()
            catalog.write_text(text.replace(old_sha, hashlib.sha256(new.encode()).hexdigest()), encoding="utf-8")
            return m.group(1)
    raise SystemExit("bench: no English plain or web document with 'should' to change")


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.resolve().rglob("*") if p.is_file())


def bench_size(n: int, timeout: float, jobs: int | None) -> dict:
    corpus = WORK / f"n{n}"
    shutil.rmtree(corpus, ignore_errors=True)
    t = time.perf_counter()
    counts = synth.generate(corpus, n, SEED)
    synth_s = time.perf_counter() - t
    dist, cache = corpus / "dist", corpus / "cache"
    jobs_args = ["--jobs", str(jobs)] if jobs else []
    build = run_child(["build", str(corpus / "corpus.toml"), str(dist), "--cache-dir", str(cache), *jobs_args])
    done = _done(build, "build")
    changed = touch_one(corpus)
    rebuild = run_child(["build", str(corpus / "corpus.toml"), str(dist), "--cache-dir", str(cache), *jobs_args])
    rdone = _done(rebuild, "incremental rebuild")
    nt = dist / "govkg.nt"
    floor = run_child(["floor", str(nt)])
    fdone = _done(floor, "floor")
    queries = None
    if os.environ.get("BENCH_QUERIES", "1") != "0":  # deliverable 7: latency, load test, Graph Store publish
        from .queries import query_bench

        print(f"bench: queries and server on {n} documents", file=sys.stderr, flush=True)
        queries = query_bench(dist, corpus / "queries", load_seconds=float(os.environ.get("BENCH_LOAD_S", "60")))
    base = run_child(["baseline", str(nt)], timeout=timeout)
    bdone = [r for r in base["records"] if r.get("done")]
    if not bdone and not base["timed_out"]:
        raise SystemExit(f"bench: the baseline failed (exit {base['rc']}):\n{base['stderr']}")
    return {"n": n, "counts": counts, "synth_s": synth_s, "build": build, "done": done, "rebuild": rebuild,
            "rdone": rdone, "changed": changed, "floor": floor, "fdone": fdone, "base": base,
            "bdone": bdone[0] if bdone else None, "dist_bytes": dir_size(dist), "timeout": timeout,
            "queries": queries}


def bench_line(r: dict) -> str:
    d = r["done"]
    b, f = d["build_s"], r["fdone"]["total_s"]
    if r["bdone"]:
        x = r["bdone"]["total_s"]
        base = f"baseline_s={x:.1f} ratio_vs_baseline={x / b:.1f}"
    else:
        base = f"baseline_s=dnf ratio_vs_baseline=>{r['timeout'] / b:.1f}"
    q = r.get("queries") or {}
    worst = q.get("worst_per_work_p95_ms")
    p95 = "n/a" if not q else (f">{worst[1]:.0f}" if isinstance(worst, tuple) else f"{worst:.1f}")
    errors = q.get("load_errors", "n/a") if q else "n/a"
    return (f"BENCH docs={d['documents']} triples={d['triples']} build_s={b:.1f} peak_rss_mb={r['build']['peak_mb']:.0f} "
            f"{base} floor_s={f:.2f} ratio_vs_floor={b / f:.1f} rebuild1_s={r['rdone']['build_s']:.1f} "
            f"query_p95_ms={p95} load_errors={errors} exports={'on' if exports_on() else 'off'}")


def exports_on() -> bool:
    return os.environ.get("BENCH_EXPORTS", "1") != "0"


def table(r: dict) -> str:
    d = r["done"]
    b = d["build_s"]
    rows = [f"#### {d['documents']} documents ({r['counts']['works']} works declared, {d['works']} aligned), "
            f"{d['triples']} triples", "", "| stage | wall s |", "|---|---:|"]
    rows += [f"| {rec['stage']} | {rec['s']:.2f} |" for rec in r["build"]["records"] if "stage" in rec]
    exports = sum(rec["s"] for rec in r["build"]["records"]
                  if rec.get("stage", "").strip() in EXPORT_HOOKS)
    core = b - exports
    f = r["fdone"]["total_s"]
    vs_base = f"{r['bdone']['total_s'] / core:.1f}" if r["bdone"] else f">{r['timeout'] / core:.1f}"
    rows += [
        f"| **build total (in process)** | **{b:.2f}** |",
        f"| build without the networkx/figure/HTML exports (the work the baseline does, plus more) | {core:.2f} |",
        f"| … its ratio vs baseline / vs floor | {vs_base} / {core / f:.1f} |",
        "", "| measure | value |", "|---|---:|",
        f"| build wall incl. interpreter start | {r['build']['wall']:.1f} s |",
        f"| documents/s | {d['documents'] / b:.1f} |",
        f"| triples/s | {d['triples'] / b:,.0f} |",
        f"| peak RSS (process + workers) | {r['build']['peak_mb']:.0f} MB |",
        f"| dist/ size | {r['dist_bytes'] / 2**20:.1f} MB |",
        f"| rebuild after changing one document ({r['changed']}) | {r['rdone']['build_s']:.1f} s "
        f"({r['rdone']['cached']} of {d['documents']} documents from the cache) |",
        f"| floor: pyoxigraph parse + Turtle + N-Triples + JSON-LD | {r['fdone']['total_s']:.2f} s |",
    ]
    rows += [f"| floor: {rec['phase']} | {rec['s']:.2f} s |" for rec in r["floor"]["records"] if "phase" in rec]
    for rec in r["base"]["records"]:
        if "phase" in rec:
            rows.append(f"| baseline: {rec['phase']} | {rec['s']:.1f} s |")
    if r["bdone"]:
        rows.append(f"| baseline total | {r['bdone']['total_s']:.1f} s |")
    else:
        rows.append(f"| baseline total | dnf (stopped after {r['timeout']:.0f} s; peak RSS {r['base']['peak_mb']:.0f} MB) |")
    if r.get("queries"):
        rows += ["", f"Queries, server and Graph Store publish on the {d['documents']}-document graph "
                     "(bench/queries.py):", "", r["queries"]["table"].rstrip()]
    return "\n".join(rows)


def machine() -> str:
    cpu = ""
    try:
        cpu = next(ln.split(":", 1)[1].strip() for ln in open("/proc/cpuinfo") if ln.startswith("model name"))
    except (OSError, StopIteration):
        pass
    try:
        import psutil

        mem = f"{psutil.virtual_memory().total / 2**30:.1f} GiB RAM"
    except ImportError:
        mem = ""
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    versions = ", ".join(f"{p} {_version(p)}" for p in PACKAGES)
    return (f"- machine: {platform.platform()}; {cpu}; {os.cpu_count()} cores; {mem}; load average at start {load}\n"
            f"- Python {platform.python_version()}; {versions}")


def _version(pkg: str) -> str:
    try:
        return metadata.version(pkg)
    except metadata.PackageNotFoundError:
        return "absent"


def main_bench(args) -> int:
    sizes = [int(s) for s in str(args.sizes).replace(",", " ").split()]
    timeout = float(os.environ.get("BASELINE_TIMEOUT_S", "900"))
    jobs = getattr(args, "jobs", None)
    header = (f"\n## Run of {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC, sizes {' '.join(map(str, sizes))}\n\n"
              f"{machine()}\n- baseline timeout {timeout:.0f} s; corpus seed {SEED}; "
              f"export hooks (networkx, figures, HTML) {'on' if exports_on() else 'off (BENCH_EXPORTS=0)'}\n")
    print(header)
    lines, tables = [], []
    for n in sizes:
        r = bench_size(n, timeout, jobs)
        tables.append(table(r))
        lines.append(bench_line(r))
        print(tables[-1] + "\n", flush=True)
        print(lines[-1], flush=True)
    with open(RESULTS, "a", encoding="utf-8") as fh:
        fh.write(header + "\n```\n" + "\n".join(lines) + "\n```\n\n" + "\n\n".join(tables) + "\n")
    print(f"\nappended to {RESULTS.relative_to(ROOT)}")
    return 0
