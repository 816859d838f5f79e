"""The first endpoint and the landing page, through the Flask test client."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest

ASK = "ASK { <https://w3id.org/wugraph/id/union> ?p ?o }"
SELECT = 'SELECT ?code WHERE { ?u <http://www.w3.org/2004/02/skos/core#notation> ?code FILTER(?code = "661") }'
CONSTRUCT = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(?s = <https://w3id.org/wugraph/id/union>) }"


@pytest.mark.parametrize(("accept", "content_type", "marker"), [
    ("application/sparql-results+json", "application/sparql-results+json", '"661"'),
    ("application/sparql-results+xml", "application/sparql-results+xml", "<literal>661</literal>"),
    ("text/csv", "text/csv", "661"),
    ("text/tab-separated-values", "text/tab-separated-values", '"661"'),
    (None, "application/sparql-results+json", '"661"'),
])
def test_select_by_accept(shared_client, accept, content_type, marker) -> None:
    response = shared_client.get("/sparql?query=" + quote(SELECT), headers={"Accept": accept} if accept else {})
    assert response.status_code == 200
    assert response.content_type.startswith(content_type)
    assert marker in response.get_data(as_text=True)


@pytest.mark.parametrize(("accept", "content_type"), [
    ("text/turtle", "text/turtle"), ("application/n-triples", "application/n-triples"), ("application/ld+json", "application/ld+json"),
])
def test_construct_by_accept(shared_client, accept, content_type) -> None:
    response = shared_client.get("/sparql?query=" + quote(CONSTRUCT), headers={"Accept": accept})
    assert response.status_code == 200 and response.content_type.startswith(content_type)
    assert "Vietnam Women's Union" in response.get_data(as_text=True)


def test_jsonld_is_json(shared_client) -> None:
    response = shared_client.get("/sparql?query=" + quote(CONSTRUCT), headers={"Accept": "application/ld+json"})
    assert any("https://w3id.org/wugraph/id/union" == node.get("@id") for node in json.loads(response.data))


def test_post_form_and_post_direct(shared_client) -> None:
    form = shared_client.post("/sparql", data={"query": ASK}, headers={"Accept": "application/sparql-results+json"})
    assert form.status_code == 200 and form.json == {"head": {}, "boolean": True}
    direct = shared_client.post("/sparql", data=ASK.encode(), content_type="application/sparql-query")
    assert direct.status_code == 200 and direct.json["boolean"] is True


def test_format_parameter_overrides_accept(shared_client) -> None:
    response = shared_client.get("/sparql?format=csv&query=" + quote(SELECT), headers={"Accept": "application/sparql-results+xml"})
    assert response.content_type.startswith("text/csv")


def test_protocol_errors(shared_client) -> None:
    assert shared_client.get("/sparql?query=" + quote("SELEC ?x")).status_code == 400
    assert shared_client.get("/sparql?query=" + quote(ASK), headers={"Accept": "image/png"}).status_code == 406
    assert shared_client.post("/sparql", data="x", content_type="text/plain").status_code == 415
    put = shared_client.put("/sparql")
    assert put.status_code == 405 and "POST" in put.headers["Allow"]
    body = shared_client.get("/sparql?query=" + quote("SELEC ?x")).json
    assert body["code"] == "parse_error" and body["message_vi"] and body["message_en"]


def test_landing_page_in_both_languages_with_counts(shared_client) -> None:
    vi = shared_client.get("/")
    assert vi.status_code == 200
    page = vi.get_data(as_text=True)
    assert 'lang="vi"' in page and "Câu hỏi mẫu" in page and "3,321" in page
    en = shared_client.get("/?lang=en")
    assert "Example questions" in en.get_data(as_text=True)
    assert "wugraph_lang=en" in en.headers.get("Set-Cookie", "")
    twin = shared_client.get("/index.json").json
    assert twin["stats"]["total"] > 300_000 and len(twin["examples"]) >= 4
