"""People found by the shape of their names and titles read as a grammar; sentences written for these tests."""

from __future__ import annotations

import pytest

DATELINE = "Thứ Hai, 11/03/2024 - 08:30\n\n"


def people(summary: dict) -> dict[str, str | None]:
    return {p["name"]: p["title_text"] for p in summary["persons"]}


def test_names_found_by_their_shape_alone(summarise) -> None:
    result = summarise(DATELINE + "Buổi lễ có sự góp mặt của nhiều hội viên. Giàng Thị Mỷ nhận giấy khen; Lê Minh Khoa trao quà. "
                       "Học tập theo phong cách Hồ Chí Minh, các em trường THCS Nguyễn Văn Trỗi trên đường Lê Lợi biểu diễn. "
                       "Ảnh: Trần Văn Tú")
    assert people(result) == {"Giàng Thị Mỷ": None, "Lê Minh Khoa": None}


def test_a_two_word_name_needs_a_title_or_an_honorific(summarise) -> None:
    result = summarise(DATELINE + "Lò Hoa tham gia đầy đủ. Chị Lò Hoa cho biết hội viên rất vui.")
    assert people(result) == {"Lò Hoa": None}
    assert result["persons"][0]["evidence"]["rule"] == "person.honorific"


def test_a_longer_proper_noun_is_not_a_person_nor_a_place(summarise) -> None:
    result = summarise(DATELINE + "Dự án do Hiệp hội Doanh nghiệp Châu Á - Thái Bình Dương tài trợ cho hội viên.")
    assert result["persons"] == [] and result["places"] == []


@pytest.mark.parametrize("sentence, name, title", [
    ("Dự có Nguyễn Thị Thu Hà, Chủ tịch Hội LHPN huyện Đắk Glong.", "Nguyễn Thị Thu Hà", "Chủ tịch Hội LHPN huyện Đắk Glong"),
    ("Đồng chí Lù Văn Sính Phó Bí thư Huyện ủy phát biểu.", "Lù Văn Sính", "Phó Bí thư Huyện ủy"),
    ("Thượng tá Lê Văn Tâm, Phó Trưởng Công an huyện trao quà.", "Lê Văn Tâm", "Phó Trưởng Công an huyện"),
    ("Bà Hà Thị Nga, Giám đốc Sở Văn hóa, Thể thao và Du lịch dự.", "Hà Thị Nga", "Giám đốc Sở Văn hóa, Thể thao và Du lịch"),
    ("Đ/c Trần Thị Hoa, Bí thư Chi bộ thôn Đông dự lễ.", "Trần Thị Hoa", "Bí thư Chi bộ thôn Đông"),
    ("Ông Vũ Văn Cao, nguyên Chủ tịch UBND huyện tặng hoa.", "Vũ Văn Cao", "nguyên Chủ tịch UBND huyện"),
    ("Đại tá Phạm Văn Lực, Chính ủy Trung tâm phát biểu.", "Phạm Văn Lực", "Chính ủy Trung tâm"),
    ("Dự có đồng chí Lò Thị Bay - UV BTV Hội LHPN tỉnh.", "Lò Thị Bay", "UV BTV Hội LHPN tỉnh"),
    ("Bà Mai Thị Đào (giữa) Chủ tịch Hội LHPN thị trấn Ea Knốp (Ea Kar) trao giấy khen.", "Mai Thị Đào",
     "Chủ tịch Hội LHPN thị trấn Ea Knốp (Ea Kar)"),
    ("Cô Đinh Thị Lụa, Chi hội trưởng Chi hội phụ nữ khu phố 4, phường Tân Lợi phát biểu.", "Đinh Thị Lụa",
     "Chi hội trưởng Chi hội phụ nữ khu phố 4, phường Tân Lợi"),
    ("Đoàn kiểm tra do Bà Nông Thị Lan – Phó Chủ tịch Hội LHPN tỉnh làm trưởng đoàn.", "Nông Thị Lan", "Phó Chủ tịch Hội LHPN tỉnh"),
    ("Bà Phan Thị Hồng tiếp tục được tín nhiệm bầu giữ chức Chủ tịch Hội LHPN huyện khóa mới.", "Phan Thị Hồng",
     "Chủ tịch Hội LHPN huyện"),
    ("Tham quan nhà lưu niệm về cuộc đời của Chủ tịch Tôn Đức Thắng, đoàn dâng hương.", "Tôn Đức Thắng", "Chủ tịch"),
])
def test_titles_read_as_a_grammar(summarise, sentence: str, name: str, title: str) -> None:
    assert people(summarise(DATELINE + sentence)).get(name) == title


def test_a_title_cut_by_the_end_of_the_page_drops_its_stub(summarise) -> None:
    result = summarise(DATELINE + "Sáng 9/3, Hội LHPN tỉnh tổ chức hội thi.\nĐồng chí Hà Thị Sen, Phó Chủ tịch Hội LH")
    assert people(result) == {"Hà Thị Sen": "Phó Chủ tịch Hội"}


def test_departments_give_positions_their_level(summarise) -> None:
    result = summarise(DATELINE + "Dự có ông Lò Văn Pấng, Trưởng Công an xã và bà Hoàng Thị Hằng, Giám đốc Ngân hàng Chính sách "
                       "xã hội huyện.")
    positions = {p["name"]: [(q["role"], q["organization_text"], q["level"]) for q in p["positions"]] for p in result["persons"]}
    assert positions == {"Lò Văn Pấng": [("trưởng", "Công an xã", "commune")],
                         "Hoàng Thị Hằng": [("giám đốc", "Ngân hàng Chính sách xã hội huyện", "district")]}


@pytest.mark.parametrize("ending, authors", [
    ("Minh Châu\nCác tin khác\nXem tin theo ngày\nThống kê truy cập\nTổn", ["Minh Châu"]),
    ("CTV Thu Hà\n\nChia sẻ bài viết", ["Thu Hà"]),
    ("Phạm Thị Hoa, Phó Chủ tịch Hội LHPN tỉnh cũng có mặt.", []),
])
def test_bylines_above_page_furniture(summarise, ending: str, authors: list[str]) -> None:
    result = summarise(DATELINE + "Sáng 9/3, Hội LHPN xã Quảng Khê tổ chức hội thi nấu ăn cho hội viên các chi hội.\n" + ending)
    assert result["article"]["authors"] == authors
