"""bench/queries.py (issue 9: queries and endpoint at scale) on a tiny graph: the
hand-written mini graph (tests/data/mini_graph.ttl, three works) as a dist/."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from bench import queries as qb

DATA = Path(__file__).resolve().parents[1] / "data"
QUERY_IDS = [p.stem for p in sorted((Path(__file__).resolve().parents[2] / "queries").glob("cq*.rq"))]


def make_dist(directory: Path) -> Path:
    directory.mkdir(parents=True)
    store = ox.Store()
    store.load(path=str(DATA / "mini_graph.ttl"), format=ox.RdfFormat.TURTLE)
    nt = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    (directory / "govkg.nt").write_bytes(b"\n".join(sorted(nt.splitlines())) + b"\n")
    return directory


@pytest.fixture(scope="module")
def bench(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("qbench")
    dist = make_dist(tmp / "dist")
    return dist, qb.query_bench(dist, tmp / "work", load_seconds=2, clients=4, repeats=3)


def test_every_competency_query_is_measured_both_ways(bench):
    _dist, out = bench
    for phase in ("embedded", "server"):
        recs = {r["query"]: r for r in out["records"] if r["phase"] == phase}
        assert sorted(recs) == QUERY_IDS
        for r in recs.values():
            assert r.get("error") is None, (phase, r)
            assert r["n"] == 3 and r["errors"] == 0
            assert 0 < r["p50_ms"] <= r["p95_ms"]
    emb = {r["query"]: r for r in out["records"] if r["phase"] == "embedded"}
    srv = {r["query"]: r for r in out["records"] if r["phase"] == "server"}
    assert {q: r["rows"] for q, r in emb.items()} == {q: r["rows"] for q, r in srv.items()}
    # the mini graph's works: gaigi has three provisions (p6, p8, p15), oecd-ai and
    # g20-ai one each, so gaigi is the largest and the tie goes by id
    assert out["works"] == ["gaigi", "g20-ai", "oecd-ai"]
    # cq01 lists works that have an expression (their languages); only gaigi has any
    assert emb["cq01-works"]["rows"] == 1
    per_work = {q for q, r in emb.items() if r["per_work"]}
    assert {"cq02-provisions", "cq07-clause-sources", "cq06-principle-gaps"} <= per_work
    assert "cq01-works" not in per_work and "cq12-phrase" not in per_work
    assert emb["cq02-provisions"]["params"]["work"] == out["works"][0]


def test_load_test_and_publish(bench):
    dist, out = bench
    lt = next(r for r in out["records"] if r["phase"] == "load-test")
    assert lt["clients"] == 4 and lt["requests"] > 0 and lt["errors"] == 0, lt["error_samples"]
    assert lt["throughput_rps"] > 0 and lt["p50_ms"] <= lt["p95_ms"]
    assert lt["rss_start_mb"] > 0 and lt["rss_end_mb"] > 0
    assert set(lt["per_query"]) == set(QUERY_IDS)
    pub = next(r for r in out["records"] if r["phase"] == "publish")
    lines = len((dist / "govkg.nt").read_text(encoding="utf-8").splitlines())
    assert pub["nt_lines"] == pub["sent"] == pub["on_server"] == lines and pub["match"]
    assert "| cq01-works | no |" in out["table"] and "Load test: 4 clients" in out["table"]


def test_servers_are_stopped(bench):
    import psutil

    _dist, out = bench
    port = int(out["endpoint"].rsplit(":", 1)[1].split("/")[0])
    listening = {c.laddr.port for c in psutil.net_connections("tcp") if c.status == psutil.CONN_LISTEN}
    assert port not in listening
    assert not (Path(out["dist"]).parent / "work" / "sparql-store").exists()


def test_repeats_stop_at_the_budget():
    import time

    fast = qb._timed(lambda: 7, repeats=5, budget_s=10)
    assert fast["n"] == 5 and fast["rows"] == 7 and fast["errors"] == 0

    def slow():
        time.sleep(0.2)
        return 1
    # the warm-up run alone uses the budget: reported from that run
    once = qb._timed(slow, repeats=5, budget_s=0.1)
    assert once["n"] == 1 and once["p50_ms"] == once["p95_ms"] == once["first_ms"] >= 200

    def broken():
        raise RuntimeError("no store")
    failed = qb._timed(broken, repeats=5, budget_s=10)
    assert failed["rows"] is None and "no store" in failed["error"]
