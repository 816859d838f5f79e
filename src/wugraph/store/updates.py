"""SPARQL Update text for the write paths: graph replacement, shared-graph amendments and the store version.

Every write of a batch is one update, so a store applies all of it or none. The text is built from
parsed RDF terms only (never from user strings), which pyoxigraph writes with their escapes.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import datetime, timezone

from ..namespaces import DCTERMS, META_GRAPH, WU
from .protocol import DATASET_IRI, Amendment
from .rdf import Literal, NamedNode, Quad, Term, Triple

VERSION = NamedNode(WU + "storeVersion")
MODIFIED = NamedNode(DCTERMS + "modified")
DATASET = NamedNode(DATASET_IRI)
META = NamedNode(META_GRAPH)


def nt(term: Term | Triple) -> str:
    """A term in N-Triples syntax, for SPARQL Update text built from parsed terms (never from user strings)."""
    return str(term)


def insert_data(graphs: Mapping[str, Iterable[Quad]]) -> Iterator[str]:
    """INSERT DATA blocks, one per graph; quads are re-homed into the graph they are filed under."""
    for graph, quads in graphs.items():
        yield f"INSERT DATA {{ GRAPH <{graph}> {{\n"
        for q in quads:
            yield f"{nt(q.subject)} {nt(q.predicate)} {nt(q.object)} .\n"
        yield "} } ;\n"


def version_update(new_version: str) -> str:
    """The update that stamps a new store version and modification time in the metadata graph."""
    now = Literal(datetime.now(timezone.utc).isoformat(timespec="seconds"), datatype=NamedNode("http://www.w3.org/2001/XMLSchema#dateTime"))
    return (
        f"DELETE WHERE {{ GRAPH {META} {{ {DATASET} {VERSION} ?v }} }} ;\n"
        f"DELETE WHERE {{ GRAPH {META} {{ {DATASET} {MODIFIED} ?m }} }} ;\n"
        f"INSERT DATA {{ GRAPH {META} {{ {DATASET} {VERSION} {Literal(new_version)} ; {MODIFIED} {now} }} }}"
    )


def amendment_update(amend: Amendment | None, inserts: Callable[[Mapping[str, Iterable[Quad]]], Iterable[str]] = insert_data) -> str:
    """The operations of an amendment (none for None); `inserts` writes INSERT operations in the server's dialect."""
    if amend is None:
        return ""
    added = "".join(inserts({amend.graph: amend.add})) if amend.add else ""
    return amend.deletions() + added + amend.pruning()


def replacement_update(graphs: Mapping[str, Iterable[Quad]], remove: Iterable[str] = (), amend: Amendment | None = None) -> str:
    """One SPARQL Update that drops and refills graphs, amends a shared one and bumps the version: all or nothing."""
    drops = [f"DROP SILENT GRAPH <{g}> ;\n" for g in [*remove, *graphs.keys()]]
    return "".join([*drops, *insert_data(graphs), amendment_update(amend), version_update(uuid.uuid4().hex)])
