"""Reading a reconciliation query batch: JSON in, checked queries out, or one clear 400 naming what is wrong.

A batch comes from a spreadsheet tool, so it is checked whole before any matching starts: a
malformed document, an unknown type or property, a batch past the size the manifest announces or
a name past any real name's length is refused with its reason (`reason` in the error body), in
Vietnamese and English, rather than half-answered.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..errors import UsageError
from ..text import nfc
from .vocabulary import LEVELS, PROPERTY_BY_ID, TYPES, level_of, type_iri

MAX_BATCH = 500
MAX_QUERY_CHARS = 1000
MAX_DOCUMENT_CHARS = 2_000_000
DEFAULT_LIMIT = 10
MAX_LIMIT = 100
_QUERY_KEYS = frozenset({"query", "type", "limit", "properties", "type_strict"})


@dataclass(frozen=True)
class ProvinceValue:
    """A province as a query names it: by name (either era) or by a reconciled entity's IRI."""

    name: str | None = None
    iri: str | None = None


@dataclass(frozen=True)
class Query:
    """One checked reconciliation query; empty tuples mean 'no constraint'."""

    key: str
    text: str
    types: tuple[str, ...] = ()
    limit: int = DEFAULT_LIMIT
    provinces: tuple[ProvinceValue, ...] = ()
    levels: tuple[str, ...] = ()
    days: tuple[date, ...] = ()
    codes: tuple[str, ...] = ()


def refuse(reason: str, vi: str, en: str, **details: Any) -> UsageError:
    """A 400 with a machine-readable reason beside the two messages."""
    return UsageError(vi, en, reason=reason, **details)


def parse_document(raw: str | None, parameter: str) -> Any:
    """The JSON of a form or query parameter (`queries`, `extend`), bounded in size and depth."""
    if raw is None or not raw.strip():
        raise refuse("missing", f"Thiếu tham số {parameter}.", f"The {parameter} parameter is missing.", parameter=parameter)
    if len(raw) > MAX_DOCUMENT_CHARS:
        raise refuse("too_large", f"Tham số {parameter} dài {len(raw)} ký tự, vượt giới hạn {MAX_DOCUMENT_CHARS}.",
                     f"The {parameter} parameter is {len(raw)} characters long, over the limit of {MAX_DOCUMENT_CHARS}.",
                     parameter=parameter, limit=MAX_DOCUMENT_CHARS)
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        raise refuse("malformed_json", f"Tham số {parameter} không phải JSON hợp lệ: {exc.msg} (dòng {exc.lineno}, cột {exc.colno}).",
                     f"The {parameter} parameter is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno}).",
                     parameter=parameter) from exc
    except RecursionError as exc:
        raise refuse("malformed_json", f"Tham số {parameter} lồng nhau quá sâu.", f"The {parameter} parameter is nested too deeply.",
                     parameter=parameter) from exc


def parse_batch(raw: str | None) -> list[Query]:
    """A `queries` parameter as checked queries, in the batch's order."""
    document = parse_document(raw, "queries")
    if not isinstance(document, dict):
        raise refuse("not_an_object", "Lô truy vấn phải là một đối tượng JSON {\"q0\": {...}, ...}.",
                     "A query batch must be a JSON object {\"q0\": {...}, ...}.")
    if len(document) > MAX_BATCH:
        raise refuse("too_many_queries", f"Lô có {len(document)} truy vấn, quá giới hạn {MAX_BATCH} mỗi lô; hãy chia nhỏ.",
                     f"The batch holds {len(document)} queries, over the limit of {MAX_BATCH} per batch; split it.",
                     limit=MAX_BATCH, queries=len(document))
    return [_query(str(key), value) for key, value in document.items()]


def _query(key: str, body: Any) -> Query:
    if not isinstance(body, dict):
        raise refuse("not_an_object", f"Truy vấn {key} phải là một đối tượng JSON.", f"Query {key} must be a JSON object.", query=key)
    unknown = sorted(set(body) - _QUERY_KEYS)
    if unknown:
        raise refuse("unknown_field", f"Truy vấn {key} có trường không được hỗ trợ: {', '.join(unknown)}.",
                     f"Query {key} has unsupported fields: {', '.join(unknown)}.", query=key, fields=unknown)
    text = body.get("query", "")
    if not isinstance(text, str):
        raise refuse("bad_query", f"Trường query của truy vấn {key} phải là chuỗi.", f"The query field of query {key} must be a string.", query=key)
    if len(text) > MAX_QUERY_CHARS:
        raise refuse("query_too_long", f"Tên cần tìm của truy vấn {key} dài {len(text)} ký tự, quá giới hạn {MAX_QUERY_CHARS}.",
                     f"The name in query {key} is {len(text)} characters long, over the limit of {MAX_QUERY_CHARS}.",
                     query=key, limit=MAX_QUERY_CHARS)
    if body.get("type_strict", "any") not in ("any", "should", "all"):
        raise refuse("bad_type_strict", f"type_strict của truy vấn {key} phải là any, should hoặc all.",
                     f"The type_strict of query {key} must be any, should or all.", query=key)
    parsed = Query(key, nfc(text), _types(key, body.get("type")), _limit(key, body.get("limit")))
    parsed = _with_properties(parsed, body.get("properties"))
    if not parsed.text and not parsed.codes:
        raise refuse("empty_query", f"Truy vấn {key} cần một tên (query) hoặc một mã GSO (thuộc tính code).",
                     f"Query {key} needs a name (query) or a GSO code (the code property).", query=key)
    return parsed


def _types(key: str, raw: Any) -> tuple[str, ...]:
    if raw is None:
        return ()
    values = raw if isinstance(raw, list) else [raw]
    out: list[str] = []
    for value in values:
        found = type_iri(value) if isinstance(value, str) else None
        if found is None:
            raise refuse("unknown_type", f"Truy vấn {key}: không có loại {value!r}. Các loại: {', '.join(TYPES)}.",
                         f"Query {key}: there is no type {value!r}. Types: {', '.join(TYPES)}.", query=key, types=list(TYPES))
        out.append(found)
    return tuple(out)


def _limit(key: str, raw: Any) -> int:
    if raw is None:
        return DEFAULT_LIMIT
    if isinstance(raw, bool) or not isinstance(raw, (int, float)) or raw != raw or raw < 1 or int(raw) != raw:
        raise refuse("bad_limit", f"limit của truy vấn {key} phải là số nguyên dương.", f"The limit of query {key} must be a positive integer.",
                     query=key)
    return min(int(raw), MAX_LIMIT)


def _with_properties(query: Query, raw: Any) -> Query:
    if raw is None:
        return query
    if not isinstance(raw, list):
        raise refuse("bad_properties", f"properties của truy vấn {query.key} phải là một mảng.",
                     f"The properties of query {query.key} must be an array.", query=query.key)
    fields: dict[str, list[Any]] = {"province": [], "level": [], "on": [], "code": []}
    for item in raw:
        if not isinstance(item, dict) or not isinstance(item.get("pid"), str) or "v" not in item:
            raise refuse("bad_properties", f"Mỗi thuộc tính của truy vấn {query.key} cần pid và v.",
                         f"Each property of query {query.key} needs a pid and a v.", query=query.key)
        pid = item["pid"]
        known = PROPERTY_BY_ID.get(pid)
        if known is None or not known.in_queries:
            usable = [p.id for p in PROPERTY_BY_ID.values() if p.in_queries]
            raise refuse("unknown_property", f"Truy vấn {query.key}: không có thuộc tính {pid!r} để lọc. Dùng: {', '.join(usable)}.",
                         f"Query {query.key}: there is no property {pid!r} to match on. Use: {', '.join(usable)}.",
                         query=query.key, properties=usable)
        values = item["v"] if isinstance(item["v"], list) else [item["v"]]
        fields[pid] += [_value(query.key, pid, v) for v in values]
    return Query(query.key, query.text, query.types, query.limit, tuple(fields["province"]), tuple(fields["level"]),
                 tuple(fields["on"]), tuple(fields["code"]))


def _value(key: str, pid: str, value: Any) -> Any:
    """One property value, checked and normalised for its property."""
    def bad(expected_vi: str, expected_en: str) -> UsageError:
        return refuse("bad_value", f"Truy vấn {key}: giá trị {value!r} của {pid} không hợp lệ ({expected_vi}).",
                      f"Query {key}: the value {value!r} of {pid} is not valid ({expected_en}).", query=key, property=pid)

    if isinstance(value, dict):
        if not isinstance(value.get("id"), str):
            raise bad("một thực thể cần id", "an entity needs an id")
        if pid == "province":
            return ProvinceValue(iri=value["id"])
        value = value.get("name") or value["id"]
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise bad("cần chuỗi hoặc số", "a string or a number is expected")
    text = nfc(str(value))
    if not text or len(text) > MAX_QUERY_CHARS:
        raise bad(f"cần 1 đến {MAX_QUERY_CHARS} ký tự", f"1 to {MAX_QUERY_CHARS} characters are expected")
    if pid == "province":
        return ProvinceValue(iri=text) if text.startswith(("http://", "https://")) else ProvinceValue(name=text)
    if pid == "level":
        level = level_of(text)
        if level is None:
            raise bad("một trong " + ", ".join(LEVELS) + " hoặc tỉnh, huyện, xã", "one of " + ", ".join(LEVELS))
        return level
    if pid == "on":
        try:
            return date.fromisoformat(text[:10])
        except ValueError:
            raise bad("ngày dạng YYYY-MM-DD", "a date as YYYY-MM-DD") from None
    digits = text.removesuffix(".0") if isinstance(value, float) else text
    if not (digits.isascii() and digits.isdigit()) or len(digits) > 12:
        raise bad("mã GSO gồm chữ số", "a GSO code is digits")
    return digits.lstrip("0") or "0"
