"""Run user queries in killable worker processes with a wall-clock and a memory limit.

pyoxigraph cannot cancel a running query, so each query runs in a pre-started worker process
(`endpoint.worker_process`) that holds a read-only snapshot of the on-disk store. A worker that
overruns the time limit is killed; one that dies (its memory allowance, or a crash) is reported
for what it was, in one log line naming a hash of the query, never a traceback. Either way the
slot it held stays taken until its replacement is ready, so a client whose queries kill workers
never leaves the pool short, and after repeated deaths that client is refused for a while (429).
Admission (how many at once, per client, who is sitting out) is `gate.Gate`.
"""

from __future__ import annotations

import hashlib
import json
import os
import queue
import resource
import select
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from ..config import Settings
from ..errors import (
    QueryMemoryError,
    QueryTimeoutError,
    StoreError,
    WorkerCrashedError,
    WugraphError,
)
from .answer import Answer, QueryRequest
from .gate import make_gate
from .worker_process import MEMORY_EXIT, REQUEST, RESPONSE, worker_main, write_all

__all__ = ["QueryMemoryError", "QueryPool", "worker_main"]

STACK_BYTES = 256 * 1024 * 1024  # room for the engine's recursion, well past what the query limits allow
_MEMORY_SIGNS = (b"memory allocation of", b"MemoryError", b"std::bad_alloc", b"Cannot allocate memory")
_ERRORS: dict[str, type[WugraphError]] = {}
_STOP = object()


def _error_classes() -> dict[str, type[WugraphError]]:
    if not _ERRORS:
        stack: list[type[WugraphError]] = [WugraphError]
        while stack:
            cls = stack.pop()
            _ERRORS[cls.__name__] = cls
            stack.extend(cls.__subclasses__())
    return _ERRORS


def _log(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def query_hash(request: QueryRequest) -> str:
    """A short, stable name for a query in the log (the text itself may be private or huge)."""
    return hashlib.sha256(request.text.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def _read_response(fd: int, deadline: float) -> tuple[bytes, bytes]:
    """One answer: (header, body). TimeoutError past the deadline, EOFError when the worker is gone."""
    buffer = bytearray()
    wanted = RESPONSE.size
    while len(buffer) < wanted:
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
            raise TimeoutError
        chunk = os.read(fd, max(1 << 16, wanted - len(buffer)))
        if not chunk:
            raise EOFError
        buffer += chunk
        if wanted == RESPONSE.size and len(buffer) >= RESPONSE.size:
            header_size, body_size = RESPONSE.unpack_from(buffer)
            wanted = RESPONSE.size + header_size + body_size
    header_size, _ = RESPONSE.unpack_from(buffer)
    return bytes(buffer[RESPONSE.size:RESPONSE.size + header_size]), bytes(buffer[RESPONSE.size + header_size:])


@dataclass
class _Worker:
    process: subprocess.Popen[bytes]
    log: IO[bytes]  # the worker's stderr, read only when it dies, to tell why

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for pipe in (self.process.stdin, self.process.stdout):
            if pipe is not None:
                pipe.close()
        self.log.close()

    def death(self) -> tuple[bool, str]:
        """After the pipe closed: (whether it ran out of memory, a one-line account of how it ended)."""
        try:
            status = self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            status = self.process.wait()
        self.log.seek(0, os.SEEK_END)
        self.log.seek(max(0, self.log.tell() - 4096))
        tail = self.log.read()
        memory = status == MEMORY_EXIT or any(sign in tail for sign in _MEMORY_SIGNS)
        how = f"signal {signal.Signals(-status).name}" if status < 0 else f"exit status {status}"
        last = tail.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        return memory, f"{how}{': ' + last[0][:200] if last[0] else ''}"


class _Lost(Exception):
    """The worker was killed or died during the exchange; its replacement will release the client's slot."""

    def __init__(self, error: WugraphError) -> None:
        super().__init__(error.message_en)
        self.error = error


def _roomy_stack() -> None:
    """Workers inherit a soft stack limit large enough that the engine's recursion is never the limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_STACK)
    wanted = STACK_BYTES if hard == resource.RLIM_INFINITY else min(STACK_BYTES, hard)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        resource.setrlimit(resource.RLIMIT_STACK, (wanted, hard))


class QueryPool:
    """Pre-started worker processes over read-only snapshots of the store at `path`."""

    def __init__(self, path: Path, settings: Settings, start_timeout: float = 60.0) -> None:
        self.path, self.settings, self.gate = Path(path), settings, make_gate(settings)
        self.size = max(1, settings.max_concurrent_queries)
        self.start_timeout = start_timeout
        self.counters = {"served": 0, "timeouts": 0, "crashes": 0, "memory_limits": 0, "spawned": 0}
        self._idle: list[_Worker] = []
        self._live = 0
        self._cond = threading.Condition()
        self._spawns: queue.Queue[object] = queue.Queue()
        self._closed = False
        self._supervisor: threading.Thread | None = None

    def start(self) -> None:
        """Spawn the workers (from one long-lived thread, so their parent-death signal stays armed)."""
        with self._cond:
            if self._supervisor is not None or self._closed:
                return
            _roomy_stack()
            self._supervisor = threading.Thread(target=self._supervise, name="wugraph-query-pool", daemon=True)
            self._supervisor.start()
            self._live = self.size
        for _ in range(self.size):
            self._spawns.put(None)

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
        settings = self.settings
        config = {"max_rows": settings.max_rows, "max_query_bytes": settings.max_query_bytes,
                  "max_query_depth": settings.max_query_depth, "max_query_operators": settings.max_query_operators,
                  "query_memory_mb": settings.query_memory_mb}
        command = [sys.executable, "-m", "wugraph.endpoint.worker", str(self.path), json.dumps(config), str(os.getpid())]
        log = tempfile.TemporaryFile(prefix="wugraph-worker-")
        process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, bufsize=0, close_fds=True)
        worker = _Worker(process, log)
        assert process.stdout is not None
        try:
            header, _ = _read_response(process.stdout.fileno(), time.monotonic() + self.start_timeout)
            hello = json.loads(header)
        except (TimeoutError, EOFError, ValueError) as exc:
            worker.kill()
            raise StoreError("Không khởi động được tiến trình chạy truy vấn.", "A query worker failed to start.") from exc
        if not hello.get("ready"):
            worker.kill()
            raise StoreError(f"Tiến trình truy vấn báo lỗi: {hello}", f"A query worker reported: {hello}")
        return worker

    def _supervise(self) -> None:
        """Start workers one at a time; a replacement releases the slot of the client whose query lost its worker."""
        while True:
            release = self._spawns.get()
            if release is _STOP or self._closed:
                return
            try:
                worker = self._spawn()
            except (StoreError, OSError) as exc:
                _log(f"wugraph: query worker failed to start ({exc}); retrying in 1 s")
                time.sleep(1.0)
                self._spawns.put(release)
                continue
            with self._cond:
                self.counters["spawned"] += 1
                if self._closed:
                    worker.kill()
                    return
                self._idle.append(worker)
                self._cond.notify_all()
            if isinstance(release, str):
                self.gate.leave(release)

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

    def _replace(self, worker: _Worker, release: str | None) -> None:
        """Kill a worker and have the supervisor start another; `release` is the client slot it frees when ready."""
        worker.kill()
        if self._closed:
            if release is not None:
                self.gate.leave(release)
            return
        self._spawns.put(release)

    def run(self, request: QueryRequest, version: str, client: str) -> Answer:
        """Run a request in a worker within settings.query_timeout; a query past it is killed (503)."""
        self.start()
        self.gate.enter(client)
        handed_over = False
        try:
            for attempt in range(2):
                worker = self._take()
                try:
                    return self._exchange(worker, request, version, client)
                except _Lost as lost:
                    handed_over = True
                    raise lost.error from None
                except BrokenPipeError:
                    # The worker died while idle (killed from outside); try once more with another.
                    self._replace(worker, None)
                    if attempt:
                        raise StoreError("Tiến trình truy vấn đã dừng.", "The query worker stopped.") from None
            raise AssertionError("unreachable")
        finally:
            if not handed_over:
                self.gate.leave(client)

    def _exchange(self, worker: _Worker, request: QueryRequest, version: str, client: str) -> Answer:
        assert worker.process.stdin is not None and worker.process.stdout is not None
        payload = json.dumps({"text": request.text, "default_graphs": request.default_graphs, "named_graphs": request.named_graphs,
                              "accept": request.accept, "format": request.format, "base_iri": request.base_iri, "version": version},
                             ensure_ascii=False).encode("utf-8", "surrogatepass")
        deadline = time.monotonic() + self.settings.query_timeout
        write_all(worker.process.stdin.fileno(), REQUEST.pack(len(payload)) + payload)
        try:
            header_bytes, body = _read_response(worker.process.stdout.fileno(), deadline)
        except TimeoutError:
            self.counters["timeouts"] += 1
            self._replace(worker, client)
            seconds = self.settings.query_timeout
            raise _Lost(QueryTimeoutError(
                f"Truy vấn chạy quá {seconds:g} giây nên đã bị dừng. Hãy thu hẹp truy vấn (thêm điều kiện, LIMIT) rồi thử lại.",
                f"The query ran longer than {seconds:g} s and was stopped. Narrow it (more conditions, a LIMIT) and retry.",
                timeout=seconds,
            )) from None
        except EOFError:
            raise _Lost(self._died(worker, request, client)) from None
        self.counters["served"] += 1
        self._give_back(worker)
        header = json.loads(header_bytes)
        if not header.get("ok"):
            cls = _error_classes().get(header.get("error", ""), StoreError)
            if header.get("error") == "EngineError":
                _log(f"wugraph: query {query_hash(request)} from {client} failed in the engine: {header.get('message_en')}")
            raise cls(header.get("message_vi", ""), header.get("message_en", ""), **header.get("details", {}))
        return Answer(body, header["content_type"], header["format"], header["kind"], header["rows"], header["truncated"])

    def _died(self, worker: _Worker, request: QueryRequest, client: str) -> WugraphError:
        """Account for a worker that closed its pipe mid-query: one log line, a strike, an honest error."""
        memory, how = worker.death()
        pid = worker.process.pid
        self._replace(worker, client)
        self.gate.strike(client)
        digest = query_hash(request)
        if memory:
            self.counters["memory_limits"] += 1
            _log(f"wugraph: query worker {pid} stopped at the memory limit ({how}); query {digest} from {client}")
            megabytes = self.settings.query_memory_mb
            return QueryMemoryError(
                f"Truy vấn dùng quá giới hạn bộ nhớ ({megabytes} MB) nên đã bị dừng. Hãy thu hẹp truy vấn rồi thử lại.",
                f"The query exceeded the memory limit ({megabytes} MB) and was stopped. Narrow it and retry.",
                memory_mb=megabytes,
            )
        self.counters["crashes"] += 1
        _log(f"wugraph: query worker {pid} crashed ({how}); query {digest} from {client}; a replacement is starting")
        return WorkerCrashedError(
            f"Tiến trình chạy truy vấn đã dừng bất thường khi chạy truy vấn này (mã {digest}) và đã được thay thế. "
            "Lỗi đã được ghi lại; nếu lặp lại, hãy báo cho quản trị viên kèm mã này.",
            f"The query worker stopped unexpectedly while running this query (id {digest}) and was replaced. "
            "It has been logged; if it happens again, report it with this id.",
            query=digest,
        )

    def status(self) -> dict[str, Any]:
        with self._cond:
            return {"mode": "process", "workers": self._live, "idle": len(self._idle),
                    "in_flight": self.gate.in_flight(), "sitting_out": self.gate.sitting_out(), **self.counters}

    def close(self) -> None:
        """Stop the supervisor and kill every worker; idempotent."""
        with self._cond:
            if self._closed:
                return
            self._closed = True
            idle, self._idle = self._idle, []
            self._cond.notify_all()
        self._spawns.put(_STOP)
        for worker in idle:
            worker.kill()
        if self._supervisor is not None:
            self._supervisor.join(timeout=self.start_timeout)


if __name__ == "__main__":
    sys.exit(worker_main(sys.argv[1:]))
