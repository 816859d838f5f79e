"""The query worker process: a read-only snapshot of the store answering framed requests over its pipes.

Started by `endpoint.worker.QueryPool` as `python -m wugraph.endpoint.worker STORE CONFIG PARENT`.
A request is a 4-byte big-endian length and a JSON `QueryRequest`; the answer is one write of two
4-byte lengths, a JSON header and the body. Nothing a client sends may end this process: every
failure of one query becomes an error header and the loop goes on. Only the limits the server
imposes end it (SIGKILL at the time limit; an allocation past the memory allowance), and the server
replaces it then.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import struct
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from ..config import Settings, load_settings
from ..errors import EngineError, QueryTooComplexError, StoreError, WugraphError
from ..store import Store, open_store
from .answer import Answer, QueryRequest, answer

REQUEST = struct.Struct(">I")
RESPONSE = struct.Struct(">II")
MEMORY_EXIT = 3  # the exit status that says "out of memory" to the server


def read_exact(fd: int, size: int) -> bytes:
    """Exactly `size` bytes from a blocking descriptor; EOFError when it closes first."""
    chunks: list[bytes] = []
    got = 0
    while got < size:
        chunk = os.read(fd, min(size - got, 1 << 20))
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def send(fd: int, header: dict[str, Any], body: bytes = b"") -> None:
    """One answer in one write: lengths, JSON header, body."""
    encoded = json.dumps(header, ensure_ascii=False).encode("utf-8")
    write_all(fd, RESPONSE.pack(len(encoded), len(body)) + encoded + body)


def _arm_parent_death() -> None:
    """Ask Linux to kill this worker when the server dies, even in the middle of a query."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    pr_set_pdeathsig = 1
    libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)


class _Allowance:
    """RLIMIT_AS kept at the worker's size plus `allowance`: a query allocating past it fails and ends the worker.

    The limit is moved only when the worker's own size has drifted by more than SLACK since it was
    set (one pread of /proc/self/statm per query, no syscall to set it most of the time); it is
    lifted while a snapshot reopens, which starts RocksDB threads. Only the soft limit moves.
    """

    SLACK = 64 * 1024 * 1024

    def __init__(self, allowance: int) -> None:
        self.allowance = allowance
        self.page = resource.getpagesize()
        self.hard = resource.getrlimit(resource.RLIMIT_AS)[1]
        self.statm = os.open("/proc/self/statm", os.O_RDONLY)
        self.base = -1  # the size the current limit was computed from; -1: no limit set

    def size(self) -> int:
        return int(os.pread(self.statm, 64, 0).split()[0]) * self.page

    def fit(self) -> None:
        current = self.size()
        if self.base < 0 or abs(current - self.base) > self.SLACK:
            resource.setrlimit(resource.RLIMIT_AS, (current + self.allowance, self.hard))
            self.base = current

    @contextmanager
    def lifted(self) -> Iterator[None]:
        resource.setrlimit(resource.RLIMIT_AS, (self.hard, self.hard))
        self.base = -1
        try:
            yield
        finally:
            self.fit()


def _error_header(error: WugraphError) -> dict[str, Any]:
    return {"ok": False, "error": type(error).__name__, "message_vi": error.message_vi,
            "message_en": error.message_en, "details": error.details}


class _Snapshot:
    """The read-only store, reopened when the server's store version moves or a read fails."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.store: Store = open_store(path, read_only=True)
        self.version = self.store.version()

    def reopen(self, allowance: _Allowance) -> None:
        with allowance.lifted():
            self.store.close()
            self.store = open_store(self.path, read_only=True)
            self.version = self.store.version()


def _answer(snapshot: _Snapshot, query: QueryRequest, settings: Settings, allowance: _Allowance) -> Answer:
    try:
        return answer(snapshot.store, query, settings)
    except StoreError:
        # The primary may have compacted files away under an old snapshot: reopen once and retry.
        snapshot.reopen(allowance)
        return answer(snapshot.store, query, settings)


def serve(snapshot: _Snapshot, settings: Settings, allowance: _Allowance, stdin: int, out: int) -> int:
    """Answer requests until stdin closes; every failure of one query is an error header, never an exit."""
    while True:
        try:
            request = json.loads(read_exact(stdin, REQUEST.unpack(read_exact(stdin, REQUEST.size))[0]))
        except EOFError:
            return 0
        try:
            if request.pop("version") != snapshot.version:
                snapshot.reopen(allowance)
            query = QueryRequest(request["text"], tuple(request["default_graphs"]), tuple(request["named_graphs"]),
                                 request["accept"], request["format"], request.get("base_iri"))
            result = _answer(snapshot, query, settings, allowance)
            header: dict[str, Any] = {"ok": True, "content_type": result.content_type, "format": result.format,
                                      "kind": result.kind, "rows": result.rows, "truncated": result.truncated}
            send(out, header, result.body)
            allowance.fit()
            continue
        except WugraphError as error:
            header = _error_header(error)
        except MemoryError:
            return MEMORY_EXIT  # the server sees the closed pipe and the status, and reports the memory limit
        except RecursionError:
            header = _error_header(QueryTooComplexError(
                "Truy vấn lồng nhau quá sâu để đọc.", "The query nests too deeply to be read."))
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as exc:  # noqa: BLE001  (the process boundary: a failed query must not end the worker)
            # pyo3 panics derive from BaseException; whatever it was, this query failed and the next one runs.
            header = _error_header(EngineError(
                f"Bộ máy truy vấn gặp lỗi với truy vấn này ({type(exc).__name__}).",
                f"The query engine failed on this query ({type(exc).__name__}: {str(exc)[:200]}).",
                exception=type(exc).__name__))
        send(out, header)
        allowance.fit()


def worker_main(argv: list[str]) -> int:
    """Open a read-only snapshot, say hello, then answer framed requests until stdin closes."""
    path, config, parent = argv[0], json.loads(argv[1]), int(argv[2])
    _arm_parent_death()
    if os.getppid() != parent:
        return 0
    out = os.dup(1)
    os.dup2(2, 1)  # anything printed by accident goes to stderr, never into the frame stream
    allowance = _Allowance(int(config.pop("query_memory_mb")) * 1024 * 1024)
    settings = load_settings({"store": path, **config}, environ={})
    snapshot = _Snapshot(path)
    answer(snapshot.store, QueryRequest("ASK { ?s ?p ?o }"), settings)  # load the engine now, not on a user's first query
    allowance.fit()
    send(out, {"ready": True, "pid": os.getpid(), "version": snapshot.version})
    return serve(snapshot, settings, allowance, sys.stdin.buffer.fileno(), out)
