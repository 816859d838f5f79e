"""Where units lie: centroids of both eras from the bundled CSV, nearest neighbours, map projection.

wugraph has no boundary data, so "neighbouring units" are the nearest units of the same level
and era by their centroid, and maps place dots instead of drawing shapes. The centroids (and the
area of each 2025 commune) come from the PyPI package `vietnamadminunits` 1.0.4 (MIT licence):
`data/units/lineage.py` copies them into `data/units/unit-centroids.csv`, keyed by our codes, so
neither the build nor the map needs the package at run time. `centroid_statements` puts them in the
graph as WGS84 `geo:lat` / `geo:long` and `wu:areaKm2`.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import ReferenceDataError
from ..identifiers import Minter, UnitKey
from ..namespaces import WU, XSD
from ..store import rdf

SOURCE_PACKAGE = "vietnamadminunits"
SOURCE_VERSION = "1.0.4"
SOURCE_LICENCE = "https://spdx.org/licenses/MIT"
SOURCE_URL = "https://pypi.org/project/vietnamadminunits/1.0.4/"
CENTROIDS_FILE = "unit-centroids.csv"
GEO = "http://www.w3.org/2003/01/geo/wgs84_pos#"

# (era, level, GSO code) → (latitude, longitude)
CoordKey = tuple[str, str, str]
_DECIMAL = re.compile(r"-?[0-9]+(\.[0-9]+)?")  # xsd:decimal's lexical form: no exponent

# The frame every map uses: mainland Vietnam and its near islands, in degrees.
MAP_BOUNDS = (8.3, 23.5, 102.0, 109.8)  # south, north, west, east
MAP_WIDTH = 360.0


@dataclass(frozen=True)
class Centroid:
    """One row of unit-centroids.csv, numbers kept as written (they become xsd:decimal literals)."""

    era: str
    level: str
    code: str
    lat: str
    lon: str
    area_km2: str


@dataclass(frozen=True)
class Coordinates:
    """Centroids of unit versions, plus where they came from (for the page's footnote)."""

    points: Mapping[CoordKey, tuple[float, float]]
    source: str

    def get(self, era: str, level: str, code: str) -> tuple[float, float] | None:
        return self.points.get((era, level, code))


def source_label() -> str:
    """'vietnamadminunits 1.0.4' — the data's package and version, as the page cites it."""
    return f"{SOURCE_PACKAGE} {SOURCE_VERSION}"


def read_centroids(path: Path) -> list[Centroid]:
    """Every row of the centroid file; a row that is not a pair of WGS84 degrees stops the build with its line."""
    out: list[Centroid] = []
    with path.open(encoding="utf-8", newline="") as handle:
        for line, r in enumerate(csv.DictReader(handle), start=2):
            try:
                lat, lon = float(r["lat"]), float(r["lon"])
                area_ok = not r["area_km2"] or float(r["area_km2"]) > 0
                area_ok &= all(_DECIMAL.fullmatch(r[k]) for k in ("lat", "lon", "area_km2") if r[k])
            except (KeyError, ValueError):
                lat, lon, area_ok = math.nan, math.nan, False
            if not (-90 <= lat <= 90 and -180 <= lon <= 180 and area_ok):
                raise ReferenceDataError(f"{path.name}, dòng {line}: tọa độ hoặc diện tích không hợp lệ.",
                                         f"{path.name}, line {line}: not a valid coordinate or area.", file=path.name, line=line)
            out.append(Centroid(r["era"], r["level"], r["code"], r["lat"], r["lon"], r["area_km2"]))
    return out


@lru_cache(maxsize=4)
def load_coordinates(data_dir: Path) -> Coordinates:
    """Every centroid of data/units/unit-centroids.csv, read once per process (about 14,000 rows)."""
    path = data_dir / "units" / CENTROIDS_FILE
    if not path.exists():
        raise ReferenceDataError(f"Thiếu tệp tọa độ {path}.", f"The centroid file {path} is missing.", file=str(path))
    points = {(c.era, c.level, c.code): (float(c.lat), float(c.lon)) for c in read_centroids(path)}
    return Coordinates(points, source_label())


def centroid_statements(rows: list[Centroid], minter: Minter) -> Iterator[tuple[rdf.NamedNode, rdf.NamedNode, rdf.Literal]]:
    """geo:lat / geo:long (WGS84 degrees) and wu:areaKm2, all xsd:decimal, on each unit version."""
    decimal = rdf.NamedNode(XSD + "decimal")
    lat, lon, area = rdf.NamedNode(GEO + "lat"), rdf.NamedNode(GEO + "long"), rdf.NamedNode(WU + "areaKm2")
    for c in rows:
        unit = rdf.NamedNode(minter.unit(UnitKey(c.era, c.level, c.code)))
        yield unit, lat, rdf.Literal(c.lat, datatype=decimal)
        yield unit, lon, rdf.Literal(c.lon, datatype=decimal)
        if c.area_km2:
            yield unit, area, rdf.Literal(c.area_km2, datatype=decimal)


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine), enough to rank neighbours."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


def nearest_neighbours(points: Mapping[str, tuple[float, float]], k: int = 6) -> dict[str, list[str]]:
    """The k nearest other points of each point (planar distance at 16°N), found through a grid."""
    if not points:
        return {}
    cell = 0.1  # degrees
    shrink = math.cos(math.radians(16.0))
    flat = {key: (lat, lon * shrink) for key, (lat, lon) in points.items()}
    grid: dict[tuple[int, int], list[str]] = {}
    for key, (y, x) in flat.items():
        grid.setdefault((int(y // cell), int(x // cell)), []).append(key)
    out: dict[str, list[str]] = {}
    for key, (y, x) in flat.items():
        cy, cx = int(y // cell), int(x // cell)
        found: list[tuple[float, str]] = []
        ring = 0
        while True:
            for gy in range(cy - ring, cy + ring + 1):
                step = 1 if abs(gy - cy) == ring else 2 * ring
                for gx in range(cx - ring, cx + ring + 1, max(step, 1)):
                    for other in grid.get((gy, gx), ()):
                        if other != key:
                            oy, ox = flat[other]
                            found.append(((oy - y) ** 2 + (ox - x) ** 2, other))
            # Every point closer than the searched square's edge is already in `found`.
            if len(found) >= k:
                kth = sorted(found)[k - 1][0]
                if kth <= (ring * cell) ** 2 or ring > 80:
                    break
            elif ring > 80:
                break
            ring += 1
        found.sort()
        out[key] = [other for _, other in found[:k]]
    return out


def project(lat: float, lon: float) -> tuple[float, float]:
    """Equirectangular projection into the map's SVG frame (x right, y down), aspect kept at 16°N."""
    south, north, west, east = MAP_BOUNDS
    scale = MAP_WIDTH / ((east - west) * math.cos(math.radians(16.0)))
    x = (lon - west) * math.cos(math.radians(16.0)) * scale
    y = (north - lat) * scale
    return round(x, 1), round(y, 1)


