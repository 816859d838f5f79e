""""Which unit is my old commune in now?" (/lookup and its twins) and the roll-up on unit and event pages."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from support.bundled import DISTRICT, FORUM_PATH, HTML, NEW_LAM_DONG, PROVINCE, B

TAN_QUY, PHU_THO_HOA, TAN_SON_NHI = B + "unit/pre2025/commune/27019", B + "unit/2025/commune/27022", B + "unit/2025/commune/27019"
HCMC = B + "unit/2025/province/79"


def lookup(client: Any, query: str, **extra: str) -> dict[str, Any]:
    response = client.get("/lookup.json", query_string={"unit": query, **extra})
    assert response.status_code == 200, response.data[:300]
    return response.get_json()


@pytest.mark.parametrize("query", ["Phường Tân Quý", "phuong tan quy", "Tân Quý", "27019", TAN_QUY])
def test_an_old_ward_is_found_in_its_primary_new_ward_however_it_is_named(shared_client, query: str) -> None:
    data = lookup(shared_client, query, on="2025-08-01")
    match = next(m for m in data["result"]["matches"] if m["unit"]["iri"] == TAN_QUY)
    assert match["today"]["iri"] == PHU_THO_HOA and [p["iri"] for p in match["today_parents"]] == [HCMC]
    assert [(s["unit"]["iri"], s["primary"]) for s in match["successors"]] == [(PHU_THO_HOA, True), (TAN_SON_NHI, False)]
    assert [p["iri"] for p in match["parts_today"]] == [TAN_SON_NHI]
    if query == "27019":  # the code names both the old ward and the new one that kept it; the old one comes first
        assert [m["unit"]["iri"] for m in data["result"]["matches"]] == [TAN_QUY, TAN_SON_NHI]
        assert data["result"]["matches"][1]["today"]["iri"] == TAN_SON_NHI  # in force: it is its own answer


def test_a_commune_merged_before_the_reform_goes_through_the_one_it_joined(shared_client) -> None:
    (match, *_) = lookup(shared_client, "03751")["result"]["matches"]
    assert [s["iri"] for s in match["steps"]] == [B + "unit/pre2025/commune/03751", B + "unit/pre2025/commune/03721",
                                                  B + "unit/2025/commune/03721"]
    assert match["today"]["labels"]["vi"] == "Xã Thuận Châu"


def test_a_district_rolls_up_to_its_new_province_and_names_the_communes_that_took_its_communes(shared_client) -> None:
    (match,) = [m for m in lookup(shared_client, DISTRICT)["result"]["matches"]]
    assert match["today"]["iri"] == NEW_LAM_DONG and match["today_via"]["iri"] == PROVINCE
    assert len(match["parts_today"]) == 5 and not any(s["primary"] for s in match["successors"])
    assert abs(sum(float(s["share"]) for s in match["successors"]) - 1) < 1e-4


def test_the_lookup_page_is_vietnamese_first_with_english_and_csv(shared_client) -> None:
    page = shared_client.get("/lookup?unit=tan+quy&on=2025-08-01", headers=HTML).get_data(as_text=True)
    assert "Xã, huyện cũ nay thuộc đơn vị nào?" in page and "Phường Phú Thọ Hòa" in page and "kế thừa chính" in page
    assert 'href="/page/unit/2025/commune/27022"' in page
    english = shared_client.get("/lookup?unit=tan+quy&lang=en", headers=HTML).get_data(as_text=True)
    assert "Which unit is my old commune in now?" in english and "primary" in english
    empty = shared_client.get("/lookup", headers=HTML)
    assert empty.status_code == 200 and 'name="unit"' in empty.get_data(as_text=True)
    response = shared_client.get("/lookup.csv?unit=27019&lang=vi")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert len(rows) == 3 and rows[1][0] == "Phường Tân Quý" and rows[1][5] == "Phường Phú Thọ Hòa"


@pytest.mark.parametrize(("url", "status"), [("/lookup.json", 400), ("/lookup.json?unit=%20", 400),
                                             ("/lookup.json?unit=27019&on=30/06/2025", 400)])
def test_bad_lookups_get_a_bilingual_400(shared_client, url: str, status: int) -> None:
    response = shared_client.get(url)
    assert response.status_code == status
    body = response.get_json()
    assert body["message_vi"] and body["message_en"] and body["message_vi"] != body["message_en"]


def test_nothing_found_is_said_not_an_error(shared_client) -> None:
    data = lookup(shared_client, "zzzqqq khong co")
    assert data["result"]["matches"] == []
    assert "Không có đơn vị nào khớp" in shared_client.get("/lookup?unit=zzzqqq+khong+co", headers=HTML).get_data(as_text=True)


def test_the_old_unit_page_says_where_it_is_today(shared_client) -> None:
    data = shared_client.get("/page/unit/pre2025/commune/27019.json").get_json()["profile"]
    assert [r["iri"] for r in data["today"]] == [PHU_THO_HOA, HCMC]
    assert [r["iri"] for r in data["today_parts"]] == [TAN_SON_NHI]
    assert [(s["unit"]["iri"], s["primary"]) for s in data["successors"]] == [(PHU_THO_HOA, True), (TAN_SON_NHI, False)]
    page = shared_client.get("/page/unit/pre2025/commune/27019", headers=HTML).get_data(as_text=True)
    assert "Ngày nay thuộc" in page and "/lookup?unit=" in page


def test_the_new_province_page_lists_the_forum_held_in_an_old_district(shared_client) -> None:
    """The seed forum (Đăk Glong, old Đắk Nông) is found on new Lâm Đồng's page, rolled up by default."""
    data = shared_client.get("/page/unit/2025/province/68.json").get_json()["profile"]
    forum = [e for e in data["events"] if e["event"]["iri"].endswith(FORUM_PATH)]
    assert forum and forum[0]["via"]["iri"] == PROVINCE and data["rollup"] is True
    assert PROVINCE in [r["iri"] for r in data["rolled_up_from"]]
    off = shared_client.get("/page/unit/2025/province/68.json?rollup=0").get_json()["profile"]
    assert not [e for e in off["events"] if e["event"]["iri"].endswith(FORUM_PATH)] and off["rollup"] is False


def test_the_hierarchy_counts_the_forum_under_new_lam_dong(shared_client) -> None:
    view = shared_client.get(f"/hierarchy.json?on=2025-08-01&open={NEW_LAM_DONG}").get_json()["view"]
    lam_dong = next(i for i in view["levels"][0]["items"] if i["unit"]["iri"] == NEW_LAM_DONG)
    assert (lam_dong["facts"], lam_dong["facts_rolled_up"]) == (1, 1)


def test_the_event_page_says_where_the_forum_place_is_today(shared_client) -> None:
    data = shared_client.get(f"/page/{FORUM_PATH}.json").get_json()["profile"]
    assert [r["iri"] for r in data["today"]] == [NEW_LAM_DONG] and data["today_via"]["iri"] == PROVINCE
    assert len(data["today_parts"]) == 5  # the communes that received Đăk Glong's communes
