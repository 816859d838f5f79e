"""The data behind the pages, without a store: label choice, the unit tree over time, lineage walks."""

from __future__ import annotations

from datetime import date

import pytest

from wugraph.pages.hierarchy import TreeNode, UnitTree
from wugraph.pages.labels import (
    ALT,
    HIDDEN,
    LABEL,
    NAME,
    PREF,
    LabelRow,
    Labels,
    kind_of,
    short_name,
)

B = "https://w3id.org/wugraph/id/"
WU = "https://w3id.org/wugraph/ontology#"
OLD_P, OLD_Q, NEW_P = B + "unit/pre2025/province/67", B + "unit/pre2025/province/68", B + "unit/2025/province/68"
DISTRICT, COMMUNE, NEW_COMMUNE = B + "unit/pre2025/district/661", B + "unit/pre2025/commune/24622", B + "unit/2025/commune/24622"
BRANCH = B + "chapter/branch/chi-hoi-1"

NAMES = {OLD_P: "Tỉnh Đắk Nông", OLD_Q: "Tỉnh Lâm Đồng", NEW_P: "Lâm Đồng", DISTRICT: "Huyện Đăk Glong",
         COMMUNE: "Xã Đắk Ha", NEW_COMMUNE: "Xã Quảng Sơn", BRANCH: "Chi hội thôn 1"}


@pytest.fixture(scope="module")
def tree() -> UnitTree:
    labels = Labels.from_rows([LabelRow(iri, PREF, name, "vi") for iri, name in NAMES.items()], B)
    old, new = "2025-06-30", "2025-07-01"
    nodes = [
        TreeNode(OLD_P, "Province", "67", None, old, None, B + "chapter/pre2025/province/67"),
        TreeNode(OLD_Q, "Province", "68", None, old, None, B + "chapter/pre2025/province/68"),
        TreeNode(NEW_P, "Province", "68", new, None, None, B + "chapter/2025/province/68"),
        TreeNode(DISTRICT, "District", "661", None, old, OLD_P, B + "chapter/pre2025/district/661"),
        TreeNode(COMMUNE, "Commune", "24622", None, old, DISTRICT, B + "chapter/pre2025/commune/24622"),
        TreeNode(NEW_COMMUNE, "Commune", "24622", new, None, NEW_P, B + "chapter/2025/commune/24622"),
        TreeNode(BRANCH, "Branch", "", "2020-01-01", old, COMMUNE, BRANCH),
    ]
    successions = [(OLD_P, NEW_P), (OLD_Q, NEW_P), (COMMUNE, NEW_COMMUNE)]
    changes = [(B + "change/2025/province/68", WU + "Fusion", OLD_P, "used", new),
               (B + "change/2025/province/68", WU + "Fusion", NEW_P, "generated", new),
               (B + "change/pre2025/district/661", WU + "LevelAbolished", DISTRICT, "used", new)]
    return UnitTree(nodes, successions, changes, labels)


def test_display_labels_prefer_pref_label_then_name_and_fill_both_languages() -> None:
    x, person = B + "unit/x", B + "person/a"
    labels = Labels.from_rows([LabelRow(x, ALT, "Đăk Glong", "vi"), LabelRow(x, PREF, "Huyện Đăk Glong", "vi"),
                               LabelRow(x, HIDDEN, "huyen dak glong", ""), LabelRow(x, LABEL, "district", "en"),
                               LabelRow(person, NAME, "Nguyễn Thị Trà Linh", "")], B)
    assert labels.of(x) == {"vi": "Huyện Đăk Glong", "en": "district"}
    assert labels.of(person) == {"vi": "Nguyễn Thị Trà Linh", "en": "Nguyễn Thị Trà Linh"}
    assert labels.of(B + "contribution/2023-02-21/forum/3")["vi"] == "contribution 3"
    assert labels.ref(WU + "Forum").kind == "concept"


def test_kinds_and_short_names() -> None:
    assert kind_of(B + "event/2023-02-21/x", B) == "event"
    assert kind_of("http://example.org/x", B) == "external"
    assert short_name("http://schema.org/startDate") == "schema:startDate"


def test_children_on_a_day_follow_validity(tree: UnitTree) -> None:
    assert tree.children_on(None, date(2023, 2, 21)) == [OLD_P, OLD_Q]
    assert tree.children_on(None, date(2025, 8, 1)) == [NEW_P]
    assert tree.children_on(COMMUNE, date(2023, 2, 21)) == [BRANCH]
    assert tree.children_on(COMMUNE, date(2019, 1, 1)) == []


def test_lineage_walks(tree: UnitTree) -> None:
    day = date(2025, 8, 1)
    assert tree.successors_on(OLD_P, day) == [NEW_P]
    assert tree.current_units(DISTRICT, day) == ([NEW_P], OLD_P)  # districts have no successor: climb to the province
    assert tree.current_units(COMMUNE, day) == ([NEW_COMMUNE], COMMUNE)
    assert tree.current_units(NEW_P, day) == ([NEW_P], NEW_P)
    assert tree.predecessor_closure(NEW_P) == [OLD_P, OLD_Q]
    assert set(tree.descendants(OLD_P)) == {DISTRICT, COMMUNE, BRANCH}
    assert tree.get(B + "chapter/pre2025/district/661").iri == DISTRICT
    assert [r.iri for r in tree.where(COMMUNE)] == [DISTRICT, OLD_P]


def test_view_opens_the_path_and_reports_lineage(tree: UnitTree) -> None:
    view = tree.view(date(2023, 2, 21), COMMUNE, B + "union")
    assert [lv.parent.iri for lv in view.levels] == [B + "union", OLD_P, DISTRICT, COMMUNE]
    dak_nong = view.levels[0].items[0]
    assert dak_nong.is_open and [s.iri for s in dak_nong.successors] == [NEW_P] and dak_nong.ended_by == "Fusion"
    district = view.levels[1].items[0]
    assert district.ended_by == "LevelAbolished" and district.successors == () and district.children == 1
    assert [i.unit.iri for i in view.levels[3].items] == [BRANCH]
    after = tree.view(date(2025, 8, 1), COMMUNE, B + "union")
    assert len(after.levels) == 1 and after.path == ()
    assert [p.iri for p in after.levels[0].items[0].predecessors] == [OLD_P, OLD_Q]
    table = view.tables("vi")["units"]
    assert table.rows[0][:3] == (0, "Tỉnh Đắk Nông", "Province") and table.rows[0][7] == "Lâm Đồng"
