"""Label search that forgives: no diacritics, prefixes while typing, and small typos.

"Đắk G'long", "dak glong", "Đăk Glong" and "dakglong" all find Huyện Đăk Glong. The index is
built in memory from the one label query (skos:prefLabel/altLabel/hiddenLabel, schema:name)
and kept per store version; a search never runs SPARQL, let alone REGEX over the store.
Typos are found with a deletion index (SymSpell style) and checked by edit distance.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..tables import Table
from ..text import fold
from .labels import SEARCHABLE, Labels, Ref, kind_of

# Order of the result groups; kinds not listed come last.
KIND_ORDER: tuple[str, ...] = ("unit", "chapter", "event", "person", "model", "org", "cluster", "doc", "union", "place")
INDEXED_KINDS: frozenset[str] = frozenset(KIND_ORDER)
EXACT, PREFIX, FUZZY = 3, 2, 1
MAX_PREFIX_EXPANSION = 3000
RANKED_PER_GROUP = 400  # only this many best-matching candidates per group get the finer label bonus


@dataclass(frozen=True)
class Hit:
    """One entity found: its reference, the label that matched best, a score and where it is."""

    ref: Ref
    matched: str
    score: int
    context: tuple[Ref, ...]


@dataclass(frozen=True)
class HitGroup:
    kind: str
    total: int
    hits: tuple[Hit, ...]


@dataclass(frozen=True)
class SearchResult:
    query: str
    folded: str
    total: int
    groups: tuple[HitGroup, ...]

    def tables(self, lang: str = "vi") -> dict[str, Table]:
        """The hits shown, one row each (for CSV export)."""
        def name(ref: Ref) -> str:
            return ref.labels.get(lang) or ref.labels.get("vi") or ref.iri

        rows = tuple((group.kind, name(hit.ref), hit.matched, ", ".join(name(c) for c in hit.context), hit.score, hit.ref.iri)
                     for group in self.groups for hit in group.hits)
        return {"results": Table("results", ("kind", "name", "matched", "where", "score", "iri"), rows)}


def osa_distance(a: str, b: str, limit: int) -> int:
    """Edit distance with adjacent transpositions; stops early once it exceeds `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def _deletes(token: str, depth: int) -> set[str]:
    """Every string obtained by deleting up to `depth` characters."""
    found = {token}
    frontier = {token}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1:] for w in frontier for i in range(len(w))}
        found |= frontier
    return found


def allowed_typos(token: str) -> int:
    """0 for short words (too many neighbours), 1 from 4 letters, 2 from 8."""
    return 0 if len(token) < 4 else 1 if len(token) < 8 else 2


class SearchIndex:
    """Folded tokens → entities, a sorted vocabulary for prefixes and a deletion map for typos."""

    def __init__(self, labels: Labels) -> None:
        self.labels = labels
        self.entities: list[str] = []
        self.kinds: list[str] = []
        self.folded_labels: list[list[tuple[str, str]]] = []  # per entity: (folded, original)
        self.tokens: dict[str, set[int]] = {}
        words_seen: set[str] = set()
        position: dict[str, int] = {}
        folded_cache: dict[str, str] = {}
        for row in labels.rows:
            if row.prop not in SEARCHABLE:
                continue
            kind = kind_of(row.iri, labels.base)
            if kind not in INDEXED_KINDS:
                continue
            folded = folded_cache.get(row.text)
            if folded is None:
                folded = folded_cache[row.text] = fold(row.text)
            if not folded:
                continue
            index = position.get(row.iri)
            if index is None:
                index = position[row.iri] = len(self.entities)
                self.entities.append(row.iri)
                self.kinds.append(kind)
                self.folded_labels.append([])
            known = self.folded_labels[index]
            if any(f == folded for f, _ in known):
                continue
            known.append((folded, row.text))
            words = folded.split(" ")
            words_seen.update(words)
            # Each word, and each run of words to the end without spaces ("huyenuydakglong", "dakglong"),
            # so "dakglong" finds "Huyện ủy Đắk G'long" as well as "Đăk Glong".
            runs = ["".join(words[i:]) for i in range(len(words) - 1)]
            for word in [*words, *runs]:
                self.tokens.setdefault(word, set()).add(index)
        self.vocabulary = sorted(self.tokens)
        self.deletion_map: dict[str, set[str]] = {}
        for token in words_seen:
            if 4 <= len(token) <= 16:
                for variant in _deletes(token, 1):
                    self.deletion_map.setdefault(variant, set()).add(token)

    # --- matching one token ------------------------------------------------------------------

    def _prefixed(self, token: str) -> list[str]:
        start = bisect_left(self.vocabulary, token)
        out: list[str] = []
        for word in self.vocabulary[start:start + MAX_PREFIX_EXPANSION]:
            if not word.startswith(token):
                break
            out.append(word)
        return out

    def _near(self, token: str) -> list[str]:
        limit = allowed_typos(token)
        if limit == 0:
            return []
        candidates: set[str] = set()
        for variant in _deletes(token, limit):
            if variant in self.tokens:
                candidates.add(variant)
            candidates |= self.deletion_map.get(variant, set())
        return [c for c in candidates if c != token and osa_distance(token, c, limit) <= limit]

    def match_token(self, token: str, allow_prefix: bool) -> dict[int, int]:
        """Entity index → best match quality for one query token."""
        found: dict[int, int] = {}
        if allow_prefix and len(token) >= 2:
            for word in self._prefixed(token):
                for entity in self.tokens[word]:
                    found[entity] = max(found.get(entity, 0), EXACT if word == token else PREFIX)
        for entity in self.tokens.get(token, ()):
            found[entity] = EXACT
        for word in self._near(token):
            for entity in self.tokens[word]:
                found.setdefault(entity, FUZZY)
        return found

    # --- a whole query -------------------------------------------------------------------------

    def candidates(self, folded: str) -> dict[int, int]:
        """Entities matching every word (the last may be a prefix), or the words run together."""
        words = folded.split(" ")
        combined: dict[int, int] | None = None
        for position, word in enumerate(words):
            matched = self.match_token(word, allow_prefix=position == len(words) - 1 or len(word) >= 3)
            if combined is None:
                combined = matched
            else:
                combined = {e: q + matched[e] for e, q in combined.items() if e in matched}
            if not combined:
                break
        scores = combined or {}
        if len(words) > 1:
            for entity, quality in self.match_token("".join(words), allow_prefix=True).items():
                scores[entity] = max(scores.get(entity, 0), quality * len(words))
        return scores

    def search(self, query: str, per_group: int = 20, kinds: Iterable[str] | None = None,
               context: Callable[[str], tuple[Ref, ...]] | None = None) -> SearchResult:
        """Hits grouped by kind, best first; `context` names where a hit lies (e.g. its province)."""
        folded = fold(query)
        if not folded:
            return SearchResult(query, folded, 0, ())
        wanted = set(kinds) if kinds else None
        compact = folded.replace(" ", "")
        groups: dict[str, list[tuple[int, int]]] = {}
        for entity, quality in self.candidates(folded).items():
            kind = self.kinds[entity]
            if wanted is None or kind in wanted:
                groups.setdefault(kind, []).append((quality, entity))
        out: list[HitGroup] = []
        for kind, members in groups.items():
            best = heapq.nlargest(RANKED_PER_GROUP, members)
            ranked = sorted(((quality + self._bonus(entity, folded, compact), entity) for quality, entity in best),
                            key=lambda se: (-se[0], self.folded_labels[se[1]][0][0]))
            hits = tuple(self._hit(entity, score, folded, context) for score, entity in ranked[:per_group])
            out.append(HitGroup(kind, len(members), hits))
        out.sort(key=lambda g: (-g.hits[0].score, KIND_ORDER.index(g.kind) if g.kind in KIND_ORDER else len(KIND_ORDER)))
        return SearchResult(query, folded, sum(g.total for g in out), tuple(out))

    def _bonus(self, entity: int, folded: str, compact: str) -> int:
        """Whole-label agreement: equal (20), equal without spaces (18), label starts or ends with the query (10)."""
        bonus = 0
        for label, _ in self.folded_labels[entity]:
            if label == folded:
                return 20
            if label.replace(" ", "") == compact:
                bonus = max(bonus, 18)
            elif label.startswith(folded) or label.endswith(" " + folded):
                bonus = max(bonus, 10)
        return bonus

    def _hit(self, entity: int, score: int, folded: str, context: Callable[[str], tuple[Ref, ...]] | None) -> Hit:
        iri = self.entities[entity]
        labels = self.folded_labels[entity]
        words = folded.split(" ")
        best = max(labels, key=lambda fl: (fl[0] == folded, sum(w in fl[0] for w in words), -len(fl[0])))
        ref = self.labels.ref(iri)
        shown = fold(ref.labels.get("vi", "")) + " " + fold(ref.labels.get("en", ""))
        matched = "" if best[0] in shown else best[1]
        return Hit(ref, matched, score, context(iri) if context else ())
