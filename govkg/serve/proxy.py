"""The guard in front of the Oxigraph server: read-only, time-limited, size-limited,
no federated SERVICE calls.

Why a guard: measured on oxigraph 0.5.13, (1) the server fetches the remote
endpoint named in a SERVICE clause, and (2) its ``--timeout-s`` does not stop a
runaway query (a cartesian product under COUNT or ORDER BY keeps a core busy
after the client has gone). So every request passes through this proxy:

- a query longer than ``max_query_bytes`` gets 413;
- a query with a SERVICE clause (found in rdflib's algebra) gets 403;
- updates, and PUT/POST/DELETE on the graph store, get 403 (the backend is also
  started read-only);
- a query that has no complete answer within ``timeout_s`` gets 503 with a clear
  message, and the backend process is restarted so the runaway stops; other
  queries caught by the restart are retried once (queries are idempotent).

``GET /`` answers govkg's own query page (govkg/serve/page.py) instead of Oxigraph's,
which offered /update and loaded a generic query.
"""

from __future__ import annotations

import http.client
import queue
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from govkg.core.errors import InputError
from govkg.serve import guard

MAX_QUERY_BYTES = 65536
MAX_ANSWER_BYTES = 256 * 1024 * 1024
DRAIN_LIMIT = 64 * 1024 * 1024
_PASS_HEADERS = ("Content-Type", "Content-Disposition", "Vary")


class QueryTimeout(Exception):
    pass


class AnswerTooLarge(Exception):
    pass


class Backend:
    """What the proxy needs from the server process: where it listens, and a way
    to restart it. Starts and restarts run on one long-lived thread, because a
    child started with PR_SET_PDEATHSIG dies when the thread that started it ends."""

    def __init__(self, starter):
        self._starter = starter  # () -> (port, stop_callable)
        self._jobs: queue.Queue = queue.Queue()
        self.generation = 0
        self._stop = None
        self.port = None
        threading.Thread(target=self._run, name="oxigraph-supervisor", daemon=True).start()
        self._call(self._start)

    def _run(self):
        while True:
            job, done, box = self._jobs.get()
            try:
                box.append(job())
            except BaseException as exc:  # handed back to the caller
                box.append(exc)
            done.set()

    def _call(self, job):
        done, box = threading.Event(), []
        self._jobs.put((job, done, box))
        done.wait()
        if isinstance(box[0], BaseException):
            raise box[0]
        return box[0]

    def _start(self):
        self.port, self._stop = self._starter()

    def restart(self, failed_generation: int) -> None:
        def job():
            if self.generation != failed_generation:
                return  # someone already restarted it
            self._stop()
            self._start()
            self.generation += 1
        self._call(job)

    def stop(self) -> None:
        self._call(lambda: self._stop and self._stop())


class GuardHandler(BaseHTTPRequestHandler):
    server_version = "govkg-sparql"
    protocol_version = "HTTP/1.1"

    # ---------------------------------------------------------- plumbing
    def log_message(self, fmt, *args):  # quiet unless asked
        if self.server.verbose:
            super().log_message(fmt, *args)

    def _reply(self, status: int, message: str) -> None:
        body = (message.rstrip("\n") + "\n").encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _drain(self) -> None:
        """Read (and drop) a request body we refuse, so that the client can read our
        answer; a body over DRAIN_LIMIT is not read and the connection is closed."""
        length = int(self.headers.get("Content-Length") or 0)
        if length > DRAIN_LIMIT:
            self.close_connection = True
            return
        while length > 0:
            chunk = self.rfile.read(min(length, 65536))
            if not chunk:
                break
            length -= len(chunk)

    def _refuse_write(self):
        self._drain()
        self._reply(403, "This SPARQL endpoint is read-only: updates and graph-store writes are refused.")

    do_PUT = do_DELETE = do_PATCH = _refuse_write

    # ---------------------------------------------------------- requests
    def do_GET(self):
        url = urlsplit(self.path)
        qs = parse_qs(url.query)
        if url.path.rstrip("/") == "/update" or "update" in qs:
            return self._refuse_write()
        if "query" in qs:
            return self._query(qs["query"][0], forward_body=None)
        if url.path in ("/", "/index.html") and self.server.page is not None:
            return self._page(*self.server.page)
        if len(self.path) > MAX_QUERY_BYTES:
            return self._reply(414, f"Request too long (limit {MAX_QUERY_BYTES} bytes).")
        return self._forward(None, None)

    do_HEAD = do_GET

    def do_POST(self):
        url = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if url.path.rstrip("/") in ("/update", "/store") or ctype == "application/sparql-update":
            return self._refuse_write()
        if length > MAX_QUERY_BYTES:
            self._drain()
            return self._reply(413, f"Query too large: {length} bytes (limit {MAX_QUERY_BYTES}).")
        body = self.rfile.read(length) if length else b""
        if ctype == "application/sparql-query":
            return self._query(body.decode("utf-8", "replace"), forward_body=body)
        if ctype == "application/x-www-form-urlencoded":
            form = parse_qs(body.decode("utf-8", "replace"))
            if "update" in form:
                return self._reply(403, "This SPARQL endpoint is read-only: updates are refused.")
            if "query" in form:
                return self._query(form["query"][0], forward_body=body)
        return self._reply(400, "Send a SPARQL query: GET ?query=… or POST application/sparql-query "
                                "or application/x-www-form-urlencoded with query=….")

    def _page(self, html: bytes, csp: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Security-Policy", csp)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Content-Length", str(len(html)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(html)

    def _query(self, query: str, forward_body: bytes | None):
        if len(query.encode("utf-8")) > MAX_QUERY_BYTES:
            return self._reply(413, f"Query too large (limit {MAX_QUERY_BYTES} bytes).")
        try:
            if guard.has_service(query):
                return self._reply(403, "SERVICE clauses (federated queries) are not allowed on this endpoint.")
        except InputError as exc:
            return self._reply(400, str(exc))
        return self._forward(forward_body, query)

    def _forward(self, body: bytes | None, query: str | None):
        backend: Backend = self.server.backend
        for attempt in (1, 2):
            generation = backend.generation
            try:
                status, headers, answer = self._ask_backend(backend.port, body)
                break
            except QueryTimeout:
                self._reply(503, f"Query stopped: no answer within the {self.server.timeout_s:g} s time limit "
                                 "of this endpoint. Narrow the query (fewer unbound patterns, a LIMIT).")
                backend.restart(generation)
                return None
            except AnswerTooLarge:
                return self._reply(503, f"Query stopped: the answer exceeds {MAX_ANSWER_BYTES // 2**20} MiB. "
                                        "Add a LIMIT.")
            except (ConnectionError, http.client.HTTPException, OSError):
                if attempt == 2:
                    return self._reply(502, "The SPARQL server behind this endpoint is not answering.")
                time.sleep(0.3)  # a restart for someone else's runaway query; try once more
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(answer)
        return None

    def _ask_backend(self, port: int, body: bytes | None):
        deadline = time.monotonic() + self.server.timeout_s
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=self.server.timeout_s)
        try:
            headers = {k: v for k, v in self.headers.items()
                       if k.lower() in ("accept", "content-type", "accept-language")}
            conn.request(self.command, self.path, body=body, headers=headers)
            resp = conn.getresponse()
            chunks, size = [], 0
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise QueryTimeout()
                conn.sock.settimeout(remaining)
                chunk = resp.read1(65536) if hasattr(resp, "read1") else resp.read(65536)
                if not chunk:
                    break
                size += len(chunk)
                if size > MAX_ANSWER_BYTES:
                    raise AnswerTooLarge()
                chunks.append(chunk)
            passed = [(k, v) for k, v in resp.getheaders() if k.title() in _PASS_HEADERS]
            return resp.status, passed, b"".join(chunks)
        except socket.timeout:
            raise QueryTimeout() from None
        finally:
            conn.close()


class GuardServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address, backend: Backend, timeout_s: float, verbose: bool = False,
                 page: tuple[str, str] | None = None):
        """``page``: (HTML, Content-Security-Policy) answered at ``/``; None forwards ``/`` to the backend."""
        super().__init__(address, GuardHandler)
        self.page = (page[0].encode("utf-8"), page[1]) if page else None
        self.backend = backend
        self.timeout_s = timeout_s
        self.verbose = verbose
