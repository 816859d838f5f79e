"""The union's tree as of a day: provinces → districts → communes (→ branches), with lineage.

Built once per store version from a few flat queries; every question after that (children on a
day, successors, predecessors, today's unit for an old one) is answered from memory.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from .. import queries
from ..namespaces import SCHEMA, SKOS, WU
from ..store import Store
from ..tables import Table
from ..text import name_key
from .labels import Labels, Ref, solutions

LEVEL_ORDER = {"Province": 0, "District": 1, "Commune": 2, "Branch": 3}


@dataclass(frozen=True)
class TreeNode:
    """One unit version (or a branch chapter that has no unit of its own)."""

    iri: str
    level: str  # "Province" | "District" | "Commune" | "Branch"
    code: str
    start: str | None
    end: str | None
    parent: str | None
    chapter: str | None

    def valid_on(self, day: date) -> bool:
        iso = day.isoformat()
        return (self.start is None or self.start <= iso) and (self.end is None or iso <= self.end)


@dataclass(frozen=True)
class Change:
    """The territorial change that ended or began a unit version."""

    iri: str
    kind: str  # local name of the change type concept: Fusion, Continuation, LevelAbolished...
    effective: str | None


@dataclass(frozen=True)
class TreeItem:
    """A row of the hierarchy page: a unit with its chapter, lineage and number of children that day."""

    unit: Ref
    chapter: Ref | None
    level: str
    code: str
    start: str | None
    end: str | None
    children: int
    successors: tuple[Ref, ...]
    predecessors: tuple[Ref, ...]
    ended_by: str | None
    began_by: str | None
    is_open: bool


@dataclass(frozen=True)
class TreeLevel:
    """The children of one node on the day (the national union's children are the provinces)."""

    parent: Ref
    items: tuple[TreeItem, ...]


@dataclass(frozen=True)
class HierarchyView:
    """What the hierarchy page shows: the levels along the opened path, for one day."""

    day: str
    union: Ref
    path: tuple[Ref, ...]
    levels: tuple[TreeLevel, ...]

    def tables(self, lang: str = "vi") -> dict[str, Table]:
        """Every listed unit, one row each, with its parent and lineage (for CSV export)."""
        def name(ref: Ref) -> str:
            return ref.labels.get(lang) or ref.labels.get("vi") or ref.iri

        rows = tuple(
            (depth, name(item.unit), item.level, item.code, item.start, item.end, name(level.parent),
             "; ".join(name(s) for s in item.successors), "; ".join(name(p) for p in item.predecessors), item.unit.iri)
            for depth, level in enumerate(self.levels) for item in level.items
        )
        return {"units": Table("units", ("depth", "name", "level", "code", "start", "end", "parent", "successors", "predecessors", "iri"), rows)}


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


class UnitTree:
    """Every unit version with parent, chapter, validity and lineage, indexed for the pages."""

    def __init__(self, nodes: list[TreeNode], successions: Iterable[tuple[str, str]],
                 changes: Iterable[tuple[str, str, str, str, str | None]], labels: Labels) -> None:
        self.labels = labels
        self.nodes: dict[str, TreeNode] = {n.iri: n for n in nodes}
        self.unit_of_chapter: dict[str, str] = {n.chapter: n.iri for n in nodes if n.chapter}
        self.successors: dict[str, list[str]] = {}
        self.predecessors: dict[str, list[str]] = {}
        for old, new in successions:
            if old in self.nodes and new in self.nodes:
                self.successors.setdefault(old, []).append(new)
                self.predecessors.setdefault(new, []).append(old)
        self.ended_by: dict[str, Change] = {}
        self.began_by: dict[str, Change] = {}
        for change, kind, unit, role, effective in changes:
            target = self.ended_by if role == "used" else self.began_by
            target[unit] = Change(change, _local(kind), effective)
        self.children: dict[str | None, list[str]] = {}
        for node in nodes:
            self.children.setdefault(node.parent, []).append(node.iri)
        for kids in self.children.values():
            kids.sort(key=self._sort_key)

    def _sort_key(self, iri: str) -> tuple[int, str, str]:
        node = self.nodes[iri]
        return (LEVEL_ORDER.get(node.level, 9), name_key(self.labels.of(iri).get("vi", "")), node.code)

    @classmethod
    def from_store(cls, store: Store, labels: Labels) -> "UnitTree":
        facts: dict[str, dict[str, str]] = {}
        chapter_of: dict[str, str] = {}
        for s, p, o in solutions(store, "page_unit_tree"):
            subject, prop, value = s.value, p.value, o.value  # type: ignore[union-attr]
            if prop == WU + "forUnit":
                if value not in chapter_of or subject < chapter_of[value]:  # the same answer whatever the row order
                    chapter_of[value] = subject
            else:
                facts.setdefault(subject, {})[prop] = value
        nodes = [
            TreeNode(iri, _local(f[WU + "unitLevel"]), f.get(SKOS + "notation", ""), f.get(SCHEMA + "startDate"),
                     f.get(SCHEMA + "endDate"), f.get(SCHEMA + "containedInPlace"), chapter_of.get(iri))
            for iri, f in facts.items() if WU + "unitLevel" in f
        ]
        unit_of_chapter = {c: u for u, c in chapter_of.items()}
        branches = queries.rows(store, "page_branch_chapters")
        branch_iris = {row["chapter"].value for row in branches}
        for row in branches:
            parent = row["parent"].value
            parent_key = unit_of_chapter.get(parent) or (parent if parent in branch_iris else None)
            if parent_key is None:
                continue
            iri = row["chapter"].value
            nodes.append(TreeNode(iri, "Branch", "", row["start"].value if "start" in row else None,
                                  row["end"].value if "end" in row else None, parent_key, iri))
        successions = [(r["old"].value, r["new"].value) for r in queries.rows(store, "page_unit_replacements")]
        changes = [(r["change"].value, r["type"].value, r["unit"].value, r["role"].value,
                    r["effective"].value if "effective" in r else None) for r in queries.rows(store, "page_unit_changes")]
        return cls(nodes, successions, changes, labels)

    # --- questions -------------------------------------------------------------------------

    def get(self, iri: str) -> TreeNode | None:
        """A unit version by its IRI or by its chapter's IRI."""
        return self.nodes.get(iri) or self.nodes.get(self.unit_of_chapter.get(iri, ""))

    def ancestors(self, iri: str) -> list[str]:
        """Parent, grandparent, … of a node (same era), nearest first."""
        out: list[str] = []
        node = self.nodes.get(iri)
        while node is not None and node.parent and node.parent not in out:
            out.append(node.parent)
            node = self.nodes.get(node.parent)
        return out

    def where(self, iri: str) -> tuple[Ref, ...]:
        """The units above a unit or chapter, nearest first (search results name them to tell homonyms apart)."""
        node = self.get(iri)
        return tuple(self.labels.ref(a) for a in self.ancestors(node.iri)) if node is not None else ()

    def children_on(self, parent: str | None, day: date) -> list[str]:
        return [c for c in self.children.get(parent, []) if self.nodes[c].valid_on(day)]

    def descendants(self, iri: str) -> list[str]:
        """Every node below one node, whatever the day (its own era only)."""
        out: list[str] = []
        stack = list(self.children.get(iri, []))
        while stack:
            current = stack.pop()
            out.append(current)
            stack.extend(self.children.get(current, []))
        return out

    def predecessor_closure(self, iri: str) -> list[str]:
        """Every earlier version this one descends from, nearest first."""
        out: list[str] = []
        frontier = list(self.predecessors.get(iri, []))
        while frontier:
            current = frontier.pop(0)
            if current not in out:
                out.append(current)
                frontier.extend(self.predecessors.get(current, []))
        return out

    def successors_on(self, iri: str, day: date) -> list[str]:
        """The versions valid on `day` that an older version turned into (itself when still valid)."""
        node = self.nodes.get(iri)
        if node is None:
            return []
        if node.valid_on(day):
            return [iri]
        out: list[str] = []
        for successor in self.successors.get(iri, []):
            for found in self.successors_on(successor, day):
                if found not in out:
                    out.append(found)
        return out

    def current_units(self, iri: str, day: date) -> tuple[list[str], str | None]:
        """Today's units for a unit version, and the ancestor the mapping went through.

        An abolished district has no successor of its own, so the walk climbs to its province
        and follows dcterms:isReplacedBy from there.
        """
        for candidate in [iri, *self.ancestors(iri)]:
            found = self.successors_on(candidate, day)
            if found:
                return found, candidate
        return [], None

    # --- the hierarchy page -------------------------------------------------------------------

    def item(self, iri: str, day: date, is_open: bool = False) -> TreeItem:
        node = self.nodes[iri]
        labels = self.labels
        chapter = labels.ref(node.chapter) if node.chapter and node.chapter != iri else None
        ended, began = self.ended_by.get(iri), self.began_by.get(iri)
        return TreeItem(
            unit=labels.ref(iri), chapter=chapter, level=node.level, code=node.code, start=node.start, end=node.end,
            children=len(self.children_on(iri, day)),
            successors=tuple(labels.ref(s) for s in self.successors.get(iri, [])),
            predecessors=tuple(labels.ref(p) for p in self.predecessors.get(iri, [])),
            ended_by=ended.kind if ended else None, began_by=began.kind if began else None, is_open=is_open,
        )

    def view(self, day: date, open_iri: str | None, union_iri: str) -> HierarchyView:
        """Provinces valid on `day`, then the children of each opened node down to `open_iri`."""
        chain: list[str] = []
        target = self.get(open_iri) if open_iri else None
        if target is not None:
            for iri in [*reversed(self.ancestors(target.iri)), target.iri]:
                if not self.nodes[iri].valid_on(day):
                    break
                chain.append(iri)
        union = self.labels.ref(union_iri)
        levels = [TreeLevel(union, tuple(self.item(c, day, c in chain) for c in self.children_on(None, day)))]
        for opened in chain:
            kids = self.children_on(opened, day)
            levels.append(TreeLevel(self.labels.ref(opened), tuple(self.item(c, day, c in chain) for c in kids)))
        return HierarchyView(day.isoformat(), union, tuple(self.labels.ref(i) for i in chain), tuple(levels))

