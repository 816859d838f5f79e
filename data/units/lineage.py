"""Generate the 2025 commune lineage CSVs from the `vietnamadminunits` package and our unit snapshots.

Run in the project's venv with the `lineage` (or `test`) extra, which pins the package (`pip install -e ".[lineage]"`):

    .venv/bin/python data/units/lineage.py            # writes the four CSVs below, all or nothing
    .venv/bin/python data/units/lineage.py --check    # regenerates in memory, exits 1 if a file differs

Reads:  units-0.6.0.csv, units-2026.9.0.csv, province-lineage-2025.csv (ours);
        lineage-corrections.csv, lineage-pre-steps.csv, lineage-resolutions.csv (reviewed by hand);
        vietnamadminunits 1.0.4: data/dataset.db (unit lists, centroids, areas) and data/converter_2025.json
        (old ward → new ward, the default new ward of each divided old ward), read as data.
Writes: commune-lineage-2025.csv, district-lineage-2025.csv, commune-changes-pre2025.csv, unit-centroids.csv.
Every check of wugraph.reference.lineage_rules runs first; any problem aborts with a message and nothing is
written. `wugraph build` runs the checks that apply to the written files again when it loads them.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import sqlite3
import sys
import time
from contextlib import closing
from importlib import metadata
from pathlib import Path

from wugraph.reference import lineage_rules as rules

HERE = Path(__file__).parent
PACKAGE, PACKAGE_VERSION = "vietnamadminunits", "1.0.4"
OLD_SNAPSHOT, NEW_SNAPSHOT = "units-0.6.0.csv", "units-2026.9.0.csv"
ISLAND_WARD = ""  # the package's merge table keys an island district without communes with an empty ward


def read_csv(folder: Path, name: str) -> list[dict[str, str]]:
    """Rows of one CSV of the folder, as dicts keyed by the header."""
    with (folder / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def read_units(folder: Path, name: str) -> list[rules.Unit]:
    """A unit-list snapshot (regenerate.py's columns)."""
    return [rules.Unit(r["level"], r["code"], r["name"], r["parent_code"]) for r in read_csv(folder, name)]


def package_file(relative: str) -> Path:
    """A data file of the installed package, refusing any other version (the corrections are tied to it)."""
    version = metadata.version(PACKAGE)
    if version != PACKAGE_VERSION:
        raise SystemExit(f"{PACKAGE} {version} is installed; this script is reviewed against {PACKAGE_VERSION}")
    return Path(str(metadata.distribution(PACKAGE).locate_file(f"{PACKAGE}/{relative}")))


class Package:
    """The package's pre-2025 list, 2025 list, merge table and centroids, keyed by GSO code."""

    def __init__(self) -> None:
        db = package_file("data/dataset.db")
        with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as con:
            legacy = con.execute("SELECT provinceKey, districtKey, wardKey, wardCode, ward, districtCode, wardAlias, "
                                 "wardLat, wardLon, districtLat, districtLon, provinceCode, provinceLat, provinceLon "
                                 "FROM admin_units_legacy").fetchall()
            current = con.execute("SELECT provinceKey, wardKey, wardCode, ward, provinceCode, wardLat, wardLon, "
                                  "wardAreaKm2, provinceLat, provinceLon FROM admin_units").fetchall()
        self.communes: dict[str, rules.PackageCommune] = {}
        self.old_key: dict[str, tuple[str, str]] = {}  # merge-table key → (level, code)
        self.points: dict[tuple[str, str, str], tuple[float, float, float | None]] = {}
        for pkey, dkey, wkey, wcode, ward, dcode, alias, wlat, wlon, dlat, dlon, pcode, plat, plon in legacy:
            self.old_key[f"{pkey}_{dkey}_{wkey or ISLAND_WARD}"] = ("commune", wcode) if wcode else ("district", dcode)
            self.points[("pre2025", "district", dcode)] = (dlat, dlon, None)
            self.points[("pre2025", "province", pcode)] = (plat, plon, None)
            if wcode:
                self.communes[wcode] = rules.PackageCommune(wcode, ward, dcode, tuple(json.loads(alias or "[]")))
                self.points[("pre2025", "commune", wcode)] = (wlat, wlon, None)
        self.new_key: dict[tuple[str, str], str] = {}
        self.new_names: dict[str, str] = {}
        for pkey, wkey, wcode, ward, pcode, wlat, wlon, area, plat, plon in current:
            self.new_key[(pkey, wkey)] = wcode
            self.new_names[wcode] = ward
            self.points[("2025", "commune", wcode)] = (wlat, wlon, area)
            self.points[("2025", "province", pcode)] = (plat, plon, None)
        self.links = self._links()

    def _links(self) -> list[rules.Link]:
        table = json.loads(package_file("data/converter_2025.json").read_text(encoding="utf-8"))
        links: list[rules.Link] = []
        for province, wards in table["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
            for new_ward, olds in wards.items():
                for old in olds:
                    level, code = self.old_key[old]
                    links.append(rules.Link(level, code, self.new_key[(province, new_ward)], True))
        for province, olds in table["DICT_PROVINCE_WARD_DIVIDED"].items():
            for old, parts in olds.items():
                level, code = self.old_key[old]
                for part in parts:
                    links.append(rules.Link(level, code, self.new_key[(province, part["newWardKey"])], part["isDefaultNewWard"]))
        return links


def curated(folder: Path) -> tuple[list[rules.Correction], dict[str, rules.PreStep], dict[str, str]]:
    """The three hand-reviewed inputs: merge-table fixes, pre-2025 steps, resolution per new province."""
    corrections = [rules.Correction(r["old_code"], r["new_code"], r["action"], r["reason"])
                   for r in read_csv(folder, "lineage-corrections.csv")]
    steps = {r["old_code"]: rules.PreStep(r["old_code"], r["change"], r["pre_code"], r["evidence"], r["date"], r["basis"], r["reason"])
             for r in read_csv(folder, "lineage-pre-steps.csv")}
    resolutions = {r["new_province_code"]: r["resolution"] for r in read_csv(folder, "lineage-resolutions.csv")}
    return corrections, steps, resolutions


def share_text(value: float | None) -> str:
    """A number with at most 6 decimals and no trailing zeros, so the CSVs stay short and diffs stay stable."""
    return "" if value is None else f"{value:.6f}".rstrip("0").rstrip(".")


def build(folder: Path, package: Package) -> dict[str, list[list[str]]]:
    """Run every check and return the rows of each output file (header first)."""
    old_units, new_units = read_units(folder, OLD_SNAPSHOT), read_units(folder, NEW_SNAPSHOT)
    old = {(u.level, u.code): u for u in old_units}
    old_communes = [u for u in old_units if u.level == "commune"]
    old_districts = {u.code for u in old_units if u.level == "district"}
    new_communes = {u.code: u for u in new_units if u.level == "commune"}
    province_successor = {r["old_code"]: r["new_code"] for r in read_csv(folder, "province-lineage-2025.csv")}
    corrections, curated_steps, resolutions = curated(folder)

    links = rules.apply_corrections(package.links, corrections)
    rules.check_links(links, package.communes, old_districts, new_communes)
    names = {code: c.name for code, c in package.communes.items()}
    new_province = {code: u.parent_code for code, u in new_communes.items()}
    rules.check_no_homonym_leaks(links, names, new_province, {(c.old_code, c.new_code) for c in corrections if c.action == "keep"})

    steps = rules.reconcile(old_communes, package.communes, curated_steps)
    communes = rules.commune_successions(steps, links)
    commune_district = {u.code: u.parent_code for u in old_communes}
    district_province = {u.code: u.parent_code for u in old_units if u.level == "district"}
    rules.check_successions(communes, commune_district, new_communes)
    rules.check_provinces(communes, {c: district_province[d] for c, d in commune_district.items()}, new_province, province_successor)
    island = [link for link in links if link.source_level == "district"]
    districts = rules.district_successions(old_districts, commune_district, communes, island)
    rules.check_successions(districts, old_districts, new_communes, level="district")
    rules.check_provinces(districts, district_province, new_province, province_successor)
    rules.check_districts_covered(old_districts, districts)
    rules.check_every_new_commune_has_a_predecessor(new_communes, communes, districts)

    commune_rows = [["old_code", "old_name", "old_district_code", "via_code", "new_code", "new_name", "new_province_code",
                     "is_primary", "share", "share_basis", "basis"]]
    for s in communes:
        o, n = old[("commune", s.old_code)], new_communes[s.new_code]
        commune_rows.append([s.old_code, o.name, o.parent_code, s.via_code, s.new_code, n.name, n.parent_code,
                             "true" if s.is_primary else "false", share_text(s.share), s.share_basis, resolutions.get(n.parent_code, "")])
    district_rows = [["old_code", "old_name", "old_province_code", "new_code", "new_name", "new_province_code", "share", "share_basis"]]
    for s in districts:
        o, n = old[("district", s.old_code)], new_communes[s.new_code]
        district_rows.append([s.old_code, o.name, o.parent_code, s.new_code, n.name, n.parent_code, share_text(s.share), s.share_basis])
    return {
        "commune-lineage-2025.csv": commune_rows,
        "district-lineage-2025.csv": district_rows,
        "commune-changes-pre2025.csv": change_rows(steps, old, package),
        "unit-centroids.csv": centroid_rows(old_units, new_units, steps, package),
    }


def change_rows(steps: list[rules.PreStep], old: dict[tuple[str, str], rules.Unit], package: Package) -> list[list[str]]:
    """Every pre-2025 step except 'same', with the names on both sides for the reviewer."""
    rows = [["old_code", "old_name", "old_district_code", "change", "pre_code", "pre_name", "pre_district_code",
             "date", "basis", "evidence", "reason"]]
    for s in steps:
        if s.change == "same":
            continue
        o = old.get(("commune", s.old_code))
        p = package.communes.get(s.pre_code)
        rows.append([s.old_code, o.name if o else "", o.parent_code if o else "", s.change, s.pre_code,
                     p.name if p else "", p.district_code if p else "", s.date, s.basis, s.evidence, s.reason])
    return rows


def centroid_rows(old_units: list[rules.Unit], new_units: list[rules.Unit], steps: list[rules.PreStep],
                  package: Package) -> list[list[str]]:
    """Centroid (and area where known) per unit of our two lists, keyed by our codes; a recoded unit uses its package code."""
    same_unit = {s.old_code: s.pre_code for s in steps if s.change in ("same", "name-differs", "reclassified", "recoded")}
    rows = [["era", "level", "code", "lat", "lon", "area_km2"]]
    for era, units in (("pre2025", old_units), ("2025", new_units)):
        for u in units:
            code = same_unit.get(u.code, "") if era == "pre2025" and u.level == "commune" else u.code
            point = package.points.get((era, u.level, code))
            if point and point[0] is not None:
                lat, lon, area = point
                # Two 2025 communes (06187, 28435) have area 0 in the package, i.e. unknown: left empty.
                rows.append([era, u.level, u.code, share_text(lat), share_text(lon), "" if not area or area <= 0 else f"{area:g}"])
    return rows


def render(rows: list[list[str]]) -> str:
    """CSV text with '\\n' line ends, as the other snapshots in this folder."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def write_all(folder: Path, files: dict[str, str]) -> None:
    """Write every file to a temporary name first, then rename them all: all or nothing."""
    temps: list[tuple[Path, Path]] = []
    try:
        for name, text in files.items():
            target = folder / name
            temp = target.with_name(f".{name}.tmp")
            temp.write_text(text, encoding="utf-8")
            temps.append((temp, target))
    except OSError:
        for temp, _ in temps:
            temp.unlink(missing_ok=True)
        raise
    for temp, target in temps:
        os.replace(temp, target)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the files on disk, write nothing")
    parser.add_argument("--dir", type=Path, default=HERE, help="folder of the input and output CSVs (default: beside this script)")
    args = parser.parse_args(argv)
    folder: Path = args.dir
    started = time.perf_counter()
    try:
        files = {name: render(rows) for name, rows in build(folder, Package()).items()}
    except rules.LineageError as error:
        print(f"lineage refused, nothing written — {error}", file=sys.stderr)
        return 1
    if args.check:
        stale = [name for name, text in files.items()
                 if not (folder / name).exists() or (folder / name).read_text(encoding="utf-8") != text]
        print(f"{'stale: ' + ', '.join(stale) if stale else 'up to date'} ({time.perf_counter() - started:.2f} s)", file=sys.stderr)
        return 1 if stale else 0
    write_all(folder, files)
    for name, text in files.items():
        print(f"wrote {name}: {text.count(chr(10)) - 1} rows, {len(text.encode()) / 1024:.0f} KiB", file=sys.stderr)
    print(f"done in {time.perf_counter() - started:.2f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
