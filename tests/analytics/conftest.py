"""Fixtures of the spread tests: the bundled store with a small demo ingested, and an app over a copy of it."""

from __future__ import annotations

import pytest
from support.paths import ROOT
from support.spread import demo_store, model_slugs

from wugraph.config import load_settings
from wugraph.store import open_store
from wugraph.web import create_app


@pytest.fixture(scope="session")
def demo(tmp_path_factory, built_store_dir):
    return demo_store(tmp_path_factory, built_store_dir)


@pytest.fixture(scope="session")
def slugs(demo) -> list[str]:
    return model_slugs(demo.demo)


@pytest.fixture(scope="session")
def spread_client(demo, tmp_path_factory):
    folder = demo.copy(tmp_path_factory.mktemp("spread-web") / "store")
    settings = load_settings({"store": str(folder), "home": ROOT}, environ={})
    store = open_store(folder)
    app = create_app(settings, store=store)
    app.config["TESTING"] = True
    yield app.test_client()
    store.close()
