"""The page of a source document: its metadata and text, the graphs built from it, every fact and quote.

Facts are read graph by graph; blank nodes (the `wu:Evidence` of each fact) become the list of
quoted passages instead of rows of their own.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import queries
from ..namespaces import PROV, SCHEMA, WU
from ..store import Store, Term, rdf
from ..tables import Table
from .labels import Labels, Ref
from .profiles import (
    Description,
    Evidence,
    Fact,
    Value,
    describe,
    iri,
    name_in,
    optional_ref,
    optional_text,
    value_of,
)

ARTICLE_BODY = SCHEMA + "articleBody"


@dataclass(frozen=True)
class SourceGraph:
    """A graph built from the document, with when and by whom."""

    graph: str
    generated: str | None
    agent: Ref | None
    origin: str | None


@dataclass(frozen=True)
class GraphFact:
    """One statement of a source's graph: subject, property, value."""

    subject: Ref
    prop: Ref
    value: Value


@dataclass(frozen=True)
class SourceProfile:
    doc: Ref
    description: Description
    metadata: tuple[Fact, ...]
    body: dict[str, str]
    graphs: tuple[SourceGraph, ...]
    facts: tuple[GraphFact, ...]
    evidence: tuple[Evidence, ...]
    capped: bool

    def tables(self, lang: str = "vi") -> dict[str, Table]:
        return {
            "facts": Table("facts", ("subject", "property", "value", "subject_iri"),
                           tuple((name_in(f.subject, lang), f.prop.iri, f.value.ref.iri if f.value.ref else f.value.text, f.subject.iri)
                                 for f in self.facts)),
            "evidence": Table("evidence", ("subject", "value", "start", "end", "subject_iri"),
                              tuple((name_in(e.holder, lang), e.quote, e.start, e.end, e.holder.iri) for e in self.evidence)),
        }


def _number(term: Term | None) -> int | None:
    return int(term.value) if isinstance(term, rdf.Literal) and term.value.isdigit() else None


def source_profile(store: Store, labels: Labels, doc: str) -> SourceProfile:
    """The document's metadata, the graphs citing it as primary source, every fact in them and the quoted passages."""
    described = describe(store, labels, doc)
    graphs = tuple(SourceGraph(r["g"].value, optional_text(r, "generated"), optional_ref(r, "agent", labels), optional_text(r, "origin"))
                   for r in queries.rows(store, "page_source_graphs", {"doc": iri(doc)}))
    facts: list[GraphFact] = []
    blank: dict[str, dict[str, Term]] = {}
    holder_of: dict[str, str] = {}
    capped = False
    for graph in graphs:
        rows = queries.rows(store, "page_graph_facts", {"g": iri(graph.graph)})
        capped = capped or len(rows) >= 5000
        for r in rows:
            subject, prop, obj = r["s"], r["p"].value, r["o"]
            if isinstance(subject, rdf.BlankNode):
                blank.setdefault(subject.value, {})[prop] = obj
            elif isinstance(obj, rdf.BlankNode):
                holder_of[obj.value] = subject.value
            elif prop != ARTICLE_BODY:
                facts.append(GraphFact(labels.ref(subject.value), labels.ref(prop), value_of(obj, labels)))
    evidence = sorted(
        (Evidence(node, labels.ref(holder_of[node]), props[WU + "quote"].value,
                  labels.ref(props[PROV + "entity"].value) if PROV + "entity" in props else None,
                  _number(props.get(WU + "charStart")), _number(props.get(WU + "charEnd")))
         for node, props in blank.items() if WU + "quote" in props and node in holder_of),
        key=lambda e: (e.start if e.start is not None else -1, e.holder.iri))
    metadata = tuple(f for f in described.facts if f.prop.iri != ARTICLE_BODY)
    return SourceProfile(described.entity, described, metadata, {k or "vi": v for k, v in described.text(ARTICLE_BODY).items()},
                         graphs, tuple(facts), tuple(evidence), capped)
