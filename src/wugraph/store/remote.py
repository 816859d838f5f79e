"""The Store protocol over a remote SPARQL 1.1 server (Oxigraph server, Virtuoso, Fuseki, GraphDB, QLever).

A national deployment outgrows one process and one disk; then wugraph talks to an existing triple
store over SPARQL 1.1 Query, Update and the Graph Store Protocol. `WUGRAPH_STORE` names the server
as `<dialect>+http(s)://…` (conventions in docs/scaling-out.md). Reads are retried with exponential
back-off while the server is briefly unavailable; every batch write is ONE update request, so the
server applies all of it or none; a batch too large for one request is filled into staging graphs
and moved into place by one final request. Results come back as pyoxigraph objects, exactly what
the embedded store returns, so nothing above this module knows which store it has.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from typing import IO
from urllib.parse import urlencode

import pyoxigraph as ox
import urllib3
from urllib3.exceptions import (
    ConnectTimeoutError,
    HTTPError,
    NewConnectionError,
    ReadTimeoutError,
)

from ..errors import QueryTimeoutError, StoreError
from ..formats import graph_format
from ..namespaces import GRAPH_BASE, META_GRAPH, PREFIXES
from .dialects import needs_base, query_form, strip_bnode_prefix, values_as_binds
from .location import Location, parse_location
from .protocol import Amendment
from .rdf import QueryResult
from .updates import (
    DATASET,
    VERSION,
    amendment_update,
    insert_data,
    nt,
    replacement_update,
    version_update,
)

STAGING_BASE = GRAPH_BASE + "staging/"
GRAPH_ACCEPT = "application/n-triples, text/plain;q=0.5"
QUADS_ACCEPT = "application/n-quads"
RETRY_STATUSES = frozenset({502, 503, 504})
BULK_QUADS = 50_000  # quads per request of a bulk graph load (short requests; the load is not atomic anyway)


def _graph_result(data: bytes, rdf_format: ox.RdfFormat) -> ox.QueryTriples:
    """Triples of a CONSTRUCT/DESCRIBE answer as a real `QueryTriples`, the type the embedded store returns."""
    local = ox.Store()
    local.load(data, format=rdf_format)
    return local.query("CONSTRUCT WHERE { ?s ?p ?o }")


def _pack(quads: Iterable[ox.Quad], size: int) -> Iterator[list[ox.Quad]]:
    """Lists of about `size` quads that never split a blank-node component (labels are scoped per request)."""
    parent: dict[str, str] = {}

    def root(label: str) -> str:
        while parent.setdefault(label, label) != label:
            parent[label] = parent[parent[label]]
            label = parent[label]
        return label

    ground: list[ox.Quad] = []
    linked: list[tuple[ox.Quad, str]] = []
    for q in quads:
        labels = [t.value for t in (q.subject, q.object) if isinstance(t, ox.BlankNode)]
        if not labels:
            ground.append(q)
            continue
        linked.append((q, labels[0]))
        for other in labels[1:]:
            parent[root(other)] = root(labels[0])
    components: dict[str, list[ox.Quad]] = {}
    for q, label in linked:
        components.setdefault(root(label), []).append(q)
    batch: list[ox.Quad] = []
    for part in [*([q] for q in ground), *components.values()]:
        if batch and len(batch) + len(part) > size:
            yield batch
            batch = []
        batch.extend(part)
    if batch:
        yield batch


def _triples(quads: Iterable[ox.Quad]) -> str:
    return "".join(f"{nt(q.subject)} {nt(q.predicate)} {nt(q.object)} .\n" for q in quads)


def _blocked_inserts(graphs: Mapping[str, Iterable[ox.Quad]], block: int) -> Iterator[str]:
    """Insert operations of at most `block` triples (Virtuoso's parser limit); blank nodes go by INSERT … WHERE {}."""
    for graph, quads in graphs.items():
        for part in _pack(quads, block):
            if any(isinstance(t, ox.BlankNode) for q in part for t in (q.subject, q.object)):
                yield f"INSERT {{ GRAPH <{graph}> {{\n{_triples(part)}}} }} WHERE {{ }} ;\n"
            else:
                yield f"INSERT DATA {{ GRAPH <{graph}> {{\n{_triples(part)}}} }} ;\n"


class RemoteStore:
    """A Store on a SPARQL 1.1 server: pooled HTTP, retried reads, one request per batch write."""

    def __init__(self, location: Location | str, read_only: bool = False, timeout: float = 120.0, write_timeout: float = 900.0, retries: int = 3,
                 backoff: float = 0.2, pool_size: int = 8) -> None:
        location = location if isinstance(location, Location) else parse_location(location)
        dialect, base, options = location.dialect, location.url, location.options
        assert dialect is not None and base is not None
        unknown = set(options) - {"timeout", "write_timeout", "retries", "batch"}
        if unknown:
            raise StoreError(f"Tuỳ chọn kho không rõ: {', '.join(sorted(unknown))}.",
                             f"Unknown store options: {', '.join(sorted(unknown))}.")
        try:
            if "batch" in options:
                dialect = replace(dialect, request_quads=int(options["batch"][0]))
            self.timeout = float(options["timeout"][0]) if "timeout" in options else timeout
            self.write_timeout = float(options["write_timeout"][0]) if "write_timeout" in options else write_timeout
            self.retries = int(options["retries"][0]) if "retries" in options else retries
        except ValueError as exc:
            raise StoreError(f"Tuỳ chọn kho không hợp lệ trong {location}: {exc}.", f"Invalid store option in {location}: {exc}.") from exc
        self.location = location.text
        self.dialect = dialect
        self.base = base
        self.read_only = read_only
        self.backoff = backoff
        self._pool: urllib3.PoolManager | None = urllib3.PoolManager(
            maxsize=pool_size, retries=False, timeout=urllib3.Timeout(connect=5.0, read=self.timeout))

    # -- HTTP ---------------------------------------------------------------------------------

    def _send(self, method: str, url: str, body: bytes | None, headers: dict[str, str], safe: bool) -> urllib3.BaseHTTPResponse:
        """One HTTP exchange; `safe` requests (reads) are retried with back-off, writes only if never sent."""
        if self._pool is None:
            raise StoreError("Kho đã đóng.", "The store is closed.")
        for attempt in range(self.retries + 1):
            last = attempt == self.retries
            try:
                response = self._pool.request(method, url, body=body, headers=headers, redirect=False,
                                              timeout=urllib3.Timeout(connect=5.0, read=self.timeout if safe else self.write_timeout))
            except (NewConnectionError, ConnectTimeoutError) as exc:  # nothing reached the server
                if last:
                    raise self._unreachable(exc) from exc
            except ReadTimeoutError as exc:
                if safe:
                    raise QueryTimeoutError(
                        f"Kho SPARQL {self.base} không trả lời trong {self.timeout:g} giây; đã thôi chờ.",
                        f"The SPARQL store at {self.base} gave no answer within {self.timeout:g} s; stopped waiting.",
                    ) from exc
                raise self._went_away(exc) from exc
            except HTTPError as exc:  # the connection broke after the request was sent
                if not safe:
                    raise self._went_away(exc) from exc
                if last:
                    raise self._unreachable(exc) from exc
            else:
                if not (safe and response.status in RETRY_STATUSES) or last:
                    return response
            time.sleep(self.backoff * 2 ** attempt)
        raise AssertionError("unreachable")

    def _unreachable(self, exc: Exception) -> StoreError:
        return StoreError(
            f"Không kết nối được kho SPARQL {self.base} sau {self.retries + 1} lần thử ({exc}). Máy chủ có đang chạy không?",
            f"Cannot reach the SPARQL store at {self.base} after {self.retries + 1} attempts ({exc}). Is the server running?",
        )

    def _went_away(self, exc: Exception) -> StoreError:
        return StoreError(
            f"Kho SPARQL {self.base} ngắt kết nối giữa lúc ghi ({exc}). Lô ghi là một yêu cầu duy nhất nên máy chủ "
            "đã ghi trọn vẹn hoặc không ghi gì; hãy xem phiên bản kho trước khi gửi lại.",
            f"The SPARQL store at {self.base} went away during a write ({exc}). The batch was one request, so the "
            "server applied all of it or none of it; check the store version before sending it again.",
        )

    def _failed(self, response: urllib3.BaseHTTPResponse, what: str) -> Exception:
        """A server's refusal: 400 is a syntax error (as the embedded store raises), the rest a StoreError."""
        text = response.data.decode("utf-8", "replace").strip()[:600]
        if response.status == 400:
            return SyntaxError(text)
        what_vi = {"query": "truy vấn", "update": "lệnh cập nhật", "download": "yêu cầu tải đồ thị",
                   "upload": "yêu cầu nạp đồ thị"}[what]
        return StoreError(f"Kho SPARQL {self.base} từ chối {what_vi} (HTTP {response.status}): {text}",
                          f"The SPARQL store at {self.base} refused the {what} (HTTP {response.status}): {text}")

    # -- reading ------------------------------------------------------------------------------

    def query(self, sparql: str, default_graphs: list[str] | None = None,
              named_graphs: list[str] | None = None, base_iri: str | None = None) -> QueryResult:
        """Run a query; the default graph is the union of all graphs unless graphs are named.

        A `base_iri` goes in front of the text as a BASE declaration (the protocol has no parameter for it),
        only when the query declares none and has a relative IRI to resolve.
        """
        if base_iri and needs_base(sparql):
            sparql = f"BASE <{base_iri}> " + sparql
        fields: list[tuple[str, str]] = [("query", values_as_binds(sparql) if self.dialect.values_as_binds else sparql)]
        if named_graphs and not default_graphs:
            default_graphs = self.graph_names()  # the union, spelt out: servers refuse union + named graphs
        if default_graphs or named_graphs:
            fields += [("default-graph-uri", g) for g in default_graphs or ()]
            fields += [("named-graph-uri", g) for g in named_graphs or ()]
        elif self.dialect.union_param:
            fields.append((self.dialect.union_param, ""))
        form = query_form(sparql)
        results = self.dialect.results_accept
        accept = GRAPH_ACCEPT if form in ("CONSTRUCT", "DESCRIBE") else results if form else f"{results}, {GRAPH_ACCEPT}"
        response = self._send("POST", self.base + self.dialect.query_path, urlencode(fields).encode(),
                              {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept}, safe=True)
        if response.status != 200:
            raise self._failed(response, "query")
        media = (response.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        results_format = ox.QueryResultsFormat.from_media_type(media)
        if results_format is not None:
            data = response.data
            if self.dialect.bnode_prefix:
                data = strip_bnode_prefix(data, self.dialect.bnode_prefix)
            return ox.parse_query_results(data, results_format)
        rdf_format = ox.RdfFormat.from_media_type("application/n-triples" if media == "text/plain" else media)
        if rdf_format is None:
            raise StoreError(f"Kho SPARQL {self.base} trả kết quả kiểu {media} không đọc được.",
                             f"The SPARQL store at {self.base} answered with an unreadable media type {media}.")
        return _graph_result(response.data, rdf_format)

    def _rows(self, sparql: str) -> list[ox.QuerySolution]:
        return list(self.query(sparql))  # type: ignore[arg-type]

    def version(self) -> str:
        """An opaque token that changes on every write, read from the metadata graph on each call."""
        rows = self._rows(f"SELECT ?v WHERE {{ GRAPH <{META_GRAPH}> {{ {DATASET} {VERSION} ?v }} }} LIMIT 1")
        return rows[0]["v"].value if rows else "empty"

    def graph_names(self) -> list[str]:
        rows = self._rows("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")  # Virtuoso: DISTINCT shows private graphs
        return sorted(r["g"].value for r in rows if isinstance(r["g"], ox.NamedNode) and not r["g"].value.startswith(STAGING_BASE))

    def count(self, graph: str | None = None) -> int:
        """Number of quads, in one graph or in every named graph."""
        where = f"GRAPH <{ox.NamedNode(graph).value}> {{ ?s ?p ?o }}" if graph else "GRAPH ?g { ?s ?p ?o }"
        return int(self._rows(f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}")[0]["n"].value)

    def _graph_triples(self, graph: str) -> Iterator[ox.Triple]:
        """One graph's triples: by the Graph Store Protocol where there is one, else by CONSTRUCT."""
        if self.dialect.gsp_path is None:
            return iter(self.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{ox.NamedNode(graph).value}> {{ ?s ?p ?o }} }}"))  # type: ignore[arg-type]
        url = f"{self.base}{self.dialect.gsp_path}?{urlencode({self.dialect.graph_param: graph})}"
        response = self._send("GET", url, None, {"Accept": GRAPH_ACCEPT}, safe=True)
        if response.status == 404:
            return iter(())
        if response.status != 200:
            raise self._failed(response, "download")
        return ox.parse(response.data, ox.RdfFormat.N_TRIPLES)

    def quads(self, graph: str | None = None) -> Iterator[ox.Quad]:
        """Every quad of one graph or of the whole store (all named graphs)."""
        if graph is not None:
            name = ox.NamedNode(graph)
            return (ox.Quad(t.subject, t.predicate, t.object, name) for t in self._graph_triples(graph))
        if self.dialect.dataset_dump:
            response = self._send("GET", self.base + str(self.dialect.gsp_path), None, {"Accept": QUADS_ACCEPT}, safe=True)
            if response.status != 200:
                raise self._failed(response, "download")
            return (q for q in ox.parse(response.data, ox.RdfFormat.N_QUADS) if not str(q.graph_name).startswith(f"<{STAGING_BASE}"))
        return (q for g in self.graph_names() for q in self.quads(g))

    def dump(self, output: IO[bytes], fmt: str = "nquads", graph: str | None = None) -> None:
        """Serialise the whole store (dataset formats) or one graph (any RDF format; TriG and N-Quads keep its name),
        as the embedded store does."""
        chosen = graph_format(fmt)
        rdf_format = ox.RdfFormat.from_media_type(chosen.media_type)
        if graph is not None and chosen.datasets:
            ox.serialize(self.quads(graph), output, rdf_format, prefixes=PREFIXES if chosen.prefixed else None)
            return
        if graph is not None:
            items: Iterable[ox.Quad | ox.Triple] = self._graph_triples(graph)
        elif rdf_format.supports_datasets:
            items = self.quads()
        else:
            items = (ox.Triple(q.subject, q.predicate, q.object) for q in self.quads())
        ox.serialize(items, output, rdf_format)

    # -- writing ------------------------------------------------------------------------------

    def update(self, sparql_update: str) -> None:
        """Send one SPARQL Update request; the server applies it as one transaction (used by write paths only)."""
        if self.read_only:
            raise StoreError("Kho được mở chỉ để đọc.", "The store was opened read-only.")
        text = sparql_update.rstrip().rstrip(";")
        if self.dialect.update_form:
            body, kind = urlencode({"update": text}).encode(), "application/x-www-form-urlencoded"
        else:
            body, kind = text.encode("utf-8"), "application/sparql-update"
        response = self._send("POST", self.base + self.dialect.update_path, body,
                              {"Content-Type": kind, "Accept": "*/*"}, safe=False)
        if response.status not in (200, 201, 204):
            raise self._failed(response, "update")

    def _inserts(self, graphs: Mapping[str, Iterable[ox.Quad]]) -> str:
        block = self.dialect.insert_block
        return "".join(_blocked_inserts(graphs, block) if block else insert_data(graphs))

    def replace_graphs(self, graphs: Mapping[str, Iterable[ox.Quad]], remove: Iterable[str] = (),
                       amend: Amendment | None = None) -> None:
        """Drop `remove` and each key of `graphs`, insert the new content, apply `amend` and bump the version: all or nothing."""
        content = {g: list(quads) for g, quads in graphs.items()}
        remove = list(remove)
        if sum(len(quads) for quads in content.values()) > self.dialect.request_quads:
            self._staged_replace(content, remove, amend)
        elif self.dialect.insert_block is None:
            self.update(replacement_update(content, remove, amend))
        else:
            drops = "".join(f"DROP SILENT GRAPH <{g}> ;\n" for g in [*remove, *content])
            self.update(drops + self._inserts(content) + self._amendment(amend) + version_update(uuid.uuid4().hex))

    def _amendment(self, amend: Amendment | None) -> str:
        return amendment_update(amend, lambda graphs: [self._inserts(graphs)])

    def _staged_replace(self, content: dict[str, list[ox.Quad]], remove: list[str], amend: Amendment | None) -> None:
        """Fill fresh staging graphs in several requests, then swap them in with ONE final request."""
        token = uuid.uuid4().hex
        staging = {g: f"{STAGING_BASE}{token}/{i}" for i, g in enumerate(content)}
        try:
            for graph, quads in content.items():
                for part in _pack(quads, self.dialect.request_quads):
                    self.update(self._inserts({staging[graph]: part}))
        except (StoreError, SyntaxError):
            self._drop_quietly(list(staging.values()))
            raise
        swap = [f"DROP SILENT GRAPH <{g}> ;\n" for g in remove]
        swap += [f"MOVE SILENT <{staging[g]}> TO <{g}> ;\n" if quads else f"DROP SILENT GRAPH <{g}> ;\n"
                 for g, quads in content.items()]
        self.update("".join(swap) + self._amendment(amend) + version_update(uuid.uuid4().hex))

    def _drop_quietly(self, graphs: list[str]) -> None:
        """Best-effort clean-up of staging graphs after a failed fill (the target graphs were never touched)."""
        try:
            self.update("".join(f"DROP SILENT GRAPH <{g}> ;\n" for g in graphs))
        except (StoreError, SyntaxError):
            pass

    def bulk_replace_graph(self, graph: str, quads: Iterable[ox.Quad], in_graph: bool = False) -> None:
        """Fast, chunked, non-atomic refill of one graph (build of bundled data, which is repeatable).

        The quads' own graph is never read (they are sent as triples of `graph`), so `in_graph` changes nothing here.
        """
        if self.read_only:
            raise StoreError("Kho được mở chỉ để đọc.", "The store was opened read-only.")
        first = True
        for part in _pack(quads, min(self.dialect.request_quads, BULK_QUADS)):
            if self.dialect.gsp_path is None:
                self.update((f"DROP SILENT GRAPH <{graph}> ;\n" if first else "") + self._inserts({graph: part}))
            else:
                url = f"{self.base}{self.dialect.gsp_path}?{urlencode({self.dialect.graph_param: graph})}{self.dialect.bulk_suffix}"
                body = ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in part), format=ox.RdfFormat.N_TRIPLES)
                response = self._send("PUT" if first else "POST", url, body, {"Content-Type": "application/n-triples"}, safe=False)
                if response.status not in (200, 201, 204):
                    raise self._failed(response, "upload")
            first = False
        self.update((f"DROP SILENT GRAPH <{graph}> ;\n" if first else "") + version_update(uuid.uuid4().hex))

    def flush(self) -> None:
        """Nothing to do: the server made each answered update durable."""

    def close(self) -> None:
        """Close the pooled connections."""
        if self._pool is not None:
            self._pool.clear()
            self._pool = None

    def __enter__(self) -> "RemoteStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
