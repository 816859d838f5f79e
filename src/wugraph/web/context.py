"""Access to the per-app store, settings and version-keyed cache from inside a request."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import current_app

from ..config import Settings
from ..store import Store

T = TypeVar("T")


def store() -> Store:
    return current_app.extensions["wugraph.store"]


def settings() -> Settings:
    return current_app.config["WUGRAPH_SETTINGS"]


def cached(key: str, compute: Callable[[], T]) -> T:
    """Memoise a value until the store version changes (the only state the app keeps)."""
    cache: dict[tuple[str, str], Any] = current_app.extensions["wugraph.cache"]
    version = store().version()
    entry = (key, version)
    if entry not in cache:
        for stale in [k for k in cache if k[0] == key]:
            del cache[stale]
        cache[entry] = compute()
    return cache[entry]
