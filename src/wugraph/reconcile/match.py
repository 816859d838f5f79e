"""Matching one reconciliation query: names as people type them, then the filters its properties ask for.

Name scores (0–100):
- 100: the name equals one of the entity's names, diacritics included (old or new tone placement: 'Hoà' = 'Hòa');
- 99: equal without diacritics ('Dak Glong' = 'Đăk Glong', 'Đak' = 'Đắk'), so typed diacritics tell 'Thanh Hóa'
  from 'Thanh Hòa';
- 98: equal but for spaces ('Dakglong');
- 95: equal once unit words, their abbreviations and chapter words are set aside ('H. Đak Glong',
  'Hội LHPN huyện Đăk Glong' and 'Đăk Glong' all name Huyện Đăk Glong);
- at most 89: a near spelling found by the search index's typo-tolerant lookup, tried only when no
  name matches as above.
A province matched only through the 2025 lineage (an old province name for a new unit, or the other
way round) costs 5 points. Properties filter: `level` (or the unit word the name starts with),
`on` (the version valid that day), `province` (either era), `code`, and the query's types.

`match` is true only for an unambiguous best candidate: its name matched (90 or more, never a near
spelling) and no other candidate scores as high. Two versions of one unit (before and after
2025-07-01) tie, so `on` must pick one.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from ..reference.gazetteer import level_hint
from ..text import expand_abbreviation, fold
from .batch import Query
from .index import PLACE_KINDS, ReconcileIndex, core_words, place_key, plain_key, similarity, strip_chapter_words, toned

EXACT, COMPACT, KEYED = 100.0, 98.0, 95.0
FUZZY_CEILING = 89.0
LINEAGE_PENALTY = 5.0
MATCH_THRESHOLD = 90.0  # a name match (95 and up), even through the lineage (5 less); never a near spelling
FUZZY_POOL = 100
_LEVEL_ORDER = {"Province": 0, "District": 1, "Commune": 2, "Branch": 3}

Feature = tuple[str, float | bool]


@dataclass(frozen=True)
class Candidate:
    """One entity proposed for a query, with its score, the match decision and the features behind them."""

    iri: str
    score: float
    match: bool
    features: tuple[Feature, ...]


@dataclass(frozen=True)
class _Filters:
    """A query's constraints, resolved once (provinces to unit IRIs) before candidates are checked."""

    types: frozenset[str]
    levels: frozenset[str]
    hint: str | None
    days: tuple[date, ...]
    provinces: tuple[frozenset[str], frozenset[str]] | None
    codes: frozenset[str]


def _filters(index: ReconcileIndex, query: Query, folded: str) -> _Filters:
    provinces = None
    if query.provinces:
        named = [index.provinces_named(value) for value in query.provinces]
        direct = frozenset().union(*(d for d, _ in named))
        provinces = (direct, frozenset().union(*(linked for _, linked in named)) - direct)
    hint = None if query.levels or not folded else level_hint(expand_abbreviation(strip_chapter_words(folded)))
    return _Filters(frozenset(query.types), frozenset(query.levels), hint, query.days, provinces, frozenset(query.codes))


def _check(index: ReconcileIndex, iri: str, f: _Filters) -> tuple[float, tuple[Feature, ...]] | None:
    """(score penalty, features) of a candidate that passes every filter, else None."""
    features: list[Feature] = []
    if f.types and not (index.types.get(iri, frozenset()) & f.types):
        return None
    level = index.level(iri)
    if f.levels:
        if level not in f.levels:
            return None
        features.append(("level", True))
    elif f.hint and level is not None and level != f.hint:
        return None
    if f.days:
        if not any(index.valid_on(iri, day) for day in f.days):
            return None
        features.append(("on", True))
    penalty = 0.0
    if f.provinces is not None:
        province = index.province_of(iri)
        if province in f.provinces[0]:
            features.append(("province", True))
        elif province in f.provinces[1]:
            penalty = LINEAGE_PENALTY
            features.append(("province_lineage", True))
        else:
            return None
    if f.codes:
        node = index.node(iri)
        if node is None or not node.code or (node.code.lstrip("0") or "0") not in f.codes:
            return None
        features.append(("code", True))
    return penalty, tuple(features)


def _name_score(index: ReconcileIndex, iri: str, written: str, folded: str) -> float:
    """100 (99 when the diacritics differ), 98 or 95 for a name found by key; a near spelling's likeness, at most 89, otherwise."""
    position = index.position.get(iri)
    if position is None:
        return KEYED
    labels = index.search.folded_labels[position]
    if any(label == folded for label, _ in labels):
        # the diacritics as typed (`written`, see `toned`) tell namesakes apart: 'Thanh Hóa' is not 'Thanh Hòa'
        return EXACT if any(toned(original) == written for _, original in labels) else EXACT - 1
    compact = plain_key(folded)
    if any(plain_key(label) == compact for label, _ in labels):
        return COMPACT
    key = (place_key if index.search.kinds[position] in PLACE_KINDS else plain_key)(folded)
    keys = index.entity_keys[position]
    if key in keys:
        return KEYED
    return round(FUZZY_CEILING * max((similarity(key, other) for other in keys), default=0.0), 1)


def _by_key(index: ReconcileIndex, query: Query, folded: str) -> set[str]:
    """Entities named by the query: its IRI, its name key, or (with no name) the units of its GSO codes."""
    if query.text.startswith(("http://", "https://")) and query.text in index.types:
        return {query.text}
    found = {index.search.entities[i] for key in {place_key(folded), plain_key(folded)} if key
             for i in index.keys.get(key, ())}
    for code in query.codes:
        for record in index.gazetteer.by_code(code):
            node = index.tree.nodes.get(record.iri)
            found.update(iri for iri in (record.iri, node.chapter if node else None) if iri and iri in index.types)
    return found


def _near(index: ReconcileIndex, folded: str, f: _Filters) -> Iterable[str]:
    """Near spellings from the search index (typos, prefixes), the best few hundred that pass the cheap filters."""
    core = core_words(folded)
    if not core:
        return []
    found = index.search.candidates(core)
    words = core.split(" ")
    if not found and len(words) > 1:  # one word too mangled to match ('hoi hpn xa binh minh'): try without each in turn
        for skipped in range(len(words)):
            for i, quality in index.search.candidates(" ".join(words[:skipped] + words[skipped + 1:])).items():
                found[i] = max(found.get(i, 0), quality)
    pool = [(quality, i) for i, quality in found.items()
            if index.search.entities[i] in index.types and _check(index, index.search.entities[i], f) is not None]
    return [index.search.entities[i] for _, i in heapq.nlargest(FUZZY_POOL, pool)]


def reconcile(index: ReconcileIndex, query: Query, today: date) -> tuple[Candidate, ...]:
    """The best candidates for one query, best first, at most `query.limit`."""
    folded, written = fold(query.text), toned(query.text)
    f = _filters(index, query, folded)
    scored: list[tuple[float, bool, int, str, tuple[Feature, ...]]] = []
    found = _by_key(index, query, folded)
    exact = True
    for attempt in range(2):
        for iri in found:
            checked = _check(index, iri, f)
            if checked is None:
                continue
            penalty, features = checked
            name = _name_score(index, iri, written, folded) if folded and iri != query.text else EXACT
            if exact and name < KEYED:
                continue  # a GSO code's unit whose name differs waits for the near-spelling pass
            scored.append((round(name - penalty, 1), index.valid_on(iri, today), _LEVEL_ORDER.get(index.level(iri) or "", 9),
                           iri, (("name", name), *features)))
        if scored or attempt or not folded:
            break
        found, exact = set(_near(index, folded, f)) | found, False
    scored.sort(key=lambda s: (-s[0], not s[1], s[2], s[3]))
    top = scored[0][0] if scored else 0.0
    unambiguous = top >= MATCH_THRESHOLD and (len(scored) == 1 or scored[1][0] < top)
    return tuple(Candidate(iri, score, unambiguous and rank == 0, features)
                 for rank, (score, _, _, iri, features) in enumerate(scored[: query.limit]))


def reconcile_batch(index: ReconcileIndex, batch: Iterable[Query], today: date) -> dict[str, tuple[Candidate, ...]]:
    """Each query of a batch answered on its own (the specification asks that queries not influence each other)."""
    return {query.key: reconcile(index, query, today) for query in batch}
