""""Which unit is my old commune in now?": find units by name, GSO code or IRI, and say where each went.

For every matching unit version: where it lay then, the unit of the chosen day it rolls up to along primary
successions (with that unit's province), every unit of that day that received a part of it (a divided
commune, a district split between communes), and the steps in between (a commune merged before the reform
goes through the commune it joined).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ..errors import UsageError
from ..tables import Table
from .hierarchy import SuccessorRef, UnitTree
from .labels import Ref
from .search import SearchIndex

MAX_MATCHES = 20
_LEVELS = {"Province": 0, "District": 1, "Commune": 2}
_CODE = re.compile(r"[0-9]{1,5}")


@dataclass(frozen=True)
class LookupMatch:
    """One unit version that matched, and where it is on the chosen day."""

    unit: Ref
    level: str
    code: str
    era: str
    start: str | None
    end: str | None
    parents: tuple[Ref, ...]
    today: Ref | None  # the unit it rolls up to (itself when still in force)
    today_parents: tuple[Ref, ...]
    today_via: Ref | None  # the ancestor the roll-up went through (an old district goes through its province)
    steps: tuple[Ref, ...]  # the primary successions walked, from the unit to `today`
    successors: tuple[SuccessorRef, ...]  # its own successions: every unit that received part of it
    parts_today: tuple[Ref, ...]  # every unit of the day that received part of it (following every succession)


@dataclass(frozen=True)
class LookupResult:
    """The question as asked, the day it is answered for, and the matches (old versions first)."""

    query: str
    day: str
    matches: tuple[LookupMatch, ...]

    def tables(self, lang: str = "vi") -> dict[str, Table]:
        def name(ref: Ref | None) -> str:
            return "" if ref is None else ref.labels.get(lang) or ref.labels.get("vi") or ref.iri

        rows = tuple((name(m.unit), m.level, m.code, m.era, ", ".join(name(p) for p in m.parents), name(m.today),
                      ", ".join(name(p) for p in m.today_parents), "; ".join(name(p) for p in m.parts_today),
                      m.unit.iri, m.today.iri if m.today else "") for m in self.matches)
        return {"matches": Table("matches", ("name", "level", "code", "era", "parent", "today", "today_parent", "parts_today",
                                             "iri", "today_iri"), rows)}


def _candidates(tree: UnitTree, search: SearchIndex, query: str) -> list[str]:
    """Unit versions named by an IRI, by a GSO code (with or without its zeros), or by a name."""
    if "://" in query:
        node = tree.get(query)
        return [node.iri] if node is not None and node.level != "Branch" else []
    if _CODE.fullmatch(query):
        wanted = query.lstrip("0") or "0"
        return [iri for iri, node in tree.nodes.items() if node.code and (node.code.lstrip("0") or "0") == wanted]
    found = search.search(query, MAX_MATCHES * 2, kinds=["unit"])
    return [hit.ref.iri for group in found.groups for hit in group.hits if hit.ref.iri in tree.nodes]


def _era(iri: str, base: str) -> str:
    """'pre2025' or '2025', from the unit's IRI (B unit/{era}/{level}/{code})."""
    parts = iri[len(base):].split("/") if iri.startswith(base) else []
    return parts[1] if len(parts) > 2 else ""


def _steps(tree: UnitTree, start: str, end: str | None) -> list[str]:
    """The primary successions from `start` to `end` (empty when the unit is itself in force)."""
    out, current = [start], start
    while end is not None and current != end and len(out) < 10:
        following = tree.lineage.primary.get(current)
        if following is None:
            break
        out.append(following)
        current = following
    return out if len(out) > 1 and out[-1] == end else []


def lookup(tree: UnitTree, search: SearchIndex, query: str, day: date | None = None) -> LookupResult:
    """Answer the question for every unit version the query names (by code: old versions first; by name: best first)."""
    query = query.strip()[:200]
    if not query:
        raise UsageError("Hãy nhập tên, mã GSO hoặc IRI của đơn vị (tham số unit).",
                         "Give the name, GSO code or IRI of a unit (the unit parameter).")
    day = day or date.today()
    labels = tree.labels
    matches: list[LookupMatch] = []
    for iri in _candidates(tree, search, query):
        node = tree.nodes[iri]
        current, via = tree.current_unit(iri, day)
        parts = [u for u in tree.successors_on(iri, day) if u != current] if not node.valid_on(day) else []
        era = _era(iri, labels.base)
        matches.append(LookupMatch(
            labels.ref(iri), node.level, node.code, era, node.start, node.end, tuple(labels.ref(a) for a in tree.ancestors(iri)),
            labels.ref(current) if current else None, tuple(labels.ref(a) for a in tree.ancestors(current)) if current else (),
            labels.ref(via) if via and via != iri else None, tuple(labels.ref(s) for s in _steps(tree, via or iri, current)),
            tree.successor_refs(iri), tuple(labels.ref(u) for u in parts)))
    if _CODE.fullmatch(query) or "://" in query:  # names come in the search's order (best match first)
        matches.sort(key=lambda m: (m.era != "pre2025", _LEVELS.get(m.level, 3), m.code))
    return LookupResult(query, day.isoformat(), tuple(matches[:MAX_MATCHES]))
