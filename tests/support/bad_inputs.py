"""The broken inputs of tests/data/bad and what each must be refused with, shared by the embedded and remote suites."""

from __future__ import annotations

from wugraph.errors import WugraphError
from wugraph.ingest.pipeline import PROBLEM_RULE

from .paths import DATA

BAD = DATA / "bad"

# file → (error code, reason: parser reason / ingest rule / SHACL shape name, text expected in an English message)
EXPECTED: dict[str, tuple[str, str, str]] = {
    "broken-turtle.ttl": ("parse_error", "syntax", "unterminated URI reference"),
    "unbound-prefix.ttl": ("parse_error", "syntax", 'Prefix "skos:" not bound'),
    "broken-trig.trig": ("parse_error", "syntax", "needed '}'"),
    "broken-jsonld.jsonld": ("parse_error", "syntax", "Expecting ',' delimiter"),
    "broken-rdfxml.rdf": ("parse_error", "syntax", "no element found"),
    "broken-ntriples.nt": ("parse_error", "syntax", "Invalid line"),
    "broken-nquads.nq": ("parse_error", "syntax", "Invalid line"),
    "deep-nesting.jsonld": ("parse_error", "syntax", "recursion"),
    "xml-entity-bomb.rdf": ("parse_error", "xml_doctype", "no expansion bombs"),
    "xml-external-entity.rdf": ("parse_error", "xml_doctype", "no external entities"),
    "remote-context.jsonld": ("parse_error", "remote_context", "https://schema.org/"),
    "remote-context-import.jsonld": ("parse_error", "remote_context", "https://example.org/context.jsonld"),
    "reserved-graph.trig": ("parse_error", "reserved_graph", "https://w3id.org/wugraph/graph/meta is not allowed"),
    "latin1-bytes.ttl": ("parse_error", "not_utf8", "not UTF-8"),
    "latin1-bytes.csv": ("parse_error", "not_utf8", "not UTF-8"),
    "nul-bytes.ttl": ("parse_error", "nul_byte", "NUL byte"),
    "unsupported.docx": ("unsupported_media_type", "unsupported_format", "unsupported format '.docx'"),
    "missing-column.csv": ("parse_error", "csv_structure", "missing columns: Ngày áp dụng"),
    "unknown-template.csv": ("parse_error", "csv_structure", "matches no CSV template"),
    "header-only.csv": ("parse_error", "empty_source", "holds no statements"),
    "rtl-override.ttl": ("validation_failed", "invisible_character", "invisible characters"),
    "zero-width.csv": ("validation_failed", "invisible_character", "invisible characters"),
    "ill-typed-date.ttl": ("validation_failed", "ill_typed_literal", "'2023-02-30' is not a valid"),
    "unknown-place.csv": ("validation_failed", "unknown_place", "No administrative unit named 'Huyện Không Có Thật'"),
    "place-wrong-era.csv": ("validation_failed", "unknown_place", "on 2025-08-01"),
    "ambiguous-place.csv": ("validation_failed", "ambiguous_place", "matches 33 units"),
    "unknown-gso-code.csv": ("validation_failed", "unknown_code", "GSO code 99999"),
    "duplicate-rows.csv": ("validation_failed", "duplicate_row", "duplicates line 2"),
    "duplicate-key.csv": ("validation_failed", "duplicate_key", "already appears at duplicate-key.csv:2"),
    "bad-date.csv": ("validation_failed", "bad_date", "'31/02/2023' is not a real calendar date"),
    "bad-date-format.csv": ("validation_failed", "bad_date", "Cannot read the date 'March 2023'"),
    "unknown-concept.csv": ("validation_failed", "unknown_concept", "'copying' is not in AdoptionKindScheme"),
    "missing-required-value.csv": ("validation_failed", "missing_value", "'Adopter' is empty"),
    "conflicting-event.csv": ("validation_failed", "conflicting_event", "this row says '150'"),
    "popolo-unknown-reference.json": ("validation_failed", "unknown_reference", "person_id 'khong-co'"),
    "popolo-bad-role.json": ("validation_failed", "unknown_concept", "'Thủ quỹ danh dự' is not in RoleScheme"),
    "wrong-datatype.ttl": ("validation_failed", "Event-delegateCount", "xsd:nonNegativeInteger"),
    "end-before-start.ttl": ("validation_failed", "Event-startDate", "not after its end date"),
    "end-before-start.csv": ("validation_failed", "startDate", "must not be after the end date"),
    "hierarchy-cycle.ttl": ("validation_failed", "NoOrganizationCycleShape", "its own ancestor"),
    "missing-vi-label.ttl": ("validation_failed", "prefLabel-vi", "Vietnamese name"),
    "adoption-after-end.ttl": ("validation_failed", "AdoptionWithinAdopterShape", "after the end date"),
    "location-not-valid-on-date.ttl": ("validation_failed", "EventLocationValidShape", "did not exist on 2024-03-08"),
    "closed-shape-typo.ttl": ("validation_failed", "AdoptionShape", "adoptedOnn"),
}


def messages(error: WugraphError) -> str:
    report = getattr(error, "report", None)
    texts = [error.message_en, error.message_vi]
    if report is not None:
        texts += [f"{f.message_en} {f.path} {f.value}" for f in report.findings]
    return "\n".join(texts)


def reasons(error: WugraphError) -> set[str]:
    report = getattr(error, "report", None)
    if report is None:
        return {str(error.details.get("reason"))}
    out = set()
    for finding in report.violations:
        shape = finding.source_shape or ""
        out.add(shape.removeprefix(PROBLEM_RULE) if shape.startswith(PROBLEM_RULE) else shape.rsplit("#", 1)[-1])
    return out
