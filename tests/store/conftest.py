"""Fixtures of the store tests: every kind of store, empty or holding the bundled data."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from support.remote import KINDS, RemoteServer
from support.stores import drop_test_graphs

from wugraph.store import OxigraphStore, Store
from wugraph.store.remote import RemoteStore


@pytest.fixture(params=("embedded", *(pytest.param(kind, marks=pytest.mark.remote) for kind in KINDS)))
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """The embedded store, or a remote one whose test graphs are cleared before and after."""
    if request.param == "embedded":
        opened: Store = OxigraphStore(tmp_path / "store")
    else:
        opened = RemoteStore(request.getfixturevalue("servers")[request.param].location)
        drop_test_graphs(opened)
    yield opened
    if request.param != "embedded":
        drop_test_graphs(opened)
    opened.close()


@pytest.fixture(params=KINDS)
def remote(request: pytest.FixtureRequest, built_servers: Callable[[str], RemoteServer]) -> Iterator[RemoteStore]:
    """A remote store holding the bundled data."""
    store = RemoteStore(built_servers(request.param).location)
    yield store
    drop_test_graphs(store)
    store.close()
