"""With a store, the people it already names are found in an article even without a title or an honorific."""

from __future__ import annotations

from wugraph.extract import KnownNames, extract
from wugraph.extract.normalize import Document
from wugraph.extract.summary import to_summary


def test_names_from_the_store_find_untitled_people(shared_store, lists_gazetteer) -> None:
    known = KnownNames.from_store(shared_store)
    assert known.count >= 2
    text = "Thứ Hai, 06/03/2023 - 09:15\n\nBuổi giao lưu có sự góp mặt của Nguyễn Thị Trà Linh và nhiều hội viên."
    without = to_summary(extract(text, lists_gazetteer))
    with_store = to_summary(extract(text, lists_gazetteer, known=known))
    assert without["persons"] == []
    [person] = with_store["persons"]
    assert person["name"] == "Nguyễn Thị Trà Linh" and person["evidence"]["rule"] == "person.known-name"


def test_a_known_name_never_overrides_a_rule(shared_store, lists_gazetteer) -> None:
    known = KnownNames.from_store(shared_store)
    text = "Thứ Hai, 06/03/2023 - 09:15\n\nBà Nguyễn Thị Trà Linh, Phó Chủ tịch Hội LHPN tỉnh Đắk Nông phát biểu."
    [person] = to_summary(extract(text, lists_gazetteer, known=known))["persons"]
    assert person["title_text"] == "Phó Chủ tịch Hội LHPN tỉnh Đắk Nông" and person["evidence"]["rule"] == "person.honorific-title"


def test_lower_case_words_are_not_names() -> None:
    known = KnownNames.of({"Hoa Mai", "Lê Hoa"})
    assert known.spans(Document.from_source("hoa mai nở; Lê Hoa đến.")) == [(12, 18)]
