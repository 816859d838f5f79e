"""What wugraph needs from a quad store, whichever store it is: the `Store` protocol and the shared graph edit.

Everything above `store/` talks to a `Store`. Queries see the union of all named graphs as their
default graph, so `GRAPH ?g` answers "where did this come from" while ordinary patterns need not
care. Writes replace whole named graphs in one transaction, so a source is never half-written.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import IO, Protocol

from .rdf import Literal, NamedNode, Quad, QueryResult

DATASET_IRI = "https://w3id.org/wugraph/id/dataset"
PRUNE_PASSES = 3  # graph → review → document / agent: the longest chain of owned descriptions in graph/meta


@dataclass(frozen=True)
class Amendment:
    """An edit of a graph that other writers share (graph/meta), applied in the same transaction as a replacement.

    Every statement about `subjects` goes, `add` comes in, then subjects under `prune_prefixes` that
    no other statement of the graph mentions go. The edit touches only what it names, so two
    processes writing different sources at the same moment cannot undo each other's records (a
    rewrite of the whole graph from a copy read earlier could).
    """

    graph: str
    subjects: tuple[str, ...] = ()
    add: tuple[Quad, ...] = ()
    prune_prefixes: tuple[str, ...] = ()

    def deletions(self) -> str:
        """The DELETE operations that come before the additions."""
        graph = NamedNode(self.graph)
        return "".join(f"DELETE WHERE {{ GRAPH {graph} {{ {NamedNode(s)} ?p ?o }} }} ;\n" for s in self.subjects)

    def pruning(self) -> str:
        """The DELETE operations, after the additions, of descriptions nothing mentions any more.

        One pass per link of the longest chain of owned descriptions (a graph's review names its
        document and its steward), so a description freed by the previous pass goes in the next.
        """
        if not self.prune_prefixes:
            return ""
        graph = NamedNode(self.graph)
        owned = " || ".join(f"STRSTARTS(STR(?s), {Literal(prefix)})" for prefix in self.prune_prefixes)
        one = (f"DELETE {{ GRAPH {graph} {{ ?s ?p ?o }} }} WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} FILTER ({owned}) "
               f"FILTER NOT EXISTS {{ GRAPH {graph} {{ ?x ?q ?s FILTER (?x != ?s) }} }} }} ;\n")
        return one * PRUNE_PASSES


class Store(Protocol):
    """What wugraph needs from a quad store: union-graph queries and atomic graph replacement."""

    def query(
        self,
        sparql: str,
        default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None,
        base_iri: str | None = None,
    ) -> QueryResult: ...

    def replace_graphs(self, graphs: Mapping[str, Iterable[Quad]], remove: Iterable[str] = (),
                       amend: Amendment | None = None) -> None: ...

    def bulk_replace_graph(self, graph: str, quads: Iterable[Quad], in_graph: bool = False) -> None: ...

    def graph_names(self) -> list[str]: ...

    def count(self, graph: str | None = None) -> int: ...

    def quads(self, graph: str | None = None) -> Iterator[Quad]: ...

    def dump(self, output: IO[bytes], fmt: str = "nquads", graph: str | None = None) -> None: ...

    def flush(self) -> None: ...

    def version(self) -> str: ...

    def close(self) -> None: ...

    def __enter__(self) -> "Store": ...

    def __exit__(self, *exc: object) -> None: ...
