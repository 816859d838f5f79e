"""/reconcile over HTTP against a real `wugraph serve` process: what OpenRefine does, bad input included."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

import pytest
from reconcile_schemas import errors

B = "https://w3id.org/wugraph/id/"
GLONG = B + "unit/pre2025/district/661"


def call(url: str, form: dict[str, str] | None = None) -> tuple[int, dict[str, str], Any]:
    """GET (or POST a form) and return status, headers and the JSON body, errors included."""
    data = urllib.parse.urlencode(form).encode() if form is not None else None
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/x-www-form-urlencoded"} if data else {})
    try:
        with urllib.request.urlopen(request, timeout=120) as reply:
            return reply.status, dict(reply.headers), json.loads(reply.read())
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), json.loads(error.read())


def test_manifest_and_a_batch_of_100_over_http(live_server) -> None:
    status, headers, manifest = call(live_server.url + "/reconcile")
    assert status == 200 and errors("manifest", manifest) == [] and headers["Access-Control-Allow-Origin"] == "*"
    assert manifest["identifierSpace"] == B and manifest["preview"]["url"].startswith(live_server.url)
    names = ["Dak Glong", "H. Đak Glong", "Hội LHPN huyện Dak Glong", "Xã Đắk Ha", "Tỉnh Đắk Nông"]
    batch = {f"q{i}": {"query": names[i % len(names)], "type": "wu:AdministrativeUnit" if i % len(names) != 2 else "wu:Chapter"}
             for i in range(100)}
    status, _, body = call(live_server.url + "/reconcile", {"queries": json.dumps(batch, ensure_ascii=False)})
    assert status == 200 and errors("reconciliation-result-batch", body) == [] and len(body) == 100
    assert body["q0"]["result"][0]["id"] == GLONG and body["q0"]["result"][0]["match"] is True
    assert body["q2"]["result"][0]["id"] == B + "chapter/pre2025/district/661"
    query = urllib.parse.quote(json.dumps({"q": {"query": "Dak Glong", "type": "wu:AdministrativeUnit"}}))
    status, _, by_get = call(live_server.url + "/reconcile?queries=" + query)
    assert status == 200 and by_get["q"]["result"][0]["id"] == GLONG
    status, _, extended = call(live_server.url + "/reconcile", {"extend": json.dumps({"ids": [GLONG], "properties": [{"id": "province"}]})})
    assert status == 200 and errors("data-extension-response", extended) == []
    assert extended["rows"][GLONG]["province"][0]["id"] == B + "unit/pre2025/province/67"


@pytest.mark.parametrize("raw, reason", [
    ('{"q0": {"query": ', "malformed_json"),
    (json.dumps({"q0": {"query": "x", "type": "wu:Galaxy"}}), "unknown_type"),
    (json.dumps({"q0": {"query": "x", "properties": [{"pid": "colour", "v": "red"}]}}), "unknown_property"),
    (json.dumps({f"q{i}": {"query": "Xã Tân Hòa"} for i in range(10_000)}), "too_many_queries"),
    (json.dumps({"q0": {"query": "a" * 1_000_000}}), "query_too_long"),
])
def test_bad_input_over_http_is_a_400_with_the_reason(live_server, raw: str, reason: str) -> None:
    status, headers, body = call(live_server.url + "/reconcile", {"queries": raw})
    assert status == 400 and headers["Access-Control-Allow-Origin"] == "*"
    assert body["code"] == "usage" and body["reason"] == reason and body["message_vi"] and body["message_en"]
    status, _, manifest = call(live_server.url + "/reconcile")  # the service is still there
    assert status == 200 and manifest["versions"] == ["0.2"]
