"""Malformed IRIs anywhere in a URL get the usual 404 (page or JSON) from a real server, never a 500."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest
from support.live import LiveServer

BROKEN = ["/id/a%20b", "/page/%3Cx%3E", "/data/a%20b.ttl", "/data/%3C%3E", "/page/a%20b.json", "/page/a%20b.csv",
          "/id/%00", "/page/x%7By%7D", "/id/unit/%ZZ", "/network?iri=a%20b", "/network.json?iri=%3C",
          "/spread/a%20b", "/api/spread/%3Cx%3E", "/spread/compare?a=x%20y&b=%3C", "/hierarchy?open=%3Cx%3E"]


@pytest.mark.parametrize("path", BROKEN)
@pytest.mark.parametrize("accept", ["text/html", "application/json", "text/turtle"])
def test_malformed_iri_is_a_client_error(live_server: LiveServer, path: str, accept: str) -> None:
    request = urllib.request.Request(live_server.url + path, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            status, content_type, body = response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as error:
        with error:
            status, content_type, body = error.code, error.headers["Content-Type"], error.read()
    assert status in (200, 303, 400, 404), (status, body[:200])
    assert b"Traceback" not in body and b"internal_server_error" not in body
    if status >= 400 and content_type.startswith("application/json"):
        error_body = json.loads(body)
        assert error_body["code"] in ("not_found", "usage") and error_body["message_vi"] and error_body["message_en"]
    elif status >= 400:
        assert content_type.startswith("text/html") and "Không".encode() in body


def test_no_worker_crashed_meanwhile(live_server: LiveServer) -> None:
    """Whatever the tests above sent, no query worker died."""
    with urllib.request.urlopen(live_server.url + "/health", timeout=30) as response:
        queries = json.loads(response.read())["queries"]
    assert queries["crashes"] == 0 and queries["memory_limits"] == 0
