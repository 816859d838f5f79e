"""The spread map puts each adopter at its own unit: a commune chapter at its commune's centroid, not its province's."""

from __future__ import annotations

from support.paths import ROOT

from wugraph.identifiers import Minter
from wugraph.reference.geo import load_coordinates, project


def test_commune_adopters_sit_at_their_commune_centroid(spread_client, slugs) -> None:
    data = spread_client.get(f"/api/spread/{slugs[0]}").get_json()
    points = data["map"]["adopters"]
    assert len(points) == data["summary"]["adopters"]  # every adopting chapter of the demo has a unit with a centroid
    coords, minter = load_coordinates(ROOT / "data"), Minter()
    communes = [p for p in points if p["level"] == "CommuneLevel"]
    assert communes
    provinces = {(p["x"], p["y"]) for p in data["map"]["provinces"]}
    for point in communes:
        _, key = minter.parse_unit(point["chapter"])
        assert (point["x"], point["y"]) == project(*coords.get(key.era, key.level, key.code))
        assert (point["x"], point["y"]) not in provinces
        assert point["current"] == (key.era == "2025")
    assert [p["day"] for p in points] == sorted(p["day"] for p in points)


def test_the_page_explains_the_recorded_layer(spread_client, slugs) -> None:
    html = spread_client.get(f"/spread/{slugs[0]}").get_data(as_text=True)
    assert "tâm đơn vị của nó" in html and "Nơi áp dụng như ghi nhận" in html


def test_the_spread_context_carries_an_old_commune_into_its_primary_new_commune(shared_store) -> None:
    """An adoption at old Tân Quý keeps counting after 2025-07-01 at Phú Thọ Hòa (not at Tân Sơn Nhì, which kept the code)."""
    from datetime import date

    from wugraph.analytics.cache import build_context

    ctx = build_context(shared_store, today=date(2026, 1, 1), data_dir=ROOT / "data")
    b = "https://w3id.org/wugraph/id/"
    span = ctx.spread.chapters[b + "chapter/pre2025/commune/27019"]
    assert span.current == b + "chapter/2025/commune/27022" and span.current_province == b + "unit/2025/province/79"
    coords = load_coordinates(ROOT / "data")
    assert ctx.positions[b + "chapter/pre2025/commune/27019"] == project(*coords.get("pre2025", "commune", "27019"))
    carried = sum(1 for iri, s in ctx.spread.chapters.items() if "/pre2025/commune/" in iri and s.current)
    assert carried == 10049
