"""Diffusion analytics figures at demo scale 1 (≈200,000 adoptions) and 10 (≈2,000,000).

For each scale: generate the demo (`wugraph demo`), load it into a freshly built store, then print
median times of the context build, of each analysis on a typical and on the largest model, of a
cold model view (queries + analyses), of the spread page served warm (the target: under 300 ms
median at scale 10) and of the background index (every adoption read once).

The demo is bulk-loaded here (`bulk_replace_graph`), not ingested: SHACL validation of 2 million
records is not what this benchmark measures (bench_ingest does that); tests ingest small scales
through the normal gate. WUGRAPH_BENCH_SPREAD_SCALES="1" limits the scales (default "1,10").
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox
from benchutil import median_ms, timed

from wugraph.analytics import spread as an
from wugraph.analytics.cache import (
    build_context,
    build_index,
    model_records,
)
from wugraph.config import load_settings
from wugraph.core import Wugraph
from wugraph.demo.generate import generate
from wugraph.ingest.build import build
from wugraph.store import open_store
from wugraph.web import create_app

ROOT = Path(__file__).resolve().parents[1]
SEED = 7


def scales() -> list[float]:
    raw = os.environ.get("WUGRAPH_BENCH_SPREAD_SCALES", "1,10")
    return [float(part) for part in raw.split(",") if part.strip()]


def measure(scale: float, folder: Path) -> None:
    settings = load_settings({"store": str(folder / "store"), "home": ROOT}, environ={})
    started = time.perf_counter()
    result = generate(settings, scale, SEED, folder / f"demo-s{SEED}-x{f'{scale:g}'.replace('.', 'p')}.trig")
    print(f"scale {scale:g}: generated {result.counts['adoptions']:,} adoptions, {result.counts['models']} models, "
          f"{result.counts['triples']:,} triples in {time.perf_counter() - started:.1f} s "
          f"({result.path.stat().st_size / 1e6:.0f} MB TriG)", flush=True)
    with open_store(Path(settings.store)) as store:
        build(store, settings)
        started = time.perf_counter()
        store.bulk_replace_graph(result.graph, (ox.Quad(q.subject, q.predicate, q.object) for q in ox.parse(path=str(result.path))))
        print(f"scale {scale:g}: bulk-loaded into a built store in {time.perf_counter() - started:.1f} s; {store.count():,} quads", flush=True)
        result.path.unlink()
        samples = timed(lambda: build_context(store), repeat=3)
        print(f"scale {scale:g}: context (chapters, roll-up, risk sets, neighbours, clusters, names) median {median_ms(samples):,.0f} ms")
        ctx = build_context(store)
        graph = Wugraph(settings, store)
        cache = graph.spread()
        started = time.perf_counter()
        index = build_index(store, settings.entity_base)
        print(f"scale {scale:g}: index + innovativeness over every adoption (background job) {time.perf_counter() - started:.1f} s; "
              f"{index.innovativeness.chapters_scored:,} chapters scored", flush=True)
        ordered = [m for m in index.models if m["slug"] and m["adopters"]]
        typical, largest = ordered[len(ordered) // 2], ordered[0]
        for name, model in (("typical", typical), ("largest", largest)):
            records, exposures, _ = model_records(store, model["iri"])
            first = an.first_adoptions(records)
            level = an.risk_level(first, ctx.spread)
            figures = {
                "queries": timed(lambda: model_records(store, model["iri"]), repeat=3),
                "curve+fit": timed(lambda: an.adoption_curve(first, ctx.spread, ctx.risk)),
                "reach": timed(lambda: an.geographic_reach(first, ctx.spread, ctx.risk_by_province)),
                "cascades": timed(lambda: an.cascades(first)),
                "inferred": timed(lambda: an.inferred_edges(first, exposures)),
                "candidates": timed(lambda: an.candidates(first, ctx.spread, level)),
                "order": timed(lambda: an.normalised_order(first)),
            }
            print(f"scale {scale:g}: {name} model ({model['adopters']:,} adopters): "
                  + ", ".join(f"{k} {median_ms(v):,.1f} ms" for k, v in figures.items()), flush=True)
        cache.context()
        for label, chosen in (("largest", ordered[:5]), ("spread over sizes", ordered[:: max(1, len(ordered) // 9)][:9])):
            cold = []
            for model in chosen:
                cache._views.pop(model["slug"], None)
                started = time.perf_counter()
                cache.view(model["slug"])
                cold.append(time.perf_counter() - started)
            print(f"scale {scale:g}: cold model view (its queries + every analysis, context warm), {label}: median "
                  f"{statistics.median(cold) * 1000:,.0f} ms, max {max(cold) * 1000:,.0f} ms over {len(cold)} models "
                  f"(the index job precomputes the {cache.warm} largest after each store change)", flush=True)
        app = create_app(graph=graph)
        client = app.test_client()
        slugs = [m["slug"] for m in ordered[:: max(1, len(ordered) // 20)]][:20]
        for slug in slugs:
            client.get(f"/spread/{slug}")  # first request per model and store version computes its view
        page = [s for slug in slugs for s in timed(lambda slug=slug: client.get(f"/spread/{slug}"), repeat=5)]
        api = [s for slug in slugs for s in timed(lambda slug=slug: client.get(f"/api/spread/{slug}"), repeat=3)]
        print(f"scale {scale:g}: spread page of one model, served from the precomputed view: median {median_ms(page):,.1f} ms "
              f"(target < 300 ms), p95 {sorted(page)[int(0.95 * (len(page) - 1))] * 1000:,.1f} ms over {len(slugs)} models; "
              f"JSON twin median {median_ms(api):,.1f} ms", flush=True)


def main() -> None:
    for scale in scales():
        with tempfile.TemporaryDirectory() as tmp:
            measure(scale, Path(tmp))


if __name__ == "__main__":
    main()
