"""Model names quoted or not, programmes kept apart from models; sentences written for these tests."""

from __future__ import annotations

DATELINE = "Thứ Sáu, 10/03/2023 - 08:00\n\n"


def names(summary: dict, key: str) -> list[str]:
    return [item["name"] for item in summary[key]]


def test_quoted_unquoted_and_listed_models(summarise) -> None:
    result = summarise(DATELINE + "Hội LHPN xã Quảng Khê duy trì mô hình '2+2', mô hình “Hũ gạo tiết kiệm” và “Vườn rau sạch”; "
                       "các chi hội duy trì mô hình Bữa cơm yêu thương; CLB Dưỡng sinh và CLB Nữ doanh nhân hoạt động đều. "
                       "Từ mô hình thu gom phế liệu gây quỹ, hội đã trao 10 suất quà. Mô hình cụ thể, như: “Ngôi nhà an toàn”, "
                       "“Con đường hoa” được nhân rộng.")
    assert names(result, "models") == ["2+2", "Hũ gạo tiết kiệm", "Vườn rau sạch", "Bữa cơm yêu thương", "Dưỡng sinh",
                                       "Nữ doanh nhân", "thu gom phế liệu gây quỹ", "Ngôi nhà an toàn", "Con đường hoa"]


def test_programmes_are_never_models(summarise) -> None:
    result = summarise(DATELINE + "Hội viên hưởng ứng phong trào “Phụ nữ tích cực học tập” và “Phụ nữ khởi nghiệp”, cuộc vận động "
                       "“Xây dựng gia đình 5 không 3 sạch”, chương trình xây dựng nông thôn mới, giải thưởng Nguyễn Thị Định "
                       "và “Tuần lễ áo dài”; mô hình “Mẹ đỡ đầu” được duy trì, còn chương trình “Hướng dương đón nắng” mới bắt đầu.")
    assert names(result, "programmes") == ["Phụ nữ tích cực học tập", "Phụ nữ khởi nghiệp", "Xây dựng gia đình 5 không 3 sạch",
                                           "xây dựng nông thôn mới", "Nguyễn Thị Định", "Tuần lễ áo dài", "Hướng dương đón nắng"]
    assert names(result, "models") == ["Mẹ đỡ đầu"]
    assert {p["kind"] for p in result["programmes"]} == {"phong_trao", "cuoc_van_dong", "chuong_trinh", "giai_thuong", "campaign"}


def test_slogans_themes_and_household_farms_are_not_models(summarise) -> None:
    result = summarise(DATELINE + "Với phương châm “Đoàn kết, sáng tạo”, hội thi có chủ đề “Gia đình hạnh phúc”. Chị Hoa phát triển "
                       "mô hình chăn nuôi của gia đình; Diễn đàn “Phụ nữ với biển đảo” thu hút nhiều hội viên.")
    assert result["models"] == [] and result["programmes"] == []


def test_a_place_at_the_end_of_an_unquoted_club_name_is_its_unit(summarise) -> None:
    result = summarise(DATELINE + "Sáng 6/3, Câu lạc bộ 8/3 TPHCM họp mặt kỷ niệm Ngày Quốc tế Phụ nữ.")
    [model] = result["models"]
    assert (model["name"], model["units_text"], model["model_type"]) == ("8/3", ["TPHCM"], "Club")


def test_capitalised_items_after_an_unquoted_model(summarise) -> None:
    result = summarise(DATELINE + "Chi hội duy trì mô hình Bữa sáng yêu thương, Tủ sách phụ nữ, Góc đọc sách gia đình; "
                       "hội viên tham gia đầy đủ, Chi hội trưởng theo dõi.")
    assert names(result, "models") == ["Bữa sáng yêu thương", "Tủ sách phụ nữ", "Góc đọc sách gia đình"]


def test_a_name_cut_off_at_the_end_is_left_out(summarise) -> None:
    result = summarise(DATELINE + "Hội LHPN xã Quảng Khê duy trì mô hình “Bếp ăn tình thương” và mô hình “Phụ nữ tiết kiệm vì")
    assert names(result, "models") == ["Bếp ăn tình thương"]
