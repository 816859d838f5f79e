"""Adoption records and the risk set: the plain data every diffusion analysis starts from.

An adoption counts for its chapter while the chapter is valid; when the 2025 reform ended that
chapter, the chapter continuing it (if any) counts from its own start. The risk set of a day is
the chapters of one level valid on that day.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from .provenance import Source

KINDS_ADOPTING = ("Origination", "Replication")


@dataclass(frozen=True)
class AdoptionRecord:
    """One wu:Adoption as recorded (the SPID row): who adopted which model when, and how."""

    iri: str
    model: str
    adopter: str
    day: date
    precision: str = "DayPrecision"
    kind: str = "Replication"
    learned_from: str | None = None
    via_event: str | None = None
    channel: str | None = None
    sources: tuple[Source, ...] = ()  # the graphs recording it: article, CSV, hand curation or synthetic demo


@dataclass(frozen=True)
class Exposure:
    """A chapter attended an event at which a speaker from another chapter took the floor."""

    event: str
    day: date
    speaker_chapter: str
    attendee: str


@dataclass(frozen=True)
class ChapterSpan:
    """What the analyses need of a chapter: level, validity, parent and roll-up targets."""

    level: str | None
    start: date | None
    end: date | None
    parent: str | None = None
    current: str | None = None  # the chapter in force today that continues it
    province: str | None = None  # recorded province (unit IRI)
    current_province: str | None = None  # today's province (unit IRI)

    def valid_on(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


class RiskSet:
    """Counts of chapters valid on a day, by bisection over sorted start and end dates."""

    def __init__(self, spans: Iterable[ChapterSpan]) -> None:
        listed = list(spans)
        self.starts = sorted(s.start or date.min for s in listed)
        self.ends = sorted(s.end or date.max for s in listed)

    def count(self, day: date) -> int:
        return bisect_right(self.starts, day) - bisect_left(self.ends, day)


@dataclass(frozen=True)
class SpreadContext:
    """Everything about chapters an analysis needs, precomputed once per store version."""

    chapters: Mapping[str, ChapterSpan]
    clusters: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    neighbours: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    data_end: date = date(2026, 10, 31)

    @cached_property
    def chapter_clusters(self) -> dict[str, list[str]]:
        """Chapter → the clusters it belongs to (computed once per context)."""
        out: dict[str, list[str]] = {}
        for cluster, members in self.clusters.items():
            for member in members:
                out.setdefault(member, []).append(cluster)
        return out

    @cached_property
    def peers(self) -> dict[str, frozenset[str]]:
        """Chapter → the other members of its clusters."""
        out: dict[str, set[str]] = {}
        for members in self.clusters.values():
            for member in members:
                out.setdefault(member, set()).update(m for m in members if m != member)
        return {k: frozenset(v) for k, v in out.items()}

    def at_level(self, level: str | None, on: date) -> list[str]:
        """Chapters of a level valid on a day (cached per level and day)."""
        key = (level, on)
        cache: dict[tuple[str | None, date], list[str]] = self.__dict__.setdefault("_at_level", {})
        if key not in cache:
            cache[key] = [c for c, span in self.chapters.items() if span.level == level and span.valid_on(on)]
        return cache[key]


# --- adopters and the risk set --------------------------------------------------------------


def first_adoptions(records: Iterable[AdoptionRecord]) -> dict[str, AdoptionRecord]:
    """Each chapter's earliest origination or replication (discontinuations are not adoptions)."""
    first: dict[str, AdoptionRecord] = {}
    for record in records:
        if record.kind not in KINDS_ADOPTING:
            continue
        known = first.get(record.adopter)
        if known is None or (record.day, record.iri) < (known.day, known.iri):
            first[record.adopter] = record
    return first


def risk_level(first: Mapping[str, AdoptionRecord], ctx: SpreadContext) -> str | None:
    """The chapter level most adopters are at: the population whose share the curve reports."""
    levels = Counter(ctx.chapters[c].level for c in first if c in ctx.chapters and ctx.chapters[c].level)
    return levels.most_common(1)[0][0] if levels else None


def effective_intervals(first: Mapping[str, AdoptionRecord], ctx: SpreadContext, level: str | None) -> dict[str, tuple[date, date]]:
    """Chapter → (from, until) during which it counts as having adopted: itself, or by inheritance.

    A chapter that adopted counts while it is valid; when the reform ended it, the chapter that
    continues it counts from its own start, so a share is never lost to re-coding.
    """
    out: dict[str, tuple[date, date]] = {}

    def add(chapter: str, since: date) -> None:
        span = ctx.chapters.get(chapter)
        if span is None or span.level != level:
            return
        begin = max(since, span.start or date.min)
        until = span.end or date.max
        if begin > until:
            return
        known = out.get(chapter)
        out[chapter] = (min(begin, known[0]), until) if known else (begin, until)

    for chapter, record in first.items():
        add(chapter, record.day)
        span = ctx.chapters.get(chapter)
        if span is not None and span.current and span.current != chapter:
            add(span.current, record.day)
    return out


class IntervalCounter:
    """How many intervals contain a day, by bisection."""

    def __init__(self, intervals: Iterable[tuple[date, date]]) -> None:
        listed = list(intervals)
        self.starts = sorted(i[0] for i in listed)
        self.ends = sorted(i[1] for i in listed)

    def count(self, day: date) -> int:
        return bisect_right(self.starts, day) - bisect_left(self.ends, day)
