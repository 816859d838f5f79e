"""Run user queries in killable worker processes with a wall-clock and a memory limit.

pyoxigraph cannot cancel a running query, so each query runs in a pre-started worker process
that holds a read-only snapshot of the on-disk store (`pyoxigraph.Store.read_only`, which opens
while the server keeps the primary store open). A worker reopens its snapshot when the store
version changes; a worker that overruns the time limit is killed and replaced; RLIMIT_AS bounds
its memory while a query runs. Admission (how many at once, per client) is `query_gate.Gate`.

Frames between server and worker: 4-byte big-endian length, then a JSON header or a body.
"""

from __future__ import annotations

import json
import os
import queue
import resource
import select
import signal
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, Any

from ..config import Settings, load_settings
from ..errors import QueryTimeoutError, StoreError, WugraphError
from ..store import open_store
from .answer import Answer, QueryRequest, answer
from .gate import make_gate

_LENGTH = struct.Struct(">I")
_ERRORS: dict[str, type[WugraphError]] = {}


class QueryMemoryError(QueryTimeoutError):
    """The worker ran out of its memory allowance and was stopped (503, like a timeout)."""

    code = "query_memory_limit"


def _error_classes() -> dict[str, type[WugraphError]]:
    if not _ERRORS:
        stack: list[type[WugraphError]] = [WugraphError]
        while stack:
            cls = stack.pop()
            _ERRORS[cls.__name__] = cls
            stack.extend(cls.__subclasses__())
    return _ERRORS


def _write_frame(out: IO[bytes], payload: bytes) -> None:
    out.write(_LENGTH.pack(len(payload)) + payload)
    out.flush()


def _read_exact(fd: int, size: int, deadline: float | None) -> bytes:
    """Read `size` bytes before the deadline; TimeoutError when it passes, EOFError when the pipe closes."""
    chunks: list[bytes] = []
    got = 0
    while got < size:
        if deadline is not None:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
                raise TimeoutError
        chunk = os.read(fd, min(size - got, 1 << 20))
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def _read_frame(fd: int, deadline: float | None) -> bytes:
    (size,) = _LENGTH.unpack(_read_exact(fd, _LENGTH.size, deadline))
    return _read_exact(fd, size, deadline)


@dataclass
class _Worker:
    process: subprocess.Popen[bytes]

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for pipe in (self.process.stdin, self.process.stdout):
            if pipe is not None:
                pipe.close()


class QueryPool:
    """Pre-started worker processes over read-only snapshots of the store at `path`."""

    def __init__(self, path: Path, settings: Settings, start_timeout: float = 60.0) -> None:
        self.path, self.settings, self.gate = Path(path), settings, make_gate(settings)
        self.size = max(1, settings.max_concurrent_queries)
        self.start_timeout = start_timeout
        self.counters = {"served": 0, "timeouts": 0, "crashes": 0, "spawned": 0}
        self._idle: list[_Worker] = []
        self._live = 0
        self._cond = threading.Condition()
        self._spawns: queue.Queue[int | None] = queue.Queue()
        self._closed = False
        self._supervisor: threading.Thread | None = None

    def start(self) -> None:
        """Spawn the workers (from one long-lived thread, so their parent-death signal stays armed)."""
        with self._cond:
            if self._supervisor is not None or self._closed:
                return
            self._supervisor = threading.Thread(target=self._supervise, name="wugraph-query-pool", daemon=True)
            self._supervisor.start()
            self._live = self.size
        for _ in range(self.size):
            self._spawns.put(1)

    def wait_ready(self, timeout: float = 60.0) -> bool:
        """Block until every worker is idle and ready (startup, tests)."""
        self.start()
        deadline = time.monotonic() + timeout
        with self._cond:
            while len(self._idle) < self.size:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._cond.wait(remaining)
        return True

    def _spawn(self) -> _Worker:
        config = {"max_rows": self.settings.max_rows, "max_query_bytes": self.settings.max_query_bytes,
                  "query_memory_mb": self.settings.query_memory_mb}
        command = [sys.executable, "-m", "wugraph.endpoint.worker", str(self.path), json.dumps(config), str(os.getpid())]
        process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0, close_fds=True)
        worker = _Worker(process)
        assert process.stdout is not None
        try:
            hello = json.loads(_read_frame(process.stdout.fileno(), time.monotonic() + self.start_timeout))
        except (TimeoutError, EOFError, ValueError) as exc:
            worker.kill()
            raise StoreError("Không khởi động được tiến trình chạy truy vấn.", "A query worker failed to start.") from exc
        if not hello.get("ready"):
            worker.kill()
            raise StoreError(f"Tiến trình truy vấn báo lỗi: {hello}", f"A query worker reported: {hello}")
        return worker

    def _supervise(self) -> None:
        while True:
            item = self._spawns.get()
            if item is None or self._closed:
                return
            try:
                worker = self._spawn()
            except (StoreError, OSError) as exc:
                print(f"wugraph: query worker failed to start ({exc}); retrying in 1 s", file=sys.stderr, flush=True)
                time.sleep(1.0)
                self._spawns.put(1)
                continue
            with self._cond:
                self.counters["spawned"] += 1
                if self._closed:
                    worker.kill()
                    return
                self._idle.append(worker)
                self._cond.notify_all()

    def _take(self) -> _Worker:
        deadline = time.monotonic() + self.start_timeout
        with self._cond:
            while not self._idle:
                remaining = deadline - time.monotonic()
                if self._closed or remaining <= 0:
                    raise StoreError("Chưa có tiến trình truy vấn nào sẵn sàng.", "No query worker is ready.")
                self._cond.wait(remaining)
            return self._idle.pop()

    def _give_back(self, worker: _Worker) -> None:
        with self._cond:
            if self._closed:
                worker.kill()
                return
            self._idle.append(worker)
            self._cond.notify_all()

    def _replace(self, worker: _Worker) -> None:
        """Kill a worker (timed out, crashed or closed its pipe) and have the supervisor start another."""
        worker.kill()
        if not self._closed:
            self._spawns.put(1)

    def run(self, request: QueryRequest, version: str, client: str) -> Answer:
        """Run a request in a worker within settings.query_timeout; a query past it is killed (503)."""
        self.start()
        self.gate.enter(client)
        try:
            for attempt in range(2):
                worker = self._take()
                try:
                    return self._exchange(worker, request, version)
                except BrokenPipeError:
                    # The worker died while idle (killed from outside); try once more with another.
                    self._replace(worker)
                    if attempt:
                        raise StoreError("Tiến trình truy vấn đã dừng.", "The query worker stopped.") from None
            raise AssertionError("unreachable")
        finally:
            self.gate.leave(client)

    def _exchange(self, worker: _Worker, request: QueryRequest, version: str) -> Answer:
        assert worker.process.stdin is not None and worker.process.stdout is not None
        payload = json.dumps({**asdict(request), "version": version}, ensure_ascii=False).encode("utf-8")
        deadline = time.monotonic() + self.settings.query_timeout
        _write_frame(worker.process.stdin, payload)
        fd = worker.process.stdout.fileno()
        try:
            header = json.loads(_read_frame(fd, deadline))
            body = _read_frame(fd, deadline)
        except TimeoutError:
            self.counters["timeouts"] += 1
            self._replace(worker)
            seconds = self.settings.query_timeout
            raise QueryTimeoutError(
                f"Truy vấn chạy quá {seconds:g} giây nên đã bị dừng. Hãy thu hẹp truy vấn (thêm điều kiện, LIMIT) rồi thử lại.",
                f"The query ran longer than {seconds:g} s and was stopped. Narrow it (more conditions, a LIMIT) and retry.",
                timeout=seconds,
            ) from None
        except EOFError:
            self.counters["crashes"] += 1
            self._replace(worker)
            megabytes = self.settings.query_memory_mb
            raise QueryMemoryError(
                f"Truy vấn dùng quá giới hạn bộ nhớ ({megabytes} MB) nên đã bị dừng. Hãy thu hẹp truy vấn rồi thử lại.",
                f"The query exceeded the memory limit ({megabytes} MB) and was stopped. Narrow it and retry.",
                memory_mb=megabytes,
            ) from None
        self.counters["served"] += 1
        self._give_back(worker)
        if not header.get("ok"):
            cls = _error_classes().get(header.get("error", ""), StoreError)
            raise cls(header.get("message_vi", ""), header.get("message_en", ""), **header.get("details", {}))
        return Answer(body, header["content_type"], header["format"], header["kind"], header["rows"], header["truncated"])

    def status(self) -> dict[str, Any]:
        with self._cond:
            return {"mode": "process", "workers": self._live, "idle": len(self._idle),
                    "in_flight": self.gate.in_flight(), **self.counters}

    def close(self) -> None:
        """Stop the supervisor and kill every worker; idempotent."""
        with self._cond:
            if self._closed:
                return
            self._closed = True
            idle, self._idle = self._idle, []
            self._cond.notify_all()
        self._spawns.put(None)
        for worker in idle:
            worker.kill()
        if self._supervisor is not None:
            self._supervisor.join(timeout=self.start_timeout)


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


def worker_main(argv: list[str]) -> int:
    """The worker loop: open a read-only snapshot, then answer framed requests until stdin closes."""
    path, config, parent = argv[0], json.loads(argv[1]), int(argv[2])
    _arm_parent_death()
    if os.getppid() != parent:
        return 0
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # anything printed by accident goes to stderr, never into the frame stream
    allowance = int(config["query_memory_mb"]) * 1024 * 1024
    settings = load_settings({"store": path, "max_rows": config["max_rows"], "max_query_bytes": config["max_query_bytes"]},
                             environ={})
    store = open_store(path, read_only=True)
    opened = store.version()
    answer(store, QueryRequest("ASK { ?s ?p ?o }"), settings)  # load the query parser now, not on a user's first query
    stdin = sys.stdin.buffer.fileno()
    _write_frame(out, json.dumps({"ready": True, "pid": os.getpid(), "version": opened}).encode())
    while True:
        try:
            request = json.loads(_read_frame(stdin, None))
        except EOFError:
            return 0
        if request.pop("version") != opened:
            store.close()
            store = open_store(path, read_only=True)
            opened = store.version()
        body = b""
        query = QueryRequest(request["text"], tuple(request["default_graphs"]), tuple(request["named_graphs"]),
                             request["accept"], request["format"])
        try:
            try:
                with _memory_allowance(allowance):
                    result = answer(store, query, settings)
            except StoreError:
                # The primary may have compacted files away under an old snapshot: reopen once and retry.
                store.close()
                store = open_store(path, read_only=True)
                opened = store.version()
                with _memory_allowance(allowance):
                    result = answer(store, query, settings)
            header: dict[str, Any] = {"ok": True, "content_type": result.content_type, "format": result.format,
                                      "kind": result.kind, "rows": result.rows, "truncated": result.truncated}
            body = result.body
        except WugraphError as error:
            header = {"ok": False, "error": type(error).__name__, "message_vi": error.message_vi,
                      "message_en": error.message_en, "details": error.details}
        except MemoryError:
            return 3  # the server sees the closed pipe and reports the memory limit
        _write_frame(out, json.dumps(header, ensure_ascii=False).encode("utf-8"))
        _write_frame(out, body)


if __name__ == "__main__":
    sys.exit(worker_main(sys.argv[1:]))
