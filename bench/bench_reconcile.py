"""Reconciliation: a batch of 100 queries as OpenRefine sends it, through the Flask test client, on the bundled data.

The names are drawn (seeded) from the store's own units and chapters and typed the ways spreadsheets
hold them: without diacritics, with TP./TX./H. abbreviations, with a province of either era or a day,
and one in ten with a typo (the slower, typo-tolerant path). The first batch of a store version
builds the reconciliation index; that one-off cost is printed apart. Figures, not assertions.
"""

from __future__ import annotations

import json
import random
import tempfile
import time
from pathlib import Path

from bench_pages import _store_folder
from benchutil import median_ms, p95_ms

from wugraph.config import load_settings
from wugraph.store import open_store
from wugraph.text import fold
from wugraph.web import create_app

ROOT = Path(__file__).resolve().parents[1]
ROUNDS = 15
BATCH = 100
SEED = 18
_ABBREVIATIONS = {"thanh pho ": "TP. ", "thi xa ": "TX. ", "huyen ": "H. "}


def _typed(name: str, rng: random.Random) -> str:
    """A name as someone might type it: often without diacritics, unit words abbreviated, sometimes a typo."""
    roll = rng.random()
    text = fold(name) if roll < 0.5 else name
    for long, short in _ABBREVIATIONS.items():
        if text.lower().startswith(long):
            text = short + text[len(long):]
    if rng.random() < 0.1 and len(text) > 6:
        cut = rng.randrange(3, len(text) - 1)
        text = text[:cut] + text[cut + 1:]
    return text


def batch(client, rng: random.Random) -> dict[str, dict]:
    """100 queries over units and chapters of both eras, a third with a province, a third with a day."""
    graph = client.application.extensions["wugraph"]
    index = graph.reconciler()
    pool = [iri for iri in index.types if "/unit/" in iri or "/chapter/" in iri]
    pool.sort()
    queries: dict[str, dict] = {}
    for i in range(BATCH):
        iri = rng.choice(pool)
        facts = index.facts(iri)
        query: dict = {"query": _typed(graph.labels().of(iri)["vi"], rng),
                       "type": "wu:Chapter" if "/chapter/" in iri else "wu:AdministrativeUnit"}
        properties = []
        if facts and facts.province and rng.random() < 0.33:
            province = index.province_of(iri)
            properties.append({"pid": "province", "v": fold(graph.labels().of(province)["vi"])})
        if facts and rng.random() < 0.33:
            properties.append({"pid": "on", "v": facts.end or facts.start or "2025-08-01"})
        if properties:
            query["properties"] = properties
        queries[f"q{i}"] = query
    return queries


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = _store_folder(Path(tmp))
        settings = load_settings({"store": str(folder), "home": ROOT}, environ={})
        with open_store(folder) as store:
            client = create_app(settings, store=store).test_client()
            rng = random.Random(SEED)
            started = time.perf_counter()
            first = batch(client, rng)  # builds labels, search index, unit tree, gazetteer and the reconciliation index
            print(f"cold start (indexes of a new store version): {time.perf_counter() - started:.2f} s")
            batches = [json.dumps(first, ensure_ascii=False)] + [json.dumps(batch(client, rng), ensure_ascii=False)
                                                                  for _ in range(ROUNDS - 1)]
            samples, matched, answered = [], 0, 0
            for raw in batches:
                begun = time.perf_counter()
                response = client.post("/reconcile", data={"queries": raw})
                samples.append(time.perf_counter() - begun)
                if response.status_code != 200:
                    raise SystemExit(f"/reconcile answered {response.status_code}: {response.get_data(as_text=True)[:300]}")
                body = response.json
                answered += sum(1 for r in body.values() if r["result"])
                matched += sum(1 for r in body.values() if r["result"] and r["result"][0]["match"])
            print(f"batch of {BATCH} queries: median {median_ms(samples):.1f} ms, p95 {p95_ms(samples):.1f} ms over {ROUNDS} batches "
                  f"(target: under 1000 ms)")
            print(f"queries with candidates: {answered}/{ROUNDS * BATCH}; auto-matched (match=true): {matched}/{ROUNDS * BATCH}")


if __name__ == "__main__":
    main()
