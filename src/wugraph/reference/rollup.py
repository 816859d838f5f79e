"""Units over time: roll any unit or chapter version up to today's province, chapter and unit.

The 2025 reform ended 63 provinces and every district; facts recorded against an old unit
keep that unit, and analyses that compare eras roll it up here along primary successions
(wu:Succession with wu:isPrimary true): a pre-2025 commune → its primary 2025 commune (through the
commune it joined first, if it was merged before the reform) → that commune's province; an old
district, split between new communes, has no primary successor and rolls up through its province.
Plain Python over flat one-property query results; the recorded unit is never rewritten.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any

from .. import queries
from ..namespaces import ORG, SCHEMA, SKOS, WU, XSD
from ..store import Store, rdf

# Chapter levels (org:classification) that stand for the unit levels (wu:unitLevel).
CHAPTER_LEVEL_OF_UNIT: dict[str, str] = {"Province": "ProvinceLevel", "District": "DistrictLevel", "Commune": "CommuneLevel"}


@dataclass(frozen=True)
class UnitVersion:
    """One version of an administrative unit: level, parent and primary successor."""

    iri: str
    code: str
    level: str  # "Province" | "District" | "Commune"
    parent: str | None
    successor: str | None
    end: date | None


@dataclass(frozen=True)
class ChapterVersion:
    """One chapter: its unit, level, parent and validity."""

    iri: str
    unit: str | None
    level: str | None  # "CommuneLevel", "DistrictLevel", ... (local name of org:classification)
    parent: str | None
    start: date | None
    end: date | None

    def valid_on(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


def _day(term: object | None) -> date | None:
    return date.fromisoformat(term.value[:10]) if term is not None else None  # type: ignore[attr-defined]


def _local(term: object | None) -> str | None:
    return term.value.removeprefix(WU) if term is not None else None  # type: ignore[attr-defined]


class RollUp:
    """Unit and chapter versions with their roll-up precomputed (about 14,000 of each)."""

    def __init__(self, units: list[UnitVersion], chapters: list[ChapterVersion], today: date | None = None) -> None:
        self.today = today or date.today()
        self.units = {u.iri: u for u in units}
        self.chapters = {c.iri: c for c in chapters}
        self.chapter_of_unit: dict[str, str] = {}
        for chapter in chapters:
            if chapter.unit is not None and chapter.level == CHAPTER_LEVEL_OF_UNIT.get(self._unit_level(chapter.unit), ""):
                self.chapter_of_unit.setdefault(chapter.unit, chapter.iri)
        self._current_unit: dict[str, str | None] = {}

    @classmethod
    def from_store(cls, store: Store, today: date | None = None) -> "RollUp":
        """Load unit versions, primary successions and chapters with flat one-property queries."""
        units, chapters = instances(store, WU + "AdministrativeUnit"), instances(store, WU + "Chapter")
        code = pairs(store, SKOS + "notation", units, accept=is_plain_string)  # not the code of another list
        level = pairs(store, WU + "unitLevel", units)
        parent, end = pairs(store, SCHEMA + "containedInPlace", units), pairs(store, SCHEMA + "endDate", units | chapters)
        primary = {s for s, o in pairs(store, WU + "isPrimary").items() if rdf.is_true(o)}
        origin, target = pairs(store, WU + "from", primary), pairs(store, WU + "to", primary)
        successor = {origin[node].value: target[node].value for node in origin if node in target}
        unit_list = [UnitVersion(u, code[u].value if u in code else "", _local(level.get(u)) or "",
                                 parent[u].value if u in parent else None, successor.get(u), _day(end.get(u))) for u in units]
        serves, classified = pairs(store, WU + "forUnit", chapters), pairs(store, ORG + "classification", chapters)
        above, start = pairs(store, ORG + "subOrganizationOf", chapters), pairs(store, SCHEMA + "startDate", chapters)
        chapter_list = [ChapterVersion(c, serves[c].value if c in serves else None, _local(classified.get(c)),
                                       above[c].value if c in above else None, _day(start.get(c)), _day(end.get(c)))
                        for c in chapters]
        return cls(unit_list, chapter_list, today)

    def _unit_level(self, unit: str) -> str:
        found = self.units.get(unit)
        return found.level if found else ""

    # --- units -------------------------------------------------------------

    def recorded_province(self, unit: str | None) -> str | None:
        """The province a unit version lay in, in its own era (a province is its own)."""
        seen = 0
        while unit is not None and seen < 6:
            found = self.units.get(unit)
            if found is None:
                return None
            if found.level == "Province":
                return unit
            unit, seen = found.parent, seen + 1
        return None

    def current_unit(self, unit: str) -> str | None:
        """Follow primary successors to the version in force today; None when the line ended (abolished level)."""
        if unit in self._current_unit:
            return self._current_unit[unit]
        path, current, result = [], unit, None
        while current is not None and len(path) < 10:
            path.append(current)
            found = self.units.get(current)
            if found is None:
                break
            if found.end is None or found.end >= self.today:
                result = current
                break
            current = found.successor
        for step in path:
            self._current_unit[step] = result
        return result

    def current_province(self, unit: str | None) -> str | None:
        """Today's province for any unit version: its own era's province, then that province's successor."""
        province = self.recorded_province(unit)
        return self.current_unit(province) if province is not None else None

    # --- chapters ----------------------------------------------------------

    def chapter_unit(self, chapter: str) -> str | None:
        """The unit a chapter serves, or the nearest ancestor chapter's unit (branches, member groups)."""
        seen = 0
        while chapter is not None and seen < 8:
            found = self.chapters.get(chapter)
            if found is None:
                return None
            if found.unit is not None:
                return found.unit
            chapter, seen = found.parent, seen + 1  # type: ignore[assignment]
        return None

    def chapter_recorded_province(self, chapter: str) -> str | None:
        return self.recorded_province(self.chapter_unit(chapter))

    def chapter_current_province(self, chapter: str) -> str | None:
        """Today's province (unit IRI) of any chapter version, e.g. Đắk G'long district → new Lâm Đồng."""
        return self.current_province(self.chapter_unit(chapter))

    def current_chapter(self, chapter: str) -> str | None:
        """The chapter in force today at the same level that continues this one, if its unit has a successor."""
        found = self.chapters.get(chapter)
        if found is None or found.unit is None:
            return None
        if found.end is None or found.end >= self.today:
            return chapter
        unit = self.current_unit(found.unit)
        return self.chapter_of_unit.get(unit) if unit is not None else None

    @cached_property
    def current_provinces(self) -> list[str]:
        """Provinces in force today (34 after the reform), sorted by GSO code."""
        today = [u for u in self.units.values() if u.level == "Province" and (u.end is None or u.end >= self.today)]
        return [u.iri for u in sorted(today, key=lambda u: u.code)]


def instances(store: Store, cls: str) -> set[str]:
    """IRIs of every instance of a class."""
    return {row[0].value for row in queries.run(store, "spread_instances", {"class": rdf.NamedNode(cls)})}  # type: ignore[union-attr]


def is_plain_string(term: Any) -> bool:
    """A simple literal (xsd:string): the unit's own GSO code, not one typed for another list."""
    return isinstance(term, rdf.Literal) and term.datatype.value == XSD + "string" and not term.language


def pairs(store: Store, prop: str, among: set[str] | None = None, accept: Callable[[Any], bool] | None = None) -> dict[str, Any]:
    """Subject IRI → one value of a property (the first met that `accept` takes), optionally only for some subjects."""
    out: dict[str, Any] = {}
    for row in queries.run(store, "spread_pairs", {"p": rdf.NamedNode(prop)}):  # type: ignore[union-attr]
        subject = row[0].value
        if (among is None or subject in among) and subject not in out and (accept is None or accept(row[1])):
            out[subject] = row[1]
    return out


def load_labels(store: Store) -> dict[str, dict[str, str]]:
    """{entity: {"vi": name, "en": name}} for chapters, clusters and the union."""
    out: dict[str, dict[str, str]] = {}
    for row in queries.rows(store, "spread_labels"):
        label = row["label"]
        out.setdefault(row["entity"].value, {})[label.language or "vi"] = label.value  # type: ignore[union-attr]
    return out
