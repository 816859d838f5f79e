"""Find administrative units by name or GSO code, as valid on a given day.

Names match with or without diacritics and type words ('Đắk G'long', 'huyện Đăk Glong' and
'Dak Glong' all find Huyện Đăk Glong); a day picks the era, since codes and names were reused.
A gazetteer comes from a store's reference graphs (`gazetteer_for`) or, with no store at all, from
the bundled official lists of both eras (`gazetteer_from_lists`); both go through one cache, kept
in the process and as a compact JSON artefact on disk, keyed by what it was built from.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .. import queries
from ..identifiers import Minter
from ..namespaces import DEFAULT_ENTITY_BASE, WU
from ..store import Store
from ..text import fold, name_key
from .releases import REFORM_FIRST_NEW_DAY, REFORM_LAST_OLD_DAY, read_units, snapshot_paths

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

    def __init__(self, records: list[UnitRecord], keys: list[str] | None = None) -> None:
        self.records = {r.iri: r for r in records}
        self._by_key: dict[str, list[UnitRecord]] = {}
        self._by_code: dict[str, list[UnitRecord]] = {}
        self._keys = keys if keys is not None else [name_key(r.name) for r in records]
        for record, key in zip(records, self._keys):
            self._by_key.setdefault(key, []).append(record)
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

    @classmethod
    def from_lists(cls, data_dir: Path, entity_base: str = DEFAULT_ENTITY_BASE) -> "Gazetteer":
        """Both eras from the bundled CSV snapshots, with the IRIs `wugraph build` gives them."""
        minter = Minter(entity_base)
        start = {"pre2025": None, "2025": date.fromisoformat(REFORM_FIRST_NEW_DAY)}
        end = {"pre2025": date.fromisoformat(REFORM_LAST_OLD_DAY), "2025": None}
        records = []
        for era, path in snapshot_paths(data_dir).items():
            for row in read_units(path, era):
                parent = row.parent_key
                records.append(UnitRecord(minter.unit(row.key), row.code, row.level.capitalize(), row.name,
                                          start[era], end[era], minter.unit(parent) if parent else None))
        return cls(records)

    def to_json(self) -> str:
        """The compact artefact: one row per unit version, name keys included so loading skips folding."""
        def day(value: date | None) -> str | None:
            return value.isoformat() if value else None

        rows = [[r.iri, r.code, r.level, r.name, day(r.start), day(r.end), r.parent, key]
                for r, key in zip(self.records.values(), self._keys)]
        return json.dumps({"format": _ARTEFACT_FORMAT, "units": rows}, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> "Gazetteer":
        data = json.loads(text)
        if data.get("format") != _ARTEFACT_FORMAT:
            raise ValueError("gazetteer artefact of another format")
        parse = date.fromisoformat
        records = [UnitRecord(iri, code, level, name, parse(s) if s else None, parse(e) if e else None, parent)
                   for iri, code, level, name, s, e, parent, _ in data["units"]]
        return cls(records, [row[7] for row in data["units"]])

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
        found = self._by_key.get(name_key(name), [])
        whole = fold(name).replace(" ", "")
        if whole != name_key(name):  # 'Quan Sơn' is a name, not 'quận Sơn'
            found = found + self._by_key.get(whole, [])
        return self._filter(found, on, level or level_hint(name), within)

    def by_code(self, code: str, on: date | None = None, level: str | None = None) -> list[UnitRecord]:
        """Units carrying a GSO code (zero-padding optional)."""
        return self._filter(self._by_code.get(code.strip().lstrip("0") or "0", []), on, level, None)


_ARTEFACT_FORMAT = 1
_CACHE: dict[tuple[str, ...], Gazetteer] = {}


def reference_key(store: Store) -> tuple[str, ...]:
    """A key that moves only when the units or the ontology could have changed (not on every ingest)."""
    row = queries.rows(store, "reference_key")[0]
    fingerprints = " ".join(sorted(row["fingerprints"].value.split())) if "fingerprints" in row else ""
    return (row["units"].value, fingerprints)


def default_cache_dir() -> Path | None:
    """$WUGRAPH_CACHE ('off' for none), else $XDG_CACHE_HOME/wugraph, else ~/.cache/wugraph."""
    chosen = os.environ.get("WUGRAPH_CACHE", "")
    if chosen.lower() == "off":
        return None
    if chosen:
        return Path(chosen)
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "wugraph"


def _from_disk(path: Path) -> Gazetteer | None:
    try:
        return Gazetteer.from_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _to_disk(path: Path, gazetteer: Gazetteer) -> None:
    """Write atomically; a cache that cannot be written is simply not kept."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".gazetteer-", suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(gazetteer.to_json())
        os.replace(temporary, path)
    except OSError:
        return


def cached(key: tuple[str, ...], build: Callable[[], Gazetteer], cache_dir: Path | None) -> Gazetteer:
    """The one cache: this process's copy, else the artefact on disk, else `build()` (then saved)."""
    digest = hashlib.sha256("\x1f".join(key).encode("utf-8")).hexdigest()[:32]
    path = cache_dir / f"gazetteer-{digest}.json" if cache_dir is not None else None
    if key in _CACHE:
        if path is not None and not path.exists():
            _to_disk(path, _CACHE[key])
        return _CACHE[key]
    gazetteer = _from_disk(path) if path is not None and path.exists() else None
    if gazetteer is None:
        gazetteer = build()
        if path is not None:
            _to_disk(path, gazetteer)
    _CACHE.clear()
    _CACHE[key] = gazetteer
    return gazetteer


def gazetteer_for(store: Store, cache_dir: Path | None = None) -> Gazetteer:
    """The store's gazetteer (about 2 s to build from the store), cached while the reference data stays the same.

    The one cache of it: ingest's place resolver and the article extractor share it.
    """
    return cached(("store", *reference_key(store)), lambda: Gazetteer.from_store(store), cache_dir)


def gazetteer_from_lists(data_dir: Path, entity_base: str = DEFAULT_ENTITY_BASE,
                         cache_dir: Path | None = None) -> Gazetteer:
    """Both eras from the bundled lists, no store needed: about 0.1 s from the cached artefact, 0.4 s to build."""
    paths = snapshot_paths(data_dir)
    hashes = tuple(hashlib.sha256(paths[era].read_bytes()).hexdigest() for era in sorted(paths))
    return cached(("lists", entity_base, *hashes), lambda: Gazetteer.from_lists(data_dir, entity_base), cache_dir)
