"""Page latency: median and p95 per page type through the Flask test client, on the bundled data.

The first request of a store version builds the in-memory indexes (labels, unit tree, search);
that one-off cost is printed apart, then every page type is timed warm. Figures, not assertions.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from benchutil import median_ms, p95_ms

from wugraph.config import load_settings
from wugraph.ingest.build import build
from wugraph.store import open_store
from wugraph.web import create_app

ROOT = Path(__file__).resolve().parents[1]
B = "https://w3id.org/wugraph/id/"
FORUM = "event/2023-02-21/dien-dan-chia-se-kinh-nghiem-cong-tac-hoi"
ROUNDS = 20

PAGES: dict[str, list[str]] = {
    "home": ["/"],
    "hierarchy": ["/hierarchy?on=2023-02-21", "/hierarchy?on=2023-02-21&open=" + B + "unit/pre2025/district/661",
                  "/hierarchy?on=2025-08-01&open=" + B + "unit/2025/province/68"],
    "search": ["/search?q=dak+glong", "/search?q=%C4%90%E1%BA%AFk+G%27long", "/search?q=nguyen+thi", "/search?q=dien+dan",
               "/search?q=lam+dong", "/search?q=xa"],
    "unit/chapter": ["/page/unit/pre2025/district/661", "/page/chapter/pre2025/province/67", "/page/unit/2025/province/68?rollup=1",
                     "/page/unit/pre2025/commune/24622"],
    "event": ["/page/" + FORUM],
    "person": ["/page/person/nguyen-thi-tra-linh", "/page/person/nguyen-van-thong"],
    "model": ["/page/model/clb-theo-so-thich", "/page/model/tuyen-truyen-qua-zalo"],
    "source": ["/page/doc/000_f46896cb9cf14e9f"],
    "other entity": ["/page/cluster/pre2025/province/67/2", "/page/org/huyen-uy-dak-glong", "/page/union"],
    "network": ["/network?iri=" + B + FORUM, "/network?iri=" + B + FORUM + "&depth=2", "/network?iri=" + B + "unit/pre2025/district/661"],
    "json twin": ["/page/" + FORUM + ".json", "/hierarchy.json?on=2023-02-21", "/search.json?q=dak+glong"],
    "csv export": ["/page/" + FORUM + ".csv?table=contributions", "/hierarchy.csv?on=2023-02-21"],
    "rdf (turtle)": ["/data/" + FORUM + ".ttl", "/data/unit/pre2025/district/661.ttl"],
    "id → 303": ["/id/" + FORUM],
}


def _store_folder(tmp: Path) -> Path:
    """A private copy of the built store (var/store or $WUGRAPH_STORE), or a fresh build when there is none."""
    settings = load_settings({"home": ROOT})
    source, target = Path(settings.store), tmp / "store"
    if (source / "CURRENT").exists():
        shutil.copytree(source, target)
        (target / "LOCK").unlink(missing_ok=True)
    else:
        with open_store(target) as store:
            build(store, load_settings({"store": str(target), "home": ROOT}, environ={}))
    return target


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = _store_folder(Path(tmp))
        settings = load_settings({"store": str(folder), "home": ROOT}, environ={})
        with open_store(folder) as store:
            client = create_app(settings, store=store).test_client()
            started = time.perf_counter()
            for urls in PAGES.values():
                for url in urls:
                    response = client.get(url, headers={"Accept": "text/html"})
                    if response.status_code not in (200, 303):
                        raise SystemExit(f"{url} answered {response.status_code}")
            print(f"first pass over every page (builds labels, unit tree, search index): {time.perf_counter() - started:.2f} s")
            print(f"{'page type':<16}{'median ms':>10}{'p95 ms':>9}{'requests':>10}")
            worst = 0.0
            for kind, urls in PAGES.items():
                samples = []
                for _ in range(ROUNDS):
                    for url in urls:
                        begun = time.perf_counter()
                        client.get(url, headers={"Accept": "text/html"})
                        samples.append(time.perf_counter() - begun)
                worst = max(worst, median_ms(samples))
                print(f"{kind:<16}{median_ms(samples):>10.1f}{p95_ms(samples):>9.1f}{len(samples):>10}")
            print(f"slowest page type median: {worst:.1f} ms (target: under 200 ms)")


if __name__ == "__main__":
    main()
