"""Issue 15's acceptance checks, asked as SPARQL of the built store: coverage, one primary per old commune, the
successions read from the resolution texts, the pre-reform steps, centroids with provenance, the derived roll-up,
and the build refusing a lineage file that breaks the rules (leaving the store as it was)."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from support.paths import ROOT

from wugraph.config import load_settings
from wugraph.errors import ReferenceDataError
from wugraph.ingest.build import build
from wugraph.ingest.validate import load_shapes
from wugraph.ingest.validate.shapes import store_rules
from wugraph.namespaces import sparql_prologue
from wugraph.store import OxigraphStore, Store, open_store

P = sparql_prologue() + "PREFIX geo: <http://www.w3.org/2003/01/geo/wgs84_pos#>\n"
B = "https://w3id.org/wugraph/id/"
UNITS = ROOT / "data" / "units"


def rows(store: Store, body: str) -> list[dict[str, str]]:
    result = store.query(P + body)
    names = [v.value for v in result.variables]
    return [{n: s[n].value for n in names if s[n] is not None} for s in result]


def ask(store: Store, body: str) -> bool:
    return bool(store.query(P + body))


def checks() -> list[dict[str, str]]:
    with (UNITS / "lineage-checks.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# --- coverage ---------------------------------------------------------------------------------


def test_old_communes_reach_2025_with_exactly_one_primary_successor(shared_store: OxigraphStore) -> None:
    """≥ 99.5 % of the 10,051 old communes reach a 2025 commune; each has exactly one primary succession."""
    (counts,) = rows(shared_store, """
        SELECT (COUNT(?old) AS ?communes) (SUM(?reached) AS ?withSuccessor) (SUM(?one) AS ?onePrimary) WHERE {
          ?old wu:unitLevel wu:Commune ; schema:endDate "2025-06-30"^^xsd:date .
          OPTIONAL { SELECT ?old (SUM(IF(?p, 1, 0)) AS ?primaries) WHERE { ?s wu:from ?old ; wu:isPrimary ?p } GROUP BY ?old }
          OPTIONAL { ?old wu:currentUnit ?now . ?now wu:unitLevel wu:Commune ; schema:startDate "2025-07-01"^^xsd:date }
          BIND (IF(BOUND(?now), 1, 0) AS ?reached)
          BIND (IF(COALESCE(?primaries, 0) = 1, 1, 0) AS ?one)
        }""")
    communes, reached, one = int(counts["communes"]), int(counts["withSuccessor"]), int(counts["onePrimary"])
    assert communes == 10051
    assert reached / communes >= 0.995 and reached == 10049
    assert one == reached  # the two left out (reviewed as unresolved) have no succession at all
    assert not ask(shared_store, """ASK { ?old wu:unitLevel wu:Commune . ?s wu:from ?old ; wu:isPrimary true .
                                          ?t wu:from ?old ; wu:isPrimary true . FILTER (?s != ?t) }""")


def test_the_two_communes_left_out_say_why(shared_store: OxigraphStore) -> None:
    left = rows(shared_store, """
        SELECT ?code ?note WHERE { ?old wu:unitLevel wu:Commune ; schema:endDate ?end ; skos:notation ?code .
          FILTER NOT EXISTS { ?s wu:from ?old }
          OPTIONAL { ?old skos:note ?note FILTER (lang(?note) = "vi") } } ORDER BY ?code""")
    assert [r["code"] for r in left] == ["16411", "25186"]
    assert all("30/06/2025" in r["note"] for r in left)


def test_every_district_reaches_2025_communes_whose_shares_sum_to_one(shared_store: OxigraphStore) -> None:
    (counts,) = rows(shared_store, """
        SELECT (COUNT(?d) AS ?districts) (SUM(IF(?n > 0, 1, 0)) AS ?withSuccessor) (SUM(IF(ABS(?total - 1) < 0.0001, 1, 0)) AS ?sumToOne)
        WHERE {
          ?d wu:unitLevel wu:District .
          OPTIONAL { SELECT ?d (COUNT(?s) AS ?n) (SUM(?share) AS ?total) WHERE {
            ?s wu:from ?d ; wu:to ?c ; wu:share ?share ; wu:isPrimary false . ?c wu:unitLevel wu:Commune } GROUP BY ?d }
        }""")
    assert counts == {"districts": "696", "withSuccessor": "696", "sumToOne": "696"}
    islands = rows(shared_store, "SELECT (COUNT(?s) AS ?n) WHERE { ?s wu:from/wu:unitLevel wu:District ; wu:shareBasis wu:WholeUnit }")
    assert islands == [{"n": "5"}]


def test_every_2025_commune_has_a_predecessor_and_a_change(shared_store: OxigraphStore) -> None:
    (counts,) = rows(shared_store, """
        SELECT (COUNT(DISTINCT ?new) AS ?communes) (COUNT(DISTINCT ?formed) AS ?withPredecessor) (COUNT(DISTINCT ?changed) AS ?withChange)
        WHERE {
          ?new wu:unitLevel wu:Commune ; schema:startDate "2025-07-01"^^xsd:date .
          OPTIONAL { ?s wu:to ?new . BIND (?new AS ?formed) }
          OPTIONAL { ?c a wu:TerritorialChange ; prov:generated ?new ; wu:effectiveDate "2025-07-01"^^xsd:date . BIND (?new AS ?changed) }
        }""")
    assert counts == {"communes": "3321", "withPredecessor": "3321", "withChange": "3321"}


def test_provinces_keep_one_primary_successor_each(shared_store: OxigraphStore) -> None:
    (counts,) = rows(shared_store, """
        SELECT (COUNT(DISTINCT ?old) AS ?n) WHERE { ?s wu:from ?old ; wu:isPrimary true ; wu:to ?new . ?old wu:unitLevel wu:Province .
          ?new wu:unitLevel wu:Province }""")
    assert counts == {"n": "63"}


# --- the successions read in the resolution texts -------------------------------------------------


@pytest.mark.parametrize("check", checks(), ids=lambda c: f"{c['old_code']}-{c['new_code']}")
def test_a_succession_read_in_the_resolution_text(bundled_store: Store, check: dict[str, str]) -> None:
    """lineage-checks.csv: each succession is in the store, with the primary flag and the share the text implies."""
    node = f"{B}succession/pre2025/commune/{check['old_code']}/2025/commune/{check['new_code']}"
    (row,) = rows(bundled_store, f"""
        SELECT ?oldName ?newName ?primary ?share ?basis ?legal WHERE {{
          <{node}> a wu:Succession ; wu:from ?old ; wu:to ?new ; wu:isPrimary ?primary ; wu:legalBasis ?legal .
          ?old skos:prefLabel ?oldName ; dcterms:isReplacedBy ?new . ?new skos:prefLabel ?newName ; dcterms:replaces ?old .
          OPTIONAL {{ <{node}> wu:share ?share }} OPTIONAL {{ <{node}> wu:shareBasis ?basis }}
          FILTER (lang(?oldName) = "vi" && lang(?newName) = "vi") }}""")
    assert (row["oldName"], row["newName"]) == (check["old_name"], check["new_name"])
    assert row["primary"] == check["is_primary"]
    whole = check["text_says"] == "whole"
    assert (row.get("share") == "1" and row.get("basis", "").endswith("#WholeUnit")) == whole
    assert check["resolution"] in row["legal"]


def test_tan_quy_keeps_its_code_in_tan_son_nhi_but_rolls_up_to_phu_tho_hoa(bundled_store: Store) -> None:
    """The divided commune whose old code a non-primary successor keeps (Resolution 1685/NQ-UBTVQH15, k.63-64)."""
    tan_quy = B + "unit/pre2025/commune/27019"
    found = rows(bundled_store, f"""
        SELECT ?new ?code ?primary WHERE {{ ?s wu:from <{tan_quy}> ; wu:to ?new ; wu:isPrimary ?primary .
          ?new skos:notation ?code }} ORDER BY ?code""")
    assert found == [{"new": B + "unit/2025/commune/27019", "code": "27019", "primary": "false"},
                     {"new": B + "unit/2025/commune/27022", "code": "27022", "primary": "true"}]
    assert ask(bundled_store, f"ASK {{ <{tan_quy}> wu:currentUnit <{B}unit/2025/commune/27022> }}")
    assert ask(bundled_store, f"ASK {{ <{B}chapter/pre2025/commune/27019> wu:currentChapter <{B}chapter/2025/commune/27022> }}")


def test_a_new_commune_made_of_several_is_a_fusion_with_its_resolution(shared_store: OxigraphStore) -> None:
    (row,) = rows(shared_store, f"""
        SELECT (COUNT(?old) AS ?used) ?type ?legal ?date WHERE {{
          <{B}change/2025/commune/00070> wu:changeType ?type ; wu:legalBasis ?legal ; wu:legalDate ?date ; prov:used ?old ;
            prov:generated <{B}unit/2025/commune/00070> }} GROUP BY ?type ?legal ?date""")
    assert row["type"].endswith("#Fusion") and "1656/NQ-UBTVQH15" in row["legal"] and row["date"] == "2025-06-16"
    assert int(row["used"]) >= 10  # Hàng Bạc, Hàng Bồ, ... and parts of seven others (Đ.1 k.1)


# --- before the reform --------------------------------------------------------------------------


def test_a_commune_merged_before_the_reform_has_its_own_step(shared_store: OxigraphStore) -> None:
    """03751 Xã Chiềng Ly joined Thị trấn Thuận Châu (03721) before 2025-06-30, which became Xã Thuận Châu."""
    step = f"{B}succession/pre2025/commune/03751/pre2025/commune/03721"
    assert ask(shared_store, f"""ASK {{ <{step}> a wu:Succession ; wu:changeType wu:PreReformMerger ; wu:isPrimary true ;
        wu:share 1.0 ; wu:shareBasis wu:WholeUnit . <{B}unit/pre2025/commune/03751> dcterms:isReplacedBy <{B}unit/pre2025/commune/03721> }}""")
    assert not ask(shared_store, f"ASK {{ <{B}unit/pre2025/commune/03751> dcterms:isReplacedBy ?x . ?x schema:startDate ?d }}")
    assert ask(shared_store, f"ASK {{ <{B}unit/pre2025/commune/03751> wu:currentUnit <{B}unit/2025/commune/03721> }}")
    merged = rows(shared_store, "SELECT (COUNT(?s) AS ?n) WHERE { ?s wu:changeType wu:PreReformMerger }")
    assert merged == [{"n": "17"}]


def test_recoded_renamed_and_reclassified_communes_carry_the_names_of_2025_06_30(shared_store: OxigraphStore) -> None:
    phuong_14 = B + "unit/pre2025/commune/26935"
    codes = rows(shared_store, f"SELECT ?code (DATATYPE(?code) AS ?type) WHERE {{ <{phuong_14}> skos:notation ?code }} ORDER BY ?code")
    assert codes == [{"code": "26929", "type": "https://w3id.org/wugraph/ontology#gsoCode20250630"},
                     {"code": "26935", "type": "http://www.w3.org/2001/XMLSchema#string"}]
    assert ask(shared_store, f"""ASK {{ <{B}unit/pre2025/commune/03910> skos:altLabel "Thị trấn Quang Huy"@vi ;
                                          skos:hiddenLabel "thi tran quang huy" }}""")
    assert ask(shared_store, f"""ASK {{ <{B}unit/pre2025/commune/00736> skos:prefLabel "Xã Xà Phìn"@vi ; skos:altLabel "Xã Sà Phìn"@vi }}""")


# --- coordinates --------------------------------------------------------------------------------


def test_units_of_both_eras_have_centroids_in_their_own_graph_with_provenance(shared_store: OxigraphStore) -> None:
    graph = "https://w3id.org/wugraph/graph/reference/vietnamadminunits-1.0.4"
    counts = rows(shared_store, f"""
        SELECT ?era (COUNT(?u) AS ?n) (SUM(IF(BOUND(?area), 1, 0)) AS ?areas) WHERE {{
          GRAPH <{graph}> {{ ?u geo:lat ?lat ; geo:long ?long . OPTIONAL {{ ?u wu:areaKm2 ?area }} }}
          BIND (IF(CONTAINS(STR(?u), "/pre2025/"), "pre2025", "2025") AS ?era)
          FILTER (DATATYPE(?lat) = xsd:decimal && DATATYPE(?long) = xsd:decimal && ?lat > 8 && ?lat < 24 && ?long > 102 && ?long < 118)
        }} GROUP BY ?era ORDER BY ?era""")
    assert counts == [{"era": "2025", "n": "3355", "areas": "3317"}, {"era": "pre2025", "n": "10791", "areas": "0"}]
    assert ask(shared_store, f"""ASK {{ GRAPH <https://w3id.org/wugraph/graph/meta> {{
        <{graph}> prov:wasDerivedFrom ?release ; dcterms:license <https://spdx.org/licenses/MIT> .
        ?release a wu:ReferenceRelease ; schema:version "1.0.4" ; dcterms:license <https://spdx.org/licenses/MIT> }} }}""")


def test_the_2025_list_is_vietnam_provinces_2026_9_0(shared_store: OxigraphStore) -> None:
    graphs = set(shared_store.graph_names())
    assert "https://w3id.org/wugraph/graph/reference/vietnam-provinces-2026.9.0" in graphs
    assert not any("2025.10.1" in g for g in graphs)
    # Phường Cửa Nam (Hà Nội) is 00082 in 2026.9.0; 2025.10.1 gave it 00073, the old Cửa Nam's code.
    assert ask(shared_store, f"""ASK {{ <{B}unit/2025/commune/00082> skos:prefLabel "Phường Cửa Nam"@vi }}""")
    assert not ask(shared_store, f"ASK {{ <{B}unit/2025/commune/00073> ?p ?o }}")


# --- SHACL: one primary successor ----------------------------------------------------------------


def test_the_shacl_rule_finds_a_second_primary_successor(loaded_store: OxigraphStore, loaded_settings) -> None:
    (rule,) = [r for r in store_rules(load_shapes(loaded_settings)) if r.shape.endswith("OnePrimarySuccessorShape")]
    assert list(loaded_store.query(rule.query)) == []  # the bundled lineage passes
    loaded_store.update(P + f"""INSERT DATA {{ GRAPH <https://w3id.org/wugraph/graph/doc/test-bad-lineage> {{
        <{B}succession/test> a wu:Succession ; wu:from <{B}unit/pre2025/commune/27019> ; wu:to <{B}unit/2025/commune/27019> ;
          wu:isPrimary true . }} }}""")
    found = [(s["this"].value, s["value"].value) for s in loaded_store.query(rule.query)]
    assert found == [(B + "unit/pre2025/commune/27019", "2")]


def test_the_succession_shape_refuses_a_share_above_one_and_a_missing_primary_flag(shared_store: OxigraphStore) -> None:
    from rdflib import Graph

    from wugraph.ingest.validate import validate_batch

    batch = Graph().parse(format="turtle", data=f"""
        @prefix wu: <https://w3id.org/wugraph/ontology#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        <{B}succession/test> a wu:Succession ; wu:from <{B}unit/pre2025/commune/27019> ; wu:to <{B}unit/2025/commune/27019> ;
            wu:share "1.5"^^xsd:decimal ; wu:shareBasis wu:Fusion .""")
    report = validate_batch(shared_store, batch, load_shapes(load_settings({"home": ROOT}, environ={})))
    found = {f.source_shape.rsplit("#", 1)[-1] for f in report.findings if f.severity == "violation" and f.source_shape}
    assert {"Succession-share", "Succession-primary", "Succession-shareBasis"} <= found and not report.conforms
    assert all(f.message_vi and f.message_en for f in report.findings)


# --- the build re-runs the rules on the committed files -----------------------------------------


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A copy of the project's data, ontology and shapes that a test may break."""
    target = tmp_path / "home"
    for part in ("ontology", "shapes", "data"):
        shutil.copytree(ROOT / part, target / part)
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(("old", "new", "message"), [
    # Tân Quý's part in Tân Sơn Nhì made primary too: two primaries.
    ("27019,Phường Tân Quý,767,,27019,Phường Tân Sơn Nhì,79,false", "27019,Phường Tân Quý,767,,27019,Phường Tân Sơn Nhì,79,true",
     "old commune 27019 has 2 primary successors"),
    # Phúc Xá's only row deleted: an old commune in no list.
    ("00001,Phường Phúc Xá,001,,00097,Phường Hồng Hà,01,true,1,whole,1656/NQ-UBTVQH15\n", "",
     "old commune 00001 is in no list"),
    # Trúc Bạch sent to Hải Phòng: outside the fusion of Resolution 202.
    ("00004,Phường Trúc Bạch,001,,00004,Phường Ba Đình,01,true", "00004,Phường Trúc Bạch,001,,11311,Phường Ba Đình,01,true",
     "province 01 became 01"),
])
def test_the_build_refuses_a_broken_lineage_and_writes_nothing(home: Path, tmp_path: Path, old: str, new: str, message: str) -> None:
    settings = load_settings({"store": str(tmp_path / "store"), "home": home}, environ={})
    with open_store(Path(settings.store)) as store:
        build(store, settings)
        before = store.count()
        version = store.version()
        _edit(home / "data" / "units" / "commune-lineage-2025.csv", old, new)
        with pytest.raises(ReferenceDataError) as refused:
            build(store, settings)
        assert message in refused.value.message_en and "nothing was written" in refused.value.message_en
        assert "không ghi gì vào kho" in refused.value.message_vi
        assert store.count() == before and store.version() == version


def test_the_cli_build_names_the_problem_and_exits_1(home: Path, tmp_path: Path, runner) -> None:
    from wugraph.cli import main

    # Ba Đình district's largest share sent to a ward of Hồ Chí Minh City.
    _edit(home / "data" / "units" / "district-lineage-2025.csv", "001,Quận Ba Đình,01,00008,Phường Ngọc Hà,01,",
          "001,Quận Ba Đình,01,27019,Phường Ngọc Hà,01,")
    result = runner.invoke(main, ["--store", str(tmp_path / "store"), "build"], env={"WUGRAPH_HOME": str(home)})
    assert result.exit_code == 1
    assert "reference_data_rejected" in result.output and "district" in result.output and "001" in result.output
