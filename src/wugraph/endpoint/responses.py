"""Finished answers kept in memory, keyed by ETag: repeated GETs of the same query cost a dict lookup.

ETags include the store version, so an entry never goes stale; it just stops being asked for.
Identical requests that miss at the same moment run once (single flight): the first computes,
the others wait for its answer (or its error) instead of each taking a worker.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field

from ..errors import WugraphError

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


@dataclass
class _Flight:
    """One computation in progress that identical requests wait for."""

    done: threading.Event = field(default_factory=threading.Event)
    result: Cached | None = None
    error: WugraphError | None = None


class ResponseCache:
    """LRU of GET answers bounded by total bytes; ETags include the store version, so nothing goes stale."""

    def __init__(self, budget: int = CACHE_BYTES) -> None:
        self.budget, self.size = budget, 0
        self._items: OrderedDict[str, Cached] = OrderedDict()
        self._flights: dict[str, _Flight] = {}
        self._lock = threading.Lock()
        self.merged = 0  # requests answered by another identical request's computation

    def fetch(self, key: str, compute: Callable[[], Cached], keep: bool = True,
              follow: Callable[[], AbstractContextManager[None]] = nullcontext) -> Cached:
        """The cached answer, or `compute()` run once for every identical request arriving meanwhile.

        `keep=False` merges concurrent identical requests without keeping the answer (POST). A
        follower waits inside `follow()` (the endpoint's admission: a client's waits count against
        its allowance, so a flood of one query cannot hold every server thread). It gets the
        leader's answer, or a copy of its error; should the leader fail in some other way, the
        follower computes for itself.
        """
        while True:
            with self._lock:
                item = self._items.get(key) if keep else None
                if item is not None:
                    self._items.move_to_end(key)
                    return item
                flight = self._flights.get(key)
                leader = flight is None
                if flight is None:
                    flight = self._flights[key] = _Flight()
            if leader:
                return self._lead(key, flight, compute, keep)
            with follow():
                flight.done.wait()
            if flight.result is not None:
                with self._lock:
                    self.merged += 1
                return flight.result
            if flight.error is not None:
                error = flight.error
                raise type(error)(error.message_vi, error.message_en, **error.details)

    def _lead(self, key: str, flight: _Flight, compute: Callable[[], Cached], keep: bool) -> Cached:
        result: Cached | None = None
        try:
            result = compute()
        except WugraphError as error:
            flight.error = error
            raise
        finally:
            with self._lock:
                flight.result = result
                if result is not None and keep:
                    self._put_locked(key, result)
                self._flights.pop(key, None)
            flight.done.set()
        assert result is not None
        return result

    def get(self, key: str) -> Cached | None:
        with self._lock:
            item = self._items.get(key)
            if item is not None:
                self._items.move_to_end(key)
            return item

    def put(self, key: str, item: Cached) -> None:
        with self._lock:
            self._put_locked(key, item)

    def _put_locked(self, key: str, item: Cached) -> None:
        if len(item.body) > CACHE_ENTRY_MAX or key in self._items:
            return
        self._items[key] = item
        self.size += len(item.body)
        while self.size > self.budget and self._items:
            _, old = self._items.popitem(last=False)
            self.size -= len(old.body)
