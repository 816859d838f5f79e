"""Admission control for user queries, and the runner that executes them in the server process.

`Gate` caps concurrent queries overall and per client address; by default a client may hold all
workers but one, so a flood from one address leaves a worker for everyone else. A client whose
queries end workers again and again (strikes) sits out for a while: it gets 429 with Retry-After
at once, without taking a slot or a worker from anyone. `Runner` is what
the endpoint calls; `InlineRunner` runs queries in-process (no kill on timeout), for in-memory
stores, remote stores and test apps; `worker.QueryPool` is the killable, production one.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Protocol

from ..config import Settings
from ..errors import BusyError
from ..store import Store
from .answer import Answer, QueryRequest, answer


class Runner(Protocol):
    """What the endpoint needs: run one request for one client, and report its state."""

    gate: "Gate"

    def run(self, request: QueryRequest, version: str, client: str) -> Answer: ...

    def status(self) -> dict[str, Any]: ...

    def close(self) -> None: ...


STRIKES = 3  # worker deaths caused by one client ...
STRIKE_WINDOW = 60.0  # ... within this many seconds ...
SIT_OUT = 60.0  # ... and its queries are refused for this long


class Gate:
    """Admission control: at most `total` queries at once, at most `per_client` from one client, no client on a strike-out."""

    def __init__(self, total: int, per_client: int, wait: float, retry_after: int) -> None:
        self.total, self.per_client, self.wait, self.retry_after = max(1, total), max(1, per_client), wait, retry_after
        self._running: dict[str, int] = {}
        self._following: dict[str, int] = {}
        self._strikes: dict[str, list[float]] = {}
        self._out_until: dict[str, float] = {}
        self._cond = threading.Condition()

    def strike(self, client: str) -> None:
        """One of this client's queries ended a worker; enough of them in the window and it sits out."""
        now = time.monotonic()
        with self._cond:
            recent = [t for t in self._strikes.get(client, []) if now - t < STRIKE_WINDOW] + [now]
            self._strikes[client] = recent
            if len(recent) >= STRIKES:
                self._out_until[client] = now + SIT_OUT
                self._strikes.pop(client, None)

    def sitting_out(self) -> int:
        now = time.monotonic()
        with self._cond:
            return sum(1 for until in self._out_until.values() if until > now)

    def _busy(self, vi: str, en: str) -> BusyError:
        return BusyError(vi, en, retry_after=self.retry_after)

    def enter(self, client: str) -> None:
        """Take a slot or raise BusyError (429); a client over its own share is refused at once."""
        with self._cond:
            self._check_share(client)
            deadline = time.monotonic() + self.wait
            while sum(self._running.values()) >= self.total:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise self._busy("Máy chủ đang bận với nhiều truy vấn; vui lòng thử lại sau ít giây.",
                                     "The server is busy with other queries; please retry in a few seconds.")
                self._cond.wait(remaining)
            self._running[client] = self._running.get(client, 0) + 1

    def _check_share(self, client: str) -> None:
        """The client's own allowance counts its running queries and the identical ones it waits on (lock held)."""
        until = self._out_until.get(client)
        if until is not None:
            left = until - time.monotonic()
            if left > 0:
                seconds = math.ceil(left)
                raise BusyError(
                    f"Các truy vấn của bạn đã làm dừng tiến trình truy vấn nhiều lần; hãy thử lại sau {seconds} giây.",
                    f"Your queries stopped query workers repeatedly; retry in {seconds} s.",
                    retry_after=seconds, reason="worker_deaths")
            del self._out_until[client]
        if self._running.get(client, 0) + self._following.get(client, 0) >= self.per_client:
            raise self._busy(f"Bạn đang chạy {self.per_client} truy vấn cùng lúc; hãy chờ chúng xong rồi thử lại.",
                             f"You already have {self.per_client} queries running; retry when they finish.")

    @contextmanager
    def following(self, client: str) -> Iterator[None]:
        """Wait on another request's identical query: no worker is taken, but the client's allowance is."""
        with self._cond:
            self._check_share(client)
            self._following[client] = self._following.get(client, 0) + 1
        try:
            yield
        finally:
            with self._cond:
                left = self._following.get(client, 1) - 1
                if left:
                    self._following[client] = left
                else:
                    self._following.pop(client, None)

    def leave(self, client: str) -> None:
        with self._cond:
            left = self._running.get(client, 1) - 1
            if left:
                self._running[client] = left
            else:
                self._running.pop(client, None)
            self._cond.notify_all()

    def in_flight(self) -> int:
        with self._cond:
            return sum(self._running.values())


def make_gate(settings: Settings) -> Gate:
    """Per-client share defaults to all workers but one, so another client always finds one free."""
    total = settings.max_concurrent_queries
    per_client = settings.max_client_queries or max(1, total - 1)
    return Gate(total, per_client, wait=settings.queue_wait, retry_after=max(1, min(10, round(settings.query_timeout / 3))))


class InlineRunner:
    """Queries in the server process: no kill on timeout, so only for in-memory stores and tests."""

    def __init__(self, store: Store, settings: Settings) -> None:
        self.store, self.settings, self.gate = store, settings, make_gate(settings)

    def run(self, request: QueryRequest, version: str, client: str) -> Answer:
        """Answer in this thread (policy and limits apply in `answer`)."""
        self.gate.enter(client)
        try:
            return answer(self.store, request, self.settings)
        finally:
            self.gate.leave(client)

    def status(self) -> dict[str, Any]:
        return {"mode": "inline", "in_flight": self.gate.in_flight()}

    def close(self) -> None:
        return None
