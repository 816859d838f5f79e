"""What is new in the graph, for the landing page: the latest sources and the most recent events."""

from __future__ import annotations

from dataclasses import dataclass

from .. import queries
from ..store import Store
from .labels import Labels, Ref


@dataclass(frozen=True)
class SourceItem:
    """A source document with the graph built from it and when that happened."""

    doc: Ref
    graph: str
    generated: str | None
    published: str | None


@dataclass(frozen=True)
class EventItem:
    event: Ref
    date: str | None
    type: Ref | None


def latest_sources(store: Store, labels: Labels, limit: int = 8) -> tuple[SourceItem, ...]:
    """Documents (reference releases left out), newest graph first, each document once."""
    seen: dict[str, SourceItem] = {}
    for row in queries.rows(store, "page_latest_sources"):
        doc = row["doc"].value
        if doc not in seen:
            seen[doc] = SourceItem(labels.ref(doc), row["g"].value, row["generated"].value if "generated" in row else None,
                                   row["published"].value if "published" in row else None)
    return tuple(seen.values())[:limit]


def recent_events(store: Store, labels: Labels) -> tuple[EventItem, ...]:
    """The latest events by date (each once, whatever its number of types)."""
    seen: dict[str, EventItem] = {}
    for row in queries.rows(store, "page_recent_events"):
        event = row["event"].value
        if event not in seen:
            seen[event] = EventItem(labels.ref(event), row["date"].value if "date" in row else None,
                                    labels.ref(row["type"].value) if "type" in row else None)
    return tuple(seen.values())
