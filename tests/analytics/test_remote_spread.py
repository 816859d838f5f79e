"""The spread analyses on real servers (Oxigraph server, Virtuoso) give the embedded store's answers.

The small demo of tests/spread_support.py (scale 0.002: about 5,000 triples, seconds to ingest) goes
through the SHACL-gated ingest into each server holding the bundled data; the JSON API, the CSV
tables and the pages must then equal those of an embedded store holding the same data, store
version aside. The demo is retracted afterwards, so the servers hold the bundled data only.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from support.compare import difference
from support.paths import ROOT
from support.remote import KINDS, RemoteServer
from support.spread import DemoStore

from wugraph.config import load_settings
from wugraph.demo.generate import ingest_demo
from wugraph.ingest.pipeline import retract
from wugraph.store.remote import RemoteStore
from wugraph.web import create_app
from wugraph.web.spread import CSV_TABLES

pytestmark = pytest.mark.remote


@pytest.fixture(scope="module", params=KINDS)
def remote_spread(request: pytest.FixtureRequest, built_servers: Callable[[str], RemoteServer], demo: DemoStore) -> Iterator[Any]:
    """A test client of an app over a remote store holding the bundled data and the demo."""
    location = built_servers(request.param).location
    settings = load_settings({"store": location, "home": ROOT}, environ={})
    store = RemoteStore(location)
    try:
        ingested = ingest_demo(store, demo.demo, settings)
        assert ingested.written and ingested.triples == demo.ingested.triples
        app = create_app(settings, store=store)
        app.config["TESTING"] = True
        yield app.test_client()
    finally:
        if demo.demo.graph in store.graph_names():
            retract(store, demo.demo.source_id, settings)
        store.close()


def unversioned(value: Any) -> Any:
    """JSON without the store version tokens, which differ from store to store; all else must be equal, order included."""
    if isinstance(value, dict):
        return {k: unversioned(v) for k, v in value.items() if k != "store_version"}
    if isinstance(value, list):
        return [unversioned(v) for v in value]
    return value


def both(remote: Any, embedded: Any, url: str) -> tuple[Any, Any]:
    """The remote and the embedded response to one URL, both 200."""
    got, want = remote.get(url), embedded.get(url)
    assert got.status_code == want.status_code == 200, got.get_data(as_text=True)[-500:]
    return got, want


def test_the_model_view_matches_the_embedded_store(remote_spread: Any, spread_client: Any, slugs: list[str]) -> None:
    got, want = both(remote_spread, spread_client, f"/api/spread/{slugs[0]}")
    data = got.get_json()
    assert data["model"]["synthetic"] is True and data["summary"]["adopters"] == len(data["adopters"]) > 0
    assert data["cascades"]["nodes"] and data["curve"]["points"]
    assert difference(unversioned(data), unversioned(want.get_json())) is None


def test_the_comparison_of_two_models_matches_the_embedded_store(remote_spread: Any, spread_client: Any,
                                                                  slugs: list[str]) -> None:
    got, want = both(remote_spread, spread_client, f"/api/spread/compare?a={slugs[0]}&b={slugs[1]}")
    overlap = got.get_json()["overlap"]
    assert overlap["a_first"] + overlap["b_first"] + overlap["same_day"] == overlap["common"]
    assert difference(unversioned(got.get_json()), unversioned(want.get_json())) is None


def test_the_index_of_models_matches_the_embedded_store(remote_spread: Any, spread_client: Any, slugs: list[str]) -> None:
    got, want = both(remote_spread, spread_client, "/api/spread?wait=1")
    data = got.get_json()
    assert data["computing"] is False and set(slugs) <= {m["slug"] for m in data["models"]}
    assert "leaders" in data["innovativeness"]
    assert difference(unversioned(data), unversioned(want.get_json())) is None


@pytest.mark.parametrize("table", CSV_TABLES)
def test_the_csv_tables_match_the_embedded_store(remote_spread: Any, spread_client: Any, slugs: list[str], table: str) -> None:
    got, want = both(remote_spread, spread_client, f"/spread/{slugs[0]}/{table}.csv?lang=vi")
    assert got.mimetype == "text/csv" and got.get_data(as_text=True).count("\n") >= 1
    assert got.get_data(as_text=True) == want.get_data(as_text=True)


_LINK = re.compile(r'href="(/[^"]*)"')


@pytest.mark.parametrize("page", ["/spread", "/spread/{a}", "/spread/compare?a={a}&b={b}"])
def test_the_spread_pages_link_what_the_embedded_store_links(remote_spread: Any, spread_client: Any, slugs: list[str],
                                                             page: str) -> None:
    got, want = both(remote_spread, spread_client, page.format(a=slugs[0], b=slugs[1]))
    html = got.get_data(as_text=True)
    assert f'/spread/{slugs[0]}' in html and ('id="spread-map"' in html or page != "/spread/{a}")
    assert set(_LINK.findall(html)) == set(_LINK.findall(want.get_data(as_text=True)))
