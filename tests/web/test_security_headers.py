"""Security headers on every HTML page of a real server, and templates that need no inline script."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from support.paths import ROOT
from support.live import LiveServer

TEMPLATES = ROOT / "src" / "wugraph" / "web" / "templates"
PAGES = ["/", "/?lang=en", "/sparql", "/hierarchy", "/search?q=dak+glong", "/ontology", "/spread", "/network?iri=https%3A%2F%2Fw3id.org%2Fwugraph%2Fid%2Funion",
         "/page/union", "/page/no-such-thing"]


def _get(url: str, accept: str = "text/html") -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, dict(response.headers.items()), response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, dict(error.headers.items()), error.read()


def _policy(header: str) -> dict[str, str]:
    return {part.strip().split(" ", 1)[0]: part.strip().partition(" ")[2] for part in header.split(";") if part.strip()}


@pytest.mark.parametrize("path", PAGES)
def test_every_html_page_carries_the_security_headers(live_server: LiveServer, path: str) -> None:
    status, headers, body = _get(live_server.url + path)
    assert status in (200, 404) and headers["Content-Type"].startswith("text/html") and b"<html" in body
    policy = _policy(headers["Content-Security-Policy"])
    assert policy["script-src"] == "'self'" and "unsafe" not in policy["script-src"]
    assert policy["frame-ancestors"] == "'none'" and policy["object-src"] == "'none'"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_data_responses_are_not_sniffed(live_server: LiveServer) -> None:
    for path, accept in (("/sparql?query=ASK%7B%7D", "application/sparql-results+json"), ("/index.json", "application/json"),
                         ("/.well-known/void", "text/turtle"), ("/id/a%20b", "application/json")):
        _, headers, _ = _get(live_server.url + path, accept)
        assert headers["X-Content-Type-Options"] == "nosniff", path


def test_templates_hold_no_inline_script_or_handler() -> None:
    """Scripts come from static files (the CSP forbids inline code); JSON data blocks are not code."""
    for template in sorted(TEMPLATES.rglob("*.html")):
        text = template.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", text):
            assert "src=" in tag or 'type="application/json"' in tag, f"{template.name}: {tag}"
        assert not re.search(r"\son[a-z]+\s*=", text), template.name
        assert "javascript:" not in text, template.name


def test_static_scripts_exist_for_every_page_that_needs_one() -> None:
    static = ROOT / "src" / "wugraph" / "web" / "static"
    for template in TEMPLATES.rglob("*.html"):
        for name in re.findall(r"filename='([^']+\.js)'", template.read_text(encoding="utf-8")):
            assert (static / name).exists() or "~" in name, name
    assert Path(static / "endpoint.js").exists()
