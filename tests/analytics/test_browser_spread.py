"""The spread view of a demo model in a real headless Chromium (Debian's, driven by Playwright).

Opens /spread/<model> on a live `wugraph serve` over a store with the demo ingested, checks that
the offline map, the S-curve and the cascade graph are drawn, moves the time slider, and saves
screenshots into test-artifacts/.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from support.live import start_server, stop_server
from support.paths import ARTIFACTS
from support.spread import demo_store, model_slugs

pytestmark = pytest.mark.browser


pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, built_store_dir: Path) -> Iterator[tuple[str, list[str]]]:
    demo = demo_store(tmp_path_factory, built_store_dir)
    folder = demo.copy(tmp_path_factory.mktemp("spread-browser") / "store")
    live = start_server(folder, log=tmp_path_factory.mktemp("spread-browser-log") / "server.log")
    yield live.url, model_slugs(demo.demo)
    stop_server(live)




def test_spread_view_draws_map_curve_and_cascade(browser, server) -> None:
    url, slugs = server
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    context.set_default_timeout(90_000)  # the first view of a store version builds its context
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    outside: list[str] = []
    tab.on("request", lambda request: outside.append(request.url) if not request.url.startswith(url) else None)
    tab.goto(f"{url}/spread/{slugs[0]}")
    tab.wait_for_selector('html[data-spread-ready="1"]')
    assert tab.locator("#spread-map circle.dot").count() == 34  # today's provinces, by real coordinates
    assert tab.locator("#spread-curve polyline.count").count() == 1
    assert tab.locator("#spread-cascade circle.node").count() >= 2
    slider = tab.locator("#map-day")
    last = tab.locator("#map-day-label").inner_text()
    slider.evaluate("e => { e.value = 0; e.dispatchEvent(new Event('input')); }")
    assert tab.locator("#map-day-label").inner_text() != last  # the slider moves the map back in time
    slider.evaluate("e => { e.value = e.max; e.dispatchEvent(new Event('input')); }")
    tab.screenshot(path=str(ARTIFACTS / "spread-view.png"), full_page=True)
    tab.locator("#spread-map").scroll_into_view_if_needed()
    tab.screenshot(path=str(ARTIFACTS / "spread-map.png"))
    tab.select_option("#map-layer", "recorded")
    assert tab.locator("#spread-map circle.dot").count() >= 1
    assert "Lưu ý khi đọc" in tab.locator("section.caveats").inner_text()
    context.close()
    assert errors == []
    assert outside == []  # no tile server, no CDN: everything comes from wugraph itself
