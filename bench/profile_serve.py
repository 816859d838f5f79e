"""How long `wugraph serve` takes to accept its first connection on a store, and what its start-up holds in memory.

A measuring tool for issue 19 (docs/ingest-profile.md), not part of `make bench`.

`start` mode runs the real command (`wugraph --store S serve --port P`) as a child process, polls the
port every 0.2 s, samples the RSS of the server and of its query workers every 0.5 s, timestamps the
server's own lines ("serving on", "caches ready"), and stops the server (SIGTERM to the child it
started) once the caches are ready or the time limit passes.

`steps` mode replays the start-up work in this process, one step at a time, with seconds and RSS:
opening the store read-write, opening it read-only as a query worker does, and each cache warm-up
(search index, unit tree, home page, spread index and largest-model views).

    .venv/bin/python bench/profile_serve.py start --store /tmp/p19/s1 --port 18719
    .venv/bin/python bench/profile_serve.py steps --store /tmp/p19/s1
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from benchutil import log_mb, memory_mb

ROOT = Path(__file__).resolve().parents[1]


def _rss_mb(pid: int) -> int:
    return memory_mb(pid).get("VmRSS", 0)


def _children(pid: int) -> list[int]:
    """Child processes started by any thread of `pid` (the query workers come from a supervisor thread)."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(p) for p in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def start(args: argparse.Namespace) -> dict[str, Any]:
    wal_before = log_mb(args.store)
    command = [str(ROOT / ".venv/bin/wugraph"), "--store", args.store, "serve", "--host", "127.0.0.1", "--port", str(args.port)]
    started = time.monotonic()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1)
    lines: list[tuple[float, str]] = []
    events: dict[str, float] = {}

    def read() -> None:
        assert child.stdout is not None
        for line in child.stdout:
            t = round(time.monotonic() - started, 2)
            lines.append((t, line.rstrip()))
            if "serving on" in line:
                events.setdefault("printed_serving", t)
            if "caches ready" in line:
                events.setdefault("caches_ready", t)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    samples: list[tuple[float, int, int, int]] = []
    peak_server = peak_total = 0
    deadline = started + args.limit
    while time.monotonic() < deadline and child.poll() is None:
        t = time.monotonic() - started
        server = _rss_mb(child.pid)
        workers = _children(child.pid)
        total = server + sum(_rss_mb(w) for w in workers)
        peak_server, peak_total = max(peak_server, server), max(peak_total, total)
        samples.append((round(t, 1), server, total, len(workers)))
        if "listening" not in events:
            try:
                with socket.create_connection(("127.0.0.1", args.port), timeout=0.2):
                    events["listening"] = round(time.monotonic() - started, 2)
            except OSError:
                pass
        if "caches_ready" in events and "listening" in events:
            break
        time.sleep(0.2 if "listening" not in events else 0.5)
    child.send_signal(signal.SIGTERM)
    try:
        child.wait(timeout=30)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()
    reader.join(timeout=5)
    return {"mode": "start", "store": args.store, "wal_mb_before": wal_before, "wal_mb_after": log_mb(args.store),
            "events_s": events, "peak_server_rss_mb": peak_server, "peak_server_plus_workers_rss_mb": peak_total,
            "samples": samples[:: max(1, len(samples) // 60)], "lines": lines[:20], "loadavg": Path("/proc/loadavg").read_text().split()[:3]}


def steps(args: argparse.Namespace) -> dict[str, Any]:
    import pyoxigraph as ox

    from wugraph.config import load_settings
    from wugraph.web import create_app
    from wugraph.web import entities, pages, spread

    rows: list[dict[str, Any]] = []
    me = os.getpid()

    def step(name: str, action: Any) -> Any:
        t = time.perf_counter()
        result = action()
        rows.append({"step": name, "s": round(time.perf_counter() - t, 2), "rss_mb": _rss_mb(me)})
        print(json.dumps(rows[-1]), flush=True)
        return result

    wal_before = log_mb(args.store)
    settings = load_settings({"store": args.store})
    app = step("create_app (opens the store read-write)", lambda: create_app(settings))
    store = app.extensions["wugraph.store"]
    rows[-1]["wal_mb_while_open"] = log_mb(args.store)
    step("store.version()", store.version)
    snapshot = step("read-only open (what each query worker does)", lambda: ox.Store.read_only(args.store))
    step("read-only: first ASK", lambda: snapshot.query("ASK { ?s ?p ?o }"))
    del snapshot
    with app.test_request_context("/"):
        step("warm: entities.search_index", entities.search_index)
        step("warm: entities.tree", entities.tree)
        step("warm: pages.home_data", pages.home_data)
        step("warm: spread index + largest views (wait)", lambda: spread.cache().index(wait=True))
    store.close()
    return {"mode": "steps", "store": args.store, "wal_mb_before": wal_before, "steps": rows}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=("start", "steps"))
    parser.add_argument("--store", required=True)
    parser.add_argument("--port", type=int, default=18719)
    parser.add_argument("--limit", type=float, default=600.0, help="stop waiting after this many seconds")
    parser.add_argument("--json")
    args = parser.parse_args()
    result = start(args) if args.mode == "start" else steps(args)
    text = json.dumps(result, ensure_ascii=False)
    print(text if args.mode == "steps" else json.dumps({k: v for k, v in result.items() if k not in ("samples", "lines")}))
    if args.json:
        Path(args.json).write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
