"""Fixtures for the extraction tests: the gazetteer of both eras from the bundled lists (no store)."""

from __future__ import annotations

from pathlib import Path

import pytest

from wugraph.extract import extract
from wugraph.extract.summary import to_summary
from wugraph.reference.gazetteer import Gazetteer, gazetteer_from_lists

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def lists_gazetteer() -> Gazetteer:
    """Built from data/units/*.csv in memory (no artefact written by the tests)."""
    return gazetteer_from_lists(ROOT / "data", cache_dir=None)


@pytest.fixture(scope="session")
def summarise(lists_gazetteer: Gazetteer):  # type: ignore[no-untyped-def]
    """text → the JSON summary of its extraction."""
    def run(text: str) -> dict:
        return to_summary(extract(text, lists_gazetteer))
    return run
