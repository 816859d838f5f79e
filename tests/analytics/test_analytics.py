"""Diffusion analyses on small cases whose answers can be checked by hand."""

from __future__ import annotations

import math
from datetime import date, timedelta

import pytest

from wugraph.analytics import spread as an
from wugraph.analytics.logistic import decimal_year, fit_logistic, from_decimal_year

OLD_END, NEW_START = date(2025, 6, 30), date(2025, 7, 1)


def rec(chapter: str, day: date, learned: str | None = None, kind: str = "Replication", event: str | None = None,
        channel: str | None = None, precision: str = "DayPrecision") -> an.AdoptionRecord:
    return an.AdoptionRecord(f"adoption/{chapter}/{day}", "model/m", chapter, day, precision, kind, learned, event, channel)


def five_chapter_cascade() -> dict[str, an.AdoptionRecord]:
    """A → B → C → D and A → E: depth 3, breadth 2 (B and E at depth 1), lags 30, 60, 90 and 10 days."""
    a = date(2020, 1, 1)
    records = [rec("A", a, kind="Origination"), rec("B", a + timedelta(30), "A", channel="ClusterPeer"),
               rec("C", a + timedelta(90), "B", channel="Neighbour"), rec("D", a + timedelta(180), "C", channel="Neighbour"),
               rec("E", a + timedelta(10), "A", channel="ParentDirective")]
    return an.first_adoptions(records)


def test_five_chapter_cascade_has_known_depth_breadth_and_lags() -> None:
    result = an.cascades(five_chapter_cascade())
    assert result.depth == 3
    assert result.breadth == 2
    assert [(t.root, t.size, t.depth, t.breadth) for t in result.trees] == [("A", 5, 3, 2)]
    assert sorted(e.lag_days for e in result.edges) == [10, 30, 60, 90]
    assert result.median_lag_days == 45
    assert result.linked_adopters == 4 and result.adopters == 5
    assert dict((c, lag) for c, lag, _ in result.lag_by_channel) == {"ClusterPeer": 30.0, "Neighbour": 75.0, "ParentDirective": 10.0}
    assert {node: depth for node, depth, _ in result.layout} == {"A": 0, "B": 1, "E": 1, "C": 2, "D": 3}


def test_links_back_in_time_and_same_day_cycles_are_dropped() -> None:
    a = date(2021, 5, 1)
    first = an.first_adoptions([rec("A", a, "B"), rec("B", a, "A"), rec("C", a - timedelta(5), "A")])
    result = an.cascades(first)
    assert result.dropped_edges == 2  # C cites a later adopter; B → A would close a same-day cycle
    assert [(e.source, e.target) for e in result.edges] == [("B", "A")] or [(e.source, e.target) for e in result.edges] == [("A", "B")]


def test_via_event_without_learned_from_hangs_under_the_event() -> None:
    first = an.first_adoptions([rec("A", date(2020, 1, 1)), rec("B", date(2020, 3, 1), event="ev1", channel="ForumChannel")])
    edges = an.cascades(first).edges
    assert [(e.source, e.target, e.lag_days) for e in edges] == [(an.EVENT_PREFIX + "ev1", "B", None)]


def test_logistic_fit_recovers_a_known_midpoint_and_rate() -> None:
    ts = [2010 + i / 12 for i in range(150)]
    ys = [500 / (1 + math.exp(-1.3 * (t - 2016.25))) for t in ts]
    fit = fit_logistic(ts, ys)
    assert fit is not None
    assert fit.midpoint == pytest.approx(2016.25, abs=1e-3)
    assert fit.rate == pytest.approx(1.3, abs=1e-3)
    assert fit.saturation == pytest.approx(500, rel=1e-3)
    assert fit.r_squared > 0.999
    assert from_decimal_year(fit.midpoint) == date(2016, 4, 2)
    assert fit.time_to_share(0.5) == pytest.approx(fit.midpoint)


def test_logistic_fit_refuses_flat_or_tiny_series() -> None:
    assert fit_logistic([1, 2, 3], [1, 2, 3]) is None
    assert fit_logistic([1, 2, 3, 4, 5], [0, 0, 0, 0, 0]) is None


def spans(n_old: int, n_new: int, successors: dict[int, int]) -> dict[str, an.ChapterSpan]:
    """n_old communes ending at the reform, n_new starting after it; old i continues as new successors[i]."""
    out = {f"old{i}": an.ChapterSpan("CommuneLevel", None, OLD_END, None, f"new{successors[i]}" if i in successors else None,
                                     "P_old", "P_new") for i in range(n_old)}
    out.update({f"new{j}": an.ChapterSpan("CommuneLevel", NEW_START, None, None, f"new{j}", "P_new", "P_new") for j in range(n_new)})
    return out


def test_adoption_curve_shares_follow_the_risk_set_across_the_reform() -> None:
    chapters = spans(10, 4, {0: 0, 1: 0, 2: 1})
    ctx = an.SpreadContext(chapters, data_end=date(2025, 12, 31))
    risk = {"CommuneLevel": an.RiskSet(chapters.values())}
    first = an.first_adoptions([rec("old0", date(2025, 1, 10)), rec("old1", date(2025, 2, 10)),
                                rec("old2", date(2025, 3, 10)), rec("new3", date(2025, 9, 10))])
    curve = an.adoption_curve(first, ctx, risk)
    by_day = {p.day: p for p in curve.points}
    assert curve.risk_level == "CommuneLevel"
    assert (by_day[date(2025, 4, 1)].effective, by_day[date(2025, 4, 1)].at_risk) == (3, 10)
    # After the reform: new0 (from old0 and old1) and new1 (from old2) inherit; 2 of 4.
    assert (by_day[date(2025, 8, 1)].effective, by_day[date(2025, 8, 1)].at_risk, by_day[date(2025, 8, 1)].share) == (2, 4, 0.5)
    assert by_day[date(2025, 10, 1)].effective == 3
    assert curve.reached_25 == date(2025, 4, 1) and curve.reached_50 == date(2025, 7, 1)  # 3 of 10, then 2 of 4
    assert curve.years_to_50 == pytest.approx(round((date(2025, 7, 1) - date(2025, 1, 10)).days / 365.25, 2))
    assert curve.points[-1].adopters == 4


def test_curve_of_a_logistic_adoption_process_has_the_known_midpoint() -> None:
    """400 chapters adopt on days drawn from a logistic with midpoint mid-2018: the fit finds it."""
    chapters = {f"c{i}": an.ChapterSpan("CommuneLevel", None, None) for i in range(500)}
    ctx = an.SpreadContext(chapters, data_end=date(2024, 12, 31))
    days = [from_decimal_year(2018.5 - math.log(400 / (k + 0.5) - 1) / 1.5) for k in range(400)]
    first = an.first_adoptions([rec(f"c{i}", d) for i, d in enumerate(days)])
    curve = an.adoption_curve(first, ctx, {"CommuneLevel": an.RiskSet(chapters.values())})
    assert curve.midpoint is not None and abs((curve.midpoint - date(2018, 7, 2)).days) < 45
    assert curve.rate_per_year == pytest.approx(1.5, rel=0.1)
    # 125 of 500 adopters by mid-December 2017, 250 by early November 2018 (the curve samples month starts).
    assert (curve.reached_25, curve.reached_50) == (date(2018, 1, 1), date(2018, 12, 1))


def test_reach_counts_provinces_as_recorded_and_rolled_up_and_clusters() -> None:
    chapters = {
        "d1": an.ChapterSpan("DistrictLevel", None, OLD_END, "p67", None, "P67", "P68"),
        "c1": an.ChapterSpan("CommuneLevel", None, OLD_END, "d1", None, "P67", "P68"),
        "c2": an.ChapterSpan("CommuneLevel", None, OLD_END, "d9", None, "P60", "P68"),
        "n1": an.ChapterSpan("CommuneLevel", NEW_START, None, "p68", "n1", "P68", "P68"),
    }
    ctx = an.SpreadContext(chapters, clusters={"k2": ("d1", "d2"), "k3": ("d9",)}, data_end=date(2025, 12, 31))
    first = an.first_adoptions([rec("c1", date(2024, 1, 1)), rec("c2", date(2024, 6, 1))])
    by_province = {"CommuneLevel": {"P68": an.RiskSet([chapters["c1"], chapters["c2"], chapters["n1"]])}}
    reach = an.geographic_reach(first, ctx, by_province)
    assert dict(reach.provinces_recorded) == {"P67": 1, "P60": 1}
    assert [(p.province, p.adopters) for p in reach.provinces_current] == [("P68", 2)]
    assert reach.slider_days == (date(2024, 12, 31), date(2025, 12, 31))
    assert reach.provinces_current[0].shares == (1.0, 0.0)  # old communes ended without successor; n1 has not adopted
    assert reach.clusters_reached == ("k2", "k3") and reach.clusters_total == 2  # through the adopters' parent districts


def test_inferred_edges_need_the_speaker_before_and_the_attendee_after_the_event() -> None:
    first = an.first_adoptions([rec("S", date(2020, 1, 1)), rec("A", date(2020, 6, 1)), rec("B", date(2019, 1, 1)),
                                rec("C", date(2023, 6, 1)), rec("D", date(2020, 5, 1), "S")])
    ev = date(2020, 3, 1)
    exposures = [an.Exposure("ev", ev, "S", x) for x in ("A", "B", "C", "D", "Z")]
    edges = an.inferred_edges(first, exposures)
    assert [(e.source, e.target, e.lag_days, e.recorded) for e in edges] == [("S", "A", 92, False), ("S", "D", 61, True)]


def test_normalised_order_categories_and_innovativeness() -> None:
    d = date(2020, 1, 1)
    m1 = an.first_adoptions([rec("X", d), rec("Y", d + timedelta(1)), rec("Z", d + timedelta(2))])
    m2 = an.first_adoptions([rec("Y", d), rec("X", d + timedelta(1)), rec("Z", d + timedelta(1))])
    o1, o2 = an.normalised_order(m1), an.normalised_order(m2)
    assert o1 == {"X": 0.0, "Y": 0.5, "Z": 1.0}
    assert o2 == {"Y": 0.0, "X": 0.75, "Z": 0.75}  # X and Z tie for ranks 2–3
    assert an.adopter_category(0.0) == "innovator" and an.adopter_category(0.75) == "late_majority"
    result = an.innovativeness([o1, o2], min_models=2, top=2)
    assert [s.chapter for s in result.leaders] == ["Y", "X"]  # Y: mean order 0.25, X: 0.375
    assert [s.score for s in result.leaders] == [pytest.approx(0.75), pytest.approx(0.625)]
    assert result.laggards[0].chapter == "Z" and result.laggards[0].mean_order == 0.875


def test_candidates_are_non_adopters_most_of_whose_neighbours_or_peers_adopted() -> None:
    chapters = {c: an.ChapterSpan("CommuneLevel", NEW_START, None, None, c) for c in "ABCDEF"}
    ctx = an.SpreadContext(chapters, clusters={"k": ("D", "E", "F")},
                           neighbours={"A": ("B", "C", "D"), "D": ("A", "B"), "F": ("A", "E")}, data_end=date(2026, 1, 1))
    first = an.first_adoptions([rec("B", date(2025, 8, 1)), rec("C", date(2025, 9, 1)), rec("E", date(2025, 9, 1))])
    found = {c.chapter: c for c in an.candidates(first, ctx, "CommuneLevel")}
    assert set(found) == {"A"}  # A: 2 of 3 neighbours; D: 1 of 2 neighbours, 1 of 2 peers (not more than half)
    assert (found["A"].neighbours_adopted, found["A"].neighbours) == (2, 3)


def test_overlap_of_two_models() -> None:
    d = date(2020, 1, 1)
    a = an.first_adoptions([rec("X", d), rec("Y", d), rec("Z", d)])
    b = an.first_adoptions([rec("X", d + timedelta(3)), rec("Y", d), rec("W", d)])
    o = an.overlap(a, b)
    assert (o.common, o.only_a, o.only_b, o.a_first, o.b_first, o.same_day) == (2, 1, 1, 1, 0, 1)
    assert o.jaccard == 0.5


def test_discontinuations_are_not_adoptions_and_channel_mix_counts_replications() -> None:
    records = [rec("A", date(2020, 1, 1), kind="Origination"), rec("B", date(2020, 2, 1), channel="Neighbour"),
               rec("B", date(2022, 2, 1), kind="Discontinuation"), rec("C", date(2020, 3, 1))]
    assert set(an.first_adoptions(records)) == {"A", "B", "C"}
    assert an.channel_mix(records) == {"Neighbour": 1, "": 1}
    assert decimal_year(date(2020, 1, 1)) == 2020.0
