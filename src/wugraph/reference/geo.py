"""Where units lie: real coordinates from a packaged data set, nearest neighbours, map projection.

wugraph has no boundary data, so "neighbouring units" are the nearest units of the same level
and era by their centroid, and maps place a dot per province instead of drawing shapes. The
coordinates ship inside the PyPI package `vietnamadminunits` (MIT licence; a SQLite file with
the latitude and longitude of every province, district and commune of the 63-province and the
34-province lists, keyed by GSO code); it is read as data, without importing the package.
"""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Mapping
from contextlib import closing
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata

from ..errors import StoreError

SOURCE_PACKAGE = "vietnamadminunits"
_DB_PATH = "vietnamadminunits/data/dataset.db"

# (era, level, GSO code) → (latitude, longitude)
CoordKey = tuple[str, str, str]

_QUERIES: dict[tuple[str, str], str] = {
    ("pre2025", "province"): "SELECT DISTINCT provinceCode, provinceLat, provinceLon FROM admin_units_legacy",
    ("pre2025", "district"): "SELECT DISTINCT districtCode, districtLat, districtLon FROM admin_units_legacy",
    ("pre2025", "commune"): "SELECT DISTINCT wardCode, wardLat, wardLon FROM admin_units_legacy",
    ("2025", "province"): "SELECT DISTINCT provinceCode, provinceLat, provinceLon FROM admin_units",
    ("2025", "commune"): "SELECT DISTINCT wardCode, wardLat, wardLon FROM admin_units",
}

# The frame every map uses: mainland Vietnam and its near islands, in degrees.
MAP_BOUNDS = (8.3, 23.5, 102.0, 109.8)  # south, north, west, east
MAP_WIDTH = 360.0


@dataclass(frozen=True)
class Coordinates:
    """Centroids of unit versions, plus where they came from (for the page's footnote)."""

    points: Mapping[CoordKey, tuple[float, float]]
    source: str

    def get(self, era: str, level: str, code: str) -> tuple[float, float] | None:
        return self.points.get((era, level, code))


def source_label() -> str:
    """'vietnamadminunits 1.0.4' — the data's package and version, as the page cites it."""
    try:
        return f"{SOURCE_PACKAGE} {metadata.version(SOURCE_PACKAGE)}"
    except metadata.PackageNotFoundError:
        return SOURCE_PACKAGE


@lru_cache(maxsize=1)
def load_coordinates() -> Coordinates:
    """Read every centroid once per process (about 14,000 rows, a few tens of milliseconds)."""
    try:
        path = metadata.distribution(SOURCE_PACKAGE).locate_file(_DB_PATH)
    except metadata.PackageNotFoundError as exc:
        raise StoreError(
            "Thiếu gói dữ liệu tọa độ vietnamadminunits; hãy cài lại wugraph (pip install -e .).",
            "The coordinate package vietnamadminunits is missing; reinstall wugraph (pip install -e .).",
        ) from exc
    points: dict[CoordKey, tuple[float, float]] = {}
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:
        for (era, level), sql in _QUERIES.items():
            for code, lat, lon in connection.execute(sql):
                if code and lat is not None and lon is not None:
                    points[(era, level, str(code))] = (float(lat), float(lon))
    return Coordinates(points, source_label())


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


