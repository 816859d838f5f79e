"""/reconcile through the Flask test client: documents valid against the 0.2 schemas, Vietnamese matching, bad input.

Names are typed the way spreadsheets hold them (no diacritics, Đắk/Đăk/Đak, TP./TX./H., old names);
every answer is validated against the specification's JSON Schemas.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import quote

import pytest
from flask import Flask, template_rendered
from reconcile_schemas import errors, examples

B = "https://w3id.org/wugraph/id/"
WU = "https://w3id.org/wugraph/ontology#"
GLONG = B + "unit/pre2025/district/661"
GLONG_CHAPTER = B + "chapter/pre2025/district/661"
DAK_NONG = B + "unit/pre2025/province/67"
NEW_LAM_DONG = B + "unit/2025/province/68"
HCM_OLD, HCM_NEW = B + "unit/pre2025/province/79", B + "unit/2025/province/79"
QUANG_SON_OLD, QUANG_SON_NEW = B + "unit/pre2025/commune/24616", B + "unit/2025/commune/24616"
LINH = B + "person/nguyen-thi-tra-linh"


def reconcile(client: Any, queries: dict[str, Any], method: str = "post", lang: str | None = None) -> dict[str, Any]:
    """Post (or get) a batch, check the answer against the result-batch schema and return it."""
    payload = {"queries": json.dumps(queries, ensure_ascii=False)}
    path = "/reconcile" + (f"?lang={lang}" if lang else "")
    response = client.post(path, data=payload) if method == "post" else client.get(path, query_string=payload)
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.json
    assert errors("reconciliation-result-batch", body) == []
    assert set(body) == set(queries)
    return body


def one(client: Any, query: str, type_: str | None = None, **properties: Any) -> list[dict[str, Any]]:
    body: dict[str, Any] = {"query": query}
    if type_:
        body["type"] = type_
    if properties:
        body["properties"] = [{"pid": pid, "v": v} for pid, v in properties.items()]
    return reconcile(client, {"q0": body})["q0"]["result"]


def test_manifest_is_valid_and_names_every_service(shared_client) -> None:
    response = shared_client.get("/reconcile")
    manifest = response.json
    assert response.status_code == 200 and response.headers["Access-Control-Allow-Origin"] == "*"
    assert errors("manifest", manifest) == []
    assert manifest["versions"] == ["0.2"] and manifest["identifierSpace"] == B and manifest["schemaSpace"] == WU
    assert [t["id"] for t in manifest["defaultTypes"]] == [WU + "Chapter", WU + "AdministrativeUnit", "http://schema.org/Person",
                                                          WU + "Model", "http://www.w3.org/ns/org#Organization"]
    assert all(t["name"] for t in manifest["defaultTypes"])
    assert "{{id}}" in manifest["view"]["url"] and "{{id}}" in manifest["preview"]["url"]
    assert set(manifest["suggest"]) == {"entity", "type", "property"} and manifest["extend"]["propose_properties"]
    assert manifest["batchSize"] == 500


@pytest.mark.parametrize("folder", ["manifest", "reconciliation-result-batch", "reconciliation-query-batch", "data-extension-response"])
def test_the_schemas_tell_the_specifications_examples_apart(folder: str) -> None:
    """The validator these tests rely on accepts the specification's valid examples and rejects its invalid ones."""
    for path in examples(folder, "valid"):
        assert errors(folder, json.loads(path.read_text(encoding="utf-8"))) == [], path.name
    for path in examples(folder, "invalid"):
        assert errors(folder, json.loads(path.read_text(encoding="utf-8"))) != [], path.name


@pytest.mark.parametrize("typed", ["Dak Glong", "Đăk Glong", "Đắk G'long", "Đak Glong", "dakglong", "H. Đak Glong",
                                   "huyện Đắk Glong", "Huyen Dak Glong", "Đăk Glong District"])
def test_a_district_is_found_however_it_is_spelled(shared_client, typed: str) -> None:
    result = one(shared_client, typed, "wu:AdministrativeUnit")
    assert result[0]["id"] == GLONG and result[0]["match"] is True and result[0]["score"] >= 95
    assert result[0]["name"] == "Huyện Đăk Glong" and result[0]["type"] == [{"id": WU + "AdministrativeUnit", "name": "đơn vị hành chính"}]
    assert "Đắk Nông" in result[0]["description"] and "30/06/2025" in result[0]["description"]


@pytest.mark.parametrize("typed", ["Hội LHPN huyện Dak Glong", "Hội Liên hiệp Phụ nữ huyện Đăk Glong", "Đak Glong"])
def test_a_chapter_is_found_by_its_own_name_or_its_units(shared_client, typed: str) -> None:
    result = one(shared_client, typed, WU + "Chapter")
    assert result[0]["id"] == GLONG_CHAPTER and result[0]["match"] is True


def test_old_names_resolve_to_the_pre_2025_unit(shared_client) -> None:
    assert [(r["id"], r["match"]) for r in one(shared_client, "Tỉnh Đắk Nông", "wu:AdministrativeUnit")] == [(DAK_NONG, True)]
    gia_nghia = one(shared_client, "TX. Gia Nghĩa", "wu:AdministrativeUnit")  # a town that became a city before the reform
    assert gia_nghia[0]["id"] == B + "unit/pre2025/district/660" and gia_nghia[0]["match"] is True


def test_both_versions_of_a_unit_tie_until_a_day_picks_one(shared_client) -> None:
    undated = one(shared_client, "TP. Hồ Chí Minh", "wu:AdministrativeUnit")
    assert {r["id"] for r in undated[:2]} == {HCM_OLD, HCM_NEW} and not any(r["match"] for r in undated)
    assert undated[0]["score"] == undated[1]["score"]
    after = one(shared_client, "TP. Hồ Chí Minh", "wu:AdministrativeUnit", on="2025-08-01")
    before = one(shared_client, "Thanh pho Ho Chi Minh", "wu:AdministrativeUnit", on="2020-01-01")
    assert [(r["id"], r["match"]) for r in after] == [(HCM_NEW, True)]
    assert [(r["id"], r["match"]) for r in before] == [(HCM_OLD, True)]
    assert {"id": "on", "value": True} in after[0]["features"]


def test_a_province_of_either_era_narrows_namesakes(shared_client) -> None:
    everywhere = one(shared_client, "Xã Quảng Sơn", "wu:AdministrativeUnit")
    assert len(everywhere) >= 5 and not any(r["match"] for r in everywhere)
    new_name = one(shared_client, "Quảng Sơn", "wu:AdministrativeUnit", province="Lâm Đồng", on="2025-08-01")
    old_name = one(shared_client, "Quang Son", "wu:AdministrativeUnit", province="Dak Nong", on="2025-08-01")
    assert [(r["id"], r["match"]) for r in new_name] == [(QUANG_SON_NEW, True)]
    assert [(r["id"], r["match"]) for r in old_name] == [(QUANG_SON_NEW, True)]
    assert new_name[0]["score"] > old_name[0]["score"]  # the old province name reaches the new commune through the lineage
    assert {"id": "province_lineage", "value": True} in old_name[0]["features"]
    then = one(shared_client, "Quảng Sơn", "wu:AdministrativeUnit", province={"id": DAK_NONG, "name": "Đắk Nông"}, on="2024-01-01")
    assert [(r["id"], r["match"]) for r in then] == [(QUANG_SON_OLD, True)]


def test_level_and_code_tell_a_province_from_a_commune_of_the_same_name(shared_client) -> None:
    both = one(shared_client, "Đắk Nông", "wu:AdministrativeUnit")
    assert {DAK_NONG, B + "unit/pre2025/commune/23386"} <= {r["id"] for r in both} and not any(r["match"] for r in both)
    assert [(r["id"], r["match"]) for r in one(shared_client, "Đắk Nông", "wu:AdministrativeUnit", level="tỉnh")] == [(DAK_NONG, True)]
    commune = one(shared_client, "Dak Nong", "wu:AdministrativeUnit", level="Commune")
    assert [(r["id"], r["match"]) for r in commune] == [(B + "unit/pre2025/commune/23386", True)]
    by_code = reconcile(shared_client, {"c": {"properties": [{"pid": "code", "v": "661"}, {"pid": "level", "v": "District"}],
                                              "type": "wu:AdministrativeUnit"}})["c"]["result"]
    assert [(r["id"], r["match"]) for r in by_code] == [(GLONG, True)]


def test_people_models_and_identifiers(shared_client) -> None:
    assert [(r["id"], r["match"]) for r in one(shared_client, "Nguyen Thi Tra Linh", "schema:Person")] == [(LINH, True)]
    model = one(shared_client, "CLB theo sở thích", "wu:Model")
    assert model[0]["id"] == B + "model/clb-theo-so-thich" and model[0]["match"] is True
    assert [(r["id"], r["match"]) for r in one(shared_client, GLONG)] == [(GLONG, True)]


def test_a_typo_is_proposed_but_never_matched(shared_client) -> None:
    result = one(shared_client, "Dak Glog", "wu:AdministrativeUnit")
    assert result[0]["id"] == GLONG and result[0]["score"] < 90 and result[0]["match"] is False


def test_batches_answer_each_query_alone_and_keep_limits(shared_client) -> None:
    body = reconcile(shared_client, {"a": {"query": "Xã Tân Hòa", "limit": 3}, "b": {"query": "Dak Glong", "type": ["wu:AdministrativeUnit"]},
                                     "c": {"query": "zzzz qqqq"}}, method="get")
    assert len(body["a"]["result"]) == 3 and body["b"]["result"][0]["id"] == GLONG and body["c"]["result"] == []
    english = reconcile(shared_client, {"b": {"query": "Dak Glong", "type": "wu:AdministrativeUnit"}}, lang="en")["b"]["result"][0]
    assert english["name"] == "Đăk Glong District" and "until 2025-06-30" in english["description"]


BAD_BATCHES: dict[str, tuple[str, str]] = {
    "malformed JSON": ('{"q0": {"query": "Đắk Nông"', "malformed_json"),
    "not an object": ('["Đắk Nông"]', "not_an_object"),
    "unknown type": (json.dumps({"q0": {"query": "Đắk Nông", "type": "wu:Province"}}), "unknown_type"),
    "unknown property": (json.dumps({"q0": {"query": "Đắk Nông", "properties": [{"pid": "population", "v": 5}]}}), "unknown_property"),
    "bad date": (json.dumps({"q0": {"query": "Đắk Nông", "properties": [{"pid": "on", "v": "30/06/2025"}]}}), "bad_value"),
    "bad level": (json.dumps({"q0": {"query": "Đắk Nông", "properties": [{"pid": "level", "v": "galaxy"}]}}), "bad_value"),
    "bad limit": (json.dumps({"q0": {"query": "Đắk Nông", "limit": -1}}), "bad_limit"),
    "10,000 queries": (json.dumps({f"q{i}": {"query": "Xã Tân Hòa"} for i in range(10_000)}), "too_many_queries"),
    "1 MB query string": (json.dumps({"q0": {"query": "a" * 1_000_000}}), "query_too_long"),
}


@pytest.mark.parametrize("name", list(BAD_BATCHES))
def test_bad_batches_get_a_clear_400(shared_client, shared_store, name: str) -> None:
    raw, reason = BAD_BATCHES[name]
    before = (shared_store.version(), shared_store.count())
    response = shared_client.post("/reconcile", data={"queries": raw})
    assert response.status_code == 400 and response.headers["Access-Control-Allow-Origin"] == "*"
    body = response.json
    assert body["code"] == "usage" and body["reason"] == reason and body["message_vi"] and body["message_en"]
    assert (shared_store.version(), shared_store.count()) == before


def test_a_1_mb_query_string_by_get_is_refused_too(shared_client) -> None:
    response = shared_client.get("/reconcile?queries=" + quote(json.dumps({"q0": {"query": "đ" * 1_000_000}}, ensure_ascii=False)))
    assert response.status_code == 400 and response.json["reason"] == "query_too_long"


@pytest.mark.parametrize("path", sorted(p.name for p in examples("reconciliation-query-batch", "invalid")))
def test_the_specifications_invalid_batches_are_refused(shared_client, path: str) -> None:
    raw = (examples("reconciliation-query-batch", "invalid")[0].parent / path).read_text(encoding="utf-8")
    response = shared_client.post("/reconcile", data={"queries": raw})
    assert response.status_code == 400 and response.json["reason"] in ("empty_query", "unknown_field")


def test_suggest_entities_types_and_properties(shared_client) -> None:
    entities = shared_client.get("/reconcile/suggest/entity?prefix=dak+glo&type=wu:AdministrativeUnit").json
    assert errors("suggest-entities-response", entities) == []
    assert GLONG in [r["id"] for r in entities["result"]]
    assert all(n["id"] == WU + "AdministrativeUnit" for r in entities["result"] for n in r["notable"])
    by_id = shared_client.get("/reconcile/suggest/entity", query_string={"prefix": GLONG}).json
    assert by_id["result"][0]["id"] == GLONG
    page_two = shared_client.get("/reconcile/suggest/entity?prefix=xa&cursor=10").json["result"]
    assert page_two and not {r["id"] for r in page_two} & {r["id"] for r in shared_client.get("/reconcile/suggest/entity?prefix=xa").json["result"]}
    types = shared_client.get("/reconcile/suggest/type?prefix=cap+hoi").json
    assert errors("suggest-types-response", types) == [] and types["result"][0]["id"] == WU + "Chapter"
    assert [t["id"] for t in shared_client.get("/reconcile/suggest/type?prefix=person&lang=en").json["result"]] == ["http://schema.org/Person"]
    props = shared_client.get("/reconcile/suggest/property?prefix=tinh").json
    assert errors("suggest-properties-response", props) == [] and [p["id"] for p in props["result"]] == ["province"]
    assert shared_client.get("/reconcile/suggest/entity?prefix=x&cursor=-1").status_code == 400
    assert shared_client.get("/reconcile/suggest/entity?prefix=x&type=wu:Nope").status_code == 400


def test_property_proposals_follow_the_type(shared_client) -> None:
    chapter = shared_client.get("/reconcile/properties?type=wu:Chapter").json
    assert errors("data-extension-property-proposal", chapter) == []
    assert [p["id"] for p in chapter["properties"]] == ["province", "level", "code", "successor", "chapter", "unit"]
    assert shared_client.get("/reconcile/properties?type=schema:Person").json["properties"] == []
    assert len(shared_client.get(f"/reconcile/properties?type={quote(WU + 'AdministrativeUnit')}&limit=2").json["properties"]) == 2
    assert shared_client.get("/reconcile/properties?type=wu:Nope").json["reason"] == "unknown_type"


def extend(client: Any, ids: list[str], properties: list[str], lang: str = "vi") -> dict[str, Any]:
    query = {"ids": ids, "properties": [{"id": p} for p in properties]}
    assert errors("data-extension-query", query) == []
    response = client.post(f"/reconcile?lang={lang}", data={"extend": json.dumps(query)})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert errors("data-extension-response", response.json) == []
    return response.json


def test_data_extension_gives_code_level_province_successor(shared_client) -> None:
    props = ["code", "level", "province", "successor", "chapter", "unit"]
    body = extend(shared_client, [DAK_NONG, GLONG_CHAPTER, QUANG_SON_OLD, B + "nothing/here"], props)
    assert [m["id"] for m in body["meta"]] == props
    dak_nong, chapter, commune = body["rows"][DAK_NONG], body["rows"][GLONG_CHAPTER], body["rows"][QUANG_SON_OLD]
    assert dak_nong["code"] == [{"str": "67"}] and dak_nong["level"] == [{"str": "cấp tỉnh"}] and dak_nong["province"] == []
    assert [v["id"] for v in dak_nong["successor"]] == [NEW_LAM_DONG] and dak_nong["chapter"][0]["id"] == B + "chapter/pre2025/province/67"
    assert chapter["province"] == [{"id": B + "chapter/pre2025/province/67", "name": "Hội LHPN tỉnh Đắk Nông"}]
    assert chapter["unit"] == [{"id": GLONG, "name": "Huyện Đăk Glong"}] and chapter["code"] == [{"str": "661"}]
    assert commune["province"][0]["id"] == DAK_NONG and [v["id"] for v in commune["successor"]] == [QUANG_SON_NEW]
    assert body["rows"][B + "nothing/here"] == {p: [] for p in props}
    english = extend(shared_client, [GLONG], ["level", "province"], lang="en")
    assert english["rows"][GLONG] == {"level": [{"str": "district"}], "province": [{"id": DAK_NONG, "name": "Đắk Nông Province"}]}


@pytest.mark.parametrize("raw, reason", [
    ("{", "malformed_json"),
    (json.dumps({"ids": [GLONG]}), "bad_extend"),
    (json.dumps({"ids": [GLONG], "properties": [{"id": "population"}]}), "unknown_property"),
    (json.dumps({"ids": [GLONG], "properties": [{"id": "on"}]}), "unknown_property"),
    (json.dumps({"ids": [str(i) for i in range(5000)], "properties": [{"id": "code"}]}), "too_many_ids"),
])
def test_bad_extension_queries_get_a_clear_400(shared_client, raw: str, reason: str) -> None:
    response = shared_client.post("/reconcile", data={"extend": raw})
    assert response.status_code == 400 and response.json["reason"] == reason and response.json["message_vi"]


@contextmanager
def captured(app: Flask) -> Iterator[list[dict[str, Any]]]:
    seen: list[dict[str, Any]] = []

    def record(sender: Flask, template: Any, context: dict[str, Any], **extra: Any) -> None:
        seen.append(context)

    template_rendered.connect(record, app)
    try:
        yield seen
    finally:
        template_rendered.disconnect(record, app)


def test_preview_card_and_its_json_twin(shared_app, shared_client) -> None:
    with captured(shared_app) as seen:
        page = shared_client.get("/reconcile/preview", query_string={"id": GLONG})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and page.mimetype == "text/html"
    assert "Huyện Đăk Glong" in html and "Tỉnh Đắk Nông" in html and "<script" not in html and "<nav" not in html
    twin = shared_client.get("/reconcile/preview.json", query_string={"id": GLONG}).json
    assert twin == {key: json.loads(json.dumps(seen[-1][key], ensure_ascii=False)) for key in twin}
    assert twin["code"] == "661" and twin["page"] == "/page/unit/pre2025/district/661"
    assert shared_client.get("/reconcile/preview", query_string={"id": B + "nothing"}).status_code == 404
    assert shared_client.get("/reconcile/preview").json["reason"] == "missing"


def test_view_redirects_to_the_entity_page(shared_client) -> None:
    response = shared_client.get("/reconcile/view", query_string={"id": GLONG_CHAPTER})
    assert response.status_code == 303 and response.headers["Location"].endswith("/page/chapter/pre2025/district/661")
    assert shared_client.get("/reconcile/view", query_string={"id": "https://example.org/x"}).status_code == 404


def test_typed_diacritics_tell_namesakes_apart(shared_client) -> None:
    bare = one(shared_client, "hoi lhpn xa thanh hoa", "wu:Chapter", on="2025-06-30")
    assert {r["name"] for r in bare[:3]} == {"Hội LHPN xã Thành Hòa", "Hội LHPN xã Thanh Hòa", "Hội LHPN xã Thanh Hóa"}
    assert not any(r["match"] for r in bare)
    for typed in ("Hội LHPN xã Thanh Hóa", "Hội LHPN xã Thanh Hoá"):  # new and old tone placement
        result = one(shared_client, typed, "wu:Chapter", on="2025-06-30")
        assert result[0]["name"] == "Hội LHPN xã Thanh Hóa" and result[0]["match"] is True and result[0]["score"] == 100
        assert result[1]["score"] == 99
