"""Killable query workers: read-only snapshots beside the open primary store, time and memory limits, admission."""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from support.paths import ROOT

from wugraph.config import Settings, load_settings
from wugraph.endpoint.answer import QueryRequest
from wugraph.endpoint.gate import Gate
from wugraph.endpoint.worker import QueryMemoryError, QueryPool
from wugraph.errors import (
    BusyError,
    NotAcceptableError,
    ParseError,
    QueryRefusedError,
    QueryTimeoutError,
)
from wugraph.store import OxigraphStore, open_store
from wugraph.store.updates import version_update

# Streams through 10^11 combinations in flat memory: a pure time hog.
CROSS = "SELECT ?a WHERE { ?a ?b ?c . ?d ?e ?f } OFFSET 100000000000 LIMIT 1"
# Sorting a cross product must hold it all: a memory hog.
HOG = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f"


@pytest.fixture(scope="module")
def primary(built_store_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphStore]:
    """A writable copy of the bundled store, held open (as the server holds it) for the whole module."""
    folder = tmp_path_factory.mktemp("worker") / "store"
    shutil.copytree(built_store_dir, folder)
    (folder / "LOCK").unlink(missing_ok=True)
    store = open_store(folder)
    yield store
    store.close()


@pytest.fixture(scope="module")
def pool_settings(primary: OxigraphStore) -> Settings:
    return load_settings({"store": str(primary.path), "home": ROOT, "query_timeout": 2.0, "max_concurrent_queries": 2,
                          "max_client_queries": 2, "query_memory_mb": 800, "max_rows": 5}, environ={})


@pytest.fixture(scope="module")
def pool(primary: OxigraphStore, pool_settings: Settings) -> Iterator[QueryPool]:
    started = QueryPool(primary.path, pool_settings)
    assert started.wait_ready(timeout=60)
    yield started
    started.close()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as handle:
        return handle.read().split()[2] != "Z"


def test_snapshot_opens_beside_the_primary_and_follows_its_version(pool: QueryPool, primary: OxigraphStore) -> None:
    ask = QueryRequest('ASK { <http://example.org/new> ?p "written after start" }')
    assert pool.run(ask, primary.version(), "t").body == b'{"head":{},"boolean":false}'
    primary.update('INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/new> <http://example.org/p> "written after start" } }')
    primary.update(version_update("worker-test-1"))
    for _ in range(pool.size):  # every worker reopens its snapshot when it sees the new version
        assert pool.run(ask, primary.version(), "t").body == b'{"head":{},"boolean":true}'


def test_row_cap_and_formats_in_the_worker(pool: QueryPool, primary: OxigraphStore) -> None:
    answer = pool.run(QueryRequest("SELECT ?s WHERE { ?s a ?c }", accept="text/csv"), primary.version(), "t")
    assert answer.truncated and answer.rows == 5 and answer.body.count(b"\r\n") == 6 and answer.content_type.startswith("text/csv")


def test_errors_cross_the_process_boundary(pool: QueryPool, primary: OxigraphStore) -> None:
    with pytest.raises(ParseError) as syntax:
        pool.run(QueryRequest("SELECT ?x WHERE { ?x"), primary.version(), "t")
    assert "SPARQL syntax error" in syntax.value.message_en and syntax.value.message_vi
    with pytest.raises(QueryRefusedError) as refused:
        pool.run(QueryRequest("SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"), primary.version(), "t")
    assert refused.value.details["reason"] == "service"
    with pytest.raises(NotAcceptableError):
        pool.run(QueryRequest("ASK {}", accept="image/png"), primary.version(), "t")


def test_timeout_kills_the_worker_and_a_fresh_one_takes_over(pool: QueryPool, primary: OxigraphStore) -> None:
    pids = {w.process.pid for w in pool._idle}
    timeouts = pool.counters["timeouts"]
    started = time.monotonic()
    with pytest.raises(QueryTimeoutError) as stopped:
        pool.run(QueryRequest(CROSS), primary.version(), "t")
    elapsed = time.monotonic() - started
    assert 2.0 <= elapsed < 6.0 and stopped.value.details["timeout"] == 2.0
    assert pool.counters["timeouts"] == timeouts + 1
    gone = [pid for pid in pids if not _alive(pid)]
    assert len(gone) == 1  # exactly the worker that ran the query was killed
    assert pool.wait_ready(timeout=60)
    assert pool.run(QueryRequest("ASK {}"), primary.version(), "t").body == b'{"head":{},"boolean":true}'


def test_memory_limit_stops_a_runaway_query(primary: OxigraphStore, pool_settings: Settings) -> None:
    roomy = QueryPool(primary.path, replace(pool_settings, max_concurrent_queries=1, query_timeout=60.0))
    try:
        assert roomy.wait_ready(timeout=60)
        started = time.monotonic()
        with pytest.raises(QueryMemoryError) as stopped:
            roomy.run(QueryRequest(HOG), primary.version(), "t")
        assert time.monotonic() - started < 60 and roomy.counters["memory_limits"] == 1 and roomy.counters["crashes"] == 0
        assert stopped.value.code == "query_memory_limit" and stopped.value.details["memory_mb"] == 800
        assert roomy.run(QueryRequest("ASK {}"), primary.version(), "t").rows == 1
    finally:
        roomy.close()


def test_gate_caps_clients_and_the_total() -> None:
    gate = Gate(total=2, per_client=1, wait=0.2, retry_after=3)
    gate.enter("a")
    with pytest.raises(BusyError) as own_share:
        gate.enter("a")
    assert own_share.value.details["retry_after"] == 3
    gate.enter("b")
    started = time.monotonic()
    with pytest.raises(BusyError):
        gate.enter("c")
    assert time.monotonic() - started >= 0.2
    releaser = threading.Timer(0.05, gate.leave, args=("b",))
    releaser.start()
    gate.enter("c")  # a slot freed while waiting is taken
    assert gate.in_flight() == 2
    gate.leave("a")
    gate.leave("c")
    assert gate.in_flight() == 0


def test_close_leaves_no_worker_behind(primary: OxigraphStore, pool_settings: Settings) -> None:
    small = QueryPool(primary.path, replace(pool_settings, max_concurrent_queries=1))
    assert small.wait_ready(timeout=60)
    pids = [w.process.pid for w in small._idle]
    small.close()
    assert pids and not any(_alive(pid) for pid in pids)
    small.close()  # idempotent
