"""The data behind the pages, without a store: label choice, the unit tree over time, lineage walks."""

from __future__ import annotations

from datetime import date

import pytest

from wugraph.pages.hierarchy import TreeNode, UnitTree
from wugraph.pages.unit_lineage import Successions
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
SPLIT, OTHER_NEW = B + "unit/pre2025/commune/24616", B + "unit/2025/commune/24616"  # a commune divided between two
BRANCH = B + "chapter/branch/chi-hoi-1"
OPEN_BRANCH = B + "chapter/branch/chi-hoi-2"  # hangs under an old commune and is still active

NAMES = {OLD_P: "Tỉnh Đắk Nông", OLD_Q: "Tỉnh Lâm Đồng", NEW_P: "Tỉnh Lâm Đồng", DISTRICT: "Huyện Đăk Glong",
         COMMUNE: "Xã Đắk Ha", NEW_COMMUNE: "Xã Quảng Sơn", SPLIT: "Xã Quảng Khê", OTHER_NEW: "Xã Tà Đùng",
         BRANCH: "Chi hội thôn 1", OPEN_BRANCH: "Chi hội thôn 2"}


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
        TreeNode(SPLIT, "Commune", "24616", None, old, DISTRICT, B + "chapter/pre2025/commune/24616"),
        TreeNode(NEW_COMMUNE, "Commune", "24622", new, None, NEW_P, B + "chapter/2025/commune/24622"),
        TreeNode(OTHER_NEW, "Commune", "24616", new, None, NEW_P, B + "chapter/2025/commune/24616"),
        TreeNode(BRANCH, "Branch", "", "2020-01-01", old, COMMUNE, BRANCH),
        TreeNode(OPEN_BRANCH, "Branch", "", "2021-01-01", None, COMMUNE, OPEN_BRANCH),
    ]
    rows = [(OLD_P, NEW_P, True, "1", WU + "WholeUnit"), (OLD_Q, NEW_P, True, "1", WU + "WholeUnit"),
            (COMMUNE, NEW_COMMUNE, True, "1", WU + "WholeUnit"),
            (SPLIT, OTHER_NEW, False, None, None), (SPLIT, NEW_COMMUNE, True, None, None),
            (DISTRICT, NEW_COMMUNE, False, "0.75", WU + "CommuneCount"), (DISTRICT, OTHER_NEW, False, "0.25", WU + "CommuneCount")]
    changes = [(B + "change/2025/province/68", WU + "Fusion", OLD_P, "used", new),
               (B + "change/2025/province/68", WU + "Fusion", NEW_P, "generated", new),
               (B + "change/pre2025/district/661", WU + "LevelAbolished", DISTRICT, "used", new)]
    facts = [(B + "event/2023-02-21/forum", "event", DISTRICT, OLD_P), (B + "adoption/a", "adoption", B + "chapter/pre2025/commune/24622", None),
             (B + "adoption/b", "adoption", B + "chapter/2025/commune/24622", None), (B + "adoption/c", "adoption", OPEN_BRANCH, None),
             (B + "event/2024-01-01/at-a-venue", "event", B + "place/nha-van-hoa", SPLIT)]
    known = {n.iri for n in nodes}
    return UnitTree(nodes, Successions(rows, changes, known.__contains__), labels, facts)


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
    assert tree.children_on(COMMUNE, date(2023, 2, 21)) == [BRANCH, OPEN_BRANCH]
    assert tree.children_on(COMMUNE, date(2019, 1, 1)) == []


def test_lineage_walks_follow_primary_successions(tree: UnitTree) -> None:
    day = date(2025, 8, 1)
    assert tree.successors_on(OLD_P, day) == [NEW_P]
    assert tree.current_unit(DISTRICT, day) == (NEW_P, OLD_P)  # no primary successor: climb to the province
    assert tree.successors_on(DISTRICT, day) == [NEW_COMMUNE, OTHER_NEW]  # ... though its communes went to these
    assert tree.current_unit(COMMUNE, day) == (NEW_COMMUNE, COMMUNE)
    assert tree.current_unit(SPLIT, day) == (NEW_COMMUNE, SPLIT)  # divided: the primary part, not the same code
    assert tree.current_unit(NEW_P, day) == (NEW_P, NEW_P)
    assert tree.rolled_up(NEW_P) == [OLD_P, OLD_Q]
    assert tree.rolled_up(NEW_COMMUNE) == [SPLIT, COMMUNE] and tree.rolled_up(OTHER_NEW) == []
    assert set(tree.descendants(OLD_P)) == {DISTRICT, COMMUNE, SPLIT, BRANCH, OPEN_BRANCH}
    assert tree.get(B + "chapter/pre2025/district/661").iri == DISTRICT
    assert [r.iri for r in tree.where(COMMUNE)] == [DISTRICT, OLD_P]
    split = tree.successor_refs(SPLIT)
    assert [(s.unit.iri, s.primary) for s in split] == [(NEW_COMMUNE, True), (OTHER_NEW, False)]
    assert [(s.unit.iri, s.share, s.basis) for s in tree.successor_refs(DISTRICT)] == [
        (NEW_COMMUNE, "0.75", "CommuneCount"), (OTHER_NEW, "0.25", "CommuneCount")]


def test_facts_at_old_units_count_under_their_primary_new_commune_and_province(tree: UnitTree) -> None:
    forum, a, b, c, venue = (B + "event/2023-02-21/forum", B + "adoption/a", B + "adoption/b", B + "adoption/c",
                             B + "event/2024-01-01/at-a-venue")
    assert tree.facts_in(DISTRICT) == {forum, a, c, venue}
    assert tree.facts_below(NEW_COMMUNE) == {a, b, c, venue}  # not the district's forum: a district has no primary
    assert tree.facts_below(OTHER_NEW) == frozenset()  # received part of the divided commune, not its facts
    assert tree.facts_below(NEW_P) == {forum, a, b, c, venue}
    item = tree.item(NEW_COMMUNE, date(2025, 8, 1))
    assert (item.facts, item.facts_rolled_up) == (4, 3)


def test_view_opens_the_path_and_reports_lineage(tree: UnitTree) -> None:
    view = tree.view(date(2023, 2, 21), COMMUNE, B + "union")
    assert [lv.parent.iri for lv in view.levels] == [B + "union", OLD_P, DISTRICT, COMMUNE]
    dak_nong = view.levels[0].items[0]
    assert dak_nong.is_open and [s.unit.iri for s in dak_nong.successors] == [NEW_P] and dak_nong.ended_by == "Fusion"
    district = view.levels[1].items[0]
    assert district.ended_by == "LevelAbolished" and [s.primary for s in district.successors] == [False, False]
    assert district.children == 2
    assert [i.unit.iri for i in view.levels[3].items] == [BRANCH, OPEN_BRANCH]
    after = tree.view(date(2025, 8, 1), COMMUNE, B + "union")
    assert len(after.levels) == 1 and after.path == ()
    assert [p.iri for p in after.levels[0].items[0].predecessors] == [OLD_P, OLD_Q]
    table = view.tables("vi")["units"]
    assert table.rows[0][:3] == (0, "Tỉnh Đắk Nông", "Province") and table.rows[0][7] == "Tỉnh Lâm Đồng"


def test_a_branch_of_an_old_commune_still_active_shows_under_its_new_commune(tree: UnitTree) -> None:
    after = tree.view(date(2025, 8, 1), NEW_COMMUNE, B + "union")
    carried = [i for i in after.levels[-1].items]
    assert [(i.unit.iri, i.via.iri if i.via else None) for i in carried] == [(OPEN_BRANCH, COMMUNE)]
    opened = tree.view(date(2025, 8, 1), OPEN_BRANCH, B + "union")
    assert [r.iri for r in opened.path] == [NEW_P, NEW_COMMUNE, OPEN_BRANCH]
