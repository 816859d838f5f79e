"""The gazetteer without a store: built from the bundled lists, the same as the store's, cached as one artefact."""

from __future__ import annotations

from pathlib import Path

from wugraph.reference import gazetteer as gz
from wugraph.reference.gazetteer import Gazetteer, gazetteer_for, gazetteer_from_lists

ROOT = Path(__file__).resolve().parents[2]


def test_the_lists_give_the_same_units_as_the_built_store(shared_store) -> None:
    from_store = Gazetteer.from_store(shared_store)
    from_lists = Gazetteer.from_lists(ROOT / "data")
    assert len(from_lists.records) == len(from_store.records) > 14_000
    assert from_lists.records == from_store.records


def test_the_artefact_round_trips_and_is_shared_with_the_store_path(tmp_path: Path, shared_store) -> None:
    gz._CACHE.clear()
    first = gazetteer_from_lists(ROOT / "data", cache_dir=tmp_path)
    [artefact] = tmp_path.glob("gazetteer-*.json")
    gz._CACHE.clear()
    again = gazetteer_from_lists(ROOT / "data", cache_dir=tmp_path)
    assert again is not first and again.records == first.records
    assert [r.code for r in again.lookup("Đăk Glong", level="District")] == ["661"]
    assert gazetteer_from_lists(ROOT / "data", cache_dir=tmp_path) is again  # kept in the process
    store_one = gazetteer_for(shared_store, cache_dir=tmp_path)
    assert store_one.records == again.records and len(list(tmp_path.glob("gazetteer-*.json"))) == 2
    assert artefact.stat().st_size < 4_000_000


def test_a_damaged_artefact_is_rebuilt(tmp_path: Path) -> None:
    gz._CACHE.clear()
    gazetteer_from_lists(ROOT / "data", cache_dir=tmp_path)
    [artefact] = tmp_path.glob("gazetteer-*.json")
    artefact.write_text("{not json", encoding="utf-8")
    gz._CACHE.clear()
    rebuilt = gazetteer_from_lists(ROOT / "data", cache_dir=tmp_path)
    assert len(rebuilt.records) > 14_000
    assert Gazetteer.from_json(artefact.read_text(encoding="utf-8")).records == rebuilt.records


def test_an_unwritable_cache_is_not_an_error(tmp_path: Path) -> None:
    gz._CACHE.clear()
    blocked = tmp_path / "file"
    blocked.write_text("x", encoding="utf-8")
    assert len(gazetteer_from_lists(ROOT / "data", cache_dir=blocked / "sub").records) > 14_000
