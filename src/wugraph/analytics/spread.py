"""Diffusion analytics over adoption records: S-curves, reach, cascades and forum exposure.

Pure functions over plain records (built from query results by `spread_cache`) returning frozen
dataclasses; networkx carries the cascade graphs and lives only here. Every share is over the
chapters *at risk* (diffusion.py). The records, the risk set and the adopter-order analyses
(adopters.py) are re-exported, so callers import one module.
"""

from __future__ import annotations

import statistics
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

import networkx as nx

from .adopters import (
    ROGERS,
    Candidate,
    ChapterScore,
    Innovativeness,
    Overlap,
    adopter_category,
    candidates,
    channel_mix,
    innovativeness,
    normalised_order,
    overlap,
)
from .logistic import LogisticFit, decimal_year, fit_logistic, from_decimal_year
from .records import (
    KINDS_ADOPTING,
    AdoptionRecord,
    ChapterSpan,
    Exposure,
    IntervalCounter,
    RiskSet,
    SpreadContext,
    effective_intervals,
    first_adoptions,
    risk_level,
)

__all__ = [
    "AdoptionRecord", "Candidate", "Cascades", "ChapterScore", "ChapterSpan", "Curve", "EVENT_PREFIX", "Exposure",
    "InferredEdge", "Innovativeness", "IntervalCounter", "KINDS_ADOPTING", "Overlap", "ROGERS", "Reach", "RiskSet",
    "SpreadContext", "adopter_category", "adoption_curve", "candidates", "cascades", "channel_mix", "effective_intervals",
    "first_adoptions", "geographic_reach", "inferred_edges", "innovativeness", "normalised_order", "overlap", "risk_level",
    "share_by_year_since_start",
]

# --- the S-curve --------------------------------------------------------------------------


@dataclass(frozen=True)
class CurvePoint:
    day: date
    adopters: int  # cumulative distinct adopting chapters, as recorded, any level
    effective: int  # chapters at the risk level counted as adopters on the day
    at_risk: int  # chapters at the risk level valid on the day
    share: float | None


@dataclass(frozen=True)
class Curve:
    """Cumulative adoption with its logistic fit and the time to reach 25% and 50% of the risk set."""

    risk_level: str | None
    points: tuple[CurvePoint, ...]
    fit: LogisticFit | None
    midpoint: date | None
    rate_per_year: float | None
    saturation: float | None
    first_day: date | None
    reached_25: date | None
    reached_50: date | None
    years_to_25: float | None
    years_to_50: float | None


def month_starts(first: date, last: date) -> list[date]:
    """The first day of every month from `first`'s month to `last`'s, then `last` itself."""
    out, year, month = [], first.year, first.month
    while date(year, month, 1) <= last:
        out.append(date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    if out[-1] != last:
        out.append(last)
    return out


def adoption_curve(first: Mapping[str, AdoptionRecord], ctx: SpreadContext, risk: Mapping[str, RiskSet],
                   end: date | None = None) -> Curve:
    """Monthly cumulative counts and shares of the chapters at risk, with a logistic fit of the counts."""
    end = end or ctx.data_end
    level = risk_level(first, ctx)
    if not first:
        return Curve(level, (), None, None, None, None, None, None, None, None, None)
    days = sorted(r.day for r in first.values())
    effective = IntervalCounter(effective_intervals(first, ctx, level).values())
    at_risk = risk.get(level or "")
    points = []
    for day in month_starts(days[0], max(end, days[-1])):
        adopters = bisect_right(days, day)
        n_risk = at_risk.count(day) if at_risk is not None else 0
        n_eff = effective.count(day)
        points.append(CurvePoint(day, adopters, n_eff, n_risk, n_eff / n_risk if n_risk else None))
    fit = fit_logistic([decimal_year(p.day) for p in points], [float(p.adopters) for p in points])
    reached = {q: next((p.day for p in points if p.share is not None and p.share >= q), None) for q in (0.25, 0.5)}

    def years(day: date | None) -> float | None:
        return round((day - days[0]).days / 365.25, 2) if day else None

    return Curve(
        risk_level=level, points=tuple(points), fit=fit,
        midpoint=from_decimal_year(fit.midpoint) if fit and 1900 < fit.midpoint < 2200 else None,
        rate_per_year=round(fit.rate, 4) if fit else None, saturation=round(fit.saturation, 1) if fit else None,
        first_day=days[0], reached_25=reached[0.25], reached_50=reached[0.5],
        years_to_25=years(reached[0.25]), years_to_50=years(reached[0.5]),
    )


# --- geographic reach ---------------------------------------------------------------------


@dataclass(frozen=True)
class ProvinceShare:
    province: str
    adopters: int  # recorded adopting chapters that roll up here (any level)
    shares: tuple[float | None, ...]  # share of the risk set at each slider day


@dataclass(frozen=True)
class Reach:
    """Provinces and clusters reached, as recorded and rolled up to today's provinces."""

    provinces_recorded: tuple[tuple[str, int], ...]  # (province as recorded, adopters)
    provinces_current: tuple[ProvinceShare, ...]
    slider_days: tuple[date, ...]
    clusters_reached: tuple[str, ...]
    clusters_total: int


def slider_days(first_day: date, end: date) -> list[date]:
    """31 December of every year from the first adoption, and the data's last day."""
    out = [date(y, 12, 31) for y in range(first_day.year, end.year) if date(y, 12, 31) < end]
    return out + [end]


def geographic_reach(first: Mapping[str, AdoptionRecord], ctx: SpreadContext,
                     risk_by_province: Mapping[str, Mapping[str, RiskSet]], end: date | None = None) -> Reach:
    """Recorded and rolled-up provinces, per-province shares over time, and clusters reached."""
    end = end or ctx.data_end
    level = risk_level(first, ctx)
    recorded: Counter[str] = Counter()
    current: Counter[str] = Counter()
    for chapter in first:
        span = ctx.chapters.get(chapter)
        if span is None:
            continue
        if span.province:
            recorded[span.province] += 1
        if span.current_province:
            current[span.current_province] += 1
    days = slider_days(min(r.day for r in first.values()), end) if first else []
    by_province: dict[str, list[tuple[date, date]]] = {}
    for chapter, interval in effective_intervals(first, ctx, level).items():
        province = ctx.chapters[chapter].current_province
        if province:
            by_province.setdefault(province, []).append(interval)
    sets = risk_by_province.get(level or "", {})
    shares = []
    for province in sorted(set(sets) | set(current)):
        counter = IntervalCounter(by_province.get(province, []))
        row = []
        for day in days:
            n = sets[province].count(day) if province in sets else 0
            row.append(round(counter.count(day) / n, 4) if n else None)
        shares.append(ProvinceShare(province, current.get(province, 0), tuple(row)))
    reached: set[str] = set()
    memberships = ctx.chapter_clusters
    for chapter in first:
        node, steps = chapter, 0
        while node is not None and steps < 4:
            reached.update(memberships.get(node, ()))
            span = ctx.chapters.get(node)
            node, steps = (span.parent if span else None), steps + 1
    return Reach(tuple(sorted(recorded.items(), key=lambda kv: (-kv[1], kv[0]))), tuple(shares), tuple(days),
                 tuple(sorted(reached)), len(ctx.clusters))


# --- cascades -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CascadeEdge:
    source: str
    target: str
    lag_days: int | None
    channel: str | None
    via_event: str | None


@dataclass(frozen=True)
class CascadeTree:
    root: str
    size: int
    depth: int
    breadth: int
    median_lag_days: float | None


@dataclass(frozen=True)
class Cascades:
    """Observed cascades from wu:learnedFrom / wu:viaEvent: shape, lags and channels."""

    edges: tuple[CascadeEdge, ...]
    trees: tuple[CascadeTree, ...]  # largest first
    depth: int
    breadth: int
    linked_adopters: int
    adopters: int
    median_lag_days: float | None
    lag_by_channel: tuple[tuple[str, float, int], ...]  # (channel, median lag, edges)
    dropped_edges: int  # links that point forward in time or close a cycle
    layout: tuple[tuple[str, int, int], ...]  # (node, depth, row) of the largest trees, for drawing


EVENT_PREFIX = "event:"


def cascade_graph(first: Mapping[str, AdoptionRecord]) -> tuple[nx.DiGraph, int]:
    """Who-learned-from-whom as a DAG; a viaEvent-only adoption hangs under its event's node."""
    graph = nx.DiGraph()
    dropped = 0
    for chapter, record in first.items():
        graph.add_node(chapter, day=record.day)
    for chapter, record in sorted(first.items(), key=lambda kv: kv[1].day):
        source = record.learned_from or (EVENT_PREFIX + record.via_event if record.via_event else None)
        if source is None or source == chapter:
            continue
        source_record = first.get(source)
        lag = (record.day - source_record.day).days if source_record else None
        if lag is not None and lag < 0:
            dropped += 1
            continue
        # Links never point back in time, so only a same-day link can close a cycle.
        if lag == 0 and graph.has_node(source) and nx.has_path(graph, chapter, source):
            dropped += 1
            continue
        graph.add_edge(source, chapter, lag=lag, channel=record.channel, via_event=record.via_event)
    return graph, dropped


def _tree_shape(graph: nx.DiGraph, nodes: set[str]) -> tuple[str, int, int, dict[str, int]]:
    """Root, depth, breadth and each node's depth (shortest distance from a root) in one component."""
    roots = sorted(n for n in nodes if graph.in_degree(n) == 0)
    depth_of: dict[str, int] = {}
    frontier = list(roots)
    for root in roots:
        depth_of[root] = 0
    while frontier:
        nxt = []
        for node in frontier:
            for child in graph.successors(node):
                if child not in depth_of:
                    depth_of[child] = depth_of[node] + 1
                    nxt.append(child)
        frontier = nxt
    widths = Counter(depth_of.values())
    return (roots[0] if roots else min(nodes)), max(depth_of.values(), default=0), max(widths.values(), default=0), depth_of


def cascades(first: Mapping[str, AdoptionRecord], layout_limit: int = 400) -> Cascades:
    """Depth, breadth and lags of every cascade; layout rows for the largest ones."""
    graph, dropped = cascade_graph(first)
    trees: list[CascadeTree] = []
    layout: list[tuple[str, int, int]] = []
    offset = 0
    components = sorted((c for c in nx.weakly_connected_components(graph) if len(c) > 1), key=lambda c: (-len(c), min(c)))
    for component in components:
        root, depth, breadth, depth_of = _tree_shape(graph, component)
        lags = [d["lag"] for _, _, d in graph.subgraph(component).edges(data=True) if d["lag"] is not None]
        trees.append(CascadeTree(root, len(component), depth, breadth, statistics.median(lags) if lags else None))
        room = layout_limit - len(layout)
        if room > 0 and (len(component) <= room or not layout):  # the largest tree is drawn in part if need be
            rows: Counter[int] = Counter()
            ordered = sorted(component, key=lambda n: (depth_of.get(n, 0), str(graph.nodes[n].get("day", "")), n))
            for node in ordered[:room]:
                level = depth_of.get(node, 0)
                layout.append((node, level, offset + rows[level]))
                rows[level] += 1
            offset += max(rows.values()) + 1  # the next tree starts below this one
    edges = tuple(CascadeEdge(s, t, d["lag"], d["channel"], d["via_event"]) for s, t, d in graph.edges(data=True))
    lags = [e.lag_days for e in edges if e.lag_days is not None]
    by_channel: dict[str, list[int]] = {}
    for edge in edges:
        if edge.lag_days is not None:
            by_channel.setdefault(edge.channel or "", []).append(edge.lag_days)
    linked = {e.target for e in edges}
    return Cascades(
        edges=edges, trees=tuple(trees), depth=max((t.depth for t in trees), default=0),
        breadth=max((t.breadth for t in trees), default=0), linked_adopters=len(linked), adopters=len(first),
        median_lag_days=statistics.median(lags) if lags else None,
        lag_by_channel=tuple(sorted((c, float(statistics.median(v)), len(v)) for c, v in by_channel.items())),
        dropped_edges=dropped, layout=tuple(layout),
    )


# --- forum exposure: inferred transmission edges -----------------------------------------------


@dataclass(frozen=True)
class InferredEdge:
    """A candidate transmission: the target adopted within the window after hearing an adopter speak."""

    source: str
    target: str
    event: str
    event_day: date
    lag_days: int
    recorded: bool  # the target's adoption already names this source or event


def inferred_edges(first: Mapping[str, AdoptionRecord], exposures: Iterable[Exposure], window_days: int = 730) -> list[InferredEdge]:
    """Edges speaker → attendee where the speaker had adopted before the event and the attendee after it."""
    out: dict[tuple[str, str, str], InferredEdge] = {}
    for ex in exposures:
        speaker, attendee = first.get(ex.speaker_chapter), first.get(ex.attendee)
        if speaker is None or attendee is None or ex.speaker_chapter == ex.attendee:
            continue
        lag = (attendee.day - ex.day).days
        if speaker.day <= ex.day and 0 < lag <= window_days:
            recorded = attendee.learned_from == ex.speaker_chapter or attendee.via_event == ex.event
            out[(ex.speaker_chapter, ex.attendee, ex.event)] = InferredEdge(ex.speaker_chapter, ex.attendee, ex.event, ex.day, lag, recorded)
    return sorted(out.values(), key=lambda e: (e.event_day, e.source, e.target))


def share_by_year_since_start(curve: Curve) -> list[tuple[float, float | None]]:
    """(years since first adoption, share) at each curve point: aligns two models for comparison."""
    if not curve.points or curve.first_day is None:
        return []
    first = curve.first_day
    return [(round((p.day - first).days / 365.25, 3), p.share) for p in curve.points]
