"""A source → its named graph (graph/doc/{id}) and the PROV record describing that graph in graph/meta.

Provenance stays off the domain nodes: the metadata graph says of each document graph where it
came from (`prov:hadPrimarySource`), who put it there (`prov:wasAttributedTo`, a steward or an
extractor), when (`prov:generatedAtTime`), which bytes (`wu:sha256`) and which file
(`dcterms:source`). An article a steward reviewed (curation) adds the review: the graph is
attributed to the steward who accepted it and to the extractor that proposed its facts (with its
version), and `prov:wasGeneratedBy` a `wu:Review` saying who accepted it, when, and how many
candidates were accepted and rejected. Replacing or retracting a source rewrites exactly its own record, in the same
transaction as its graph and without reading the metadata graph first, so concurrent writers of
different sources (several serving processes on one remote store) keep each other's records.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone

from ..identifiers import Minter, document_graph
from ..namespaces import DCTERMS, META_GRAPH, PROV, RDF, RDFS, SCHEMA, WU, XSD
from ..store import Amendment, rdf

DEFAULT_AGENT = "wugraph-ingest"


def _u(iri: str) -> rdf.NamedNode:
    return rdf.NamedNode(iri)


def _vi_en(node: rdf.NamedNode, vi: str, en: str) -> list[rdf.Triple]:
    return [rdf.Triple(node, _u(RDFS + "label"), rdf.Literal(vi, language="vi")),
            rdf.Triple(node, _u(RDFS + "label"), rdf.Literal(en, language="en"))]


def timestamp(when: datetime) -> rdf.Literal:
    """An xsd:dateTime in UTC to the second, as every PROV time in graph/meta is written."""
    return rdf.Literal(when.astimezone(timezone.utc).isoformat(timespec="seconds"), datatype=_u(XSD + "dateTime"))


@dataclass(frozen=True)
class Agent:
    """Who is answerable for a graph: a person (data steward) or a software extractor."""

    name: str
    kind: str = "steward"  # "steward" | "extractor" | "tool"

    def iri(self, minter: Minter) -> str:
        return minter.agent(self.name)

    def triples(self, minter: Minter) -> list[rdf.Triple]:
        node = _u(self.iri(minter))
        types = {"steward": [PROV + "Person", PROV + "Agent"], "extractor": [WU + "Extractor", PROV + "SoftwareAgent", PROV + "Agent"],
                 "tool": [PROV + "SoftwareAgent", PROV + "Agent"]}[self.kind]
        out = [rdf.Triple(node, _u(RDF + "type"), _u(t)) for t in types]
        if self.kind == "tool" and self.name == DEFAULT_AGENT:
            return out + _vi_en(node, "công cụ nạp dữ liệu wugraph", "wugraph ingest")
        return out + [rdf.Triple(node, _u(RDFS + "label"), rdf.Literal(self.name))]


def agent_for(steward: str | None, extractor: str | None) -> Agent:
    """The extractor when one is named, else the steward, else the ingest tool itself."""
    if extractor:
        return Agent(extractor, "extractor")
    if steward:
        return Agent(steward, "steward")
    return Agent(DEFAULT_AGENT, "tool")


@dataclass(frozen=True)
class Review:
    """A steward's acceptance of an extracted article: who, with which extractor (and version), what was decided."""

    steward: str
    extractor: str | None = None
    extractor_version: str | None = None
    accepted: int = 0
    rejected: int = 0

    def iri(self, minter: Minter, source_id: str) -> str:
        return f"{minter.base}review/{source_id}"

    def triples(self, minter: Minter, graph: rdf.NamedNode, source_id: str, document: rdf.NamedNode,
                when: datetime) -> list[rdf.Triple]:
        """The review activity, the steward and the extractor, and the graph's links to them."""
        review, steward = _u(self.iri(minter, source_id)), Agent(self.steward, "steward")
        said: list[tuple[rdf.NamedNode, str, rdf.NamedNode | rdf.Literal]] = [
            (graph, PROV + "wasGeneratedBy", review),
            (review, RDF + "type", _u(WU + "Review")),
            (review, RDF + "type", _u(PROV + "Activity")),
            (review, PROV + "wasAssociatedWith", _u(steward.iri(minter))),
            (review, PROV + "used", document),
            (review, PROV + "endedAtTime", timestamp(when)),
            (review, WU + "acceptedCount", rdf.Literal(str(self.accepted), datatype=_u(XSD + "nonNegativeInteger"))),
            (review, WU + "rejectedCount", rdf.Literal(str(self.rejected), datatype=_u(XSD + "nonNegativeInteger"))),
        ]
        out = [rdf.Triple(s, _u(p), o) for s, p, o in said]
        out += _vi_en(review, f"Duyệt bài {source_id}: {self.accepted} dữ kiện được chấp nhận, {self.rejected} bị bác bỏ",
                      f"Review of {source_id}: {self.accepted} facts accepted, {self.rejected} rejected")
        if self.extractor:
            extractor = Agent(self.extractor, "extractor")
            out.append(rdf.Triple(graph, _u(PROV + "wasAttributedTo"), _u(extractor.iri(minter))))
            out += extractor.triples(minter)
            if self.extractor_version:
                out.append(rdf.Triple(_u(extractor.iri(minter)), _u(SCHEMA + "softwareVersion"), rdf.Literal(self.extractor_version)))
        return out + steward.triples(minter)


@dataclass(frozen=True)
class Record:
    """The PROV description of one document graph."""

    source_id: str
    file_name: str
    sha256: str
    media_type: str
    agent: Agent
    generated: datetime
    review: Review | None = None

    @property
    def graph(self) -> str:
        return document_graph(self.source_id)

    def document(self, minter: Minter) -> str:
        return minter.document(self.source_id)

    def triples(self, minter: Minter) -> list[rdf.Triple]:
        """graph a wu:DocumentGraph, prov:Entity; primary source, agent, time, hash, file name; plus document and agent."""
        graph, document = _u(self.graph), _u(self.document(minter))
        digest = rdf.Literal(self.sha256)
        said = [
            (graph, RDF + "type", _u(WU + "DocumentGraph")),
            (graph, RDF + "type", _u(PROV + "Entity")),
            (graph, PROV + "hadPrimarySource", document),
            (graph, PROV + "wasAttributedTo", _u(self.agent.iri(minter))),
            (graph, PROV + "generatedAtTime", timestamp(self.generated)),
            (graph, WU + "sha256", digest),
            (graph, DCTERMS + "source", rdf.Literal(self.file_name)),
            (document, RDF + "type", _u(PROV + "Entity")),
            (document, SCHEMA + "name", rdf.Literal(self.file_name)),
            (document, SCHEMA + "encodingFormat", rdf.Literal(self.media_type)),
            (document, WU + "sha256", digest),
        ]
        out = [rdf.Triple(s, _u(p), o) for s, p, o in said] + self.agent.triples(minter)
        if self.review is not None:
            out += self.review.triples(minter, graph, self.source_id, document, self.generated)
        return out

    def subjects(self, minter: Minter) -> list[str]:
        """What this record describes in graph/meta (its statements about them are replaced)."""
        return [self.graph, self.document(minter)] + ([self.review.iri(minter, self.source_id)] if self.review else [])


def now() -> datetime:
    return datetime.now(timezone.utc)


def graph_amendment(statements: Iterable[rdf.Triple], subjects: Iterable[str], minter: Minter) -> Amendment:
    """The one way graph/meta changes: every statement about `subjects` replaced by `statements`.

    Nothing else in graph/meta is touched, so writers of different sources (several serving
    processes on one remote store, or a build beside an ingest) keep each other's records.
    Descriptions of source documents, agents and reviews (IRIs under doc/, agent/, review/) that no remaining
    statement mentions are pruned in the same update, so retracting a source leaves no orphan.
    """
    added = (rdf.Quad(t.subject, t.predicate, t.object) for t in statements)
    return Amendment(META_GRAPH, tuple(dict.fromkeys(subjects)), tuple(dict.fromkeys(added)),
                     (minter.base + "doc/", minter.base + "agent/", minter.base + "review/"))


def meta_amendment(records: Iterable[Record], removed: Iterable[str], minter: Minter) -> Amendment:
    """The edit of graph/meta for an ingest batch: records of replaced or removed graphs (and their documents) rewritten."""
    records = list(records)
    subjects = [*removed, *(s for r in records for s in r.subjects(minter))]
    return graph_amendment((t for r in records for t in r.triples(minter)), subjects, minter)
