"""The SPARQL endpoint and the query command are read-only and safe: updates
refused, no SERVICE calls, runaway queries stopped while others are served,
malformed and oversized queries refused, parameters bound as literals only."""

from __future__ import annotations

import json
import signal
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import psutil
import pytest

from govkg.core.errors import InputError
from govkg.serve.proxy import MAX_QUERY_BYTES
from govkg.serve.query import execute, run_query
from govkg.serve.server import prepare_store, publish, start_oxigraph
from tests.conftest import run_cli
from tests.sparql_server import LiveServer

ROOT = Path(__file__).resolve().parents[2]
CQ12 = ROOT / "queries" / "cq12-phrase.rq"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n1 ?o . ?p ?q ?r }"
INJECTION = '"} ; DROP ALL ; #'


@pytest.fixture(scope="module")
def live(seed_graph):
    server = LiveServer(seed_graph.dist, timeout_s=2).start()
    yield server
    server.stop()


def post(url: str, data: dict | bytes, ctype: str = "application/x-www-form-urlencoded", timeout=15):
    """(status, body) of a POST; HTTP errors are answers too."""
    body = urllib.parse.urlencode(data).encode() if isinstance(data, dict) else data
    req = urllib.request.Request(url, data=body, method="POST",
                                 headers={"Content-Type": ctype, "Accept": "application/sparql-results+json"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, resp.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def count(endpoint: str) -> int:
    status, body = post(endpoint, {"query": COUNT})
    assert status == 200, body
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def nt_triples(nt: Path) -> int:
    return sum(1 for line in nt.read_text(encoding="utf-8").splitlines() if line.strip())


class Listener:
    """A socket that records whether anyone connected (a would-be SERVICE target)."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(5)
        self.sock.settimeout(0.2)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/sparql"
        self.connections = 0
        self._stop = False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self):
        self._stop = True
        self.thread.join()
        self.sock.close()


@pytest.fixture
def listener():
    lst = Listener()
    yield lst
    lst.close()


# ------------------------------------------------------------ the served endpoint

def test_banner_names_a_loopback_endpoint_and_its_ui(live):
    assert f"SPARQL endpoint: http://127.0.0.1:{live.port}/query" in live.banner
    assert f"Query UI:        http://127.0.0.1:{live.port}/" in live.banner


def test_update_through_the_endpoint_is_refused(live, seed_graph):
    before = count(live.endpoint)
    assert before >= nt_triples(seed_graph.nt)  # the graph (and the ontology) are served
    for url, data, ctype in [
        (live.base + "/update", {"update": "DROP ALL"}, "application/x-www-form-urlencoded"),
        (live.endpoint, {"update": "CLEAR DEFAULT"}, "application/x-www-form-urlencoded"),
        (live.base + "/update", b"DELETE WHERE { ?s ?p ?o }", "application/sparql-update"),
        (live.base + "/store?default", b"<http://e/a> <http://e/b> <http://e/c> .", "application/n-triples"),
    ]:
        status, body = post(url, data, ctype)
        assert status == 403 and "read-only" in body, (url, status, body)
    req = urllib.request.Request(live.base + "/store?default", method="DELETE")
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(req, timeout=5)
    assert err.value.code == 403
    assert count(live.endpoint) == before


def test_endpoint_makes_no_outbound_request_for_service(live, listener):
    for query in (f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}",
                  f"SELECT * WHERE {{ \\u0053ERVICE <{listener.url}> {{ ?s ?p ?o }} }}",
                  f"SELECT * WHERE {{ SERVICE SILENT <{listener.url}> {{ ?s ?p ?o }} }}"):
        status, body = post(live.endpoint, {"query": query})
        assert status == 403 and "SERVICE" in body, (status, body)
        status, _ = post(live.endpoint, query.encode(), "application/sparql-query")
        assert status == 403
    status, _ = post(live.endpoint, {"query": 'SELECT * WHERE { ?s ?p "service" } LIMIT 1'})
    assert status == 200  # the word in a string is no SERVICE clause
    time.sleep(0.3)
    assert listener.connections == 0


def test_runaway_query_times_out_while_another_client_is_served(live):
    answers = {}

    def runaway():
        started = time.monotonic()
        answers["runaway"] = (*post(live.endpoint, {"query": RUNAWAY}), time.monotonic() - started)

    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(0.5)
    assert count(live.endpoint) > 0  # a second client, while the runaway runs
    # ordering, not wall-clock: the second client was answered before the runaway ended
    assert thread.is_alive() and "runaway" not in answers, "the runaway query should still be running"
    thread.join(20)
    status, body, took = answers["runaway"]
    assert status == 503 and "time limit" in body, (status, body)
    assert took < 2 + 3
    assert count(live.endpoint) > 0  # and the server keeps answering


def test_runaway_query_through_the_query_command_is_a_clear_error(live, tmp_path):
    rq = tmp_path / "runaway.rq"
    rq.write_text(RUNAWAY, encoding="utf-8")
    with pytest.raises(InputError, match="time limit"):
        run_query(rq, {}, endpoint=live.endpoint)


def test_malformed_query_gets_400_and_the_server_keeps_serving(live):
    status, body = post(live.endpoint, {"query": "SELEC * WHERE { ?s ?p ?o"})
    assert 400 <= status < 500, (status, body)
    status, body = post(live.endpoint, {"query": "SELECT * WHERE { SERVICE <x:y> { ?s ?p ?o "})
    assert 400 <= status < 500, (status, body)
    assert count(live.endpoint) > 0


def test_oversized_query_is_refused(live):
    filler = "# " + "x" * (MAX_QUERY_BYTES + 10) + "\n"
    status, body = post(live.endpoint, {"query": filler + COUNT})
    assert status == 413 and str(MAX_QUERY_BYTES) in body
    status, _ = post(live.endpoint, (filler + COUNT).encode(), "application/sparql-query")
    assert status == 413
    assert count(live.endpoint) > 0


def test_killed_server_restarts_with_the_same_answers(seed_graph):
    server = LiveServer(seed_graph.dist).start()
    try:
        before = execute(CQ12, {"phrase": "developing countries"}, endpoint=server.endpoint).rows
        children = psutil.Process(server.proc.pid).children(recursive=True)
        assert any("oxigraph" in c.name() for c in children)
        server.stop(signal.SIGKILL)
        psutil.wait_procs(children, timeout=5)
        assert not any(c.is_running() for c in children), "the oxigraph child outlived its parent"
        server = LiveServer(seed_graph.dist, port=server.port).start()
        after = execute(CQ12, {"phrase": "developing countries"}, endpoint=server.endpoint).rows
        assert len(before) == 5 and [tuple(map(str, r)) for r in after] == [tuple(map(str, r)) for r in before]
    finally:
        server.stop()


# ------------------------------------------------------------ the query command

def test_service_is_refused_by_the_query_command_unless_allowed(tmp_path, seed_graph, listener):
    rq = tmp_path / "federated.rq"
    rq.write_text(f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}", encoding="utf-8")
    with pytest.raises(InputError, match="SERVICE"):
        run_query(rq, {}, dist=seed_graph.dist)
    time.sleep(0.3)
    assert listener.connections == 0
    # the positive control: allowed, the embedded engine does call out (and fails on our dummy)
    with pytest.raises(InputError):
        run_query(rq, {}, dist=seed_graph.dist, allow_service=True)
    time.sleep(0.3)
    assert listener.connections >= 1


def test_cli_refuses_service_with_one_line(tmp_path, seed_graph):
    rq = tmp_path / "federated.rq"
    rq.write_text("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", encoding="utf-8")
    done = run_cli("query", rq, "--dist", seed_graph.dist, timeout=60)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "SERVICE" in done.stderr and "--allow-service" in done.stderr


def test_updates_are_refused_by_the_query_command(tmp_path, seed_graph):
    rq = tmp_path / "drop.rq"
    rq.write_text("DROP ALL", encoding="utf-8")
    with pytest.raises(InputError, match="Update"):
        run_query(rq, {}, dist=seed_graph.dist)


def test_param_injection_is_inert(seed_graph, live):
    embedded = execute(CQ12, {"phrase": INJECTION}, dist=seed_graph.dist)
    remote = execute(CQ12, {"phrase": INJECTION}, endpoint=live.endpoint)
    assert embedded.rows == [] and remote.rows == []
    assert remote.variables == embedded.variables
    # bound as a literal: a phrase that is really there, with quotes, still matches literally
    assert len(execute(CQ12, {"phrase": 'under open-source terms.'}, dist=seed_graph.dist).rows) == 1
    done = run_cli("query", CQ12, "--param", f"phrase={INJECTION}", "--format", "csv", "--dist", seed_graph.dist)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "workId,provisionNo,language,clausePosition,text,phrase"
    assert len(done.stdout.splitlines()) == 1
    assert count(live.endpoint) > 0


@pytest.mark.parametrize("args,message", [
    (["query", "queries/no-such.rq"], "no such query file"),
    (["query", "queries/cq12-phrase.rq", "--param", "phrase"], "name=value"),
    (["query", "queries/cq12-phrase.rq", "--param", "colour=red"], "unknown parameter 'colour'"),
    (["query", "queries/cq12-phrase.rq", "--endpoint", "http://127.0.0.1:9/query"], "cannot reach"),
])
def test_bad_input_is_one_clear_line(args, message, seed_graph):
    done = run_cli(*args, "--dist", seed_graph.dist, timeout=60)
    assert done.returncode == 2, done.stdout
    assert done.stderr.startswith("error: ") and done.stderr.count("\n") == 1 and message in done.stderr, done.stderr


def test_parse_error_names_the_file(tmp_path, seed_graph):
    rq = tmp_path / "broken.rq"
    rq.write_text("SELECT ?s WHERE { ?s ?p }", encoding="utf-8")
    with pytest.raises(InputError, match="broken.rq: SPARQL syntax error"):
        run_query(rq, {}, dist=seed_graph.dist)


def test_formats(seed_graph):
    csv = run_query(CQ12, {"phrase": "開源"}, dist=seed_graph.dist, fmt="csv")
    assert csv.splitlines()[1].startswith('global-ai-governance-initiative,8,zh-Hant,2,"鼓勵全球')
    tsv = run_query(CQ12, {"phrase": "開源"}, dist=seed_graph.dist, fmt="tsv")
    assert '"zh-Hant"' in tsv.splitlines()[1] and "@zh" in tsv.splitlines()[1]
    doc = json.loads(run_query(CQ12, {"phrase": "開源"}, dist=seed_graph.dist, fmt="json"))
    assert doc["head"]["vars"][0] == "workId" and len(doc["results"]["bindings"]) == 1
    table = run_query(CQ12, {"phrase": "開源"}, dist=seed_graph.dist, fmt="table")
    assert "1 row(s)" in table and "鼓勵全球" in table


# ------------------------------------------------------------ publish (Graph Store Protocol)

def test_publish_uploads_in_batches_and_replaces(seed_graph, tmp_path):
    port, proc = start_oxigraph(tmp_path / "writable", writable=True)
    try:
        store_url = f"http://127.0.0.1:{port}/store"
        sent = publish(store_url, seed_graph.nt, batch_lines=500)
        expected = nt_triples(seed_graph.nt)
        assert sent == expected and expected > 1000  # several batches
        assert count(f"http://127.0.0.1:{port}/query") == expected
        publish(store_url, seed_graph.nt, batch_lines=100000)  # again: replaced, not doubled
        assert count(f"http://127.0.0.1:{port}/query") == expected
    finally:
        proc.terminate()
        proc.wait(10)


def test_publish_to_a_read_only_endpoint_is_a_clear_error(live, seed_graph):
    with pytest.raises(InputError, match="HTTP 403"):
        publish(live.base + "/store", seed_graph.nt)


def test_the_server_opens_the_build_s_own_store(seed_graph, tmp_path):
    """A built dist/ has its query store beside it (govkg.publish.store): the server
    serves that one and builds none of its own."""
    location = prepare_store(seed_graph.dist, root=tmp_path / "stores")
    assert location.parent == seed_graph.dist.parent / ".dist.store"
    assert not (tmp_path / "stores").exists()


def test_store_is_reused_while_the_graph_is_unchanged(seed_graph, tmp_path):
    """A copied dist/ (no store beside it) gets a store built once and then reused."""
    import shutil

    copy = tmp_path / "copy" / "dist"
    shutil.copytree(seed_graph.dist, copy)
    first = prepare_store(copy, root=tmp_path / "stores")
    second = prepare_store(copy, root=tmp_path / "stores")
    assert first == second and (first / ".complete").is_file()
    assert first.parent == tmp_path / "stores"


def test_build_py_serve_is_the_same_server(seed_graph):
    """`make serve` runs `build.py serve --host --port`: it answers, on loopback, and
    stops cleanly on SIGTERM sent to its process id."""
    import subprocess
    import sys

    from tests.sparql_server import free_port

    port = free_port()
    proc = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "serve", "--host", "127.0.0.1", "--port", str(port),
                             "--dist", str(seed_graph.dist)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == f"SPARQL endpoint: http://127.0.0.1:{port}/query"
        assert count(f"http://127.0.0.1:{port}/query") >= nt_triples(seed_graph.nt)
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(10) == 0
        proc.stdout.close()
