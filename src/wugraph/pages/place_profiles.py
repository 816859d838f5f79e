"""Profiles tied to places: a unit with its chapter, and an event with where it happened then and now.

Both lean on the cached `UnitTree` for parents, children and lineage, and on a few bound queries
for what the sources say (officials, events, contributions, evidence). A unit in force today shows,
by default, the events and adoptions of the units it replaced along primary successions too (each
row says which one), so a fact recorded at an old commune is found on its new commune's page and on
its new province's page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from .. import queries
from ..errors import NotFoundError
from ..namespaces import ORG, SCHEMA, WU
from ..store import Store
from ..tables import Table
from .hierarchy import SuccessorRef, TreeItem, TreeNode, UnitTree
from .labels import Labels, Ref
from .profiles import (
    AdoptionRow,
    ContributionRow,
    Description,
    Evidence,
    Position,
    SourceLink,
    adoption_table,
    describe,
    iri,
    name_in,
    position_table,
    positions,
    sources_of,
)


@dataclass(frozen=True)
class EventRow:
    """An event listed on a unit page, and why it is there (location, organizer, attendee)."""

    event: Ref
    date: str | None
    type: Ref | None
    roles: tuple[str, ...]
    via: Ref | None = None  # the replaced unit the event was recorded at, when rolled up


@dataclass(frozen=True)
class UnitProfile:
    """A unit version and its chapter on one page: place in the tree, lineage, people, events, models."""

    focus: str  # "unit" | "chapter"
    unit: Ref
    chapter: Ref | None
    level: str
    code: str
    era: str
    start: str | None
    end: str | None
    parents: tuple[Ref, ...]
    children: tuple[TreeItem, ...]
    successors: tuple[SuccessorRef, ...]
    predecessors: tuple[Ref, ...]
    ended_by: str | None
    began_by: str | None
    today: tuple[Ref, ...]  # the unit it rolls up to today (primary successions), then that unit's parents
    today_via: Ref | None  # the ancestor the roll-up went through (an old district goes through its province)
    today_parts: tuple[Ref, ...]  # every unit of today that received part of it, when more than one
    rolled_up_from: tuple[Ref, ...]  # units this one replaced along primary successions (their facts count here)
    organizations: tuple[Ref, ...]
    clusters: tuple[Ref, ...]
    officials: tuple[Position, ...]
    events: tuple[EventRow, ...]
    adoptions: tuple[AdoptionRow, ...]
    rollup: bool
    sources: tuple[SourceLink, ...]
    chapter_description: Description | None

    def tables(self, lang: str = "vi") -> dict[str, Table]:
        return {
            "children": Table("children", ("name", "level", "code", "start", "end", "iri"),
                              tuple((name_in(c.unit, lang), c.level, c.code, c.start, c.end, c.unit.iri) for c in self.children)),
            "officials": position_table("officials", self.officials, lang),
            "events": Table("events", ("event", "date", "type", "roles", "via", "iri"),
                            tuple((name_in(e.event, lang), e.date, name_in(e.type, lang), " ".join(e.roles), name_in(e.via, lang),
                                   e.event.iri) for e in self.events)),
            "adoptions": adoption_table("adoptions", self.adoptions, lang),
        }


def _era(unit_iri: str, labels: Labels) -> str:
    path = unit_iri[len(labels.base):].split("/") if unit_iri.startswith(labels.base) else []
    return path[1] if len(path) > 2 else ""


def _events(store: Store, tree: UnitTree, unit: str, chapter: str, rolled_up: Sequence[str]) -> tuple[EventRow, ...]:
    """Events held in the unit's territory, organised or attended by its chapter; then those of the units it replaced."""
    labels = tree.labels
    found: dict[str, EventRow] = {}
    places = [(unit, chapter, None)] + [(old, tree.nodes[old].chapter or old, old) for old in rolled_up]
    for place, place_chapter, via in places:
        for row in queries.rows(store, "page_unit_events", {"unit": iri(place), "chapter": iri(place_chapter)}):
            event = row["event"].value
            held = found.get(event)
            role = row["role"].value
            if held is None:
                found[event] = EventRow(labels.ref(event), row["date"].value if "date" in row else None,
                                        labels.ref(row["type"].value) if "type" in row else None, (role,),
                                        labels.ref(via) if via else None)
            elif role not in held.roles:
                found[event] = replace(held, roles=(*held.roles, role))
    return tuple(sorted(found.values(), key=lambda e: e.date or "", reverse=True))


def _adoptions(tree: UnitTree, unit: str, rolled_up: Sequence[str], all_rows: Sequence[AdoptionRow]) -> tuple[AdoptionRow, ...]:
    """Adoptions by this chapter and its sub-chapters, then by those of the units it replaced (named in `via`)."""
    labels = tree.labels
    owners: dict[str, Ref | None] = {}
    for node_iri in [unit, *tree.descendants(unit)]:
        node = tree.nodes[node_iri]
        if node.chapter:
            owners[node.chapter] = None
    if rolled_up:
        for predecessor in rolled_up:
            via = labels.ref(predecessor)
            for node_iri in [predecessor, *tree.descendants(predecessor)]:
                node = tree.nodes[node_iri]
                if node.chapter and node.chapter not in owners:
                    owners[node.chapter] = via
    return tuple(replace(row, via=owners[row.adopter.iri]) for row in all_rows if row.adopter.iri in owners)


def unit_profile(store: Store, tree: UnitTree, entity: str, adoptions: Sequence[AdoptionRow] = (), rollup: bool | None = None,
                 today: date | None = None) -> UnitProfile:
    """The unit/chapter page for a unit IRI or a chapter IRI (both lead to the same page).

    `rollup` adds the events and adoptions of the units this one replaced; by default it is on for a unit in
    force `today` and off for an older one.
    """
    labels = tree.labels
    node = tree.get(entity)
    if node is None:
        raise NotFoundError(f"Không có đơn vị hay cấp Hội {entity}.", f"No unit or chapter {entity}.", iri=entity)
    unit, chapter = node.iri, node.chapter
    is_branch = node.level == "Branch"
    chapter_description = describe(store, labels, chapter) if chapter else None
    unit_description = chapter_description if is_branch and chapter_description is not None else describe(store, labels, unit)
    organizations = tuple(r for r in unit_description.pointing(WU + "forUnit") if r.iri != chapter)
    clusters: list[Ref] = []
    if chapter_description is not None:
        clusters = chapter_description.pointing(ORG + "hasMember") + \
            [r for r in chapter_description.pointing(ORG + "subOrganizationOf") if r.kind == "cluster"]
        for membership in chapter_description.pointing(ORG + "member"):
            clusters.extend(r for r in describe(store, labels, membership.iri).refs(ORG + "organization") if r.kind == "cluster")
    officials: list[Position] = []
    for organization in [c for c in (chapter,) if c] + [o.iri for o in organizations]:
        officials.extend(positions(store, labels, "page_org_officials", {"organization": organization}))
    day = today or date.today()
    current, via = tree.current_unit(unit, day) if not node.valid_on(day) else (None, None)
    parts = [u for u in tree.successors_on(unit, day) if u != current] if current else []
    rolled_up = tree.rolled_up(unit) if (node.valid_on(day) if rollup is None else rollup) else []
    return UnitProfile(
        focus="chapter" if entity == chapter else "unit", unit=labels.ref(unit), chapter=labels.ref(chapter) if chapter and not is_branch else None,
        level=node.level, code=node.code, era=_era(unit, labels), start=node.start, end=node.end,
        parents=tuple(labels.ref(a) for a in tree.ancestors(unit)),
        children=tuple(tree.item(c, day if node.valid_on(day) else _last_day(node, day)) for c in tree.children.get(unit, [])),
        successors=tree.successor_refs(unit),
        predecessors=tuple(labels.ref(p) for p in tree.predecessors.get(unit, [])),
        ended_by=tree.ended_by[unit].kind if unit in tree.ended_by else None,
        began_by=tree.began_by[unit].kind if unit in tree.began_by else None,
        today=tuple(labels.ref(u) for u in ([current, *tree.ancestors(current)] if current else [])),
        today_via=labels.ref(via) if via and via != unit else None,
        today_parts=tuple(labels.ref(u) for u in parts),
        rolled_up_from=tuple(labels.ref(u) for u in tree.rolled_up(unit)),
        organizations=organizations, clusters=tuple(clusters),
        officials=tuple(officials), events=_events(store, tree, unit, chapter or unit, rolled_up),
        adoptions=_adoptions(tree, unit, rolled_up, adoptions), rollup=bool(rolled_up),
        sources=sources_of(store, labels, [x for x in (unit, chapter) if x]), chapter_description=chapter_description,
    )


def _last_day(node: TreeNode, day: date) -> date:
    """A day on which an out-of-force version was valid (its end, else its start), to count its children then."""
    return date.fromisoformat(node.end or node.start or day.isoformat())


# --- event ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class EventProfile:
    """An event: when, where (then and today), who organised, who came, who said what, which models, from which passage."""

    event: Ref
    description: Description
    summary: dict[str, str]
    types: tuple[Ref, ...]
    start: str | None
    end: str | None
    location: tuple[Ref, ...]
    place_chain: tuple[Ref, ...]
    today: tuple[Ref, ...]
    today_via: Ref | None
    today_parts: tuple[Ref, ...]  # every unit of today that received part of the place, when it was split
    organizers: tuple[Ref, ...]
    delegate_count: int | None
    delegate_composition: dict[str, str]
    attendees: tuple[Ref, ...]
    contributions: tuple[ContributionRow, ...]
    models: tuple[Ref, ...]
    super_event: tuple[Ref, ...]
    evidence: tuple[Evidence, ...]
    sources: tuple[SourceLink, ...]

    def tables(self, lang: str = "vi") -> dict[str, Table]:
        return {"contributions": Table(
            "contributions", ("person", "type", "attribution", "role", "organization", "iri"),
            tuple((name_in(c.person, lang), name_in(c.type, lang), c.attribution, name_in(c.capacity_role, lang),
                   name_in(c.capacity_org, lang), c.person.iri if c.person else c.contribution) for c in self.contributions))}


def _int(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() else None


def _contributions(store: Store, labels: Labels, event: Description) -> tuple[ContributionRow, ...]:
    """One row per contribution (the query repeats rows per language of the note), in the source's order."""
    rows: dict[str, ContributionRow] = {}
    for r in queries.rows(store, "page_event_contributions", {"event": iri(event.entity.iri)}):
        key = r["contribution"].value
        held = rows.get(key)
        if held is None:
            held = rows[key] = ContributionRow(
                key, labels.ref(r["person"].value) if "person" in r else None, event.entity, event.first(SCHEMA + "startDate"),
                labels.ref(r["type"].value) if "type" in r else None, r["attribution"].value if "attribution" in r else None,
                labels.ref(r["role"].value) if "role" in r else None,
                labels.ref(r["organization"].value) if "organization" in r else None, {})
        if "note" in r and held.note is not None:
            held.note.setdefault(getattr(r["note"], "language", None) or "vi", r["note"].value)
    return tuple(rows.values())


def event_profile(store: Store, tree: UnitTree, event: str, today: date | None = None) -> EventProfile:
    """Everything about one event, with the unit it was in then and the unit that territory belongs to today."""
    labels = tree.labels
    described = describe(store, labels, event)
    locations = described.refs(SCHEMA + "location")
    unit_iri: str | None = None
    for place in locations:
        if tree.get(place.iri) is not None:
            unit_iri = place.iri
        else:
            inside = [r.iri for r in describe(store, labels, place.iri).refs(SCHEMA + "containedInPlace")]
            unit_iri = next((u for u in inside if tree.get(u) is not None), unit_iri)
        if unit_iri:
            break
    chain: list[str] = [unit_iri, *tree.ancestors(unit_iri)] if unit_iri else []
    day = today or date.today()
    current, via = tree.current_unit(unit_iri, day) if unit_iri else (None, None)
    now = [current, *tree.ancestors(current)] if current else []
    parts = [u for u in tree.successors_on(unit_iri, day) if u != current] if unit_iri and current != unit_iri else []
    contributions = _contributions(store, labels, described)
    passages: dict[tuple[str, int | None], Evidence] = {}
    for r in queries.rows(store, "page_evidence", {"entity": iri(event)}):
        start = _int(r["start"].value if "start" in r else None)
        passages.setdefault((r["quote"].value, start), Evidence(
            r["evidence"].value, labels.ref(r["holder"].value), r["quote"].value, labels.ref(r["doc"].value) if "doc" in r else None,
            start, _int(r["end"].value if "end" in r else None)))
    evidence = tuple(sorted(passages.values(), key=lambda e: e.start if e.start is not None else -1))
    return EventProfile(
        event=described.entity, description=described,
        summary={k or "vi": v for k, v in described.text(SCHEMA + "description").items()}, types=tuple(described.refs(WU + "eventType")),
        start=described.first(SCHEMA + "startDate"), end=described.first(SCHEMA + "endDate"), location=tuple(locations),
        place_chain=tuple(labels.ref(u) for u in chain), today=tuple(labels.ref(u) for u in now if u not in chain[:1]),
        today_via=labels.ref(via) if via and current and via != unit_iri else None, today_parts=tuple(labels.ref(u) for u in parts),
        organizers=tuple(described.refs(SCHEMA + "organizer")), delegate_count=_int(described.first(WU + "delegateCount")),
        delegate_composition={k or "vi": v for k, v in described.text(WU + "delegateComposition").items()},
        attendees=tuple(described.refs(SCHEMA + "attendee")), contributions=contributions,
        models=tuple(sorted(described.refs(WU + "discussedModel"), key=lambda r: name_in(r))), super_event=tuple(described.refs(SCHEMA + "superEvent")),
        evidence=evidence, sources=sources_of(store, labels, [event]),
    )
