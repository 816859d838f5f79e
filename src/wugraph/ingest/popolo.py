"""Popolo JSON (persons, organizations, posts, memberships) mapped to schema.org and W3C ORG.

EveryPolitician-style files are easy for stewards to produce. Persons become `schema:Person`,
memberships `org:Membership` with `org:role` from the role scheme and `schema:startDate`/`endDate`;
an organization naming a GSO code (identifiers scheme "gso") or a chapter key (scheme "wugraph",
e.g. "pre2025/province/67") is the union chapter of that unit; any other is an `org:Organization`.
A post only supplies the organisation and role of the memberships that cite it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from rdflib import Graph, Literal, URIRef

from ..errors import ParseError
from ..namespaces import ORG, RDF, SCHEMA, SKOS, XSD
from ..text import fold, slugify
from .resolve import (
    Day,
    Mapped,
    Problem,
    Resolver,
    clean,
    is_central,
    membership_iri,
    parse_day,
    parse_level,
    problem_from,
)

POPOLO_KEYS: frozenset[str] = frozenset({"persons", "organizations", "memberships", "posts"})
_GENDERS = {"female": "Female", "nu": "Female", "male": "Male", "nam": "Male"}


def _structure(name: str, vi: str, en: str) -> ParseError:
    return ParseError(f"{name}: {vi}", f"{name}: {en}", reason="popolo_structure", source=name)


class _Reader:
    """Walks one Popolo document, minting IRIs and collecting located problems."""

    def __init__(self, document: Mapping[str, Any], name: str, resolver: Resolver) -> None:
        self.doc, self.name, self.r = document, name, resolver
        self.mapped = Mapped(Graph())
        self.people: dict[str, str] = {}
        self.orgs: dict[str, tuple[str, str]] = {}
        self.posts: dict[str, Mapping[str, Any]] = {}

    def items(self, key: str) -> list[tuple[str, Mapping[str, Any]]]:
        value = self.doc.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise _structure(self.name, f"'{key}' phải là một mảng các đối tượng.", f"'{key}' must be an array of objects.")
        return [(f"{self.name}:{key}[{i}]", v) for i, v in enumerate(value)]

    def problem(self, where: str, code: str, vi: str, en: str, field: str | None = None, value: str | None = None) -> None:
        self.mapped.problems.append(Problem(code, vi, en, where, value, field))

    def text(self, item: Mapping[str, Any], key: str, where: str, required: bool = False) -> str:
        value = item.get(key)
        if value is None or value == "":
            if required:
                self.problem(where, "missing_value", f"Thiếu trường bắt buộc '{key}'.", f"The required field '{key}' is missing.", key)
            return ""
        if not isinstance(value, str):
            self.problem(where, "bad_value", f"Trường '{key}' phải là chuỗi.", f"The field '{key}' must be a string.", key, repr(value))
            return ""
        try:
            return clean(value)
        except ParseError as error:
            self.mapped.problems.append(problem_from(error, where, repr(value), key))
            return ""

    def day(self, item: Mapping[str, Any], key: str, where: str) -> Day | None:
        value = self.text(item, key, where)
        if not value:
            return None
        try:
            return parse_day(value)
        except ParseError as error:
            self.mapped.problems.append(problem_from(error, where, value, key))
            return None

    def add(self, s: str, p: str, o: str | Literal | None) -> None:
        if o is not None:
            self.mapped.graph.add((URIRef(s), URIRef(p), o if isinstance(o, (Literal, URIRef)) else URIRef(o)))

    def read_persons(self) -> None:
        for where, item in self.items("persons"):
            pid, name = self.text(item, "id", where, True), self.text(item, "name", where, True)
            if not (pid and name):
                continue
            iri = self.r.minter.person(name)
            if pid in self.people:
                self.problem(where, "duplicate_key", f"id '{pid}' bị lặp lại.", f"The id '{pid}' appears twice.", "id", pid)
            self.people[pid] = iri
            self.mapped.locate(iri, where)
            self.add(iri, RDF + "type", SCHEMA + "Person")
            self.add(iri, SCHEMA + "name", Literal(name))
            for key, prop in (("given_name", "givenName"), ("family_name", "familyName")):
                part = self.text(item, key, where)
                self.add(iri, SCHEMA + prop, Literal(part) if part else None)
            gender = self.text(item, "gender", where)
            if gender and fold(gender) not in _GENDERS:
                self.problem(where, "bad_value", f"Giới tính '{gender}' không rõ.", f"Unknown gender '{gender}'.", "gender", gender)
            elif gender:
                self.add(iri, SCHEMA + "gender", SCHEMA + _GENDERS[fold(gender)])

    def first_membership_day(self, org_id: str) -> date | None:
        """When an organisation's own dates are missing, the earliest membership date picks the era."""
        days = [parse_day(m["start_date"]).value for m in self.doc.get("memberships", [])
                if isinstance(m, dict) and m.get("organization_id") == org_id and isinstance(m.get("start_date"), str)
                and _readable(m["start_date"])]
        return min(days) if days else None

    def read_organizations(self) -> None:
        for where, item in self.items("organizations"):
            oid, name = self.text(item, "id", where, True), self.text(item, "name", where, True)
            if not (oid and name):
                continue
            founded, dissolved = self.day(item, "founding_date", where), self.day(item, "dissolution_date", where)
            on = founded.value if founded else dissolved.value if dissolved else self.first_membership_day(oid)
            identifiers = {fold(str(i.get("scheme", ""))): str(i.get("identifier", "")).strip()
                           for i in item.get("identifiers", []) if isinstance(i, dict)}
            try:
                if "wugraph" in identifiers:
                    parsed = self.r.minter.parse_unit(f"{self.r.minter.base}chapter/{identifiers['wugraph'].strip('/')}")
                    if parsed is None:
                        raise ParseError(f"Khóa cấp Hội '{identifiers['wugraph']}' không hợp lệ (ví dụ: pre2025/province/67).",
                                         f"Invalid chapter key '{identifiers['wugraph']}' (e.g. pre2025/province/67).", reason="unknown_code")
                    iri = self.r.minter.chapter(parsed[1])
                    if self.r.gazetteer.get(self.r.minter.unit(parsed[1])) is None:
                        raise ParseError(f"Không có đơn vị hành chính {parsed[1].path}.", f"No administrative unit {parsed[1].path}.",
                                         reason="unknown_code")
                elif "gso" in identifiers:
                    level = parse_level(str(item.get("classification", "")))
                    iri = self.r.chapter_of(self.r.unit(identifiers["gso"], level, on))
                elif is_central(name):
                    iri = self.r.minter.union()
                else:
                    iri = self.r.minter.organization(name)
            except ParseError as error:
                self.mapped.problems.append(problem_from(error, where, name, "identifiers"))
                continue
            self.orgs[oid] = (iri, self.r.chapter_key(iri) if "/chapter/" in iri else slugify(name))
            self.mapped.locate(iri, where)
            if "/chapter/" in iri or iri == self.r.minter.union():
                continue
            self.add(iri, RDF + "type", ORG + "Organization")
            self.add(iri, SKOS + "prefLabel", Literal(name, lang="vi"))
            self.add(iri, SCHEMA + "startDate", _date(founded))
            self.add(iri, SCHEMA + "endDate", _date(dissolved))

    def link_parents(self) -> None:
        for where, item in self.items("organizations"):
            parent = self.text(item, "parent_id", where)
            own = self.orgs.get(self.text(item, "id", where))
            if parent and own and "/org/" in own[0]:
                if parent not in self.orgs:
                    self.problem(where, "unknown_reference", f"parent_id '{parent}' không có trong organizations.",
                                 f"parent_id '{parent}' is not among the organizations.", "parent_id", parent)
                else:
                    self.add(own[0], ORG + "subOrganizationOf", self.orgs[parent][0])

    def read_memberships(self) -> None:
        self.posts = {str(p.get("id")): p for _, p in self.items("posts")}
        seen: dict[str, str] = {}
        for where, item in self.items("memberships"):
            post = self.posts.get(self.text(item, "post_id", where), {})
            person_id = self.text(item, "person_id", where, True)
            org_id = self.text(item, "organization_id", where) or str(post.get("organization_id", ""))
            role_text = self.text(item, "role", where) or str(post.get("role") or post.get("label") or "")
            start, end = self.day(item, "start_date", where), self.day(item, "end_date", where)
            person, org = self.people.get(person_id), self.orgs.get(org_id)
            for ref, found, key in ((person_id, person, "person_id"), (org_id, org, "organization_id")):
                if ref and found is None:
                    self.problem(where, "unknown_reference", f"{key} '{ref}' không có trong tệp.", f"{key} '{ref}' is not in the file.", key, ref)
            if not role_text:
                self.problem(where, "missing_value", "Thiếu vai trò (role) của chức vụ.", "The membership has no role.", "role")
                continue
            try:
                role = self.r.concept("RoleScheme", role_text)
            except ParseError as error:
                self.mapped.problems.append(problem_from(error, where, role_text, "role"))
                continue
            if person is None or org is None:
                continue
            iri = membership_iri(self.r.minter, person, org[1], role)
            if iri in seen:
                self.problem(where, "duplicate_key", f"Chức vụ này đã có ở {seen[iri]}.", f"This membership already appears at {seen[iri]}.")
                continue
            seen[iri] = where
            self.mapped.locate(iri, where)
            for p, o in ((RDF + "type", ORG + "Membership"), (ORG + "member", person), (ORG + "organization", org[0]), (ORG + "role", role)):
                self.add(iri, p, o)
            self.add(iri, SCHEMA + "startDate", _date(start))
            self.add(iri, SCHEMA + "endDate", _date(end))


def _readable(text: str) -> bool:
    try:
        parse_day(text)
    except ParseError:
        return False
    return True


def _date(day: Day | None) -> Literal | None:
    return Literal(day.iso, datatype=URIRef(XSD + "date")) if day else None


def read_popolo(document: Mapping[str, Any], name: str, resolver: Resolver) -> Mapped:
    """A Popolo document → triples, locations ('file:memberships[2]') and problems."""
    reader = _Reader(document, name, resolver)
    reader.read_persons()
    reader.read_organizations()
    reader.link_parents()
    reader.read_memberships()
    return reader.mapped
