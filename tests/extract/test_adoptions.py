"""Adoptions from text (issue 16's extraction side): launches, foundings and replications of named models.

Every article here is written for the test in the style of union reports; places are real units of Đắk Nông.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Namespace, URIRef

from wugraph.config import load_settings
from wugraph.extract import extract
from wugraph.extract.summary import to_summary
from wugraph.extract.to_rdf import to_dataset
from wugraph.ingest import pipeline as ingest
from wugraph.ingest.sources import Source
from wugraph.reference.gazetteer import Gazetteer, gazetteer_from_lists

ROOT = Path(__file__).resolve().parents[2]
B = Namespace("https://w3id.org/wugraph/id/")
WU = Namespace("https://w3id.org/wugraph/ontology#")
PROV = Namespace("http://www.w3.org/ns/prov#")
RDF_TYPE = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
DATELINE = "Thứ Ba, 12/09/2023 - 08:30\n\n"

LAUNCH = DATELINE + (
    "Xã Quảng Sơn ra mắt mô hình “Tổ phụ nữ nuôi ong lấy mật”\n\n"
    "Ngày 8/9, Hội LHPN xã Quảng Sơn, huyện Đắk Glong tổ chức lễ ra mắt mô hình “Tổ phụ nữ nuôi ong lấy mật” "
    "với 15 thành viên. Bà Lê Thị Hạnh, Chủ tịch Hội LHPN xã phát biểu tại buổi lễ.\n")
REPLICATION = DATELINE + (
    "Tháng 8/2023, sau khi học tập kinh nghiệm từ Hội LHPN xã Quảng Sơn, Hội LHPN xã Quảng Khê (huyện Đắk Glong) "
    "đã nhân rộng mô hình “Tổ phụ nữ nuôi ong lấy mật” tại thôn 3.\n")
ANNOUNCED = DATELINE + (
    "Hội LHPN huyện Đắk Glong sẽ nhân rộng mô hình “Tổ phụ nữ nuôi ong lấy mật” ra các xã trong thời gian tới.\n")
VILLAGES = DATELINE + (
    "Ngày 5/9, Hội LHPN tỉnh ra mắt mô hình “Bếp sạch, vườn xanh” cho hội viên các bon: Bu Sir, Bu Nung, "
    "xã Quảng Khê và bon Phi Mur, xã Đắk Som.\n")
SINCE_YEAR = DATELINE + (
    "Chi hội phụ nữ thôn 5 duy trì mô hình “Hũ gạo tình thương”. Mô hình “Hũ gạo tình thương” tại thôn 5, "
    "xã Đắk Ha, huyện Đắk Glong được thành lập từ năm 2021 và đến nay có 40 hội viên tham gia.\n")


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return gazetteer_from_lists(ROOT / "data", cache_dir=None)


def adoptions(gazetteer: Gazetteer, text: str) -> list[dict]:
    return to_summary(extract(text, gazetteer))["adoptions"]


def test_a_launch_event_is_an_origination_on_its_day(gazetteer: Gazetteer) -> None:
    [adoption] = adoptions(gazetteer, LAUNCH)
    assert (adoption["model"], adoption["unit_code"], adoption["kind"]) == ("Tổ phụ nữ nuôi ong lấy mật", "24616", "Origination")
    assert (adoption["date"], adoption["date_precision"]) == ("2023-09-08", "day")
    assert adoption["evidence"]["quote"].startswith("Ngày 8/9, Hội LHPN xã Quảng Sơn")


def test_a_replication_names_where_it_was_learned(gazetteer: Gazetteer) -> None:
    [adoption] = adoptions(gazetteer, REPLICATION)
    assert (adoption["kind"], adoption["unit_code"], adoption["village"]) == ("Replication", "24631", "thôn 3")
    assert (adoption["learned_from"], adoption["learned_from_code"]) == ("Hội LHPN xã Quảng Sơn", "24616")
    assert (adoption["date"], adoption["date_precision"]) == ("2023-08", "month")


def test_announcements_are_not_adoptions(gazetteer: Gazetteer) -> None:
    assert adoptions(gazetteer, ANNOUNCED) == []


def test_a_launch_in_several_villages_gives_one_adoption_per_village(gazetteer: Gazetteer) -> None:
    found = {(a["village"], a["unit_code"]) for a in adoptions(gazetteer, VILLAGES)}
    assert found == {("bon: Bu Sir", "24631"), ("Bu Nung", "24631"), ("bon Phi Mur", "24637")}


def test_a_founding_year_gives_year_precision(gazetteer: Gazetteer) -> None:
    [adoption] = adoptions(gazetteer, SINCE_YEAR)
    assert (adoption["unit_code"], adoption["village"], adoption["date"], adoption["date_precision"]) == ("24622", "thôn 5", "2021", "year")


def test_every_span_points_at_its_part(gazetteer: Gazetteer) -> None:
    ex = extract(REPLICATION, gazetteer)
    [adoption] = to_summary(ex)["adoptions"]
    text = ex.doc.text
    assert text[slice(*adoption["spans"]["unit"])] == "thôn 3"
    assert text[slice(*adoption["spans"]["learned_from"])] == "Hội LHPN xã Quảng Sơn"
    assert "Tổ phụ nữ nuôi ong lấy mật" in text[slice(*adoption["spans"]["model"])]
    assert text[slice(*adoption["spans"]["date"])] == "Tháng 8/2023"


def test_adoptions_in_the_candidate_graph_pass_the_shapes(gazetteer: Gazetteer, shared_store) -> None:
    result = to_dataset(extract(REPLICATION + "\n" + LAUNCH.split("\n\n", 1)[1], gazetteer, doc_id="adoption-check"))
    g: Graph = result.dataset.graph(URIRef(result.graph))
    nodes = set(g.subjects(RDF_TYPE, WU.Adoption))
    assert len(nodes) == 2
    by_kind = {g.value(n, WU.adoptionKind): n for n in nodes}
    replication, origination = by_kind[WU.Replication], by_kind[WU.Origination]
    assert g.value(replication, WU.adopter) == B["chapter/pre2025/commune/24631"]
    assert g.value(replication, WU.learnedFrom) == B["chapter/pre2025/commune/24616"]
    assert (replication, WU.datePrecision, WU.MonthPrecision) in g and str(g.value(replication, WU.adoptedOn)) == "2023-08-01"
    assert g.value(origination, WU.adopter) == B["chapter/pre2025/commune/24616"]
    assert g.value(origination, WU.model) == g.value(replication, WU.model) == B["model/to-phu-nu-nuoi-ong-lay-mat"]
    for node in nodes:
        evidence = g.value(node, PROV.qualifiedDerivation)
        start, end = g.value(evidence, WU.charStart).toPython(), g.value(evidence, WU.charEnd).toPython()
        body = str(g.value(B["doc/adoption-check"], URIRef("http://schema.org/articleBody")))
        assert body[start:end] == str(g.value(evidence, WU.quote))
    settings = load_settings({"home": ROOT}, environ={})
    checked = ingest.check(shared_store, [Source("adoption-check.trig", result.trig())], settings)
    assert checked.report.conforms, checked.report.to_text("en")


def test_undated_or_unplaced_adoptions_stay_out_of_the_graph_with_a_reason(gazetteer: Gazetteer) -> None:
    text = "Hội LHPN xã Quảng Sơn vừa ra mắt mô hình “Tổ phụ nữ nuôi ong lấy mật”.\n"
    ex = extract(text, gazetteer)
    assert [a["date"] for a in to_summary(ex)["adoptions"]] == [None]
    result = to_dataset(ex)
    assert not set(result.dataset.graph(URIRef(result.graph)).subjects(RDF_TYPE, WU.Adoption))
    assert any("no date" in note for note in result.skipped)
