"""Dates, counts, places and concepts as stewards write them, resolved against the bundled units."""

from __future__ import annotations

from datetime import date

import pytest
from support.paths import ROOT

from wugraph.config import Settings, load_settings
from wugraph.errors import ParseError
from wugraph.ingest.pipeline import resolver
from wugraph.ingest.resolve import (
    Resolver,
    membership_iri,
    parse_count,
    parse_day,
    parse_level,
    reason,
)
from wugraph.store import OxigraphStore

B = "https://w3id.org/wugraph/id/"
WU = "https://w3id.org/wugraph/ontology#"


@pytest.fixture(scope="module")
def resolve(shared_store: OxigraphStore) -> Resolver:
    settings: Settings = load_settings({"home": ROOT}, environ={})
    return resolver(shared_store, settings)


@pytest.mark.parametrize("text, iso, precision", [
    ("21/2/2023", "2023-02-21", "day"), ("21/02/2023", "2023-02-21", "day"), ("2023-02-21", "2023-02-21", "day"),
    ("21-02-2023", "2023-02-21", "day"), ("02/2023", "2023-02-01", "month"), ("2023-02", "2023-02-01", "month"),
    ("tháng 3/2023", "2023-03-01", "month"), ("2023", "2023-01-01", "year"), ("năm 2023", "2023-01-01", "year"),
])
def test_dates_with_precision(text: str, iso: str, precision: str) -> None:
    day = parse_day(text)
    assert (day.iso, day.precision) == (iso, precision)
    assert day.precision_iri == WU + precision.capitalize() + "Precision"


@pytest.mark.parametrize("text", ["31/02/2023", "2023-13-01", "29/2/2023", "1850", "March 2023", "21.2.23", ""])
def test_impossible_or_unreadable_dates(text: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse_day(text)
    assert reason(caught.value) == "bad_date"


def test_counts_and_levels() -> None:
    assert parse_count("80") == 80 and parse_count("1.200") == 1200 and parse_count("12,500") == 12500
    for bad in ("-5", "tám mươi", "1.2"):
        with pytest.raises(ParseError):
            parse_count(bad)
    assert [parse_level(t) for t in ("tỉnh", "Cấp huyện", "xã", "commune", "")] == ["Province", "District", "Commune", "Commune", None]
    with pytest.raises(ParseError):
        parse_level("ấp")


@pytest.mark.parametrize("text, level, day, iri", [
    ("huyện Đắk G'long", None, date(2023, 2, 21), "unit/pre2025/district/661"),
    ("Dak Glong", "District", date(2023, 2, 21), "unit/pre2025/district/661"),
    ("661", None, date(2023, 2, 21), "unit/pre2025/district/661"),
    ("1", "Province", date(2023, 2, 21), "unit/pre2025/province/01"),
    ("Phường 1, Thành phố Đông Hà", None, date(2023, 2, 21), "unit/pre2025/commune/19333"),
    ("Lâm Đồng", None, date(2024, 1, 1), "unit/pre2025/province/68"),
    ("Lâm Đồng", None, date(2025, 8, 1), "unit/2025/province/68"),
])
def test_places_resolve_on_the_rows_day(resolve: Resolver, text: str, level: str | None, day: date, iri: str) -> None:
    assert resolve.unit(text, level, day).iri == B + iri


@pytest.mark.parametrize("text, level, day, code", [
    ("Lâm Đồng", None, None, "ambiguous_place"),
    ("Phường 1", None, date(2023, 2, 21), "ambiguous_place"),
    ("1", None, date(2023, 2, 21), "unknown_code"),
    ("99", None, date(2023, 2, 21), "unknown_code"),
    ("Đăk Glong", None, date(2025, 8, 1), "unknown_place"),
    ("Xã Không Tên, Đắk Nông", None, date(2023, 1, 1), "unknown_place"),
])
def test_places_refused(resolve: Resolver, text: str, level: str | None, day: date | None, code: str) -> None:
    with pytest.raises(ParseError) as caught:
        resolve.unit(text, level, day)
    assert reason(caught.value) == code
    if code == "ambiguous_place":
        assert len(caught.value.details["candidates"]) > 1


def test_chapters_and_concepts(resolve: Resolver) -> None:
    assert resolve.chapter("Trung ương") == B + "union"
    assert resolve.chapter("Đắk Nông", "Province", date(2023, 2, 21)) == B + "chapter/pre2025/province/67"
    for text in ("Phó Chủ tịch", "pho chu tich", "Vice-Chair", "vice-chair", "wu:ViceChair"):
        assert resolve.concept("RoleScheme", text) == WU + "ViceChair"
    assert resolve.concepts_list("TargetGroupScheme", "HVPN; phụ nữ DTTS") == [WU + "WomenMembers", WU + "EthnicMinorityWomen"]
    with pytest.raises(ParseError) as caught:
        resolve.concept("ChannelScheme", "bồ câu đưa thư")
    assert "chỉ đạo của Hội cấp trên" in caught.value.message_vi


def test_membership_iri_uses_kebab_case_roles() -> None:
    from wugraph.identifiers import Minter

    iri = membership_iri(Minter(), B + "person/nguyen-van-thong", "huyen-uy-dak-glong", WU + "StandingDeputySecretary")
    assert iri == B + "membership/nguyen-van-thong/huyen-uy-dak-glong/standing-deputy-secretary"
