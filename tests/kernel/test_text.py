"""Vietnamese text: NFC, folding and name keys make spelling variants meet."""

from __future__ import annotations

import unicodedata

import pytest

from wugraph.text import fold, has_invisible, name_key, nfc, slugify


@pytest.mark.parametrize("variant", ["Đắk G'long", "Đăk Glong", "Dak Glong", "huyện Đắk G’long", "Huyện Đăk Glong", "ĐẮK GLONG", "dak  glong"])
def test_dak_glong_variants_share_one_key(variant: str) -> None:
    assert name_key(variant) == "dakglong"


def test_nfc_composes_and_strips_invisible_characters() -> None:
    decomposed = unicodedata.normalize("NFD", "Hội Liên hiệp Phụ nữ")
    assert decomposed != "Hội Liên hiệp Phụ nữ"
    assert nfc(" " + decomposed + "\u200b ") == "Hội Liên hiệp Phụ nữ"


def test_fold_keeps_words_and_drops_marks() -> None:
    assert fold("Hòa Bình") == fold("Hoà Bình") == "hoa binh"
    assert fold("Thành phố Hồ Chí Minh") == "thanh pho ho chi minh"


def test_name_key_drops_type_words_and_expands_abbreviations() -> None:
    assert name_key("TP. Hồ Chí Minh") == name_key("Thành phố Hồ Chí Minh") == "hochiminh"
    assert name_key("Tỉnh Lâm Đồng") == "lamdong"
    assert name_key("Xã") == "xa"  # a bare type word is a name, not an empty key


def test_invisible_detection() -> None:
    assert has_invisible("a\u200bb") and has_invisible("\u202eabc")
    assert not has_invisible("Đắk Nông")


def test_slugify_is_iri_safe_and_bounded() -> None:
    assert slugify("Nguyễn Thị Trà Linh") == "nguyen-thi-tra-linh"
    assert slugify("<script>") == "script"
    assert slugify("!!!") == "x"
    assert len(slugify("á" * 500)) <= 80
