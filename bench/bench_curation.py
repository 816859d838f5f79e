"""Curation: staging, the review views, resolution and acceptance of ARTICLES short launch articles.

One article per commune of Đắk Nông (pre-2025 list), each launching the same model, on a private copy
of the built store. Printed side by side in one run: staging per article, `review list` and one
article's view (warm), resolution of all staged articles together, and `review accept --all` (every
article in one SHACL-gated transaction) against sending the extractor's raw graphs through the same
write path without review (`extract --ingest`), so the cost of curation shows as a ratio. Figures,
not assertions.
"""

from __future__ import annotations

import csv
import shutil
import tempfile
import time
from pathlib import Path

from bench_pages import _store_folder
from benchutil import median_ms, timed

from wugraph.config import load_settings
from wugraph.curation import review
from wugraph.curation.views import doc_list, doc_view
from wugraph.curation.workspace import Workspace
from wugraph.extract import EXTRACTOR_NAME, VERSION, extract
from wugraph.extract.to_rdf import to_dataset
from wugraph.ingest import pipeline
from wugraph.ingest.sources import Source
from wugraph.reference.gazetteer import gazetteer_for
from wugraph.store import open_store

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = 40
TEMPLATE = """Thứ hai, {day:02d}/{month:02d}/2023 - 08:00

Xã {name} nhân rộng mô hình “Gia đình 5 có, 3 sạch”

Ngày {day}/{month}/2023, Hội LHPN xã {name} tổ chức ra mắt nhân rộng mô hình “Gia đình 5 có, 3 sạch” tại xã {name}, {district} với 30 hội viên.

Thu Trang - Hội LHPN tỉnh Đắk Nông
"""


def articles(count: int) -> list[tuple[str, str]]:
    """(doc id, text) of `count` launch articles, one commune of Đắk Nông each."""
    with open(ROOT / "data" / "units" / "units-0.6.0.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    districts = {r["code"]: r["name"] for r in rows if r["level"] == "district" and r["parent_code"] == "67"}
    communes = [r for r in rows if r["level"] == "commune" and r["parent_code"] in districts and r["name"].startswith("Xã ")]
    out = []
    for number, row in enumerate(communes[:count]):
        text = TEMPLATE.format(day=number % 28 + 1, month=2 + number // 28, name=row["name"].removeprefix("Xã "),
                               district=districts[row["parent_code"]].replace("Huyện ", "huyện ", 1))
        out.append((f"launch-{row['code']}", text))
    return out


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = _store_folder(Path(tmp))
        direct = Path(tmp) / "direct"
        shutil.copytree(folder, direct)
        (direct / "LOCK").unlink(missing_ok=True)
        settings = load_settings({"store": str(folder), "home": ROOT}, environ={})
        texts = articles(ARTICLES)
        with open_store(folder) as store:
            ws = Workspace(store, settings)
            gazetteer = gazetteer_for(store)
            graphs = {doc: to_dataset(extract(text, gazetteer, doc_id=doc)).trig() for doc, text in texts}
            staging = []
            for doc, trig in graphs.items():
                started = time.perf_counter()
                review.stage(ws, doc, f"{doc}.txt", trig, EXTRACTOR_NAME, VERSION)
                staging.append(time.perf_counter() - started)
            print(f"stage one article: median {median_ms(staging):.1f} ms ({ARTICLES} articles)")
            print(f"review list ({ARTICLES} articles, warm): median {median_ms(timed(lambda: doc_list(ws), 5)):.0f} ms")
            one = texts[ARTICLES // 2][0]
            print(f"review show one article (warm): median {median_ms(timed(lambda: doc_view(ws, one), 5)):.0f} ms")
            docs = ws.load_all()
            print(f"resolution of {ARTICLES} staged articles together: median "
                  f"{median_ms(timed(lambda: ws.resolution(docs), 5)):.0f} ms")
            started = time.perf_counter()
            outcome = review.accept(ws, [], "bench", everything=True)
            accepted = time.perf_counter() - started
        with open_store(direct) as store:
            sources = [Source(f"{doc}.trig", trig, "application/trig", source_id=doc) for doc, trig in graphs.items()]
            started = time.perf_counter()
            pipeline.ingest(store, sources, load_settings({"store": str(direct), "home": ROOT}, environ={}), extractor=EXTRACTOR_NAME)
            raw = time.perf_counter() - started
        merged = sum(len(d["merges"]) for d in outcome.docs.values())
        print(f"review accept --all ({ARTICLES} articles, {merged} merges, one transaction): {accepted:.2f} s")
        print(f"same graphs unreviewed through the same write path: {raw:.2f} s (review costs {accepted / raw:.1f}×)")


if __name__ == "__main__":
    main()
