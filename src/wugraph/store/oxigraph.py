"""The embedded store: an on-disk Oxigraph (RocksDB) folder that plain pyoxigraph can open too."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from ..errors import StoreError
from ..formats import Format, graph_format
from ..namespaces import PREFIXES
from .protocol import Amendment
from .rdf import QueryResult
from .updates import DATASET, META, VERSION, replacement_update, version_update


class OxigraphStore:
    """An on-disk Oxigraph (RocksDB) store; the folder stays one plain pyoxigraph can open."""

    def __init__(self, path: Path | str | None, read_only: bool = False) -> None:
        self.path = Path(path) if path is not None else None
        # The version is read once and kept until this object writes: only it can write the folder
        # (RocksDB's lock), and a read-only snapshot never changes. Every request asks for it.
        self._version: str | None = None
        self._writes = 0
        self._version_lock = threading.Lock()
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
        base_iri: str | None = None,
    ) -> QueryResult:
        """Run a query; the default graph is the union of all graphs unless graphs are named.

        `base_iri` resolves the query's relative IRIs (the endpoint passes its own URL, as the protocol expects).
        """
        options: dict[str, object] = {"base_iri": base_iri} if base_iri else {}
        if default_graphs:
            options["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
        else:
            options["use_default_graph_as_union"] = True
        if named_graphs:
            options["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
        return self._store.query(sparql, **options)

    def update(self, sparql_update: str) -> None:
        """Apply a SPARQL Update in one transaction (write paths inside `store/` and tests, never users)."""
        try:
            self._store.update(sparql_update)
        finally:
            self._wrote()

    def replace_graphs(self, graphs: Mapping[str, Iterable[ox.Quad]], remove: Iterable[str] = (),
                       amend: Amendment | None = None) -> None:
        """Atomically drop `remove` and each key of `graphs`, insert the new content and apply `amend`."""
        try:
            self._store.update(replacement_update(graphs, remove, amend))
        finally:
            self._wrote()

    def bulk_replace_graph(self, graph: str, quads: Iterable[ox.Quad], in_graph: bool = False) -> None:
        """Fast, non-transactional refill of one graph (build of bundled data, which is repeatable).

        Quads are re-homed into `graph`, unless the caller says they are all in it already (`in_graph`): then they
        go to the loader as they are, which saves taking half a million quads apart on a build.
        """
        target = ox.NamedNode(graph)
        try:
            if self._store.contains_named_graph(target):
                self._store.remove_graph(target)
            self._store.bulk_extend(quads if in_graph else (ox.Quad(q.subject, q.predicate, q.object, target) for q in quads))
            self._store.update(version_update(uuid.uuid4().hex))
        finally:
            self._wrote()

    def load_graph(self, graph: str, path: Path, fmt: Format, base_iri: str | None = None) -> None:
        """Load one file into a named graph, created even when the file is empty (test suites name empty graphs)."""
        target = ox.NamedNode(graph)
        try:
            self._store.add_graph(target)
            self._store.load(path=str(path), format=ox.RdfFormat.from_media_type(fmt.media_type),
                             base_iri=base_iri or path.as_uri(), to_graph=target)
        finally:
            self._wrote()

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
        """Serialise the whole store (dataset formats) or one graph (any RDF format; TriG and N-Quads keep its name)."""
        chosen = graph_format(fmt)
        rdf_format = ox.RdfFormat.from_media_type(chosen.media_type)
        if graph is not None and chosen.datasets:
            ox.serialize(self._store.quads_for_pattern(None, None, None, ox.NamedNode(graph)), output, rdf_format,
                         prefixes=PREFIXES if chosen.prefixed else None)
        elif graph is not None:
            self._store.dump(output, rdf_format, from_graph=ox.NamedNode(graph))
        elif chosen.datasets:
            self._store.dump(output, rdf_format)
        else:
            ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in self._store), output, rdf_format)

    def version(self) -> str:
        """An opaque token that changes on every write: the key for ETags and caches."""
        with self._version_lock:
            if self._version is not None:
                return self._version
            writes = self._writes
        found = "empty"
        for quad in self._store.quads_for_pattern(DATASET, VERSION, None, META):
            found = quad.object.value
            break
        with self._version_lock:
            if writes == self._writes:  # no write began meanwhile, so what was read is current
                self._version = found
        return found

    def _wrote(self) -> None:
        with self._version_lock:
            self._writes += 1
            self._version = None

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
