"""/review in a real headless Chromium (Debian's, driven by Playwright) against a live `wugraph serve`.

A steward signs in with the ingest token, opens the replication article, walks the proposed facts with
the keyboard (each one's evidence lights up in the text), corrects an adoption's commune with the unit
picker (official list, typed without diacritics), rejects the author with a reason, accepts the rest
with Shift+A, and the live /sparql then answers with the corrected adoption. Screenshots go to
test-artifacts/.
"""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from support.curation import LAUNCH, REPLICATION, ok, wugraph
from support.live import LiveServer, start_server, stop_server
from support.paths import ARTIFACTS, ROOT
from support.stores import copy_store

from wugraph.config import load_settings

pytestmark = pytest.mark.browser
pytest.importorskip("playwright.sync_api")
TOKEN = "thu-nghiem-duyet-bai"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, built_store_dir: Path) -> Iterator[LiveServer]:
    folder = copy_store(built_store_dir, tmp_path_factory.mktemp("review-browser") / "store")
    ok(wugraph(CliRunner(), load_settings({"store": str(folder), "home": ROOT}, environ={}), "extract", str(LAUNCH), str(REPLICATION), "--stage"))
    live = start_server(folder, extra_env={"WUGRAPH_INGEST_TOKEN": TOKEN},
                        log=tmp_path_factory.mktemp("review-browser-log") / "server.log")
    yield live
    stop_server(live)


def _sparql(server: LiveServer, query: str) -> list[dict[str, dict[str, str]]]:
    url = server.sparql + "?" + urllib.parse.urlencode({"query": query})
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"}), timeout=60) as answer:
        return json.load(answer)["results"]["bindings"]


def test_a_steward_reviews_an_article_with_the_keyboard(browser, server: LiveServer) -> None:
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN")
    context.set_default_timeout(60_000)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    outside: list[str] = []
    tab.on("request", lambda request: outside.append(request.url) if not request.url.startswith(server.url) else None)

    tab.goto(f"{server.url}/review")
    assert "/review/login" in tab.url
    tab.fill("#token", TOKEN)
    tab.fill("#steward-name", "Lê Thị Thu")
    tab.click("form.login button")
    tab.wait_for_url(f"{server.url}/review")
    assert tab.locator("#review-docs tbody tr").count() == 2
    tab.click("a[href$='/review/doc/quang-hoa-nhan-rong']")
    tab.wait_for_selector('html[data-review-ready="1"]')
    assert "Quảng Hòa nhân rộng" in tab.locator("h1").inner_text()

    # j / k walk the facts; the focused one's quotes light up in the article
    tab.locator("body").press("j")
    first = tab.locator("li.cand").first
    assert first.evaluate("e => e === document.activeElement")
    lit = tab.locator("mark.ev.on")
    assert lit.count() >= 1 and "Gia đình 5 có, 3 sạch" in " ".join(lit.all_inner_texts())
    tab.keyboard.press("j")
    assert tab.locator("li.cand").nth(1).evaluate("e => e === document.activeElement")
    tab.screenshot(path=str(ARTIFACTS / "review-doc.png"), full_page=False)

    # correct the adoption's commune with the picker (typed without diacritics), checked by SHACL
    adoption = tab.locator("li.cand.kind-adoption").first
    adoption.focus()
    tab.keyboard.press("e")
    unit = adoption.locator("input.unit-picker").first
    assert unit.evaluate("e => e === document.activeElement")
    unit.type("Quang Khe")
    tab.wait_for_function("() => Number(document.querySelector('li.kind-adoption input.unit-picker').dataset.choices || 0) > 0")
    options = adoption.locator("datalist option")
    assert "Quảng Khê" in options.first.inner_text() and options.first.get_attribute("value") == "24631"
    unit.fill("24631")
    unit.press("Enter")
    tab.wait_for_selector("#done")
    assert "Quảng Khê" in tab.locator("li.cand.kind-adoption dd[data-field=adopter]").first.inner_text()
    assert tab.locator("li.cand.kind-adoption").first.evaluate("e => e === document.activeElement")  # back where the steward was

    # reject the author with a reason (r, type, Enter)
    author = tab.locator("li.cand.kind-person", has_text="Minh Thư")
    author.focus()
    tab.keyboard.press("r")
    tab.keyboard.type("tác giả bài viết, không phải dữ kiện")
    tab.keyboard.press("Enter")
    tab.wait_for_selector("#done")
    assert "tác giả bài viết" in tab.locator("li.cand.kind-person", has_text="Minh Thư").inner_text()

    # accept everything else with Shift+A
    tab.locator("li.cand").first.focus()
    tab.keyboard.press("Shift+A")
    tab.wait_for_selector("#done")
    assert tab.locator("#doc-status").inner_text() == "đã chấp nhận"
    chair = tab.locator("li.cand.kind-person").first
    assert chair.locator("dd[data-field=name]").inner_text() == "Hoàng Thị Hoà"  # the first article's spelling, the other kept as alternative
    tab.screenshot(path=str(ARTIFACTS / "review-accepted.png"), full_page=True)
    context.close()
    assert errors == [] and outside == []

    rows = _sparql(server, "PREFIX wu: <https://w3id.org/wugraph/ontology#> SELECT ?a ?day WHERE { ?a a wu:Adoption ; "
                           "wu:adopter <https://w3id.org/wugraph/id/chapter/pre2025/commune/24631> ; wu:adoptedOn ?day }")
    assert [r["day"]["value"] for r in rows] == ["2023-09-15"]
    assert _sparql(server, "SELECT ?p WHERE { ?p <http://schema.org/name> 'Minh Thư' }") == []
