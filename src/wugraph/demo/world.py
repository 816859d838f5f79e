"""The real map the demo data is simulated on: unit lists of both eras, their coordinates,
nearest neighbours, emulation clusters of districts (and of 2025 communes), reform successors.

Only the clusters are invented (there is no public list of emulation clusters); everything else
comes from the bundled official unit lists and the packaged coordinates.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from ..config import Settings
from ..identifiers import Minter, UnitKey
from ..reference.geo import distance_km, load_coordinates, nearest_neighbours
from ..reference.lineage import read_lineage
from ..reference.releases import (
    UnitRow,
    chapter_labels,
    read_province_lineage,
    read_units,
    snapshot_paths,
)


@dataclass(frozen=True)
class Place:
    """A unit version with its chapter, names and centroid."""

    key: UnitKey
    name: str  # bare name, e.g. "Đăk Glong"
    chapter_vi: str
    chapter_en: str
    parent: str  # parent GSO code ("" for provinces)
    lat: float
    lon: float


def _cluster_groups(codes: list[str], places: dict[str, Place], size: int) -> list[list[str]]:
    """Split units into geographic groups of about `size`: seed from the north, add the nearest."""
    if not codes:
        return []
    groups = max(1, math.ceil(len(codes) / size))
    per_group = math.ceil(len(codes) / groups)
    left = sorted(codes, key=lambda c: (-places[c].lat, places[c].lon, c))
    out: list[list[str]] = []
    while left:
        seed = left.pop(0)
        here = (places[seed].lat, places[seed].lon)
        left.sort(key=lambda c: (distance_km(here, (places[c].lat, places[c].lon)), c))
        out.append([seed, *left[: per_group - 1]])
        left = left[per_group - 1:]
        left.sort(key=lambda c: (-places[c].lat, places[c].lon, c))
    return out


class World:
    """Units of both eras, ready for the diffusion simulation (built in about two seconds)."""

    def __init__(self, settings: Settings) -> None:
        self.minter = Minter(settings.entity_base)
        paths = snapshot_paths(settings.data_dir)
        coords = load_coordinates(settings.data_dir)
        self.old = self._places(read_units(paths["pre2025"], "pre2025"), coords)
        self.new = self._places(read_units(paths["2025"], "2025"), coords)
        lineage = read_province_lineage(settings.data_dir / "units" / "province-lineage-2025.csv")
        self.new_province_of_old = {link.old_code: link.new_code for link in lineage}
        self.children: dict[tuple[str, str], list[str]] = {}
        for era, places in (("pre2025", self.old), ("2025", self.new)):
            for level in ("district", "commune"):
                for code, place in sorted(places[level].items()):
                    if place.parent:
                        self.children.setdefault((era, place.parent), []).append(code)
        self.neighbours = {
            ("pre2025", "district"): self._knn(self.old["district"], 4),
            ("pre2025", "commune"): self._knn(self.old["commune"], 5),
            ("2025", "commune"): self._knn(self.new["commune"], 5),
        }
        self.clusters: dict[tuple[str, str], list[list[str]]] = {}
        self.cluster_of: dict[UnitKey, tuple[str, str, int]] = {}
        for code in sorted(self.old["province"]):
            self._add_clusters("pre2025", code, "district", self.children.get(("pre2025", code), []), 5)
        for code in sorted(self.new["province"]):
            self._add_clusters("2025", code, "commune", self.children.get(("2025", code), []), 8)
        lineage = read_lineage(settings.data_dir / "units")
        primary = {link.old_code: link.new_code for link in lineage.communes if link.is_primary}
        for old_code, joined in lineage.merged_into().items():  # merged before the reform: where the joined one went
            if joined in primary:
                primary[old_code] = primary[joined]
        self._successor: dict[str, str] = primary

    @staticmethod
    def _places(rows: Iterable[UnitRow], coords: object) -> dict[str, dict[str, Place]]:
        out: dict[str, dict[str, Place]] = {"province": {}, "district": {}, "commune": {}}
        rows = list(rows)
        for row in rows:
            point = coords.get(row.era, row.level, row.code)  # type: ignore[attr-defined]
            if point is None:
                continue
            bare, _, _ = row.split_name()
            vi, en = chapter_labels(row)
            out[row.level][row.code] = Place(row.key, bare, vi, en, row.parent_code, point[0], point[1])
        return out

    @staticmethod
    def _knn(places: dict[str, Place], k: int) -> dict[str, list[str]]:
        return nearest_neighbours({c: (p.lat, p.lon) for c, p in places.items()}, k)

    def _add_clusters(self, era: str, province: str, level: str, codes: list[str], size: int) -> None:
        places = (self.old if era == "pre2025" else self.new)[level]
        groups = _cluster_groups([c for c in codes if c in places], places, size)
        self.clusters[(era, province)] = groups
        for number, group in enumerate(groups, start=1):
            for code in group:
                self.cluster_of[UnitKey(era, level, code)] = (era, province, number)

    # --- lookups used by the simulation ---------------------------------------------------

    def place(self, key: UnitKey) -> Place:
        return (self.old if key.era == "pre2025" else self.new)[key.level][key.code]

    def has(self, key: UnitKey) -> bool:
        return key.code in (self.old if key.era == "pre2025" else self.new)[key.level]

    def chapter(self, key: UnitKey) -> str:
        return self.minter.chapter(key)

    def province_of(self, key: UnitKey) -> str:
        """GSO code of the unit's province in its own era."""
        if key.level == "province":
            return key.code
        place = self.place(key)
        if key.level == "district" or key.era == "2025":
            return place.parent
        return self.old["district"][place.parent].parent

    def cluster_peers(self, key: UnitKey) -> list[UnitKey]:
        found = self.cluster_of.get(key)
        if found is None:
            return []
        era, province, number = found
        return [UnitKey(era, key.level, c) for c in self.clusters[(era, province)][number - 1] if c != key.code]

    def successor_commune(self, code: str) -> str | None:
        """The 2025 commune an old commune's club carries on in: its primary successor (commune-lineage-2025.csv);
        None for the two communes no list places (they have no centroid either, so the simulation never picks them)."""
        return self._successor.get(code)
