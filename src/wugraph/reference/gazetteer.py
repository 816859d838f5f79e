"""Find administrative units by name or GSO code, as valid on a given day.

Names match with or without diacritics and type words ('Đắk G'long', 'huyện Đăk Glong' and
'Dak Glong' all find Huyện Đăk Glong); a day picks the era, since codes and names were reused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .. import queries
from ..namespaces import WU
from ..store import Store
from ..text import fold, name_key

_LEVEL_WORDS: dict[str, str] = {
    "tinh": "Province", "thanh pho truc thuoc trung uong": "Province",
    "huyen": "District", "quan": "District", "thi xa": "District",
    "xa": "Commune", "phuong": "Commune", "thi tran": "Commune", "dac khu": "Commune",
}


@dataclass(frozen=True)
class UnitRecord:
    """One unit version: enough to resolve names and walk up the hierarchy."""

    iri: str
    code: str
    level: str  # "Province" | "District" | "Commune"
    name: str
    start: date | None
    end: date | None
    parent: str | None

    def valid_on(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


def level_hint(text: str) -> str | None:
    """The level a leading type word implies ('huyện X' → District); 'thành phố' is ambiguous → None."""
    folded = fold(text)
    for word in sorted(_LEVEL_WORDS, key=len, reverse=True):
        if folded.startswith(word + " "):
            return _LEVEL_WORDS[word]
    return None


class Gazetteer:
    """An in-memory index of every unit version (about 14,000), built from the store."""

    def __init__(self, records: list[UnitRecord]) -> None:
        self.records = {r.iri: r for r in records}
        self._by_key: dict[str, list[UnitRecord]] = {}
        self._by_code: dict[str, list[UnitRecord]] = {}
        for record in records:
            self._by_key.setdefault(name_key(record.name), []).append(record)
            self._by_code.setdefault(record.code.lstrip("0") or "0", []).append(record)

    @classmethod
    def from_store(cls, store: Store) -> "Gazetteer":
        def day(row: dict, key: str) -> date | None:
            return date.fromisoformat(row[key].value) if key in row else None

        records = [
            UnitRecord(r["unit"].value, r["code"].value, r["level"].value.removeprefix(WU), r["name"].value,
                       day(r, "start"), day(r, "end"), r["parent"].value if "parent" in r else None)
            for r in queries.rows(store, "unit_index")
        ]
        return cls(records)

    def get(self, iri: str) -> UnitRecord | None:
        return self.records.get(iri)

    def ancestors(self, iri: str) -> list[UnitRecord]:
        """Parent, grandparent, … of a unit version (same era)."""
        out: list[UnitRecord] = []
        current = self.records.get(iri)
        while current is not None and current.parent:
            current = self.records.get(current.parent)
            if current is not None:
                out.append(current)
        return out

    def _filter(self, found: list[UnitRecord], on: date | None, level: str | None, within: str | None) -> list[UnitRecord]:
        out = [r for r in found if (on is None or r.valid_on(on)) and (level is None or r.level == level)]
        if within:
            out = [r for r in out if any(a.iri == within for a in self.ancestors(r.iri))]
        return sorted(out, key=lambda r: (r.level != "Province", r.level != "District", r.code))

    def lookup(self, name: str, on: date | None = None, level: str | None = None, within: str | None = None) -> list[UnitRecord]:
        """Units whose name matches, optionally valid on a day, at a level, inside another unit."""
        return self._filter(self._by_key.get(name_key(name), []), on, level or level_hint(name), within)

    def by_code(self, code: str, on: date | None = None, level: str | None = None) -> list[UnitRecord]:
        """Units carrying a GSO code (zero-padding optional)."""
        return self._filter(self._by_code.get(code.strip().lstrip("0") or "0", []), on, level, None)


_CACHE: dict[tuple[str, ...], Gazetteer] = {}


def reference_key(store: Store) -> tuple[str, ...]:
    """A key that moves only when the units or the ontology could have changed (not on every ingest)."""
    row = queries.rows(store, "reference_key")[0]
    fingerprints = " ".join(sorted(row["fingerprints"].value.split())) if "fingerprints" in row else ""
    return (row["units"].value, fingerprints)


def gazetteer_for(store: Store) -> Gazetteer:
    """The store's gazetteer (about 2 s to build), kept in this process while the reference data stays the same.

    The one cache of it: ingest's place resolver and the article extractor share it.
    """
    key = reference_key(store)
    if key not in _CACHE:
        _CACHE.clear()
        _CACHE[key] = Gazetteer.from_store(store)
    return _CACHE[key]
