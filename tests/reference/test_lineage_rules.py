"""Tests of the lineage rules on small hand-made inputs, of the generator's all-or-nothing write, and of the checks file.

The generator (`data/units/lineage.py`) is a script beside the data, loaded here by its path; it needs the
`vietnamadminunits` package (the `lineage` extra, also in `test`).
"""

from __future__ import annotations

import csv
import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from support.paths import ROOT

from wugraph.reference import lineage_rules as rules
from wugraph.reference.lineage_rules import Correction, LineageError, Link, PackageCommune, PreStep, Succession, Unit

HERE = ROOT / "data" / "units"
GENERATOR = HERE / "lineage.py"


def _load_generator() -> ModuleType:
    """data/units/lineage.py, imported from its path (it is a maintainer's script, not part of the package)."""
    spec = importlib.util.spec_from_file_location("lineage_generator", GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


lineage = _load_generator()


def commune(code: str, name: str, district: str) -> Unit:
    return Unit("commune", code, name, district)


# --- names --------------------------------------------------------------------------------------


def test_fold_and_split_type_read_names_as_the_package_keys_them() -> None:
    assert rules.fold("Xã Đạ M'ri") == "xadamri"
    assert rules.split_type("Thị trấn NT Mộc Châu") == ("thị trấn", "Nông trường Mộc Châu")
    assert rules.split_type("Thị Trấn Ái Tử") == ("thị trấn", "Ái Tử")
    assert rules.split_type("Hoàng Sa") == ("", "Hoàng Sa")


# --- the merge table ----------------------------------------------------------------------------


LINKS = [
    Link("commune", "001", "N1", True),
    Link("commune", "002", "N1", False),
    Link("commune", "002", "N2", True),
    Link("district", "D9", "N3", True),
]


def test_merge_table_that_is_whole_passes() -> None:
    rules.check_links(LINKS, ["001", "002"], ["D9"], ["N1", "N2", "N3"])


@pytest.mark.parametrize(("links", "message"), [
    ([*LINKS, Link("commune", "001", "N2", True)], "001 has 2 default new communes"),
    ([link for link in LINKS if link != LINKS[2]] + [Link("commune", "002", "N2", False)], "002 has 0 default"),
    ([*LINKS, Link("commune", "777", "N1", True)], "777 of the merge table is not in the package"),
    ([*LINKS, Link("commune", "001", "N9", False)], "new commune N9 (from 001) is not in our 2025 list"),
])
def test_merge_table_with_two_or_no_defaults_or_unknown_codes_is_refused(links: list[Link], message: str) -> None:
    with pytest.raises(LineageError, match=re.escape(message)):
        rules.check_links(links, ["001", "002"], ["D9"], ["N1", "N2", "N3"])


def test_old_commune_in_no_list_and_new_commune_without_predecessor_are_refused() -> None:
    with pytest.raises(LineageError) as caught:
        rules.check_links(LINKS, ["001", "002", "003"], ["D9"], ["N1", "N2", "N3", "N4"])
    assert "old commune 003 is in no merge list" in caught.value.problems
    assert "new commune N4 has no predecessor" in caught.value.problems


def test_corrections_drop_a_link_and_move_the_primary() -> None:
    fixed = rules.apply_corrections(LINKS, [Correction("002", "N1", "primary", "r"), Correction("002", "N2", "drop", "r")])
    assert [link for link in fixed if link.source == "002"] == [Link("commune", "002", "N1", True)]


def test_a_correction_that_matches_nothing_is_refused() -> None:
    with pytest.raises(LineageError, match="001 → N2 \\(drop\\) matches no link"):
        rules.apply_corrections(LINKS, [Correction("001", "N2", "drop", "the package changed")])


def test_namesake_mix_up_is_found_and_refused_unless_kept() -> None:
    links = [Link("commune", "A", "X", True), Link("commune", "A", "Y", False), Link("commune", "B", "Y", True)]
    names = {"A": "Phường 4", "B": "Phường 4"}
    province = {"X": "80", "Y": "80"}
    assert rules.homonym_leaks(links, names, province) == [("A", "Y", "B")]
    with pytest.raises(LineageError, match="A Phường 4 → Y"):
        rules.check_no_homonym_leaks(links, names, province)
    rules.check_no_homonym_leaks(links, names, province, kept=[("A", "Y")])
    assert rules.homonym_leaks(links, {"A": "Phường 4", "B": "Phường 5"}, province) == []


# --- 0.6.0 against the package's list ------------------------------------------------------------


PACKAGE = {
    "10": PackageCommune("10", "Thị trấn Quang Huy", "D1", ("thitranphuyen", "xaquanghuy")),
    "20": PackageCommune("20", "Phường 14", "D2", ("phuong24",)),
    "30": PackageCommune("30", "Xã Đông Khê", "D3", ("xadonganh",)),
    "40": PackageCommune("40", "Phường Mộc Lỵ", "D1", ()),
}


def test_reconcile_places_merged_recoded_renamed_and_added_units() -> None:
    old = [commune("10", "Xã Quang Huy", "D1"), commune("11", "Thị trấn Phù Yên", "D1"),
           commune("21", "Phường 14", "D2"), commune("30", "Xã Đông Khê", "D3"), commune("31", "Xã Đông Khê", "D3")]
    steps = {s.old_code or s.pre_code: s for s in rules.reconcile(old, PACKAGE, {})}
    assert (steps["10"].change, steps["10"].pre_code) == ("reclassified", "10")
    assert (steps["11"].change, steps["11"].pre_code) == ("merged", "10")        # a former name of 10
    assert (steps["21"].change, steps["21"].pre_code) == ("recoded", "20")       # same name, code not in 0.6.0
    assert (steps["31"].change, steps["31"].pre_code) == ("merged", "30")        # same name, code in 0.6.0
    assert (steps["40"].change, steps["40"].old_code) == ("added", "")


def test_reconcile_refuses_an_old_commune_it_cannot_place_unless_curated() -> None:
    old = [commune("99", "Xã Đông Xuân", "D3")]
    with pytest.raises(LineageError, match="99 Xã Đông Xuân \\(district D3\\) is in no list"):
        rules.reconcile(old, PACKAGE, {})
    curated = {"99": PreStep("99", "unresolved", "", "not placed", reason="merged before 2025-07-01, target unknown")}
    assert rules.reconcile(old, PACKAGE, curated)[0].change == "unresolved"


# --- successions --------------------------------------------------------------------------------


def test_successions_carry_share_one_when_undivided_and_none_when_divided() -> None:
    steps = [PreStep("001", "same", "001", ""), PreStep("002", "same", "002", ""), PreStep("005", "merged", "001", ""),
             PreStep("009", "unresolved", "", "")]
    got = rules.commune_successions(steps, LINKS)
    assert Succession("001", "N1", True, 1.0, "whole") in got
    assert Succession("005", "N1", True, 1.0, "whole", via_code="001") in got
    assert {(s.new_code, s.is_primary, s.share) for s in got if s.old_code == "002"} == {("N2", True, None), ("N1", False, None)}
    assert not [s for s in got if s.old_code == "009"]


@pytest.mark.parametrize(("successions", "message"), [
    ([Succession("001", "N1", True, None, ""), Succession("001", "N2", True, None, "")], "001 has 2 primary"),
    ([Succession("001", "N1", False, None, "")], "001 has 0 primary"),
    ([Succession("001", "N1", True, 0.7, "area"), Succession("001", "N2", False, 0.4, "area")], "sum to 1.100000 > 1"),
    ([Succession("001", "N7", True, None, "")], "new commune N7 is not in our 2025 list"),
    ([Succession("008", "N1", True, None, "")], "old commune 008 is not in our pre-2025 list"),
])
def test_inconsistent_successions_are_refused(successions: list[Succession], message: str) -> None:
    with pytest.raises(LineageError, match=message):
        rules.check_successions(successions, ["001"], ["N1", "N2"])


def test_succession_across_province_fusion_is_refused() -> None:
    good = [Succession("001", "N1", True, 1.0, "whole")]
    rules.check_provinces(good, {"001": "17"}, {"N1": "25"}, {"17": "25"})
    with pytest.raises(LineageError, match="province 17 became 25"):
        rules.check_provinces(good, {"001": "17"}, {"N1": "01"}, {"17": "25"})


def test_district_shares_count_communes_and_sum_to_one() -> None:
    communes = [Succession("001", "N1", True, 1.0, "whole"),
                Succession("002", "N1", False, None, ""), Succession("002", "N2", True, None, "")]
    got = rules.district_successions(["D1", "D9"], {"001": "D1", "002": "D1"}, communes, [LINKS[3]])
    shares = {(s.old_code, s.new_code): s.share for s in got}
    assert shares == {("D1", "N1"): 0.75, ("D1", "N2"): 0.25, ("D9", "N3"): 1.0}
    assert not any(s.is_primary for s in got)
    rules.check_successions(got, ["D1", "D9"], ["N1", "N2", "N3"], level="district")
    rules.check_districts_covered(["D1", "D9"], got)
    with pytest.raises(LineageError, match="old district D2 has no 2025 successor"):
        rules.check_districts_covered(["D1", "D2"], got)


def test_every_new_commune_needs_a_predecessor() -> None:
    with pytest.raises(LineageError, match="new commune N3 has no predecessor"):
        rules.check_every_new_commune_has_a_predecessor(["N1", "N3"], [Succession("001", "N1", True, 1.0, "whole")])


def test_an_old_commune_with_no_successor_must_be_reviewed_as_unresolved() -> None:
    placed = [Succession("001", "N1", True, 1.0, "whole")]
    rules.check_every_old_commune_placed(["001", "009"], placed, reviewed=["009"])
    with pytest.raises(LineageError, match="old commune 009 is in no list"):
        rules.check_every_old_commune_placed(["001", "009"], placed)


def test_a_commune_merged_before_the_reform_must_go_where_the_joined_one_went() -> None:
    joined = [Succession("001", "N1", True, 1.0, "whole"), Succession("005", "N1", True, 1.0, "whole", via_code="001")]
    rules.check_merged_steps(joined, {"005": "001"})
    with pytest.raises(LineageError, match="005 merged into 001 but goes to"):
        rules.check_merged_steps([joined[0], Succession("005", "N2", True, 1.0, "whole", via_code="001")], {"005": "001"})
    with pytest.raises(LineageError, match="merged into 007, which has no 2025 successor"):
        rules.check_merged_steps(joined, {"005": "007"})


# --- the generator, end to end -------------------------------------------------------------------

INPUTS = ("units-0.6.0.csv", "units-2026.9.0.csv", "province-lineage-2025.csv", "lineage-corrections.csv",
          "lineage-pre-steps.csv", "lineage-resolutions.csv")
OUTPUTS = ("commune-lineage-2025.csv", "district-lineage-2025.csv", "commune-changes-pre2025.csv", "unit-centroids.csv")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    for name in INPUTS:
        shutil.copy(HERE / name, tmp_path / name)
    return tmp_path


def test_the_committed_files_are_what_the_generator_makes() -> None:
    """`lineage.py --check` regenerates everything in memory from the package and our inputs, and compares."""
    done = subprocess.run([sys.executable, str(GENERATOR), "--check"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "up to date" in done.stderr


def test_generator_writes_the_committed_files(folder: Path) -> None:
    assert lineage.main(["--dir", str(folder)]) == 0
    for name in OUTPUTS:
        assert (folder / name).read_text(encoding="utf-8") == (HERE / name).read_text(encoding="utf-8"), name


def test_generator_refuses_inconsistent_input_and_writes_nothing(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with (folder / "lineage-pre-steps.csv").open("w", encoding="utf-8") as handle:
        handle.write("old_code,change,pre_code,evidence,date,basis,reason\n")  # drop the two reviewed unresolved steps
    assert lineage.main(["--dir", str(folder)]) == 1
    assert "16411 Xã Đông Xuân (district 380) is in no list" in capsys.readouterr().err
    assert sorted(p.name for p in folder.iterdir()) == sorted(INPUTS)


# --- the checks from the resolution texts --------------------------------------------------------


def read(name: str) -> list[dict[str, str]]:
    with (HERE / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_successions_checked_against_the_resolution_texts_hold() -> None:
    lineage_rows = {(r["old_code"], r["new_code"]): r for r in read("commune-lineage-2025.csv")}
    checks = read("lineage-checks.csv")
    assert len(checks) >= 12
    for check in checks:
        row = lineage_rows[(check["old_code"], check["new_code"])]
        assert (row["old_name"], row["new_name"], row["is_primary"]) == (check["old_name"], check["new_name"], check["is_primary"])
        assert (row["share"] == "1") == (check["text_says"] == "whole")
    kept_elsewhere = [c for c in checks if c["old_code"] == c["new_code"] and c["is_primary"] == "false" and c["text_says"] != "whole"]
    assert kept_elsewhere, "at least one divided commune whose code a non-primary successor keeps"
