"""The spread pages on real data: each adoption says where it comes from (an article, a CSV table, a file
curated by hand, the synthetic demo), demo data can be hidden, and a model with no adopter says so and
how to add some."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from support.curation import STEWARD, ok, wugraph
from support.paths import ROOT
from support.spread import demo_store

from wugraph.config import Settings, load_settings
from wugraph.store import open_store
from wugraph.web import create_app

BASE = "https://w3id.org/wugraph/id/"
HAND = """@prefix wu: <https://w3id.org/wugraph/ontology#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://w3id.org/wugraph/id/adoption/clb-theo-so-thich/pre2025/commune/24616/2022-05-01> a wu:Adoption ;
  wu:model <https://w3id.org/wugraph/id/model/clb-theo-so-thich> ; wu:adopter <https://w3id.org/wugraph/id/chapter/pre2025/commune/24616> ;
  wu:adoptedOn "2022-05-01"^^xsd:date ; wu:datePrecision wu:DayPrecision ; wu:adoptionKind wu:Replication .
"""


def test_each_adoption_says_where_it_comes_from(staged: Settings, runner: CliRunner, tmp_path: Path) -> None:
    ok(wugraph(runner, staged, "review", "accept", "--all", "--steward", STEWARD))
    examples = ROOT / "data" / "templates" / "examples"
    ok(wugraph(runner, staged, "ingest", str(examples / "models.csv"), str(examples / "adoptions.csv")))
    hand = tmp_path / "hand-curated.ttl"
    hand.write_text(HAND, encoding="utf-8")
    ok(wugraph(runner, staged, "ingest", str(hand), "--steward", STEWARD))
    with open_store(staged.store) as store:
        client = create_app(staged, store=store).test_client()
        index = client.get("/api/spread?wait=1").json
        sources = {m["slug"]: m["sources"] for m in index["models"]}
        assert sources["gia-dinh-5-co-3-sach"] == {"article": 2}
        assert sources["clb-theo-so-thich"] == {"hand": 1}
        assert set(sources["cau-lac-bo-phu-nu-khoi-nghiep"]) == {"csv"}
        assert index["models"][0]["slug"] == "gia-dinh-5-co-3-sach" or index["models"][0]["adopters"] >= 2
        assert index["without_adopters"] == sum(1 for m in index["models"] if not m["adopters"]) > 0

        view = client.get("/api/spread/gia-dinh-5-co-3-sach").json
        rows = {r["chapter"]: r["sources"] for r in view["adopters"]}
        assert rows[BASE + "chapter/pre2025/commune/24616"] == [{
            "kind": "article", "graph": "https://w3id.org/wugraph/graph/doc/quang-son-ra-mat", "document": BASE + "doc/quang-son-ra-mat"}]
        page = client.get("/spread/gia-dinh-5-co-3-sach", headers={"Accept": "text/html"}).get_data(as_text=True)
        assert 'class="badge source-article"><a href="/page/doc/quang-son-ra-mat">bài báo</a>' in page
        assert 'id="how-to-add"' not in page
        csv = client.get("/spread/gia-dinh-5-co-3-sach/adopters.csv").get_data(as_text=True)
        assert "article:https://w3id.org/wugraph/graph/doc/quang-hoa-nhan-rong" in csv

        empty = client.get("/spread/clb-theo-ton-giao", headers={"Accept": "text/html"}).get_data(as_text=True)
        assert "Chưa có cấp Hội nào được ghi nhận áp dụng mô hình này." in empty and "ap-dung-mo-hinh.csv" in empty
        assert 'href="/review"' in empty
        english = client.get("/spread/clb-theo-ton-giao?lang=en", headers={"Accept": "text/html"}).get_data(as_text=True)
        assert "No chapter is recorded as adopting this model yet." in english and "wugraph extract ARTICLE.txt --stage" in english
        listing = client.get("/spread?lang=vi", headers={"Accept": "text/html"}).get_data(as_text=True)
        assert 'id="how-to-add"' in listing and "chưa có nơi áp dụng" in listing and 'source-csv' in listing


@pytest.mark.slow
def test_demo_data_can_be_shown_or_hidden(tmp_path_factory: pytest.TempPathFactory, built_store_dir: Path) -> None:
    demo = demo_store(tmp_path_factory, built_store_dir)
    folder = demo.copy(tmp_path_factory.mktemp("spread-sources") / "store")
    settings = load_settings({"store": str(folder), "home": ROOT}, environ={})
    with open_store(folder) as store:
        client = create_app(settings, store=store).test_client()
        shown = client.get("/api/spread?wait=1").json
        synthetic = [m for m in shown["models"] if m["synthetic"]]
        assert synthetic and shown["synthetic_models"] == len(synthetic) and shown["show_demo"]
        assert all(set(m["sources"]) <= {"synthetic"} for m in synthetic)
        assert any(m["sources"].get("synthetic") for m in synthetic)
        real = [m for m in shown["models"] if not m["synthetic"]]
        assert shown["models"][: len(real)] == real  # real models are listed first
        hidden = client.get("/api/spread?wait=1&demo=hide").json
        assert not hidden["show_demo"] and [m["slug"] for m in hidden["models"]] == [m["slug"] for m in real]
        page = client.get("/spread?demo=hide", headers={"Accept": "text/html"}).get_data(as_text=True)
        assert "Đang ẩn dữ liệu mô phỏng." in page and 'id="demo-toggle"' in page and "mô phỏng</span>" not in page
        view = client.get(f"/api/spread/{synthetic[0]['slug']}").json
        assert {s["kind"] for r in view["adopters"] for s in r["sources"]} == {"synthetic"}
