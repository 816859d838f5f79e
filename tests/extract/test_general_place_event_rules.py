"""Units, chapters, events and dates read by general mechanisms; sentences written for these tests."""

from __future__ import annotations

import pytest
from support.paths import ROOT

from wugraph.extract import extract, gazetteer_for

DATELINE = "Thứ Hai, 11/03/2024 - 08:30\n\n"


def places(summary: dict) -> dict[str, tuple]:
    return {p["text"]: (p["level"], p["unit_code"], p["parent_code"]) for p in summary["places"]}


def unions(summary: dict) -> set[tuple]:
    return {(o["level"], o["unit_code"]) for o in summary["organizations"] if o["kind"] in ("union", "central")}


def events(summary: dict) -> list[tuple]:
    return [(e["type"], e["date"]) for e in summary["events"]]


def test_numbered_wards_and_districts(summarise) -> None:
    result = summarise(DATELINE + "Hội LHPN Phường 5 (TP. Cà Mau) và HLHPN quận 3 trao đổi kinh nghiệm.")
    assert places(result)["Phường 5"][1] == "32008" and places(result)["quận 3"][1] == "770"


def test_a_type_word_inside_another_word_pair(summarise) -> None:
    # 'đội thi xã' is not 'thị xã' typed without diacritics: the commune after it is still found
    result = summarise(DATELINE + "Hội LHPN huyện Yên Châu khen đội thi xã Chiềng Đông.")
    assert places(result)["xã Chiềng Đông"][1] == "04063"


def test_plural_lists_of_units(summarise) -> None:
    result = summarise(DATELINE + "Hội LHPN huyện Đắk Glong hỗ trợ phụ nữ các xã: Quảng Khê, Quảng Sơn và Đắk Ha.")
    assert {v[1] for v in places(result).values()} >= {
        "24631", "24616", "24622"}


def test_a_unit_outside_the_container_printed_after_it_stays_unlinked(summarise) -> None:
    # Phường Tân Lợi is not a ward of Quận 3: no namesake elsewhere is taken, in any printing
    result = summarise(DATELINE + "Hội LHPN phường Tân Lợi, quận 3 tổ chức họp mặt. Chủ tịch Hội LHPN phường Tân Lợi phát biểu.")
    assert places(result)["phường Tân Lợi"][1] is None and unions(result) == {("commune", None)}


def test_former_communes_of_a_post_reform_article_are_villages_of_the_new_one(summarise) -> None:
    result = summarise("Thứ Ba, 14/10/2025 - 09:00\n\nXã Thanh Bình được hợp nhất từ 3 xã Liêm Thuận, Liêm Túc và Liêm Sơn. "
                       "Hội LHPN xã Thanh Bình tổ chức Đại hội đại biểu phụ nữ xã lần thứ I.")
    found = places(result)
    assert found["Xã Thanh Bình"] == ("commune", "13483", None)
    assert {found[t] for t in ("xã Liêm Thuận", "Liêm Túc", "Liêm Sơn")} == {("village", None, "13483")}
    assert ("commune", "13483") in unions(result)


@pytest.mark.parametrize("printed, level, code", [
    ("Hội LHPNVN xã Quảng Khê, huyện Đắk Glong", "commune", "24631"),
    ("Hội Liên hiệp Phụ nữ Việt Nam (LHPNVN) huyện Đắk Glong", "district", "661"),
    ("hội LHPN, LĐLĐ huyện Đắk Glong", "district", "661"),
    ("Hội LHPNVN", "central", None),
])
def test_chapters_named_with_the_central_name_or_shared_heads(summarise, printed: str, level: str, code: str | None) -> None:
    assert (level, code) in unions(summarise(DATELINE + f"Ngày 5/3, {printed} tổ chức hội thi."))


def test_lower_case_party_committees_in_titles(summarise) -> None:
    result = summarise(DATELINE + "Dự có đồng chí Tòng Văn Hải, bí thư huyện ủy, Chủ tịch HĐND huyện Yên Châu.")
    [person] = result["persons"]
    assert person["title_text"] == "bí thư huyện ủy, Chủ tịch HĐND huyện Yên Châu"
    assert [q["level"] for q in person["positions"]] == ["district", "district"]


def test_a_short_dated_sentence_is_not_a_dateline(summarise) -> None:
    result = summarise("Ngày 3/10/2024, Hội LHPN huyện Yên Châu tổ chức hội thi.\nCùng ngày, Hội LHPN huyện tổ chức Hội nghị "
                       "biểu dương.")
    assert result["article"]["date"] is None
    assert events(result) == [("Contest", "2024-10-03"), ("Commendation", "2024-10-03")]


@pytest.mark.parametrize("body, expected", [
    ("Ngày 25/10 tới, Hội sẽ tổ chức Hội nghị tổng kết.", [("Conference", "2024-10-25")]),
    ("Tại buổi ra mắt mô hình của Hội LHPN xã Quảng Khê trong ngày 5/3, hội viên hát.", [("Launch", "2024-03-05")]),
    ("Chào mừng ngày 8/3, Hội LHPN xã Quảng Khê tổ chức hội thi “Phụ nữ khéo tay”.", [("Contest", None)]),
    ("Hội LHPN xã Quảng Khê tổ chức hội thi nấu ăn chào mừng ngày 8/3.", [("Contest", None)]),
    ("Trong hai ngày 14 và 15 tháng 10 năm 2023, Hội LHPN xã Quảng Khê tổ chức Đại hội.", [("Congress", "2023-10-14")]),
    ("Trong 2 ngày (15 và 16/9/2016), Hội LHPN huyện Đắk Glong tổ chức Đại hội.", [("Congress", "2016-09-15")]),
])
def test_event_dates(summarise, body: str, expected: list[tuple]) -> None:
    assert events(summarise("Thứ Hai, 11/03/2024\n\n" + body)) == expected


@pytest.mark.parametrize("body, expected", [
    ("Sáng 9/3, Hội LHPN xã Quảng Khê tổ chức truyền thông về phòng chống bạo lực gia đình.", [("AwarenessSession", "2024-03-09")]),
    ("Sáng 9/3, Hội LHPN xã Quảng Khê tổ chức kỷ niệm ngày Quốc tế Phụ nữ. Tại buổi họp mặt, hội viên ôn lại truyền thống.",
     [("Gathering", "2024-03-09")]),
    ("Sáng 9/3, Hội LHPN huyện Đắk Glong tổ chức chuyến thăm xã Quảng Khê. Dịp này, đoàn trao 50 suất quà cho hội viên.",
     [("WorkingVisit", "2024-03-09")]),
    ("Sáng 9/3, Hội LHPN huyện Đắk Glong tổ chức “Phiên chợ vùng cao” cho hội viên.", [("Festival", "2024-03-09")]),
    ("Câu lạc bộ còn tổ chức thăm, tặng quà các gia đình khó khăn.", []),
    ("Sáng 9/3, Hội LHPN tỉnh tổ chức hoạt động về nguồn tại tỉnh Lâm Đồng.", [("StudyVisit", "2024-03-09")]),
])
def test_event_kinds_and_what_is_one_event(summarise, body: str, expected: list[tuple]) -> None:
    assert events(summarise(DATELINE + body)) == expected


def test_an_event_takes_the_unit_it_names(summarise) -> None:
    result = summarise(DATELINE + "Trong 2 ngày (15 và 16/9/2016), TX. Buôn Hồ tổ chức Đại hội đại biểu Phụ nữ TX. Buôn Hồ lần thứ XII.")
    [event] = result["events"]
    assert event["unit_code"] == "644"


def test_a_former_union_printed_with_cu(summarise) -> None:
    result = summarise("Thứ Ba, 14/10/2025 - 09:00\n\nXã Thanh Bình được thành lập từ các xã Liêm Thuận, Liêm Túc, Liêm Sơn. "
                       "Bà Lê Thị Hoa, nguyên Chủ tịch Hội LHPN xã Thanh Bình (cũ) phát biểu.")
    assert unions(result) == {("commune", None)}  # the former union, not the new commune's
    assert [p["title_text"] for p in result["persons"]] == ["nguyên Chủ tịch Hội LHPN xã Thanh Bình (cũ)"]
    assert [p["text"] for p in result["places"]] == ["Xã Thanh Bình", "xã Liêm Thuận", "Liêm Túc", "Liêm Sơn"]


def test_a_stores_gazetteer_reads_the_lineage_from_the_bundled_list(shared_store) -> None:
    gazetteer = gazetteer_for(shared_store).add_lineage(ROOT / "data")
    [former] = [r for r in gazetteer.lookup("Liêm Túc", level="Commune") if r.end is not None]
    assert [r.code for r in gazetteer.successors(former)] == ["13483"]
    result = extract("Thứ Ba, 14/10/2025\n\nXã Thanh Bình được hợp nhất từ 3 xã Liêm Thuận, Liêm Túc và Liêm Sơn.", gazetteer)
    assert {p.unit.code for p in result.places if p.unit is not None} == {"13483"}
