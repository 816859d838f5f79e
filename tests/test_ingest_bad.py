"""Every bad input in tests/data/bad is rejected for its expected reason, and the store does not change.

One private copy of the bundled store serves the whole module: each test proves it wrote nothing
(store version, quad count and a hash of every non-reference graph are unchanged), and the last
test compares a full N-Quads dump hash with the one taken before the first.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import DATA, ROOT
from store_support import dumped

from wugraph.config import Settings, load_settings
from wugraph.errors import TooLargeError, ValidationFailed, WugraphError
from wugraph.ingest.pipeline import PROBLEM_RULE, ingest
from wugraph.ingest.sources import Source, read_path
from wugraph.namespaces import REFERENCE_GRAPH_BASE
from wugraph.store import OxigraphStore, open_store

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


def _copy(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    (target / "LOCK").unlink(missing_ok=True)
    return target


@pytest.fixture(scope="module")
def bad_settings(built_store_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    folder = _copy(built_store_dir, tmp_path_factory.mktemp("bad-inputs") / "store")
    return load_settings({"store": str(folder), "home": ROOT}, environ={})


@pytest.fixture(scope="module")
def bad_store(bad_settings: Settings) -> Iterator[OxigraphStore]:
    opened = open_store(Path(bad_settings.store))
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def full_hash_before(bad_store: OxigraphStore) -> str:
    return hashlib.sha256(dumped(bad_store)).hexdigest()


def state(store: OxigraphStore) -> tuple[str, int, str]:
    """Version token (changes on every write), quad count, and a hash of every graph but the large reference ones."""
    digest = hashlib.sha256()
    for graph in store.graph_names():
        if not graph.startswith(REFERENCE_GRAPH_BASE):
            digest.update(graph.encode())
            digest.update(dumped(store, "nquads", graph))
    return store.version(), store.count(), digest.hexdigest()


def _messages(error: WugraphError) -> str:
    report = getattr(error, "report", None)
    texts = [error.message_en, error.message_vi]
    if report is not None:
        texts += [f"{f.message_en} {f.path} {f.value}" for f in report.findings]
    return "\n".join(texts)


def _reasons(error: WugraphError) -> set[str]:
    report = getattr(error, "report", None)
    if report is None:
        return {str(error.details.get("reason"))}
    out = set()
    for finding in report.violations:
        shape = finding.source_shape or ""
        out.add(shape.removeprefix(PROBLEM_RULE) if shape.startswith(PROBLEM_RULE) else shape.rsplit("#", 1)[-1])
    return out


def test_every_bad_file_has_an_expectation() -> None:
    assert sorted(p.name for p in BAD.iterdir()) == sorted(EXPECTED)
    assert len(EXPECTED) >= 30


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_input_is_rejected_and_store_unchanged(name: str, bad_store: OxigraphStore, bad_settings: Settings,
                                                   full_hash_before: str) -> None:
    code, reason, text = EXPECTED[name]
    before = state(bad_store)
    with pytest.raises(WugraphError) as caught:
        ingest(bad_store, [read_path(BAD / name, bad_settings)], bad_settings, steward="Kiểm thử")
    error = caught.value
    assert error.code == code, error.to_dict()
    reasons = _reasons(error)
    assert any(r == reason or r.endswith(reason) for r in reasons), (reasons, _messages(error))
    assert text.lower() in _messages(error).lower()
    assert error.message_vi and error.message_vi != error.message_en
    if isinstance(error, ValidationFailed):
        assert error.report is not None and not error.report.conforms
        located = [f.where for f in error.report.violations if f.where]
        assert located and all(w.startswith(name) for w in located), located
        assert "sh:ValidationReport" in error.report.report_turtle or "ValidationReport" in error.report.report_turtle
    assert state(bad_store) == before


def test_ambiguous_place_lists_its_candidates(bad_store: OxigraphStore, bad_settings: Settings) -> None:
    with pytest.raises(ValidationFailed) as caught:
        ingest(bad_store, [read_path(BAD / "ambiguous-place.csv", bad_settings)], bad_settings)
    finding = caught.value.report.violations[0]
    assert finding.where == "ambiguous-place.csv:2"
    assert "Phường 1 (mã 19333, thuộc Thành phố Đông Hà" in finding.message_vi
    assert "Hãy ghi mã GSO" in finding.message_vi


def test_fifty_megabyte_upload_is_refused_before_parsing(bad_store: OxigraphStore, bad_settings: Settings,
                                                         tmp_path: Path) -> None:
    before = state(bad_store)
    big = tmp_path / "big.ttl"
    with open(big, "wb") as handle:
        line = b'<https://w3id.org/wugraph/id/x> <https://w3id.org/wugraph/id/p> "' + b"x" * 100 + b'" .\n'
        handle.write(line * (50 * 1024 * 1024 // len(line) + 1))
    assert big.stat().st_size > 50 * 1024 * 1024
    with pytest.raises(TooLargeError) as caught:
        read_path(big, bad_settings)
    assert caught.value.details["reason"] == "too_large"
    with pytest.raises(TooLargeError):
        ingest(bad_store, [Source("big.ttl", big.read_bytes())], bad_settings)
    assert state(bad_store) == before


def test_whole_store_dump_is_identical_after_all_bad_inputs(bad_store: OxigraphStore, full_hash_before: str) -> None:
    assert hashlib.sha256(dumped(bad_store)).hexdigest() == full_hash_before
