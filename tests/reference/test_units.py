"""Roll-up of units and chapters across the 2025 reform: hand-checkable cases on the real lists."""

from __future__ import annotations

from datetime import date

import pytest

from wugraph.reference.rollup import ChapterVersion, RollUp, UnitVersion, load_labels

B = "https://w3id.org/wugraph/id/"


@pytest.fixture(scope="module")
def rollup(shared_store) -> RollUp:
    return RollUp.from_store(shared_store, today=date(2026, 11, 1))


def test_dak_glong_district_chapter_rolls_up_to_the_new_lam_dong(rollup: RollUp) -> None:
    chapter = B + "chapter/pre2025/district/661"  # Hội LHPN huyện Đăk Glong, abolished 2025-06-30
    assert rollup.chapter_unit(chapter) == B + "unit/pre2025/district/661"
    assert rollup.chapter_recorded_province(chapter) == B + "unit/pre2025/province/67"  # Đắk Nông, as recorded
    assert rollup.chapter_current_province(chapter) == B + "unit/2025/province/68"  # the new Lâm Đồng (a fusion)


def test_abolished_district_has_no_current_chapter_but_its_province_does(rollup: RollUp) -> None:
    assert rollup.current_chapter(B + "chapter/pre2025/district/661") is None
    assert rollup.current_chapter(B + "chapter/pre2025/province/67") == B + "chapter/2025/province/68"
    assert rollup.current_chapter(B + "chapter/pre2025/province/60") == B + "chapter/2025/province/68"  # Bình Thuận too


def test_current_units_roll_up_to_themselves(rollup: RollUp) -> None:
    assert rollup.current_unit(B + "unit/2025/province/68") == B + "unit/2025/province/68"
    assert rollup.current_province(B + "unit/2025/province/68") == B + "unit/2025/province/68"
    assert rollup.current_chapter(B + "chapter/2025/province/68") == B + "chapter/2025/province/68"


def test_a_commune_rolls_up_through_district_and_province(rollup: RollUp) -> None:
    # Xã Đắk Nông (23386) lay in a district of Kon Tum province (62), which joined Quảng Ngãi (51).
    commune = B + "unit/pre2025/commune/23386"
    assert rollup.recorded_province(commune) == B + "unit/pre2025/province/62"
    assert rollup.current_province(commune) == B + "unit/2025/province/51"


def test_today_there_are_34_provinces(rollup: RollUp) -> None:
    assert len(rollup.current_provinces) == 34
    assert rollup.current_provinces[0] == B + "unit/2025/province/01"


def test_every_pre_reform_province_rolls_up_to_a_current_one(rollup: RollUp) -> None:
    old = [u for u in rollup.units.values() if u.level == "Province" and u.end is not None]
    assert len(old) == 63
    assert all(rollup.current_province(u.iri) in rollup.current_provinces for u in old)


def test_succession_chain_and_ended_line_on_hand_made_versions() -> None:
    units = [
        UnitVersion("p1", "01", "Province", None, "p2", date(2019, 12, 31)),
        UnitVersion("p2", "01", "Province", None, "p3", date(2025, 6, 30)),
        UnitVersion("p3", "01", "Province", None, None, None),
        UnitVersion("d1", "001", "District", "p1", None, date(2019, 12, 31)),
    ]
    chapters = [ChapterVersion("cd1", "d1", "DistrictLevel", "cp1", None, date(2019, 12, 31)),
                ChapterVersion("cp1", "p1", "ProvinceLevel", None, None, date(2019, 12, 31)),
                ChapterVersion("cp3", "p3", "ProvinceLevel", None, None, None),
                ChapterVersion("branch", None, "BranchLevel", "cd1", None, None)]
    rollup = RollUp(units, chapters, today=date(2026, 1, 1))
    assert rollup.current_unit("p1") == "p3"  # two waves of change
    assert rollup.current_unit("d1") is None  # the level ended without a successor
    assert rollup.current_province("d1") == "p3"
    assert rollup.chapter_current_province("branch") == "p3"  # a branch takes its parent chapter's unit
    assert rollup.current_chapter("cp1") == "cp3"


def test_labels_of_chapters_in_both_languages(shared_store) -> None:
    labels = load_labels(shared_store)
    assert labels[B + "chapter/pre2025/district/661"]["vi"] == "Hội LHPN huyện Đăk Glong"
    assert labels[B + "chapter/2025/province/68"]["en"].startswith("Women's Union of Lâm Đồng")


def test_old_communes_roll_up_along_their_primary_successor_not_their_code(rollup: RollUp) -> None:
    """Issue 15: Tân Quý (27019) was divided; its main part went to Phú Thọ Hòa (27022), its code to Tân Sơn Nhì."""
    assert rollup.current_unit(B + "unit/pre2025/commune/27019") == B + "unit/2025/commune/27022"
    assert rollup.current_chapter(B + "chapter/pre2025/commune/27019") == B + "chapter/2025/commune/27022"
    assert rollup.units[B + "unit/pre2025/commune/26935"].code == "26935"  # its own code, not the one of 2025-06-30
    # merged into Thuận Châu before the reform, then on with it
    assert rollup.current_unit(B + "unit/pre2025/commune/03751") == B + "unit/2025/commune/03721"
    assert rollup.current_unit(B + "unit/pre2025/commune/16411") is None  # placed by no list
    assert rollup.chapter_current_province(B + "chapter/pre2025/commune/16411") == B + "unit/2025/province/38"
    current = [c for c in rollup.chapters if c.startswith(B + "chapter/pre2025/commune/") and rollup.current_chapter(c)]
    assert len(current) == 10049
