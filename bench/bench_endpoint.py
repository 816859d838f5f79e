"""Endpoint figures through HTTP: median latency of every example, requests/s for a cached GET and an uncached SELECT.

Measured on the bundled data and on ten times its size (the bundled graphs copied nine times under
filler IRIs), each served by a real `wugraph serve` (waitress + query workers) on loopback. The load
generator is Python threads with keep-alive connections, bounded in time; nothing here asserts.
"""

from __future__ import annotations

import http.client
import io
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
from benchutil import median_ms, p95_ms

from wugraph.config import load_settings
from wugraph.endpoint.catalog import examples
from wugraph.ingest.build import build
from wugraph.store import Store, open_store
from wugraph.store.updates import version_update

ROOT = Path(__file__).resolve().parents[1]
SIMPLE = 'SELECT ?name WHERE {{ <https://w3id.org/wugraph/id/union> <http://www.w3.org/2004/02/skos/core#prefLabel> ?name FILTER(?name != "{n}") }}'
DURATION = 3.0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


SHARED_GRAPHS = (b"<https://w3id.org/wugraph/graph/ontology>", b"<https://w3id.org/wugraph/graph/shapes>",
                 b"<https://w3id.org/wugraph/graph/meta>")


def _dumped(store: Store) -> bytes:
    buffer = io.BytesIO()
    store.dump(buffer, "nquads")
    return buffer.getvalue()


def _build(folder: Path, copies: int) -> int:
    """The bundled store plus `copies` copies of its data graphs under filler IRIs (the ontology,
    shapes and metadata stay single, as they would in a bigger real dataset); returns the quad count."""
    settings = load_settings({"store": str(folder), "home": ROOT}, environ={})
    with open_store(folder) as store:
        build(store, settings)
        dump = b"\n".join(line for line in _dumped(store).splitlines()
                          if not line.rstrip(b" .").endswith(SHARED_GRAPHS))
    raw = ox.Store(str(folder))
    for k in range(1, copies + 1):
        filler = (dump.replace(b"<https://w3id.org/wugraph/id/", b"<https://w3id.org/wugraph/id/filler%d/" % k)
                  .replace(b"<https://w3id.org/wugraph/graph/", b"<https://w3id.org/wugraph/graph/filler%d/" % k))
        raw.bulk_load(filler, ox.RdfFormat.N_QUADS)
    raw.optimize()  # compact once now, so no background compaction runs during the measurements
    del raw
    with open_store(folder) as store:
        store.update(version_update(f"bench-x{copies + 1}"))
        return store.count()


def _serve(folder: Path, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    env = {**os.environ, "WUGRAPH_STORE": str(folder), "WUGRAPH_QUERY_TIMEOUT": "120", "WUGRAPH_MAX_CLIENT_QUERIES": "4"}
    with open(log, "wb") as out:
        process = subprocess.Popen([sys.executable, "-m", "wugraph", "serve", "--port", str(port)], env=env,
                                   stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/health", timeout=5):
                return process, url
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise RuntimeError(f"server did not start; see {log}")


def _post(url: str, query: str) -> tuple[float, int]:
    """Seconds and HTTP status of one POSTed query (POST answers are never served from the cache)."""
    data = urllib.parse.urlencode({"query": query}).encode()
    request = urllib.request.Request(url + "/sparql", data=data, headers={"Accept": "application/sparql-results+json, text/turtle"})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=300) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
        error.close()
    return time.perf_counter() - started, status


def _example_latencies(url: str, repeat: int) -> None:
    for example in examples():  # one untimed pass: every worker's snapshot and caches warm up
        _post(url, example.sparql)
    print(f"  {'example':40} {'median ms':>10} {'runs':>5}")
    medians = []
    for example in examples():
        first, status = _post(url, example.sparql)
        samples = [first]
        runs = repeat if first < 3.0 else 1
        samples += [_post(url, example.sparql)[0] for _ in range(runs - 1)]
        medians.append(statistics.median(samples))
        note = "" if status == 200 else f"  HTTP {status}"
        print(f"  {example.name:40} {median_ms(samples):10.1f} {len(samples):5d}{note}", flush=True)
    print(f"  all {len(medians)} examples: median of medians {median_ms(medians):.1f} ms, slowest {max(medians) * 1000:.0f} ms")


def _load(url: str, threads: int, path_for: Callable[[int], str]) -> tuple[float, list[float], dict[int, int]]:
    """Requests/s over DURATION seconds from `threads` keep-alive connections; latencies and status counts."""
    parsed = urllib.parse.urlparse(url)
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    counter = iter(range(10**9))
    stop = time.perf_counter() + DURATION

    def worker() -> None:
        connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=60)
        try:
            while time.perf_counter() < stop:
                with lock:
                    n = next(counter)
                started = time.perf_counter()
                connection.request("GET", path_for(n), headers={"Accept": "application/sparql-results+json"})
                response = connection.getresponse()
                response.read()
                with lock:
                    latencies.append(time.perf_counter() - started)
                    statuses[response.status] = statuses.get(response.status, 0) + 1
        finally:
            connection.close()

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    started = time.perf_counter()
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return len(latencies) / (time.perf_counter() - started), latencies, statuses


def _throughput(url: str) -> None:
    cached_path = "/sparql?" + urllib.parse.urlencode({"query": SIMPLE.format(n="cached")})
    warm = urllib.request.Request(url + cached_path, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(warm, timeout=60) as response:  # fill the response cache for exactly these headers
        response.read()
    for label, threads, path_for in (
        ("cached GET (same URL, ETag-keyed response cache)", 8, lambda n: cached_path),
        ("uncached simple SELECT (distinct query text each time)", 4,
         lambda n: "/sparql?" + urllib.parse.urlencode({"query": SIMPLE.format(n=n)})),
    ):
        rate, latencies, statuses = _load(url, threads, path_for)
        print(f"  {label}: {rate:,.0f} requests/s with {threads} threads over {DURATION:.0f} s; "
              f"median {median_ms(latencies):.1f} ms, p95 {p95_ms(latencies):.1f} ms; statuses {statuses}", flush=True)


def main() -> None:
    for copies, repeat in ((0, 5), (9, 3)):
        with tempfile.TemporaryDirectory(prefix="wugraph-bench-endpoint-") as tmp:
            folder = Path(tmp) / "store"
            started = time.perf_counter()
            quads = _build(folder, copies)
            print(f"\n-- data x{copies + 1}: {quads:,} quads (prepared in {time.perf_counter() - started:.1f} s) --", flush=True)
            process, url = _serve(folder, Path(tmp) / "server.log")
            try:
                _example_latencies(url, repeat)
                _throughput(url)
            finally:
                process.terminate()
                process.wait(timeout=30)


if __name__ == "__main__":
    main()
