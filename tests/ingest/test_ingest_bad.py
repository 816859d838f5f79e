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
from support.bad_inputs import BAD, EXPECTED, messages, reasons
from support.paths import ROOT
from support.stores import dumped

from wugraph.config import Settings, load_settings
from wugraph.errors import TooLargeError, ValidationFailed, WugraphError
from wugraph.ingest.pipeline import ingest
from wugraph.ingest.sources import Source, read_path
from wugraph.namespaces import REFERENCE_GRAPH_BASE
from wugraph.store import OxigraphStore, open_store


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
    found = reasons(error)
    assert any(r == reason or r.endswith(reason) for r in found), (found, messages(error))
    assert text.lower() in messages(error).lower()
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
