"""Places below the commune, several units under one word, glued abbreviations and back-references.

Sentences written for these tests; the units are real ones of Đắk Nông (Cư Jút 662, Đắk Glong 661), Hà Nội and Nghệ An.
"""

from __future__ import annotations

DATELINE = "Thứ Sáu, 10/03/2023 - 08:00\n\n"


def places(summary: dict) -> set[tuple[str, str | None, str | None]]:
    return {(p["text"], p["level"], p["unit_code"] or p["parent_code"]) for p in summary["places"]}


def chapters(summary: dict) -> list[tuple[str | None, str | None]]:
    return [(o["level"], o["unit_code"]) for o in summary["organizations"] if o["kind"] in ("union", "central", "branch")]


def test_villages_with_their_commune(summarise) -> None:
    result = summarise(DATELINE + "Chi hội phụ nữ thôn 4, xã Đắk Wil, huyện Cư Jút ra mắt tổ tiết kiệm. Các ấp: Tân Lập, "
                       "Tân Tiến và bon Bu Nung, xã Ea Pô cùng tham gia; hội viên buôn Buôn Choah và xóm 7 cũng đến dự.")
    found = places(result)
    assert {("thôn 4", "village", "24643"), ("ấp: Tân Lập", "village", "24646"), ("Tân Tiến", "village", "24646"),
            ("bon Bu Nung", "village", "24646")} <= found
    assert {p[0] for p in found if p[1] == "village"} >= {"xóm 7", "buôn Buôn Choah"}


def test_words_that_only_look_like_village_words(summarise) -> None:
    result = summarise(DATELINE + "Hội viên giữ gìn bản sắc văn hóa, khối thi đua số 3 và làng nghề truyền thống được nhắc tới.")
    assert [p for p in result["places"] if p["level"] == "village"] == []


def test_glued_abbreviations_keep_the_whole_name(summarise) -> None:
    result = summarise(DATELINE + "Hội LHPN TX.Sơn Tây phối hợp với Hội LHPN TP.Vinh tổ chức giao lưu.")
    assert chapters(result) == [("district", "269"), ("district", "412")]


def test_several_units_under_one_word(summarise) -> None:
    result = summarise(DATELINE + "Hội LHPN các xã Đắk Wil, Ea Pô và Nam Dong, huyện Cư Jút cùng tham gia; "
                       "Hội LHPN các xã, thị trấn khác đều hưởng ứng. Đạt giải có chi hội Tân Lập, Tân Tiến và 3.")
    assert chapters(result) == [("commune", "24643"), ("commune", "24646"), ("commune", "24649"),
                                ("branch", None), ("branch", None), ("branch", None)]
    names = [o["name_text"] for o in result["organizations"] if o["kind"] == "branch"]
    assert names == ["chi hội Tân Lập", "Tân Tiến", "3"]


def test_a_back_reference_is_the_same_chapter(summarise) -> None:
    result = summarise(DATELINE + "Sáng 8/3, Hội LHPN xã Đắk Wil, huyện Cư Jút tổ chức họp mặt. Dịp này, Hội LHPN xã "
                       "đã trao 5 suất quà; Chủ tịch Hội LHPN xã phát biểu.")
    assert chapters(result) == [("commune", "24643")]


def test_a_cooperative_is_not_a_commune_and_a_bare_province_is_a_place(summarise) -> None:
    result = summarise(DATELINE + "Hợp tác xã Quảng Khê Xanh bán nông sản tại Hà Nội; Đắk Nông có 5 mô hình tiêu biểu.")
    assert places(result) == {("Hà Nội", "province", "01"), ("Đắk Nông", "province", "67")}


def test_a_unit_printed_after_another_contains_it(summarise) -> None:
    result = summarise(DATELINE + "Đoàn đến thăm mô hình tại xã Quảng Sơn, huyện Đắk Glong.")
    assert ("xã Quảng Sơn", "commune", "24616") in places(result)


def test_an_organisation_named_without_a_type_word(summarise) -> None:
    result = summarise(DATELINE + "Đoàn cán bộ Hội LHPN Hà Nội đến thăm Hội Liên hiệp Phụ nữ (LHPN) tỉnh Nghệ An.")
    assert chapters(result) == [("province", "01"), ("province", "40")]
