"""A source → its named graph (graph/doc/{id}) and the PROV record describing that graph in graph/meta.

Provenance stays off the domain nodes: the metadata graph says of each document graph where it
came from (`prov:hadPrimarySource`), who put it there (`prov:wasAttributedTo`, a steward or an
extractor), when (`prov:generatedAtTime`), which bytes (`wu:sha256`) and which file
(`dcterms:source`). Replacing or retracting a source rewrites exactly its own record, in the same
transaction as its graph and without reading the metadata graph first, so concurrent writers of
different sources (several serving processes on one remote store) keep each other's records.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.term import Node

from ..identifiers import Minter, document_graph
from ..namespaces import DCTERMS, META_GRAPH, PROV, RDF, RDFS, SCHEMA, WU, XSD
from ..store import Amendment
from .terms import OxTerms

Triple = tuple[Node, Node, Node]
DEFAULT_AGENT = "wugraph-ingest"


def _u(iri: str) -> URIRef:
    return URIRef(iri)


@dataclass(frozen=True)
class Agent:
    """Who is answerable for a graph: a person (data steward) or a software extractor."""

    name: str
    kind: str = "steward"  # "steward" | "extractor" | "tool"

    def iri(self, minter: Minter) -> str:
        return minter.agent(self.name)

    def triples(self, minter: Minter) -> list[Triple]:
        node = _u(self.iri(minter))
        types = {"steward": [PROV + "Person", PROV + "Agent"], "extractor": [WU + "Extractor", PROV + "SoftwareAgent", PROV + "Agent"],
                 "tool": [PROV + "SoftwareAgent", PROV + "Agent"]}[self.kind]
        out: list[Triple] = [(node, _u(RDF + "type"), _u(t)) for t in types]
        if self.kind == "tool" and self.name == DEFAULT_AGENT:
            out += [(node, _u(RDFS + "label"), Literal("công cụ nạp dữ liệu wugraph", lang="vi")),
                    (node, _u(RDFS + "label"), Literal("wugraph ingest", lang="en"))]
        else:
            out.append((node, _u(RDFS + "label"), Literal(self.name)))
        return out


def agent_for(steward: str | None, extractor: str | None) -> Agent:
    """The extractor when one is named, else the steward, else the ingest tool itself."""
    if extractor:
        return Agent(extractor, "extractor")
    if steward:
        return Agent(steward, "steward")
    return Agent(DEFAULT_AGENT, "tool")


@dataclass(frozen=True)
class Record:
    """The PROV description of one document graph."""

    source_id: str
    file_name: str
    sha256: str
    media_type: str
    agent: Agent
    generated: datetime

    @property
    def graph(self) -> str:
        return document_graph(self.source_id)

    def document(self, minter: Minter) -> str:
        return minter.document(self.source_id)

    def triples(self, minter: Minter) -> list[Triple]:
        """graph a wu:DocumentGraph, prov:Entity; primary source, agent, time, hash, file name; plus document and agent."""
        graph, document = _u(self.graph), _u(self.document(minter))
        when = Literal(self.generated.astimezone(timezone.utc).isoformat(timespec="seconds"), datatype=_u(XSD + "dateTime"))
        digest = Literal(self.sha256)
        out: list[Triple] = [
            (graph, _u(RDF + "type"), _u(WU + "DocumentGraph")),
            (graph, _u(RDF + "type"), _u(PROV + "Entity")),
            (graph, _u(PROV + "hadPrimarySource"), document),
            (graph, _u(PROV + "wasAttributedTo"), _u(self.agent.iri(minter))),
            (graph, _u(PROV + "generatedAtTime"), when),
            (graph, _u(WU + "sha256"), digest),
            (graph, _u(DCTERMS + "source"), Literal(self.file_name)),
            (document, _u(RDF + "type"), _u(PROV + "Entity")),
            (document, _u(SCHEMA + "name"), Literal(self.file_name)),
            (document, _u(SCHEMA + "encodingFormat"), Literal(self.media_type)),
            (document, _u(WU + "sha256"), digest),
        ]
        return out + self.agent.triples(minter)


def now() -> datetime:
    return datetime.now(timezone.utc)


def meta_amendment(records: Iterable[Record], removed: Iterable[str], minter: Minter) -> Amendment:
    """The edit of the metadata graph for a batch: records of replaced or removed graphs (and of their
    documents) rewritten, nothing else touched.

    Descriptions of source documents and agents (IRIs under doc/ and agent/) that no remaining
    statement mentions are pruned in the same update, so retracting a source leaves no orphan behind.
    """
    records = list(records)
    subjects = [*removed, *(r.graph for r in records), *(r.document(minter) for r in records)]
    terms = OxTerms()
    added = [ox.Quad(*(terms.term(t) for t in triple)) for r in records for triple in r.triples(minter)]  # type: ignore[misc]
    return Amendment(META_GRAPH, tuple(dict.fromkeys(subjects)), tuple(dict.fromkeys(added)),
                     (minter.base + "doc/", minter.base + "agent/"))
