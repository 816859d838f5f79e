"""Official unit lists (CSV snapshots of `vietnam-provinces`) and the 2025 reform lineage, as quads.

Each release becomes one named graph holding its units and a union chapter per unit; the
lineage graph links versions across 2025-07-01 with territorial and chapter change events.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..identifiers import ERAS, Minter, UnitKey
from ..namespaces import DCTERMS, ORG, PROV, RDF, SCHEMA, SKOS, WU, XSD
from ..store import rdf
from ..text import fold, nfc

REFORM_LAST_OLD_DAY = "2025-06-30"
REFORM_FIRST_NEW_DAY = "2025-07-01"
RESOLUTION_202_DATE = "2025-06-12"
RELEASES: dict[str, str] = {"pre2025": "0.6.0", "2025": "2025.10.1"}

# (prefix of the official name, Vietnamese type word, English type word), longest first.
_UNIT_TYPES: tuple[tuple[str, str, str], ...] = (
    ("Thành phố", "thành phố", "City"),
    ("Thị xã", "thị xã", "Town"),
    ("Thị trấn", "thị trấn", "Township"),
    ("Đặc khu", "đặc khu", "Special Zone"),
    ("Tỉnh", "tỉnh", "Province"),
    ("Huyện", "huyện", "District"),
    ("Quận", "quận", "Urban District"),
    ("Phường", "phường", "Ward"),
    ("Xã", "xã", "Commune"),
)
_DEFAULT_TYPE = {"province": ("tỉnh", "Province"), "district": ("huyện", "District"), "commune": ("xã", "Commune")}
_LEVEL_CONCEPT = {"province": "Province", "district": "District", "commune": "Commune"}
_CHAPTER_LEVEL = {"province": "ProvinceLevel", "district": "DistrictLevel", "commune": "CommuneLevel"}


def _n(iri: str) -> rdf.NamedNode:
    return rdf.NamedNode(iri)


def _date(value: str) -> rdf.Literal:
    return rdf.Literal(value, datatype=_n(XSD + "date"))


def _vi(value: str) -> rdf.Literal:
    return rdf.Literal(value, language="vi")


def _en(value: str) -> rdf.Literal:
    return rdf.Literal(value, language="en")


A = _n(RDF + "type")
PREF = _n(SKOS + "prefLabel")
ALT = _n(SKOS + "altLabel")
HIDDEN = _n(SKOS + "hiddenLabel")
START = _n(SCHEMA + "startDate")
END = _n(SCHEMA + "endDate")


@dataclass(frozen=True)
class UnitRow:
    """One line of a unit-list snapshot."""

    era: str
    level: str
    code: str
    name: str
    parent_code: str

    @property
    def key(self) -> UnitKey:
        return UnitKey(self.era, self.level, self.code)

    @property
    def parent_key(self) -> UnitKey | None:
        if not self.parent_code:
            return None
        parent_level = "province" if self.level == "district" or self.era == "2025" else "district"
        return UnitKey(self.era, parent_level, self.parent_code)

    def split_name(self) -> tuple[str, str, str]:
        """(bare name, Vietnamese type word, English type word): 'Huyện Đăk Glong' → ('Đăk Glong', 'huyện', 'District')."""
        for prefix, vi, en in _UNIT_TYPES:
            if self.name.startswith(prefix + " "):
                return self.name[len(prefix) + 1 :], vi, en
        vi, en = _DEFAULT_TYPE[self.level]
        return self.name, vi, en


def read_units(path: Path, era: str) -> list[UnitRow]:
    """Read a snapshot CSV (level, code, name, division_type, parent_code)."""
    with path.open(encoding="utf-8", newline="") as handle:
        return [UnitRow(era, r["level"], r["code"], nfc(r["name"]), r["parent_code"]) for r in csv.DictReader(handle)]


def _validity(era: str) -> list[tuple[rdf.NamedNode, rdf.Literal]]:
    return [(END, _date(REFORM_LAST_OLD_DAY))] if era == "pre2025" else [(START, _date(REFORM_FIRST_NEW_DAY))]


def chapter_labels(row: UnitRow) -> tuple[str, str]:
    """Vietnamese and English names of the union chapter of a unit."""
    bare, vi_type, en_type = row.split_name()
    return f"Hội LHPN {vi_type} {bare}", f"Women's Union of {bare} {en_type}"


def unit_quads(rows: list[UnitRow], minter: Minter) -> Iterator[rdf.Triple]:
    """Units and their chapters of one release, as triples (the caller picks the graph)."""
    union = _n(minter.union())
    for row in rows:
        unit, chapter = _n(minter.unit(row.key)), _n(minter.chapter(row.key))
        bare, vi_type, en_type = row.split_name()
        yield rdf.Triple(unit, A, _n(WU + "AdministrativeUnit"))
        yield rdf.Triple(unit, PREF, _vi(row.name))
        yield rdf.Triple(unit, PREF, _en(f"{bare} {en_type}"))
        yield rdf.Triple(unit, ALT, _vi(bare))
        yield rdf.Triple(unit, HIDDEN, rdf.Literal(fold(row.name)))
        yield rdf.Triple(unit, _n(SKOS + "notation"), rdf.Literal(row.code))
        yield rdf.Triple(unit, _n(WU + "unitLevel"), _n(WU + _LEVEL_CONCEPT[row.level]))
        yield rdf.Triple(unit, _n(WU + "divisionType"), _vi(vi_type))
        parent = row.parent_key
        if parent is not None:
            yield rdf.Triple(unit, _n(SCHEMA + "containedInPlace"), _n(minter.unit(parent)))
        for prop, value in _validity(row.era):
            yield rdf.Triple(unit, prop, value)
            yield rdf.Triple(chapter, prop, value)
        label_vi, label_en = chapter_labels(row)
        yield rdf.Triple(chapter, A, _n(WU + "Chapter"))
        yield rdf.Triple(chapter, PREF, _vi(label_vi))
        yield rdf.Triple(chapter, PREF, _en(label_en))
        yield rdf.Triple(chapter, ALT, _vi(label_vi.replace("Hội LHPN", "Hội Liên hiệp Phụ nữ", 1)))
        yield rdf.Triple(chapter, _n(WU + "forUnit"), unit)
        yield rdf.Triple(chapter, _n(ORG + "classification"), _n(WU + _CHAPTER_LEVEL[row.level]))
        yield rdf.Triple(chapter, _n(ORG + "unitOf"), union)
        parent_chapter = _n(minter.chapter(parent)) if parent is not None else union
        yield rdf.Triple(chapter, _n(ORG + "subOrganizationOf"), parent_chapter)


@dataclass(frozen=True)
class ProvinceLink:
    """One old province feeding one new province under Resolution 202/2025/QH15."""

    new_code: str
    old_code: str
    change_type: str  # "fusion" | "continuation"


def read_lineage(path: Path) -> list[ProvinceLink]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [ProvinceLink(r["new_code"], r["old_code"], r["change_type"]) for r in csv.DictReader(handle)]


def _succession(minter: Minter, old: UnitKey, new: UnitKey, primary: bool) -> Iterator[rdf.Triple]:
    """The qualified succession node plus the dcterms shortcuts, for units and their chapters."""
    old_unit, new_unit = _n(minter.unit(old)), _n(minter.unit(new))
    node = _n(f"{minter.base}succession/{old.path}/{new.path}")
    yield rdf.Triple(node, A, _n(WU + "Succession"))
    yield rdf.Triple(node, _n(WU + "from"), old_unit)
    yield rdf.Triple(node, _n(WU + "to"), new_unit)
    yield rdf.Triple(node, _n(WU + "isPrimary"), rdf.Literal("true" if primary else "false", datatype=_n(XSD + "boolean")))
    for subject, obj in ((old_unit, new_unit), (_n(minter.chapter(old)), _n(minter.chapter(new)))):
        yield rdf.Triple(subject, _n(DCTERMS + "isReplacedBy"), obj)
        yield rdf.Triple(obj, _n(DCTERMS + "replaces"), subject)


def _change(minter: Minter, key: UnitKey, change_type: str, legal_basis: str, legal_date: str | None,
            used: list[UnitKey], generated: list[UnitKey]) -> Iterator[rdf.Triple]:
    """A territorial change and the chapter change that mirrors it."""
    change, chapter_change = _n(minter.territorial_change(key)), _n(minter.chapter_change(key))
    yield rdf.Triple(change, A, _n(WU + "TerritorialChange"))
    yield rdf.Triple(change, _n(WU + "changeType"), _n(WU + change_type))
    yield rdf.Triple(change, _n(WU + "legalBasis"), _vi(legal_basis))
    if legal_date:
        yield rdf.Triple(change, _n(WU + "legalDate"), _date(legal_date))
    yield rdf.Triple(change, _n(WU + "effectiveDate"), _date(REFORM_FIRST_NEW_DAY))
    yield rdf.Triple(chapter_change, A, _n(WU + "ChapterChange"))
    yield rdf.Triple(chapter_change, _n(WU + "causedBy"), change)
    yield rdf.Triple(chapter_change, START, _date(REFORM_FIRST_NEW_DAY))
    for k in used:
        yield rdf.Triple(change, _n(PROV + "used"), _n(minter.unit(k)))
        yield rdf.Triple(chapter_change, _n(ORG + "originalOrganization"), _n(minter.chapter(k)))
    for k in generated:
        yield rdf.Triple(change, _n(PROV + "generated"), _n(minter.unit(k)))
        yield rdf.Triple(chapter_change, _n(ORG + "resultingOrganization"), _n(minter.chapter(k)))


RESOLUTION_202 = "Nghị quyết số 202/2025/QH15 về việc sắp xếp đơn vị hành chính cấp tỉnh"
LOCAL_GOVERNMENT_LAW = "Luật Tổ chức chính quyền địa phương số 72/2025/QH15 (chính quyền địa phương hai cấp)"
COMMUNE_RESOLUTIONS = "Các nghị quyết năm 2025 của Ủy ban Thường vụ Quốc hội về sắp xếp đơn vị hành chính cấp xã"


def lineage_quads(links: list[ProvinceLink], old_rows: list[UnitRow], new_rows: list[UnitRow], minter: Minter) -> Iterator[rdf.Triple]:
    """Provinces by Resolution 202, districts abolished, communes linked where the GSO code carried over."""
    by_new: dict[str, list[ProvinceLink]] = {}
    for link in links:
        by_new.setdefault(link.new_code, []).append(link)
    for new_code, feeders in sorted(by_new.items()):
        new_key = UnitKey("2025", "province", new_code)
        olds = [UnitKey("pre2025", "province", f.old_code) for f in feeders]
        change_type = "Continuation" if feeders[0].change_type == "continuation" else "Fusion"
        yield from _change(minter, new_key, change_type, RESOLUTION_202, RESOLUTION_202_DATE, olds, [new_key])
        for old in olds:
            yield from _succession(minter, old, new_key, primary=True)
    for row in old_rows:
        if row.level == "district":
            yield from _change(minter, row.key, "LevelAbolished", LOCAL_GOVERNMENT_LAW, None, [row.key], [])
    new_communes = {r.code for r in new_rows if r.level == "commune"}
    for row in old_rows:
        if row.level == "commune" and row.code in new_communes:
            new_key = UnitKey("2025", "commune", row.code)
            yield from _succession(minter, row.key, new_key, primary=True)
            node = _n(f"{minter.base}succession/{row.key.path}/{new_key.path}")
            yield rdf.Triple(node, _n(WU + "changeType"), _n(WU + "CodeContinuation"))
            yield rdf.Triple(node, _n(WU + "legalBasis"), _vi(COMMUNE_RESOLUTIONS))
            yield rdf.Triple(node, _n(SKOS + "scopeNote"), _vi(
                "Dòng kế thừa một phần: xã mới mang mã GSO của xã cũ; các xã cũ khác sáp nhập vào chưa được ghi nhận."))
            yield rdf.Triple(node, _n(SKOS + "scopeNote"), _en(
                "Partial lineage: the new commune carries the old commune's GSO code; other merged communes are not recorded."))


def snapshot_paths(data_dir: Path) -> dict[str, Path]:
    """The bundled snapshot per era."""
    return {era: data_dir / "units" / f"units-{RELEASES[era]}.csv" for era in ERAS}
