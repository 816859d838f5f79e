"""The 2025 commune and district lineage as bundled (data/units/*.csv), read and checked again on every build.

`data/units/lineage.py` generates the files from vietnamadminunits with reviewed corrections and refuses
inconsistent input; a hand edit of a committed file must pass the same rules (`lineage_rules`) here, or the
build stops, names the problems and writes nothing.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..errors import ReferenceDataError
from . import lineage_rules as rules
from .releases import ProvinceLink, UnitRow

COMMUNE_FILE = "commune-lineage-2025.csv"
DISTRICT_FILE = "district-lineage-2025.csv"
CHANGES_FILE = "commune-changes-pre2025.csv"
RESOLUTIONS_FILE = "lineage-resolutions.csv"
FILES = (COMMUNE_FILE, DISTRICT_FILE, CHANGES_FILE, RESOLUTIONS_FILE)
SHARE_BASES = ("whole", "commune-count", "")


@dataclass(frozen=True)
class CommuneLink:
    """One old commune → one 2025 commune that received part or all of it."""

    old_code: str
    via_code: str  # the unit of the 2025-06-30 list the old commune had become, when not itself
    new_code: str
    is_primary: bool
    share: str  # decimal text, "" when the commune was divided and no source gives the parts
    share_basis: str  # "whole" | ""
    basis: str  # the province's 2025 resolution where confirmed, else ""


@dataclass(frozen=True)
class DistrictLink:
    """One old district → one 2025 commune that received (part of) its communes."""

    old_code: str
    new_code: str
    share: str
    share_basis: str  # "commune-count" | "whole" (island districts without communes)


@dataclass(frozen=True)
class PreReformChange:
    """How a 0.6.0 commune differs from the GSO list of 2025-06-30 (merged, recoded, renamed...)."""

    old_code: str
    change: str  # merged | recoded | reclassified | name-differs | added | unresolved
    pre_code: str
    pre_name: str
    date: str
    basis: str
    reason: str


@dataclass(frozen=True)
class Resolution:
    """The 2025 commune resolution of one new province, where confirmed."""

    number: str
    date: str


@dataclass(frozen=True)
class Lineage:
    """Everything the lineage files say, checked."""

    communes: tuple[CommuneLink, ...]
    districts: tuple[DistrictLink, ...]
    changes: tuple[PreReformChange, ...]
    resolutions: Mapping[str, Resolution]

    def merged_into(self) -> dict[str, str]:
        """Old commune → the old commune it joined before 2025-07-01."""
        return {c.old_code: c.pre_code for c in self.changes if c.change == "merged"}

    def unresolved(self) -> list[PreReformChange]:
        return [c for c in self.changes if c.change == "unresolved"]


def _rows(path: Path, columns: Iterable[str]) -> list[dict[str, str]]:
    """A CSV's rows, refusing a file whose header lacks a column the loader reads."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            raise ReferenceDataError(f"Tệp {path.name} thiếu cột {', '.join(missing)}.",
                                     f"The file {path.name} lacks the column(s) {', '.join(missing)}.", file=path.name)
        return list(reader)


def read_lineage(units_dir: Path) -> Lineage:
    """The four lineage files of data/units/, as they are (no check yet)."""
    communes = tuple(
        CommuneLink(r["old_code"], r["via_code"], r["new_code"], r["is_primary"] == "true", r["share"], r["share_basis"], r["basis"])
        for r in _rows(units_dir / COMMUNE_FILE, ("old_code", "via_code", "new_code", "is_primary", "share", "share_basis", "basis")))
    districts = tuple(DistrictLink(r["old_code"], r["new_code"], r["share"], r["share_basis"])
                      for r in _rows(units_dir / DISTRICT_FILE, ("old_code", "new_code", "share", "share_basis")))
    changes = tuple(PreReformChange(r["old_code"], r["change"], r["pre_code"], r["pre_name"], r["date"], r["basis"], r["reason"])
                    for r in _rows(units_dir / CHANGES_FILE, ("old_code", "change", "pre_code", "pre_name", "date", "basis", "reason")))
    resolutions = {r["new_province_code"]: Resolution(r["resolution"], r["date"])
                   for r in _rows(units_dir / RESOLUTIONS_FILE, ("new_province_code", "resolution", "date"))}
    return Lineage(communes, districts, changes, resolutions)


def _share(text: str, where: str, problems: list[str]) -> float | None:
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        problems.append(f"{where}: share {text!r} is not a number")
        return None


def _successions(lineage: Lineage) -> tuple[list[rules.Succession], list[rules.Succession], list[str]]:
    """The rows as the rules' Succession records, with the problems of the rows themselves (numbers, flags)."""
    problems: list[str] = []
    communes = []
    for c in lineage.communes:
        if c.share_basis not in SHARE_BASES:
            problems.append(f"commune {c.old_code} → {c.new_code}: unknown share basis {c.share_basis!r}")
        communes.append(rules.Succession(c.old_code, c.new_code, c.is_primary, _share(c.share, f"commune {c.old_code} → {c.new_code}", problems),
                                         c.share_basis, c.via_code))
    districts = []
    for d in lineage.districts:
        if d.share_basis not in ("commune-count", "whole"):
            problems.append(f"district {d.old_code} → {d.new_code}: unknown share basis {d.share_basis!r}")
        districts.append(rules.Succession(d.old_code, d.new_code, False, _share(d.share, f"district {d.old_code} → {d.new_code}", problems),
                                          d.share_basis))
    return communes, districts, problems


def check_lineage(lineage: Lineage, old_rows: list[UnitRow], new_rows: list[UnitRow], provinces: list[ProvinceLink]) -> None:
    """Re-run the generator's rules on the committed rows; ReferenceDataError names every problem of the first failing rule."""
    old_communes = {r.code: r.parent_code for r in old_rows if r.level == "commune"}
    district_province = {r.code: r.parent_code for r in old_rows if r.level == "district"}
    new_province = {r.code: r.parent_code for r in new_rows if r.level == "commune"}
    province_successor = {link.old_code: link.new_code for link in provinces}
    communes, districts, problems = _successions(lineage)
    try:
        rules.refuse("lineage rows", problems)
        rules.check_successions(communes, old_communes, new_province)
        rules.check_every_old_commune_placed(old_communes, communes, [c.old_code for c in lineage.unresolved()])
        rules.check_merged_steps(communes, lineage.merged_into())
        rules.check_provinces(communes, {c: district_province[d] for c, d in old_communes.items()}, new_province, province_successor)
        rules.check_successions(districts, district_province, new_province, level="district")
        rules.check_provinces(districts, district_province, new_province, province_successor)
        rules.check_districts_covered(district_province, districts)
        rules.check_every_new_commune_has_a_predecessor(new_province, communes, districts)
        unknown = [f"pre-reform change of {c.old_code}, which is not a 0.6.0 commune" for c in lineage.changes
                   if c.change != "added" and c.old_code not in old_communes]
        rules.refuse("pre-reform changes", unknown)
    except rules.LineageError as error:
        shown = "\n  ".join(error.problems[:10]) + (f"\n  … (+{len(error.problems) - 10})" if len(error.problems) > 10 else "")
        raise ReferenceDataError(
            f"Dữ liệu kế thừa 2025 (data/units/{COMMUNE_FILE}, {DISTRICT_FILE}, {CHANGES_FILE}) không nhất quán — "
            f"{error.check}: {len(error.problems)} lỗi; không ghi gì vào kho. Chạy lại data/units/lineage.py hoặc sửa các dòng:\n  {shown}",
            f"The 2025 lineage (data/units/{COMMUNE_FILE}, {DISTRICT_FILE}, {CHANGES_FILE}) is inconsistent — "
            f"{error.check}: {len(error.problems)} problem(s); nothing was written. Regenerate with data/units/lineage.py "
            f"or fix the rows:\n  {shown}",
            check=error.check, problems=error.problems,
        ) from error
