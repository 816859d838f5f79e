"""The protocol's UTF-8, held strictly by a real server: bad bytes anywhere are a 400 parse_error, a declared
charset is read (UTF-8 and US-ASCII accepted, anything else refused), Vietnamese text passes untouched."""

from __future__ import annotations

import http.client
import json
import urllib.parse
import urllib.request

import pytest
from support.live import LiveServer

ASK_VI = 'ASK { ?u <http://www.w3.org/2004/02/skos/core#prefLabel> "Hội Liên hiệp Phụ nữ Việt Nam"@vi }'


def send(server: LiveServer, method: str, path: str, body: bytes | None = None, content_type: str | None = None) -> tuple[int, dict]:
    parsed = urllib.parse.urlparse(server.url)
    connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=60)
    try:
        connection.putrequest(method, path)
        connection.putheader("Accept", "application/sparql-results+json")
        if content_type:
            connection.putheader("Content-Type", content_type)
        connection.putheader("Content-Length", str(len(body or b"")))
        connection.endheaders(body)
        response = connection.getresponse()
        return response.status, json.loads(response.read())
    finally:
        connection.close()


@pytest.mark.parametrize(("method", "path", "body", "content_type"), [
    ("GET", "/sparql?query=ASK%20%7B%7D%20%23%FF", None, None),
    ("GET", "/sparql?query=ASK%20%7B%7D&default-graph-uri=urn%3Ax%3A%C3%28", None, None),
    ("POST", "/sparql", b"query=ASK%20%7B%7D%20%23%C3%28", "application/x-www-form-urlencoded"),
    ("POST", "/sparql", b"query=ASK%20%7B%7D%20%23\xff", "application/x-www-form-urlencoded"),
    ("POST", "/sparql", b"ASK {} #\xe1\xba", "application/sparql-query"),
    ("POST", "/sparql", "ASK {}".encode("utf-16"), "application/sparql-query; charset=UTF-16"),
    ("POST", "/sparql", b"ASK {} # caf\xe9", "application/sparql-query; charset=ISO-8859-1"),
    ("POST", "/sparql", b"ASK {} # \xc3\xa9", "application/sparql-query; charset=us-ascii"),
    ("POST", "/sparql", b"query=ASK%20%7B%7D", "application/x-www-form-urlencoded; charset=windows-1258"),
])
def test_non_utf8_is_400_parse_error(live_server: LiveServer, method: str, path: str, body: bytes | None,
                                     content_type: str | None) -> None:
    status, error = send(live_server, method, path, body, content_type)
    assert status == 400 and error["code"] == "parse_error" and "UTF-8" in error["message_en"] and error["message_vi"]


def test_utf8_in_every_form_is_read_exactly(live_server: LiveServer) -> None:
    encoded = urllib.parse.quote(ASK_VI)
    for method, path, body, content_type in (
        ("GET", "/sparql?query=" + encoded, None, None),
        ("POST", "/sparql", b"query=" + encoded.encode(), "application/x-www-form-urlencoded; charset=UTF-8"),
        ("POST", "/sparql", ASK_VI.encode("utf-8"), "application/sparql-query; charset=utf-8"),
        ("POST", "/sparql", b"\xef\xbb\xbf" + ASK_VI.encode("utf-8"), "application/sparql-query"),
    ):
        status, answer = send(live_server, method, path, body, content_type)
        assert status == 200 and answer["boolean"] is True, (method, content_type)


def test_no_worker_crashed_meanwhile(live_server: LiveServer) -> None:
    """Whatever the tests above sent, no query worker died."""
    with urllib.request.urlopen(live_server.url + "/health", timeout=30) as response:
        queries = json.loads(response.read())["queries"]
    assert queries["crashes"] == 0 and queries["memory_limits"] == 0
