"""Centroids from data/units/unit-centroids.csv (no package at run time), and the demo's successors on the real lineage."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.paths import ROOT

from wugraph.config import load_settings
from wugraph.demo.world import World
from wugraph.errors import ReferenceDataError
from wugraph.identifiers import Minter
from wugraph.reference.geo import Centroid, centroid_statements, load_coordinates, read_centroids

HEADER = "era,level,code,lat,lon,area_km2\n"


def test_coordinates_come_from_the_bundled_csv() -> None:
    coords = load_coordinates(ROOT / "data")
    assert len(coords.points) == 14146 and coords.source == "vietnamadminunits 1.0.4"
    assert coords.get("pre2025", "commune", "00001") == (21.046798, 105.848112)
    assert coords.get("2025", "province", "68") is not None and coords.get("2025", "district", "661") is None


@pytest.mark.parametrize("row", ["2025,commune,00004,91.5,105.8,", "2025,commune,00004,21.0,105.8,-2",
                                 "2025,commune,00004,2.1e1,105.8,", "2025,commune,00004,abc,105.8,"])
def test_a_bad_row_stops_with_its_line(tmp_path: Path, row: str) -> None:
    path = tmp_path / "unit-centroids.csv"
    path.write_text(HEADER + "2025,commune,00008,21.0381,105.816,2.68\n" + row + "\n", encoding="utf-8")
    with pytest.raises(ReferenceDataError, match="line 3"):
        read_centroids(path)


def test_centroids_become_wgs84_decimals_and_an_area() -> None:
    triples = list(centroid_statements([Centroid("2025", "commune", "00004", "21.0386", "105.838", "2.97"),
                                     Centroid("pre2025", "province", "01", "21", "105.83416", "")], Minter()))
    by_prop = {(s.value.rsplit("/", 3)[-3], p.value.rsplit("#", 1)[-1]): o for s, p, o in triples}
    assert by_prop[("2025", "lat")].value == "21.0386" and by_prop[("2025", "lat")].datatype.value.endswith("#decimal")
    assert by_prop[("2025", "areaKm2")].value == "2.97" and ("pre2025", "areaKm2") not in by_prop
    assert len(triples) == 5


@pytest.fixture(scope="module")
def world() -> World:
    return World(load_settings({"home": ROOT}, environ={}))


def test_the_demo_carries_an_old_commune_on_in_its_primary_successor(world: World) -> None:
    assert world.successor_commune("27019") == "27022"  # Tân Quý → Phú Thọ Hòa, though Tân Sơn Nhì kept the code
    assert world.successor_commune("00085") == "00082"  # Phan Chu Trinh → the new Cửa Nam (code of Trần Hưng Đạo)
    assert world.successor_commune("03751") == "03721"  # merged into Thuận Châu before the reform
    assert world.successor_commune("16411") is None and "16411" not in world.old["commune"]  # placed by no list, no centroid
