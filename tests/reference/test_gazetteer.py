"""Finding units by name or code on a day: variants, eras, ambiguity."""

from __future__ import annotations

from datetime import date

import pytest

from wugraph.reference.gazetteer import Gazetteer, level_hint

BASE = "https://w3id.org/wugraph/id/"


@pytest.fixture(scope="module")
def gazetteer(shared_store) -> Gazetteer:
    return Gazetteer.from_store(shared_store)


@pytest.mark.parametrize("name", ["Đắk G'long", "Đăk Glong", "Dak Glong", "huyện Đắk G’long", "DAK GLONG"])
def test_spelling_variants_find_the_district(gazetteer: Gazetteer, name: str) -> None:
    found = gazetteer.lookup(name, on=date(2023, 2, 21))
    assert [r.iri for r in found] == [BASE + "unit/pre2025/district/661"]


def test_the_day_picks_the_era(gazetteer: Gazetteer) -> None:
    before = gazetteer.lookup("Lâm Đồng", on=date(2024, 1, 1), level="Province")
    after = gazetteer.lookup("Lâm Đồng", on=date(2025, 8, 1), level="Province")
    assert [r.iri for r in before] == [BASE + "unit/pre2025/province/68"]
    assert [r.iri for r in after] == [BASE + "unit/2025/province/68"]
    assert gazetteer.lookup("Đắk Nông", on=date(2025, 8, 1), level="Province") == []


def test_ambiguous_names_return_every_candidate_and_within_narrows(gazetteer: Gazetteer) -> None:
    many = gazetteer.lookup("Phường 1", on=date(2024, 1, 1))
    assert len(many) > 10
    hcm = BASE + "unit/pre2025/province/79"
    narrowed = gazetteer.lookup("Phường 1", on=date(2024, 1, 1), within=hcm)
    assert 0 < len(narrowed) < len(many)
    assert all(any(a.iri == hcm for a in gazetteer.ancestors(r.iri)) for r in narrowed)


def test_codes_with_or_without_padding(gazetteer: Gazetteer) -> None:
    assert [r.name for r in gazetteer.by_code("67", level="Province")] == ["Tỉnh Đắk Nông"]
    assert gazetteer.by_code("067", level="Province") == gazetteer.by_code("67", level="Province")
    assert gazetteer.by_code("99999") == []


def test_ancestors_walk_up_to_the_province(gazetteer: Gazetteer) -> None:
    commune = gazetteer.lookup("Quảng Sơn", on=date(2023, 1, 1), within=BASE + "unit/pre2025/district/661")
    assert len(commune) == 1
    assert [a.code for a in gazetteer.ancestors(commune[0].iri)] == ["661", "67"]


@pytest.mark.parametrize(("text", "level"), [("huyện X", "District"), ("Xã Y", "Commune"), ("tỉnh Z", "Province"), ("Thành phố Huế", None)])
def test_level_hints(text: str, level: str | None) -> None:
    assert level_hint(text) == level
