"""Every example question of the catalogue, checked against its answer on the bundled data."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from typing import Any

import pyoxigraph as ox
import pytest
from support.paths import ROOT

from wugraph.config import Settings, load_settings
from wugraph.endpoint.answer import QueryRequest, answer
from wugraph.endpoint.catalog import examples
from wugraph.namespaces import PREFIXES
from wugraph.store import OxigraphStore

B = "https://w3id.org/wugraph/id/"
WU = PREFIXES["wu"]
FORUM = B + "event/2023-02-21/dien-dan-chia-se-kinh-nghiem-cong-tac-hoi"
ARTICLE = B + "doc/000_f46896cb9cf14e9f"
Rows = list[dict[str, str]]


def run(store: OxigraphStore, name: str, settings: Settings | None = None) -> Any:
    """An example's answer through the endpoint's own path: rows of values, a boolean, or a Graph of triples."""
    example = next(e for e in examples() if e.name == name)
    result = answer(store, QueryRequest(example.sparql, accept="application/sparql-results+json, application/n-triples"),
                    settings or load_settings(environ={}))
    if result.kind == "graph":
        return list(ox.parse(result.body, ox.RdfFormat.N_TRIPLES))
    data = json.loads(result.body)
    if "boolean" in data:
        return data["boolean"]
    return [{k: v["value"] for k, v in row.items()} for row in data["results"]["bindings"]]


def _chapters_under_province(rows: Rows) -> None:
    assert len(rows) == 8
    assert {r["code"] for r in rows} >= {"660", "661"}
    assert all(r["chapterName"].startswith("Hội LHPN ") for r in rows)


def _officials(rows: Rows) -> None:
    assert rows == [{"person": B + "person/nguyen-thi-tra-linh", "name": "Nguyễn Thị Trà Linh", "role": WU + "ViceChair",
                     "roleName": "Phó Chủ tịch", "source": ARTICLE}]


def _models_by_target(rows: Rows) -> None:
    counts = {r["group"].removeprefix(WU): int(r["models"]) for r in rows}
    assert counts["WomenMembers"] == 11 and counts["UnionOfficials"] == 2
    assert counts["EthnicMinorityWomen"] == 1 and counts["ReligiousWomen"] == 1


def _source(rows: Rows) -> None:
    (row,) = rows
    assert row["delegates"] == "80" and row["article"] == ARTICLE and row["authorName"] == "Phan Thị Minh"
    assert "80 đại biểu" in row["quote"] and row["published"].startswith("2024-04-25")


def _district_successors(rows: Rows) -> None:
    assert len(rows) == 5  # Đăk Glong's 7 communes went to 5 new communes
    assert {r["changeType"] for r in rows} == {WU + "LevelAbolished"}
    assert all(r["effective"] == "2025-07-01" and r["newProvinceName"] == "Tỉnh Lâm Đồng" for r in rows)
    shares = [float(r["share"]) for r in rows]
    assert abs(sum(shares) - 1) < 1e-4 and shares == sorted(shares, reverse=True) and shares[0] == pytest.approx(2 / 7, abs=1e-6)


def _kept_code(rows: Rows) -> None:
    assert len(rows) == 34
    assert sum(int(r["communes"]) for r in rows) == 3321
    assert sum(int(r["keptCode"]) for r in rows) == 3310
    assert sum(int(r["codeNotPrimary"]) for r in rows) == 26  # e.g. Tân Quý's code, kept by Tân Sơn Nhì
    hcmc = next(r for r in rows if r["provinceName"] == "Thành phố Hồ Chí Minh")
    assert int(hcmc["codeNotPrimary"]) >= 1
    assert all(int(r["codeNotPrimary"]) <= int(r["keptCode"]) <= int(r["communes"]) for r in rows)


def _old_commune_today(rows: Rows) -> None:
    tan_quy = [r for r in rows if r["old"] == B + "unit/pre2025/commune/27019"]
    assert {r["today"] for r in tan_quy} == {B + "unit/2025/commune/27022"}
    assert {r["todayName"] for r in tan_quy} == {"Phường Phú Thọ Hòa"} and {r["provinceName"] for r in tan_quy} == {"Thành phố Hồ Chí Minh"}
    assert [(r["newName"], r["primary"]) for r in tan_quy] == [("Phường Phú Thọ Hòa", "true"), ("Phường Tân Sơn Nhì", "false")]
    assert all("share" not in r for r in tan_quy)  # divided: no source gives the parts


def _facts_under_current_unit(rows: Rows) -> None:
    assert rows == [{"kind": "event", "fact": FORUM, "date": "2023-02-21", "recordedAt": B + "unit/pre2025/district/661",
                     "recordedName": "Huyện Đăk Glong"}]


def _units_by_level(rows: Rows) -> None:
    counts = {(r["day"], r["level"].removeprefix(WU)): int(r["units"]) for r in rows}
    assert counts == {("2025-06-30", "Province"): 63, ("2025-06-30", "District"): 696, ("2025-06-30", "Commune"): 10051,
                      ("2025-07-01", "Province"): 34, ("2025-07-01", "Commune"): 3321}


def _fusion(rows: Rows) -> None:
    assert len(rows) == 23
    lam_dong = next(r for r in rows if r["newName"] == "Tỉnh Lâm Đồng")
    assert lam_dong["sources"] == "3" and "Tỉnh Đắk Nông" in lam_dong["formedFrom"]
    assert sum(int(r["sources"]) for r in rows) == 63 - 11


def _unchanged(rows: Rows) -> None:
    assert len(rows) == 11 and any(r["name"] == "Thành phố Huế" for r in rows)
    assert all(r["oldCode"] == r["newCode"] for r in rows)


def _districts(rows: Rows) -> None:
    assert [r["code"] for r in rows] == ["660", "661", "662", "663", "664", "665", "666", "667"]
    assert next(r for r in rows if r["code"] == "661")["name"] == "Huyện Đăk Glong"
    assert all(int(r["communes"]) > 0 for r in rows)


def _ancestors(rows: Rows) -> None:
    assert [r["level"].removeprefix(WU) for r in rows] == ["CentralLevel", "DistrictLevel", "ProvinceLevel"]
    assert {r["name"] for r in rows} == {"Hội Liên hiệp Phụ nữ Việt Nam", "Hội LHPN huyện Đăk Glong", "Hội LHPN tỉnh Đắk Nông"}


def _inventory(rows: Rows) -> None:
    graphs = {r["g"] for r in rows}
    assert "https://w3id.org/wugraph/graph/doc/000_f46896cb9cf14e9f" in graphs and len(rows) >= 7
    doc = next(r for r in rows if r["g"].endswith("000_f46896cb9cf14e9f"))
    assert doc["source"] == ARTICLE and int(doc["triples"]) > 300


def _classes(rows: Rows) -> None:
    by_class = {r["class"]: r for r in rows}
    assert int(by_class[WU + "AdministrativeUnit"]["instances"]) == 14165
    assert by_class[WU + "Chapter"]["labelVi"] and by_class[WU + "Chapter"]["labelEn"]
    assert int(by_class[WU + "Model"]["instances"]) == 13


def _vocabulary(rows: Rows) -> None:
    assert len(rows) == 8
    ethnic = next(r for r in rows if r["concept"] == WU + "EthnicMinorityWomen")
    assert "DTTS" in ethnic.get("altLabels", "") and ethnic["labelEn"]


def _attendees(rows: Rows) -> None:
    names = {r["name"] for r in rows}
    assert names == {"Nguyễn Văn Thông", "Nguyễn Thị Trà Linh", "Cụm thi đua số 2"}
    assert next(r for r in rows if r["name"] == "Nguyễn Thị Trà Linh")["organizationName"] == "Hội LHPN tỉnh Đắk Nông"


def _evidence(rows: Rows) -> None:
    article = open_seed_text()
    kinds = Counter(r["type"].rpartition("#")[2].rpartition("/")[2] for r in rows)
    assert kinds == {"Model": 13, "Contribution": 6, "Event": 5, "Membership": 2}
    assert {r["node"] for r in rows if r["type"] == WU + "Event"} == {FORUM}
    for r in rows:
        assert article[int(r["start"]):int(r["end"])] == r["quote"]


def open_seed_text() -> str:
    return (ROOT / "data" / "seed" / "000_f46896cb9cf14e9f.txt").read_text(encoding="utf-8")


def _mergers(rows: Rows) -> None:
    assert len(rows) == 23
    lam_dong = next(r for r in rows if r["resultingName"] == "Hội LHPN tỉnh Lâm Đồng")
    assert lam_dong["merged"] == "3" and "Hội LHPN tỉnh Đắk Nông" in lam_dong["from"] and lam_dong["start"] == "2025-07-01"


def _find(rows: Rows) -> None:
    assert {r["unit"] for r in rows} >= {B + "unit/pre2025/district/661"}
    assert all("Glong" in r["name"] for r in rows)


def _union_graph(triples: list[ox.Triple]) -> None:
    chapters = {t.subject.value for t in triples if t.predicate.value == PREFIXES["org"] + "subOrganizationOf"}
    assert len(chapters) == 34 and B + "chapter/2025/province/68" in chapters


def _describe(triples: list[ox.Triple]) -> None:
    about_forum = [t for t in triples if t.subject.value == FORUM]
    predicates = {t.predicate.value for t in about_forum}
    assert PREFIXES["schema"] + "startDate" in predicates and WU + "delegateCount" in predicates
    assert sum(t.predicate.value == WU + "discussedModel" for t in about_forum) == 13


def _discussed(rows: Rows) -> None:
    assert len(rows) == 13
    religion = next(r for r in rows if r["model"] == B + "model/clb-theo-ton-giao")
    assert religion["basisName"] and religion["types"]


def _people(rows: Rows) -> None:
    linh = next(r for r in rows if r["name"] == "Nguyễn Thị Trà Linh")
    assert linh["roleName"] == "Phó Chủ tịch" and linh["attribution"] == "Đ/c Nguyễn Thị Trà Linh, Phó Chủ tịch Hội LHPN tỉnh"
    assert {r["name"] for r in rows} == {"Nguyễn Thị Trà Linh", "Nguyễn Văn Thông", "Phan Thị Minh"}


def _forum_speakers(rows: Rows) -> None:
    assert {r["speaker"] for r in rows} == {"Nguyễn Thị Trà Linh", "Nguyễn Văn Thông"}
    assert all(r["delegates"] == "80" and r["date"] == "2023-02-21" for r in rows)


def _forum_provenance(rows: Rows) -> None:
    assert rows and {r["source"] for r in rows} == {ARTICLE}


def _provinces_on_date(rows: Rows) -> None:
    assert len(rows) == 63 and rows[0]["code"] == "01"


def _successor(rows: Rows) -> None:
    (row,) = rows
    assert row["newName"] == "Tỉnh Lâm Đồng" and row["changeType"] == WU + "Fusion"


def _dak_nong_gone(value: bool) -> None:
    assert value is False


def _adoptions_empty_on_bundle(rows: Rows) -> None:
    # The bundled seed records models but no adoption (data/seed/README.md §15); see the fixture test below.
    assert rows == []


CHECKS: dict[str, Callable[[Any], None]] = {
    "ask_dak_nong_after_reform": _dak_nong_gone,
    "chapter_ancestors": _ancestors,
    "chapter_officials_terms": _officials,
    "chapters_under_province_on_date": _chapters_under_province,
    "class_overview": _classes,
    "communes_kept_code": _kept_code,
    "describe_forum": _describe,
    "district_successors": _district_successors,
    "facts_under_current_unit": _facts_under_current_unit,
    "districts_of_province": _districts,
    "find_unit_by_name": _find,
    "forum_attendees_positions": _attendees,
    "forum_evidence_quotes": _evidence,
    "forum_provenance": _forum_provenance,
    "forums_2023_speakers": _forum_speakers,
    "graph_inventory": _inventory,
    "model_adoptions_by_current_province": _adoptions_empty_on_bundle,
    "models_by_target_group": _models_by_target,
    "models_discussed_at_forums": _discussed,
    "old_commune_today": _old_commune_today,
    "people_positions_speeches": _people,
    "provinces_formed_by_fusion": _fusion,
    "provinces_on_date": _provinces_on_date,
    "provinces_unchanged": _unchanged,
    "reform_chapter_mergers": _mergers,
    "source_of_delegate_count": _source,
    "successor_of_dak_nong": _successor,
    "target_group_vocabulary": _vocabulary,
    "union_province_chapters_graph": _union_graph,
    "units_by_level_around_reform": _units_by_level,
}


def test_catalogue_is_complete_and_bilingual() -> None:
    names = [e.name for e in examples()]
    assert len(names) >= 22 and sorted(CHECKS) == names
    for example in examples():
        for text in (example.title_vi, example.title_en, example.description_vi, example.description_en):
            assert text and text != example.name
        assert example.title_vi != example.title_en


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_example_answer_on_bundled_data(shared_store: OxigraphStore, name: str) -> None:
    CHECKS[name](run(shared_store, name))


ADOPTIONS = """
PREFIX wu: <https://w3id.org/wugraph/ontology#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
INSERT DATA { GRAPH <https://w3id.org/wugraph/graph/doc/test-adoptions> {
  <https://w3id.org/wugraph/id/adoption/clb-theo-so-thich/pre2025/district/661/2023-05-01> a wu:Adoption ;
    wu:model <https://w3id.org/wugraph/id/model/clb-theo-so-thich> ;
    wu:adopter <https://w3id.org/wugraph/id/chapter/pre2025/district/661> ; wu:adoptedOn "2023-05-01"^^xsd:date .
  <https://w3id.org/wugraph/id/adoption/clb-theo-so-thich/pre2025/commune/24616/2024-01-10> a wu:Adoption ;
    wu:model <https://w3id.org/wugraph/id/model/clb-theo-so-thich> ;
    wu:adopter <https://w3id.org/wugraph/id/chapter/pre2025/commune/24616> ; wu:adoptedOn "2024-01-10"^^xsd:date .
  <https://w3id.org/wugraph/id/adoption/clb-theo-so-thich/pre2025/province/60/2024-03-01> a wu:Adoption ;
    wu:model <https://w3id.org/wugraph/id/model/clb-theo-so-thich> ;
    wu:adopter <https://w3id.org/wugraph/id/chapter/pre2025/province/60> ; wu:adoptedOn "2024-03-01"^^xsd:date .
  <https://w3id.org/wugraph/id/adoption/clb-theo-so-thich/2025/province/01/2025-09-01> a wu:Adoption ;
    wu:model <https://w3id.org/wugraph/id/model/clb-theo-so-thich> ;
    wu:adopter <https://w3id.org/wugraph/id/chapter/2025/province/01> ; wu:adoptedOn "2025-09-01"^^xsd:date .
} }
"""


def test_adoptions_roll_up_to_post_reform_provinces(loaded_store: OxigraphStore) -> None:
    """Adoptions recorded at a district, a commune and a province of the old Lâm Đồng area all count for new Lâm Đồng."""
    loaded_store.update(ADOPTIONS)
    rows = run(loaded_store, "model_adoptions_by_current_province")
    by_name = {r["provinceName"]: r for r in rows}
    assert set(by_name) == {"Tỉnh Lâm Đồng", "Thành phố Hà Nội"}
    assert by_name["Tỉnh Lâm Đồng"]["adoptions"] == "3" and by_name["Tỉnh Lâm Đồng"]["chapters"] == "3"
    assert by_name["Tỉnh Lâm Đồng"]["first"] == "2023-05-01" and by_name["Tỉnh Lâm Đồng"]["last"] == "2024-03-01"
    assert by_name["Thành phố Hà Nội"]["adoptions"] == "1"


AT_TAN_QUY = """
PREFIX wu: <https://w3id.org/wugraph/ontology#>
PREFIX schema: <http://schema.org/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
INSERT DATA { GRAPH <https://w3id.org/wugraph/graph/doc/test-tan-quy> {
  <https://w3id.org/wugraph/id/adoption/clb-theo-so-thich/pre2025/commune/27019/2024-05-01> a wu:Adoption ;
    wu:model <https://w3id.org/wugraph/id/model/clb-theo-so-thich> ;
    wu:adopter <https://w3id.org/wugraph/id/chapter/pre2025/commune/27019> ; wu:adoptedOn "2024-05-01"^^xsd:date .
  <https://w3id.org/wugraph/id/event/2024-06-01/hoi-thi-tan-quy> a wu:Event ; schema:startDate "2024-06-01"^^xsd:date ;
    schema:location <https://w3id.org/wugraph/id/unit/pre2025/commune/27019> .
} }
"""


@pytest.mark.parametrize(("today", "found"), [
    ("unit/2025/commune/27022", 2),  # Phú Thọ Hòa, Tân Quý's primary successor
    ("unit/2025/province/79", 2),  # and its province
    ("unit/2025/commune/27019", 0),  # Tân Sơn Nhì keeps the code but only received a part
])
def test_facts_at_an_old_commune_roll_up_to_its_primary_new_commune(loaded_store: OxigraphStore, today: str, found: int) -> None:
    loaded_store.update(AT_TAN_QUY)
    example = next(e for e in examples() if e.name == "facts_under_current_unit")
    text = example.sparql.replace(B + "unit/2025/province/68", B + today)
    assert text != example.sparql
    result = answer(loaded_store, QueryRequest(text, accept="application/sparql-results+json"), load_settings(environ={}))
    rows = [{k: v["value"] for k, v in row.items()} for row in json.loads(result.body)["results"]["bindings"]]
    tan_quy = [r for r in rows if r["recordedAt"] == B + "unit/pre2025/commune/27019"]
    assert len(tan_quy) == found and {r["kind"] for r in tan_quy} == ({"event", "adoption"} if found else set())
