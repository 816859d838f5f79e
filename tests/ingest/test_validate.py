"""SHACL shapes and the validation module: a good and a bad tiny batch per shape family, checked against
the bundled store for context; the seed file; the full check; reports in both languages."""

from __future__ import annotations

import json
import time

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH
from support.paths import ROOT

from wugraph.config import load_settings
from wugraph.ingest.validate import (
    Report,
    class_hierarchy,
    context_for,
    load_shapes,
    validate_all,
    validate_batch,
)
from wugraph.store import OxigraphStore

SEED = ROOT / "data" / "seed" / "000_f46896cb9cf14e9f.trig"
SEED_GRAPH = "https://w3id.org/wugraph/graph/doc/000_f46896cb9cf14e9f"

PROLOGUE = """
@base <https://w3id.org/wugraph/id/> .
@prefix wu: <https://w3id.org/wugraph/ontology#> .
@prefix schema: <http://schema.org/> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""
# Reference nodes of the bundled store used as context.
DISTRICT_661 = "<unit/pre2025/district/661>"  # Huyện Đăk Glong, ends 2025-06-30
CHAPTER_661 = "<chapter/pre2025/district/661>"
CHAPTER_67 = "<chapter/pre2025/province/67>"
COMMUNE_CHAPTER = "<chapter/pre2025/commune/24616>"  # Xã Quảng Sơn, in district 661
NEW_COMMUNE = "<unit/2025/commune/00070>"  # starts 2025-07-01
SHAPE = "https://w3id.org/wugraph/shapes#"

MODEL = """<model/thu-nghiem> a wu:Model ; skos:prefLabel "Câu lạc bộ thử nghiệm"@vi , "Test club"@en ;
    wu:modelType wu:Club ."""


def batch(body: str) -> Graph:
    """A batch from a Turtle snippet (entity IRIs relative to the default base)."""
    return Graph().parse(data=PROLOGUE + body, format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes(load_settings({"home": ROOT}, environ={}))


def check(store: OxigraphStore, shapes: Graph, body: str) -> Report:
    return validate_batch(store, batch(body), shapes)


def hits(report: Report, severity: str = "violation") -> set[str]:
    """Local names of the shapes that reported at this severity."""
    return {f.source_shape.removeprefix(SHAPE) for f in report.findings if f.severity == severity and f.source_shape}


def adoption(day: str, adopter: str = COMMUNE_CHAPTER, precision: str = "wu:DayPrecision", extra: str = "") -> str:
    return MODEL + f"""
<adoption/thu-nghiem/x/{day}> a wu:Adoption ; wu:model <model/thu-nghiem> ; wu:adopter {adopter} ;
    wu:adoptedOn "{day}"^^xsd:date ; wu:datePrecision {precision} ; wu:adoptionKind wu:Replication {extra} ."""


def event(day: str, location: str, extra: str = "", name: str = '"Diễn đàn thử"@vi') -> str:
    return f"""<event/{day}/thu> a wu:Event ; schema:name {name} ; wu:eventType wu:Forum ;
    schema:startDate "{day}"^^xsd:date ; schema:location {location} ; schema:organizer {CHAPTER_67} {extra} ."""


# --- dates -------------------------------------------------------------------------------------------

def test_good_event_conforms_without_findings(shared_store, shapes):
    report = check(shared_store, shapes, event("2023-02-21", DISTRICT_661, '; wu:delegateCount "80"^^xsd:nonNegativeInteger'))
    assert report.conforms and report.findings == ()


def test_end_before_start_is_a_violation(shared_store, shapes):
    report = check(shared_store, shapes, event("2023-02-21", DISTRICT_661, '; schema:endDate "2023-02-20"^^xsd:date'))
    assert not report.conforms
    assert hits(report) == {"Event-startDate"}
    finding = report.violations[0]
    assert finding.path == "http://schema.org/startDate" and finding.value == '"2023-02-21"^^xsd:date'
    assert "ngày kết thúc" in finding.message_vi and "end date" in finding.message_en


def test_membership_end_before_start_uses_the_shared_date_shape(shared_store, shapes):
    body = f"""<person/a> a schema:Person ; schema:name "Nguyễn Thị A" .
    <membership/a> a org:Membership ; org:member <person/a> ; org:organization {CHAPTER_67} ; org:role wu:Chair ;
        schema:startDate "2021-05-01"^^xsd:date ; schema:endDate "2020-01-01"^^xsd:date ."""
    assert hits(check(shared_store, shapes, body)) == {"startDate"}


def test_datetime_where_a_date_is_required_is_a_violation(shared_store, shapes):
    report = check(shared_store, shapes, event("2023-02-21", DISTRICT_661).replace(
        '"2023-02-21"^^xsd:date', '"2023-02-21T08:00:00"^^xsd:dateTime'))
    assert "Event-startDate" in hits(report)


# --- datatypes -----------------------------------------------------------------------------------------

def test_wrong_datatypes_are_violations(shared_store, shapes):
    for count in ('"tám mươi"', "80.5", '"-3"^^xsd:integer', '"80"^^xsd:nonNegativeInteger , 81'):
        report = check(shared_store, shapes, event("2023-02-21", DISTRICT_661, f"; wu:delegateCount {count}"))
        assert hits(report) == {"Event-delegateCount"}, count
    for count in ('"80"^^xsd:nonNegativeInteger', "80"):  # the store keeps both as xsd:integer
        assert check(shared_store, shapes, event("2023-02-21", DISTRICT_661, f"; wu:delegateCount {count}")).conforms
    report = check(shared_store, shapes, adoption("2024-05-01").replace('"2024-05-01"^^xsd:date', '"01/05/2024"'))
    assert hits(report) == {"Adoption-adoptedOn"}
    assert report.violations[0].value == '"01/05/2024"'


def test_over_5000_delegates_passes_with_a_warning(shared_store, shapes):
    report = check(shared_store, shapes, event("2023-02-21", DISTRICT_661, '; wu:delegateCount "6000"^^xsd:nonNegativeInteger'))
    assert report.conforms
    assert hits(report, "warning") == {"Event-delegateCountPlausible"} and not report.violations
    assert report.warnings[0].message_vi == "Số đại biểu trên 5.000: hãy kiểm tra lại."


def test_year_only_adoption_passes_with_a_warning(shared_store, shapes):
    report = check(shared_store, shapes, adoption("2024-01-01", precision="wu:YearPrecision"))
    assert report.conforms and hits(report, "warning") == {"Adoption-yearOnly"}


# --- labels ---------------------------------------------------------------------------------------------

def test_missing_vietnamese_label_is_a_violation(shared_store, shapes):
    body = """<model/khong-ten> a wu:Model ; skos:prefLabel "A nameless club"@en ; wu:modelType wu:Club ."""
    assert hits(check(shared_store, shapes, body)) == {"prefLabel-vi"}
    body = """<org/khong-ten> a org:Organization ; skos:prefLabel "Some committee"@en ."""
    assert hits(check(shared_store, shapes, body)) == {"label-vi"}
    assert hits(check(shared_store, shapes, event("2023-02-21", DISTRICT_661, name='"A forum"@en'))) == {"name-vi"}


def test_two_vietnamese_labels_break_unique_lang(shared_store, shapes):
    body = """<org/hai-ten> a org:Organization ; skos:prefLabel "Ban A"@vi , "Ban B"@vi ."""
    assert hits(check(shared_store, shapes, body)) == {"prefLabel-form"}


def test_vietnamese_label_on_an_existing_node_counts_the_stored_one(shared_store, shapes):
    """A batch adding a second @vi name to a unit of the store is checked against the stored name."""
    report = check(shared_store, shapes, f'{DISTRICT_661} skos:prefLabel "Huyện Khác"@vi .')
    assert hits(report) == {"prefLabel-form"}
    assert report.violations[0].focus_node.endswith("unit/pre2025/district/661")


# --- GSO codes ----------------------------------------------------------------------------------------

def unit(code: str, level: str = "wu:District") -> str:
    return f"""<unit/test/district/{code}> a wu:AdministrativeUnit ; skos:prefLabel "Huyện Thử"@vi ;
        skos:notation "{code}" ; wu:unitLevel {level} ; schema:containedInPlace <unit/pre2025/province/67> ;
        schema:endDate "2025-06-30"^^xsd:date ."""


def test_gso_codes_follow_their_level(shared_store, shapes):
    assert check(shared_store, shapes, unit("999")).findings == ()
    assert hits(check(shared_store, shapes, unit("6a1"))) == {"AdministrativeUnit-notation"}
    report = check(shared_store, shapes, unit("6612"))
    assert hits(report) == {"AdministrativeUnit-notation", "GsoCodeLevelShape"}
    report = check(shared_store, shapes, unit("67"))
    assert hits(report) == {"GsoCodeLevelShape"}
    finding = report.violations[0]
    assert finding.message_vi == "Mã GSO 67 không khớp với cấp huyện: mã tỉnh có 2 chữ số, huyện 3, xã 5."
    assert finding.message_en.startswith("GSO code 67 does not fit level district")
    assert finding.path == "http://www.w3.org/2004/02/skos/core#notation" and finding.value == '"67"'


# --- chapters within their parent -----------------------------------------------------------------------

def chapter(end: str) -> str:
    return f"""<chapter/test/branch/1> a wu:Chapter ; skos:prefLabel "Chi hội thử"@vi ;
        org:subOrganizationOf {CHAPTER_661} ; org:classification wu:BranchLevel ;
        schema:startDate "2020-01-01"^^xsd:date ; schema:endDate "{end}"^^xsd:date ."""


def test_chapter_must_lie_within_its_parents_validity(shared_store, shapes):
    assert check(shared_store, shapes, chapter("2024-12-31")).findings == ()
    report = check(shared_store, shapes, chapter("2026-01-01"))
    assert hits(report) == {"ChapterWithinParentShape"}
    finding = report.violations[0]
    assert finding.path == "http://schema.org/endDate" and finding.value == '"2026-01-01"^^xsd:date'
    assert "chapter/pre2025/district/661" in finding.message_vi and "(giới hạn: 2025-06-30)" in finding.message_vi
    assert "(limit: 2025-06-30)" in finding.message_en


def test_position_must_lie_within_its_organisations_lifetime(shared_store, shapes):
    body = """<person/b> a schema:Person ; schema:name "Trần Thị B" .
    <membership/b> a org:Membership ; org:member <person/b> ; org:organization %s ; org:role wu:Chair ;
        schema:startDate "%s"^^xsd:date ."""
    assert check(shared_store, shapes, body % (CHAPTER_661, "2021-05-01")).findings == ()
    report = check(shared_store, shapes, body % (CHAPTER_661, "2025-08-01"))
    assert hits(report) == {"MembershipWithinOrganizationShape"}


def test_person_without_a_position_is_a_warning(shared_store, shapes):
    report = check(shared_store, shapes, '<person/c> a schema:Person ; schema:name "Lê Thị C" .')
    assert report.conforms and hits(report, "warning") == {"PersonWithoutPositionShape"}


# --- adoptions --------------------------------------------------------------------------------------------

def test_adoption_after_the_adopters_end_is_a_violation(shared_store, shapes):
    assert check(shared_store, shapes, adoption("2024-05-01")).findings == ()
    report = check(shared_store, shapes, adoption("2025-08-01"))
    assert hits(report) == {"AdoptionWithinAdopterShape"}
    finding = report.violations[0]
    assert finding.message_vi == ("Ngày áp dụng 2025-08-01 sau ngày kết thúc 2025-06-30 của cấp Hội áp dụng "
                                  "https://w3id.org/wugraph/id/chapter/pre2025/commune/24616.")
    assert finding.path == "https://w3id.org/wugraph/ontology#adoptedOn"


def test_adoption_is_a_closed_shape_and_checks_references(shared_store, shapes):
    report = check(shared_store, shapes, adoption("2024-05-01", extra='; wu:adoptedon "2024"'))
    assert hits(report) == {"AdoptionShape"}
    assert report.violations[0].path == "https://w3id.org/wugraph/ontology#adoptedon"
    assert "không được phép" in report.violations[0].message_vi
    report = check(shared_store, shapes, adoption("2024-05-01", adopter=DISTRICT_661))
    assert hits(report) == {"Adoption-adopter"}, "a unit is not an organisation"


# --- events and places --------------------------------------------------------------------------------------

def test_event_location_must_exist_on_the_events_date(shared_store, shapes):
    report = check(shared_store, shapes, event("2023-03-01", NEW_COMMUNE))
    assert hits(report) == {"EventLocationValidShape"}
    finding = report.violations[0]
    assert finding.value == "https://w3id.org/wugraph/id/unit/2025/commune/00070"
    assert "2023-03-01" in finding.message_vi and "2025-07-01" in finding.message_en
    assert check(shared_store, shapes, event("2025-08-01", NEW_COMMUNE)).findings == ()


def test_event_at_a_venue_is_checked_against_the_venues_unit(shared_store, shapes):
    venue = f'<place/hoi-truong> a wu:Venue ; schema:name "Hội trường"@vi ; schema:containedInPlace {NEW_COMMUNE} .'
    assert hits(check(shared_store, shapes, venue + event("2023-03-01", "<place/hoi-truong>"))) == {"EventLocationValidShape"}
    assert check(shared_store, shapes, venue + event("2025-09-01", "<place/hoi-truong>")).findings == ()


# --- cycles -------------------------------------------------------------------------------------------------

def test_hierarchy_cycles_are_violations(shared_store, shapes):
    body = """<chapter/test/a> a wu:Chapter ; skos:prefLabel "Chi hội A"@vi ; org:subOrganizationOf <chapter/test/b> .
    <chapter/test/b> a wu:Chapter ; skos:prefLabel "Chi hội B"@vi ; org:subOrganizationOf <chapter/test/a> ."""
    report = check(shared_store, shapes, body)
    assert hits(report) == {"NoOrganizationCycleShape"} and len(report.violations) == 2
    places = """<place/a> a wu:Venue ; schema:name "Nhà A"@vi ; schema:containedInPlace <place/b> .
    <place/b> a wu:Venue ; schema:name "Nhà B"@vi ; schema:containedInPlace <place/a> ."""
    assert hits(check(shared_store, shapes, places)) == {"NoPlaceCycleShape"}


# --- the seed, re-ingest, context --------------------------------------------------------------------------

def seed_batch() -> Graph:
    if not SEED.exists():
        pytest.skip("the seed file is not there yet")
    # rdflib 7.6's Dataset.parse warns about its own deprecated default_context, so read TriG with pyoxigraph.
    quads = ox.parse(path=str(SEED), format=ox.RdfFormat.TRIG)
    triples = ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in quads), format=ox.RdfFormat.N_TRIPLES)
    return Graph().parse(data=triples.decode("utf-8"), format="nt")


def test_seed_file_has_no_violations(shared_store, shapes):
    report = validate_batch(shared_store, seed_batch(), shapes)
    assert report.conforms, report.to_text("en")
    assert hits(report, "warning") <= {"Contribution-participantNamed", "PersonWithoutPositionShape"}


def test_seed_revalidated_as_a_replacement_of_its_own_graph(shared_store, shapes):
    report = validate_batch(shared_store, seed_batch(), shapes, replacing=[SEED_GRAPH])
    assert report.conforms, report.to_text("en")


def test_a_batch_adding_to_a_stored_node_sees_what_the_stored_description_names(shared_store, shapes):
    """The stored forum names 13 models: their types come along, so sh:class on wu:discussedModel holds."""
    seed_batch()
    body = '<event/2023-02-21/dien-dan-chia-se-kinh-nghiem-cong-tac-hoi> schema:description "Một mô tả thêm"@vi .'
    report = check(shared_store, shapes, body)
    assert report.conforms and report.findings == (), report.to_text("en")


def test_context_is_one_bounded_slice(shared_store):
    graph = batch(adoption("2024-05-01"))
    context = context_for(shared_store, graph)
    nodes = {str(s) for s in context.subjects()}
    base = "https://w3id.org/wugraph/id/"
    assert {base + "chapter/pre2025/commune/24616", base + "chapter/pre2025/district/661",
            base + "chapter/pre2025/province/67", base + "union"} <= nodes
    assert len(context) < 100
    assert len(class_hierarchy(shared_store)) > 10


def test_ontology_given_explicitly_is_used_for_the_class_hierarchy(shared_store, shapes):
    ontology = Graph().parse(ROOT / "ontology" / "wugraph.ttl", format="turtle")
    report = validate_batch(shared_store, batch(adoption("2024-05-01")), shapes, ontology)
    assert report.conforms and report.findings == ()


# --- reports ------------------------------------------------------------------------------------------------

def test_reports_name_where_focus_property_value_in_both_languages(shared_store, shapes):
    graph = batch(adoption("2025-08-01") + event("2023-03-01", NEW_COMMUNE, '; wu:delegateCount "6000"^^xsd:nonNegativeInteger'))
    where = {"https://w3id.org/wugraph/id/adoption/thu-nghiem/x/2025-08-01": "adoptions.csv:3"}
    report = validate_batch(shared_store, graph, shapes, locations=where)
    vi, en = report.to_text("vi").splitlines(), report.to_text("en").splitlines()
    assert vi[0] == "Không hợp lệ: 2 lỗi, 1 cảnh báo." and en[0] == "Does not conform: 2 violations, 1 warning."
    assert len(vi) == len(en) == 1 + len(report.findings) == 4
    assert vi[1].startswith("lỗi · adoptions.csv:3 · <https://w3id.org/wugraph/id/adoption/thu-nghiem/x/2025-08-01> · "
                            'wu:adoptedOn = "2025-08-01"^^xsd:date · Ngày áp dụng')
    assert en[-1].startswith("warning · <https://w3id.org/wugraph/id/event/2023-03-01/thu> · wu:delegateCount")
    assert all(f.message_vi and f.message_en and f.message_vi != f.message_en for f in report.findings)
    data = json.loads(json.dumps(report.to_dict(), ensure_ascii=False))
    assert data["conforms"] is False and data["violations"] == 2 and data["warnings"] == 1
    assert data["findings"][0]["where"] == "adoptions.csv:3"
    assert "sh:ValidationReport" in report.report_turtle
    assert Graph().parse(data=report.report_turtle, format="turtle")


def test_batch_of_1000_adoptions_stays_cheap(shared_store, shapes):
    """Validation cost follows the batch: 1,000 records with their context in a few seconds (bench prints figures)."""
    adopters = [f"<chapter/pre2025/commune/{code}>" for code in ("24616", "24620", "24622")]
    body = MODEL + "".join(
        f"""<adoption/thu-nghiem/{n}> a wu:Adoption ; wu:model <model/thu-nghiem> ; wu:adopter {adopters[n % 3]} ;
        wu:adoptedOn "2024-01-{1 + n % 28:02d}"^^xsd:date ; wu:datePrecision wu:DayPrecision ; wu:adoptionKind wu:Replication ."""
        for n in range(1000))
    graph = batch(body)
    started = time.perf_counter()
    report = validate_batch(shared_store, graph, shapes)
    elapsed = time.perf_counter() - started
    assert report.conforms and report.findings == ()
    assert elapsed < 30, f"1,000-record batch took {elapsed:.1f} s"


def test_every_shape_has_a_message_in_both_languages(shapes):
    named = {s for s in shapes.subjects(RDF.type, SH.NodeShape)} | {s for s in shapes.subjects(RDF.type, SH.PropertyShape)}
    assert len(named) > 60
    for shape in named:
        assert isinstance(shape, URIRef), "every shape has an IRI, so results map back to their messages"
        languages = sorted(m.language for m in shapes.objects(shape, SH.message))
        assert languages == ["en", "vi"], shape
    warnings = {str(s).removeprefix(SHAPE) for s in shapes.subjects(SH.severity, SH.Warning)}
    assert {"Event-delegateCountPlausible", "Adoption-yearOnly", "PersonWithoutPositionShape"} <= warnings


def test_results_without_messages_get_generic_vietnamese_and_pyshacl_english(store):
    """Closed-shape results of a shape with no sh:message: generic Vietnamese, pyshacl's own English."""
    shapes = Graph().parse(data=PROLOGUE + """@prefix sh: <http://www.w3.org/ns/shacl#> .
    <urn:x-test:ClosedModel> a sh:NodeShape ; sh:targetClass wu:Model ; sh:closed true ;
        sh:ignoredProperties ( <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> ) ;
        sh:property [ sh:path skos:prefLabel ] .""", format="turtle")
    report = validate_batch(store, batch(MODEL), shapes)
    assert not report.conforms and len(report.violations) == 1
    finding = report.violations[0]
    assert finding.path == "https://w3id.org/wugraph/ontology#modelType" and finding.value == "https://w3id.org/wugraph/ontology#Club"
    assert finding.message_vi == "Thuộc tính này không được phép ở đây (khuôn dữ liệu đóng)."
    assert "closed" in finding.message_en.lower()


def test_blank_node_focus_and_locations(shared_store, shapes):
    body = f"""[] a org:Membership ; org:member <person/d> ; org:organization {CHAPTER_67} .
    <person/d> a schema:Person ; schema:name "Đỗ Thị D" ."""
    graph = batch(body)
    blank = next(s for s in graph.subjects(RDF.type, URIRef("http://www.w3.org/ns/org#Membership")))
    report = validate_batch(shared_store, graph, shapes, locations={f"_:{blank}": "people.csv:2"})
    assert hits(report) == {"Membership-role"}
    assert report.violations[0].focus_node == f"_:{blank}" and report.violations[0].where == "people.csv:2"


# --- the full check ----------------------------------------------------------------------------------------

def test_validate_all_finds_cross_node_problems_in_a_small_store(store, shapes):
    """The full check runs SPARQL rules inside the store; on a small store it sees what batches would."""
    data = batch(MODEL + chapter("2026-01-01").replace(CHAPTER_661, "<chapter/test/parent>") + """
    <chapter/test/parent> a wu:Chapter ; skos:prefLabel "Hội thử"@vi ; org:subOrganizationOf <union> ;
        schema:endDate "2025-06-30"^^xsd:date .
    <union> a wu:Union ; skos:prefLabel "Hội Liên hiệp Phụ nữ Việt Nam"@vi .""" + adoption("2025-08-01", "<chapter/test/parent>"))
    data.parse(ROOT / "ontology" / "wugraph.ttl", format="turtle")
    store.update("INSERT DATA { GRAPH <urn:x-test:g> { " + data.serialize(format="nt") + " } }")
    report = validate_all(store, shapes)
    assert hits(report) == {"ChapterWithinParentShape", "AdoptionWithinAdopterShape"}
    assert all(f.message_vi and f.message_en for f in report.findings)
    assert "Ngày áp dụng 2025-08-01 sau ngày kết thúc 2025-06-30" in report.to_text("vi")


@pytest.mark.slow
def test_bundled_reference_data_passes_validate_all(shared_store, shapes):
    """The whole bundled store (about 317,000 triples) against every shape: about 30 s of CPU."""
    report = validate_all(shared_store, shapes)
    assert report.conforms, report.to_text("en")[:2000]
    assert hits(report, "warning") <= {"Contribution-participantNamed", "PersonWithoutPositionShape"}
