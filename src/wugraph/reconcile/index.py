"""The reconciliation index: every entity the service offers, by name key, with its types, level, validity and province.

Built once per store version from what the pages already hold in memory: the labels and the search
index (every name, folded), the unit tree (levels, validity, chapters, lineage) and the gazetteer
(province names of either era, GSO codes), plus one query for the offered types. Matching a
query is then dictionary lookups, with the search index's typo-tolerant candidates as a fallback.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher

from .. import queries
from ..pages.hierarchy import TreeNode, UnitTree
from ..pages.labels import Labels
from ..pages.search import SearchIndex
from ..reference.gazetteer import Gazetteer
from ..store import Store
from ..text import UNIT_TYPE_WORDS, expand_abbreviation, fold, name_key, nfc
from .batch import ProvinceValue
from .vocabulary import TYPES

CHAPTER_WORDS: tuple[str, ...] = ("hoi lien hiep phu nu", "hoi lhpn", "hlhpn", "hoi phu nu", "womens union of")
UNIT_WORDS: tuple[str, ...] = (*UNIT_TYPE_WORDS, "tp", "tx", "tt", "h")
PLACE_KINDS = frozenset({"unit", "chapter", "cluster"})
_CACHE_LIMIT = 4096
_UNKNOWN = object()
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")  # huyền, sắc, ngã, hỏi, nặng


def strip_chapter_words(folded: str) -> str:
    """A folded chapter name without its leading 'Hội LHPN' words ('hoi lhpn huyen dak glong' → 'huyen dak glong').

    A mistyped 'Hội …' ('hoi hpn xa binh minh') loses everything before its first unit word.
    """
    for words in CHAPTER_WORDS:
        if folded.startswith(words + " "):
            return folded[len(words) + 1:]
    if folded.startswith("hoi "):
        padded = folded + " "
        cuts = [padded.find(f" {word} ", 3) for word in UNIT_WORDS]
        found = [c for c in cuts if c > 0]
        if found:
            return folded[min(found) + 1:]
    return folded


def place_key(folded: str) -> str:
    """Key of a unit or chapter name: chapter words, unit type word or abbreviation, and spaces gone."""
    return name_key(strip_chapter_words(folded))


def plain_key(folded: str) -> str:
    """Key of any other name (a person, a model): folded, spaces gone; type words stay (Quan is also a family name)."""
    return folded.replace(" ", "")


def core_words(folded: str) -> str:
    """The proper-name words of a folded name, spaced: what typo-tolerant search should look for."""
    text = expand_abbreviation(strip_chapter_words(folded))
    key = name_key(text)
    words = text.split(" ")
    for start in range(len(words)):
        if "".join(words[start:]) == key:
            return " ".join(words[start:])
    return text


def toned(text: str) -> str:
    """A name with its diacritics, lower-cased, tone marks put after each word: 'Hoà' and 'Hòa' (old and new
    tone placement) agree, 'Hòa' and 'Hóa' do not."""
    words = []
    for word in nfc(text).lower().split():
        decomposed = unicodedata.normalize("NFD", word)
        tones = "".join(sorted(c for c in decomposed if c in _TONE_MARKS))
        words.append(unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS)) + tones)
    return " ".join(words)


def similarity(a: str, b: str) -> float:
    """0..1 likeness of two keys (difflib's ratio)."""
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


@dataclass(frozen=True)
class Facts:
    """What the service says about one entity: enough to describe, filter, preview and extend it."""

    iri: str
    kind: str
    types: tuple[str, ...]
    level: str | None
    code: str | None
    start: str | None
    end: str | None
    province: str | None  # a unit's province unit; a chapter's province chapter
    unit: str | None  # a chapter's unit
    chapter: str | None  # a unit's chapter
    successors: tuple[str, ...]


class ReconcileIndex:
    """Name keys → entities, and each entity's types and place in the unit tree."""

    def __init__(self, labels: Labels, search: SearchIndex, tree: UnitTree, gazetteer: Gazetteer,
                 types: dict[str, frozenset[str]]) -> None:
        self.labels, self.search, self.tree, self.gazetteer, self.types = labels, search, tree, gazetteer, types
        self.position: dict[str, int] = {iri: i for i, iri in enumerate(search.entities)}
        self.keys: dict[str, list[int]] = {}
        self.entity_keys: list[tuple[str, ...]] = []  # by search-index position: the distinct keys of its names
        for i, iri in enumerate(search.entities):
            own: list[str] = []
            if iri in types:
                keyed = place_key if search.kinds[i] in PLACE_KINDS else plain_key
                for folded, _ in search.folded_labels[i]:
                    key = keyed(folded)
                    if key and key not in own:
                        own.append(key)
                        self.keys.setdefault(key, []).append(i)
            self.entity_keys.append(tuple(own))
        self._province_of: dict[str, str | None] = {}
        self._provinces_named: dict[ProvinceValue, tuple[frozenset[str], frozenset[str]]] = {}

    @classmethod
    def build(cls, store: Store, labels: Labels, search: SearchIndex, tree: UnitTree, gazetteer: Gazetteer) -> "ReconcileIndex":
        """The index of a store version; an entity has an offered type when its class is that type or below it."""
        supers: dict[str, set[str]] = {}
        for row in queries.rows(store, "reconcile_subclasses"):
            supers.setdefault(row["class"].value, set()).add(row["super"].value)
        offered: dict[str, set[str]] = {t: {t} for t in TYPES}  # class → the offered types it falls under
        for start in supers:
            seen, frontier = {start}, [start]
            while frontier:
                for parent in supers.get(frontier.pop(), ()):
                    if parent not in seen:
                        seen.add(parent)
                        frontier.append(parent)
            under = seen & set(TYPES)
            if under:
                offered.setdefault(start, set()).update(under)
        found: dict[str, set[str]] = {}
        for row in queries.result_rows(store, queries.bind_iris(queries.text("reconcile_types"), "class", offered)):
            found.setdefault(row["s"].value, set()).update(offered[row["class"].value])
        return cls(labels, search, tree, gazetteer, {iri: frozenset(t) for iri, t in found.items()})

    # --- one entity ----------------------------------------------------------------------------

    def node(self, iri: str) -> TreeNode | None:
        """The unit-tree node of a unit or chapter (a chapter answers with its unit's; a branch with its own)."""
        return self.tree.get(iri)

    def level(self, iri: str) -> str | None:
        node = self.tree.get(iri)
        return node.level if node is not None else None

    def valid_on(self, iri: str, day: date) -> bool:
        """Whether a unit or chapter version was in force on a day (other entities have no validity: always)."""
        node = self.tree.get(iri)
        return node is None or node.valid_on(day)

    def province_of(self, iri: str) -> str | None:
        """The province unit a unit or chapter lies in (a province is its own)."""
        known = self._province_of.get(iri, _UNKNOWN)  # one lookup: another thread may clear the memo meanwhile
        if known is not _UNKNOWN:
            return known  # type: ignore[return-value]
        node = self.tree.get(iri)
        found = None
        if node is not None:
            chain = [node.iri, *self.tree.ancestors(node.iri)]
            found = next((u for u in chain if self.tree.nodes[u].level == "Province"), None)
        if len(self._province_of) > 8 * _CACHE_LIMIT:
            self._province_of.clear()
        self._province_of[iri] = found
        return found

    def facts(self, iri: str) -> Facts | None:
        """Everything the service says about an entity it offers, or None."""
        if iri not in self.types:
            return None
        position = self.position.get(iri)
        kind = self.search.kinds[position] if position is not None else "entity"
        node = self.tree.get(iri)
        if node is None:
            return Facts(iri, kind, tuple(sorted(self.types[iri])), None, None, None, None, None, None, None, ())
        is_chapter = node.iri != iri or node.level == "Branch"
        unit = node.iri if is_chapter and node.level != "Branch" else None
        province = self.province_of(iri)
        successors = tuple(self.tree.successors.get(node.iri, []))
        if is_chapter:
            province = self.tree.nodes[province].chapter if province else None
            successors = tuple(c for c in (self.tree.nodes[s].chapter for s in successors) if c)
        if province == iri:
            province = None  # a province does not lie in a province
        return Facts(iri, kind, tuple(sorted(self.types[iri])), node.level, node.code or None, node.start, node.end,
                     province, unit, None if is_chapter or node.chapter == iri else node.chapter, successors)

    # --- provinces a query names -------------------------------------------------------------

    def provinces_named(self, value: ProvinceValue) -> tuple[frozenset[str], frozenset[str]]:
        """(province units the value names in either era, units linked to them by the 2025 lineage)."""
        cached = self._provinces_named.get(value)
        if cached is not None:
            return cached
        direct: set[str] = set()
        if value.iri is not None:
            province = self.province_of(value.iri)
            if province:
                direct.add(province)
        elif value.name is not None:
            direct = {r.iri for r in self.gazetteer.lookup(value.name, level="Province")} or self._near_provinces(value.name)
        linked = {other for p in direct for other in (*self.tree.successors.get(p, []), *self.tree.predecessors.get(p, []))}
        answer = (frozenset(direct), frozenset(linked - direct))
        if len(self._provinces_named) > _CACHE_LIMIT:
            self._provinces_named.clear()
        self._provinces_named[value] = answer
        return answer

    def _near_provinces(self, name: str) -> set[str]:
        """Provinces whose name is a near spelling of `name` (a typo in the spreadsheet), best first and close enough."""
        folded = fold(name)
        key = place_key(folded)
        scored: list[tuple[float, str]] = []
        for entity in self.search.candidates(core_words(folded) or folded):
            iri = self.search.entities[entity]
            if self.search.kinds[entity] == "unit" and self.level(iri) == "Province":
                best = max(similarity(key, place_key(f)) for f, _ in self.search.folded_labels[entity])
                scored.append((best, iri))
        if not scored:
            return set()
        top = max(s for s, _ in scored)
        return {iri for s, iri in scored if s >= 0.8 and s == top}
