"""Helpers for tests that compare whole stores or graphs byte for byte."""

from __future__ import annotations

import io

from wugraph.store import Store


def dumped(store: Store, fmt: str = "nquads", graph: str | None = None) -> bytes:
    """The store (or one graph) serialised in memory: what tests hash or compare before and after."""
    buffer = io.BytesIO()
    store.dump(buffer, fmt, graph)
    return buffer.getvalue()
