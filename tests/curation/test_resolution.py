"""Resolution across articles and against the graph: models under wrappers, people and their namesakes,
units spelled every way, later launches of a model, and merges a steward undoes (split) or makes by hand."""

from __future__ import annotations

from datetime import date

import pytest
from click.testing import CliRunner
from support.curation import HOMONYM, LAUNCH, REPLICATION, STEWARD, ok, review_json, select, stage, wugraph

from wugraph.config import Settings
from wugraph.curation.edits import find_units
from wugraph.curation.names import model_key, model_rule, near, person_key, same_person_name
from wugraph.curation.resolve import era_unit
from wugraph.identifiers import Minter
from wugraph.reference.gazetteer import gazetteer_for
from wugraph.store import Store

BASE = "https://w3id.org/wugraph/id/"


@pytest.mark.parametrize("written", [
    "Gia đình 5 có, 3 sạch", "Tổ phụ nữ xây dựng gia đình 5 có 3 sạch", "mô hình “Gia đình 5 có 3 sạch”",
    "GIA ĐÌNH 5 CÓ, 3 SẠCH", "Gia  đình 5 có,3 sạch", "gia dinh 5 co 3 sach", "CLB Gia đình 5 có, 3 sạch",
    "Nhóm phụ nữ xây dựng “gia đình 5 có, 3 sạch”",
])
def test_model_wrappers_quotes_casing_spacing_meet(written: str) -> None:
    assert model_key(written) == model_key("Gia đình 5 có, 3 sạch") == "giadinh5co3sach"


def test_model_misspellings_but_never_other_numbers() -> None:
    assert near(model_key("Phụ nữ với pháp luật"), model_key("Phụ nữ với phap luạt"))  # diacritics slip
    assert near(model_key("Tiết kiệm vì phụ nữ nghèo"), model_key("Tiết kiệm vì phụ nũ nghèo"))
    assert near(model_key("Phụ nữ với pháp luật"), model_key("Phụ nữ vơi pháp luât"))
    assert not near(model_key("Gia đình 5 có, 3 sạch"), model_key("Gia đình 5 không, 3 sạch"))
    assert not near(model_key("Gia đình 5 có, 3 sạch"), model_key("Gia đình 6 có, 3 sạch"))
    assert not near(model_key("Dân vũ"), model_key("Dân ca"))  # short names must match exactly
    assert model_key("Tổ tiết kiệm xoay vòng") != model_key("Xoay vòng")  # a savings group is a kind, not a wrapper
    assert model_rule("Tổ phụ nữ xây dựng gia đình 5 có 3 sạch", "Gia đình 5 có, 3 sạch") == "model.wrapper-words"
    assert model_rule("gia đình 5 có 3 sạch", "Gia đình 5 có, 3 sạch") == "model.spelling"


def test_person_names_tone_placement_case_and_missing_diacritics() -> None:
    assert person_key("Hoàng Thị Hoà") == person_key("hoàng  thị HÒA")
    assert same_person_name("Hoàng Thị Hoà", "Hoàng Thị Hòa") == "person.name-spelling"
    assert same_person_name("Hoang Thi Hoa", "Hoàng Thị Hòa") == "person.name-without-diacritics"
    assert same_person_name("Hoàng Thị Hoa", "Hoàng Thị Hòa") is None  # another tone is another name
    assert same_person_name("Nguyễn Thị Thuỷ", "Nguyễn Thị Thủy") == "person.name-spelling"


def test_units_spelled_every_way_resolve_to_the_official_unit_of_the_era(shared_store: Store) -> None:
    gazetteer = gazetteer_for(shared_store)
    for written in ("Đắk G'long", "Đăk Glong", "Đak Glong", "Dak Glong", "huyện Đắk Glong"):
        assert [r.code for r in find_units(gazetteer, written, date(2023, 3, 14))] == ["661"], written
    for written in ("Quảng Hoá, Đắk G'long", "Quảng Hòa, Đăk Glong", "xã Quang Hoa, Dak Glong", "24620"):
        assert [r.code for r in find_units(gazetteer, written, date(2023, 9, 15))] == ["24620"], written
    assert "24620" in [r.code for r in find_units(gazetteer, "Quảng Hoá", date(2023, 9, 15))]  # one of several namesakes
    assert [r.name for r in find_units(gazetteer, "Thanh Hoá", date(2023, 1, 1)) if r.level == "Province"] == ["Tỉnh Thanh Hóa"]
    # a chapter of the old list on a day after the reform becomes the one namesake of the new list
    minter = Minter()
    moved = era_unit(BASE + "chapter/pre2025/commune/24616", date(2025, 8, 1), gazetteer, minter)
    assert moved is not None and moved[0] == BASE + "chapter/2025/commune/24616"
    assert era_unit(BASE + "chapter/pre2025/commune/24616", date(2023, 8, 1), gazetteer, minter) is None
    assert era_unit(BASE + "chapter/pre2025/commune/24676", date(2025, 8, 1), gazetteer, minter) is None  # Đức Mạnh: none


def test_homonyms_stay_apart_and_models_resolve_against_the_graph(loaded_settings: Settings, runner: CliRunner) -> None:
    stage(runner, loaded_settings, LAUNCH, HOMONYM)
    view = review_json(runner, loaded_settings, "show", "dak-mil-ra-mat")
    notes = {m["rule"]: m for m in view["merges"]}
    assert notes["person.homonym"]["apart"] and notes["person.homonym"]["target"] == BASE + "person/hoang-thi-hoa-2"
    assert notes["model.wrapper-words"]["target"] == BASE + "model/clb-theo-so-thich"  # a model the bundled data holds
    assert notes["model.wrapper-words"]["against"] == "graph"
    ok(wugraph(runner, loaded_settings, "review", "accept", "--all", "--steward", STEWARD))
    chairs = select(loaded_settings, "SELECT DISTINCT ?p ?org WHERE { ?m org:member ?p ; org:organization ?org . "
                                     "?p schema:name ?n FILTER(STRSTARTS(?n, 'Hoàng Thị H')) }")
    assert {(r["p"], r["org"]) for r in chairs} == {
        (BASE + "person/hoang-thi-hoa", BASE + "chapter/pre2025/district/661"),
        (BASE + "person/hoang-thi-hoa-2", BASE + "chapter/pre2025/commune/24676"),
    }
    adopted = select(loaded_settings, f"SELECT ?who ?kind WHERE {{ ?a wu:model <{BASE}model/clb-theo-so-thich> ; "
                                      "wu:adopter ?who ; wu:adoptionKind ?kind }")
    assert adopted == [{"who": BASE + "chapter/pre2025/commune/24676", "kind": "https://w3id.org/wugraph/ontology#Replication"}]


def test_a_later_launch_reads_as_a_replication_until_split(loaded_settings: Settings, runner: CliRunner, tmp_path) -> None:
    relaunch = tmp_path / "quang-hoa-ra-mat.txt"
    relaunch.write_text(REPLICATION.read_text(encoding="utf-8").replace("ra mắt nhân rộng mô hình", "ra mắt mô hình"), encoding="utf-8")
    stage(runner, loaded_settings, LAUNCH, relaunch)
    view = review_json(runner, loaded_settings, "show", "quang-hoa-ra-mat")
    later = next(m for m in view["merges"] if m["rule"] == "adoption.later-launch")
    adoption = next(c for c in view["candidates"] if c["kind"] == "adoption")
    assert {f["field"]: f.get("iri") for f in adoption["fields"]}["kind"].endswith("#Replication")
    ok(wugraph(runner, loaded_settings, "review", "split", later["id"], "--steward", STEWARD))
    view = review_json(runner, loaded_settings, "show", "quang-hoa-ra-mat")
    adoption = next(c for c in view["candidates"] if c["kind"] == "adoption")
    assert {f["field"]: f.get("iri") for f in adoption["fields"]}["kind"].endswith("#Origination")
    assert adoption["override"]["keep_kind"] and adoption["override"]["by"] == STEWARD


def test_split_and_merge_by_hand_after_acceptance(staged: Settings, runner: CliRunner) -> None:
    ok(wugraph(runner, staged, "review", "accept", "--all", "--steward", STEWARD))
    view = review_json(runner, staged, "show", "quang-hoa-nhan-rong")
    merged = next(m for m in view["merges"] if m["kind"] == "model" and m["written"].startswith("Tổ phụ nữ"))
    split = ok(wugraph(runner, staged, "review", "split", merged["id"], "--steward", STEWARD))
    assert "written to the store" in split.stdout or "đã ghi vào kho" in split.stdout
    models = select(staged, "SELECT DISTINCT ?m WHERE { ?a wu:model ?m FILTER(CONTAINS(STR(?m), 'gia-dinh-5')) }")
    assert {r["m"] for r in models} == {BASE + "model/gia-dinh-5-co-3-sach", BASE + "model/to-phu-nu-xay-dung-gia-dinh-5-co-3-sach"}
    again = review_json(runner, staged, "show", "quang-hoa-nhan-rong")
    assert any(m["rule"] == "steward.split" for m in again["merges"])
    # extracting the article again does not merge it back (nor ask for a new decision)
    stage(runner, staged, REPLICATION)
    again = review_json(runner, staged, "show", "quang-hoa-nhan-rong")
    assert again["status"] == "accepted" and any(m["rule"] == "steward.split" for m in again["merges"])
    assert len(select(staged, "SELECT DISTINCT ?m WHERE { ?a wu:model ?m FILTER(CONTAINS(STR(?m), 'gia-dinh-5')) }")) == 2
    # merged back by hand
    model = next(c for c in review_json(runner, staged, "show", "quang-hoa-nhan-rong")["candidates"]
                 if c["kind"] == "model" and c["iri"].endswith("to-phu-nu-xay-dung-gia-dinh-5-co-3-sach"))
    ok(wugraph(runner, staged, "review", "merge", f"quang-hoa-nhan-rong:{model['id']}", "gia-dinh-5-co-3-sach", "--steward", STEWARD))
    models = select(staged, "SELECT DISTINCT ?m WHERE { ?a wu:model ?m FILTER(CONTAINS(STR(?m), 'gia-dinh-5')) }")
    assert [r["m"] for r in models] == [BASE + "model/gia-dinh-5-co-3-sach"]
    manual = [m for m in review_json(runner, staged, "show", "quang-hoa-nhan-rong")["merges"] if m["rule"] == "steward.merge"]
    assert manual and manual[0]["manual"]


def test_a_unit_corrected_from_the_official_list(staged: Settings, runner: CliRunner) -> None:
    edited = ok(wugraph(runner, staged, "review", "edit", "quang-hoa-nhan-rong:a1", "--unit", "Quảng Khê, Đak Glong",
                        "--date", "9/2023", "--steward", STEWARD))
    assert "edit quang-hoa-nhan-rong:a1" in edited.stdout
    view = review_json(runner, staged, "show", "quang-hoa-nhan-rong")
    adoption = next(c for c in view["candidates"] if c["id"] == "a1")
    fields = {f["field"]: f.get("iri", f.get("value")) for f in adoption["fields"]}
    assert fields["adopter"] == BASE + "chapter/pre2025/commune/24631"
    assert fields["date"] == "2023-09-01" and fields["precision"].endswith("#MonthPrecision")
    assert [e["written"] for e in adoption["edits"]] == ["9/2023", "Quảng Khê, Đak Glong"]
    ok(wugraph(runner, staged, "review", "accept", "--all", "--steward", STEWARD))
    rows = select(staged, "SELECT ?a ?day WHERE { ?a wu:adopter <" + BASE + "chapter/pre2025/commune/24631> ; wu:adoptedOn ?day }")
    assert rows == [{"a": BASE + "adoption/gia-dinh-5-co-3-sach/pre2025/commune/24631/2023-09", "day": "2023-09-01"}]
