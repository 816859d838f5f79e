"""Resolution shared by the tabular sources (CSV templates, Popolo): dates, places, concepts, problems.

Stewards write what they know: '21/2/2023' or '2/2023', 'huyện Đắk G'long' or '661', 'Phó Chủ tịch'
or 'Vice-Chair'. This module turns those into typed values and IRIs, and describes every failure
as a `Problem` saying where (file and row), what value, and why, in Vietnamese and English.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, TypeVar

from rdflib import Graph

from ..errors import ParseError
from ..identifiers import Minter
from ..namespaces import WU
from ..reference.gazetteer import Gazetteer, UnitRecord
from ..text import fold, has_invisible, nfc

T = TypeVar("T")

PRECISIONS: dict[str, str] = {"day": WU + "DayPrecision", "month": WU + "MonthPrecision", "year": WU + "YearPrecision"}
_DAY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH = re.compile(r"^(\d{1,2})[/.\-](\d{4})$")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
_LEAD_WORD = re.compile(r"^([^\d\s]+)\s+(.*)$")
_DATE_WORDS = frozenset({"ngay", "thang", "nam", "day", "month", "year"})
_CODE = re.compile(r"^\d{1,5}$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CODE_LEVEL = {2: "Province", 3: "District", 5: "Commune"}
_LEVEL_WORDS: dict[str, str] = {
    "tinh": "Province", "cap tinh": "Province", "province": "Province", "thanh pho truc thuoc trung uong": "Province",
    "huyen": "District", "cap huyen": "District", "quan": "District", "thi xa": "District", "district": "District",
    "xa": "Commune", "cap xa": "Commune", "phuong": "Commune", "thi tran": "Commune", "dac khu": "Commune",
    "commune": "Commune", "ward": "Commune",
}
_LEVEL_VI = {"Province": "tỉnh", "District": "huyện", "Commune": "xã"}
CENTRAL_NAMES: frozenset[str] = frozenset({
    "trung uong", "cap trung uong", "central", "national", "toan quoc",
    "hoi lien hiep phu nu viet nam", "hoi lhpn viet nam", "trung uong hoi", "vietnam womens union",
})
YEAR_RANGE = (1900, 2100)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one value of a source, located and explained in both languages."""

    code: str
    message_vi: str
    message_en: str
    where: str
    value: str | None = None
    column: str | None = None
    node: str | None = None
    candidates: tuple[Mapping[str, str], ...] = ()


def reason(error: ParseError) -> str:
    """The machine-readable reason a ParseError carries (set by this package's readers)."""
    return str(error.details.get("reason", error.code))


def problem_from(error: ParseError, where: str, value: str | None = None, column: str | None = None,
                 node: str | None = None) -> Problem:
    """A located Problem from a resolution failure raised below."""
    candidates = tuple(error.details.get("candidates", ()))
    return Problem(reason(error), error.message_vi, error.message_en, where, value, column, node, candidates)


def _fail(code: str, vi: str, en: str, **details: Any) -> ParseError:
    return ParseError(vi, en, reason=code, **details)


def clean(value: str) -> str:
    """A cell's canonical text (NFC, trimmed); invisible or control characters are refused, not dropped."""
    if has_invisible(value):
        raise _fail("invisible_character",
                    "Giá trị chứa ký tự vô hình (khoảng trắng độ rộng 0 hoặc ký tự điều khiển hướng chữ); hãy gõ lại ô này.",
                    "The value holds invisible characters (zero-width space or bidirectional control); retype this cell.")
    if _CONTROL.search(value):
        raise _fail("control_character", "Giá trị chứa ký tự điều khiển không in được.",
                    "The value holds a non-printing control character.")
    return nfc(value)


@dataclass(frozen=True)
class Day:
    """A date as written, with how precise it was: month or year dates stand on their first day."""

    value: date
    precision: str

    @property
    def iso(self) -> str:
        return self.value.isoformat()

    @property
    def precision_iri(self) -> str:
        return PRECISIONS[self.precision]


def _make_day(year: int, month: int, day: int, text: str, precision: str) -> Day:
    if not YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
        raise _fail("bad_date", f"Năm {year} nằm ngoài khoảng {YEAR_RANGE[0]}–{YEAR_RANGE[1]}: '{text}'.",
                    f"Year {year} lies outside {YEAR_RANGE[0]}–{YEAR_RANGE[1]}: '{text}'.")
    try:
        return Day(date(year, month, day), precision)
    except ValueError:
        raise _fail("bad_date", f"'{text}' không phải là một ngày có thật (ngày/tháng/năm).",
                    f"'{text}' is not a real calendar date (day/month/year).") from None


def parse_day(text: str) -> Day:
    """dd/mm/yyyy, d/m/yyyy, yyyy-mm-dd (day); mm/yyyy, yyyy-mm (month); yyyy (year)."""
    raw = text.strip()
    if (m := _LEAD_WORD.match(raw)) and fold(m[1]) in _DATE_WORDS:
        raw = m[2]
    raw = raw.replace(" ", "")
    if m := _ISO_DAY.match(raw):
        return _make_day(int(m[1]), int(m[2]), int(m[3]), text, "day")
    if m := _DAY.match(raw):
        return _make_day(int(m[3]), int(m[2]), int(m[1]), text, "day")
    if m := _ISO_MONTH.match(raw):
        return _make_day(int(m[1]), int(m[2]), 1, text, "month")
    if m := _MONTH.match(raw):
        return _make_day(int(m[2]), int(m[1]), 1, text, "month")
    if m := _YEAR.match(raw):
        return _make_day(int(m[1]), 1, 1, text, "year")
    raise _fail("bad_date",
                f"Không đọc được ngày '{text}': hãy ghi dd/mm/yyyy, yyyy-mm-dd, mm/yyyy hoặc yyyy.",
                f"Cannot read the date '{text}': write dd/mm/yyyy, yyyy-mm-dd, mm/yyyy or yyyy.")


def parse_count(text: str) -> int:
    """A non-negative whole number, allowing Vietnamese thousands separators (1.200)."""
    raw = text.strip().replace(" ", "")
    if re.fullmatch(r"\d{1,3}([.,]\d{3})+", raw):
        raw = re.sub(r"[.,]", "", raw)
    if not raw.isdigit():
        raise _fail("bad_number", f"'{text}' không phải là số nguyên không âm.", f"'{text}' is not a non-negative whole number.")
    return int(raw)


def parse_level(text: str) -> str | None:
    """'tỉnh', 'cấp huyện', 'commune' … → 'Province' | 'District' | 'Commune'; blank → None."""
    if not text.strip():
        return None
    level = _LEVEL_WORDS.get(fold(text))
    if level is None:
        raise _fail("bad_level", f"Cấp '{text}' không rõ: hãy ghi tỉnh, huyện hoặc xã.",
                    f"Unknown level '{text}': write province, district or commune.")
    return level


def is_central(text: str) -> bool:
    """True for the words that name the national union rather than a place ('Trung ương', 'central')."""
    return fold(text) in CENTRAL_NAMES


@dataclass
class Resolver:
    """Turns place names, GSO codes and concept labels into IRIs, against the store's units and schemes."""

    gazetteer: Gazetteer
    concepts: Mapping[str, Mapping[str, str]]
    minter: Minter
    labels: Mapping[str, str] = field(default_factory=dict)
    models: Mapping[str, str] = field(default_factory=dict)
    concept_memo: dict[tuple[str, str], str] = field(default_factory=dict, repr=False)
    model_memo: dict[str, str] = field(default_factory=dict, repr=False)

    @classmethod
    def from_rows(cls, gazetteer: Gazetteer, rows: Iterable[tuple[str, str, str, str | None]], minter: Minter) -> "Resolver":
        """Build the concept table from (concept, scheme, label, language) rows."""
        table: dict[str, dict[str, str]] = {}
        labels: dict[str, str] = {}
        for concept, scheme, label, lang in rows:
            scheme_name = scheme.rsplit("#", 1)[-1]
            keys = table.setdefault(scheme_name, {})
            keys.setdefault(fold(label), concept)
            local = concept.rsplit("#", 1)[-1]
            keys.setdefault(fold(local), concept)
            keys.setdefault(fold("wu:" + local), concept)
            keys.setdefault(concept, concept)
            if lang == "vi":
                labels.setdefault(concept, label)
        return cls(gazetteer, table, minter, labels)

    def concept(self, scheme: str, text: str) -> str:
        """The concept of `scheme` (e.g. 'RoleScheme') whose label, notation or name matches `text`."""
        known = self.concept_memo.get((scheme, text))
        if known is not None:
            return known
        keys = self.concepts.get(scheme, {})
        found = keys.get(text.strip()) or keys.get(fold(text))
        if found is None:
            allowed = sorted({self.labels.get(iri, iri.rsplit("#", 1)[-1]) for iri in keys.values()})
            raise _fail("unknown_concept", f"'{text}' không có trong danh mục {scheme}; các giá trị được phép: {', '.join(allowed)}.",
                        f"'{text}' is not in {scheme}; allowed values: {', '.join(allowed)}.", allowed=allowed)
        self.concept_memo[(scheme, text)] = found
        return found

    def concepts_list(self, scheme: str, text: str) -> list[str]:
        """Several concepts separated by ';' (or ',' when no ';' is present)."""
        separator = ";" if ";" in text else ","
        return [self.concept(scheme, part) for part in text.split(separator) if part.strip()]

    def with_models(self, rows: Iterable[tuple[str, str]]) -> "Resolver":
        """A copy that also knows the stored models by label ((model, label) rows)."""
        models: dict[str, str] = {}
        for model, label in rows:
            models.setdefault(fold(label), model)
        return replace(self, models=models, model_memo={})

    def model(self, text: str) -> str:
        """A model named by IRI, by a stored label (any spelling of diacritics), else minted from the name."""
        if text.startswith(("http://", "https://")):
            return text
        if text not in self.model_memo:
            self.model_memo[text] = self.models.get(fold(text)) or self.minter.model(text)
        return self.model_memo[text]

    def _describe(self, record: UnitRecord) -> dict[str, str]:
        parent = self.gazetteer.get(record.parent) if record.parent else None
        validity = f"{record.start.isoformat() if record.start else '…'} – {record.end.isoformat() if record.end else '…'}"
        return {"name": record.name, "code": record.code, "parent": parent.name if parent else "",
                "iri": record.iri, "valid": validity}

    def _ambiguous(self, text: str, found: list[UnitRecord]) -> ParseError:
        candidates = [self._describe(r) for r in found]
        listed = "; ".join(f"{c['name']} (mã {c['code']}{', thuộc ' + c['parent'] if c['parent'] else ''}, {c['valid']})" for c in candidates)
        listed_en = "; ".join(f"{c['name']} (code {c['code']}{', in ' + c['parent'] if c['parent'] else ''}, {c['valid']})" for c in candidates)
        return _fail("ambiguous_place",
                     f"Tên '{text}' ứng với {len(found)} đơn vị: {listed}. Hãy ghi mã GSO, ghi cấp, hoặc ghi kèm đơn vị cấp trên ('Xã A, Huyện B').",
                     f"The name '{text}' matches {len(found)} units: {listed_en}. Give the GSO code, the level, or the parent unit ('Xã A, Huyện B').",
                     candidates=candidates)

    def unit(self, text: str, level: str | None = None, on: date | None = None) -> UnitRecord:
        """The one unit a name, 'name, parent, …' path or GSO code designates on a day."""
        text = nfc(text)
        when = f" vào ngày {on.strftime('%d/%m/%Y')}" if on else ""
        when_en = f" on {on.isoformat()}" if on else ""
        if _CODE.match(text):
            code_level = level or _CODE_LEVEL.get(len(text))
            if code_level is None:
                raise _fail("unknown_code", f"Mã GSO '{text}' không đủ chữ số (tỉnh 2, huyện 3, xã 5); nếu bảng tính đã bỏ số 0 ở đầu, hãy ghi cấp.",
                            f"GSO code '{text}' has the wrong number of digits (province 2, district 3, commune 5); if the spreadsheet dropped leading zeros, give the level.")
            found = self.gazetteer.by_code(text, on=on, level=code_level)
            if not found:
                raise _fail("unknown_code", f"Không có đơn vị {_LEVEL_VI[code_level]} nào mang mã GSO {text}{when}.",
                            f"No {code_level.lower()} carries GSO code {text}{when_en}.")
            if len(found) > 1:
                raise self._ambiguous(text, found)
            return found[0]
        parts = [p.strip() for p in text.split(",") if p.strip()]
        if not parts:
            raise _fail("missing_value", "Thiếu tên đơn vị hành chính.", "The place name is missing.")
        within: str | None = None
        record: UnitRecord | None = None
        for index in range(len(parts) - 1, -1, -1):
            found = self.gazetteer.lookup(parts[index], on=on, level=level if index == 0 else None, within=within)
            if index > 0:  # an enclosing part names a province or district, never a commune
                found = [r for r in found if r.level != "Commune"]
            if not found:
                scope = f" trong {record.name}" if record else ""
                scope_en = f" within {record.name}" if record else ""
                raise _fail("unknown_place", f"Không tìm thấy đơn vị hành chính '{parts[index]}'{scope}{when}.",
                            f"No administrative unit named '{parts[index]}'{scope_en}{when_en}.")
            if len(found) > 1:
                raise self._ambiguous(parts[index], found)
            record = found[0]
            within = record.iri
        assert record is not None
        return record

    def chapter(self, text: str, level: str | None = None, on: date | None = None) -> str:
        """The union chapter of the designated unit, or the national union for 'Trung ương'."""
        if is_central(text):
            return self.minter.union()
        return self.chapter_of(self.unit(text, level, on))

    def chapter_of(self, record: UnitRecord) -> str:
        parsed = self.minter.parse_unit(record.iri)
        if parsed is None:
            raise _fail("unknown_place", f"Đơn vị {record.name} không có cấp Hội tương ứng.",
                        f"Unit {record.name} has no union chapter.")
        return self.minter.chapter(parsed[1])

    def chapter_key(self, chapter_iri: str) -> str:
        """The path part of a chapter IRI ('pre2025/district/661'), or 'union' for the national union."""
        parsed = self.minter.parse_unit(chapter_iri)
        return parsed[1].path if parsed else "union"


@dataclass
class Mapped:
    """What a reader produced from one source: triples, where each node came from, and problems."""

    graph: Graph
    locations: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def locate(self, node: str, where: str) -> None:
        """Remember the first place a node was stated."""
        self.locations.setdefault(node, where)


def membership_iri(minter: Minter, person: str, org_key: str, role: str) -> str:
    """membership/{person-slug}/{org-slug-or-key}/{role} (docs/iris.md); the role as its kebab-case name."""
    local = role.rsplit("#", 1)[-1]
    role_slug = "".join(f"-{ch.lower()}" if ch.isupper() and i else ch.lower() for i, ch in enumerate(local))
    return f"{minter.base}membership/{person.rsplit('/', 1)[-1]}/{org_key}/{role_slug}"


class Row:
    """One data row: cleaned cells by key, and a way to read each cell that records problems."""

    def __init__(self, cells: dict[str, str], headers: dict[str, str], where: str, mapped: Mapped) -> None:
        self.cells, self.headers, self.where, self.mapped = cells, headers, where, mapped
        self.ok = True

    def text(self, key: str) -> str:
        return self.cells.get(key, "")

    def report(self, code: str, vi: str, en: str, key: str | None = None, value: str | None = None) -> None:
        self.ok = False
        self.mapped.problems.append(Problem(code, vi, en, self.where, value, self.headers.get(key or "", key), None))

    def need(self, key: str) -> str:
        value = self.text(key)
        if not value:
            header = self.headers.get(key, key)
            self.report("missing_value", f"Thiếu giá trị ở cột bắt buộc '{header}'.", f"The required column '{header}' is empty.", key)
        return value

    def read(self, key: str, convert: Callable[[str], T], required: bool = False) -> T | None:
        """The converted cell, or None when blank (a problem if required) or unreadable (a problem)."""
        value = self.need(key) if required else self.text(key)
        if not value:
            return None
        try:
            return convert(value)
        except ParseError as error:
            self.ok = False
            self.mapped.problems.append(problem_from(error, self.where, value, self.headers.get(key, key)))
            return None
