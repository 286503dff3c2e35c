"""Crash safety: a build killed at any moment, a disk that fills up or turns
read-only, and two builds at once never leave dist/ half-written.

Kill points. This file is also the runner (``python tests/publish/test_crash.py RUN.json``):
it imports govkg once, then for every kill point forks a child that runs a whole
build of a changed corpus (B) over a published one (A) and SIGKILLs itself on the
n-th call of one function of one stage — the catalog, the readers, the normaliser,
the segmenter, attribution, alignment, emission, the SHACL gate, serialisation,
every write and fsync of publication, the exports, and each rename/symlink/rmtree of
the swap (the first call of each; GOVKG_KILL_ALL=1 adds the last). After each kill dist/ must hold, byte for byte, either all of A (killed
before the switch) or all of B (killed after it), and the next build must succeed.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SMALL = ("000_7c46fdd1e81dd43a.txt", "003_7d41c23aa6ac6b02.txt")  # two copies of the Initiative: web, OCR

# (stage, module, attribute): the functions a kill point can stop in
TARGETS = [
    ("catalog", "govkg.ingest.catalog", "load"),
    ("read", "govkg.ingest.catalog", "read_source"),
    ("read", "govkg.ingest.readers", "read"),
    ("normalise", "govkg.ingest.normalise", "normalise"),
    ("segment", "govkg.ingest.segment", "split"),
    ("attribute", "govkg.structure.attribute", "assign"),
    ("align", "govkg.structure.align", "align_work"),
    ("emit", "govkg.pipeline", "emit"),
    ("validate", "govkg.gate.check", "check"),
    ("validate", "govkg.gate.check", "gate"),
    ("serialise", "govkg.publish.rdf", "ntriples"),
    ("serialise", "govkg.publish.rdf", "turtle"),
    ("serialise", "govkg.publish.rdf", "jsonld"),
    ("serialise", "govkg.publish.release", "write_graph"),
    ("serialise", "govkg.publish.rdf", "write_lines"),
    ("serialise", "govkg.publish.rdf", "write_jsonld"),
    ("publish", "govkg.publish.release", "staging"),
    ("publish", "govkg.publish.release", "write"),
    ("publish", "os", "fsync"),
    ("export", "govkg.publish.sssom", "write_sssom"),
    ("export", "govkg.publish.collation_report", "write_collation_report"),
    ("swap", "govkg.publish.release", "digest_dir"),
    ("swap", "os", "rename"),
    ("swap", "os", "symlink"),
    ("swap", "os", "replace"),
    ("swap", "shutil", "rmtree"),
]


# ── the runner (a separate process: it forks one child per build) ─────────────────

def _snapshot(dist: Path) -> dict[str, str]:
    if not dist.exists():
        return {}
    return {str(p.relative_to(dist)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(dist.rglob("*")) if p.is_file()}


def _install(armed: dict, counts: dict) -> None:
    """Wrap every target; count calls; SIGKILL this process at the armed call
    (armed: {key: [n, "before" | "after"]})."""
    import importlib

    for _stage, modname, attr in TARGETS:
        try:
            mod = importlib.import_module(modname)
        except ImportError:
            continue
        orig = getattr(mod, attr, None)
        if orig is None:
            continue
        key = f"{modname}.{attr}"

        def wrapper(*a, __orig=orig, __key=key, **kw):
            counts[__key] = counts.get(__key, 0) + 1
            arm = armed.get(__key)
            if arm and arm == [counts[__key], "before"]:
                os.kill(os.getpid(), signal.SIGKILL)
            out = __orig(*a, **kw)
            if arm and arm == [counts[__key], "after"]:
                os.kill(os.getpid(), signal.SIGKILL)
            return out

        # rebind the name wherever it was imported (from x import f), then in its module
        for other in list(sys.modules.values()):
            if getattr(other, "__name__", "").startswith("govkg") and getattr(other, attr, None) is orig:
                setattr(other, attr, wrapper)
        setattr(mod, attr, wrapper)


def _child_build(catalog: Path, dist: Path, cache: Path, armed: dict, counts_out: Path | None = None,
                 gate: bool = False, memo=None) -> int:
    """One build in a forked child. The SHACL gate runs only for the kill points in it,
    and the figure exports (extras) are left out: both are slow, and neither changes
    how publication writes and switches dist/. With `memo` (result, triples) the
    stages up to emission are not run again (kill points in publication)."""
    pid = os.fork()
    if pid == 0:  # the child: arm, build, report
        code = 0
        try:
            import govkg.ingest.cache
            from govkg import pipeline

            os.environ["GOVKG_GATE"] = "1" if gate else "0"
            govkg.ingest.cache.DEFAULT_DIR = cache
            if memo is not None:
                pipeline.run = lambda *a, **kw: memo[0]
                pipeline.emit = lambda result: memo[1]
            counts: dict = {}
            _install(armed, counts)
            pipeline.build(catalog, dist, quiet=True, extras=False)
            if counts_out:
                counts_out.write_text(json.dumps(counts))
        except BaseException as exc:  # noqa: BLE001 - reported to the parent as exit status
            print(f"child build failed: {exc!r}", file=sys.stderr)
            code = 3
        os._exit(code)
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        return -os.WTERMSIG(status)
    return os.WEXITSTATUS(status)


EARLY = ("catalog", "read", "normalise", "segment", "attribute", "align", "emit", "validate")
AFTER = {"os.rename", "os.symlink", "os.replace", "shutil.rmtree", "govkg.publish.release.write"}


def _points(counts: dict, every: bool) -> list[tuple[str, str, int, str]]:
    """Kill points: the first call of every target; with `every`, the last call too;
    and right after the last rename, symlink, replace, rmtree and write (after the
    switch, for the swap's own steps)."""
    stage_of = {f"{m}.{a}": s for s, m, a in TARGETS}
    out = []
    for key in sorted(counts):
        c = counts[key]
        for n in sorted({1, c} if every else {1}):
            out.append((stage_of[key], key, n, "before"))
        if key in AFTER:
            out.append((stage_of[key], key, c, "after"))
    return out


def _series(points, a_cat, b_cat, dist, cache, snap_a, snap_b, memo=None) -> list[dict]:
    log = []
    for stage, key, n, when in points:
        shutil.rmtree(cache, ignore_errors=True)
        t = time.perf_counter()
        status = _child_build(b_cat, dist, cache, {key: [n, when]}, gate=stage == "validate", memo=memo)
        snap = _snapshot(dist)
        state = "A" if snap == snap_a else "B" if snap == snap_b else "mixed"
        log.append({"stage": stage, "target": key, "call": n, "when": when, "status": status, "state": state,
                    "seconds": round(time.perf_counter() - t, 2),
                    "diff": sorted(k for k in set(snap) | set(snap_a) if snap.get(k) != snap_a.get(k))[:5]})
        if state == "B":  # killed after the switch: publish A again so the next kill point tells
            _child_build(a_cat, dist, cache, {})
    return log


def runner(config: Path) -> None:
    cfg = json.loads(config.read_text())
    work = Path(cfg["work"])
    a_cat, b_cat = work / "a" / "corpus.toml", work / "b" / "corpus.toml"
    dist, cache = work / "dist", work / "cache"
    # import everything once, before any fork (children start from a warm interpreter)
    import pkgutil

    import govkg

    for info in pkgutil.walk_packages(govkg.__path__, "govkg."):
        try:
            __import__(info.name)
        except Exception:  # noqa: BLE001 - optional modules (server, exports) may need extras
            pass
    log = {"points": [], "errors": []}
    assert _child_build(a_cat, dist, cache, {}) == 0, "the first build of corpus A failed"
    snap_a = _snapshot(dist)
    counts_file = work / "counts.json"
    assert _child_build(a_cat, work / "dist-b", cache, {}) == 0
    shutil.rmtree(cache, ignore_errors=True)
    assert _child_build(b_cat, work / "dist-b", cache, {}, counts_file) == 0, "the build of corpus B failed"
    snap_b = _snapshot(work / "dist-b")
    counts = json.loads(counts_file.read_text())
    gated = work / "counts-gate.json"
    assert _child_build(b_cat, work / "dist-gate", cache, {}, gated, gate=True) == 0, "the gate refused corpus B"
    for key, n in json.loads(gated.read_text()).items():
        counts.setdefault(key, n)  # the gate's own functions
    log["counts"] = counts
    every = cfg.get("every", False)
    early = [p for p in _points(counts, every) if p[0] in EARLY]
    log["points"] = _series(early, a_cat, b_cat, dist, cache, snap_a, snap_b)
    # publication's kill points fork from a process that has run the stages once
    part = work / "late.json"
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            import govkg.ingest.cache
            from govkg import pipeline

            os.environ["GOVKG_GATE"] = "0"
            govkg.ingest.cache.DEFAULT_DIR = cache
            import functools

            from govkg.publish import rdf
            from govkg.publish import release as publish

            result = pipeline.run(b_cat, None, True)
            memo = (result, pipeline.emit(result))
            rdf.merged = functools.cache(rdf.merged)  # ontology and shapes: the same every time
            rdf.merged(publish.ROOT / "ontology", rdf.ONTOLOGY_FILES)
            rdf.merged(publish.ROOT / "shapes")
            # count publication's calls as this process makes them (no cache writes here)
            counted = work / "counts-late.json"
            assert _child_build(a_cat, work / "dist-late", cache, {}) == 0
            assert _child_build(b_cat, work / "dist-late", cache, {}, counted, memo=memo) == 0
            late = [p for p in _points(json.loads(counted.read_text()), every) if p[0] not in EARLY]
            part.write_text(json.dumps(_series(late, a_cat, b_cat, dist, cache, snap_a, snap_b, memo)))
        except BaseException as exc:  # noqa: BLE001
            print(f"late kill points failed: {exc!r}", file=sys.stderr)
            code = 3
        os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert status == 0, "the publication kill points did not run"
    log["points"] += json.loads(part.read_text())
    # the next build, over whatever the kills left behind (staging folders, half-written cache)
    log["final_status"] = _child_build(b_cat, dist, work / "cache-kept", {})
    log["final_is_b"] = _snapshot(dist) == snap_b
    rel = dist.parent / f".{dist.name}.releases"
    log["releases_left"] = sorted(p.name for p in rel.iterdir())
    log["a_files"] = len(snap_a)
    Path(cfg["out"]).write_text(json.dumps(log, indent=1))


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    runner(Path(sys.argv[1]))
    sys.exit(0)


# ── the tests ─────────────────────────────────────────────────────────────────────

import pytest  # noqa: E402


def small_corpus(folder: Path, change: bool) -> Path:
    """Seeds 000 and 003 with their catalog entries; `change` edits one sentence of 000."""
    import tomllib

    import tomli_w

    (folder / "sources").mkdir(parents=True)
    cat = tomllib.loads((ROOT / "data" / "corpus.toml").read_text(encoding="utf-8"))
    cat["sources"] = [s for s in cat["sources"] if s["file"] in SMALL]
    used = {w for s in cat["sources"] for w in s.get("works", [])}
    cat["works"] = [w for w in cat["works"] if w["id"] in used]
    for s in cat["sources"]:
        data = (ROOT / "data" / "sources" / s["file"]).read_bytes()
        if change and s["file"] == SMALL[0]:
            assert b"mutual respect" in data
            data = data.replace(b"mutual respect", b"mutual  respect", 1)  # a different raw file, same text
            s.pop("sha256", None)
        (folder / "sources" / s["file"]).write_bytes(data)
    (folder / "corpus.toml").write_text(tomli_w.dumps(cat), encoding="utf-8")
    return folder / "corpus.toml"


@pytest.fixture(scope="module")
def kill_log(tmp_path_factory):
    work = tmp_path_factory.mktemp("crash")
    small_corpus(work / "a", change=False)
    small_corpus(work / "b", change=True)
    cfg = work / "run.json"
    cfg.write_text(json.dumps({"work": str(work), "out": str(work / "log.json"),
                               "every": os.environ.get("GOVKG_KILL_ALL") == "1"}))
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    done = subprocess.run([sys.executable, __file__, str(cfg)], capture_output=True, text=True, timeout=900, env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads((work / "log.json").read_text())


def test_kill_points_cover_every_stage(kill_log):
    killed = [p for p in kill_log["points"] if p["status"] == -signal.SIGKILL]
    stages = {p["stage"] for p in killed}
    assert len(killed) >= 20, f"only {len(killed)} kill points were reached"
    want = {"catalog", "read", "normalise", "segment", "attribute", "align", "emit", "validate", "serialise",
            "publish", "swap"}
    assert want <= stages, f"no kill point reached in: {sorted(want - stages)}"


def test_killed_build_leaves_previous_dist_whole(kill_log):
    bad = [p for p in kill_log["points"] if p["state"] not in ("A", "B")]
    assert not bad, f"dist/ was left half-written after: {bad[:3]}"
    # a kill before the switch must leave A; only the swap's own steps may show B
    early = [p for p in kill_log["points"] if p["state"] == "B" and p["stage"] != "swap"]
    assert not early, f"dist/ changed before the switch: {early[:3]}"
    assert any(p["state"] == "A" for p in kill_log["points"])


def test_next_build_succeeds_and_cleans_up(kill_log):
    assert kill_log["final_status"] == 0
    assert kill_log["final_is_b"], "the build after the kills did not publish the new corpus"
    assert len(kill_log["releases_left"]) == 1, f"left-overs in the releases folder: {kill_log['releases_left']}"


# ── write failures: disk full, read-only directory ────────────────────────────────

@pytest.fixture(scope="module")
def prepared(tmp_path_factory):
    """Corpus B's stages run once (run + emit), and corpus A published once."""
    import govkg.ingest.cache
    from govkg import pipeline

    tmp = tmp_path_factory.mktemp("faults")
    old_dir, old_gate = govkg.ingest.cache.DEFAULT_DIR, os.environ.get("GOVKG_GATE")
    govkg.ingest.cache.DEFAULT_DIR = tmp / "cache"
    os.environ["GOVKG_GATE"] = "0"
    try:
        a = small_corpus(tmp / "a", change=False)
        b = small_corpus(tmp / "b", change=True)
        pipeline.build(a, tmp / "out" / "dist", quiet=True, extras=False)
        result = pipeline.run(b, None, True)
        triples = pipeline.emit(result)
    finally:
        govkg.ingest.cache.DEFAULT_DIR = old_dir
        os.environ.pop("GOVKG_GATE") if old_gate is None else os.environ.__setitem__("GOVKG_GATE", old_gate)
    return tmp, b, result, triples


def _built(tmp_path, monkeypatch, prepared):
    """A copy of the published A, and `build.py build` of B reduced to publication."""
    from govkg import pipeline

    tmp, b, result, triples = prepared
    shutil.copytree(tmp / "out", tmp_path / "out", symlinks=True)
    dist = tmp_path / "out" / "dist"
    monkeypatch.setenv("GOVKG_GATE", "0")
    monkeypatch.setattr(pipeline, "run", lambda *a, **kw: result)
    monkeypatch.setattr(pipeline, "emit", lambda r: triples)
    try:
        import govkg.views.extras

        monkeypatch.setattr(govkg.views.extras, "hooks", lambda: [])
    except ImportError:
        pass
    return b, dist, _snapshot(dist)


@pytest.mark.parametrize("fault", ["enospc-write", "enospc-fsync", "erofs-staging", "erofs-swap", "eacces-lock"])
def test_write_failure_keeps_previous_dist_and_says_what(tmp_path, monkeypatch, capsys, fault, prepared):
    from govkg import cli
    from govkg.publish import release as publish

    b, dist, before = _built(tmp_path, monkeypatch, prepared)
    real_open = open
    calls = {"n": 0}

    def failing_open(file, mode="r", *a, **kw):
        if str(file).startswith(str(dist.parent)) and ("w" in mode or "a" in mode):
            if fault == "eacces-lock" and str(file).endswith(".lock"):
                raise PermissionError(errno.EACCES, "Permission denied", str(file))
            if fault == "enospc-write" and "staging-" in str(file):
                calls["n"] += 1
                if calls["n"] == 3:
                    raise OSError(errno.ENOSPC, "No space left on device", str(file))
        return real_open(file, mode, *a, **kw)

    def failing_fsync(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    def failing_mkdir(self, *a, **kw):
        if "staging-" in self.name:
            raise OSError(errno.EROFS, "Read-only file system", str(self))
        return real_mkdir(self, *a, **kw)

    def failing_symlink(src, dst, *a, **kw):
        raise OSError(errno.EROFS, "Read-only file system", str(dst))

    real_mkdir = Path.mkdir
    if fault in ("enospc-write", "eacces-lock"):
        monkeypatch.setattr("builtins.open", failing_open)
    elif fault == "enospc-fsync":
        monkeypatch.setattr(publish.os, "fsync", failing_fsync)
    elif fault == "erofs-staging":
        monkeypatch.setattr(Path, "mkdir", failing_mkdir)
    elif fault == "erofs-swap":
        monkeypatch.setattr(publish.os, "symlink", failing_symlink)
    capsys.readouterr()
    code = cli.main(["build", "--catalog", str(b), "--dist", str(dist), "--quiet"])
    monkeypatch.undo()
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert len(err) == 1 and err[0].startswith("error: "), err
    assert str(dist) in err[0] and "unchanged" in err[0], err[0]
    expected = {"enospc-write": "No space left", "enospc-fsync": "No space left", "erofs-staging": "Read-only",
                "erofs-swap": "Read-only", "eacces-lock": "Permission denied"}[fault]
    assert expected in err[0], err[0]
    assert _snapshot(dist) == before, "the failed build changed dist/"


# ── two builds at once ────────────────────────────────────────────────────────────

def fast_build(catalog: Path, dist: Path) -> subprocess.Popen:
    """A real build in its own process, without the SHACL gate and the figure exports."""
    code = ("import sys; from pathlib import Path; sys.path.insert(0, sys.argv[3]); "
            "from govkg.pipeline import build; build(Path(sys.argv[1]), Path(sys.argv[2]), quiet=True, extras=False)")
    return subprocess.Popen([sys.executable, "-c", code, str(catalog), str(dist), str(ROOT)], stderr=subprocess.PIPE,
                            text=True, env={**os.environ, "GOVKG_GATE": "0"})


def assert_whole(dist: Path) -> None:
    """dist/ is one complete release: every file void.ttl lists has its size and SHA-256."""
    import pyoxigraph as ox

    with open(dist / "void.ttl", "rb") as fh:
        triples = list(ox.parse(fh, ox.RdfFormat.TURTLE))
    title = {t.subject.value: t.object.value for t in triples if t.predicate.value.endswith("/title")}
    sums = {title[t.subject.value]: t.object.value for t in triples if t.predicate.value.endswith("#checksumValue")}
    assert len(sums) >= 5, sums
    for name, digest in sums.items():
        assert hashlib.sha256((dist / name).read_bytes()).hexdigest() == digest, f"{name} is not the one void.ttl lists"


def test_second_build_waits_for_the_lock(tmp_path):
    """While one build holds the publication lock, another waits (and says so), then
    publishes a complete dist/; it never writes into dist/ while the lock is held."""
    import fcntl

    a = small_corpus(tmp_path / "a", change=False)
    dist = tmp_path / "dist"
    lock = tmp_path / ".dist.lock"
    with open(lock, "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        proc = fast_build(a, dist)
        lines = []
        reader = threading.Thread(target=lambda: lines.extend(proc.stderr), daemon=True)
        reader.start()
        deadline = time.time() + 120
        while time.time() < deadline and not any("waiting for another build" in ln for ln in lines):
            assert proc.poll() is None, f"the second build did not wait: {lines}"
            time.sleep(0.2)
        assert any("waiting for another build" in ln for ln in lines), "the second build never said it waits"
        time.sleep(0.5)
        assert proc.poll() is None and not dist.exists(), "it published while the lock was held"
    assert proc.wait(timeout=120) == 0, lines
    reader.join(5)
    assert_whole(dist)


def test_two_builds_at_once_do_not_interleave(tmp_path):
    """Both start together on different corpora; dist/ ends as exactly one of them, whole."""
    a = small_corpus(tmp_path / "a", change=False)
    b = small_corpus(tmp_path / "b", change=True)
    dist = tmp_path / "dist"
    procs = [fast_build(cat, dist) for cat in (a, b)]
    for p in procs:
        assert p.wait(timeout=300) == 0, p.stderr.read()
    assert_whole(dist)  # every file is the one its own build's void.ttl lists: no mix of A and B
    rel = tmp_path / ".dist.releases"
    assert len(list(rel.iterdir())) == 1, sorted(p.name for p in rel.iterdir())


# ── a dist/ that is a plain folder (older layout, a copy) is replaced in one step ─

class Crash(BaseException):
    """Stands for the process dying at this call (raised, so the test can look on)."""


@pytest.mark.parametrize("step", ["os.symlink", "os.replace", "os.rename", "shutil.rmtree"])
def test_plain_folder_dist_is_never_missing(tmp_path, monkeypatch, step):
    import govkg.ingest.cache
    from govkg import pipeline
    from govkg.publish import release as publish

    monkeypatch.setattr(govkg.ingest.cache, "DEFAULT_DIR", tmp_path / "cache")
    b = small_corpus(tmp_path / "b", change=True)
    result = pipeline.run(b, None, True)
    triples = pipeline.emit(result)
    reference = tmp_path / "reference"
    publish.publish(result, triples, reference)  # the whole new release, undisturbed
    after = _snapshot(reference)
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "govkg.nt").write_text("<urn:a> <urn:b> <urn:c> .\n")
    before = _snapshot(dist)
    assert after and after != before
    mod, name = step.split(".")
    real = getattr(sys.modules[mod], name)
    seen = []

    def dies_after(*a, **kw):
        real(*a, **kw)
        seen.append(a)
        # the moment after this call: dist/ must be the old folder or the new release, whole
        # (every file, byte for byte: a mix of old and new files is neither)
        snap = _snapshot(dist)
        assert snap == before or snap == after, f"dist/ after {step}: {sorted(snap)}"
        raise Crash

    monkeypatch.setattr(sys.modules[mod], name, dies_after)
    try:
        publish.publish(result, triples, dist)
    except Crash:
        pass
    monkeypatch.undo()
    assert seen or step == "os.replace", f"{step} was never called"
    snap = _snapshot(dist)
    assert snap == before or snap == after


def test_unwritable_cache_does_not_stop_the_build(tmp_path, monkeypatch, capsys, prepared):
    import govkg.ingest.cache
    from govkg import cli
    from govkg.views import extras

    tmp, b, result, triples = prepared
    (tmp_path / "not-a-folder").write_text("")
    monkeypatch.setattr(govkg.ingest.cache, "DEFAULT_DIR", tmp_path / "not-a-folder" / "cache")
    monkeypatch.setenv("GOVKG_GATE", "0")
    monkeypatch.setattr(extras, "hooks", lambda: [])
    code = cli.main(["build", "--catalog", str(b), "--dist", str(tmp_path / "dist"), "--quiet"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 0, err  # an unwritable cache is skipped: the build goes on and publishes
    assert (tmp_path / "dist" / "govkg.nt").stat().st_size > 0 and (tmp_path / "dist" / "void.ttl").is_file()
