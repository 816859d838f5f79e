"""The /sparql query page in a real headless Chromium: YASGUI loads from this server only and runs an example."""

from __future__ import annotations

import pytest
from support.paths import ARTIFACTS

pytestmark = pytest.mark.browser


pytest.importorskip("playwright.sync_api")




def test_yasgui_runs_an_example_without_leaving_the_server(browser, live_server) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="vi-VN")
    context.set_default_timeout(30_000)
    page = context.new_page()
    requested: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(live_server.url + "/sparql")
        page.wait_for_selector(".yasqe .CodeMirror")
        assert "PREFIX wu:" in page.locator(".yasqe .CodeMirror").inner_text()
        item = page.locator("#example-provinces_formed_by_fusion")
        item.get_by_role("button").click()
        page.wait_for_selector(".yasr .dataTable tbody tr")
        table = page.locator(".yasr .dataTable")
        assert "Lâm Đồng" in table.inner_text()
        page.screenshot(path=str(ARTIFACTS / "endpoint-yasgui.png"), full_page=False)
    finally:
        context.close()
    assert errors == []
    outside = [url for url in requested if not url.startswith(live_server.url) and not url.startswith("data:")]
    assert outside == []
    assert any(url.endswith("/sparql") for url in requested[1:])  # the query itself went to our endpoint
