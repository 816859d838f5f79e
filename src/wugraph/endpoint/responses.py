"""Finished answers kept in memory, keyed by ETag: repeated GETs of the same query cost a dict lookup.

ETags include the store version, so an entry never goes stale; it just stops being asked for.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

CACHE_BYTES = 32 * 1024 * 1024
CACHE_ENTRY_MAX = 2 * 1024 * 1024


@dataclass(frozen=True)
class Cached:
    """A finished GET answer as sent (possibly gzipped), keyed by its ETag."""

    body: bytes
    content_type: str
    encoding: str | None
    rows: int
    truncated: bool


class ResponseCache:
    """LRU of GET answers bounded by total bytes; ETags include the store version, so nothing goes stale."""

    def __init__(self, budget: int = CACHE_BYTES) -> None:
        self.budget, self.size = budget, 0
        self._items: OrderedDict[str, Cached] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> Cached | None:
        with self._lock:
            item = self._items.get(key)
            if item is not None:
                self._items.move_to_end(key)
            return item

    def put(self, key: str, item: Cached) -> None:
        if len(item.body) > CACHE_ENTRY_MAX:
            return
        with self._lock:
            if key in self._items:
                return
            self._items[key] = item
            self.size += len(item.body)
            while self.size > self.budget and self._items:
                _, old = self._items.popitem(last=False)
                self.size -= len(old.body)
