"""Build figures: time to build the bundled store from scratch (wall and CPU), a repeated build, size on disk,
triples/s, and how long the 2025 lineage takes to read, check and turn into triples.

On the shared 2-core machine wall time moves with the other engineers' load; CPU time (this process) moves less.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from benchutil import folder_bytes

from wugraph.config import load_settings
from wugraph.identifiers import Minter
from wugraph.ingest.build import build
from wugraph.ingest.reference_graphs import produce_reform, reform_inputs
from wugraph.store import open_store

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    fresh, cpu, again, sizes, triples = [], [], [], [], 0
    for _ in range(3):
        with tempfile.TemporaryDirectory() as tmp:
            settings = load_settings({"store": str(Path(tmp) / "store"), "home": ROOT}, environ={})
            with open_store(Path(settings.store)) as store:
                started, cpu_started = time.perf_counter(), time.process_time()
                report = build(store, settings)
                fresh.append(time.perf_counter() - started)
                cpu.append(time.process_time() - cpu_started)
                triples = store.count()
                started = time.perf_counter()
                build(store, settings)
                again.append(time.perf_counter() - started)
            sizes.append(folder_bytes(Path(settings.store)))
    median = statistics.median(fresh)
    print(f"build from scratch: median {median:.2f} s over 3 runs (min {min(fresh):.2f}, max {max(fresh):.2f}); "
          f"CPU median {statistics.median(cpu):.2f} s")
    print(f"repeated build (nothing changed): median {statistics.median(again) * 1000:.0f} ms")
    print(f"store: {triples:,} quads, {statistics.median(sizes) / 1e6:.1f} MB on disk")
    print(f"throughput: {report.triples / median:,.0f} triples/s generated and loaded")

    lineage = []
    for _ in range(5):
        started = time.perf_counter()
        graphs, _ = produce_reform(lambda: reform_inputs(ROOT / "data"), Minter())
        lineage.append(time.perf_counter() - started)
    size = sum(len(v) for v in graphs.values())
    print(f"2025 lineage read, checked and made into {size:,} triples: median {statistics.median(lineage):.2f} s over 5 runs")
