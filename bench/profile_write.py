"""How long writing a demo batch into an on-disk store takes by each pyoxigraph route, and what reopening costs after.

A measuring tool for issue 19 (docs/ingest-profile.md), not part of `make bench`. One route per run
(each in a fresh process, so peak RSS is its own), on a copy of a built store:

- `update`: today's path, one SPARQL Update `INSERT DATA { GRAPH <g> { ... } }` text (wugraph.store.replacement_update);
- `extend`: `Store.extend(quads)`, one transaction without the SPARQL text;
- `bulk`: `Store.bulk_extend` straight into the target graph (not atomic);
- `bulk+move`: `bulk_extend` into a staging graph, then `MOVE GRAPH <staging> TO <g>` in one update;
- `bulk+add`: the same with `ADD` (copy) instead of MOVE.

Then it closes the store, reports the size of the write-ahead log left behind, and times opening the
store again (read-write, then read-only as the query workers do).

    .venv/bin/python bench/profile_write.py --route update --store /tmp/p19/w --file /tmp/p19/demo-s1-x0p1.trig
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import pyoxigraph as ox

from benchutil import log_mb, memory_mb, reset_peak
from wugraph.store import replacement_update

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--route", required=True, choices=("update", "extend", "bulk", "bulk+move", "bulk+add"))
    parser.add_argument("--store", required=True)
    parser.add_argument("--file", required=True)
    parser.add_argument("--flush", action="store_true", help="Store.flush() after the write (timed on its own)")
    parser.add_argument("--stream", action="store_true", help="bulk route only: feed the parser's quads straight in, no list")
    args = parser.parse_args()
    name = Path(args.file).stem
    graph = ox.NamedNode(f"https://w3id.org/wugraph/graph/doc/{name}")
    staging = ox.NamedNode(f"urn:x-wugraph:staging:{name}")
    started = time.perf_counter()
    stream = (ox.Quad(q.subject, q.predicate, q.object, graph) for q in ox.parse(path=args.file, format=ox.RdfFormat.TRIG))
    quads = [] if args.stream else list(stream)
    parsed = time.perf_counter() - started
    store = ox.Store(args.store)
    before = len(store)
    rss_before = memory_mb()["VmRSS"]
    reset_peak()
    started, cpu = time.perf_counter(), time.process_time()
    text_chars = 0
    if args.route == "update":
        text = replacement_update({graph.value: quads})
        text_chars = len(text)
        store.update(text)
        del text
    elif args.route == "extend":
        store.extend(quads)
    elif args.route == "bulk":
        store.bulk_extend(stream if args.stream else quads)
    else:
        store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, staging) for q in quads)
        bulk_done = time.perf_counter() - started
        verb = "MOVE" if args.route == "bulk+move" else "ADD"
        store.update(f"{verb} GRAPH {staging} TO {graph}")
        if args.route == "bulk+add":
            store.update(f"DROP GRAPH {staging}")
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    flush_s = None
    if args.flush:
        flushed = time.perf_counter()
        store.flush()
        flush_s = round(time.perf_counter() - flushed, 2)
    peak = memory_mb()["VmHWM"]
    after = len(store)
    del store
    logs = log_mb(args.store)
    started = time.perf_counter()
    reopened = ox.Store(args.store)
    count = len(reopened)
    reopen_rw = time.perf_counter() - started
    del reopened
    started = time.perf_counter()
    snapshot = ox.Store.read_only(args.store)
    next(iter(snapshot.quads_for_pattern(None, None, None, graph)))
    reopen_ro = time.perf_counter() - started
    del snapshot
    logs_after = log_mb(args.store)
    result = {"route": args.route, "file": args.file, "quads": after - before if args.stream else len(quads), "stream": args.stream, "parse_s": round(parsed, 2), "write_s": round(seconds, 2), "write_cpu_s": round(cpu, 2), "flush_s": flush_s,
              "rss_before_mb": rss_before, "peak_during_write_mb": peak, "update_chars": text_chars,
              "store_before": before, "store_after": after, "count_after_reopen": count, "wal_mb_after_close": logs,
              "reopen_rw_s": round(reopen_rw, 2), "reopen_ro_s": round(reopen_ro, 2), "wal_mb_after_reopen": logs_after}
    if args.route.startswith("bulk+"):
        result["bulk_s"] = round(bulk_done, 2)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
