"""The planners' flows in a real headless Chromium (Debian's, driven by Playwright; never downloaded).

Each flow saves screenshots of the pages it visits into test-artifacts/.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from support.live import start_server, stop_server
from support.paths import ARTIFACTS

from wugraph.store import open_store

pytestmark = pytest.mark.browser

B = "https://w3id.org/wugraph/id/"
FORUM_PATH = "/page/event/2023-02-21/dien-dan-chia-se-kinh-nghiem-cong-tac-hoi"
XSS_NAME = "<script>window.__wugraphXss = 1</script>Nguyễn Thị Thử"

pytest.importorskip("playwright.sync_api")




@pytest.fixture
def page(browser, live_server) -> Iterator[object]:
    """A fresh browser context (no cookies) with a phone-sized or desktop viewport, failing on page errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN", accept_downloads=True)
    context.set_default_timeout(30_000)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.base = live_server.url  # type: ignore[attr-defined]
    yield tab
    context.close()
    assert errors == []


def shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"pages-{name}.png"), full_page=True)


def test_hierarchy_to_dak_glong_then_the_seed_forum(page) -> None:
    page.goto(page.base + "/")
    page.get_by_role("link", name="Cây tổ chức").first.click()
    page.fill("#on", "2023-02-21")
    page.get_by_role("button", name="Xem").click()
    page.wait_for_url("**/hierarchy?on=2023-02-21*")
    page.get_by_role("link", name="Tỉnh Đắk Nông", exact=True).click()
    page.get_by_role("link", name="Huyện Đăk Glong", exact=True).click()
    opened = page.locator("#opened")
    assert "Huyện Đăk Glong" in opened.locator(".node").first.inner_text()
    assert opened.get_by_text("Xã Đắk Ha").count() == 1
    shot(page, "hierarchy")
    opened.locator(".node").first.get_by_role("link", name="Trang của đơn vị").click()
    assert page.locator("h1").inner_text() == "Huyện Đăk Glong"
    shot(page, "unit")
    page.get_by_role("link", name="Diễn đàn chia sẻ kinh nghiệm công tác Hội").first.click()
    assert page.url.endswith(FORUM_PATH)
    assert page.get_by_text("80 đại biểu", exact=True).count() == 1
    assert page.locator("blockquote").filter(has_text="Ngày 21/2/2023").count() == 1
    shot(page, "event")


def test_newcomer_reaches_the_forum_in_three_clicks(page) -> None:
    # by the recent events listed on the home page: one click
    page.goto(page.base + "/")
    page.locator("#recent-events ~ ul a").filter(has_text="Diễn đàn chia sẻ kinh nghiệm công tác Hội").first.click()
    assert page.url.endswith(FORUM_PATH)
    # by the latest sources: home → the article → the forum, two clicks
    page.goto(page.base + "/")
    page.locator("#latest-sources ~ ul a").first.click()
    shot(page, "source")
    page.get_by_role("link", name="Diễn đàn chia sẻ kinh nghiệm công tác Hội", exact=True).first.click()
    assert page.url.endswith(FORUM_PATH)
    # by searching without diacritics: type, then two clicks (search, result)
    page.goto(page.base + "/")
    page.fill("#search-q", "dien dan chia se")
    page.get_by_role("button", name="Tìm").click()
    page.locator("section.hits li a").filter(has_text="Diễn đàn chia sẻ kinh nghiệm công tác Hội").first.click()
    assert page.url.endswith(FORUM_PATH)


def test_language_switch_persists(page) -> None:
    page.goto(page.base + FORUM_PATH)
    page.click("#lang-switch")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_text("80 delegates", exact=True).count() == 1
    shot(page, "event-en")
    page.get_by_role("link", name="Hierarchy").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_text("As of").count() >= 1
    page.click("#lang-switch")
    assert page.locator("html").get_attribute("lang") == "vi"


def test_search_without_diacritics(page) -> None:
    page.goto(page.base + "/")
    page.fill("#search-q", "dak glong")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=dak+glong")
    first = page.locator("section.hits").first.locator("li a").first
    assert first.inner_text() == "Huyện Đăk Glong"
    shot(page, "search")
    first.click()
    assert page.locator("h1").inner_text() == "Huyện Đăk Glong"


def test_export_a_table_as_csv(page, tmp_path: Path) -> None:
    page.goto(page.base + FORUM_PATH)
    with page.expect_download() as download:
        page.locator('a.csv[data-table="contributions"]').click()
    target = tmp_path / "contributions.csv"
    download.value.save_as(str(target))
    text = target.read_bytes().decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert rows[0][:2] == ["Người", "Loại"] and any(r[0] == "Nguyễn Thị Trà Linh" for r in rows)


def test_network_view_draws_with_vendored_cytoscape(page) -> None:
    page.goto(page.base + "/network?iri=" + B + "event/2023-02-21/dien-dan-chia-se-kinh-nghiem-cong-tac-hoi&depth=2")
    page.wait_for_selector("#network[data-ready=true]")
    assert page.locator("#network canvas").count() >= 1
    assert page.evaluate("typeof window.cytoscape") == "function"
    shot(page, "network")
    page.select_option("#depth", "1")
    page.get_by_role("button", name="Vẽ lại").click()
    page.wait_for_selector("#network[data-ready=true]")
    assert "depth=1" in page.url


def test_other_pages_render_on_a_phone(browser, live_server) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
    tab = context.new_page()
    for name, path in [("home", "/"), ("person", "/page/person/nguyen-thi-tra-linh"), ("model", "/page/model/clb-theo-so-thich"),
                       ("cluster", "/page/cluster/pre2025/province/67/2"), ("province", "/page/chapter/pre2025/province/67"),
                       ("hierarchy-2025", "/hierarchy?on=2025-08-01"), ("lookup", "/lookup?unit=tan+quy")]:
        response = tab.goto(live_server.url + path)
        assert response is not None and response.status == 200
        assert tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), name
        tab.screenshot(path=str(ARTIFACTS / f"pages-phone-{name}.png"), full_page=False)
    context.close()


def test_an_old_ward_is_looked_up_by_name_and_leads_to_its_new_ward(page) -> None:
    page.goto(page.base + "/")
    page.get_by_role("link", name="Xã cũ nay ở đâu?").click()
    page.fill("#unit", "phuong tan quy")
    page.fill("#on", "2025-08-01")
    page.get_by_role("button", name="Tìm").click()
    page.wait_for_url("**/lookup?unit=phuong+tan+quy*")
    first = page.locator("li.match").first
    assert "Phường Tân Quý" in first.locator("h2").inner_text()
    answer = first.locator("dd.answer")
    assert "Phường Phú Thọ Hòa" in answer.inner_text() and "Thành phố Hồ Chí Minh" in answer.inner_text()
    assert "Phường Tân Sơn Nhì" in first.inner_text()  # the part that went elsewhere, with Tân Quý's code
    page.screenshot(path=str(ARTIFACTS / "pages-lookup.png"), full_page=True)
    answer.get_by_role("link", name="Phường Phú Thọ Hòa").click()
    assert page.locator("h1").inner_text() == "Phường Phú Thọ Hòa"
    assert page.get_by_role("link", name="Phường Tân Quý").count() >= 1  # formed from it, and its facts roll up here
    page.screenshot(path=str(ARTIFACTS / "pages-lookup-new-ward.png"), full_page=True)


@pytest.fixture
def xss_server(loaded_settings, tmp_path: Path):
    """A server over a private store copy holding a person whose name carries a <script> tag."""
    store = open_store(Path(loaded_settings.store))
    graph = "https://w3id.org/wugraph/graph/doc/browser-xss-check"
    person = ox.NamedNode(B + "person/xss-check")
    g = ox.NamedNode(graph)
    store.replace_graphs({graph: [
        ox.Quad(person, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ox.NamedNode("http://schema.org/Person"), g),
        ox.Quad(person, ox.NamedNode("http://schema.org/name"), ox.Literal(XSS_NAME), g),
    ]})
    store.close()
    server = start_server(Path(loaded_settings.store), log=tmp_path / "xss-server.log")
    yield server
    stop_server(server)


def test_a_label_with_a_script_tag_shows_as_text(browser, xss_server) -> None:
    context = browser.new_context()
    tab = context.new_page()
    dialogs: list[str] = []
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    tab.goto(xss_server.url + "/page/person/xss-check")
    assert tab.locator("h1").inner_text() == XSS_NAME
    assert tab.evaluate("window.__wugraphXss") is None
    tab.screenshot(path=str(ARTIFACTS / "pages-xss-person.png"), full_page=True)
    tab.goto(xss_server.url + "/network?iri=" + B + "person/xss-check")
    tab.wait_for_selector("#network[data-ready=true]")
    assert XSS_NAME in tab.locator("h1").inner_text()
    assert tab.evaluate("JSON.parse(document.getElementById('network-data').textContent).network.center.labels.vi") == XSS_NAME
    assert tab.evaluate("window.__wugraphXss") is None and dialogs == []
    tab.screenshot(path=str(ARTIFACTS / "pages-xss-network.png"), full_page=True)
    context.close()
