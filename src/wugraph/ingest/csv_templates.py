"""CSV templates for stewards: people with positions, events with contributions, models, adoptions.

Headers may be Vietnamese or English (with or without diacritics, any case); the template is
recognised from the headers. Each row is turned into triples with stable IRIs (docs/iris.md);
every value that cannot be read or resolved becomes a Problem located by file, line and column,
so a steward sees all mistakes of a file at once.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from rdflib import Graph, Literal, URIRef

from ..errors import ParseError
from ..namespaces import ORG, RDF, SCHEMA, SKOS, WU, XSD
from ..text import fold, slugify
from .resolve import (
    Day,
    Mapped,
    Problem,
    Resolver,
    Row,
    clean,
    membership_iri,
    parse_count,
    parse_day,
    parse_level,
    problem_from,
)

T = TypeVar("T")
_GENDERS = {"nu": "Female", "female": "Female", "f": "Female", "nam": "Male", "male": "Male", "m": "Male"}


@dataclass(frozen=True)
class Column:
    """One template column: its key, its Vietnamese and English headers, whether it must be filled."""

    key: str
    vi: str
    en: str
    required: bool = False


TEMPLATES: dict[str, tuple[Column, ...]] = {
    "people": (
        Column("person_name", "Họ và tên", "Name", True), Column("homonym", "Số thứ tự trùng tên", "Homonym number"),
        Column("gender", "Giới tính", "Gender"), Column("role", "Chức vụ", "Role", True),
        Column("organization", "Tổ chức khác", "Other organization"), Column("place", "Địa bàn", "Place"),
        Column("place_level", "Cấp địa bàn", "Place level"), Column("start", "Từ ngày", "Start date"),
        Column("end", "Đến ngày", "End date"), Column("as_of", "Ngày ghi nhận", "As of"), Column("note", "Ghi chú", "Note"),
    ),
    "events": (
        Column("event_name", "Tên sự kiện", "Event name", True), Column("event_type", "Loại sự kiện", "Event type", True),
        Column("start", "Ngày bắt đầu", "Start date", True), Column("end", "Ngày kết thúc", "End date"),
        Column("place", "Địa điểm", "Place", True), Column("place_level", "Cấp địa điểm", "Place level"),
        Column("venue", "Nơi tổ chức", "Venue"), Column("organizer", "Đơn vị tổ chức", "Organizer"),
        Column("organizer_level", "Cấp đơn vị tổ chức", "Organizer level"), Column("delegates", "Số đại biểu", "Delegate count"),
        Column("composition", "Thành phần đại biểu", "Delegate composition"), Column("speaker", "Người phát biểu", "Speaker"),
        Column("contribution_type", "Hình thức phát biểu", "Contribution type"),
        Column("attribution", "Tên và chức danh như nguồn ghi", "Attribution text"),
    ),
    "models": (
        Column("model_name", "Tên mô hình", "Model name", True), Column("model_name_en", "Tên tiếng Anh", "English name"),
        Column("model_type", "Loại mô hình", "Model type", True), Column("target_group", "Đối tượng", "Target groups"),
        Column("organizing_basis", "Cách tập hợp", "Organizing basis"), Column("originator", "Nơi khởi xướng", "Originator"),
        Column("originator_level", "Cấp nơi khởi xướng", "Originator level"), Column("origin_date", "Ngày khởi xướng", "Origin date"),
        Column("description", "Mô tả", "Description"),
    ),
    "adoptions": (
        Column("model", "Mô hình", "Model", True), Column("adopter", "Cấp Hội áp dụng", "Adopter", True),
        Column("adopter_level", "Cấp", "Adopter level"), Column("adopted_on", "Ngày áp dụng", "Adopted on", True),
        Column("kind", "Hình thức", "Kind", True), Column("learned_from", "Học tập từ", "Learned from"),
        Column("learned_from_level", "Cấp nơi học tập", "Learned from level"), Column("via_event", "Qua sự kiện", "Via event"),
        Column("via_event_date", "Ngày sự kiện", "Via event date"), Column("channel", "Kênh lan tỏa", "Channel"),
        Column("note", "Ghi chú", "Note"),
    ),
}
TEMPLATE_NAMES_VI = {"people": "người và chức vụ", "events": "sự kiện và phát biểu", "models": "mô hình", "adoptions": "áp dụng mô hình"}


def _header_key(header: str) -> str:
    return fold(header.replace("_", " "))


def _structure_error(name: str, vi: str, en: str, **details: object) -> ParseError:
    return ParseError(f"{name}: {vi}", f"{name}: {en}", reason="csv_structure", source=name, **details)


def recognise(headers: list[str], name: str) -> tuple[str, dict[int, Column]]:
    """The template a header row belongs to and the column behind each position."""
    keys = [_header_key(h) for h in headers]
    best: tuple[int, str] | None = None
    for kind, columns in TEMPLATES.items():
        lookup = {_header_key(c.vi): c for c in columns} | {_header_key(c.en): c for c in columns} | {c.key.replace("_", " "): c for c in columns}
        matched = {i: lookup[k] for i, k in enumerate(keys) if k in lookup}
        missing = [c for c in columns if c.required and c not in matched.values()]
        if not missing and len(matched) == len([k for k in keys if k]):
            if len({c.key for c in matched.values()}) != len(matched):
                raise _structure_error(name, "có cột bị lặp lại.", "a column appears twice.")
            return kind, matched
        score = len(matched) - len(missing)
        if best is None or score > best[0]:
            best = (score, kind)
    kind = best[1] if best else "people"
    columns = TEMPLATES[kind]
    known = {_header_key(c.vi) for c in columns} | {_header_key(c.en) for c in columns} | {c.key.replace("_", " ") for c in columns}
    unknown = [h for h, k in zip(headers, keys) if k and k not in known]
    absent = [c.vi for c in columns if c.required and not {_header_key(c.vi), _header_key(c.en), c.key.replace("_", " ")} & set(keys)]
    expected = ", ".join(f"{c.vi} / {c.en}" for c in columns)
    raise _structure_error(
        name,
        f"không khớp mẫu CSV nào (gần nhất: {TEMPLATE_NAMES_VI[kind]}); cột lạ: {', '.join(unknown) or 'không'}; thiếu cột: {', '.join(absent) or 'không'}. Các cột của mẫu: {expected}.",
        f"matches no CSV template (closest: {kind}); unknown columns: {', '.join(unknown) or 'none'}; missing columns: {', '.join(absent) or 'none'}. Template columns: {expected}.",
        template=kind, unknown_columns=unknown, missing_columns=absent)


def _rows(text: str, name: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header and (line, cells) of each non-blank row; delimiter ',' ';' or tab, as the header shows."""
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader, [])
        rows: list[tuple[int, list[str]]] = []
        line = reader.line_num + 1
        for cells in reader:
            if any(c.strip() for c in cells):
                rows.append((line, cells))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise _structure_error(name, f"CSV hỏng ở dòng {reader.line_num}: {exc}", f"broken CSV at line {reader.line_num}: {exc}") from None
    if not any(h.strip() for h in header):
        raise _structure_error(name, "thiếu dòng tiêu đề.", "the header row is missing.")
    return header, rows


def read_csv(text: str, name: str, resolver: Resolver) -> Mapped:
    """One CSV file (any of the four templates) → triples, locations and problems."""
    header, rows = _rows(text, name)
    kind, columns = recognise(header, name)
    headers = {c.key: header[i].strip() for i, c in columns.items()}
    mapper = _Mapper(kind, name, resolver)
    seen: dict[tuple[str, ...], int] = {}
    for line, cells in rows:
        where = f"{name}:{line}"
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header):]):
            mapper.mapped.problems.append(Problem("ragged_row", f"Dòng có {len(cells)} ô, nhiều hơn {len(header)} cột tiêu đề.",
                                                  f"The row has {len(cells)} cells, more than the {len(header)} header columns.", where))
            continue
        values: dict[str, str] = {}
        row = Row(values, headers, where, mapper.mapped)
        for index, column in columns.items():
            raw = cells[index] if index < len(cells) else ""
            try:
                values[column.key] = clean(raw)
            except ParseError as error:
                row.ok = False
                mapper.mapped.problems.append(problem_from(error, where, repr(raw), headers[column.key]))
        if not row.ok:
            continue
        signature = tuple(values.get(c.key, "") for c in TEMPLATES[kind])
        if signature in seen:
            row.report("duplicate_row", f"Dòng trùng hoàn toàn với dòng {seen[signature]}.", f"The row duplicates line {seen[signature]}.")
            continue
        seen[signature] = line
        getattr(mapper, kind)(row)
    mapper.finish()
    return mapper.mapped


def _date(day: Day) -> Literal:
    return Literal(day.iso, datatype=URIRef(XSD + "date"))


def _vi(text: str) -> Literal:
    return Literal(text, lang="vi")


class _Mapper:
    """Row → triples for each template; remembers minted keys to catch duplicates and conflicts."""

    def __init__(self, kind: str, name: str, resolver: Resolver) -> None:
        self.kind, self.name, self.r = kind, name, resolver
        self.mapped = Mapped(Graph())
        self.keys: dict[str, str] = {}
        self.event_fields: dict[str, dict[str, tuple[str, str]]] = {}
        self.contributions: dict[str, int] = {}
        self.event_rows: dict[str, Row] = {}
        self.iris: dict[str, URIRef] = {}
        self.dates: dict[str, Literal] = {}

    def date(self, day: Day) -> Literal:
        """An xsd:date literal, memoised: a batch repeats the same few hundred days."""
        found = self.dates.get(day.iso)
        if found is None:
            found = self.dates[day.iso] = _date(day)
        return found

    def iri(self, value: str) -> URIRef:
        found = self.iris.get(value)
        if found is None:
            found = self.iris[value] = URIRef(value)
        return found

    def add(self, s: str, p: str, o: URIRef | Literal | str | None) -> None:
        if o is None:
            return
        self.mapped.graph.add((self.iri(s), self.iri(p), o if isinstance(o, (Literal, URIRef)) else self.iri(o)))

    def claim(self, row: Row, iri: str, what_vi: str, what_en: str) -> bool:
        """Mint `iri` for this row, or report that an earlier row already minted it."""
        if iri in self.keys:
            row.report("duplicate_key", f"{what_vi} này đã có ở {self.keys[iri]} (cùng định danh {iri}).",
                       f"This {what_en} already appears at {self.keys[iri]} (same identifier {iri}).")
            return False
        self.keys[iri] = row.where
        self.mapped.locate(iri, row.where)
        return True

    def person(self, name: str, where: str, homonym: int | None = None) -> str:
        iri = self.r.minter.person(name, homonym)
        self.add(iri, RDF + "type", SCHEMA + "Person")
        self.add(iri, SCHEMA + "name", Literal(name))
        self.mapped.locate(iri, where)
        return iri

    def people(self, row: Row) -> None:
        name = row.need("person_name")
        role = row.read("role", lambda t: self.r.concept("RoleScheme", t), required=True)
        homonym = row.read("homonym", parse_count)
        gender = row.read("gender", self._gender)
        start, end, as_of = row.read("start", parse_day), row.read("end", parse_day), row.read("as_of", parse_day)
        level = row.read("place_level", parse_level)
        known = start or as_of or end
        on = known.value if known else None
        org_name, place = row.text("organization"), row.text("place")
        organization: str | None = None
        if org_name:
            organization = self.r.minter.organization(org_name)
            unit = row.read("place", lambda t: self.r.unit(t, level, on).iri)
            org_key = slugify(org_name)
        elif place:
            organization = row.read("place", lambda t: self.r.chapter(t, level, on))
            org_key = self.r.chapter_key(organization) if organization else ""
        else:
            row.report("missing_value", "Cần ghi 'Địa bàn' (cấp Hội của địa bàn đó) hoặc 'Tổ chức khác'.",
                       "Give 'Place' (the union chapter there) or 'Other organization'.", "place")
        if not (row.ok and name and role and organization):
            return
        person = self.r.minter.person(name, homonym)
        membership = membership_iri(self.r.minter, person, org_key, role)
        if not self.claim(row, membership, "Chức vụ", "position"):
            return
        self.person(name, row.where, homonym)
        self.add(person, SCHEMA + "gender", gender)
        if org_name:
            self.add(organization, RDF + "type", ORG + "Organization")
            self.add(organization, SKOS + "prefLabel", _vi(org_name))
            self.add(organization, WU + "forUnit", unit)
            self.mapped.locate(organization, row.where)
        for p, o in ((RDF + "type", ORG + "Membership"), (ORG + "member", person), (ORG + "organization", organization),
                     (ORG + "role", role)):
            self.add(membership, p, o)
        self.add(membership, SCHEMA + "startDate", _date(start) if start else None)
        self.add(membership, SCHEMA + "endDate", _date(end) if end else None)
        self.add(membership, SKOS + "note", _vi(row.text("note")) if row.text("note") else None)

    @staticmethod
    def _gender(text: str) -> str:
        found = _GENDERS.get(fold(text))
        if found is None:
            raise ParseError(f"Giới tính '{text}' không rõ: ghi nữ hoặc nam.", f"Unknown gender '{text}': write female or male.",
                             reason="bad_value")
        return SCHEMA + found

    _EVENT_FIELDS = ("event_type", "end", "place", "place_level", "venue", "organizer", "organizer_level", "delegates", "composition")

    def events(self, row: Row) -> None:
        name = row.need("event_name")
        start = row.read("start", parse_day, required=True)
        if not (row.ok and name and start):
            return
        event = self.r.minter.event(start.iso, name)
        fields = self.event_fields.setdefault(event, {})
        if event not in self.event_rows:
            self.event_rows[event] = row
            self.mapped.locate(event, row.where)
        for key in self._EVENT_FIELDS:
            value = row.text(key)
            if value and key in fields and fields[key][0] != value:
                row.report("conflicting_event", f"Sự kiện này đã ghi '{fields[key][0]}' ở {fields[key][1]}, dòng này ghi '{value}'.",
                           f"This event was given '{fields[key][0]}' at {fields[key][1]}; this row says '{value}'.", key, value)
            elif value:
                fields.setdefault(key, (value, row.where))
        speaker = row.text("speaker")
        if not speaker:
            return
        kind = row.read("contribution_type", lambda t: self.r.concept("ContributionTypeScheme", t), required=True)
        if not (row.ok and kind):
            return
        number = self.contributions[event] = self.contributions.get(event, 0) + 1
        contribution = f"{self.r.minter.base}contribution/{start.iso}/{event.rsplit('/', 1)[-1]}/{number}"
        self.mapped.locate(contribution, row.where)
        person = self.person(speaker, row.where)
        for p, o in ((RDF + "type", WU + "Contribution"), (WU + "participant", person), (WU + "event", event),
                     (WU + "contributionType", kind)):
            self.add(contribution, p, o)
        self.add(contribution, WU + "attributionText", Literal(row.text("attribution")) if row.text("attribution") else None)

    def _event(self, event: str, first: Row) -> None:
        """Emit one event from the values its rows gave (each checked at the row that gave it)."""
        fields = self.event_fields[event]

        def read(key: str, convert: Callable[[str], T], required: bool = False) -> T | None:
            value, where = fields.get(key, ("", first.where))
            row = Row({key: value}, first.headers, where, self.mapped)
            result = row.read(key, convert, required)
            first.ok = first.ok and row.ok
            return result

        start = parse_day(first.text("start"))
        day = start.value
        kind = read("event_type", lambda t: self.r.concept("EventTypeScheme", t), required=True)
        end = read("end", parse_day)
        level = read("place_level", parse_level)
        unit = read("place", lambda t: self.r.unit(t, level, day).iri, required=True)
        organizer_level = read("organizer_level", parse_level)
        organizer = read("organizer", lambda t: self.r.chapter(t, organizer_level, day))
        delegates = read("delegates", parse_count)
        if not first.ok:
            return
        location = unit
        venue = fields.get("venue", ("", ""))[0]
        if venue and unit:
            location = f"{self.r.minter.base}place/{slugify(venue)}"
            self.add(location, RDF + "type", WU + "Venue")
            self.add(location, SCHEMA + "name", _vi(venue))
            self.add(location, SCHEMA + "containedInPlace", unit)
            self.mapped.locate(location, fields["venue"][1])
        name = first.text("event_name")
        for p, o in ((RDF + "type", WU + "Event"), (SCHEMA + "name", _vi(name)), (WU + "eventType", kind),
                     (SCHEMA + "startDate", _date(start)), (SCHEMA + "location", location), (SCHEMA + "organizer", organizer)):
            self.add(event, p, o)
        if start.precision != "day":
            self.add(event, WU + "datePrecision", start.precision_iri)
        self.add(event, SCHEMA + "endDate", _date(end) if end else None)
        self.add(event, WU + "delegateCount", Literal(str(delegates), datatype=URIRef(XSD + "nonNegativeInteger")) if delegates is not None else None)
        composition = fields.get("composition", ("", ""))[0]
        self.add(event, WU + "delegateComposition", _vi(composition) if composition else None)

    def models(self, row: Row) -> None:
        name = row.need("model_name")
        kind = row.read("model_type", lambda t: self.r.concept("ModelTypeScheme", t), required=True)
        groups = row.read("target_group", lambda t: self.r.concepts_list("TargetGroupScheme", t)) or []
        bases = row.read("organizing_basis", lambda t: self.r.concepts_list("OrganizingBasisScheme", t)) or []
        origin = row.read("origin_date", parse_day)
        level = row.read("originator_level", parse_level)
        originator = row.read("originator", lambda t: self.r.chapter(t, level, origin.value if origin else None))
        if not (row.ok and name and kind):
            return
        model = self.r.minter.model(name)
        if not self.claim(row, model, "Mô hình", "model"):
            return
        for p, o in ((RDF + "type", WU + "Model"), (SKOS + "prefLabel", _vi(name)), (WU + "modelType", kind),
                     (WU + "originator", originator)):
            self.add(model, p, o)
        if row.text("model_name_en"):
            self.add(model, SKOS + "prefLabel", Literal(row.text("model_name_en"), lang="en"))
        for group in groups:
            self.add(model, WU + "targetGroup", group)
        for basis in bases:
            self.add(model, WU + "organizingBasis", basis)
        if origin:
            self.add(model, WU + "originDate", _date(origin))
            self.add(model, WU + "datePrecision", origin.precision_iri)
        self.add(model, SCHEMA + "description", _vi(row.text("description")) if row.text("description") else None)

    def adoptions(self, row: Row) -> None:
        model_text = row.need("model")
        day = row.read("adopted_on", parse_day, required=True)
        on = day.value if day else None
        level = row.read("adopter_level", parse_level)
        adopter = row.read("adopter", lambda t: self.r.chapter(t, level, on), required=True)
        kind = row.read("kind", lambda t: self.r.concept("AdoptionKindScheme", t), required=True)
        source_level = row.read("learned_from_level", parse_level)
        learned = row.read("learned_from", lambda t: self.r.chapter(t, source_level, on))
        channel = row.read("channel", lambda t: self.r.concept("ChannelScheme", t))
        event_day = row.read("via_event_date", parse_day, required=bool(row.text("via_event")))
        if not (row.ok and model_text and day and adopter and kind):
            return
        model = self.r.model(model_text)
        adoption = f"{self.r.minter.base}adoption/{model.rsplit('/', 1)[-1]}/{self.r.chapter_key(adopter)}/{day.iso}"
        if not self.claim(row, adoption, "Bản ghi áp dụng", "adoption"):
            return
        for p, o in ((RDF + "type", WU + "Adoption"), (WU + "model", model), (WU + "adopter", adopter),
                     (WU + "adoptedOn", self.date(day)), (WU + "datePrecision", day.precision_iri), (WU + "adoptionKind", kind),
                     (WU + "learnedFrom", learned), (WU + "channel", channel)):
            self.add(adoption, p, o)
        if event_day:
            self.add(adoption, WU + "viaEvent", self.r.minter.event(event_day.iso, row.text("via_event")))
        self.add(adoption, SKOS + "note", _vi(row.text("note")) if row.text("note") else None)

    def finish(self) -> None:
        for event, first in self.event_rows.items():
            self._event(event, first)
