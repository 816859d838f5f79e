"""Identical requests that miss the cache together run once, against a real server and 8 clients on 8 addresses."""

from __future__ import annotations

import http.client
import json
import urllib.parse
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from support.live import LiveServer

from wugraph.endpoint.catalog import example

pytestmark = pytest.mark.slow

CLIENTS = 8


def _health(server: LiveServer) -> dict:
    parsed = urllib.parse.urlparse(server.url)
    connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=30)
    try:
        connection.request("GET", "/health")
        return json.loads(connection.getresponse().read())["queries"]
    finally:
        connection.close()


def _ask(server: LiveServer, method: str, query: str, source: str) -> tuple[int, bytes]:
    parsed = urllib.parse.urlparse(server.url)
    connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=120, source_address=(source, 0))
    headers = {"Accept": "application/sparql-results+json"}
    try:
        if method == "GET":
            connection.request("GET", "/sparql?" + urllib.parse.urlencode({"query": query}), headers=headers)
        else:
            connection.request("POST", "/sparql", body=urllib.parse.urlencode({"query": query}),
                               headers={**headers, "Content-Type": "application/x-www-form-urlencoded"})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.usefixtures("collected_here")
def test_identical_concurrent_misses_run_once(live_server: LiveServer, method: str) -> None:
    # A query of some hundreds of milliseconds, made new (cold) by a comment no other test sends.
    query = example("district_successors").sparql + f"# {uuid.uuid4()}\n"
    before = _health(live_server)["served"]
    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        answers = list(pool.map(lambda n: _ask(live_server, method, query, f"127.0.0.{40 + n}"), range(CLIENTS)))
    assert [status for status, _ in answers] == [200] * CLIENTS
    assert len({body for _, body in answers}) == 1 and json.loads(answers[0][1])["results"]["bindings"]
    assert _health(live_server)["served"] - before == 1


def test_no_worker_crashed_meanwhile(live_server: LiveServer) -> None:
    """Whatever the tests above sent, no query worker died."""
    with urllib.request.urlopen(live_server.url + "/health", timeout=30) as response:
        queries = json.loads(response.read())["queries"]
    assert queries["crashes"] == 0 and queries["memory_limits"] == 0
