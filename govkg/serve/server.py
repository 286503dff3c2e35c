"""Serve the built graph over SPARQL 1.1 (the Oxigraph server from PyPI behind
the guard of govkg/serve/proxy.py), and publish it to any SPARQL 1.1 Graph Store.

``serve`` opens the query store that the build left beside dist/
(govkg.publish.store; for a dist/ without one, it loads dist/govkg.nt and
dist/ontology.ttl into a store under build/sparql-store/<checksum>/, reused while
the files are unchanged), starts ``oxigraph serve-read-only`` on a private loopback port, and answers on
``host:port`` through the guard: read-only, ``timeout_s`` per query,
``MAX_QUERY_BYTES`` per query, no SERVICE; at ``/`` govkg's query page
(govkg/serve/page.py: the competency queries as examples).
"""

from __future__ import annotations

import ctypes
import hashlib
import ipaddress
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from govkg.core import paths
from govkg.core.errors import InputError
from govkg.publish import store as query_store
from govkg.serve import page
from govkg.serve.proxy import MAX_QUERY_BYTES, Backend, GuardServer
from govkg.serve.query import graph_files

DEFAULT_TIMEOUT_S = 10.0
KEEP_STORES = 4
STORE_ROOT = paths.BUILD / "sparql-store"
OXIGRAPH = Path(sys.executable).parent / "oxigraph"


def oxigraph_bin() -> str:
    found = OXIGRAPH if OXIGRAPH.is_file() else shutil.which("oxigraph")
    if not found:
        raise InputError("the oxigraph server is not installed (pip install oxigraph)")
    return str(found)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare_store(dist: Path, root: Path = STORE_ROOT) -> Path:
    """An Oxigraph store directory holding the graph files of ``dist``: the build's
    own query store beside dist/ (govkg.publish.store), or where there is none (a
    copied dist/) one built here once per content (named by its checksum) and reused."""
    files = graph_files(dist)
    located = query_store.locate(Path(dist))
    if located is not None:
        return located
    digest = hashlib.sha256()
    for f in files:
        digest.update(f.name.encode() + b"\0" + hashlib.sha256(f.read_bytes()).digest())
    location = root / digest.hexdigest()[:16]
    if (location / ".complete").is_file():
        os.utime(location)  # most recently used
        return location
    root.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".loading-", dir=root))
    try:
        for f in files:
            done = subprocess.run([oxigraph_bin(), "load", "--location", str(tmp), "--file", str(f)],
                                  capture_output=True, text=True)
            if done.returncode != 0:
                raise InputError(f"{f}: oxigraph could not load it: {done.stderr.strip().splitlines()[-1:]}")
        (tmp / ".complete").write_text("")
        try:
            tmp.rename(location)
        except OSError:  # another process finished the same store first
            shutil.rmtree(tmp, ignore_errors=True)
        _prune(root, keep=KEEP_STORES)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return location


def _prune(root: Path, keep: int) -> None:
    """Drop all but the ``keep`` most recently used stores (an older one may still be
    served by another process, so a few are kept rather than only the newest)."""
    stores = sorted((d for d in root.iterdir() if (d / ".complete").is_file()),
                    key=lambda d: d.stat().st_mtime, reverse=True)
    for old in stores[keep:]:
        shutil.rmtree(old, ignore_errors=True)


def _die_with_parent():  # runs in the child: the server dies when we die
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def start_oxigraph(location: Path, *, writable: bool = False, timeout_s: float = DEFAULT_TIMEOUT_S,
                   port: int | None = None):
    """Start an Oxigraph server on 127.0.0.1; returns (port, process)."""
    port = port or free_port()
    mode = "serve" if writable else "serve-read-only"
    cmd = [oxigraph_bin(), mode, "--location", str(location), "--bind", f"127.0.0.1:{port}",
           "--timeout-s", str(max(1, int(timeout_s) + 1))]
    log = tempfile.TemporaryFile()  # never a pipe: a full pipe would block the server
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=log, preexec_fn=_die_with_parent)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            log.seek(0)
            raise InputError(f"oxigraph server failed to start: {log.read().decode()[-300:].strip()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return port, proc
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise InputError(f"oxigraph server did not start listening on 127.0.0.1:{port}")


def _stop(proc) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def serve(host: str = "127.0.0.1", port: int = 7878, dist: Path = Path("dist"), *,
          timeout_s: float = DEFAULT_TIMEOUT_S, verbose: bool = False, ready=None) -> None:
    """Serve the graph read-only until interrupted (SIGINT/SIGTERM)."""
    location = prepare_store(Path(dist))
    query_page = page.render(paths.QUERIES, timeout_s=timeout_s)

    def starter():
        _port, proc = start_oxigraph(location, timeout_s=timeout_s)
        return _port, lambda: _stop(proc)

    backend = Backend(starter)
    try:
        server = GuardServer((host, port), backend, timeout_s, verbose, page=query_page)
    except OSError as exc:
        backend.stop()
        raise InputError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    signal.signal(signal.SIGTERM, _interrupt)
    shown = f"[{host}]" if ":" in host else host
    base = f"http://{shown}:{server.server_address[1]}"
    if not _is_loopback(host):
        print(f"warning: listening on {host}, reachable from other machines", flush=True)
    print(f"SPARQL endpoint: {base}/query\nQuery UI:        {base}/\n"
          f"read-only; {timeout_s:g} s per query; queries up to {MAX_QUERY_BYTES} bytes; no SERVICE; "
          "Ctrl-C stops", flush=True)
    if ready:
        ready(base)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        backend.stop()


def _interrupt(*_args):
    raise KeyboardInterrupt()


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def publish(endpoint_url: str, nt_path: Path, *, graph: str | None = None, batch_lines: int = 20000,
            timeout_s: float = 60) -> int:
    """Upload an N-Triples file to a SPARQL 1.1 Graph Store Protocol endpoint
    (e.g. Oxigraph's /store, Fuseki's /ds/data), in batches: the first batch
    replaces the graph (PUT), the rest are added (POST). Returns the triples sent."""
    nt_path = Path(nt_path)
    if not nt_path.is_file():
        raise InputError(f"{nt_path}: no such file; build the graph first")
    sep = "&" if "?" in endpoint_url else "?"
    target = endpoint_url + sep + (f"graph={urllib.parse.quote(graph, safe='')}" if graph else "default")
    sent = batch_no = 0
    for batch in _nt_batches(nt_path, batch_lines):  # read as it is sent: memory stays flat
        request = urllib.request.Request(
            target, data="".join(batch).encode("utf-8"), method="PUT" if batch_no == 0 else "POST",
            headers={"Content-Type": "application/n-triples; charset=utf-8"})
        batch_no += 1
        try:
            with urllib.request.urlopen(request, timeout=timeout_s) as resp:
                resp.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace").strip().splitlines()
            raise InputError(f"{endpoint_url}: HTTP {exc.code} on batch {batch_no}: "
                             f"{detail[0] if detail else exc.reason}") from None
        except (urllib.error.URLError, OSError) as exc:
            raise InputError(f"{endpoint_url}: cannot reach the graph store ({getattr(exc, 'reason', exc)})") from None
        sent += len(batch)
    return sent


def _nt_batches(nt_path: Path, batch_lines: int):
    """The N-Triples file's statement lines (no blank or comment lines), ``batch_lines``
    at a time, read lazily; one empty batch for a file without any (so that the graph
    is still replaced)."""
    batch: list[str] = []
    any_sent = False
    with open(nt_path, encoding="utf-8", newline="") as fh:
        for line in fh:
            if not line.strip() or line.startswith("#"):
                continue
            batch.append(line if line.endswith("\n") else line + "\n")
            if len(batch) >= max(1, batch_lines):
                yield batch
                any_sent, batch = True, []
    if batch or not any_sent:
        yield batch


def main_serve(args) -> int:
    """build.py serve [--host H] [--port P] [--dist DIR] [--timeout S]"""
    serve(getattr(args, "host", None) or "127.0.0.1", int(getattr(args, "port", None) or 7878),
          Path(getattr(args, "dist", None) or "dist"),
          timeout_s=float(getattr(args, "timeout", None) or DEFAULT_TIMEOUT_S))
    return 0


def main_publish(args) -> int:
    """build.py publish --endpoint URL [--dist DIR] [--graph IRI]"""
    nt = Path(getattr(args, "dist", None) or "dist") / "govkg.nt"
    sent = publish(args.endpoint, nt, graph=getattr(args, "graph", None))
    print(f"published {sent} triples from {nt} to {args.endpoint}")
    return 0


if __name__ == "__main__":  # python -m govkg.serve.server [--host] [--port] [--dist] [--timeout]
    import argparse

    from govkg.core.errors import GovkgError

    parser = argparse.ArgumentParser(prog="python -m govkg.serve.server", description=serve.__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=7878)
    parser.add_argument("--dist", default="dist")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT_S)
    try:
        sys.exit(main_serve(parser.parse_args()))
    except GovkgError as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(exc.exit_code)
