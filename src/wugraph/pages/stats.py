"""Counts that describe the store: per graph, per class, units per level on a day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from .. import queries
from ..namespaces import WU, XSD
from ..store import Store, rdf


@dataclass(frozen=True)
class GraphCount:
    graph: str
    triples: int
    source: str | None
    generated: str | None


REFORM_DAY = date(2025, 7, 1)
"""The day the 2025 reform took effect (Resolution 202/2025/QH15): 34 provinces, no districts."""


@dataclass(frozen=True)
class EraCount:
    """Units per level on a day that stands for an era: the last day before the reform, or today after it."""

    era: str  # "pre2025" | "2025"
    day: str
    units: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class Stats:
    """A snapshot of the store for `wugraph stats`, the landing page and VoID."""

    version: str
    total: int
    graphs: tuple[GraphCount, ...]
    classes: tuple[tuple[str, int], ...]
    units_today: tuple[tuple[str, int], ...]
    eras: tuple[EraCount, ...] = ()


def units_valid_on(store: Store, day: date) -> dict[str, int]:
    """Units per level (Province, District, Commune) valid on a day."""
    found = queries.rows(store, "units_valid_on", {"day": rdf.Literal(day.isoformat(), datatype=rdf.NamedNode(XSD + "date"))})
    counts = {row["level"].value.removeprefix(WU): int(row["units"].value) for row in found}
    return {level: counts.get(level, 0) for level in ("Province", "District", "Commune")}


def collect(store: Store, today: date | None = None) -> Stats:
    """Gather every count in one pass over the named queries."""
    graphs = tuple(
        GraphCount(r["g"].value, int(r["triples"].value), r["source"].value if "source" in r else None,
                   r["generated"].value if "generated" in r else None)
        for r in queries.rows(store, "graph_counts")
    )
    classes = tuple((r["class"].value, int(r["instances"].value)) for r in queries.rows(store, "class_counts"))
    day = today or date.today()
    units = units_valid_on(store, day)
    before = REFORM_DAY - timedelta(days=1)
    after = max(day, REFORM_DAY)
    eras = (EraCount("pre2025", before.isoformat(), tuple(units_valid_on(store, before).items())),
            EraCount("2025", after.isoformat(), tuple((units if after == day else units_valid_on(store, after)).items())))
    return Stats(store.version(), sum(g.triples for g in graphs), graphs, classes, tuple(units.items()), eras)
