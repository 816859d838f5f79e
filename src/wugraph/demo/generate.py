"""`wugraph demo`: a realistic synthetic diffusion data set, clearly marked as synthetic.

Models with real-world-like categories (the SKOS schemes of docs/iris.md) start in one chapter
and spread through parent directives, emulation-cluster peers, neighbouring units, forums and
the media, with exact, month-only and year-only dates, across the 2025 reform (demo_sim.py).
The result is one TriG or N-Quads file holding one source graph, plus a JSON meta record
beside it; it enters the store through the normal SHACL-gated ingest like any other source.
Scale 1 ≈ 300 models and 200,000 adoptions.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from .. import __version__
from ..config import Settings
from ..ingest.pipeline import IngestResult, ingest
from ..ingest.sources import Source
from ..store import Store
from .emit import Emitter, GraphWriter, graph_iri, source_id, touched_provinces
from .simulate import DATA_END, DemoPlan, plan, simulate
from .world import World

GENERATOR = f"wugraph-demo/{__version__}/1"
DEMO_AGENT = "wugraph-demo"


@dataclass(frozen=True)
class DemoResult:
    """What `generate` wrote: the data file, its meta record and the counts it holds."""

    path: Path
    meta_path: Path
    source_id: str
    graph: str
    counts: dict[str, int]
    sha256: str
    seconds: float


def default_path(demo: DemoPlan, folder: Path = Path(".")) -> Path:
    return folder / f"{source_id(demo)}.trig"


def generate(settings: Settings, scale: float, seed: int, out: Path | None = None) -> DemoResult:
    """Simulate and write the demo data set (`.nq` writes N-Quads, anything else TriG)."""
    started = time.perf_counter()
    demo = plan(scale, seed)
    path = Path(out) if out is not None else default_path(demo)
    if "." in path.name.removesuffix(path.suffix):
        raise ValueError("the file name (without its suffix) names the source and may not contain dots")
    world = World(settings)
    emitter = Emitter(world, demo)
    graph = graph_iri(demo)
    expected = f"{source_id(demo)}"
    if path.stem != expected:
        # The ingest names a source by its file name; keep the graph the file declares in step with it.
        graph = graph.removesuffix(expected) + path.stem
    provinces: set[tuple[str, str]] = set()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        writer = GraphWriter(handle, graph, world.minter.base, nquads=path.suffix == ".nq")
        writer.write(emitter.dataset())
        for run in simulate(world, demo):
            for entity in emitter.run_entities(run):
                writer.write(entity)
            provinces |= touched_provinces(world, [run])
        for entity in emitter.clusters(provinces):
            writer.write(entity)
        writer.close()
    emitter.counts.triples = writer.triples
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    meta_path = path.with_name(path.name + ".meta.json")
    counts = asdict(emitter.counts)
    meta = {
        "source_id": path.stem, "graph": graph, "file": path.name, "format": "nquads" if path.suffix == ".nq" else "trig",
        "synthetic": True, "generator": GENERATOR, "seed": seed, "scale": scale, "data_end": DATA_END.isoformat(),
        "sha256": digest, **counts,
        "label_vi": f"Dữ liệu lan tỏa mô hình (mô phỏng), hạt giống {seed}, quy mô {scale:g}",
        "label_en": f"Model diffusion data (synthetic), seed {seed}, scale {scale:g}",
    }
    meta_path.write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return DemoResult(path, meta_path, path.stem, graph, counts, digest, time.perf_counter() - started)


def ingest_demo(store: Store, result: DemoResult, settings: Settings) -> IngestResult:
    """Put a generated file through the normal SHACL-gated ingest, attributed to the demo generator.

    The upload limit guards HTTP uploads; this is a local file we just wrote, so it is raised to fit.
    """
    data = result.path.read_bytes()
    local = replace(settings, max_upload_bytes=max(settings.max_upload_bytes, len(data) + 1))
    return ingest(store, [Source(result.path.name, data)], local, extractor=DEMO_AGENT)
