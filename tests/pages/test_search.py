"""Label search: diacritic-insensitive, prefix and typo tolerant, grouped by kind, no SPARQL per search."""

from __future__ import annotations

import pytest

from wugraph.pages.labels import ALT, HIDDEN, NAME, PREF, LabelRow, Labels
from wugraph.pages.search import SearchIndex, allowed_typos, osa_distance

B = "https://w3id.org/wugraph/id/"
DAK_GLONG = B + "unit/pre2025/district/661"
DAK_GLEI = B + "unit/pre2025/district/610"
DAK_LONG = B + "unit/pre2025/commune/23512"
CHAPTER = B + "chapter/pre2025/district/661"
PARTY = B + "org/huyen-uy-dak-glong"
PERSON = B + "person/nguyen-thi-tra-linh"
FORUM = B + "event/2023-02-21/dien-dan-chia-se-kinh-nghiem-cong-tac-hoi"

ROWS = [
    LabelRow(DAK_GLONG, PREF, "Huyện Đăk Glong", "vi"), LabelRow(DAK_GLONG, PREF, "Đăk Glong District", "en"),
    LabelRow(DAK_GLONG, ALT, "Đăk Glong", "vi"), LabelRow(DAK_GLONG, HIDDEN, "huyen dak glong", ""),
    LabelRow(DAK_GLEI, PREF, "Huyện Đắk Glei", "vi"), LabelRow(DAK_GLEI, ALT, "Đắk Glei", "vi"),
    LabelRow(DAK_LONG, PREF, "Xã Đắk Long", "vi"), LabelRow(DAK_LONG, ALT, "Đắk Long", "vi"),
    LabelRow(CHAPTER, PREF, "Hội LHPN huyện Đăk Glong", "vi"), LabelRow(CHAPTER, PREF, "Women's Union of Đăk Glong District", "en"),
    LabelRow(PARTY, PREF, "Huyện ủy Đắk G'long", "vi"),
    LabelRow(PERSON, NAME, "Nguyễn Thị Trà Linh", ""),
    LabelRow(FORUM, NAME, "Diễn đàn chia sẻ kinh nghiệm công tác Hội", "vi"),
    LabelRow("https://w3id.org/wugraph/ontology#Forum", PREF, "diễn đàn", "vi"),
]


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex(Labels.from_rows(ROWS, B))


def first_of(index: SearchIndex, query: str, kind: str = "unit") -> str:
    groups = {g.kind: g for g in index.search(query).groups}
    return groups[kind].hits[0].ref.iri


@pytest.mark.parametrize("query", ["Đắk G'long", "dak glong", "Đăk Glong", "DAK GLONG", "dakglong", "Huyện Đăk Glong", "huyen dak glong"])
def test_every_spelling_finds_the_district_first(index: SearchIndex, query: str) -> None:
    assert first_of(index, query) == DAK_GLONG


def test_prefix_while_typing(index: SearchIndex) -> None:
    result = index.search("dak gl")
    units = {h.ref.iri for g in result.groups if g.kind == "unit" for h in g.hits}
    assert {DAK_GLONG, DAK_GLEI} <= units
    assert DAK_LONG not in units


@pytest.mark.parametrize("query", ["dak glnog", "dak golng", "dak glongg", "nguyne thi tra linh"])
def test_small_typos_are_forgiven(index: SearchIndex, query: str) -> None:
    found = {h.ref.iri for g in index.search(query).groups for h in g.hits}
    assert found & {DAK_GLONG, PERSON}


def test_results_are_grouped_by_kind_and_skip_ontology_terms(index: SearchIndex) -> None:
    result = index.search("dak glong")
    kinds = [g.kind for g in result.groups]
    assert {"unit", "chapter", "org"} <= set(kinds)
    assert len(kinds) == len(set(kinds))
    assert result.total == sum(g.total for g in result.groups)
    forum = index.search("dien dan")
    assert [h.ref.iri for g in forum.groups for h in g.hits] == [FORUM]


def test_kind_filter_and_empty_query(index: SearchIndex) -> None:
    only = index.search("dak glong", kinds=["chapter"])
    assert [g.kind for g in only.groups] == ["chapter"]
    assert index.search("  ' ").total == 0
    assert index.search("zzzzqqq").groups == ()


def test_matched_label_is_reported_only_when_it_differs(index: SearchIndex) -> None:
    hit = index.search("dak glong").groups[0].hits[0]
    assert hit.matched == ""
    party = next(g for g in index.search("dakglong").groups if g.kind == "org").hits[0]
    assert party.ref.labels["vi"] == "Huyện ủy Đắk G'long"


def test_person_names_without_diacritics(index: SearchIndex) -> None:
    assert first_of(index, "nguyen thi tra linh", "person") == PERSON
    assert first_of(index, "tra li", "person") == PERSON


def test_result_table_for_csv(index: SearchIndex) -> None:
    table = index.search("dak glong").tables("vi")["results"]
    assert table.columns[-1] == "iri"
    assert table.rows[0][1] == "Huyện Đăk Glong"


@pytest.mark.parametrize("a, b, limit, expected", [
    ("glong", "glong", 1, 0), ("glong", "glnog", 1, 1), ("glong", "long", 1, 1), ("glong", "gloong", 1, 1),
    ("glong", "xyzab", 1, 2), ("nguyen", "ngyuen", 2, 1), ("abcdefgh", "abcdefgh12", 2, 2),
])
def test_osa_distance(a: str, b: str, limit: int, expected: int) -> None:
    assert osa_distance(a, b, limit) == min(expected, limit + 1)


def test_short_words_get_no_typos() -> None:
    assert [allowed_typos(w) for w in ("xa", "dak", "glong", "nguyenvan")] == [0, 0, 1, 2]
