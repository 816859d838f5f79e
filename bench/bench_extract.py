"""Extraction quality and speed: precision and recall per field, and articles per second over a batch of 1,000.

Quality, three sets scored separately:
- the development set of real union news (data/articles: labels committed, texts in the git-ignored cache;
  "cache absent" when the texts are not there): its `dev` and `holdout` splits apart, per issue-20 field;
- the hand-written articles of issue 7 (tests/data/articles), whole set and held-out part (h*).
Speed: the gazetteer from the bundled lists (built, and loaded from its cached artefact), and `wugraph extract
FOLDER --format jsonl` over 1,000 articles in a fresh process, start-up included (wall and CPU seconds).
Figures only, no assertions. WUGRAPH_ARTICLES points at another data/articles folder.
"""

from __future__ import annotations

import itertools
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from wugraph.extract import extract
from wugraph.extract.score import TARGET_FIELDS, Scores, format_table, labelled_set, score_article
from wugraph.extract.score_labels import LabelledText, load_labels, score_labelled, target_line
from wugraph.extract.summary import to_summary
from wugraph.extract.to_rdf import to_dataset
from wugraph.reference import gazetteer as gz
from wugraph.reference.gazetteer import Gazetteer, gazetteer_from_lists

ROOT = Path(__file__).resolve().parents[1]
HAND_WRITTEN = ROOT / "tests" / "data" / "articles"
DEVSET = Path(os.environ.get("WUGRAPH_ARTICLES", ROOT / "data" / "articles"))
BATCH = 1000


def _hand_written(gazetteer: Gazetteer) -> tuple[list[float], list[float]]:
    articles = labelled_set(HAND_WRITTEN)
    parts = {"full set": Scores(), "held-out part": Scores()}
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
        score_article(parts["full set"], article.name, summary, article.gold)
        if article.held_out:
            score_article(parts["held-out part"], article.name, summary, article.gold)
    held = sum(a.held_out for a in articles)
    print(f"\nhand-written articles of issue 7: {len(articles)} ({held} held out)")
    for name, scores in parts.items():
        print(format_table(scores, f"\n{name} (* = issue-7 target field: precision >= 0.9, recall >= 0.8)"))
        met = all(scores.fields[f].precision >= 0.9 and scores.fields[f].recall >= 0.8 for f in TARGET_FIELDS)
        print(f"  issue-7 targets met on the {name}: {'yes' if met else 'no'}")
    return extract_ms, rdf_ms


def _devset(gazetteer: Gazetteer) -> list[LabelledText]:
    labelled = load_labels(DEVSET)
    if not labelled:
        print(f"\ndevelopment set: no labels at {DEVSET}")
        return []
    cached = [a for a in labelled if a.text is not None]
    if not cached:
        print(f"\ndevelopment set: {len(labelled)} labels, cache absent ({DEVSET / 'cache'}): no scores")
        return []
    provinces = len({a.province for a in cached if a.province})
    print(f"\ndevelopment set of real union news: {len(cached)} of {len(labelled)} labelled articles cached, {provinces} provinces")
    for split in ("dev", "holdout"):
        part = [a for a in cached if a.split == split]
        if not part:
            continue
        scores = Scores()
        for article in part:
            assert article.text is not None
            score_labelled(scores, article.id, to_summary(extract(article.text, gazetteer, doc_id=article.id)), article.label)
        print(format_table(scores, f"\n{split} split ({len(part)} articles)"))
        print(f"  issue-20 targets on the {split} split:")
        print(target_line(scores))
    return cached


def _gazetteer_figures() -> Gazetteer:
    with tempfile.TemporaryDirectory() as cache:
        gz._CACHE.clear()
        started = time.perf_counter()
        gazetteer_from_lists(ROOT / "data", cache_dir=Path(cache))
        built = time.perf_counter() - started
        loads = []
        for _ in range(3):
            gz._CACHE.clear()
            started = time.perf_counter()
            gazetteer = gazetteer_from_lists(ROOT / "data", cache_dir=Path(cache))
            loads.append(time.perf_counter() - started)
    print(f"\ngazetteer of both eras from the bundled lists: built {built:.2f} s, from its artefact median "
          f"{statistics.median(loads):.3f} s ({len(gazetteer.records):,} unit versions)")
    return gazetteer


def _batch(texts: list[str]) -> None:
    """1,000 articles through `wugraph extract FOLDER` in a fresh process (start-up and artefact load included)."""
    wugraph = Path(sys.executable).parent / "wugraph"
    with tempfile.TemporaryDirectory() as tmp:
        folder, cache = Path(tmp) / "articles", Path(tmp) / "cache"
        folder.mkdir()
        for number, text in zip(range(BATCH), itertools.cycle(texts)):
            (folder / f"a{number:04d}.txt").write_text(text, encoding="utf-8")
        env = {**os.environ, "WUGRAPH_CACHE": str(cache)}
        env.pop("WUGRAPH_STORE", None)
        subprocess.run([str(wugraph), "extract", str(folder / "a0000.txt")], cwd=tmp, env=env, check=True,
                       capture_output=True)  # the first run writes the gazetteer artefact
        walls, cpus = [], []
        for _ in range(2):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            subprocess.run([str(wugraph), "extract", str(folder), "--format", "jsonl", "-o", str(Path(tmp) / "out.jsonl")],
                           cwd=tmp, env=env, check=True, capture_output=True)
            walls.append(time.perf_counter() - started)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
            lines = sum(1 for _ in (Path(tmp) / "out.jsonl").open(encoding="utf-8"))
        started = time.perf_counter()
        subprocess.run([str(wugraph), "extract", str(folder / "a0000.txt")], cwd=tmp, env=env, check=True, capture_output=True)
        one = time.perf_counter() - started
    wall, cpu = min(walls), min(cpus)
    print(f"\nbatch: `wugraph extract FOLDER --format jsonl` over {BATCH} articles ({lines} lines written), fresh process, "
          f"start-up included: best of 2 wall {wall:.1f} s = {BATCH / wall:.0f} articles/s; CPU {cpu:.1f} s = "
          f"{BATCH / cpu:.0f} articles per CPU-second (one process; the machine's load moves the wall figure)")
    print(f"one article in a fresh process (start-up, artefact load, extraction): {one:.2f} s")


def main() -> None:
    gazetteer = _gazetteer_figures()
    cached = _devset(gazetteer)
    extract_ms, rdf_ms = _hand_written(gazetteer)
    print(f"\nextraction + summary per hand-written article: median {statistics.median(extract_ms):.0f} ms, max {max(extract_ms):.0f} ms")
    print(f"document graph (TriG) per article: median {statistics.median(rdf_ms):.0f} ms, max {max(rdf_ms):.0f} ms")
    texts = [a.text for a in cached if a.text] or [p.read_text(encoding="utf-8") for p in sorted(HAND_WRITTEN.glob("*.txt"))]
    _batch(texts)


if __name__ == "__main__":
    main()
