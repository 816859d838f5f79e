"""Models, programmes and adoptions read by general mechanisms; sentences written for these tests."""

from __future__ import annotations

import pytest

DATELINE = "Thứ Hai, 11/03/2024 - 08:30\n\n"


def names(summary: dict, key: str) -> list[str]:
    return [item["name"] for item in summary[key]]


@pytest.mark.parametrize("body, models", [
    ("Với các mô hình: Tổ vay vốn xoay vòng, Tổ tiết kiệm mua gạo, Nhóm nuôi gà thả vườn,... hội viên vươn lên.",
     ["Tổ vay vốn xoay vòng", "Tổ tiết kiệm mua gạo", "Nhóm nuôi gà thả vườn"]),
    ("Sáng 9/3, Hội LHPN xã Quảng Khê tổ chức Lễ ra mắt Tổ phụ nữ buôn bán nhỏ thôn 3.", ["Tổ phụ nữ buôn bán nhỏ"]),
    ("Hội LHPN xã ra mắt mô hình Câu lạc bộ (CLB) “Gia đình không khói thuốc”.", ["Gia đình không khói thuốc"]),
    ("Hội đã xây dựng 4 mô hình thùng gạo nghĩa tình và quỹ heo đất giúp nhau để hỗ trợ hội viên.",
     ["thùng gạo nghĩa tình", "quỹ heo đất giúp nhau"]),
    ("Các chi hội củng cố các mô hình làm theo Bác như: “Hũ gạo yêu thương”.", ["Hũ gạo yêu thương"]),
    ("Hội tổ chức ra mắt mô hình thuộc xã Quảng Khê. Việc thành lập CLB góp phần tạo việc làm.", []),
    ("Câu lạc bộ Nữ doanh nhân T.P Gia Nghĩa họp định kỳ.", ["Nữ doanh nhân"]),
])
def test_model_names(summarise, body: str, models: list[str]) -> None:
    assert names(summarise(DATELINE + body), "models") == models


@pytest.mark.parametrize("body, programmes", [
    ("Hội viên hưởng ứng cuộc vận động xây dựng “Gia đình 5 không, 3 sạch”.", ["xây dựng Gia đình 5 không, 3 sạch"]),
    ("Chi hội duy trì phong trào giúp nhau làm kinh tế giỏi và phong trào dân vũ.", ["giúp nhau làm kinh tế giỏi"]),
    ("Hội tổng kết phong trào 2 năm nuôi heo đất tiết kiệm của hội viên.", ["nuôi heo đất tiết kiệm"]),
    ("Hội viên đạt tiêu chuẩn phong trào thi đua Phụ nữ tích cực học tập, lao động sáng tạo, xây dựng gia đình hạnh phúc; "
     "nhiều chị được khen.", ["Phụ nữ tích cực học tập, lao động sáng tạo, xây dựng gia đình hạnh phúc"]),
    ("Hội trao học bổng Võ Thị Sáu cho 5 em học sinh.", ["Võ Thị Sáu"]),
    ("Các phong trào thi đua yêu nước được triển khai; phong trào phụ nữ ngày càng phát triển.", []),
])
def test_programme_names(summarise, body: str, programmes: list[str]) -> None:
    result = summarise(DATELINE + body)
    assert names(result, "programmes") == programmes and result["models"] == [] and result["persons"] == []


def test_a_reported_founding_is_an_adoption(summarise) -> None:
    result = summarise(DATELINE + "Hội LHPN xã Quảng Khê (huyện Đắk Glong) có 900 hội viên. Từ đó, 2 mô hình “Hũ gạo nghĩa tình” và “Tổ tiết "
                       "kiệm mùa xuân” đã ra đời.")
    assert {(a["model"], a["unit_code"], a["kind"]) for a in result["adoptions"]} == {
        ("Hũ gạo nghĩa tình", "24631", "Origination"), ("Tổ tiết kiệm mùa xuân", "24631", "Origination")}


def test_a_passive_launch_of_a_model_named_before(summarise) -> None:
    result = summarise(DATELINE + "Năm 2023, Hội LHPN huyện Đắk Glong xây dựng mô hình “Phụ nữ giữ gìn vệ sinh môi trường”. "
                       "Ba mô hình được triển khai thuộc xã Quảng Khê, xã Quảng Sơn và xã Đắk Ha (huyện Đắk Glong).")
    units = {a["unit_code"] for a in result["adoptions"] if a["model"] == "Phụ nữ giữ gìn vệ sinh môi trường"}
    assert units >= {"24631", "24616", "24622"} and "661" not in units
