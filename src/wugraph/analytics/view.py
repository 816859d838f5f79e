"""One model's spread, assembled from the analyses: the dict the page, its JSON twin and the CLI share.

`assemble` runs every analysis of analytics.py on one model's records against the precomputed
context; `SpreadView.to_dict` is what `/api/spread/<slug>` returns and the template renders;
`tables` gives the page's tables for CSV export.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

from ..tables import Table
from . import spread as an
from .logistic import decimal_year

TABLE_LIMIT = 100


@dataclass(frozen=True)
class Place:
    """A province version on the map: code, names, position in the SVG frame, and whether it is current."""

    iri: str
    code: str
    names: Mapping[str, str]
    x: float | None
    y: float | None
    current: bool


@dataclass(frozen=True)
class ModelFacts:
    iri: str
    slug: str
    labels: Mapping[str, str]
    model_type: str | None
    target_groups: tuple[str, ...]
    bases: tuple[str, ...]
    originator: str | None
    origin_date: str | None
    synthetic: bool


@dataclass(frozen=True)
class SpreadView:
    """Every analysis of one model, ready to render."""

    facts: ModelFacts
    records: tuple[an.AdoptionRecord, ...]
    first: Mapping[str, an.AdoptionRecord]
    curve: an.Curve
    reach: an.Reach
    cascades: an.Cascades
    inferred: tuple[an.InferredEdge, ...]
    order: Mapping[str, float]
    candidates: tuple[an.Candidate, ...]
    channels: Mapping[str, int]
    labels: Mapping[str, Mapping[str, str]]
    places: Mapping[str, Place]
    event_names: Mapping[str, Mapping[str, str]]
    chapters: Mapping[str, an.ChapterSpan]
    coordinates_source: str
    version: str
    positions: Mapping[str, tuple[float, float]] = field(default_factory=dict)  # chapter → (x, y) at its own unit

    def name(self, iri: str | None) -> dict[str, str]:
        """{"vi": …, "en": …} for a chapter, province, event or the union; the IRI's tail when unnamed."""
        if iri is None:
            return {}
        if iri.startswith(an.EVENT_PREFIX):
            iri = iri[len(an.EVENT_PREFIX):]
        found = self.labels.get(iri) or self.event_names.get(iri) or (self.places[iri].names if iri in self.places else None)
        return dict(found) if found else {"vi": "/".join(iri.rsplit("/", 3)[-3:])}

    # --- summary figures --------------------------------------------------------------------

    def summary(self) -> dict[str, Any]:
        adopting = [r for r in self.records if r.kind in an.KINDS_ADOPTING]
        replications = [r for r in adopting if r.kind == "Replication"]
        precision = Counter(r.precision for r in adopting)
        after = sum(1 for r in self.first.values() if self.chapters.get(r.adopter) and (self.chapters[r.adopter].start or date.min) >= date(2025, 7, 1))
        days = sorted(r.day for r in self.first.values())
        return {
            "adopters": len(self.first), "records": len(self.records),
            "discontinuations": sum(r.kind == "Discontinuation" for r in self.records),
            "first": days[0].isoformat() if days else None, "last": days[-1].isoformat() if days else None,
            "provinces_recorded": len(self.reach.provinces_recorded),
            "provinces_current": sum(1 for p in self.reach.provinces_current if p.adopters),
            "provinces_current_total": sum(1 for p in self.places.values() if p.current),
            "clusters_reached": len(self.reach.clusters_reached), "clusters_total": self.reach.clusters_total,
            "risk_level": self.curve.risk_level,
            "year_only_share": round(precision.get("YearPrecision", 0) / len(adopting), 4) if adopting else 0.0,
            "month_only_share": round(precision.get("MonthPrecision", 0) / len(adopting), 4) if adopting else 0.0,
            "directive_share": round(self.channels.get("ParentDirective", 0) / len(replications), 4) if replications else 0.0,
            "unknown_channel_share": round(self.channels.get("", 0) / len(replications), 4) if replications else 0.0,
            "adopters_2025_era": after,
        }

    # --- the JSON twin ------------------------------------------------------------------------

    def to_dict(self, limit: int | None = None) -> dict[str, Any]:
        """Everything, or with long lists cut to `limit` rows (the HTML page; CSV has them all)."""
        cut = (lambda rows: rows[:limit]) if limit else (lambda rows: rows)
        f = self.facts
        curve = self.curve
        fit = curve.fit
        points = [[p.day.isoformat(), p.adopters, p.effective, p.at_risk, round(p.share, 5) if p.share is not None else None]
                  for p in curve.points]
        fitted = [[p.day.isoformat(), round(fit.value(decimal_year(p.day)), 2)] for p in curve.points] if fit else []
        current = [p for p in self.reach.provinces_current]
        recorded = dict(self.reach.provinces_recorded)
        return {
            "model": {"iri": f.iri, "slug": f.slug, "labels": dict(f.labels), "type": f.model_type,
                      "target_groups": list(f.target_groups), "organizing_basis": list(f.bases),
                      "originator": {"iri": f.originator, "labels": self.name(f.originator)} if f.originator else None,
                      "origin_date": f.origin_date, "synthetic": f.synthetic},
            "summary": self.summary(),
            "curve": {
                "risk_level": curve.risk_level, "columns": ["day", "adopters", "effective", "at_risk", "share"], "points": points,
                "fit": {"saturation": curve.saturation, "rate_per_year": curve.rate_per_year,
                        "midpoint": curve.midpoint.isoformat() if curve.midpoint else None,
                        "r_squared": round(fit.r_squared, 4)} if fit else None,
                "fitted": fitted,
                "reached_25": _iso(curve.reached_25), "reached_50": _iso(curve.reached_50),
                "years_to_25": curve.years_to_25, "years_to_50": curve.years_to_50,
            },
            "map": {
                "days": [d.isoformat() for d in self.reach.slider_days],
                "provinces": [{"iri": p.province, "code": self.places[p.province].code if p.province in self.places else "",
                               "names": self.name(p.province), "x": _xy(self.places, p.province, "x"), "y": _xy(self.places, p.province, "y"),
                               "adopters": p.adopters, "shares": list(p.shares)} for p in current],
                "recorded": [{"iri": iri, "code": place.code, "names": dict(place.names), "x": place.x, "y": place.y,
                              "current": place.current, "adopters": recorded[iri]}
                             for iri, place in sorted(self.places.items(), key=lambda kv: kv[1].code) if iri in recorded],
                "adopters": self._adopter_points(),
                "coordinates_source": self.coordinates_source,
            },
            "cascades": self._cascades(cut),
            "inferred": {"count": len(self.inferred), "already_recorded": sum(e.recorded for e in self.inferred),
                         "edges": cut([self._inferred_row(e) for e in self.inferred])},
            "adopters": cut(self.adopter_table),
            "leaders": self.adopter_table[:10],
            "laggards": list(reversed(self.adopter_table[-10:])),
            "candidates": cut([{"chapter": c.chapter, "labels": self.name(c.chapter), "neighbours_adopted": c.neighbours_adopted,
                                "neighbours": c.neighbours, "peers_adopted": c.peers_adopted, "peers": c.peers,
                                "share": round(c.share, 3)} for c in self.candidates]),
            "channels": dict(sorted(self.channels.items(), key=lambda kv: -kv[1])),
            "store_version": self.version,
        }

    def _cascades(self, cut: Any) -> dict[str, Any]:
        c = self.cascades
        shown = {node for node, _, _ in c.layout}
        return {
            "depth": c.depth, "breadth": c.breadth, "linked_adopters": c.linked_adopters, "adopters": c.adopters,
            "median_lag_days": c.median_lag_days, "dropped_edges": c.dropped_edges,
            "lag_by_channel": [{"channel": ch, "median_lag_days": lag, "edges": n} for ch, lag, n in c.lag_by_channel],
            "trees": cut([{"root": t.root, "labels": self.name(t.root), "size": t.size, "depth": t.depth, "breadth": t.breadth,
                           "median_lag_days": t.median_lag_days} for t in c.trees]),
            "nodes": [{"id": node, "depth": depth, "row": row, "labels": self.name(node),
                       "day": _iso(self.first[node].day) if node in self.first else None, "event": node.startswith(an.EVENT_PREFIX)}
                      for node, depth, row in c.layout],
            "edges": [[e.source, e.target, e.lag_days, e.channel] for e in c.edges if e.source in shown and e.target in shown],
        }

    def _adopter_points(self) -> list[dict[str, Any]]:
        """Each adopter where it is: a commune chapter at its commune's centroid, a district or province one at its own."""
        out = []
        for record in sorted(self.first.values(), key=lambda r: (r.day, r.adopter)):
            point = self.positions.get(record.adopter)
            span = self.chapters.get(record.adopter)
            if point is not None:
                out.append({"chapter": record.adopter, "labels": self.name(record.adopter), "x": point[0], "y": point[1],
                            "day": record.day.isoformat(), "level": span.level if span else None,
                            "current": bool(span and span.end is None)})  # a chapter of today's units
        return out

    def _inferred_row(self, e: an.InferredEdge) -> dict[str, Any]:
        return {"source": e.source, "source_labels": self.name(e.source), "target": e.target, "target_labels": self.name(e.target),
                "event": e.event, "event_labels": self.name(e.event), "event_day": e.event_day.isoformat(),
                "lag_days": e.lag_days, "recorded": e.recorded}

    @cached_property
    def adopter_table(self) -> list[dict[str, Any]]:
        """Adopters in adoption order with their rank, Rogers category, channel and provinces."""
        rows = []
        ordered = sorted(self.first.values(), key=lambda r: (r.day, r.adopter))
        for rank, record in enumerate(ordered, start=1):
            span = self.chapters.get(record.adopter)
            position = self.order.get(record.adopter, 0.0)
            rows.append({
                "rank": rank, "chapter": record.adopter, "labels": self.name(record.adopter), "day": record.day.isoformat(),
                "precision": record.precision, "kind": record.kind, "order": round(position, 4),
                "category": an.adopter_category(position), "channel": record.channel, "learned_from": record.learned_from,
                "learned_from_labels": self.name(record.learned_from) if record.learned_from else None,
                "province": span.province if span else None, "province_labels": self.name(span.province) if span and span.province else None,
                "current_province": span.current_province if span else None,
                "current_province_labels": self.name(span.current_province) if span and span.current_province else None,
                "sources": [source.to_dict() for source in record.sources],
            })
        return rows


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _xy(places: Mapping[str, Place], iri: str, axis: str) -> float | None:
    place = places.get(iri)
    return getattr(place, axis) if place else None


def assemble(facts: ModelFacts, records: Iterable[an.AdoptionRecord], exposures: Iterable[an.Exposure], ctx: an.SpreadContext,
             risk: Mapping[str, an.RiskSet], risk_by_province: Mapping[str, Mapping[str, an.RiskSet]],
             labels: Mapping[str, Mapping[str, str]], places: Mapping[str, Place],
             event_names: Mapping[str, Mapping[str, str]], coordinates_source: str, version: str,
             positions: Mapping[str, tuple[float, float]] | None = None) -> SpreadView:
    """Run every analysis for one model."""
    listed = tuple(sorted(records, key=lambda r: (r.day, r.adopter, r.iri)))
    first = an.first_adoptions(listed)
    curve = an.adoption_curve(first, ctx, risk)
    return SpreadView(
        facts=facts, records=listed, first=first, curve=curve,
        reach=an.geographic_reach(first, ctx, risk_by_province), cascades=an.cascades(first),
        inferred=tuple(an.inferred_edges(first, exposures)), order=an.normalised_order(first) if first else {},
        candidates=tuple(an.candidates(first, ctx, curve.risk_level)), channels=an.channel_mix(listed),
        labels=labels, places=places, event_names=event_names, chapters=ctx.chapters,
        coordinates_source=coordinates_source, version=version, positions=positions or {},
    )


def tables(view: SpreadView, lang: str = "vi") -> dict[str, Table]:
    """The page's tables in full, for CSV export (names in the requested language)."""
    def name(labels: Mapping[str, str] | None) -> str:
        return (labels or {}).get(lang) or (labels or {}).get("vi") or ""

    data = view.to_dict()
    return {
        "adopters": Table("adopters", ("rank", "chapter", "name", "day", "precision", "kind", "order", "category", "channel",
                                       "learned_from", "province", "current_province", "sources"),
                          tuple((r["rank"], r["chapter"], name(r["labels"]), r["day"], r["precision"], r["kind"], r["order"],
                                 r["category"], r["channel"], r["learned_from"], name(r["province_labels"]),
                                 name(r["current_province_labels"]), " ".join(f"{s['kind']}:{s['graph']}" for s in r["sources"]))
                                for r in data["adopters"])),
        "curve": Table("curve", ("day", "adopters", "effective", "at_risk", "share"), tuple(tuple(p) for p in data["curve"]["points"])),
        "provinces": Table("provinces", ("province", "code", "name", "adopters", *[f"share_{d}" for d in data["map"]["days"]]),
                           tuple((p["iri"], p["code"], name(p["names"]), p["adopters"], *p["shares"]) for p in data["map"]["provinces"])),
        "cascades": Table("cascades", ("root", "name", "size", "depth", "breadth", "median_lag_days"),
                          tuple((t["root"], name(t["labels"]), t["size"], t["depth"], t["breadth"], t["median_lag_days"])
                                for t in data["cascades"]["trees"])),
        "inferred": Table("inferred", ("source", "source_name", "target", "target_name", "event", "event_day", "lag_days", "recorded"),
                          tuple((e["source"], name(e["source_labels"]), e["target"], name(e["target_labels"]), e["event"],
                                 e["event_day"], e["lag_days"], int(e["recorded"])) for e in data["inferred"]["edges"])),
        "candidates": Table("candidates", ("chapter", "name", "neighbours_adopted", "neighbours", "peers_adopted", "peers", "share"),
                            tuple((c["chapter"], name(c["labels"]), c["neighbours_adopted"], c["neighbours"], c["peers_adopted"],
                                   c["peers"], c["share"]) for c in data["candidates"])),
    }


def text_report(data: Mapping[str, Any], lang: str = "vi") -> str:
    """A few lines for the terminal (`wugraph spread MODEL`), from the view's dict."""
    def name(labels: Mapping[str, str] | None) -> str:
        return (labels or {}).get(lang) or (labels or {}).get("vi") or ""

    vi = lang == "vi"
    s, c, k = data["summary"], data["curve"], data["cascades"]
    fit = c["fit"] or {}
    lines = [
        name(data["model"]["labels"]) + (" [dữ liệu mô phỏng]" if vi else " [synthetic data]") * bool(data["model"]["synthetic"]),
        ("Nơi áp dụng: {a} (từ {f} đến {l}); tỉnh như ghi nhận {pr}, tỉnh hiện nay {pc}/{pt}; cụm thi đua {cr}/{ct}" if vi else
         "Adopters: {a} ({f} to {l}); provinces as recorded {pr}, today's provinces {pc}/{pt}; clusters {cr}/{ct}").format(
            a=s["adopters"], f=s["first"], l=s["last"], pr=s["provinces_recorded"], pc=s["provinces_current"],
            pt=s["provinces_current_total"], cr=s["clusters_reached"], ct=s["clusters_total"]),
        ("Đường cong logistic: điểm giữa {m}, tốc độ {r}/năm, bão hòa {k}, R² {q}" if vi else
         "Logistic fit: midpoint {m}, rate {r}/year, saturation {k}, R² {q}").format(
            m=fit.get("midpoint"), r=fit.get("rate_per_year"), k=fit.get("saturation"), q=fit.get("r_squared")),
        ("Đạt 25%: {a} ({ya} năm); đạt 50%: {b} ({yb} năm) số cấp Hội {lv}" if vi else
         "25% reached: {a} ({ya} years); 50% reached: {b} ({yb} years) of chapters at {lv}").format(
            a=c["reached_25"] or "—", ya=c["years_to_25"] or "—", b=c["reached_50"] or "—", yb=c["years_to_50"] or "—", lv=c["risk_level"]),
        ("Lan truyền: độ sâu {d}, độ rộng {b}, {la}/{n} nơi có nguồn học tập, độ trễ trung vị {lag} ngày" if vi else
         "Cascades: depth {d}, breadth {b}, {la}/{n} adopters linked, median lag {lag} days").format(
            d=k["depth"], b=k["breadth"], la=k["linked_adopters"], n=k["adopters"], lag=k["median_lag_days"]),
        ("Cạnh suy luận qua diễn đàn: {n}; nơi nên nhân rộng tiếp: {c}" if vi else
         "Inferred forum edges: {n}; candidate chapters: {c}").format(n=data["inferred"]["count"], c=len(data["candidates"])),
        ("Kênh: " if vi else "Channels: ") + ", ".join(f"{ch or '?'} {n}" for ch, n in data["channels"].items()),
        ("Chỉ biết năm: {y:.0%}; theo chỉ đạo cấp trên: {d:.0%}" if vi else "Year-only dates: {y:.0%}; parent directives: {d:.0%}").format(
            y=s["year_only_share"], d=s["directive_share"]),
    ]
    return "\n".join(lines)
