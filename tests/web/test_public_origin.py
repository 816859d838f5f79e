"""Absolute URLs, the Host header and proxies, against real servers: a configured public base wins, an
unknown Host is refused rather than reflected, and only trusted proxies may name the client."""

from __future__ import annotations

import http.client
import json
import urllib.parse
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from support.live import LiveServer, start_server, stop_server
from support.stores import copy_store

pytestmark = pytest.mark.slow

BASE = "https://wugraph.example.org/kg"
CROSS = "SELECT ?a WHERE { ?a ?b ?c . ?d ?e ?f } OFFSET 100000000000 LIMIT 1"


def request(server: LiveServer, path: str, headers: dict[str, str] | None = None, method: str = "GET",
            body: bytes | None = None, source: str = "127.0.0.1") -> tuple[int, dict[str, str], bytes]:
    parsed = urllib.parse.urlparse(server.url)
    connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=60, source_address=(source, 0))
    try:
        connection.putrequest(method, path, skip_host=True)
        for name, value in {"Host": parsed.netloc, **(headers or {})}.items():
            connection.putheader(name, value)
        if body is not None:
            connection.putheader("Content-Length", str(len(body)))
        connection.endheaders(body)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()



@pytest.fixture(scope="module")
def based(built_store_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    folder = copy_store(built_store_dir, tmp_path_factory.mktemp("based") / "store")
    started = start_server(folder, {"WUGRAPH_PUBLIC_BASE_URL": BASE + "/"})
    yield started
    stop_server(started)


@pytest.fixture(scope="module")
def proxied(built_store_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    folder = copy_store(built_store_dir, tmp_path_factory.mktemp("proxied") / "store")
    env = {"WUGRAPH_TRUSTED_PROXIES": "127.0.0.1/32", "WUGRAPH_MAX_CONCURRENT_QUERIES": "3", "WUGRAPH_MAX_CLIENT_QUERIES": "1",
           "WUGRAPH_QUERY_TIMEOUT": "3", "WUGRAPH_ALLOWED_HOSTS": "localhost,127.0.0.1,.example.net"}
    started = start_server(folder, env)
    yield started
    stop_server(started)


def test_unknown_host_is_refused_not_reflected(live_server: LiveServer) -> None:
    for path, accept in (("/sparql", "text/html"), ("/sparql", "text/turtle"), ("/.well-known/void", "text/turtle"),
                         ("/sparql.json", "application/json"), ("/", "text/html"), ("/id/union", "text/html")):
        status, headers, body = request(live_server, path, {"Host": "evil.example", "Accept": accept})
        assert status == 400, path
        error = json.loads(body)
        assert error["code"] == "host_not_allowed" and "WUGRAPH_PUBLIC_BASE_URL" in error["message_en"]
        assert "Location" not in headers and b"http://evil.example" not in body and b"https://evil.example" not in body


def test_allowed_host_builds_the_absolute_urls(live_server: LiveServer) -> None:
    status, _, body = request(live_server, "/sparql.json")
    netloc = urllib.parse.urlparse(live_server.url).netloc
    assert status == 200 and json.loads(body)["endpoint"] == f"http://{netloc}/sparql"
    status, _, body = request(live_server, "/sparql.json", {"Host": f"localhost:{netloc.split(':')[1]}"})
    assert status == 200 and json.loads(body)["endpoint"] == f"http://localhost:{netloc.split(':')[1]}/sparql"


def test_public_base_url_is_used_for_every_absolute_url(based: LiveServer) -> None:
    for host in (urllib.parse.urlparse(based.url).netloc, "evil.example"):
        status, _, body = request(based, "/sparql.json", {"Host": host})
        assert status == 200 and json.loads(body)["endpoint"] == BASE + "/sparql"
        _, _, description = request(based, "/sparql", {"Host": host, "Accept": "text/turtle"})
        assert f"<{BASE}/sparql>".encode() in description and b"evil.example" not in description
        _, _, void = request(based, "/.well-known/void", {"Host": host, "Accept": "application/n-triples"})
        assert f"<{BASE}/sparql>".encode() in void and b"evil.example" not in void
        status, headers, _ = request(based, "/id/union", {"Host": host, "Accept": "text/html"})
        assert status == 303 and headers["Location"] in ("/kg/page/union", BASE + "/page/union")
        _, headers, page = request(based, "/sparql", {"Host": host, "Accept": "text/html"})
        assert f'data-endpoint="{BASE}/sparql"'.encode() in page and b'href="/kg/static/' in page
        assert "https://wugraph.example.org" in headers["Content-Security-Policy"]


def test_relative_iris_in_a_query_resolve_against_the_public_endpoint(based: LiveServer) -> None:
    status, _, body = request(based, "/sparql", {"Content-Type": "application/sparql-query", "Accept": "application/n-triples"},
                              "POST", b"CONSTRUCT { <s> <p> 1 } WHERE {}")
    assert status == 200 and f"<{BASE}/s>".encode() in body


def _slow(server: LiveServer, forwarded: str, source: str = "127.0.0.1", n: int = 0) -> int:
    """A query that runs into the 3 s limit; `n` makes each text distinct (identical ones would be merged)."""
    return request(server, "/sparql", {"Content-Type": "application/sparql-query", "X-Forwarded-For": forwarded},
                   "POST", f"{CROSS} # {n}".encode(), source=source)[0]


def test_trusted_proxy_names_the_client(proxied: LiveServer) -> None:
    with ThreadPoolExecutor(max_workers=2) as pool:
        # Two people behind the proxy: each has their own allowance of one query.
        assert sorted(pool.map(lambda who: _slow(proxied, who), ["203.0.113.5", "198.51.100.1, 203.0.113.6"])) == [503, 503]
    with ThreadPoolExecutor(max_workers=2) as pool:
        # One person twice: the second query is over their allowance.
        assert sorted(pool.map(lambda n: _slow(proxied, "203.0.113.7", n=n), [1, 2])) == [429, 503]


def test_forwarded_headers_from_anyone_else_are_ignored(proxied: LiveServer) -> None:
    with ThreadPoolExecutor(max_workers=2) as pool:
        # 127.0.0.2 is no proxy of ours: whatever it claims, it is one client with one allowance.
        statuses = sorted(pool.map(lambda n: _slow(proxied, f"203.0.113.{n}", "127.0.0.2", n), [8, 9]))
    assert statuses == [429, 503]
    status, _, _ = request(proxied, "/sparql.json", {"X-Forwarded-Host": "evil.example"}, source="127.0.0.2")
    assert status == 200


def test_trusted_proxy_forwards_scheme_and_host_through_the_allow_list(proxied: LiveServer) -> None:
    status, _, body = request(proxied, "/sparql.json", {"X-Forwarded-Host": "wugraph.example.net", "X-Forwarded-Proto": "https"})
    assert status == 200 and json.loads(body)["endpoint"] == "https://wugraph.example.net/sparql"
    status, _, body = request(proxied, "/sparql.json", {"X-Forwarded-Host": "evil.example"})
    assert status == 400 and json.loads(body)["code"] == "host_not_allowed"



def test_no_worker_crashed_meanwhile(based: LiveServer, proxied: LiveServer) -> None:
    for server in (based, proxied):
        status, _, body = request(server, "/health")
        queries = json.loads(body)["queries"]
        assert status == 200 and queries["crashes"] == 0 and queries["memory_limits"] == 0
