"""The comparison keys of the development-set scorer: printings of one village, branch or former commune agree."""

from __future__ import annotations

import pytest

from wugraph.extract.score_labels import token_f1, unit_key, village_key


@pytest.mark.parametrize("printed", ["thôn Trung Hòa", "Trung Hòa", "chi hội thôn Trung Hòa", "Chi hội phụ nữ thôn Trung Hòa"])
def test_village_printings_share_a_key(printed: str) -> None:
    assert village_key(printed) == "trung hoa"


@pytest.mark.parametrize("printed", ["xã Liêm Túc", "Liêm Túc", "phường Liêm Túc"])
def test_a_former_commune_with_or_without_its_level_word(printed: str) -> None:
    assert village_key(printed) == "liem tuc"


def test_unit_and_title_keys() -> None:
    assert unit_key("Hội LHPN xã Quảng Khê") == unit_key("xã Quảng Khê") == unit_key("Quảng Khê")
    assert token_f1("PCT Hội LHPN tỉnh", "Phó Chủ tịch Hội Liên hiệp Phụ nữ tỉnh") == 1.0
