"""Ingest figures: parse / validate / commit seconds for 10, 1,000 and 10,000 adoption records, on the
bundled store and on a store ten times larger (synthetic filler), medians, the 10x/1x ratio for
1,000 records, and the time of a full validation of the bundled store.

Each batch is one adoptions CSV (communes by GSO code, resolved on the row's date); every repeat is a
new source with its own dates, so each commit writes a new graph. Re-ingesting an unchanged source is
timed separately (its graph is compared, not rewritten).
"""

from __future__ import annotations

import csv
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from wugraph.config import Settings, load_settings
from wugraph.ingest.build import build
from wugraph.ingest.pipeline import check_store, ingest
from wugraph.ingest.sources import Source
from wugraph.ingest.validate import load_shapes
from wugraph.namespaces import DOC_GRAPH_BASE, RDF, WU, XSD
from wugraph.store import OxigraphStore, open_store

ROOT = Path(__file__).resolve().parents[1]
SIZES = (10, 1_000, 10_000)
REPEATS = {10: 5, 1_000: 5, 10_000: 3}
MODELS = 10
BASE = "https://w3id.org/wugraph/id/"


def _communes() -> list[str]:
    with open(ROOT / "data" / "units" / "units-0.6.0.csv", encoding="utf-8") as handle:
        return [row["code"] for row in csv.DictReader(handle) if row["level"] == "commune"]


def _csv(rows: list[list[str]]) -> bytes:
    return "\n".join(",".join(row) for row in rows).encode("utf-8") + b"\n"


def models_source() -> Source:
    return Source("bench-models.csv", _csv([["Model name", "Model type"], *([f"Mô hình đo {n}", "club"] for n in range(1, MODELS + 1))]))


def adoptions_source(n: int, communes: list[str], repeat: int) -> Source:
    """n adoption rows, distinct per repeat (the year moves from 2020 on), as a source of its own."""
    rows = [["Model", "Adopter", "Adopted on", "Kind"]]
    for i in range(n):
        rows.append([f"Mô hình đo {i % MODELS + 1}", communes[i % len(communes)],
                     f"{i % 28 + 1:02d}/{(i // len(communes)) % 12 + 1:02d}/{2020 + repeat}", "replication"])
    return Source(f"bench-adoptions-{n}-{repeat}.csv", _csv(rows))


def filler(target: int) -> list[ox.Quad]:
    """About `target` synthetic quads shaped like adoption records, pointing at real chapters."""
    chapters = [f"{BASE}chapter/pre2025/commune/{code}" for code in _communes()]
    n = target // 7
    a, model, adopter, day, precision, kind, synthetic = (ox.NamedNode(RDF + "type"), ox.NamedNode(WU + "model"),
        ox.NamedNode(WU + "adopter"), ox.NamedNode(WU + "adoptedOn"), ox.NamedNode(WU + "datePrecision"),
        ox.NamedNode(WU + "adoptionKind"), ox.NamedNode(WU + "isSynthetic"))
    adoption, day_type, true = ox.NamedNode(WU + "Adoption"), ox.NamedNode(XSD + "date"), ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean"))
    models = [ox.NamedNode(f"{BASE}model/filler-{m}") for m in range(50)]
    out: list[ox.Quad] = []
    for i in range(n):
        node = ox.NamedNode(f"{BASE}adoption/filler/{i}")
        out += [ox.Quad(node, a, adoption), ox.Quad(node, model, models[i % 50]),
                ox.Quad(node, adopter, ox.NamedNode(chapters[i % len(chapters)])),
                ox.Quad(node, day, ox.Literal(f"20{10 + i % 14}-{i % 12 + 1:02d}-{i % 28 + 1:02d}", datatype=day_type)),
                ox.Quad(node, precision, ox.NamedNode(WU + "DayPrecision")),
                ox.Quad(node, kind, ox.NamedNode(WU + "Replication")), ox.Quad(node, synthetic, true)]
    return out


def _stages(store: OxigraphStore, settings: Settings, source: Source, shapes: Graph) -> dict[str, float]:
    started = time.perf_counter()
    result = ingest(store, [source], settings, shapes=shapes)
    return {**{k: result.timings[k] for k in ("parse", "validate", "commit")}, "total": time.perf_counter() - started}


def measure(stores: dict[str, tuple[OxigraphStore, Settings]], communes: list[str]) -> dict[str, dict[int, float]]:
    """Median seconds per stage for each batch size on each store; returns the median totals.

    The stores take turns batch by batch, so a burst of load from elsewhere on this shared machine
    falls on both sides of the 10x/1x ratio rather than on one.
    """
    shapes = load_shapes(next(iter(stores.values()))[1])
    for store, settings in stores.values():
        ingest(store, [models_source()], settings, shapes=shapes)
    totals: dict[str, dict[int, float]] = {label: {} for label in stores}
    for n in SIZES:
        samples: dict[str, dict[str, list[float]]] = {label: {} for label in stores}
        for repeat in range(REPEATS[n]):
            source = adoptions_source(n, communes, repeat)
            for label, (store, settings) in stores.items():
                for stage, seconds in _stages(store, settings, source, shapes).items():
                    samples[label].setdefault(stage, []).append(seconds)
        for label, stages in samples.items():
            med = {k: statistics.median(v) for k, v in stages.items()}
            totals[label][n] = med["total"]
            print(f"{label:>9} | {n:>6,} records | parse {med['parse']:6.2f} s | validate {med['validate']:6.2f} s | "
                  f"commit {med['commit']:6.2f} s | total {med['total']:6.2f} s (median of {REPEATS[n]}) | "
                  f"{n / med['total']:,.0f} records/s", flush=True)
        if n == 1_000:
            for label, (store, settings) in stores.items():
                again = ingest(store, [source], settings, shapes=shapes)
                print(f"{label:>9} | {n:>6,} records | re-ingest of an unchanged source: commit {again.timings['commit']:.2f} s, "
                      f"total {sum(again.timings.values()):.2f} s", flush=True)
    return totals


def main() -> None:
    communes = _communes()
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings({"store": str(Path(tmp) / "store1"), "home": ROOT}, environ={})
        with open_store(Path(settings.store)) as store:
            build(store, settings)
            base_count = store.count()
        pristine = _copy(Path(settings.store), Path(tmp) / "pristine")
        large_path = _copy(Path(settings.store), Path(tmp) / "store10")
        large_settings = load_settings({"store": str(large_path), "home": ROOT}, environ={})
        with open_store(Path(settings.store)) as small, open_store(large_path) as large:
            print(f"bundled store: {base_count:,} quads", flush=True)
            started = time.perf_counter()
            large.bulk_replace_graph(DOC_GRAPH_BASE + "bench-filler", filler(9 * base_count))
            large.optimize()  # otherwise RocksDB compacts the 3 M new quads in the background during the measurements
            print(f"10x store: {large.count():,} quads (synthetic filler bulk-loaded and compacted in "
                  f"{time.perf_counter() - started:.1f} s)", flush=True)
            totals = measure({"1x": (small, settings), "10x": (large, large_settings)}, communes)
        small_t, large_t = totals["1x"][1_000], totals["10x"][1_000]
        print(f"ratio 10x/1x for 1,000 records: {large_t / small_t:.2f} (target < 1.5; 1x {small_t:.2f} s, "
              f"10x {large_t:.2f} s)", flush=True)
        with open_store(pristine) as store:
            started = time.perf_counter()
            report = check_store(store, settings)
            full = time.perf_counter() - started
        print(f"full validation (wugraph validate --all) of the bundled store ({base_count:,} quads): {full:.1f} s, "
              f"{len(report.violations)} violations, {len(report.warnings)} warnings", flush=True)


def _copy(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    (target / "LOCK").unlink(missing_ok=True)
    return target
