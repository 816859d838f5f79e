"""Successions between unit versions, read once per store version: who replaced whom, which successor is the
primary one, with what share, and which territorial change ended or began each version.

Roll-up follows primary successions only: an old commune → its primary new commune, an old province → its
new province. An old district was split between new communes, so it has successors but no primary one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from .. import queries
from ..namespaces import PROV, WU
from ..store import Store, rdf


def _values(store: Store, prop: str) -> dict[str, list[Any]]:
    """Subject → every value (term) of one property, in one flat query."""
    out: dict[str, list[Any]] = {}
    for subject, value in queries.run(store, "spread_pairs", {"p": rdf.NamedNode(prop)}):  # type: ignore[union-attr,misc]
        out.setdefault(subject.value, []).append(value)
    return out


def _text(term: Any | None) -> str | None:
    return term.value if term is not None else None


def local(iri: str) -> str:
    """The local name of an IRI (after '#' or the last '/')."""
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Successor:
    """One later version that received all or part of a unit: primary or not, with the share where known."""

    iri: str
    primary: bool
    share: str | None  # decimal text, e.g. "1" or "0.333333"
    basis: str | None  # local name of the share basis concept: WholeUnit, CommuneCount


@dataclass(frozen=True)
class Change:
    """The territorial change that ended or began a unit version."""

    iri: str
    kind: str  # local name of the change type concept: Fusion, Continuation, LevelAbolished...
    effective: str | None


def _order(successor: Successor) -> tuple[bool, float, str]:
    return (not successor.primary, -float(successor.share or 0), successor.iri)


class Successions:
    """Every succession and territorial change, indexed both ways."""

    def __init__(self, rows: Iterable[tuple[str, str, bool, str | None, str | None]],
                 changes: Iterable[tuple[str, str, str, str, str | None]], known: Callable[[str], bool]) -> None:
        self.successors: dict[str, list[Successor]] = {}
        self.predecessors: dict[str, list[str]] = {}
        self.primary: dict[str, str] = {}
        self.primary_predecessors: dict[str, list[str]] = {}
        for old, new, primary, share, basis in rows:
            if not (known(old) and known(new)):
                continue
            self.successors.setdefault(old, []).append(Successor(new, primary, share, local(basis) if basis else None))
            self.predecessors.setdefault(new, []).append(old)
            if primary:
                self.primary[old] = new
                self.primary_predecessors.setdefault(new, []).append(old)
        for found in self.successors.values():
            found.sort(key=_order)
        for found in (*self.predecessors.values(), *self.primary_predecessors.values()):
            found.sort()
        self.ended_by: dict[str, Change] = {}
        self.began_by: dict[str, Change] = {}
        for change, kind, unit, role, effective in changes:
            (self.ended_by if role == "used" else self.began_by)[unit] = Change(change, local(kind), effective)

    @classmethod
    def from_store(cls, store: Store, known: Callable[[str], bool]) -> "Successions":
        """Read with flat one-property queries joined here: 2–3 times faster than one query with OPTIONAL joins."""
        first = {p: {s: values[0] for s, values in _values(store, p).items()}
                 for p in (WU + "from", WU + "to", WU + "isPrimary", WU + "share", WU + "shareBasis", WU + "changeType",
                           WU + "effectiveDate")}
        origin, target, primary = first[WU + "from"], first[WU + "to"], first[WU + "isPrimary"]
        rows = [(origin[s].value, target[s].value, rdf.is_true(primary.get(s)), _text(first[WU + "share"].get(s)),
                 _text(first[WU + "shareBasis"].get(s))) for s in origin if s in target]
        kinds = first[WU + "changeType"]
        changes = [(change, kinds[change].value, unit.value, role, _text(first[WU + "effectiveDate"].get(change)))
                   for role, prop in (("used", PROV + "used"), ("generated", PROV + "generated"))
                   for change, units in _values(store, prop).items() if change in kinds for unit in units]
        return cls(rows, changes, known)

    def of(self, iri: str) -> list[Successor]:
        """The successors of a version, the primary one first, then by share."""
        return self.successors.get(iri, [])

    def primary_closure(self, iri: str) -> list[str]:
        """Every earlier version that rolls up to this one along primary successions, nearest first."""
        out: list[str] = []
        frontier = list(self.primary_predecessors.get(iri, []))
        while frontier:
            current = frontier.pop(0)
            if current not in out:
                out.append(current)
                frontier.extend(self.primary_predecessors.get(current, []))
        return out
