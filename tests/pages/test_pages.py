"""Planners' pages over the bundled data: home, hierarchy, entity pages, their .json twins and CSV tables."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from flask import Flask, template_rendered
from support.bundled import (
    DISTRICT,
    FORUM,
    FORUM_PATH,
    HTML,
    NEW_LAM_DONG,
    PROVINCE,
    PROVINCE_CHAPTER,
    B,
)


def get_json(client: Any, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200, response.data[:300]
    return response.get_json()


def iris(refs: list[dict]) -> list[str]:
    return [r["iri"] for r in refs]


@contextmanager
def captured(app: Flask) -> Iterator[list[dict]]:
    """The context of every template rendered while the block runs."""
    seen: list[dict] = []

    def record(sender: Flask, template: Any, context: dict, **extra: Any) -> None:
        seen.append(context)

    template_rendered.connect(record, app)
    try:
        yield seen
    finally:
        template_rendered.disconnect(record, app)


def test_home_offers_search_recent_events_and_latest_sources(shared_client) -> None:
    page = shared_client.get("/", headers=HTML).get_data(as_text=True)
    assert 'name="q"' in page and 'role="search"' in page
    assert f'href="/page/{FORUM_PATH}"' in page
    data = get_json(shared_client, "/index.json")
    assert FORUM in iris([e["event"] for e in data["recent_events"]])
    assert B + "doc/000_f46896cb9cf14e9f" in iris([s["doc"] for s in data["latest_sources"]])
    assert all("release/" not in s["doc"]["iri"] for s in data["latest_sources"])


@pytest.mark.parametrize("url", [
    "/", "/hierarchy?on=2023-02-21&open=" + DISTRICT, "/search?q=dak+glong", "/network?iri=" + FORUM,
    "/page/" + FORUM_PATH, "/page/unit/pre2025/district/661", "/page/chapter/pre2025/province/67",
    "/page/person/nguyen-thi-tra-linh", "/page/model/clb-theo-so-thich", "/page/doc/000_f46896cb9cf14e9f",
    "/page/cluster/pre2025/province/67/2", "/page/union",
])
def test_every_page_has_a_json_twin_with_the_template_data(shared_app, shared_client, url: str) -> None:
    with captured(shared_app) as seen:
        assert shared_client.get(url, headers=HTML).status_code == 200
    path, _, query = url.partition("?")
    twin_path = "/index.json" if path == "/" else path + ".json"
    twin = get_json(shared_client, twin_path + ("?" + query if query else ""))
    context = seen[-1]
    assert twin == {key: json.loads(json.dumps(context[key], ensure_ascii=False)) for key in twin}


def test_hierarchy_as_of_a_day_before_the_reform(shared_client) -> None:
    view = get_json(shared_client, "/hierarchy.json?on=2023-02-21&open=" + DISTRICT)["view"]
    provinces, districts, communes = view["levels"]
    assert len(provinces["items"]) == 63
    dak_nong = next(i for i in provinces["items"] if i["unit"]["iri"] == PROVINCE)
    assert dak_nong["is_open"] and [s["unit"]["iri"] for s in dak_nong["successors"]] == [NEW_LAM_DONG] and dak_nong["ended_by"] == "Fusion"
    assert dak_nong["successors"][0]["primary"] is True and dak_nong["facts"] == 1  # the seed forum, held in Đăk Glong
    assert districts["parent"]["iri"] == PROVINCE
    glong = next(i for i in districts["items"] if i["unit"]["iri"] == DISTRICT)
    assert glong["unit"]["labels"]["vi"] == "Huyện Đăk Glong" and glong["ended_by"] == "LevelAbolished" and glong["children"] == 7
    assert "Xã Đắk Ha" in [i["unit"]["labels"]["vi"] for i in communes["items"]]
    assert iris(view["path"]) == [PROVINCE, DISTRICT]


def test_hierarchy_after_the_reform_shows_predecessors_and_no_districts(shared_client) -> None:
    view = get_json(shared_client, "/hierarchy.json?on=2025-08-01&open=" + NEW_LAM_DONG)["view"]
    provinces, communes = view["levels"]
    assert len(provinces["items"]) == 34
    lam_dong = next(i for i in provinces["items"] if i["unit"]["iri"] == NEW_LAM_DONG)
    assert PROVINCE in iris(lam_dong["predecessors"]) and lam_dong["began_by"] == "Fusion"
    assert {i["level"] for i in communes["items"]} == {"Commune"}
    stale = get_json(shared_client, "/hierarchy.json?on=2025-08-01&open=" + DISTRICT)["view"]
    assert len(stale["levels"]) == 1 and stale["path"] == []


def test_hierarchy_rejects_a_bad_date(shared_client) -> None:
    response = shared_client.get("/hierarchy?on=21/02/2023")
    assert response.status_code == 400 and response.get_json()["code"] == "usage"


def test_unit_page_of_the_district(shared_client) -> None:
    unit = get_json(shared_client, "/page/unit/pre2025/district/661.json")["profile"]
    assert unit["chapter"]["iri"] == B + "chapter/pre2025/district/661"
    assert iris(unit["parents"]) == [PROVINCE]
    assert iris(unit["today"]) == [NEW_LAM_DONG] and unit["ended_by"] == "LevelAbolished"
    forum = next(e for e in unit["events"] if e["event"]["iri"] == FORUM)
    assert "location" in forum["roles"]
    assert B + "org/huyen-uy-dak-glong" in iris(unit["organizations"])
    assert B + "person/nguyen-van-thong" in iris([p["person"] for p in unit["officials"]])
    assert len(unit["children"]) == 7


def test_chapter_iri_gives_the_same_page_focused_on_the_chapter(shared_client) -> None:
    data = get_json(shared_client, "/page/chapter/pre2025/province/67.json")
    profile = data["profile"]
    assert data["kind"] == "chapter" and profile["focus"] == "chapter" and profile["unit"]["iri"] == PROVINCE
    organised = next(e for e in profile["events"] if e["event"]["iri"] == FORUM)
    assert "organizer" in organised["roles"] and "location" in organised["roles"]
    vice = next(p for p in profile["officials"] if p["person"]["iri"] == B + "person/nguyen-thi-tra-linh")
    assert vice["role"]["iri"].endswith("#ViceChair")
    assert B + "cluster/pre2025/province/67/2" in iris(profile["clusters"])


def test_models_roll_up_from_abolished_predecessors(shared_app) -> None:
    from wugraph.pages.labels import Ref
    from wugraph.pages.place_profiles import unit_profile
    from wugraph.pages.profiles import AdoptionRow
    from wugraph.web import context, entities

    def ref(iri: str) -> Ref:
        return Ref(iri, {"vi": iri}, "chapter")

    adoption = AdoptionRow(B + "adoption/x", ref(B + "model/clb-theo-so-thich"), ref(B + "chapter/pre2025/district/661"),
                           "2022-01-01", None, None, None, None, None)
    with shared_app.test_request_context("/"):
        tree = entities.tree()
        store = context.store()
        plain = unit_profile(store, tree, NEW_LAM_DONG, [adoption], rollup=False)
        rolled = unit_profile(store, tree, NEW_LAM_DONG, [adoption], rollup=True)
        district = unit_profile(store, tree, PROVINCE, [adoption])
    assert plain.adoptions == ()
    assert [a.via.iri for a in rolled.adoptions if a.via] == [PROVINCE]
    assert [a.adoption for a in district.adoptions] == [B + "adoption/x"]


def test_event_page_tells_when_where_who_and_from_which_passage(shared_client) -> None:
    event = get_json(shared_client, f"/page/{FORUM_PATH}.json")["profile"]
    assert event["start"] == "2023-02-21" and event["delegate_count"] == 80
    assert iris(event["organizers"]) == [PROVINCE_CHAPTER]
    assert iris(event["place_chain"]) == [DISTRICT, PROVINCE]
    assert iris(event["today"]) == [NEW_LAM_DONG] and event["today_via"]["iri"] == PROVINCE
    assert "cụm thi đua số 2" in event["delegate_composition"]["vi"]
    opening = next(c for c in event["contributions"] if c["person"] and c["person"]["iri"] == B + "person/nguyen-thi-tra-linh")
    assert opening["type"]["iri"].endswith("#OpeningSpeech") and opening["capacity_role"]["iri"].endswith("#ViceChair")
    assert len(event["models"]) == 13
    assert any(e["quote"].startswith("Ngày 21/2/2023, Hội LHPN tỉnh tổ chức Diễn đàn") for e in event["evidence"])
    page = shared_client.get(f"/page/{FORUM_PATH}", headers=HTML).get_data(as_text=True)
    assert "80 đại biểu" in page and "Lâm Đồng" in page and "<blockquote" in page


def test_person_model_source_and_generic_pages(shared_client) -> None:
    person = get_json(shared_client, "/page/person/nguyen-van-thong.json")["profile"]
    assert person["positions"][0]["organization"]["iri"] == B + "org/huyen-uy-dak-glong"
    assert iris([c["event"] for c in person["contributions"]]) == [FORUM]
    model = get_json(shared_client, "/page/model/clb-theo-dan-toc.json")["profile"]
    assert {r["iri"].rsplit("#", 1)[1] for r in model["categories"]["target_group"]} == {"WomenMembers", "EthnicMinorityWomen"}
    assert FORUM in iris(model["discussed_at"])
    source = get_json(shared_client, "/page/doc/000_f46896cb9cf14e9f.json")["profile"]
    assert FORUM in {f["subject"]["iri"] for f in source["facts"]}
    assert len(source["evidence"]) >= 20 and source["body"]["vi"].startswith("Thứ năm, 25/04/2024")
    assert all(f["prop"]["iri"] != "http://schema.org/articleBody" for f in source["metadata"])
    org = get_json(shared_client, "/page/org/huyen-uy-dak-glong.json")["profile"]
    assert iris([p["person"] for p in org["officials"]]) == [B + "person/nguyen-van-thong"]
    union = shared_client.get("/page/union", headers=HTML).get_data(as_text=True)
    assert 'href="/hierarchy"' in union


def test_spread_view_is_linked_only_when_its_route_exists(shared_app, shared_client) -> None:
    from wugraph.web import entities

    bare = Flask("without-spread")
    with bare.test_request_context("/"):
        assert entities.spread_url(B + "model/clb-theo-so-thich") is None
    installed = any(rule.rule == "/spread/<slug>" for rule in shared_app.url_map.iter_rules())
    with shared_app.test_request_context("/"):
        expected = "/spread/clb-theo-so-thich" if installed else None
        assert entities.spread_url(B + "model/clb-theo-so-thich") == expected
    page = shared_client.get("/page/model/clb-theo-so-thich", headers=HTML).get_data(as_text=True)
    assert ('href="/spread/clb-theo-so-thich"' in page) == installed


def test_unknown_entities_answer_404_in_html_or_json(shared_client) -> None:
    page = shared_client.get("/page/person/khong-co-ai", headers=HTML)
    assert page.status_code == 404 and "text/html" in page.content_type and 'role="search"' in page.get_data(as_text=True)
    twin = shared_client.get("/page/person/khong-co-ai.json")
    assert twin.status_code == 404 and twin.get_json()["code"] == "not_found"
    assert shared_client.get("/id/person/khong-co-ai", headers={"Accept": "text/turtle"}).status_code == 404


@pytest.mark.parametrize("accept, location", [
    ("text/html,application/xhtml+xml;q=0.9,*/*;q=0.8", "/page/" + FORUM_PATH),
    ("*/*", "/page/" + FORUM_PATH),
    ("text/turtle", "/data/" + FORUM_PATH + ".ttl"),
    ("application/ld+json", "/data/" + FORUM_PATH + ".jsonld"),
    ("application/n-triples", "/data/" + FORUM_PATH + ".nt"),
    ("text/turtle;q=0.5, application/n-triples", "/data/" + FORUM_PATH + ".nt"),
    ("application/json", "/page/" + FORUM_PATH + ".json"),
    ("text/html;q=0, */*", "/data/" + FORUM_PATH + ".ttl"),
])
def test_entity_iris_redirect_303_by_accept(shared_client, accept: str, location: str) -> None:
    response = shared_client.get("/id/" + FORUM_PATH, headers={"Accept": accept})
    assert response.status_code == 303 and response.headers["Location"] == location
    assert response.headers["Vary"] == "Accept"


def test_unacceptable_media_type_is_406(shared_client) -> None:
    assert shared_client.get("/id/" + FORUM_PATH, headers={"Accept": "image/png"}).status_code == 406


@pytest.mark.parametrize("suffix, fmt", [("ttl", "TURTLE"), ("nt", "N_TRIPLES"), ("jsonld", "JSON_LD")])
def test_rdf_documents_parse_and_describe_the_entity(shared_client, suffix: str, fmt: str) -> None:
    import pyoxigraph as ox

    response = shared_client.get(f"/data/{FORUM_PATH}.{suffix}")
    assert response.status_code == 200
    triples = list(ox.parse(response.data, format=getattr(ox.RdfFormat, fmt)))
    subjects = {t.subject.value for t in triples if isinstance(t.subject, ox.NamedNode)}
    assert FORUM in subjects
    assert any(t.predicate.value == "http://schema.org/startDate" and t.object.value == "2023-02-21" for t in triples)
    assert any(t.object == ox.NamedNode(FORUM) for t in triples)  # incoming links (contributions) too


def test_tables_export_as_csv_in_the_page_language(shared_client) -> None:
    response = shared_client.get(f"/page/{FORUM_PATH}.csv?table=contributions")
    assert response.status_code == 200 and response.content_type.startswith("text/csv")
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.data.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert rows[0][0] == "Người" and "Nguyễn Thị Trà Linh" in [r[0] for r in rows]
    english = shared_client.get(f"/page/{FORUM_PATH}.csv?table=contributions&lang=en").data.decode("utf-8")
    assert english[1:].startswith("Person,")
    assert shared_client.get(f"/page/{FORUM_PATH}.csv?table=nope").status_code == 404
    hierarchy = shared_client.get("/hierarchy.csv?on=2023-02-21&lang=vi").data.decode("utf-8")
    assert len(hierarchy.splitlines()) == 64 and "Tỉnh Đắk Nông" in hierarchy
    assert "Huyện Đăk Glong" in shared_client.get("/search.csv?q=dak glong").data.decode("utf-8")


@pytest.mark.parametrize("query", ["Đắk G'long", "dak glong", "Đăk Glong"])
def test_search_finds_the_district_however_it_is_spelled(shared_client, query: str) -> None:
    result = get_json(shared_client, "/search.json?q=" + query)["result"]
    units = next(g for g in result["groups"] if g["kind"] == "unit")
    assert units["hits"][0]["ref"]["iri"] == DISTRICT
    assert iris(units["hits"][0]["context"]) == [PROVINCE]


def test_search_page_groups_and_filters(shared_client) -> None:
    page = shared_client.get("/search?q=dien+dan", headers=HTML).get_data(as_text=True)
    assert f'href="/page/{FORUM_PATH}"' in page
    only = get_json(shared_client, "/search.json?q=dak+glong&kind=chapter")["result"]
    assert [g["kind"] for g in only["groups"]] == ["chapter"]
    assert get_json(shared_client, "/search.json")["result"] is None


def test_network_around_the_forum(shared_client) -> None:
    one = get_json(shared_client, "/network.json?iri=" + FORUM)["network"]
    nodes = {n["ref"]["iri"]: n["depth"] for n in one["nodes"]}
    assert nodes[FORUM] == 0 and nodes[DISTRICT] == 1 and nodes[PROVINCE_CHAPTER] == 1
    assert all(e["source"]["iri"] in nodes and e["target"]["iri"] in nodes for e in one["edges"])
    two = get_json(shared_client, "/network.json?iri=" + FORUM + "&depth=2")["network"]
    assert len(two["nodes"]) > len(one["nodes"]) and get_json(shared_client, "/network.json?iri=" + FORUM + "&depth=9")["network"]["depth"] == 3
    assert shared_client.get("/network").status_code == 400
    assert shared_client.get("/network.json?iri=" + B + "person/khong-co-ai").status_code == 404
    page = shared_client.get("/network?iri=" + FORUM, headers=HTML).get_data(as_text=True)
    assert "vendor/cytoscape-3.35.0.min.js" in page and 'id="network-data"' in page


def test_language_choice_persists_and_keeps_the_query(shared_app) -> None:
    client = shared_app.test_client()
    english = client.get("/search?q=dak+glong&lang=en", headers=HTML)
    assert 'lang="en"' in english.get_data(as_text=True)
    later = client.get("/hierarchy", headers=HTML).get_data(as_text=True)
    assert 'lang="en"' in later and "As of" in later
    page = client.get("/search?q=dak+glong", headers=HTML).get_data(as_text=True)
    assert 'href="/search?q=dak+glong&amp;lang=vi"' in page
