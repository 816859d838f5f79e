"""Real clients (SPARQLWrapper, rdflib's SPARQLStore, plain HTTP) against a real `wugraph serve` on loopback."""

from __future__ import annotations

import gzip
import json
import urllib.error
import urllib.parse
import urllib.request

import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, POST, RDFXML, TURTLE, XML, SPARQLWrapper

from wugraph.endpoint.catalog import examples

UNION = "https://w3id.org/wugraph/id/union"
PROVINCES = """PREFIX wu: <https://w3id.org/wugraph/ontology#>
PREFIX schema: <http://schema.org/>
SELECT ?unit WHERE { ?unit wu:unitLevel wu:Province ; schema:startDate "2025-07-01"^^<http://www.w3.org/2001/XMLSchema#date> }"""


def _wrapper(live_server, query: str, fmt: str) -> SPARQLWrapper:
    client = SPARQLWrapper(live_server.sparql)
    client.setQuery(query)
    client.setReturnFormat(fmt)
    return client


def test_sparqlwrapper_select_in_json_xml_and_csv(live_server) -> None:
    rows = _wrapper(live_server, PROVINCES, JSON).query().convert()["results"]["bindings"]
    assert len(rows) == 34
    document = _wrapper(live_server, PROVINCES, XML).query().convert()
    assert len(document.getElementsByTagName("result")) == 34
    csv_text = _wrapper(live_server, PROVINCES, CSV).query().convert().decode("utf-8")
    assert csv_text.startswith("unit\r\n") and csv_text.count("\r\n") == 35


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")  # inside SPARQLWrapper's convert()
def test_sparqlwrapper_post_ask_and_construct(live_server) -> None:
    asking = _wrapper(live_server, f"ASK {{ <{UNION}> ?p ?o }}", JSON)
    asking.setMethod(POST)
    assert asking.query().convert()["boolean"] is True
    construct = f"CONSTRUCT {{ <{UNION}> ?p ?o }} WHERE {{ <{UNION}> ?p ?o }}"
    graph = _wrapper(live_server, construct, RDFXML).query().convert()
    assert isinstance(graph, rdflib.Graph) and len(graph) >= 7
    turtle = _wrapper(live_server, construct, TURTLE).query().convert()
    assert len(rdflib.Graph().parse(data=turtle, format="turtle")) == len(graph)


def test_rdflib_sparqlstore(live_server) -> None:
    graph = rdflib.Graph(store=SPARQLStore(live_server.sparql))
    labels = {str(row[0]) for row in graph.query(f"SELECT ?label WHERE {{ <{UNION}> <http://www.w3.org/2004/02/skos/core#prefLabel> ?label }}")}
    assert labels == {"Hội Liên hiệp Phụ nữ Việt Nam", "Vietnam Women's Union"}
    assert graph.query(f"ASK {{ <{UNION}> ?p ?o }}").askAnswer is True
    described = graph.query(f"CONSTRUCT {{ <{UNION}> ?p ?o }} WHERE {{ <{UNION}> ?p ?o }}").graph
    assert (rdflib.URIRef(UNION), rdflib.RDF.type, rdflib.URIRef("https://w3id.org/wugraph/ontology#Union")) in described


@pytest.mark.parametrize("name", [e.name for e in examples()])
def test_every_example_answers_over_http(live_server, name: str) -> None:
    example = next(e for e in examples() if e.name == name)
    request = urllib.request.Request(live_server.sparql, data=urllib.parse.urlencode({"query": example.sparql}).encode(),
                                     headers={"Accept": "application/sparql-results+json, text/turtle;q=0.9"})
    with urllib.request.urlopen(request, timeout=60) as response:
        assert response.status == 200
        body = response.read()
        if response.headers["Content-Type"].startswith("application/sparql-results+json"):
            assert "head" in json.loads(body)
        else:
            assert len(rdflib.Graph().parse(data=body, format="turtle")) > 0


def test_caching_headers_through_waitress(live_server) -> None:
    url = live_server.sparql + "?" + urllib.parse.urlencode({"query": PROVINCES})
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept-Encoding": "gzip"}), timeout=30) as first:
        etag = first.headers["ETag"]
        assert first.headers["Content-Encoding"] == "gzip" and len(json.loads(gzip.decompress(first.read()))["results"]["bindings"]) == 34
    with pytest.raises(urllib.error.HTTPError) as not_modified:
        urllib.request.urlopen(urllib.request.Request(url, headers={"Accept-Encoding": "gzip", "If-None-Match": etag}), timeout=30)
    assert not_modified.value.code == 304
    not_modified.value.close()
    with urllib.request.urlopen(urllib.request.Request(url, method="HEAD"), timeout=30) as head:
        assert head.status == 200 and int(head.headers["Content-Length"]) > 1000 and head.read() == b""


def test_live_server_runs_queries_in_worker_processes(live_server) -> None:
    with urllib.request.urlopen(live_server.url + "/health", timeout=30) as response:
        body = json.loads(response.read())
    assert body["status"] == "ok" and body["queries"]["mode"] == "process" and body["queries"]["workers"] >= 2
