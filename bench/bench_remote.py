"""Embedded store versus Oxigraph server versus Virtuoso, side by side in one table.

For each store: load (a `wugraph build` of the bundled data from empty), ingest of one 1,000-record
adoptions batch through `wugraph.ingest.ingest` (median of 3; each repeat replaces the previous
version of the same source), and the median of 5 runs of every example question.
The servers are started on loopback in temporary folders (installed when missing) and stopped.
"""

from __future__ import annotations

import csv
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
from benchutil import median_ms, timed

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from remote_servers import RemoteServer, start_remote  # noqa: E402

from wugraph.config import load_settings  # noqa: E402
from wugraph.endpoint.catalog import examples  # noqa: E402
from wugraph.ingest.build import build  # noqa: E402
from wugraph.ingest.pipeline import ingest  # noqa: E402
from wugraph.ingest.sources import Source  # noqa: E402
from wugraph.store import open_store  # noqa: E402

KINDS = ("embedded", "oxigraph", "virtuoso")
RECORDS = 1_000
MODELS = 10


def _csv(rows: list[list[str]]) -> bytes:
    return "\n".join(",".join(row) for row in rows).encode("utf-8") + b"\n"


def models_source() -> Source:
    """Ten models the adoptions refer to (the models CSV template)."""
    return Source("bench-remote-models.csv", _csv([["Model name", "Model type"], *([f"Mô hình đo {n}", "club"] for n in range(1, MODELS + 1))]))


def adoptions_source(n: int) -> Source:
    """n adoptions of those models by communes (GSO codes), dated in 2023 (the adoptions CSV template)."""
    with open(ROOT / "data" / "units" / "units-0.6.0.csv", encoding="utf-8") as handle:
        communes = [row["code"] for row in csv.DictReader(handle) if row["level"] == "commune"]
    rows = [["Model", "Adopter", "Adopted on", "Kind"]]
    rows += [[f"Mô hình đo {i % MODELS + 1}", communes[i % len(communes)], f"{i % 28 + 1:02d}/{i % 12 + 1:02d}/2023", "replication"]
             for i in range(n)]
    return Source("bench-remote-adoptions.csv", _csv(rows))


def consume(result: object) -> object:
    """Read a whole answer (rows or triples); a boolean is already complete."""
    return result if isinstance(result, ox.QueryBoolean) else list(result)  # type: ignore[call-overload]


def measure(location: str) -> dict[str, float]:
    """Seconds for load and ingest, milliseconds per example question, on the store at `location`."""
    settings = load_settings({"store": location, "home": ROOT}, environ={})
    figures: dict[str, float] = {}
    with open_store(settings.store) as store:
        started = time.perf_counter()
        build(store, settings)
        figures["load (build), s"] = time.perf_counter() - started
        ingest(store, [models_source()], settings)
        batch = adoptions_source(RECORDS)
        figures[f"ingest {RECORDS:,} records, s"] = statistics.median(timed(lambda: ingest(store, [batch], settings), repeat=3))
        for example in examples():
            run: Callable[[], object] = lambda text=example.sparql: consume(store.query(text))  # noqa: E731
            run()  # warm caches once
            figures[example.name] = median_ms(timed(run, repeat=5))
    return figures


def main() -> None:
    columns: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for kind in KINDS:
            server: RemoteServer | None = None
            try:
                if kind == "embedded":
                    location = str(Path(tmp) / "embedded")
                else:
                    server = start_remote(kind, Path(tmp) / kind)
                    location = server.location
                columns[kind] = measure(location)
            finally:
                if server is not None:
                    server.stop()
    rows = list(columns["embedded"])
    width = max(len(r) for r in rows)
    print(f"{'':<{width}}  " + "  ".join(f"{k:>10}" for k in KINDS) + "   (seconds for load/ingest, ms per query: median)")
    for row in rows:
        cells = []
        for kind in KINDS:
            value = columns[kind].get(row)
            cells.append(f"{value:>10.2f}" if row.endswith(", s") and value is not None else f"{value:>10.1f}" if value is not None else f"{'-':>10}")
        print(f"{row:<{width}}  " + "  ".join(cells))
    total = {k: sum(v for r, v in columns[k].items() if not r.endswith(", s")) for k in KINDS}
    print(f"{'all example questions, ms':<{width}}  " + "  ".join(f"{total[k]:>10.1f}" for k in KINDS))
