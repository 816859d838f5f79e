"""Display names of every IRI, read in one pass: pages resolve names from memory, not per-row joins.

The same rows feed the search index, so a store version costs one label query in all.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from .. import queries
from ..namespaces import DEFAULT_ENTITY_BASE, PREFIXES, RDFS, SCHEMA, SKOS
from ..store import Store, Term, rdf

PREF = SKOS + "prefLabel"
ALT = SKOS + "altLabel"
HIDDEN = SKOS + "hiddenLabel"
NAME = SCHEMA + "name"
HEADLINE = SCHEMA + "headline"
LABEL = RDFS + "label"

# Which property names a thing best, first wins (per language).
_DISPLAY_ORDER: tuple[str, ...] = (PREF, NAME, HEADLINE, LABEL, ALT)
# The properties search matches against (the list: prefLabel, altLabel, hiddenLabel, schema:name).
SEARCHABLE: frozenset[str] = frozenset({PREF, ALT, HIDDEN, NAME, HEADLINE})


@dataclass(frozen=True)
class Ref:
    """A link to an entity: its IRI, its names by language and its kind (unit, person, event...)."""

    iri: str
    labels: dict[str, str]
    kind: str


@dataclass(frozen=True)
class LabelRow:
    """One label statement as read from the store."""

    iri: str
    prop: str
    text: str
    lang: str


def solutions(store: Store, name: str, bindings: Mapping[str, Term] | None = None) -> Iterator[tuple[Term | None, ...]]:
    """A named query's rows as plain tuples in column order: twice as fast as dicts for big tables."""
    for solution in queries.run(store, name, bindings):  # type: ignore[union-attr]
        yield tuple(solution)


def kind_of(iri: str, base: str = DEFAULT_ENTITY_BASE) -> str:
    """The kind of an entity from its IRI path: 'unit', 'person', 'event'...; 'concept' for wu: terms."""
    if iri.startswith(base):
        return iri[len(base) :].split("/", 1)[0] or "entity"
    if iri.startswith(PREFIXES["wu"]):
        return "concept"
    return "external"


def short_name(iri: str) -> str:
    """A readable stand-in for an unlabelled IRI: its prefixed name or last path segment."""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    tail = iri.rstrip("/").rsplit("/", 1)[-1]
    return tail.rsplit("#", 1)[-1] or iri


@dataclass
class Labels:
    """Names by IRI and language, plus the raw rows the search index is built from."""

    base: str
    rows: list[LabelRow] = field(default_factory=list)
    names: dict[str, dict[str, str]] = field(default_factory=dict)

    @classmethod
    def from_rows(cls, rows: list[LabelRow], base: str = DEFAULT_ENTITY_BASE) -> "Labels":
        ranked: dict[str, dict[str, tuple[int, str]]] = {}
        for row in rows:
            if row.prop not in _DISPLAY_ORDER:
                continue
            rank = _DISPLAY_ORDER.index(row.prop)
            per_lang = ranked.setdefault(row.iri, {})
            held = per_lang.get(row.lang)
            if held is None or rank < held[0] or (rank == held[0] and row.text < held[1]):
                per_lang[row.lang] = (rank, row.text)
        names: dict[str, dict[str, str]] = {}
        for iri, per_lang in ranked.items():
            chosen = {lang or "und": text for lang, (_, text) in per_lang.items()}
            # An untagged name (a person's name) serves every language.
            if "und" in chosen:
                chosen.setdefault("vi", chosen["und"])
                chosen.setdefault("en", chosen["und"])
                del chosen["und"]
            names[iri] = chosen
        return cls(base, rows, names)

    @classmethod
    def from_store(cls, store: Store, base: str = DEFAULT_ENTITY_BASE) -> "Labels":
        rows = [
            LabelRow(s.value, p.value, o.value, o.language or "")  # type: ignore[union-attr]
            for s, p, o in solutions(store, "page_labels")
            if isinstance(o, rdf.Literal)
        ]
        return cls.from_rows(rows, base)

    def of(self, iri: str) -> dict[str, str]:
        """{lang: name}; an unlabelled IRI gets its short name in both languages."""
        found = self.names.get(iri)
        if found:
            return found
        fallback = short_name(iri)
        kind = kind_of(iri, self.base)
        if iri.startswith(self.base) and not fallback.startswith(kind):
            fallback = f"{kind} {fallback}"
        return {"vi": fallback, "en": fallback}

    def ref(self, iri: str) -> Ref:
        return Ref(iri, self.of(iri), kind_of(iri, self.base))
