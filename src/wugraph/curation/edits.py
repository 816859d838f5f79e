"""A steward's corrections of single candidates: a unit from the official list, a date, a kind, a name.

An edit is stored as data ({field, value, written}) in the document's state and applied to the
candidate's statements whenever its graph is assembled, so it survives re-extraction and is
checked by the same SHACL gate as everything else. Values are resolved when the edit is made:
a unit by GSO code or by name as valid on the fact's day (any spelling of diacritics, 'Đắk' /
'Đăk' / 'Đak', "G'long" / 'Glong'), a date as 21/2/2023, 2/2023 or 2023 with its precision.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from rdflib import Literal, URIRef
from rdflib.term import Node

from ..errors import ParseError, UsageError
from ..identifiers import Minter
from ..ingest.resolve import parse_day
from ..namespaces import ORG, SCHEMA, SKOS, WU, XSD
from ..reference.gazetteer import Gazetteer, UnitRecord
from ..text import nfc
from .candidates import Candidate, Triple
from .known import KIND_IRIS, MODEL_TYPES

# field → the candidate kinds it applies to
FIELDS: dict[str, tuple[str, ...]] = {
    "unit": ("adoption", "event", "position", "organisation"),
    "learned_from": ("adoption",),
    "date": ("adoption", "event"),
    "kind": ("adoption",),
    "name": ("model", "person"),
    "type": ("model",),
}
_UNIT_PREDICATE = {"adoption": WU + "adopter", "event": SCHEMA + "location", "position": ORG + "organization",
                   "organisation": WU + "forUnit"}
_CHAPTER_KINDS = ("adoption", "position")
_PRECISION = {"day": WU + "DayPrecision", "month": WU + "MonthPrecision", "year": WU + "YearPrecision"}


def find_units(gazetteer: Gazetteer, text: str, on: date | None, limit: int = 12, near: str | None = None) -> list[UnitRecord]:
    """Official units matching a code or a name (any spelling), valid on a day: the picker's answer.

    `near` (a unit or chapter IRI the fact already names) ranks namesakes in the same province and
    district first, so 'Quảng Hòa' offers the commune next to the article before those elsewhere.
    """
    text = nfc(text)
    if not text:
        return []
    if text.isdigit():
        found = gazetteer.by_code(text, on=on)
    else:
        parts = [p.strip() for p in text.split(",") if p.strip()]
        found = gazetteer.lookup(parts[0], on=on)
        if len(parts) > 1 and len(found) > 1:
            within = gazetteer.lookup(parts[1], on=on)
            found = [r for r in found if any(a.iri in {w.iri for w in within} for a in gazetteer.ancestors(r.iri))] or found
    if near:
        close = {a.iri for a in gazetteer.ancestors(near.replace("/chapter/", "/unit/"))}
        found = sorted(found, key=lambda r: -len(close & {a.iri for a in gazetteer.ancestors(r.iri)}))
    return found[:limit]


def describe_unit(gazetteer: Gazetteer, record: UnitRecord) -> str:
    """'Xã Quảng Hoà, Huyện Đăk Glong, Tỉnh Đắk Nông (24620)'."""
    path = [record.name, *(a.name for a in gazetteer.ancestors(record.iri))]
    return f"{', '.join(path)} ({record.code})"


def resolve_value(field: str, written: str, candidate: Candidate, gazetteer: Gazetteer, minter: Minter,
                  on: date | None) -> dict[str, Any]:
    """The stored form of an edit, or a bilingual UsageError saying what is wrong with the value."""
    if field not in FIELDS or candidate.kind not in FIELDS[field]:
        allowed = ", ".join(f for f, kinds in FIELDS.items() if candidate.kind in kinds) or "—"
        raise UsageError(f"Không sửa được trường '{field}' của {candidate.id} ({candidate.kind}); sửa được: {allowed}.",
                         f"Field '{field}' cannot be edited on {candidate.id} ({candidate.kind}); editable: {allowed}.")
    written = nfc(written)
    if field in ("unit", "learned_from"):
        if field == "learned_from" and written in ("", "-", "none"):
            return {"field": field, "value": "", "written": written}
        return {"field": field, "value": _unit_iri(field, written, candidate, gazetteer, minter, on), "written": written}
    if field == "date":
        try:
            day = parse_day(written)
        except ParseError as exc:
            raise UsageError(exc.message_vi, exc.message_en) from exc
        return {"field": field, "value": day.iso, "precision": day.precision, "written": written}
    if field == "kind":
        kind = {"khởi xướng": "origination", "nhân rộng": "replication", "ngừng": "discontinuation"}.get(written.lower(), written.lower())
        if kind not in KIND_IRIS:
            raise UsageError(f"Hình thức '{written}' không hợp lệ: khởi xướng (origination), nhân rộng (replication) hoặc ngừng (discontinuation).",
                             f"Unknown kind '{written}': origination, replication or discontinuation.")
        return {"field": field, "value": KIND_IRIS[kind], "written": written}
    if field == "type":
        match = next((t for t in MODEL_TYPES if t.lower() == written.lower().replace(" ", "")), None)
        if match is None:
            raise UsageError(f"Loại mô hình '{written}' không có; chọn một trong: {', '.join(MODEL_TYPES)}.",
                             f"No model type '{written}'; pick one of: {', '.join(MODEL_TYPES)}.")
        return {"field": field, "value": WU + match, "written": written}
    if not written:
        raise UsageError("Tên không được để trống.", "The name cannot be empty.")
    return {"field": field, "value": written, "written": written}


def _unit_iri(field: str, written: str, candidate: Candidate, gazetteer: Gazetteer, minter: Minter, on: date | None) -> str:
    found = gazetteer.by_code(written.rsplit("/", 1)[-1], on=on) if written.startswith(("http://", "https://")) else find_units(gazetteer, written, on)
    when = f" vào ngày {on.strftime('%d/%m/%Y')}" if on else ""
    when_en = f" on {on.isoformat()}" if on else ""
    if not found:
        raise UsageError(f"Không có đơn vị hành chính '{written}'{when} trong danh mục chính thức.",
                         f"No official administrative unit '{written}'{when_en}.", value=written)
    if len(found) > 1:
        listed = "; ".join(describe_unit(gazetteer, r) for r in found[:6])
        raise UsageError(f"'{written}' ứng với {len(found)} đơn vị: {listed}. Hãy ghi mã GSO hoặc kèm đơn vị cấp trên.",
                         f"'{written}' matches {len(found)} units: {listed}. Give the GSO code or the parent unit.",
                         value=written, candidates=[r.code for r in found])
    parsed = minter.parse_unit(found[0].iri)
    if parsed is None:
        raise UsageError(f"Đơn vị {found[0].name} không có mã hợp lệ.", f"Unit {found[0].name} has no valid code.")
    chapter = field == "learned_from" or candidate.kind in _CHAPTER_KINDS
    return minter.chapter(parsed[1]) if chapter else minter.unit(parsed[1])


def _set(triples: list[Triple], subject: URIRef, predicate: str, values: Sequence[Node]) -> list[Triple]:
    kept = [t for t in triples if not (t[0] == subject and str(t[1]) == predicate)]
    return kept + [(subject, URIRef(predicate), v) for v in values]


def apply(candidate: Candidate, edits: Sequence[Mapping[str, Any]], rewrites: Mapping[str, str]) -> list[Triple]:
    """The candidate's statements with unit corrections (resolution) and the steward's edits applied, in order."""
    node = URIRef(candidate.subject)
    triples = [(s, p, URIRef(rewrites[str(o)]) if s == node and isinstance(o, URIRef) and str(o) in rewrites else o)
               for s, p, o in candidate.triples]
    for edit in edits:
        field, value = edit["field"], edit["value"]
        if field == "unit":
            triples = _set(triples, node, _UNIT_PREDICATE[candidate.kind], [URIRef(value)])
        elif field == "learned_from":
            triples = _set(triples, node, WU + "learnedFrom", [URIRef(value)] if value else [])
        elif field == "date":
            predicate = WU + "adoptedOn" if candidate.kind == "adoption" else SCHEMA + "startDate"
            triples = _set(triples, node, predicate, [Literal(value, datatype=URIRef(XSD + "date"))])
            if candidate.kind == "adoption":
                triples = _set(triples, node, WU + "datePrecision", [URIRef(_PRECISION[edit.get("precision", "day")])])
        elif field == "kind":
            triples = _set(triples, node, WU + "adoptionKind", [URIRef(value)])
        elif field == "type":
            triples = _set(triples, node, WU + "modelType", [URIRef(value)])
        elif field == "name":
            predicate, alternative = (SKOS + "prefLabel", SKOS + "altLabel") if candidate.kind == "model" else (SCHEMA + "name", SCHEMA + "alternateName")
            old = [o for s, p, o in triples if s == node and str(p) == predicate and (not isinstance(o, Literal) or o.language in (None, "vi"))]
            triples = [t for t in triples if not (t[0] == node and str(t[1]) == predicate and t[2] in old)]
            lang = "vi" if candidate.kind == "model" else None
            triples.append((node, URIRef(predicate), Literal(value, lang=lang)))
            triples.extend((node, URIRef(alternative), o) for o in old if str(o) != value)
    return triples
