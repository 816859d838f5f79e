"""Official unit lists (CSV snapshots of `vietnam-provinces`) as triples, and the terms the reference graphs share.

Each release becomes one named graph holding its units and a union chapter per unit; `reform` links
the versions across 2025-07-01 (provinces, districts, communes) and `lineage` reads its files.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..identifiers import ERAS, Minter, UnitKey
from ..namespaces import ORG, RDF, SCHEMA, SKOS, WU, XSD
from ..store import rdf
from ..text import fold, nfc

REFORM_LAST_OLD_DAY = "2025-06-30"
REFORM_FIRST_NEW_DAY = "2025-07-01"
RESOLUTION_202_DATE = "2025-06-12"
RELEASES: dict[str, str] = {"pre2025": "0.6.0", "2025": "2026.9.0"}

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


def iri_node(iri: str) -> rdf.NamedNode:
    return rdf.NamedNode(iri)


def date_literal(value: str) -> rdf.Literal:
    return rdf.Literal(value, datatype=iri_node(XSD + "date"))


def vi_text(value: str) -> rdf.Literal:
    return rdf.Literal(value, language="vi")


def en_text(value: str) -> rdf.Literal:
    return rdf.Literal(value, language="en")


# A statement as the reference generators yield it: a plain tuple, made into a quad of its graph by the build
# (cheaper than a Triple object that is then taken apart again; the lists hold about 500,000 of them).
Statement = tuple[rdf.NamedNode, rdf.NamedNode, "rdf.NamedNode | rdf.Literal"]

A = iri_node(RDF + "type")
PREF = iri_node(SKOS + "prefLabel")
ALT = iri_node(SKOS + "altLabel")
HIDDEN = iri_node(SKOS + "hiddenLabel")
START = iri_node(SCHEMA + "startDate")
END = iri_node(SCHEMA + "endDate")


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


def chapter_labels(row: UnitRow) -> tuple[str, str]:
    """Vietnamese and English names of the union chapter of a unit."""
    bare, vi_type, en_type = row.split_name()
    return f"Hội LHPN {vi_type} {bare}", f"Women's Union of {bare} {en_type}"


# Terms made once rather than per unit (about 270,000 triples for the two lists).
_UNIT, _CHAPTER, _NOTATION, _LEVEL, _DIVISION, _FOR_UNIT = (
    iri_node(WU + "AdministrativeUnit"), iri_node(WU + "Chapter"), iri_node(SKOS + "notation"), iri_node(WU + "unitLevel"),
    iri_node(WU + "divisionType"), iri_node(WU + "forUnit"))
_CONTAINED, _CLASSIFIED, _UNIT_OF, _SUB_ORG = (
    iri_node(SCHEMA + "containedInPlace"), iri_node(ORG + "classification"), iri_node(ORG + "unitOf"), iri_node(ORG + "subOrganizationOf"))
_LEVEL_NODE = {level: iri_node(WU + concept) for level, concept in _LEVEL_CONCEPT.items()}
_CHAPTER_LEVEL_NODE = {level: iri_node(WU + concept) for level, concept in _CHAPTER_LEVEL.items()}
_VALIDITY = {"pre2025": (END, date_literal(REFORM_LAST_OLD_DAY)), "2025": (START, date_literal(REFORM_FIRST_NEW_DAY))}


def unit_statements(rows: list[UnitRow], minter: Minter) -> Iterator[Statement]:
    """Units and their chapters of one release, as (subject, predicate, object) tuples (the caller picks the graph)."""
    union = iri_node(minter.union())
    for row in rows:
        unit, chapter = iri_node(minter.unit(row.key)), iri_node(minter.chapter(row.key))
        bare, vi_type, en_type = row.split_name()
        yield (unit, A, _UNIT)
        yield (unit, PREF, vi_text(row.name))
        yield (unit, PREF, en_text(f"{bare} {en_type}"))
        yield (unit, ALT, vi_text(bare))
        yield (unit, HIDDEN, rdf.Literal(fold(row.name)))
        yield (unit, _NOTATION, rdf.Literal(row.code))
        yield (unit, _LEVEL, _LEVEL_NODE[row.level])
        yield (unit, _DIVISION, vi_text(vi_type))
        parent = row.parent_key
        if parent is not None:
            yield (unit, _CONTAINED, iri_node(minter.unit(parent)))
        prop, value = _VALIDITY[row.era]
        yield (unit, prop, value)
        yield (chapter, prop, value)
        label_vi, label_en = chapter_labels(row)
        yield (chapter, A, _CHAPTER)
        yield (chapter, PREF, vi_text(label_vi))
        yield (chapter, PREF, en_text(label_en))
        yield (chapter, ALT, vi_text(label_vi.replace("Hội LHPN", "Hội Liên hiệp Phụ nữ", 1)))
        yield (chapter, _FOR_UNIT, unit)
        yield (chapter, _CLASSIFIED, _CHAPTER_LEVEL_NODE[row.level])
        yield (chapter, _UNIT_OF, union)
        parent_chapter = iri_node(minter.chapter(parent)) if parent is not None else union
        yield (chapter, _SUB_ORG, parent_chapter)


@dataclass(frozen=True)
class ProvinceLink:
    """One old province feeding one new province under Resolution 202/2025/QH15."""

    new_code: str
    old_code: str
    change_type: str  # "fusion" | "continuation"


def read_province_lineage(path: Path) -> list[ProvinceLink]:
    """Each new province ← the old provinces it was formed from (province-lineage-2025.csv)."""
    with path.open(encoding="utf-8", newline="") as handle:
        return [ProvinceLink(r["new_code"], r["old_code"], r["change_type"]) for r in csv.DictReader(handle)]


def snapshot_paths(data_dir: Path) -> dict[str, Path]:
    """The bundled snapshot per era."""
    return {era: data_dir / "units" / f"units-{RELEASES[era]}.csv" for era in ERAS}
