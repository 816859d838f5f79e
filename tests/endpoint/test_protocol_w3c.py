"""The W3C SPARQL 1.1 Protocol tests (every query_* and bad_* entry of the manifest) against a real server.

The manifest's requests are sent as written (method, path, headers, body in its declared encoding)
to `wugraph serve` on loopback, over a store holding the manifest's graph data as named graphs
named by their labels; `/sparql/` in the manifest stands for our endpoint path, as its comment asks.
"""

from __future__ import annotations

import http.client
import json
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from support.paths import ROOT
from support.live import LiveServer, start_server, stop_server
from rdflib.collection import Collection

from wugraph.formats import by_suffix
from wugraph.store import open_store

pytestmark = pytest.mark.slow

PROTOCOL = ROOT.parent / "shared" / "w3c-sparql11" / "protocol"
MANIFEST = PROTOCOL / "manifest.ttl"
MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = rdflib.Namespace("http://www.w3.org/2011/http#")
CNT = rdflib.Namespace("http://www.w3.org/2011/content#")
UT = rdflib.Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
RESULTS = {"application/sparql-results+json": ox.QueryResultsFormat.JSON, "application/sparql-results+xml": ox.QueryResultsFormat.XML,
           "text/csv": ox.QueryResultsFormat.CSV, "text/tab-separated-values": ox.QueryResultsFormat.TSV}


@dataclass(frozen=True)
class Exchange:
    """One request of a test and what its response must be."""

    method: str
    path: str
    headers: tuple[tuple[str, str], ...]
    body: bytes | None
    statuses: tuple[str, ...]
    result_format: str | None
    boolean: bool | None


@dataclass(frozen=True)
class ProtocolTest:
    name: str
    graphs: tuple[tuple[Path, str], ...]
    exchanges: tuple[Exchange, ...]


def _load() -> list[ProtocolTest]:
    if not MANIFEST.exists():
        return []
    graph = rdflib.Graph().parse(MANIFEST, format="turtle")
    found = []
    for entry in Collection(graph, next(graph.objects(None, MF.entries))):
        name = str(entry).rsplit("#", 1)[-1]
        if not name.startswith(("query_", "bad_")):
            continue
        graphs = tuple((Path(urllib.parse.urlparse(str(graph.value(data, UT.graph))).path), str(graph.value(data, rdflib.RDFS.label)))
                       for data in graph.objects(entry, UT.graphData))
        exchanges = []
        action = graph.value(entry, MF.action)
        for request in Collection(graph, graph.value(action, HT.requests)):
            headers = tuple((str(graph.value(h, HT.fieldName)), str(graph.value(h, HT.fieldValue)))
                            for listed in graph.objects(request, HT.headers) for h in Collection(graph, listed))
            body_node = graph.value(request, HT.body)
            body = None
            if body_node is not None:
                encoding = str(graph.value(body_node, CNT.characterEncoding) or "UTF-8")
                body = str(graph.value(body_node, CNT.chars)).encode(encoding)
            response = graph.value(request, HT.resp)
            path = str(graph.value(request, HT.absolutePath)).replace("/sparql/", "/sparql", 1)
            boolean = graph.value(response, MF.expectedBoolean)
            exchanges.append(Exchange(str(graph.value(request, HT.methodName)), path, headers, body,
                                      tuple(sorted(str(s).rsplit("#", 1)[-1] for s in graph.objects(response, MF.expectedStatus))),
                                      str(graph.value(response, MF.expectedFormat) or "") or None,
                                      None if boolean is None else bool(boolean.toPython())))
        found.append(ProtocolTest(name, graphs, tuple(exchanges)))
    return found


TESTS = _load()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A real server over every graph the manifest's tests name, each under its label."""
    folder = tmp_path_factory.mktemp("w3c-protocol") / "store"
    loaded: dict[str, Path] = {label: path for test in TESTS for path, label in test.graphs}
    with open_store(folder) as store:
        for label, path in loaded.items():
            fmt = by_suffix(path.suffix)
            assert fmt is not None
            store.load_graph(label, path, fmt)
    started = start_server(folder, log=tmp_path_factory.mktemp("w3c-protocol-log") / "server.log")
    yield started
    stop_server(started)


def _send(server: LiveServer, exchange: Exchange) -> tuple[int, str, bytes]:
    parsed = urllib.parse.urlparse(server.url)
    connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=60)
    try:
        connection.putrequest(exchange.method, exchange.path, skip_accept_encoding=True)
        for name, value in exchange.headers:
            connection.putheader(name, value)
        connection.putheader("Content-Length", str(len(exchange.body or b"")))
        connection.endheaders(exchange.body)
        response = connection.getresponse()
        return response.status, response.getheader("Content-Type") or "", response.read()
    finally:
        connection.close()


def _check_format(exchange: Exchange, content_type: str, body: bytes) -> None:
    media = content_type.split(";")[0].strip().lower()
    if exchange.result_format in ("boolean", "tabular"):
        assert media in RESULTS, content_type
        parsed = ox.parse_query_results(body, RESULTS[media])
        if exchange.result_format == "boolean":
            assert isinstance(parsed, ox.QueryBoolean)
            if exchange.boolean is not None:
                assert bool(parsed) is exchange.boolean
        else:
            assert isinstance(parsed, ox.QuerySolutions)
            list(parsed)
    elif exchange.result_format == "RDF":
        rdf_format = ox.RdfFormat.from_media_type(media)
        assert rdf_format is not None, content_type
        list(ox.parse(body, rdf_format))


def test_manifest_has_the_27_query_and_bad_tests() -> None:
    if not TESTS:
        pytest.skip(f"W3C protocol manifest not found at {MANIFEST}")
    assert len(TESTS) == 27


@pytest.mark.parametrize("test", TESTS, ids=[t.name for t in TESTS])
def test_w3c_protocol(server: LiveServer, test: ProtocolTest) -> None:
    for exchange in test.exchanges:
        status, content_type, body = _send(server, exchange)
        assert f"StatusCode{status // 100}xx" in exchange.statuses, (status, body[:300])
        if status < 300:
            _check_format(exchange, content_type, body)
        elif status >= 400 and exchange.method != "PUT":
            error = json.loads(body)
            assert error["code"] and error["message_vi"] and error["message_en"]


def test_no_worker_crashed_during_the_protocol_tests(server: LiveServer) -> None:
    connection = http.client.HTTPConnection(urllib.parse.urlparse(server.url).hostname, urllib.parse.urlparse(server.url).port)
    connection.request("GET", "/health")
    queries = json.loads(connection.getresponse().read())["queries"]
    connection.close()
    assert queries["crashes"] == 0 and queries["memory_limits"] == 0
