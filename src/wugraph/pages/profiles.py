"""What an entity page shows, as frozen dataclasses: person, model and any other entity.

Each profile is built by one function over the Store and the label index; the web layer renders
it and serves the same data as JSON. Units, chapters and events (which need the unit tree) are
in `place_profiles`, source documents in `source_profiles`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .. import queries
from ..errors import NotFoundError
from ..namespaces import META_GRAPH, ORG, RDF, SCHEMA, SKOS, WU
from ..store import Store, Term, rdf
from ..tables import Table
from .labels import Labels, Ref

DESCRIPTION_PROPS: tuple[str, ...] = (SCHEMA + "description", SKOS + "definition", "http://purl.org/dc/terms/description", SKOS + "scopeNote")


@dataclass(frozen=True)
class Value:
    """An object of a statement: a link to an entity, or a literal with its language or datatype."""

    text: str
    ref: Ref | None = None
    lang: str | None = None
    datatype: str | None = None


@dataclass(frozen=True)
class Fact:
    """One statement about the entity (property, value) and the graphs that state it."""

    prop: Ref
    value: Value
    graphs: tuple[str, ...]


@dataclass(frozen=True)
class Description:
    """Everything stated about an entity, and what points at it (capped)."""

    entity: Ref
    types: tuple[Ref, ...]
    facts: tuple[Fact, ...]
    incoming: tuple[tuple[Ref, Ref], ...]  # (property, subject)
    incoming_capped: bool

    def values(self, prop: str) -> list[Value]:
        return [f.value for f in self.facts if f.prop.iri == prop]

    def refs(self, prop: str) -> list[Ref]:
        return [f.value.ref for f in self.facts if f.prop.iri == prop and f.value.ref is not None]

    def text(self, prop: str) -> dict[str, str]:
        """{lang: text} of a literal property ('' language for untagged)."""
        return {v.lang or "": v.text for v in self.values(prop) if v.ref is None}

    def first(self, prop: str) -> str | None:
        found = self.values(prop)
        return found[0].text if found else None

    def pointing(self, prop: str) -> list[Ref]:
        """Subjects that point at this entity through `prop`."""
        return [s for p, s in self.incoming if p.iri == prop]


@dataclass(frozen=True)
class SourceLink:
    """A named graph stating something about an entity, with its PROV record."""

    graph: str
    source: Ref | None
    generated: str | None
    agent: Ref | None


@dataclass(frozen=True)
class Position:
    """A position held (org:Membership): who, where, which role, when, stated where."""

    membership: str
    person: Ref
    organization: Ref
    role: Ref | None
    start: str | None
    end: str | None
    graph: str


@dataclass(frozen=True)
class AdoptionRow:
    """One adoption of a model by a chapter; `via` names the predecessor a rolled-up row came from."""

    adoption: str
    model: Ref
    adopter: Ref
    date: str | None
    precision: Ref | None
    kind: Ref | None
    learned_from: Ref | None
    via_event: Ref | None
    channel: Ref | None
    via: Ref | None = None


@dataclass(frozen=True)
class Evidence:
    """A verbatim passage of the source behind a fact, attached to `holder` by prov:qualifiedDerivation."""

    evidence: str
    holder: Ref
    quote: str
    doc: Ref | None
    start: int | None
    end: int | None


def iri(value: str) -> rdf.NamedNode:
    """An entity IRI as a term (404 for text that is no IRI: these come from URLs)."""
    return rdf.entity(value)


def value_of(term: Term, labels: Labels) -> Value:
    if isinstance(term, rdf.NamedNode):
        return Value(term.value, ref=labels.ref(term.value))
    if isinstance(term, rdf.Literal):
        datatype = term.datatype.value if term.language is None else None
        return Value(term.value, lang=term.language, datatype=datatype)
    return Value(str(term))


def optional_text(row: dict[str, Term], key: str) -> str | None:
    """The text of an optional query column (None when unbound)."""
    return row[key].value if key in row else None


def optional_ref(row: dict[str, Term], key: str, labels: Labels) -> Ref | None:
    """A reference for an optional IRI column (None when unbound)."""
    return labels.ref(row[key].value) if key in row else None


def exists(store: Store, entity: str) -> bool:
    return bool(queries.run(store, "page_entity_exists", {"entity": iri(entity)}))


def describe(store: Store, labels: Labels, entity: str) -> Description:
    """Outgoing statements (with graphs) and incoming links; NotFoundError when the IRI is unknown."""
    grouped: dict[tuple[str, Term], list[str]] = {}
    for row in queries.rows(store, "page_describe_out", {"entity": iri(entity)}):
        grouped.setdefault((row["p"].value, row["o"]), []).append(row["g"].value)
    incoming_rows = queries.rows(store, "page_describe_in", {"entity": iri(entity)})
    if not grouped and not incoming_rows:
        raise NotFoundError(f"Không có dữ liệu về {entity}.", f"Nothing is known about {entity}.", iri=entity)
    types = tuple(labels.ref(o.value) for (p, o) in grouped if p == RDF + "type")
    facts = tuple(Fact(labels.ref(p), value_of(o, labels), tuple(sorted(gs)))
                  for (p, o), gs in grouped.items() if p != RDF + "type" and not isinstance(o, rdf.BlankNode))
    incoming = tuple((labels.ref(r["p"].value), labels.ref(r["s"].value)) for r in incoming_rows if isinstance(r["s"], rdf.NamedNode))
    return Description(labels.ref(entity), types, facts, incoming, len(incoming_rows) >= 300)


def sources_of(store: Store, labels: Labels, entities: Iterable[str]) -> tuple[SourceLink, ...]:
    """The graphs stating something about any of `entities`, each once, with their PROV record."""
    graphs: list[str] = []
    for entity in entities:
        for row in queries.rows(store, "page_entity_sources", {"entity": iri(entity)}):
            graph = row["g"].value
            if graph not in graphs and graph != META_GRAPH:
                graphs.append(graph)
    out = []
    for graph in sorted(graphs):
        meta = next(iter(queries.rows(store, "page_graph_meta", {"g": iri(graph)})), {})
        out.append(SourceLink(graph, optional_ref(meta, "source", labels), optional_text(meta, "generated"), optional_ref(meta, "agent", labels)))
    return tuple(out)


def positions(store: Store, labels: Labels, query: str, bindings: dict[str, str]) -> tuple[Position, ...]:
    """Memberships from `page_org_officials` (by organisation) or `page_person_positions` (by person)."""
    bound = {k: iri(v) for k, v in bindings.items()}
    out = []
    for row in queries.rows(store, query, bound):
        person = row["person"].value if "person" in row else bindings["person"]
        organization = row["organization"].value if "organization" in row else bindings["organization"]
        out.append(Position(row["membership"].value, labels.ref(person), labels.ref(organization), optional_ref(row, "role", labels),
                            optional_text(row, "start"), optional_text(row, "end"), row["g"].value))
    return tuple(out)


def adoption_rows(store: Store, labels: Labels, model: str | None = None) -> tuple[AdoptionRow, ...]:
    """Every adoption, or those of one model."""
    bindings = {"model": iri(model)} if model else None
    return tuple(
        AdoptionRow(r["adoption"].value, labels.ref(model or r["model"].value), labels.ref(r["adopter"].value), optional_text(r, "date"),
                    optional_ref(r, "precision", labels), optional_ref(r, "kind", labels), optional_ref(r, "learnedFrom", labels),
                    optional_ref(r, "viaEvent", labels), optional_ref(r, "channel", labels))
        for r in queries.rows(store, "page_adoptions", bindings)
    )


def name_in(ref: Ref | None, lang: str = "vi") -> str:
    """The name of a reference in a language, for CSV cells."""
    if ref is None:
        return ""
    return ref.labels.get(lang) or next(iter(ref.labels.values()), ref.iri)


def position_table(name: str, rows: Sequence[Position], lang: str = "vi") -> Table:
    return Table(name, ("person", "role", "organization", "start", "end", "iri"),
                 tuple((name_in(p.person, lang), name_in(p.role, lang), name_in(p.organization, lang), p.start, p.end, p.person.iri) for p in rows))


def adoption_table(name: str, rows: Sequence[AdoptionRow], lang: str = "vi") -> Table:
    return Table(name, ("model", "adopter", "date", "precision", "kind", "learned_from", "via_event", "via", "iri"),
                 tuple((name_in(a.model, lang), name_in(a.adopter, lang), a.date, name_in(a.precision, lang), name_in(a.kind, lang), name_in(a.learned_from, lang),
                        name_in(a.via_event, lang), name_in(a.via, lang), a.adopter.iri) for a in rows))


def fact_table(name: str, facts: Sequence[Fact], subject: Ref | None = None, lang: str = "vi") -> Table:
    return Table(name, ("subject", "property", "value", "graph"),
                 tuple((name_in(subject, lang) if subject else "", f.prop.iri, f.value.ref.iri if f.value.ref else f.value.text,
                        " ".join(f.graphs)) for f in facts))


# --- person --------------------------------------------------------------------------------

@dataclass(frozen=True)
class ContributionRow:
    """What a person did at an event (or, on event pages, who did what; the speaker may be unnamed)."""

    contribution: str
    person: Ref | None
    event: Ref
    date: str | None
    type: Ref | None
    attribution: str | None
    capacity_role: Ref | None = None
    capacity_org: Ref | None = None
    note: dict[str, str] | None = None


@dataclass(frozen=True)
class PersonProfile:
    person: Ref
    description: Description
    positions: tuple[Position, ...]
    contributions: tuple[ContributionRow, ...]
    attended: tuple[Ref, ...]
    authored: tuple[Ref, ...]
    sources: tuple[SourceLink, ...]

    def tables(self, lang: str = "vi") -> dict[str, Table]:
        return {
            "positions": position_table("positions", self.positions, lang),
            "contributions": Table("contributions", ("event", "date", "type", "attribution", "iri"),
                                   tuple((name_in(c.event, lang), c.date, name_in(c.type, lang), c.attribution, c.event.iri) for c in self.contributions)),
        }


def person_profile(store: Store, labels: Labels, person: str) -> PersonProfile:
    """Positions over time, contributions and events, documents written, sources."""
    described = describe(store, labels, person)
    contributions = tuple(
        ContributionRow(r["contribution"].value, described.entity, labels.ref(r["event"].value), optional_text(r, "date"),
                        optional_ref(r, "type", labels), optional_text(r, "attribution"))
        for r in queries.rows(store, "page_person_contributions", {"person": iri(person)})
    )
    return PersonProfile(described.entity, described, positions(store, labels, "page_person_positions", {"person": person}),
                         contributions, tuple(described.pointing(SCHEMA + "attendee")), tuple(described.pointing(SCHEMA + "author")),
                         sources_of(store, labels, [person]))


# --- model ---------------------------------------------------------------------------------

FACETS: tuple[tuple[str, str], ...] = (("model_type", WU + "modelType"), ("target_group", WU + "targetGroup"),
                                       ("organizing_basis", WU + "organizingBasis"))


@dataclass(frozen=True)
class ModelProfile:
    model: Ref
    description: Description
    summary: dict[str, str]
    alt_labels: tuple[str, ...]
    categories: dict[str, tuple[Ref, ...]]
    originator: tuple[Ref, ...]
    origin_date: str | None
    adoptions: tuple[AdoptionRow, ...]
    adopters: tuple[Ref, ...]
    discussed_at: tuple[Ref, ...]
    instances: tuple[Ref, ...]
    sources: tuple[SourceLink, ...]

    def tables(self, lang: str = "vi") -> dict[str, Table]:
        return {"adoptions": adoption_table("adoptions", self.adoptions, lang)}


def model_profile(store: Store, labels: Labels, model: str) -> ModelProfile:
    """Description, categories (type, target groups, organising basis), adopters and where it was discussed."""
    described = describe(store, labels, model)
    summary: dict[str, str] = {}
    for prop in DESCRIPTION_PROPS:
        for lang, text in described.text(prop).items():
            summary.setdefault(lang or "vi", text)
    adoptions = adoption_rows(store, labels, model)
    adopters: dict[str, Ref] = {}
    for row in adoptions:
        adopters.setdefault(row.adopter.iri, row.adopter)
    return ModelProfile(
        described.entity, described, summary, tuple(v.text for v in described.values(SKOS + "altLabel")),
        {key: tuple(described.refs(prop)) for key, prop in FACETS}, tuple(described.refs(WU + "originator")),
        described.first(WU + "originDate"), adoptions, tuple(adopters.values()),
        tuple(described.pointing(WU + "discussedModel")), tuple(described.pointing(WU + "instanceOf")),
        sources_of(store, labels, [model]),
    )


# --- anything else (clusters, organisations, the union, changes...) ------------------------

@dataclass(frozen=True)
class EntityProfile:
    entity: Ref
    description: Description
    members: tuple[Ref, ...]
    officials: tuple[Position, ...]
    sources: tuple[SourceLink, ...]

    def tables(self, lang: str = "vi") -> dict[str, Table]:
        return {"facts": fact_table("facts", self.description.facts, self.entity, lang),
                "officials": position_table("officials", self.officials, lang)}


def entity_profile(store: Store, labels: Labels, entity: str) -> EntityProfile:
    """A generic page: every statement, what points here, members and officials when it is an organisation."""
    described = describe(store, labels, entity)
    members = described.refs(ORG + "hasMember")
    officials = positions(store, labels, "page_org_officials", {"organization": entity})
    return EntityProfile(described.entity, described, tuple(members), officials, sources_of(store, labels, [entity]))
