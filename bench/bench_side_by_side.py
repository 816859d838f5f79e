"""`wugraph serve` against a bare `oxigraph serve-read-only --union-default-graph`, side by side in one run.

Both servers get a copy of the same built store (the bundled data) and are measured interleaved, so a
busy shared machine slows both alike: ratios are the figures to read, not absolute milliseconds.
Printed: the median latency of every example query (POST, never cached) on each server and their
ratio; uncached one-row lookups from 8 concurrent clients, each on its own loopback address
(127.0.0.x, so the per-client cap treats them as the 8 clients they are); cached GETs; and the
latency of a simple ASK while 3 clients send hostile queries (too deep, too many UNIONs, undeclared
prefix) and 3 send runaway queries. Nothing here asserts; it runs in under 3 minutes.
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from benchutil import median_ms

from wugraph.config import load_settings
from wugraph.endpoint.catalog import examples
from wugraph.ingest.build import build
from wugraph.namespaces import sparql_prologue
from wugraph.store import open_store

ROOT = Path(__file__).resolve().parents[1]
ROUNDS = 5
WINDOW = 3.0
CLIENTS = 8
LOOKUP = ('SELECT ?label WHERE {{ <https://w3id.org/wugraph/id/union> <http://www.w3.org/2004/02/skos/core#prefLabel> ?label '
          'FILTER(LANG(?label) = "en" && ?label != "{n}") }}')
CROSS = "SELECT ?a WHERE { ?a ?b ?c . ?d ?e ?f } OFFSET 100000000000 LIMIT 1"
HOSTILE = ("SELECT * WHERE { ?s wu:x ?o }",
           "SELECT * WHERE " + "{" * 200 + " ?s ?p ?o " + "}" * 200,
           "SELECT * WHERE { " + " UNION ".join(["{ ?s <urn:x:p> ?o }"] * 3000) + " }",
           "SELECT * WHERE { ?s ?p ?o " + "FILTER EXISTS { ?s ?p ?o " * 100 + "}" * 100 + " }")
JSON_RESULTS = "application/sparql-results+json"


@dataclass
class Server:
    """One server under test: how to reach its SPARQL endpoint and the process to stop."""

    name: str
    host: str
    port: int
    path: str
    process: subprocess.Popen[bytes]

    def connect(self, source: str = "127.0.0.1") -> http.client.HTTPConnection:
        return http.client.HTTPConnection(self.host, self.port, timeout=120, source_address=(source, 0))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait(server: Server, probe: str) -> Server:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"{server.name} exited with {server.process.returncode}")
        try:
            connection = server.connect()
            connection.request("GET", probe)
            connection.getresponse().read()
            connection.close()
            return server
        except OSError:
            time.sleep(0.2)
    server.process.kill()
    raise RuntimeError(f"{server.name} did not start")


def _start_wugraph(folder: Path, log: Path) -> Server:
    port = _free_port()
    env = {**os.environ, "WUGRAPH_STORE": str(folder), "WUGRAPH_QUERY_TIMEOUT": "10"}
    with open(log, "wb") as out:
        process = subprocess.Popen([sys.executable, "-m", "wugraph", "serve", "--port", str(port)], env=env,
                                   stdout=out, stderr=subprocess.STDOUT)
    return _wait(Server("wugraph", "127.0.0.1", port, "/sparql", process), "/health")


def _warmed(log: Path, seconds: float = 150.0) -> float:
    """Wait for the server's one-off start-up work (page caches, spread precomputation) to finish, as a
    production server would have long before; measuring during it would time that work, not the endpoint."""
    started = time.perf_counter()
    while time.perf_counter() - started < seconds:
        if b"caches ready" in log.read_bytes():
            break
        time.sleep(0.5)
    return time.perf_counter() - started


def _start_oxigraph(folder: Path, log: Path) -> Server:
    port = _free_port()
    command = [str(Path(sys.executable).parent / "oxigraph"), "serve-read-only", "--location", str(folder),
               "--bind", f"127.0.0.1:{port}", "--union-default-graph"]
    with open(log, "wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    return _wait(Server("oxigraph", "127.0.0.1", port, "/query", process), "/query?query=ASK%7B%7D")


def _post(connection: http.client.HTTPConnection, server: Server, query: str) -> tuple[float, int]:
    """Seconds and status of one form-encoded POST (never served from a cache)."""
    body = urllib.parse.urlencode({"query": query})
    started = time.perf_counter()
    connection.request("POST", server.path, body=body, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Accept": f"{JSON_RESULTS}, text/turtle;q=0.9"})
    response = connection.getresponse()
    response.read()
    return time.perf_counter() - started, response.status


def _examples(servers: list[Server]) -> None:
    """Every example, interleaved across the servers (order alternating per round); medians and ratios."""
    connections = {s.name: s.connect() for s in servers}
    samples: dict[tuple[str, str], list[float]] = {}
    statuses: dict[tuple[str, str], int] = {}
    queries = examples()
    for server in servers:  # one untimed pass: snapshots and caches warm up
        for example in queries:
            _post(connections[server.name], server, example.sparql)
    for round_ in range(ROUNDS):
        for example in queries:
            for server in servers if round_ % 2 == 0 else reversed(servers):
                seconds, status = _post(connections[server.name], server, example.sparql)
                samples.setdefault((server.name, example.name), []).append(seconds)
                statuses[(server.name, example.name)] = status
    first, second = servers[0].name, servers[1].name
    print(f"  {'example (POST, ' + str(ROUNDS) + ' interleaved rounds)':44} {first + ' ms':>11} {second + ' ms':>12} {'ratio':>6}")
    ratios, ours, theirs = [], [], []
    for example in queries:
        a, b = median_ms(samples[(first, example.name)]), median_ms(samples[(second, example.name)])
        ratios.append(a / b)
        ours.append(a)
        theirs.append(b)
        bad = [f"{name} HTTP {statuses[(name, example.name)]}" for name in (first, second) if statuses[(name, example.name)] != 200]
        print(f"  {example.name:44} {a:11.1f} {b:12.1f} {a / b:6.2f}{'  ' + ', '.join(bad) if bad else ''}", flush=True)
    print(f"  median latency over {len(queries)} examples: {statistics.median(ours):.1f} ms against {statistics.median(theirs):.1f} ms "
          f"({statistics.median(ours) / statistics.median(theirs):.2f}x); median per-query ratio "
          f"{statistics.median(ratios):.2f}x; slowest ratio {max(ratios):.2f}x", flush=True)
    for connection in connections.values():
        connection.close()


def _load(server: Server, sources: list[str], request_for: Callable[[int], tuple[str, str, str]],
          seconds: float) -> tuple[float, list[float], dict[int, int]]:
    """Requests/s from one keep-alive connection per source address, for `seconds`; latencies and statuses."""
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    counter = iter(range(10**9))
    stop = time.perf_counter() + seconds

    def client(source: str) -> None:
        connection = server.connect(source)
        try:
            while time.perf_counter() < stop:
                with lock:
                    n = next(counter)
                method, path, body = request_for(n)
                headers = {"Accept": JSON_RESULTS}
                if body:
                    headers["Content-Type"] = "application/x-www-form-urlencoded"
                started = time.perf_counter()
                connection.request(method, path, body=body or None, headers=headers)
                response = connection.getresponse()
                response.read()
                with lock:
                    latencies.append(time.perf_counter() - started)
                    statuses[response.status] = statuses.get(response.status, 0) + 1
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
                    connection = server.connect(source)
        finally:
            connection.close()

    threads = [threading.Thread(target=client, args=(source,)) for source in sources]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(latencies) / (time.perf_counter() - started), latencies, statuses


def _throughput(servers: list[Server]) -> None:
    """Uncached lookups (a distinct query text each time) and one cached GET, 8 clients on 8 addresses."""
    sources = [f"127.0.0.{10 + i}" for i in range(CLIENTS)]
    cached = urllib.parse.urlencode({"query": LOOKUP.format(n="cached")})

    def lookup(server: Server) -> Callable[[int], tuple[str, str, str]]:
        return lambda n: ("POST", server.path, urllib.parse.urlencode({"query": LOOKUP.format(n=n)}))

    def same_get(server: Server) -> Callable[[int], tuple[str, str, str]]:
        return lambda n: ("GET", f"{server.path}?{cached}", "")

    for label, make in (("uncached one-row lookup (POST, distinct text)", lookup), ("cached GET (same URL)", same_get)):
        rates: dict[str, list[float]] = {s.name: [] for s in servers}
        lats: dict[str, list[float]] = {s.name: [] for s in servers}
        codes: dict[str, dict[int, int]] = {s.name: {} for s in servers}
        windows = 2 if make is lookup else 1
        for window in range(windows):
            for server in servers if window % 2 == 0 else reversed(servers):
                rate, latencies, statuses = _load(server, sources, make(server), WINDOW)
                rates[server.name].append(rate)
                lats[server.name] += latencies
                for code, count in statuses.items():
                    codes[server.name][code] = codes[server.name].get(code, 0) + count
        first, second = servers[0].name, servers[1].name
        mine, theirs = statistics.mean(rates[first]), statistics.mean(rates[second])
        print(f"  {label}, {CLIENTS} clients: {first} {mine:,.0f} req/s (median {median_ms(lats[first]):.1f} ms, {codes[first]}), "
              f"{second} {theirs:,.0f} req/s (median {median_ms(lats[second]):.1f} ms, {codes[second]}): {mine / theirs:.2f}x", flush=True)


def _percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))] * 1000


def _attack(server: Server, seconds: float = 8.0) -> None:
    """A simple ASK from one client while 3 clients send hostile queries and 3 send runaway ones."""
    stop = threading.Event()
    counts: dict[str, dict[int, int]] = {"hostile": {}, "runaway": {}}
    lock = threading.Lock()

    def attacker(source: str, kind: str, queries: tuple[str, ...]) -> None:
        n = 0
        while not stop.is_set():
            connection = server.connect(source)
            try:
                _, status = _post(connection, server, queries[n % len(queries)])
            except OSError:
                status = 0
            finally:
                connection.close()
            with lock:
                counts[kind][status] = counts[kind].get(status, 0) + 1
            n += 1
            if status == 429:
                stop.wait(0.05)

    threads = [threading.Thread(target=attacker, args=(f"127.0.0.{50 + i}", "hostile", HOSTILE), daemon=True) for i in range(3)]
    threads += [threading.Thread(target=attacker, args=(f"127.0.0.{60 + i}", "runaway", (CROSS,)), daemon=True) for i in range(3)]
    for thread in threads:
        thread.start()
    time.sleep(1.0)  # the runaway queries hold their workers; hostile ones are arriving
    connection = server.connect("127.0.0.70")
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        elapsed, status = _post(connection, server, "ASK { <https://w3id.org/wugraph/id/union> ?p ?o }")
        latencies.append(elapsed)
        statuses[status] = statuses.get(status, 0) + 1
        time.sleep(0.01)
    connection.close()
    stop.set()
    print(f"  ASK under attack (3 hostile + 3 runaway clients, {seconds:.0f} s): {len(latencies)} asks, median "
          f"{median_ms(latencies):.1f} ms, p99 {_percentile(latencies, 0.99):.1f} ms, max {max(latencies) * 1000:.0f} ms, "
          f"statuses {statuses}; hostile {counts['hostile']}, runaway {counts['runaway']}", flush=True)
    health = server.connect()
    health.request("GET", "/health")
    queries = json.loads(health.getresponse().read()).get("queries", {})
    health.close()
    print(f"  /health after the attack: {json.dumps(queries)}", flush=True)


def _prepare(tmp: Path) -> tuple[Path, Path, int]:
    """One built store of the bundled data, copied twice (one copy per server)."""
    built = tmp / "built"
    settings = load_settings({"store": str(built), "home": ROOT}, environ={})
    with open_store(built) as store:
        build(store, settings)
        quads = store.count()
    copies = []
    for name in ("wugraph", "oxigraph"):
        target = tmp / name
        shutil.copytree(built, target)
        (target / "LOCK").unlink(missing_ok=True)
        copies.append(target)
    return copies[0], copies[1], quads


def main() -> None:
    assert sparql_prologue()  # the examples carry the standard prologue, as the query page sends them
    with tempfile.TemporaryDirectory(prefix="wugraph-bench-side-") as name:
        tmp = Path(name)
        started = time.perf_counter()
        mine, theirs, quads = _prepare(tmp)
        print(f"  one store, {quads:,} quads, copied twice (prepared in {time.perf_counter() - started:.1f} s)", flush=True)
        servers: list[Server] = []
        try:
            servers.append(_start_wugraph(mine, tmp / "wugraph.log"))
            servers.append(_start_oxigraph(theirs, tmp / "oxigraph.log"))
            print(f"  wugraph start-up work done after {_warmed(tmp / 'wugraph.log'):.1f} s", flush=True)
            _examples(servers)
            _throughput(servers)
            _attack(servers[0])
        finally:
            for server in servers:
                server.process.terminate()
            for server in servers:
                try:
                    server.process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    server.process.kill()
                    server.process.wait()
            log = tmp / "wugraph.log"
            if log.exists():
                print(f"  wugraph server log: {log.stat().st_size:,} bytes", flush=True)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()
