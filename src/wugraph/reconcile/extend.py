"""Data extension and previews: the GSO code, level, province, successor (and chapter ↔ unit) of reconciled entities.

Once a steward's column is reconciled, OpenRefine fetches new columns through data extension:
`extend={"ids": [...], "properties": [{"id": "province"}, ...]}` answers one row per id. Entity
values (province, successor, chapter, unit) are IRIs of this service's identifier space, so a
fetched column is reconciled already. The preview card shows the same facts for one entity.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..namespaces import WU
from .batch import parse_document, refuse
from .documents import describe, name_of, type_ref
from .index import Facts, ReconcileIndex
from .vocabulary import LEVEL_NAMES, PROPERTIES, PROPERTY_BY_ID, TYPES, UNIT_TYPES, type_iri

MAX_IDS = 1000
VALUE_TYPES: dict[str, str] = {"chapter": WU + "Chapter", "unit": WU + "AdministrativeUnit"}


@dataclass(frozen=True)
class ExtendRequest:
    """A checked data extension query: entity ids and the property ids to fetch for them."""

    ids: tuple[str, ...]
    properties: tuple[str, ...]


def parse_extend(raw: str | None) -> ExtendRequest:
    """An `extend` parameter as ids and known extension properties, or a 400 with the reason."""
    document = parse_document(raw, "extend")
    if not isinstance(document, dict) or not isinstance(document.get("ids"), list) or not isinstance(document.get("properties"), list):
        raise refuse("bad_extend", "extend phải là {\"ids\": [...], \"properties\": [{\"id\": ...}]}.",
                     "extend must be {\"ids\": [...], \"properties\": [{\"id\": ...}]}.")
    ids = document["ids"]
    if len(ids) > MAX_IDS:
        raise refuse("too_many_ids", f"extend có {len(ids)} định danh, quá giới hạn {MAX_IDS}.",
                     f"extend holds {len(ids)} ids, over the limit of {MAX_IDS}.", limit=MAX_IDS)
    if not all(isinstance(i, str) for i in ids):
        raise refuse("bad_extend", "Mỗi định danh trong ids phải là chuỗi.", "Every id in ids must be a string.")
    wanted = []
    for item in document["properties"]:
        pid = item.get("id") if isinstance(item, dict) else None
        known = PROPERTY_BY_ID.get(pid) if isinstance(pid, str) else None
        if known is None or not known.in_extension:
            usable = [p.id for p in PROPERTIES if p.in_extension]
            raise refuse("unknown_property", f"Không lấy được thuộc tính {pid!r}. Dùng: {', '.join(usable)}.",
                         f"There is no property {pid!r} to fetch. Use: {', '.join(usable)}.", properties=usable)
        wanted.append(known.id)
    return ExtendRequest(tuple(ids), tuple(wanted))


def _entity(index: ReconcileIndex, iri: str | None, lang: str) -> list[dict[str, str]]:
    return [{"id": iri, "name": name_of(index, iri, lang)}] if iri else []


def _values(index: ReconcileIndex, facts: Facts | None, pid: str, lang: str) -> list[dict[str, Any]]:
    """The values of one property of one entity, in the specification's value shapes."""
    if facts is None or facts.level is None:
        return []
    if pid == "code":
        return [{"str": facts.code}] if facts.code else []
    if pid == "level":
        return [{"str": LEVEL_NAMES[facts.level][lang if lang == "en" else "vi"]}]
    if pid == "province":
        return _entity(index, facts.province, lang)
    if pid == "successor":
        return [v for s in facts.successors for v in _entity(index, s, lang)]
    if pid == "chapter":
        return _entity(index, facts.chapter, lang)
    if pid == "unit":
        return _entity(index, facts.unit, lang)
    return []


def extension(index: ReconcileIndex, request: ExtendRequest, lang: str) -> dict[str, Any]:
    """A data extension response: meta (the properties asked, in order) and one row per id (unknown ids: empty)."""
    key = lang if lang == "en" else "vi"
    meta = []
    for pid in request.properties:
        prop = PROPERTY_BY_ID[pid]
        entry: dict[str, Any] = {"id": pid, "name": prop.names[key]}
        if pid in VALUE_TYPES:  # province and successor are units for units, chapters for chapters: no one type
            entry["type"] = type_ref(index, VALUE_TYPES[pid], lang)
        meta.append(entry)
    rows = {}
    for iri in request.ids:
        facts = index.facts(iri)
        rows[iri] = {pid: _values(index, facts, pid, lang) for pid in request.properties}
    return {"meta": meta, "rows": rows}


def propose_properties(type_value: str | None, limit: int | None, lang: str) -> dict[str, Any]:
    """The properties data extension can fetch for a type (units and chapters have them all; others none)."""
    key = lang if lang == "en" else "vi"
    out: dict[str, Any] = {}
    if type_value:
        found = type_iri(type_value)
        if found is None:
            raise refuse("unknown_type", f"Không có loại {type_value!r}. Các loại: {', '.join(TYPES)}.",
                         f"There is no type {type_value!r}. Types: {', '.join(TYPES)}.", types=list(TYPES))
        out["type"] = type_value
    applies = not type_value or type_iri(type_value) in UNIT_TYPES
    properties = [{"id": p.id, "name": p.names[key], "description": p.descriptions[key]}
                  for p in PROPERTIES if p.in_extension and applies]
    if limit is not None:
        out["limit"] = limit
        properties = properties[:limit]
    out["properties"] = properties
    return out


def preview(index: ReconcileIndex, iri: str, lang: str) -> dict[str, Any] | None:
    """What the preview card shows of one entity (the card's template and its .json twin get this dict)."""
    facts = index.facts(iri)
    if facts is None:
        return None
    level = LEVEL_NAMES.get(facts.level or "", {}).get(lang if lang == "en" else "vi")
    return {
        "iri": iri,
        "names": index.labels.of(iri),
        "name": name_of(index, iri, lang),
        "kind": facts.kind,
        "description": describe(index, facts, lang),
        "types": [type_ref(index, t, lang) for t in facts.types],
        "level": level,
        "code": facts.code,
        "start": facts.start,
        "end": facts.end,
        "province": _entity(index, facts.province, lang)[0] if facts.province else None,
        "unit": _entity(index, facts.unit, lang)[0] if facts.unit else None,
        "chapter": _entity(index, facts.chapter, lang)[0] if facts.chapter else None,
        "successors": [v for s in facts.successors for v in _entity(index, s, lang)],
    }
