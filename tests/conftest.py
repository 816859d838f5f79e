"""Shared fixtures: real components in temporary folders, named for what they give.

The bundled store is built once per session (about 5 s) and copied for tests that write.
"""

from __future__ import annotations

import gc
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from support.live import LiveServer, start_server
from support.paths import ARTIFACTS, ROOT
from support.remote import KINDS, RemoteServer, Servers
from support.stores import copy_store

from wugraph.config import Settings, load_settings
from wugraph.ingest.build import build
from wugraph.store import OxigraphStore, Store, open_store
from wugraph.web import create_app

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]


@pytest.fixture(scope="session")
def built_store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store folder holding the bundled data, built once and never opened for writing by tests."""
    folder = tmp_path_factory.mktemp("built") / "store"
    store = open_store(folder)
    build(store, load_settings({"store": str(folder), "home": ROOT}))
    store.close()
    return folder


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings pointing at an empty store folder in tmp_path."""
    return load_settings({"store": str(tmp_path / "store"), "home": ROOT, "query_timeout": 10.0}, environ={})


@pytest.fixture
def store(settings: Settings) -> Iterator[OxigraphStore]:
    """An empty on-disk store."""
    opened = open_store(Path(settings.store))
    yield opened
    opened.close()


@pytest.fixture
def loaded_settings(tmp_path: Path, built_store_dir: Path) -> Settings:
    """Settings for a private copy of the bundled store (safe to write)."""
    folder = copy_store(built_store_dir, tmp_path / "loaded")
    return load_settings({"store": str(folder), "home": ROOT, "query_timeout": 10.0}, environ={})


@pytest.fixture
def loaded_store(loaded_settings: Settings) -> Iterator[OxigraphStore]:
    """A writable copy of the store built from the bundled data."""
    opened = open_store(Path(loaded_settings.store))
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def shared_store(built_store_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphStore]:
    """One read-mostly copy of the bundled store for the whole session: tests must not write to it."""
    folder = copy_store(built_store_dir, tmp_path_factory.mktemp("shared") / "store")
    opened = open_store(folder)
    yield opened
    opened.close()


@pytest.fixture
def app(loaded_settings: Settings, loaded_store: OxigraphStore):
    """The Flask app over a writable copy of the bundled store."""
    application = create_app(loaded_settings, store=loaded_store)
    application.config["TESTING"] = True
    return application


@pytest.fixture(scope="session")
def shared_app(shared_store: OxigraphStore, built_store_dir: Path):
    """A session-wide app over the shared read-only copy (for read-only page and endpoint tests)."""
    settings = load_settings({"store": str(built_store_dir), "home": ROOT}, environ={})
    application = create_app(settings, store=shared_store)
    application.config["TESTING"] = True
    return application


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def shared_client(shared_app):
    return shared_app.test_client()


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def collected_here() -> None:
    """Collect cyclic garbage on the test's own thread before the test hands work to other threads.

    pyoxigraph's query results may only be freed by the thread that made them; left in a cycle by an
    earlier test, one collected during a worker thread's allocation raises an unraisable RuntimeError,
    which this suite's warning filter turns into a failure of an unrelated test.
    """
    gc.collect()


@pytest.fixture(scope="session")
def live_server(built_store_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """One real server process over its own copy of the bundled store, shared by the session."""
    folder = copy_store(built_store_dir, tmp_path_factory.mktemp("live") / "store")
    server = start_server(folder, log=tmp_path_factory.mktemp("live-log") / "server.log")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    """Both remote servers (Oxigraph server, Virtuoso), each started on first use and stopped at the end of the session.

    Here rather than in one test module so every remote test module shares the same two servers.
    """
    pool = Servers(tmp_path_factory.mktemp("remote"))
    yield pool
    pool.stop_all()


@pytest.fixture(scope="session")
def built_servers(servers: Servers) -> Callable[[str], RemoteServer]:
    """A server holding the bundled data, built once per kind by `wugraph.build` through the remote store."""
    built: set[str] = set()

    def get(kind: str) -> RemoteServer:
        server = servers[kind]
        if kind not in built:
            with open_store(server.location) as store:
                report = build(store, load_settings({"store": server.location, "home": ROOT}, environ={}))
            assert report.built and report.triples > 300_000
            built.add(kind)
        return server

    return get


@pytest.fixture(params=("embedded", *(pytest.param(kind, marks=pytest.mark.remote) for kind in KINDS)))
def bundled_store(request: pytest.FixtureRequest, shared_store: OxigraphStore) -> Iterator[Store]:
    """The bundled data on every kind of store: the embedded copy, then each remote server (read-only use)."""
    if request.param == "embedded":
        yield shared_store
        return
    server = request.getfixturevalue("built_servers")(request.param)
    with open_store(server.location) as remote:
        yield remote


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's headless Chromium driven by Playwright (never a downloaded browser), shared by the session."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if shutil.which(CHROMIUM) is None and not Path(CHROMIUM).exists():
        pytest.fail("Debian chromium is missing: run `make browser-deps` (apt-get install chromium)")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()
