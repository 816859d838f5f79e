"""Hostile requests against a real server with a 3-second query limit: each gets its error, others still get answers.

The flood comes from 127.0.0.2 and the well-behaved researcher from 127.0.0.1 (both loopback), so the
per-client share of the worker pool is exercised the way two real clients would see it.
"""

from __future__ import annotations

import http.client
import json
import shutil
import socket
import threading
import time
import urllib.parse
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from support.live import LiveServer, start_server, stop_server

pytestmark = pytest.mark.slow

TIMEOUT = 3.0
# Streams through 10^11 combinations: minutes of work in flat memory.
CROSS = "SELECT ?a WHERE { ?a ?b ?c . ?d ?e ?f } OFFSET 100000000000 LIMIT 1"
SIMPLE = 'SELECT ?name WHERE { <https://w3id.org/wugraph/id/union> <http://www.w3.org/2004/02/skos/core#prefLabel> ?name }'


@pytest.fixture(scope="module")
def server(built_store_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    folder = tmp_path_factory.mktemp("hostile") / "store"
    shutil.copytree(built_store_dir, folder)
    (folder / "LOCK").unlink(missing_ok=True)
    env = {"WUGRAPH_QUERY_TIMEOUT": str(TIMEOUT), "WUGRAPH_MAX_CONCURRENT_QUERIES": "3", "WUGRAPH_QUEUE_WAIT": "0.5"}
    started = start_server(folder, env, log=tmp_path_factory.mktemp("hostile-log") / "server.log")
    yield started
    stop_server(started)


@dataclass
class Trap:
    """A loopback listener that counts connections: proof that nothing was fetched."""

    port: int
    accepted: list[tuple[str, int]] = field(default_factory=list)


@pytest.fixture
def trap() -> Iterator[Trap]:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.settimeout(0.1)
    found = Trap(listener.getsockname()[1])
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                connection, peer = listener.accept()
            except TimeoutError:
                continue
            found.accepted.append(peer)
            connection.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield found
    stop.set()
    thread.join()
    listener.close()


def post(server: LiveServer, query: str, source: str = "127.0.0.1", timeout: float = 60.0,
         content_type: str = "application/sparql-query") -> tuple[int, dict[str, str], bytes, float]:
    """POST a query from a chosen loopback address; returns status, headers, body and seconds taken."""
    parsed = urllib.parse.urlparse(server.url)
    connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=timeout, source_address=(source, 0))
    body = query.encode("utf-8") if content_type != "application/x-www-form-urlencoded" else urllib.parse.urlencode({"query": query}).encode()
    started = time.monotonic()
    try:
        connection.request("POST", "/sparql", body=body, headers={"Content-Type": content_type, "Accept": "application/sparql-results+json"})
        response = connection.getresponse()
        data = response.read()
        return response.status, dict(response.getheaders()), data, time.monotonic() - started
    finally:
        connection.close()


def test_service_load_and_remote_from_reach_nothing(server: LiveServer, trap: Trap) -> None:
    target = f"http://127.0.0.1:{trap.port}"
    for query in (f"SELECT * WHERE {{ SERVICE <{target}/sparql> {{ ?s ?p ?o }} }}",
                  f"SELECT * WHERE {{ ?s ?p ?o . FILTER EXISTS {{ SERVICE SILENT <{target}/x> {{ ?s ?p ?o }} }} }}",
                  f"LOAD <{target}/data.ttl>",
                  f"LOAD <{target}/data.ttl> INTO GRAPH <http://example.org/g>",
                  f"SELECT * FROM <{target}/data.ttl> WHERE {{ ?s ?p ?o }}",
                  f"SELECT * FROM NAMED <{target}/data.ttl> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"):
        status, _, body, _ = post(server, query)
        assert status == 400 and json.loads(body)["code"] == "query_refused", query
    time.sleep(0.5)
    assert trap.accepted == []


def test_cross_product_is_stopped_with_503(server: LiveServer) -> None:
    status, headers, body, seconds = post(server, CROSS)
    error = json.loads(body)
    assert status == 503 and error["code"] == "query_timeout" and error["timeout"] == TIMEOUT
    assert "3 s" in error["message_en"] and "3 giây" in error["message_vi"]
    assert TIMEOUT <= seconds < TIMEOUT + 5
    assert headers["Content-Type"].startswith("application/json")
    assert post(server, SIMPLE)[0] == 200


def test_ten_megabyte_query_is_refused(server: LiveServer) -> None:
    huge = "SELECT * WHERE { ?s ?p ?o } #" + "x" * (10 * 1024 * 1024)
    for content_type in ("application/sparql-query", "application/x-www-form-urlencoded"):
        status, _, body, _ = post(server, huge, content_type=content_type)
        assert status == 413, content_type
    parsed = urllib.parse.urlparse(server.url)
    connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=60)
    try:
        connection.request("GET", "/sparql?query=" + urllib.parse.quote(huge[:10 * 1024 * 1024]))
        status = connection.getresponse().status
    except (ConnectionError, http.client.HTTPException):
        status = 0  # waitress may close the connection on a 10 MB request line: refused before the app either way
    finally:
        connection.close()
    assert status in (0, 413, 414, 431)
    assert post(server, SIMPLE)[0] == 200


@pytest.mark.usefixtures("collected_here")
def test_flood_of_slow_queries_leaves_room_for_a_researcher(server: LiveServer) -> None:
    with ThreadPoolExecutor(max_workers=51) as pool:
        flood = [pool.submit(post, server, CROSS, "127.0.0.2") for _ in range(50)]
        time.sleep(0.3)  # the flood is in: workers are taken and the rest are being turned away
        researcher = pool.submit(post, server, SIMPLE, "127.0.0.1")
        status, _, body, seconds = researcher.result()
        outcomes = [f.result() for f in flood]
    assert status == 200 and {b["name"]["value"] for b in json.loads(body)["results"]["bindings"]} >= {"Vietnam Women's Union"}
    assert seconds < 5.0  # generous: it normally answers in a few hundredths of a second
    codes = [o[0] for o in outcomes]
    assert set(codes) <= {429, 503} and codes.count(503) >= 1 and codes.count(429) >= 40
    assert all(o[1].get("Retry-After", "").isdigit() for o in outcomes if o[0] == 429)
    assert all(json.loads(o[2])["code"] in ("busy", "query_timeout") for o in outcomes)
    time.sleep(1.0)
    assert post(server, SIMPLE)[0] == 200


def _workers_of(folder: Path) -> list[int]:
    """Query worker processes serving `folder` (their command line names the module and the store)."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            argv = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"wugraph.endpoint.worker" in argv and str(folder).encode() in argv:
            found.append(int(proc.name))
    return found


def test_stopping_the_server_stops_its_workers(built_store_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "store"
    shutil.copytree(built_store_dir, folder)
    (folder / "LOCK").unlink(missing_ok=True)
    started = start_server(folder, {"WUGRAPH_MAX_CONCURRENT_QUERIES": "2"})
    try:
        assert len(_workers_of(folder)) == 2
        assert post(started, SIMPLE)[0] == 200
    finally:
        stop_server(started)
    deadline = time.monotonic() + 10
    while _workers_of(folder) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _workers_of(folder) == []
    assert started.process.returncode == 0  # SIGTERM ends serving cleanly (the pool is closed on the way out)
