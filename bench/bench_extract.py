"""Extraction quality and speed on the labelled articles: precision and recall per field, whole set and held-out part.

The held-out part (tests/data/articles/h*.{txt,json}) was written, with its gold files, before the
extractor's rules and was not used to tune them. Targets (issue 7): precision >= 0.9 and recall >= 0.8
for persons (name and position), model names, event dates and place links. Figures only, no assertions.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from wugraph.config import load_settings
from wugraph.extract import extract, gazetteer_for
from wugraph.extract.score import (
    TARGET_FIELDS,
    Scores,
    format_table,
    labelled_set,
    score_article,
)
from wugraph.extract.summary import to_summary
from wugraph.extract.to_rdf import to_dataset
from wugraph.ingest.build import build
from wugraph.store import open_store

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT / "tests" / "data" / "articles"


def main() -> None:
    articles = labelled_set(ARTICLES)
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings({"store": str(Path(tmp) / "store"), "home": ROOT}, environ={})
        with open_store(Path(settings.store)) as store:
            build(store, settings)
            started = time.perf_counter()
            gazetteer = gazetteer_for(store)
            gazetteer_s = time.perf_counter() - started
    parts = {"full set": Scores(), "development part": Scores(), "held-out part": Scores()}
    extract_ms, rdf_ms = [], []
    for article in articles:
        raw = article.path.read_text(encoding="utf-8")
        started = time.perf_counter()
        extraction = extract(raw, gazetteer, doc_id=article.name)
        summary = to_summary(extraction)
        extract_ms.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        to_dataset(extraction).trig()
        rdf_ms.append((time.perf_counter() - started) * 1000)
        for name, scores in parts.items():
            if name == "full set" or (name == "held-out part") == article.held_out:
                score_article(scores, article.name, summary, article.gold)
    held = sum(a.held_out for a in articles)
    print(f"labelled articles: {len(articles)} ({len(articles) - held} development incl. the seed and one HTML page, {held} held out)")
    for name, scores in parts.items():
        print(format_table(scores, f"\n{name} (* = target field: precision >= 0.9, recall >= 0.8)"))
        met = all(scores.fields[f].precision >= 0.9 and scores.fields[f].recall >= 0.8 for f in TARGET_FIELDS)
        print(f"  targets met on the {name}: {'yes' if met else 'no'}")
    misses = parts["full set"].misses
    if misses:
        print("\ndifferences on the full set (+ extracted only, - gold only):")
        for name, field, extra, missing in misses:
            print(f"  {name:<28} {field:<22} +{extra} -{missing}")
    print(f"\ngazetteer build: {gazetteer_s:.2f} s (once per store version)")
    print(f"extraction + summary per article: median {statistics.median(extract_ms):.0f} ms, max {max(extract_ms):.0f} ms")
    print(f"document graph (TriG) per article: median {statistics.median(rdf_ms):.0f} ms, max {max(rdf_ms):.0f} ms")


if __name__ == "__main__":
    main()
