"""The union's tree as of a day: provinces → districts → communes (→ branches), with lineage and roll-up.

Built once per store version from a few flat queries; every question after that (children on a
day, successors, predecessors, today's unit for an old one, the events and adoptions under a unit
including those of the units it replaced) is answered from memory.
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
from .unit_lineage import Successions, local

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
class SuccessorRef:
    """A successor as pages show it: the unit, whether it is the primary one, and the share passed on."""

    unit: Ref
    primary: bool
    share: str | None
    basis: str | None


@dataclass(frozen=True)
class TreeItem:
    """A row of the hierarchy page: a unit with its chapter, lineage, children that day and the facts under it."""

    unit: Ref
    chapter: Ref | None
    level: str
    code: str
    start: str | None
    end: str | None
    children: int
    successors: tuple[SuccessorRef, ...]
    predecessors: tuple[Ref, ...]
    ended_by: str | None
    began_by: str | None
    is_open: bool
    facts: int = 0  # events and adoptions here, below, and (for a unit of the day) at the units it replaced
    facts_rolled_up: int = 0  # of which recorded at the units it replaced
    via: Ref | None = None  # a branch shown under today's unit although it hangs under a unit this one replaced


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
             "; ".join(name(s.unit) for s in item.successors if s.primary),
             "; ".join(name(s.unit) + (f" ({s.share})" if s.share else "") for s in item.successors),
             "; ".join(name(p) for p in item.predecessors), item.facts, item.facts_rolled_up, item.unit.iri)
            for depth, level in enumerate(self.levels) for item in level.items
        )
        return {"units": Table("units", ("depth", "name", "level", "code", "start", "end", "parent", "primary_successor", "successors",
                                         "predecessors", "facts", "facts_rolled_up", "iri"), rows)}


class UnitTree:
    """Every unit version with parent, chapter, validity and lineage, indexed for the pages."""

    def __init__(self, nodes: list[TreeNode], lineage: Successions | None, labels: Labels,
                 facts: Iterable[tuple[str, str, str, str | None]] = ()) -> None:
        self.labels = labels
        self.nodes: dict[str, TreeNode] = {n.iri: n for n in nodes}
        self.unit_of_chapter: dict[str, str] = {n.chapter: n.iri for n in nodes if n.chapter}
        self.lineage = lineage if lineage is not None else Successions((), (), self.nodes.__contains__)
        self.successors = {old: [s.iri for s in found] for old, found in self.lineage.successors.items()}
        self.predecessors = self.lineage.predecessors
        self.ended_by, self.began_by = self.lineage.ended_by, self.lineage.began_by
        self.facts_at: dict[str, set[str]] = {}
        for fact, _kind, anchor, inside in facts:
            node = self.get(anchor) or (self.get(inside) if inside else None)
            if node is not None:
                self.facts_at.setdefault(node.iri, set()).add(fact)
        self._facts_below: dict[str, frozenset[str]] = {}
        self._facts_in: dict[str, frozenset[str]] = {}
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
            TreeNode(iri, local(f[WU + "unitLevel"]), f.get(SKOS + "notation", ""), f.get(SCHEMA + "startDate"),
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
        known = {n.iri for n in nodes}
        facts = [(r["fact"].value, r["kind"].value, r["anchor"].value, r["inside"].value if "inside" in r else None)
                 for r in queries.rows(store, "page_fact_anchors")]
        return cls(nodes, Successions.from_store(store, known.__contains__), labels, facts)

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

    def carried_branches(self, iri: str, day: date) -> list[tuple[str, str]]:
        """Branches valid on `day` that hang under a unit this one replaced (primary successions): (branch, that unit)."""
        node = self.nodes.get(iri)
        if node is None or node.level == "Branch" or not node.valid_on(day):
            return []
        return [(c, old) for old in self.lineage.primary_closure(iri) for c in self.children.get(old, [])
                if self.nodes[c].level == "Branch" and self.nodes[c].valid_on(day)]

    def descendants(self, iri: str) -> list[str]:
        """Every node below one node, whatever the day (its own era only)."""
        out: list[str] = []
        stack = list(self.children.get(iri, []))
        while stack:
            current = stack.pop()
            out.append(current)
            stack.extend(self.children.get(current, []))
        return out

    def rolled_up(self, iri: str) -> list[str]:
        """The earlier versions whose facts count for this one: those that roll up to it along primary successions."""
        return self.lineage.primary_closure(iri)

    def successors_on(self, iri: str, day: date) -> list[str]:
        """The versions valid on `day` that received any part of an older version (itself when still valid)."""
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

    def current_unit(self, iri: str, day: date) -> tuple[str | None, str | None]:
        """The version valid on `day` that a unit rolls up to along primary successions, and where the walk began.

        The walk begins at the unit itself, or at the nearest ancestor that has a primary successor: an old
        district, split between new communes, rolls up to its new province through its old province.
        """
        for candidate in [iri, *self.ancestors(iri)]:
            current: str | None = candidate
            for _ in range(10):
                node = self.nodes.get(current) if current is not None else None
                if node is None:
                    break
                if node.valid_on(day):
                    return current, candidate
                current = self.lineage.primary.get(node.iri)
        return None, None

    # --- facts under a unit --------------------------------------------------------------------

    def facts_in(self, iri: str) -> frozenset[str]:
        """Events (by place) and adoptions (by chapter) at a node and below it, whatever the day."""
        if not self.facts_at:
            return frozenset()
        found = self._facts_in.get(iri)
        if found is None:
            parts = [self.facts_at.get(iri, set()), *(self.facts_in(c) for c in self.children.get(iri, []))]
            found = self._facts_in[iri] = frozenset().union(*parts)
        return found

    def facts_below(self, iri: str) -> frozenset[str]:
        """`facts_in` plus the facts of every unit this one replaced along primary successions, and of their sub-units."""
        if not self.facts_at:
            return frozenset()
        found = self._facts_below.get(iri)
        if found is None:
            parts = [self.facts_at.get(iri, set()), *(self.facts_below(c) for c in self.children.get(iri, [])),
                     *(self.facts_below(old) for old in self.lineage.primary_predecessors.get(iri, []))]
            found = self._facts_below[iri] = frozenset().union(*parts)
        return found

    # --- the hierarchy page -------------------------------------------------------------------

    def successor_refs(self, iri: str) -> tuple[SuccessorRef, ...]:
        return tuple(SuccessorRef(self.labels.ref(s.iri), s.primary, s.share, s.basis) for s in self.lineage.of(iri))

    def item(self, iri: str, day: date, is_open: bool = False, via: str | None = None) -> TreeItem:
        node = self.nodes[iri]
        labels = self.labels
        chapter = labels.ref(node.chapter) if node.chapter and node.chapter != iri else None
        ended, began = self.ended_by.get(iri), self.began_by.get(iri)
        below = self.facts_below(iri) if node.valid_on(day) else self.facts_in(iri)
        return TreeItem(
            unit=labels.ref(iri), chapter=chapter, level=node.level, code=node.code, start=node.start, end=node.end,
            children=len(self.children_on(iri, day)) + len(self.carried_branches(iri, day)),
            successors=self.successor_refs(iri),
            predecessors=tuple(labels.ref(p) for p in self.predecessors.get(iri, [])),
            ended_by=ended.kind if ended else None, began_by=began.kind if began else None, is_open=is_open,
            facts=len(below), facts_rolled_up=len(below - self.facts_in(iri)), via=labels.ref(via) if via else None,
        )

    def items_under(self, parent: str, day: date, chain: list[str]) -> tuple[TreeItem, ...]:
        """The children of a node on `day`, then the branches it carries over from the units it replaced."""
        own = [self.item(c, day, c in chain) for c in self.children_on(parent, day)]
        return tuple(own + [self.item(c, day, c in chain, via=old) for c, old in self.carried_branches(parent, day)])

    def view(self, day: date, open_iri: str | None, union_iri: str) -> HierarchyView:
        """Provinces valid on `day`, then the children of each opened node down to `open_iri`."""
        chain: list[str] = []
        target = self.get(open_iri) if open_iri else None
        if target is not None:
            for iri in [*reversed(self.ancestors(target.iri)), target.iri]:
                if not self.nodes[iri].valid_on(day):
                    break
                chain.append(iri)
            if target.level == "Branch" and not chain:  # a branch carried over from a unit today's one replaced
                current, _ = self.current_unit(target.parent or "", day)
                if current is not None and target.valid_on(day):
                    chain = [*reversed(self.ancestors(current)), current, target.iri]
        union = self.labels.ref(union_iri)
        levels = [TreeLevel(union, tuple(self.item(c, day, c in chain) for c in self.children_on(None, day)))]
        for opened in chain:
            levels.append(TreeLevel(self.labels.ref(opened), self.items_under(opened, day, chain)))
        return HierarchyView(day.isoformat(), union, tuple(self.labels.ref(i) for i in chain), tuple(levels))

