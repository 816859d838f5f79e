"""The Store protocol and its embedded implementation on an on-disk Oxigraph store.

Everything above this module talks to a `Store`; only this module imports pyoxigraph's Store.
Queries see the union of all named graphs as their default graph, so `GRAPH ?g` answers
"where did this come from" while ordinary patterns need not care.
"""

from __future__ import annotations

import io
import re
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Protocol, Union

import pyoxigraph as ox

from ..errors import StoreError
from ..namespaces import DCTERMS, META_GRAPH, WU

QueryResult = Union[ox.QuerySolutions, ox.QueryBoolean, ox.QueryTriples]
Term = Union[ox.NamedNode, ox.BlankNode, ox.Literal]

DATASET_IRI = "https://w3id.org/wugraph/id/dataset"
_VERSION = ox.NamedNode(WU + "storeVersion")
_MODIFIED = ox.NamedNode(DCTERMS + "modified")
_DATASET = ox.NamedNode(DATASET_IRI)
_META = ox.NamedNode(META_GRAPH)

RDF_FORMATS: dict[str, ox.RdfFormat] = {
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}


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
    add: tuple[ox.Quad, ...] = ()
    prune_prefixes: tuple[str, ...] = ()

    def deletions(self) -> str:
        """The DELETE operations that come before the additions."""
        graph = ox.NamedNode(self.graph)
        return "".join(f"DELETE WHERE {{ GRAPH {graph} {{ {ox.NamedNode(s)} ?p ?o }} }} ;\n" for s in self.subjects)

    def pruning(self) -> str:
        """The DELETE operation, after the additions, of descriptions nothing mentions any more."""
        if not self.prune_prefixes:
            return ""
        graph = ox.NamedNode(self.graph)
        owned = " || ".join(f"STRSTARTS(STR(?s), {ox.Literal(prefix)})" for prefix in self.prune_prefixes)
        return (f"DELETE {{ GRAPH {graph} {{ ?s ?p ?o }} }} WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} FILTER ({owned}) "
                f"FILTER NOT EXISTS {{ GRAPH {graph} {{ ?x ?q ?s FILTER (?x != ?s) }} }} }} ;\n")


class Store(Protocol):
    """What wugraph needs from a quad store: union-graph queries and atomic graph replacement."""

    def query(
        self,
        sparql: str,
        default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None,
    ) -> QueryResult: ...

    def update(self, sparql_update: str) -> None: ...

    def replace_graphs(self, graphs: Mapping[str, Iterable[ox.Quad]], remove: Iterable[str] = (),
                       amend: Amendment | None = None) -> None: ...

    def bulk_replace_graph(self, graph: str, quads: Iterable[ox.Quad]) -> None: ...

    def graph_names(self) -> list[str]: ...

    def count(self, graph: str | None = None) -> int: ...

    def quads(self, graph: str | None = None) -> Iterator[ox.Quad]: ...

    def dump(self, output: IO[bytes], fmt: str = "nquads", graph: str | None = None) -> None: ...

    def dump_bytes(self, fmt: str = "nquads", graph: str | None = None) -> bytes: ...

    def flush(self) -> None: ...

    def version(self) -> str: ...

    def close(self) -> None: ...

    def __enter__(self) -> "Store": ...

    def __exit__(self, *exc: object) -> None: ...


def nt(term: Term | ox.Triple) -> str:
    """A term in N-Triples syntax, for SPARQL Update text built from parsed terms (never from user strings)."""
    return str(term)


def _insert_data(graphs: Mapping[str, Iterable[ox.Quad]]) -> Iterator[str]:
    """INSERT DATA blocks, one per graph; quads are re-homed into the graph they are filed under."""
    for graph, quads in graphs.items():
        yield f"INSERT DATA {{ GRAPH <{graph}> {{\n"
        for q in quads:
            yield f"{nt(q.subject)} {nt(q.predicate)} {nt(q.object)} .\n"
        yield "} } ;\n"


def version_update(new_version: str) -> str:
    """The update that stamps a new store version and modification time in the metadata graph."""
    now = ox.Literal(datetime.now(timezone.utc).isoformat(timespec="seconds"), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#dateTime"))
    return (
        f"DELETE WHERE {{ GRAPH {_META} {{ {_DATASET} {_VERSION} ?v }} }} ;\n"
        f"DELETE WHERE {{ GRAPH {_META} {{ {_DATASET} {_MODIFIED} ?m }} }} ;\n"
        f"INSERT DATA {{ GRAPH {_META} {{ {_DATASET} {_VERSION} {ox.Literal(new_version)} ; {_MODIFIED} {now} }} }}"
    )


def amendment_update(amend: Amendment | None, inserts: Callable[[Mapping[str, Iterable[ox.Quad]]], Iterable[str]] = _insert_data) -> str:
    """The operations of an amendment (none for None); `inserts` writes INSERT operations in the server's dialect."""
    if amend is None:
        return ""
    added = "".join(inserts({amend.graph: amend.add})) if amend.add else ""
    return amend.deletions() + added + amend.pruning()


def replacement_update(graphs: Mapping[str, Iterable[ox.Quad]], remove: Iterable[str] = (), amend: Amendment | None = None) -> str:
    """One SPARQL Update that drops and refills graphs, amends a shared one and bumps the version: all or nothing."""
    drops = [f"DROP SILENT GRAPH <{g}> ;\n" for g in [*remove, *graphs.keys()]]
    return "".join([*drops, *_insert_data(graphs), amendment_update(amend), version_update(uuid.uuid4().hex)])


class OxigraphStore:
    """An on-disk Oxigraph (RocksDB) store; the folder stays one plain pyoxigraph can open."""

    def __init__(self, path: Path | str | None, read_only: bool = False) -> None:
        self.path = Path(path) if path is not None else None
        try:
            if self.path is None:
                self._store = ox.Store()
            elif read_only:
                self._store = ox.Store.read_only(str(self.path))
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(self.path))
        except OSError as exc:
            raise StoreError(
                f"Không mở được kho dữ liệu {self.path}: {exc}. Có thể một tiến trình khác (wugraph serve?) đang dùng nó.",
                f"Cannot open the store at {self.path}: {exc}. Another process (wugraph serve?) may hold it.",
            ) from exc

    def query(
        self,
        sparql: str,
        default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None,
    ) -> QueryResult:
        """Run a query; the default graph is the union of all graphs unless graphs are named."""
        options: dict[str, object] = {}
        if default_graphs:
            options["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
        else:
            options["use_default_graph_as_union"] = True
        if named_graphs:
            options["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
        return self._store.query(sparql, **options)

    def update(self, sparql_update: str) -> None:
        """Apply a SPARQL Update in one transaction (used by the write paths, never by users)."""
        self._store.update(sparql_update)

    def replace_graphs(self, graphs: Mapping[str, Iterable[ox.Quad]], remove: Iterable[str] = (),
                       amend: Amendment | None = None) -> None:
        """Atomically drop `remove` and each key of `graphs`, insert the new content and apply `amend`."""
        self._store.update(replacement_update(graphs, remove, amend))

    def bulk_replace_graph(self, graph: str, quads: Iterable[ox.Quad]) -> None:
        """Fast, non-transactional refill of one graph (build of bundled data, which is repeatable)."""
        target = ox.NamedNode(graph)
        if self._store.contains_named_graph(target):
            self._store.remove_graph(target)
        self._store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, target) for q in quads)
        self._store.update(version_update(uuid.uuid4().hex))

    def graph_names(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def count(self, graph: str | None = None) -> int:
        """Number of quads, in one graph or in the whole store."""
        if graph is None:
            return len(self._store)
        rows = self._store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{ox.NamedNode(graph).value}> {{ ?s ?p ?o }} }}")
        return int(next(iter(rows))["n"].value)

    def quads(self, graph: str | None = None) -> Iterator[ox.Quad]:
        return self._store.quads_for_pattern(None, None, None, ox.NamedNode(graph) if graph else None)

    def dump(self, output: IO[bytes], fmt: str = "nquads", graph: str | None = None) -> None:
        """Serialise the whole store (dataset formats) or one graph (any RDF format)."""
        rdf_format = RDF_FORMATS[fmt]
        if graph is not None:
            self._store.dump(output, rdf_format, from_graph=ox.NamedNode(graph))
        elif rdf_format.supports_datasets:
            self._store.dump(output, rdf_format)
        else:
            ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in self._store), output, rdf_format)

    def dump_bytes(self, fmt: str = "nquads", graph: str | None = None) -> bytes:
        buffer = io.BytesIO()
        self.dump(buffer, fmt, graph)
        return buffer.getvalue()

    def version(self) -> str:
        """An opaque token that changes on every write: the key for ETags and caches."""
        for quad in self._store.quads_for_pattern(_DATASET, _VERSION, None, _META):
            return quad.object.value
        return "empty"

    def flush(self) -> None:
        self._store.flush()

    def optimize(self) -> None:
        """Compact the on-disk store now (after a bulk load), rather than in the background during later work."""
        self._store.optimize()

    def __enter__(self) -> "OxigraphStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release the RocksDB lock so another process may open the folder."""
        if getattr(self, "_store", None) is not None:
            del self._store
            self._store = None  # type: ignore[assignment]


def is_remote_location(location: str | Path | None) -> bool:
    """`http(s)://…` or `<dialect>+http(s)://…` names a SPARQL server; anything else a folder."""
    return isinstance(location, str) and re.match(r"^(?:[a-z]+\+)?https?://", location) is not None


def open_store(location: str | Path | None, read_only: bool = False, timeout: float | None = None) -> Store:
    """Open the store a setting names: a SPARQL server URL, an on-disk folder, or None for in-memory.

    `timeout` bounds each read of a remote store (the web app passes its query time limit).
    """
    if is_remote_location(location):
        from .remote import RemoteStore  # the remote store builds on this module

        return RemoteStore(str(location), read_only=read_only, **({"timeout": timeout} if timeout else {}))
    return OxigraphStore(location, read_only=read_only)
