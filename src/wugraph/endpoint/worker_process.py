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
from pathlib import Path
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


@contextmanager
def _memory_allowance(allowance: int) -> Iterator[None]:
    """RLIMIT_AS at the worker's current size plus `allowance` while a query runs, lifted afterwards.

    Only the soft limit moves (the hard one stays unlimited), so reopening a snapshot, which starts
    RocksDB threads, is never starved; a query that allocates past the allowance fails its
    allocation and the process aborts, which the server reports as the memory limit.
    """
    pages = int(Path("/proc/self/statm").read_text().split()[0])
    current = pages * resource.getpagesize()
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (current + allowance, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (hard, hard))


def _error_header(error: WugraphError) -> dict[str, Any]:
    return {"ok": False, "error": type(error).__name__, "message_vi": error.message_vi,
            "message_en": error.message_en, "details": error.details}


class _Snapshot:
    """The read-only store, reopened when the server's store version moves or a read fails."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.store: Store = open_store(path, read_only=True)
        self.version = self.store.version()

    def reopen(self) -> None:
        self.store.close()
        self.store = open_store(self.path, read_only=True)
        self.version = self.store.version()


def _answer(snapshot: _Snapshot, query: QueryRequest, settings: Settings, allowance: int) -> Answer:
    try:
        with _memory_allowance(allowance):
            return answer(snapshot.store, query, settings)
    except StoreError:
        # The primary may have compacted files away under an old snapshot: reopen once and retry.
        snapshot.reopen()
        with _memory_allowance(allowance):
            return answer(snapshot.store, query, settings)


def serve(snapshot: _Snapshot, settings: Settings, allowance: int, stdin: int, out: int) -> int:
    """Answer requests until stdin closes; every failure of one query is an error header, never an exit."""
    while True:
        try:
            request = json.loads(read_exact(stdin, REQUEST.unpack(read_exact(stdin, REQUEST.size))[0]))
        except EOFError:
            return 0
        try:
            if request.pop("version") != snapshot.version:
                snapshot.reopen()
            query = QueryRequest(request["text"], tuple(request["default_graphs"]), tuple(request["named_graphs"]),
                                 request["accept"], request["format"], request.get("base_iri"))
            result = _answer(snapshot, query, settings, allowance)
            header: dict[str, Any] = {"ok": True, "content_type": result.content_type, "format": result.format,
                                      "kind": result.kind, "rows": result.rows, "truncated": result.truncated}
            send(out, header, result.body)
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


def worker_main(argv: list[str]) -> int:
    """Open a read-only snapshot, say hello, then answer framed requests until stdin closes."""
    path, config, parent = argv[0], json.loads(argv[1]), int(argv[2])
    _arm_parent_death()
    if os.getppid() != parent:
        return 0
    out = os.dup(1)
    os.dup2(2, 1)  # anything printed by accident goes to stderr, never into the frame stream
    allowance = int(config.pop("query_memory_mb")) * 1024 * 1024
    settings = load_settings({"store": path, **config}, environ={})
    snapshot = _Snapshot(path)
    answer(snapshot.store, QueryRequest("ASK { ?s ?p ?o }"), settings)  # load the engine now, not on a user's first query
    send(out, {"ready": True, "pid": os.getpid(), "version": snapshot.version})
    return serve(snapshot, settings, allowance, sys.stdin.buffer.fileno(), out)
