"""Stable IRIs: minted the same way every time and parsed back."""

from __future__ import annotations

from wugraph.identifiers import Minter, UnitKey, document_graph, gso_code


def test_gso_codes_are_zero_padded_by_level() -> None:
    assert gso_code("province", 1) == "01"
    assert gso_code("district", 1) == "001"
    assert gso_code("commune", "4") == "00004"
    assert gso_code("province", "67") == "67"


def test_unit_and_chapter_iris_round_trip() -> None:
    minter = Minter("https://example.org/id/")
    key = UnitKey("pre2025", "district", "661")
    assert minter.unit(key) == "https://example.org/id/unit/pre2025/district/661"
    assert minter.parse_unit(minter.chapter(key)) == ("chapter", key)
    assert minter.parse_unit("https://elsewhere.org/id/unit/pre2025/district/661") is None


def test_people_events_and_documents() -> None:
    minter = Minter()
    assert minter.person("Nguyễn Văn Thông").endswith("/person/nguyen-van-thong")
    assert minter.person("Nguyễn Văn Thông", suffix=2).endswith("/person/nguyen-van-thong-2")
    assert minter.event("2023-02-21", "Diễn đàn").endswith("/event/2023-02-21/dien-dan")
    assert minter.document("000_f46896cb9cf14e9f").endswith("/doc/000_f46896cb9cf14e9f")
    assert minter.document("bài báo số 1").endswith("/doc/bai-bao-so-1")
    assert document_graph("x").endswith("/graph/doc/x")
