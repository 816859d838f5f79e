"""Build figures: time to build the bundled store from scratch, a repeated build, size on disk, triples/s."""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from benchutil import folder_bytes

from wugraph.config import load_settings
from wugraph.ingest.build import build
from wugraph.store import open_store

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    fresh, again, sizes, triples = [], [], [], 0
    for _ in range(3):
        with tempfile.TemporaryDirectory() as tmp:
            settings = load_settings({"store": str(Path(tmp) / "store"), "home": ROOT}, environ={})
            with open_store(Path(settings.store)) as store:
                started = time.perf_counter()
                report = build(store, settings)
                fresh.append(time.perf_counter() - started)
                triples = store.count()
                started = time.perf_counter()
                build(store, settings)
                again.append(time.perf_counter() - started)
            sizes.append(folder_bytes(Path(settings.store)))
    median = statistics.median(fresh)
    print(f"build from scratch: median {median:.2f} s over 3 runs (min {min(fresh):.2f}, max {max(fresh):.2f})")
    print(f"repeated build (nothing changed): median {statistics.median(again) * 1000:.0f} ms")
    print(f"store: {triples:,} quads, {statistics.median(sizes) / 1e6:.1f} MB on disk")
    print(f"throughput: {report.triples / median:,.0f} triples/s generated and loaded")
