"""Validation figures: a batch of synthetic adoption records (10 / 1,000) against its store context, and the full check."""

from __future__ import annotations

import csv
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchutil import timed
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, SKOS, XSD

from wugraph.config import load_settings
from wugraph.identifiers import Minter, UnitKey
from wugraph.ingest.build import build
from wugraph.ingest.validate import (
    context_for,
    load_shapes,
    validate_all,
    validate_batch,
)
from wugraph.namespaces import WU
from wugraph.store import Store, open_store

ROOT = Path(__file__).resolve().parents[1]
WU_NS = Namespace(WU)


def commune_chapters(limit: int) -> list[UnitKey]:
    """Pre-reform communes (their chapters are valid until 2025-06-30), spread over the whole country."""
    with (ROOT / "data" / "units" / "units-0.6.0.csv").open(encoding="utf-8", newline="") as handle:
        codes = [row["code"] for row in csv.DictReader(handle) if row["level"] == "commune"]
    step = max(1, len(codes) // limit)
    return [UnitKey("pre2025", "commune", code) for code in codes[::step][:limit]]


def adoption_batch(minter: Minter, count: int) -> Graph:
    """One model and `count` adoptions of it by distinct commune chapters, dated 2023–2024 (all valid)."""
    batch = Graph()
    model = URIRef(minter.model("câu lạc bộ đo hiệu năng"))
    batch.add((model, RDF.type, WU_NS.Model))
    batch.add((model, SKOS.prefLabel, Literal("Câu lạc bộ đo hiệu năng", lang="vi")))
    batch.add((model, SKOS.prefLabel, Literal("Benchmark club", lang="en")))
    batch.add((model, WU_NS.modelType, WU_NS.Club))
    for n, key in enumerate(commune_chapters(count)):
        day = f"{2023 + n % 2}-{1 + n % 12:02d}-{1 + n % 28:02d}"
        node = URIRef(f"{minter.base}adoption/cau-lac-bo-do-hieu-nang/{key.path}/{day}")
        batch.add((node, RDF.type, WU_NS.Adoption))
        batch.add((node, WU_NS.model, model))
        batch.add((node, WU_NS.adopter, URIRef(minter.chapter(key))))
        batch.add((node, WU_NS.adoptedOn, Literal(day, datatype=XSD.date)))
        batch.add((node, WU_NS.datePrecision, WU_NS.DayPrecision))
        batch.add((node, WU_NS.adoptionKind, WU_NS.Replication))
    return batch


def cpu_and_wall(fn: Callable[[], object], repeat: int = 3) -> tuple[float, float]:
    """Median process CPU seconds and wall seconds of `repeat` calls (CPU time is less disturbed by other load)."""
    cpu, wall = [], []
    for _ in range(repeat):
        started_cpu, started = time.process_time(), time.perf_counter()
        fn()
        cpu.append(time.process_time() - started_cpu)
        wall.append(time.perf_counter() - started)
    return statistics.median(cpu), statistics.median(wall)


def report_batch(store: Store, shapes: Graph, minter: Minter, count: int) -> None:
    batch = adoption_batch(minter, count)
    report = validate_batch(store, batch, shapes)
    cpu, wall = cpu_and_wall(lambda: validate_batch(store, batch, shapes))
    context = statistics.median(timed(lambda: context_for(store, batch), repeat=3))
    print(f"validate_batch, {count:,} adoptions ({len(batch):,} triples): median {wall:.3f} s wall, {cpu:.3f} s CPU "
          f"(of which context query {context:.3f} s wall); conforms={report.conforms}, "
          f"{len(report.violations)} violations, {len(report.warnings)} warnings")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings({"store": str(Path(tmp) / "store"), "home": ROOT}, environ={})
        with open_store(Path(settings.store)) as store:
            build(store, settings)
            shapes = load_shapes(settings)
            minter = Minter(settings.entity_base)
            print(f"store: {store.count():,} quads; shapes: {len(shapes):,} triples")
            for count in (10, 1000):
                report_batch(store, shapes, minter, count)
            started_cpu, started = time.process_time(), time.perf_counter()
            full = validate_all(store, shapes)
            cpu, wall = time.process_time() - started_cpu, time.perf_counter() - started
            print(f"validate_all over the bundled store: {wall:.1f} s wall, {cpu:.1f} s CPU (one run); "
                  f"conforms={full.conforms}, {len(full.violations)} violations, {len(full.warnings)} warnings")


if __name__ == "__main__":
    main()
