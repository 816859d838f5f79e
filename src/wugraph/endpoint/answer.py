"""Running user SPARQL and writing its results: format tables, Accept negotiation, policy, row cap.

The MIME tables are data, so the endpoint, the CLI and the tests share one definition. `answer`
is the whole path of one protocol request (policy, dataset, engine, capped serialisation); the
endpoint runs it inside a killable worker process (`query_worker`) so a runaway query can be stopped.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pyoxigraph as ox

from ..config import Settings
from . import policy
from ..errors import NotAcceptableError, ParseError, StoreError, TooLargeError, UsageError
from ..namespaces import PREFIXES
from .policy import QueryShape
from .results import write_solutions
from ..store import QueryResult, Store

# A graph IRI that is never created: how "this half of the dataset is empty" is spelt to the Store.
NO_GRAPH = "urn:x-wugraph:no-graph"


@dataclass(frozen=True)
class Format:
    """One output format: its short name, media type and the pyoxigraph format behind it."""

    name: str
    media_type: str
    oxigraph: ox.QueryResultsFormat | ox.RdfFormat
    aliases: tuple[str, ...] = ()

    @property
    def content_type(self) -> str:
        return self.media_type + ("; charset=utf-8" if self.media_type.startswith(("text/", "application/sparql-results+json", "application/ld+json")) else "")


RESULT_FORMATS: tuple[Format, ...] = (
    Format("json", "application/sparql-results+json", ox.QueryResultsFormat.JSON, ("application/json",)),
    Format("xml", "application/sparql-results+xml", ox.QueryResultsFormat.XML, ("application/xml", "text/xml")),
    Format("csv", "text/csv", ox.QueryResultsFormat.CSV),
    Format("tsv", "text/tab-separated-values", ox.QueryResultsFormat.TSV),
)
GRAPH_FORMATS: tuple[Format, ...] = (
    Format("turtle", "text/turtle", ox.RdfFormat.TURTLE, ("application/x-turtle",)),
    Format("ntriples", "application/n-triples", ox.RdfFormat.N_TRIPLES, ("text/plain",)),
    Format("jsonld", "application/ld+json", ox.RdfFormat.JSON_LD, ("application/json",)),
    Format("nquads", "application/n-quads", ox.RdfFormat.N_QUADS),
    Format("trig", "application/trig", ox.RdfFormat.TRIG),
    Format("rdfxml", "application/rdf+xml", ox.RdfFormat.RDF_XML, ("application/xml", "text/xml")),
)


def is_graph_result(result: QueryResult) -> bool:
    """CONSTRUCT and DESCRIBE give triples; SELECT and ASK give a results table or boolean."""
    return isinstance(result, ox.QueryTriples)


def formats_for(result: QueryResult) -> tuple[Format, ...]:
    return GRAPH_FORMATS if is_graph_result(result) else RESULT_FORMATS


_NAME_ALIASES: dict[str, str] = {
    "srj": "json", "srx": "xml", "ttl": "turtle", "nt": "ntriples", "n-triples": "ntriples", "nq": "nquads",
    "n-quads": "nquads", "json-ld": "jsonld", "rdf": "rdfxml", "rdf/xml": "rdfxml", "rdf+xml": "rdfxml", "owl": "rdfxml",
    "n3": "turtle", "sparql-results+json": "json", "sparql-results+xml": "xml",
}
# A generic name asked for a graph result means the graph flavour of that syntax.
_GRAPH_FLAVOUR: dict[str, str] = {"json": "jsonld", "xml": "rdfxml"}


def by_name(name: str, graph: bool) -> Format:
    """Look a format up by its short name (`--format`, `?format=`), an alias or a media type."""
    table = GRAPH_FORMATS if graph else RESULT_FORMATS
    key = name.strip().lower()
    key = _NAME_ALIASES.get(key, key)
    if graph:
        key = _GRAPH_FLAVOUR.get(key, key)
    for fmt in table:
        if key in (fmt.name, fmt.media_type, *fmt.aliases):
            return fmt
    names = ", ".join(f.name for f in table)
    raise UsageError(f"Định dạng không hỗ trợ: {name}. Chọn một trong: {names}.", f"Unsupported format: {name}. Choose one of: {names}.")


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """Media ranges with their q-values, best first; ties keep the client's order, specific before wildcard."""
    return [(media, q) for media, q, _, _ in _ranges(header)]


def _ranges(header: str | None) -> list[tuple[str, float, int, int]]:
    """(media range, q, specificity, position) for each well-formed range, sorted best first."""
    if not header or not header.strip():
        return [("*/*", 1.0, 0, 0)]
    ranges: list[tuple[str, float, int, int]] = []
    for position, part in enumerate(header.split(",")):
        pieces = [p.strip() for p in part.split(";")]
        media = pieces[0].lower()
        kind, slash, sub = media.partition("/")
        if not slash or not kind or not sub or (kind == "*" and sub != "*"):
            continue
        q = 1.0
        for param in pieces[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value.strip())))
                except ValueError:
                    q = 0.0
        specificity = 0 if media == "*/*" else 1 if sub == "*" else 2
        ranges.append((media, q, specificity, position))
    ranges.sort(key=lambda r: (-r[1], -r[2], r[3]))
    return ranges


def _matches(media_range: str, media_type: str, aliases: tuple[str, ...] = ()) -> bool:
    """Wildcards match a format's own media type only; exact ranges also match its aliases."""
    if media_range == "*/*":
        return True
    if media_range.endswith("/*"):
        return media_type.startswith(media_range[:-1])
    return media_range in (media_type, *aliases)


def _rank(ranges: list[tuple[str, float, int, int]], media_type: str, aliases: tuple[str, ...] = ()) -> tuple[float, int, int] | None:
    """(q, specificity, -position) of the most specific range that matches the type; None when none does."""
    matching = [r for r in ranges if _matches(r[0], media_type, aliases)]
    if not matching:
        return None
    _, q, specificity, position = max(matching, key=lambda r: (r[2], -r[3]))
    return q, specificity, -position


def negotiate(accept: str | None, table: tuple[Format, ...]) -> Format:
    """The format the client prefers most among those we offer (RFC 9110: the most specific range sets q).

    Ties go to the more specific range, then to the range the client listed first, then to our
    table order, so `*/*` gives the first format of the table.
    """
    ranges = _ranges(accept)
    best: tuple[float, int, int, int] | None = None
    chosen: Format | None = None
    for index, fmt in enumerate(table):
        rank = _rank(ranges, fmt.media_type, fmt.aliases)
        if rank is None or rank[0] <= 0.0:
            continue
        key = (*rank, -index)
        if best is None or key > best:
            best, chosen = key, fmt
    if chosen is None:
        offered = ", ".join(f.media_type for f in table)
        raise NotAcceptableError(
            f"Không có định dạng phù hợp với Accept: {accept}. Có: {offered}.",
            f"No representation matches Accept: {accept}. Available: {offered}.",
        )
    return chosen


def prefers_html(accept: str | None, table: tuple[Format, ...] = GRAPH_FORMATS) -> bool:
    """A browser asking for a page: text/html ranks strictly above every format of `table`."""
    ranges = _ranges(accept)
    html = _rank(ranges, "text/html", ("application/xhtml+xml",))
    if html is None or html[0] <= 0.0:
        return False
    others = [r for r in (_rank(ranges, fmt.media_type, fmt.aliases) for fmt in table) if r is not None and r[0] > 0.0]
    return not others or html > max(others)


def serialize(result: QueryResult, fmt: Format) -> bytes:
    """Write a query result in the chosen format."""
    buffer = io.BytesIO()
    if isinstance(result, ox.QueryTriples):
        rdf_format = fmt.oxigraph
        assert isinstance(rdf_format, ox.RdfFormat)
        items = (ox.Quad(t.subject, t.predicate, t.object) for t in result) if rdf_format.supports_datasets else result
        prefixes = PREFIXES if fmt.name in ("turtle", "trig", "rdfxml") else None
        ox.serialize(items, buffer, rdf_format, prefixes=prefixes)
    else:
        results_format = fmt.oxigraph
        assert isinstance(results_format, ox.QueryResultsFormat)
        result.serialize(buffer, results_format)
    return buffer.getvalue()


def check_size(text: str, settings: Settings) -> None:
    """413 before anything else reads the query."""
    size = len(text.encode("utf-8"))
    if size > settings.max_query_bytes:
        raise TooLargeError(
            f"Truy vấn dài {size} byte, vượt giới hạn {settings.max_query_bytes} byte.",
            f"The query is {size} bytes, over the limit of {settings.max_query_bytes} bytes.",
            limit=settings.max_query_bytes,
        )


def dataset_args(shape: QueryShape, default_graphs: list[str] | tuple[str, ...] | None,
                 named_graphs: list[str] | tuple[str, ...] | None) -> tuple[list[str] | None, list[str] | None]:
    """The dataset to run over, as the Store takes it; None/None means the union of all graphs.

    The protocol's default-graph-uri/named-graph-uri override the query's FROM/FROM NAMED. A dataset
    given either way names exactly its graphs: a missing half is empty (spelt as NO_GRAPH, a graph
    that never exists, because the Store reads an empty list as "not given").
    """
    given_default, given_named = list(default_graphs or ()), list(named_graphs or ())
    if not given_default and not given_named:
        given_default, given_named = list(shape.from_graphs), list(shape.from_named)
    if not given_default and not given_named:
        return None, None
    for iri in (*given_default, *given_named):
        try:
            ox.NamedNode(iri)
        except ValueError as exc:
            raise UsageError(f"IRI đồ thị không hợp lệ: {iri}", f"Invalid graph IRI: {iri}") from exc
    return given_default or [NO_GRAPH], given_named or [NO_GRAPH]


def execute(store: Store, text: str, settings: Settings, default_graphs: list[str] | tuple[str, ...] | None = None,
            named_graphs: list[str] | tuple[str, ...] | None = None) -> QueryResult:
    """Run a user's query: size limit, policy (no SERVICE, updates or remote FROM), then the engine.

    Nothing runs if policy refuses; syntax errors become ParseError carrying the parser's message.
    """
    check_size(text, settings)
    shape = policy.inspect(text)
    policy.enforce(shape, store.graph_names() if shape.has_dataset else ())
    default, named = dataset_args(shape, default_graphs, named_graphs)
    try:
        return store.query(text, default_graphs=default, named_graphs=named)
    except SyntaxError as exc:
        raise ParseError(f"Lỗi cú pháp SPARQL: {exc}", f"SPARQL syntax error: {exc}") from exc
    except OSError as exc:
        raise StoreError(f"Kho dữ liệu báo lỗi khi chạy truy vấn: {exc}", f"The store failed while running the query: {exc}") from exc


@dataclass(frozen=True)
class QueryRequest:
    """One protocol request: the query, its dataset and what the client asked the answer to look like."""

    text: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    accept: str | None = None
    format: str | None = None


@dataclass(frozen=True)
class Answer:
    """A finished, serialised answer; `truncated` says the row cap cut it short."""

    body: bytes
    content_type: str
    format: str
    kind: str
    rows: int
    truncated: bool


def answer(store: Store, request: QueryRequest, settings: Settings) -> Answer:
    """Check, run and serialise a query in the negotiated format, stopping at settings.max_rows."""
    result = execute(store, request.text, settings, request.default_graphs, request.named_graphs)
    graph = is_graph_result(result)
    fmt = by_name(request.format, graph) if request.format else negotiate(request.accept, formats_for(result))
    try:
        if isinstance(result, ox.QuerySolutions):
            written = write_solutions(result, fmt.name, settings.max_rows)
            return Answer(written.body, fmt.content_type, fmt.name, "bindings", written.rows, written.truncated)
        if isinstance(result, ox.QueryBoolean):
            return Answer(serialize(result, fmt), fmt.content_type, fmt.name, "boolean", 1, False)
        triples: list[ox.Triple] = []
        truncated = False
        for triple in result:
            if len(triples) >= settings.max_rows:
                truncated = True
                break
            triples.append(triple)
    except OSError as exc:
        raise StoreError(f"Kho dữ liệu báo lỗi khi chạy truy vấn: {exc}", f"The store failed while running the query: {exc}") from exc
    return Answer(serialize_triples(triples, fmt), fmt.content_type, fmt.name, "graph", len(triples), truncated)


def serialize_triples(triples: list[ox.Triple], fmt: Format) -> bytes:
    """Triples in a graph format (dataset formats put them in the default graph), with our prefixes where the syntax has them."""
    buffer = io.BytesIO()
    rdf_format = fmt.oxigraph
    assert isinstance(rdf_format, ox.RdfFormat)
    items = [ox.Quad(t.subject, t.predicate, t.object) for t in triples] if rdf_format.supports_datasets else triples
    ox.serialize(items, buffer, rdf_format, prefixes=PREFIXES if fmt.name in ("turtle", "trig", "rdfxml") else None)
    return buffer.getvalue()
