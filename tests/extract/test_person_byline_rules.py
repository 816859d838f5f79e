"""Stacked titles as written, names in lists, and bylines with co-authors; sentences written for these tests."""

from __future__ import annotations

import pytest

DATELINE = "Thứ Sáu, 10/03/2023 - 08:00\n\n"


def titles(summary: dict) -> dict[str, str | None]:
    return {p["name"]: p["title_text"] for p in summary["persons"]}


@pytest.mark.parametrize(("sentence", "name", "title"), [
    ("Dự có đồng chí Lê Văn Hùng, Tỉnh ủy viên, Phó Chủ tịch UBND tỉnh Đắk Nông.", "Lê Văn Hùng",
     "Tỉnh ủy viên, Phó Chủ tịch UBND tỉnh Đắk Nông"),
    ("Bà Trần Thị Mai - Thị ủy viên – Chủ tịch Hội LHPN thị xã Gia Nghĩa phát biểu.", "Trần Thị Mai",
     "Thị ủy viên – Chủ tịch Hội LHPN thị xã Gia Nghĩa"),
    ("Ông Phạm Văn Tài - Phó Bí thư TT Huyện ủy - Chủ tịch HĐND huyện Cư Jút trao quà.", "Phạm Văn Tài",
     "Phó Bí thư TT Huyện ủy - Chủ tịch HĐND huyện Cư Jút"),
    ("Về dự có đồng chí Hà Thị Yến, TUV, Chủ tịch Hội LHPN tỉnh.", "Hà Thị Yến", "TUV, Chủ tịch Hội LHPN tỉnh"),
    ("Đồng chí Đỗ Thị Lan, UVBTV, Trưởng Ban Dân vận Huyện ủy dự và phát biểu.", "Đỗ Thị Lan", "UVBTV, Trưởng Ban Dân vận Huyện ủy"),
    ("Phó Chủ tịch UBND tỉnh Lâm Văn Bình tặng hoa chúc mừng.", "Lâm Văn Bình", "Phó Chủ tịch UBND tỉnh"),
    ("Đồng chí Chủ tịch Hội LHPN Vi Thị Hạnh báo cáo kết quả.", "Vi Thị Hạnh", "Chủ tịch Hội LHPN"),
    ("Đoàn do đồng chí Lý Thị Hoa, Phó Chủ tịch Hội làm trưởng đoàn.", "Lý Thị Hoa", "Phó Chủ tịch Hội"),
    ("Dự có đồng chí Lò Văn Tiến, PBT TTĐU xã Quảng Khê, huyện Đắk Glong.", "Lò Văn Tiến", "PBT TTĐU xã Quảng Khê"),
    ("Phó Chủ tịch Hội LHPN Việt Nam Bùi Thị Hòa phát biểu chỉ đạo.", "Bùi Thị Hòa", "Phó Chủ tịch Hội LHPN Việt Nam"),
    ("Dự có ông Hà Văn Đức, Chủ tịch Hội Nông dân xã Quảng Khê.", "Hà Văn Đức", "Chủ tịch Hội Nông dân xã Quảng Khê"),
])
def test_titles_as_written(summarise, sentence: str, name: str, title: str) -> None:
    assert titles(summarise(DATELINE + sentence)).get(name) == title


def test_each_stacked_title_keeps_its_own_organisation(summarise) -> None:
    result = summarise(DATELINE + "Ông Phạm Văn Tài - Phó Bí thư TT Huyện ủy - Chủ tịch HĐND huyện Cư Jút trao quà.")
    [person] = result["persons"]
    assert [(p["role"], p["organization_text"], p["level"]) for p in person["positions"]] == [
        ("phó bí thư thường trực", "Huyện ủy", "district"), ("chủ tịch", "HĐND huyện Cư Jút", "district")]


def test_names_listed_after_one_honorific(summarise) -> None:
    result = summarise(DATELINE + "Ban Chấp hành khóa mới gồm các đồng chí: Mạch Thị Hai, Lò Thị Xuân và Ksor H'Luân.")
    assert {p["name"] for p in result["persons"]} == {"Mạch Thị Hai", "Lò Thị Xuân", "Ksor H'Luân"}


def test_a_name_glued_to_a_title_word_is_cut(summarise) -> None:
    result = summarise(DATELINE + "Tặng quà có đồng chí Hà Văn Nam Phó - Bí thư Thường trực Thị ủy.")
    assert "Hà Văn Nam" in titles(result)


@pytest.mark.parametrize(("text", "authors"), [
    ("Nội dung bài viết về hội thi.\n\nNGỌC ÁNH - ĐINH NGỌC\n", ["NGỌC ÁNH", "ĐINH NGỌC"]),
    ("Nội dung bài viết về hội thi.\n\nT/ h: Kim Thoa – Công Đại.\n", ["Kim Thoa", "Công Đại"]),
    ("Nội dung bài viết về hội thi.\n\nN.MINH\n", ["N.MINH"]),
    ("Hội LHPN xã tổ chức hội thi\nThu Hà- Minh Quân\n14:58 29/08/2025\nNội dung bài viết.\n", ["Thu Hà", "Minh Quân"]),
    ("Nội dung bài viết.\n\nHồng Nhung - Hội LHPN huyện Cư Jút\n", ["Hồng Nhung"]),
    ("HỘI PHỤ NỮ\n\nNội dung bài viết về hội thi.\n\nChia sẻ\n", []),
    ("Minh Anh - 14:58 29/08/2025\n\nNội dung bài viết.\n", ["Minh Anh"]),
    ("Cập nhật: 10:20 ngày 17/04/2023\n\nNội dung bài viết.\n", []),
])
def test_bylines(summarise, text: str, authors: list[str]) -> None:
    assert summarise(text)["article"]["authors"] == authors
