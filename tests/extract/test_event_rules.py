"""Events the way union news reports them: kinds beyond the old trigger list, undated events, the year from context.

Every sentence is written for these tests in the style of commune and district union reports.
"""

from __future__ import annotations

import pytest

DATELINE = "Thứ Sáu, 10/03/2023 - 08:00\n\n"


def events(summary: dict) -> list[tuple[str, str | None]]:
    return [(e["type"], e["date"]) for e in summary["events"]]


@pytest.mark.parametrize(("sentence", "kind"), [
    ("Chiều 8/3, Hội LHPN xã Quảng Khê tổ chức hội thi nấu ăn ngon.", "Contest"),
    ("Sáng 8/3, Chủ tịch Hội LHPN tỉnh đã đến thăm và làm việc với Hội LHPN xã Quảng Khê.", "WorkingVisit"),
    ("Sáng 8/3, Hội LHPN xã Quảng Khê long trọng tổ chức Lễ kỷ niệm 113 năm Ngày Quốc tế Phụ nữ.", "Anniversary"),
    ("Sáng 8/3, Hội LHPN huyện Đắk Glong tổ chức buổi họp mặt cán bộ Hội qua các thời kỳ.", "Gathering"),
    ("Sáng 8/3, Hội LHPN xã Quảng Khê tổ chức giao lưu văn nghệ với Đoàn Thanh niên xã.", "Exchange"),
    ("Sáng 8/3, Hội LHPN xã Quảng Khê tổ chức ngày hội phụ nữ với trò chơi dân gian.", "Festival"),
    ("Sáng 8/3, Hội LHPN huyện Đắk Glong tổ chức hội nghị biểu dương phụ nữ tiêu biểu.", "Commendation"),
    ("Sáng 8/3, Hội LHPN xã Quảng Khê tổ chức trao quà cho hội viên khó khăn.", "Donation"),
    ("Sáng 8/3, Hội LHPN xã Quảng Khê tổ chức ra quân dọn vệ sinh đường làng.", "ActionDay"),
    ("Sáng 8/3, Hội LHPN huyện Đắk Glong tổ chức tọa đàm kỷ niệm Ngày Quốc tế Phụ nữ.", "Seminar"),
    ("Sáng 8/3, Hội LHPN huyện Đắk Glong tổ chức họp báo giới thiệu ngày hội áo dài.", "PressBriefing"),
])
def test_event_kinds_by_precedence(summarise, sentence: str, kind: str) -> None:
    assert events(summarise(DATELINE + sentence)) == [(kind, "2023-03-08")]


def test_an_undated_event_is_kept_with_no_date(summarise) -> None:
    result = summarise("Vừa qua, Hội LHPN xã Quảng Khê, huyện Đắk Glong tổ chức hội thi “Phụ nữ với pháp luật”. "
                       "Tham gia hội thi có 8 đội đến từ các chi hội.")
    assert events(result) == [("Contest", None)]
    assert result["events"][0]["organizer_text"] == "Hội LHPN xã Quảng Khê"


def test_a_reference_to_the_event_is_not_a_second_event(summarise) -> None:
    result = summarise(DATELINE + "Sáng 8/3, Hội LHPN xã Quảng Khê tổ chức Lễ kỷ niệm Ngày Quốc tế Phụ nữ. "
                       "Tại buổi lễ, Hội đã trao 10 suất quà. Kết thúc buổi lễ, các đại biểu chụp ảnh lưu niệm.")
    assert events(result) == [("Anniversary", "2023-03-08")]


def test_document_titles_and_past_results_are_not_events(summarise) -> None:
    result = summarise(DATELINE + "Hội viên góp ý vào dự thảo báo cáo chính trị Đại hội đại biểu phụ nữ tỉnh "
                       "và nghe kết quả Đại hội phụ nữ toàn quốc.")
    assert events(result) == []


def test_an_announced_event_keeps_its_later_date(summarise) -> None:
    result = summarise(DATELINE + "Theo kế hoạch, Đại hội đại biểu Phụ nữ huyện Đắk Glong lần thứ VIII sẽ diễn ra vào ngày 20/4.")
    assert events(result) == [("Congress", "2023-04-20")]
    assert result["events"][0]["status"] == "planned"


@pytest.mark.parametrize(("opening", "expected"), [
    (" date 2021-10\nChiều 16/10, Hội LHPN xã Quảng Khê tổ chức họp mặt.", "2021-10-16"),
    ("Kỷ niệm 91 năm Ngày thành lập Hội LHPN Việt Nam (20/10/1930 - 20/10/2021), chiều 16/10, Hội LHPN xã Quảng Khê tổ chức họp mặt.",
     "2021-10-16"),
    ("Nhân kỷ niệm 111 năm Ngày Quốc tế Phụ nữ, chiều 6/3, Hội LHPN xã Quảng Khê tổ chức họp mặt.", "2021-03-06"),
    ("Hội LHPN xã Quảng Khê họp mặt năm 2019\nChiều 6/3, Hội LHPN xã Quảng Khê tổ chức họp mặt.", "2019-03-06"),
    ("Chiều 6/3, Hội LHPN xã Quảng Khê tổ chức họp mặt hướng tới nhiệm kỳ 2021-2026.", None),
])
def test_the_year_from_context_or_none(summarise, opening: str, expected: str | None) -> None:
    assert [e["date"] for e in summarise(opening)["events"]] == [expected]


def test_a_date_range_gives_its_first_day(summarise) -> None:
    result = summarise(DATELINE + "Từ ngày 1/3 đến 5/3/2023, các chi hội của xã Quảng Khê đều tổ chức lễ kỷ niệm Ngày Quốc tế Phụ nữ.")
    assert events(result) == [("Anniversary", "2023-03-01")]


def test_a_club_size_is_not_attendance(summarise) -> None:
    result = summarise(DATELINE + "Sáng 8/3, Hội LHPN xã Quảng Khê tổ chức lễ ra mắt CLB “Phụ nữ trồng cà phê”. "
                       "CLB có 35 hội viên. Về dự có 60 đại biểu.")
    assert [(e["type"], e["participants_count"]) for e in result["events"]] == [("Launch", 60)]
