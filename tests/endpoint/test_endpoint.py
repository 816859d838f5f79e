"""The SPARQL 1.1 Protocol at /sparql through the Flask test client: operations, formats, status codes, caching."""

from __future__ import annotations

import gzip
import io
import json
from urllib.parse import quote

import pyoxigraph as ox
import pytest
import rdflib
from support.paths import ROOT

from wugraph import formats
from wugraph.config import load_settings
from wugraph.endpoint.results import write_solutions
from wugraph.errors import NotAcceptableError
from wugraph.store.updates import version_update
from wugraph.web import create_app

SELECT = 'SELECT ?code WHERE { ?u <http://www.w3.org/2004/02/skos/core#notation> ?code FILTER(?code = "661") }'
ASK = "ASK { <https://w3id.org/wugraph/id/union> ?p ?o }"
CONSTRUCT = "CONSTRUCT { <https://w3id.org/wugraph/id/union> ?p ?o } WHERE { <https://w3id.org/wugraph/id/union> ?p ?o }"
GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
REFORM = "https://w3id.org/wugraph/graph/reference/reform-2025"
UNION_GRAPH = "https://w3id.org/wugraph/graph/reference/union"
JSON_TYPE = "application/sparql-results+json"


@pytest.mark.parametrize(("header", "expected"), [
    (None, [("*/*", 1.0)]),
    ("", [("*/*", 1.0)]),
    ("text/csv", [("text/csv", 1.0)]),
    ("text/csv;q=0.5, application/json", [("application/json", 1.0), ("text/csv", 0.5)]),
    ("*/*, text/*, text/csv", [("text/csv", 1.0), ("text/*", 1.0), ("*/*", 1.0)]),
    ("TEXT/CSV ; Q=0.3", [("text/csv", 0.3)]),
    ("text/csv;q=abc, text/tsv", [("text/tsv", 1.0), ("text/csv", 0.0)]),
    ("text/csv;q=7", [("text/csv", 1.0)]),
    ("garbage, */json, text/csv;level=1;q=0.2", [("text/csv", 0.2)]),
])
def test_accept_parser_table(header: str | None, expected: list[tuple[str, float]]) -> None:
    assert formats.parse_accept(header) == expected


@pytest.mark.parametrize(("header", "results", "graph"), [
    (None, "json", "turtle"),
    ("*/*", "json", "turtle"),
    ("application/sparql-results+xml", "xml", None),
    ("text/csv, */*;q=0.1", "csv", "turtle"),
    ("*/*, text/tab-separated-values", "tsv", "turtle"),
    ("text/*", "csv", "turtle"),
    ("application/json", "json", "jsonld"),
    ("application/xml", "xml", "rdfxml"),
    ("application/rdf+xml;q=0.4, text/turtle;q=0.9", None, "turtle"),
    ("application/n-triples, application/sparql-results+json;q=0.5", "json", "ntriples"),
    ("application/trig, application/n-quads;q=0.9", None, "trig"),
    ("application/ld+json;q=1, text/turtle;q=0.99", None, "jsonld"),
    ("*/*;q=0.5, text/csv;q=0", "json", "turtle"),
    ("text/*;q=0, */*", "json", "ntriples"),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "xml", "rdfxml"),
    ("image/png", None, None),
])
def test_negotiation_table(header: str | None, results: str | None, graph: str | None) -> None:
    for table, want in ((formats.RESULT_FORMATS, results), (formats.GRAPH_FORMATS, graph)):
        if want is None:
            with pytest.raises(NotAcceptableError):
                formats.negotiate(header, table)
        else:
            assert formats.negotiate(header, table).name == want


def _get(client, query: str, **headers: str):
    return client.get("/sparql?query=" + quote(query), headers=headers)


@pytest.mark.parametrize(("accept", "fmt"), [
    ("application/sparql-results+json", ox.QueryResultsFormat.JSON),
    ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
    ("text/tab-separated-values", ox.QueryResultsFormat.TSV),
])
def test_select_formats_parse_back(shared_client, accept: str, fmt: ox.QueryResultsFormat) -> None:
    response = _get(shared_client, SELECT, Accept=accept)
    assert response.status_code == 200 and response.content_type.startswith(accept)
    rows = list(ox.parse_query_results(response.data, fmt))
    assert {r["code"].value for r in rows} == {"661"}


def test_csv_follows_the_spec(shared_client) -> None:
    response = _get(shared_client, 'SELECT ?a ?b WHERE { VALUES (?a ?b) { ("x,\\"y\\"" <http://i>) (UNDEF 2) } }', Accept="text/csv")
    assert response.data == b'a,b\r\n"x,""y""",http://i\r\n,2\r\n'


@pytest.mark.parametrize(("accept", "rdf_format"), [
    ("text/turtle", ox.RdfFormat.TURTLE), ("application/n-triples", ox.RdfFormat.N_TRIPLES),
    ("application/ld+json", ox.RdfFormat.JSON_LD), ("application/rdf+xml", ox.RdfFormat.RDF_XML),
    ("application/n-quads", ox.RdfFormat.N_QUADS), ("application/trig", ox.RdfFormat.TRIG),
])
def test_construct_formats_parse_back(shared_client, accept: str, rdf_format: ox.RdfFormat) -> None:
    response = _get(shared_client, CONSTRUCT, Accept=accept)
    assert response.status_code == 200 and response.content_type.startswith(accept)
    labels = {q.object.value for q in ox.parse(response.data, rdf_format) if q.predicate.value.endswith("#prefLabel")}
    assert labels == {"Hội Liên hiệp Phụ nữ Việt Nam", "Vietnam Women's Union"}
    if rdf_format == ox.RdfFormat.TURTLE:  # and an independent parser agrees
        assert len(rdflib.Graph().parse(data=response.data, format="turtle")) == len(list(ox.parse(response.data, rdf_format)))


def test_ask_in_every_result_format(shared_client) -> None:
    assert _get(shared_client, ASK).json == {"head": {}, "boolean": True}
    assert b"<boolean>true</boolean>" in _get(shared_client, ASK, Accept="application/sparql-results+xml").data


def test_three_operations_agree(shared_client) -> None:
    get = _get(shared_client, SELECT, Accept=JSON_TYPE)
    form = shared_client.post("/sparql", data={"query": SELECT}, headers={"Accept": JSON_TYPE})
    direct = shared_client.post("/sparql", data=SELECT.encode(), content_type="application/sparql-query", headers={"Accept": JSON_TYPE})
    assert get.status_code == form.status_code == direct.status_code == 200
    assert get.json == form.json == direct.json


def test_format_parameter_and_aliases(shared_client) -> None:
    assert _get(shared_client, SELECT + "", Accept="application/sparql-results+xml").content_type.startswith("application/sparql-results+xml")
    for name, media in (("csv", "text/csv"), ("tsv", "text/tab-separated-values"), ("srj", JSON_TYPE), ("srx", "application/sparql-results+xml")):
        response = shared_client.get("/sparql", query_string={"query": SELECT, "format": name}, headers={"Accept": "image/png"})
        assert response.status_code == 200 and response.content_type.startswith(media)
    for name, media in (("ttl", "text/turtle"), ("json", "application/ld+json"), ("xml", "application/rdf+xml"), ("nt", "application/n-triples")):
        response = shared_client.get("/sparql", query_string={"query": CONSTRUCT, "format": name})
        assert response.status_code == 200 and response.content_type.startswith(media)
    form = shared_client.post("/sparql", data={"query": SELECT, "format": "csv"})
    assert form.content_type.startswith("text/csv")
    assert shared_client.get("/sparql", query_string={"query": SELECT, "format": "png"}).status_code == 400


def test_protocol_dataset_overrides_the_union(shared_client) -> None:
    union = {b["g"]["value"] for b in _get(shared_client, GRAPHS).json["results"]["bindings"]}
    assert REFORM in union and len(union) >= 7
    named = shared_client.get("/sparql", query_string=[("query", GRAPHS), ("named-graph-uri", REFORM)])
    assert {b["g"]["value"] for b in named.json["results"]["bindings"]} == {REFORM}
    only_default = shared_client.get("/sparql", query_string=[("query", GRAPHS), ("default-graph-uri", UNION_GRAPH)])
    assert only_default.json["results"]["bindings"] == []  # a dataset given by the protocol has no other named graphs
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    small = shared_client.post("/sparql?default-graph-uri=" + quote(UNION_GRAPH), data=count.encode(), content_type="application/sparql-query")
    assert small.json["results"]["bindings"][0]["n"]["value"] == "13"


def test_from_clause_selects_store_graphs_and_remote_from_is_refused(shared_client) -> None:
    local = _get(shared_client, f"SELECT (COUNT(*) AS ?n) FROM <{UNION_GRAPH}> WHERE {{ ?s ?p ?o }}")
    assert local.status_code == 200 and local.json["results"]["bindings"][0]["n"]["value"] == "13"
    named = _get(shared_client, f"SELECT DISTINCT ?g FROM NAMED <{REFORM}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}")
    assert {b["g"]["value"] for b in named.json["results"]["bindings"]} == {REFORM}
    remote = _get(shared_client, "SELECT * FROM <http://example.org/data.ttl> WHERE { ?s ?p ?o }")
    assert remote.status_code == 400 and remote.json["code"] == "query_refused" and remote.json["reason"] == "remote_from"


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "select * where { { SELECT ?s WHERE { service silent <http://example.org/> { ?s ?p ?o } } } }",
    "ASK { FILTER EXISTS { SERVICE ?endpoint { ?s ?p ?o } } }",
])
def test_service_is_refused_before_execution(shared_client, query: str) -> None:
    response = _get(shared_client, query)
    assert response.status_code == 400 and response.json["reason"] == "service"
    assert response.json["message_vi"] and response.json["message_en"]


def test_updates_are_refused(shared_client) -> None:
    for response in (
        _get(shared_client, "LOAD <http://127.0.0.1:9/data.ttl>"),
        _get(shared_client, "INSERT DATA { <http://a> <http://b> <http://c> }"),
        shared_client.post("/sparql", data={"update": "DROP ALL"}),
        shared_client.post("/sparql", data=b"CLEAR ALL", content_type="application/sparql-update"),
        shared_client.get("/sparql", query_string={"update": "DROP ALL"}),
    ):
        assert response.status_code == 400 and response.json["code"] == "query_refused"


def test_status_codes(shared_client) -> None:
    syntax = _get(shared_client, "SELEC ?x WHERE { }")
    assert syntax.status_code == 400 and syntax.json["code"] == "parse_error" and "1:1" in syntax.json["message_en"]
    assert _get(shared_client, ASK, Accept="image/png").status_code == 406
    assert shared_client.post("/sparql", data="x", content_type="text/plain").status_code == 415
    put = shared_client.put("/sparql")
    assert put.status_code == 405 and "GET" in put.headers["Allow"]
    assert shared_client.delete("/sparql").status_code == 405
    assert shared_client.post("/sparql", data={"format": "json"}).status_code == 400
    twice = shared_client.get("/sparql", query_string=[("query", ASK), ("query", ASK)])
    assert twice.status_code == 400


def test_query_size_limits(shared_app, shared_store) -> None:
    small = create_app(load_settings({"store": "unused", "home": ROOT, "max_query_bytes": 2000}, environ={}), store=shared_store)
    client = small.test_client()
    big = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 3000
    assert client.get("/sparql?query=" + quote(big)).status_code == 413
    assert client.post("/sparql", data={"query": big}).status_code == 413
    direct = client.post("/sparql", data=big.encode(), content_type="application/sparql-query")
    assert direct.status_code == 413 and direct.json["code"] == "too_large"
    huge = client.post("/sparql", data=("#" * 100_000).encode(), content_type="application/sparql-query")
    assert huge.status_code == 413


def test_head_matches_get(shared_client) -> None:
    get = _get(shared_client, SELECT)
    head = shared_client.head("/sparql?query=" + quote(SELECT))
    assert head.status_code == 200 and head.data == b""
    assert head.headers["Content-Length"] == get.headers["Content-Length"] and head.headers["ETag"] == get.headers["ETag"]


def test_etag_and_304_follow_the_store_version(client, loaded_store) -> None:
    first = _get(client, SELECT)
    etag = first.headers["ETag"]
    assert first.headers["Cache-Control"] == "no-cache" and "Accept" in first.headers["Vary"]
    assert _get(client, SELECT, **{"If-None-Match": etag}).status_code == 304
    assert _get(client, SELECT, **{"If-None-Match": 'W/"other", ' + etag}).status_code == 304
    assert _get(client, SELECT, Accept="text/csv").headers["ETag"] != etag
    loaded_store.update(version_update("bumped-by-test"))
    after = _get(client, SELECT, **{"If-None-Match": etag})
    assert after.status_code == 200 and after.headers["ETag"] != etag
    post = client.post("/sparql", data={"query": SELECT})
    assert "ETag" not in post.headers


def test_gzip_when_accepted(shared_client) -> None:
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 200"
    plain = _get(shared_client, query)
    zipped = _get(shared_client, query, **{"Accept-Encoding": "gzip, deflate"})
    assert zipped.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in zipped.headers["Vary"]
    assert gzip.decompress(zipped.data) == plain.data and len(zipped.data) < len(plain.data)
    assert zipped.headers["ETag"] != plain.headers["ETag"]
    assert "Content-Encoding" not in _get(shared_client, query, **{"Accept-Encoding": "gzip;q=0"}).headers
    assert "Content-Encoding" not in _get(shared_client, ASK, **{"Accept-Encoding": "gzip"}).headers  # too small to bother


def test_row_cap_is_announced(shared_store) -> None:
    capped = create_app(load_settings({"store": "unused", "home": ROOT, "max_rows": 3}, environ={}), store=shared_store)
    client = capped.test_client()
    response = _get(client, "SELECT ?s WHERE { ?s a ?c }")
    assert response.headers["X-Wugraph-Truncated"] == "true" and response.headers["X-Wugraph-Row-Limit"] == "3"
    assert response.headers["Warning"].startswith("199 ") and 'rel="help"' in response.headers["Link"]
    assert len(response.json["results"]["bindings"]) == 3 and set(response.json) == {"head", "results"}
    graph = _get(client, "CONSTRUCT WHERE { ?s a ?c }", Accept="application/n-triples")
    assert graph.headers["X-Wugraph-Truncated"] == "true" and len(graph.data.splitlines()) == 3
    exact = _get(client, "SELECT ?x WHERE { VALUES ?x { 1 2 3 } }")
    assert "X-Wugraph-Truncated" not in exact.headers and exact.headers["X-Wugraph-Rows"] == "3"


def test_cors_for_browser_clients(shared_client) -> None:
    assert _get(shared_client, ASK).headers["Access-Control-Allow-Origin"] == "*"
    preflight = shared_client.options("/sparql", headers={"Origin": "https://example.org", "Access-Control-Request-Method": "POST"})
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"] and "Content-Type" in preflight.headers["Access-Control-Allow-Headers"]


def test_results_writers_match_pyoxigraph() -> None:
    """The capped writers produce what pyoxigraph's own serialisers produce for the same solutions."""
    store = ox.Store()
    query = """SELECT ?a ?b ?c ?d ?e ?f ?g WHERE { VALUES (?a ?b ?c ?d ?e ?f ?g) {
      (1 "x\\ty\\nz\\"q<&>" <http://i?a=1&b=2> "2.5"^^<http://www.w3.org/2001/XMLSchema#decimal> "chào"@vi UNDEF "1e3"^^<http://www.w3.org/2001/XMLSchema#double>)
      ("a,b" "" <http://j> true "x"^^<http://example.org/dt> "-3"^^<http://www.w3.org/2001/XMLSchema#integer> 0.5) } }"""
    for name, fmt in (("json", ox.QueryResultsFormat.JSON), ("xml", ox.QueryResultsFormat.XML), ("tsv", ox.QueryResultsFormat.TSV)):
        ours = write_solutions(store.query(query), name, 100)
        theirs = io.BytesIO()
        store.query(query).serialize(theirs, fmt)
        assert list(ox.parse_query_results(ours.body, fmt)) == list(ox.parse_query_results(theirs.getvalue(), fmt))
    csv_theirs = io.BytesIO()
    store.query(query).serialize(csv_theirs, ox.QueryResultsFormat.CSV)
    assert write_solutions(store.query(query), "csv", 100).body == csv_theirs.getvalue()
    assert json.loads(write_solutions(store.query(query), "json", 1).body)["results"]["bindings"][0]["e"] == {
        "type": "literal", "value": "chào", "xml:lang": "vi"}
