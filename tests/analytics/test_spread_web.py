"""The spread view over a store holding a small ingested demo: pages, JSON twins, CSV, compare, CLI,
and the cache following the store version."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from support.paths import ROOT

from wugraph.analytics.cache import SpreadCache
from wugraph.analytics.view import text_report
from wugraph.cli import main
from wugraph.config import load_settings
from wugraph.errors import NotFoundError
from wugraph.ingest.pipeline import retract
from wugraph.store import open_store


def test_spread_page_has_map_curve_cascades_tables_and_caveats(spread_client, slugs) -> None:
    response = spread_client.get(f"/spread/{slugs[0]}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for marker in ('id="spread-map"', 'id="spread-curve"', 'id="spread-cascade"', 'id="map-day"', 'id="spread-data"',
                   "spread.js", "dữ liệu mô phỏng", "vietnamadminunits"):
        assert marker in html, marker
    assert "tin bài" in html and "chỉ biết năm" in html and "chỉ đạo của cấp trên" in html  # the three caveats
    english = spread_client.get(f"/spread/{slugs[0]}?lang=en").get_data(as_text=True)
    assert "news coverage" in english and "give only the year" in english and "top-down" in english


def test_api_twin_holds_the_analyses(spread_client, slugs) -> None:
    data = spread_client.get(f"/api/spread/{slugs[0]}").get_json()
    assert data["model"]["synthetic"] is True and data["model"]["slug"] == slugs[0]
    s = data["summary"]
    assert s["adopters"] == len(data["adopters"]) > 0
    assert s["provinces_current_total"] == 34
    assert data["curve"]["risk_level"] == "CommuneLevel"
    points = data["curve"]["points"]
    assert points[-1][1] == s["adopters"] and all(0 <= (p[4] or 0) <= 1 for p in points)
    assert len(data["map"]["provinces"]) == 34 and all(p["x"] is not None for p in data["map"]["provinces"])
    assert all(len(p["shares"]) == len(data["map"]["days"]) for p in data["map"]["provinces"])
    assert data["cascades"]["depth"] >= 1 and data["cascades"]["nodes"]
    ranks = [r["rank"] for r in data["adopters"]]
    assert ranks == list(range(1, len(ranks) + 1)) and data["leaders"][0]["rank"] == 1


def test_csv_tables_download_with_translated_headers(spread_client, slugs) -> None:
    response = spread_client.get(f"/spread/{slugs[0]}/adopters.csv?lang=vi")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][:3] == ["Thứ tự", "Cấp Hội", "Tên"]
    adopters = spread_client.get(f"/api/spread/{slugs[0]}").get_json()["summary"]["adopters"]
    assert len(rows) == adopters + 1
    for table in ("curve", "provinces", "cascades", "inferred", "candidates"):
        assert spread_client.get(f"/spread/{slugs[0]}/{table}.csv").status_code == 200, table
    assert spread_client.get(f"/spread/{slugs[0]}/secrets.csv").status_code == 404


def test_unknown_model_is_404(spread_client) -> None:
    assert spread_client.get("/spread/khong-co-mo-hinh-nay").status_code == 404
    assert spread_client.get("/api/spread/khong-co-mo-hinh-nay").get_json()["code"] == "not_found"


def test_compare_two_models(spread_client, slugs) -> None:
    a, b = slugs[:2]
    data = spread_client.get(f"/api/spread/compare?a={a}&b={b}").get_json()
    assert data["a"]["model"]["slug"] == a and data["b"]["model"]["slug"] == b
    o = data["overlap"]
    assert o["common"] + o["only_a"] == data["a"]["summary"]["adopters"]
    assert o["a_first"] + o["b_first"] + o["same_day"] == o["common"]
    page = spread_client.get(f"/spread/compare?a={a}&b={b}")
    assert page.status_code == 200 and 'id="compare-curve"' in page.get_data(as_text=True)
    assert spread_client.get("/api/spread/compare?a=" + a).status_code == 400


def test_index_lists_models_with_counts_and_innovativeness(spread_client, slugs) -> None:
    data = spread_client.get("/api/spread?wait=1").get_json()
    assert data["computing"] is False
    listed = {m["slug"]: m for m in data["models"]}
    assert set(slugs) <= set(listed)
    first = spread_client.get(f"/api/spread/{slugs[0]}").get_json()["summary"]["adopters"]
    assert listed[slugs[0]]["adopters"] == first
    assert "leaders" in data["innovativeness"]
    html = spread_client.get("/spread").get_data(as_text=True)
    assert f'/spread/{slugs[0]}"' in html


def test_cache_follows_the_store_version(demo, tmp_path: Path, slugs) -> None:
    folder = demo.copy(tmp_path / "store")
    settings = load_settings({"store": str(folder), "home": ROOT}, environ={})
    with open_store(folder) as store:
        cache = SpreadCache(store, settings.entity_base)
        before = cache.view(slugs[0])
        assert cache.view(slugs[0]) is before  # served from memory while the version stands
        retract(store, demo.demo.source_id, settings)
        with pytest.raises(NotFoundError):
            cache.view(slugs[0])  # the model went with its source; the stale view is not served


def test_cli_spread_and_compare(runner, demo, tmp_path: Path, slugs) -> None:
    folder = demo.copy(tmp_path / "store")
    result = runner.invoke(main, ["--store", str(folder), "spread", slugs[0], "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["model"]["slug"] == slugs[0]
    assert "Logistic fit" in text_report(json.loads(result.output), "en")
    assert "Đường cong logistic" in text_report(json.loads(result.output), "vi")
    pair = runner.invoke(main, ["--store", str(folder), "compare", slugs[0], slugs[1]])
    assert pair.exit_code == 0 and "overlap" in pair.output
    assert runner.invoke(main, ["--store", str(folder), "spread", "khong-co"]).exit_code == 1
