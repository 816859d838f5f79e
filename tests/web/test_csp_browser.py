"""Pages under their Content-Security-Policy in Debian's headless Chromium: nothing is refused, YASGUI still runs."""

from __future__ import annotations

import pytest
from support.live import LiveServer

pytestmark = pytest.mark.browser

pytest.importorskip("playwright.sync_api")

NETWORK = "/network?iri=https%3A%2F%2Fw3id.org%2Fwugraph%2Fid%2Funion"


def _open(browser, live_server: LiveServer):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="vi-VN")
    context.set_default_timeout(30_000)
    page = context.new_page()
    refused: list[str] = []
    page.on("console", lambda message: refused.append(message.text)
            if "Content Security Policy" in message.text or "Refused to" in message.text else None)
    page.on("pageerror", lambda error: refused.append(str(error)))
    return context, page, refused


def test_yasgui_runs_a_query_under_the_policy(browser, live_server: LiveServer) -> None:
    context, page, refused = _open(browser, live_server)
    try:
        response = page.goto(live_server.url + "/sparql")
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_selector(".yasqe .CodeMirror")
        page.locator("#example-provinces_formed_by_fusion").get_by_role("button").click()
        page.wait_for_selector(".yasr .dataTable tbody tr")
        assert "Lâm Đồng" in page.locator(".yasr .dataTable").inner_text()
    finally:
        context.close()
    assert refused == []


@pytest.mark.parametrize("path", ["/", NETWORK, "/hierarchy", "/spread", "/ontology"])
def test_pages_load_without_anything_refused(browser, live_server: LiveServer, path: str) -> None:
    context, page, refused = _open(browser, live_server)
    try:
        page.goto(live_server.url + path)
        page.wait_for_load_state("load")
        if path == NETWORK:
            page.wait_for_function("document.querySelector('#network canvas, #network svg, canvas') !== null")
    finally:
        context.close()
    assert refused == []
