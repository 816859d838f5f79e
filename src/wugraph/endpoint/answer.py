"""Running user SPARQL and writing its results: policy, dataset, engine, row cap, serialisation.

Formats and Accept negotiation come from `wugraph.formats`, shared with pages and the CLI. `answer`
is the whole path of one protocol request (policy, dataset, engine, capped serialisation); the
endpoint runs it inside a killable worker process (`endpoint.worker`) so a runaway query can be stopped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..config import Settings
from ..errors import ParseError, StoreError, TooLargeError, UsageError
from ..formats import GRAPH_FORMATS, RESULT_FORMATS, Format, by_name, negotiate
from ..namespaces import PREFIXES
from ..store import QueryResult, Store, rdf
from . import policy
from .lexer import undeclared_prefixes
from .policy import QueryShape
from .results import write_boolean, write_solutions

# A graph IRI that is never created: how "this half of the dataset is empty" is spelt to the Store.
NO_GRAPH = "urn:x-wugraph:no-graph"


def is_graph_result(result: QueryResult) -> bool:
    """CONSTRUCT and DESCRIBE give triples; SELECT and ASK give a results table or boolean."""
    return rdf.is_graph_result(result)


def formats_for(result: QueryResult) -> tuple[Format, ...]:
    return GRAPH_FORMATS if is_graph_result(result) else RESULT_FORMATS


def serialize(result: QueryResult, fmt: Format) -> bytes:
    """Write a query result in the chosen format."""
    if isinstance(result, rdf.QueryTriples):
        return rdf.serialize(result, fmt)
    return rdf.serialize_result(result, fmt)


def check_size(text: str, settings: Settings) -> None:
    """413 before anything else reads the query."""
    size = len(text.encode("utf-8"))
    if size > settings.max_query_bytes:
        raise TooLargeError(
            f"Truy vấn dài {size} byte, vượt giới hạn {settings.max_query_bytes} byte.",
            f"The query is {size} bytes, over the limit of {settings.max_query_bytes} bytes.",
            limit=settings.max_query_bytes,
        )


def shape_of(text: str, settings: Settings) -> QueryShape:
    """Size, then the flat scan and its limits: everything checked before any parser reads the text."""
    check_size(text, settings)
    shape = policy.inspect(text, settings.max_query_depth, settings.max_query_operators)
    policy.check_limits(shape, settings)
    return shape


_POSITION = re.compile(r"error at (\d+):(\d+)")


def syntax_error(text: str, error: SyntaxError) -> ParseError:
    """The parser's message and position, with a hint when the text uses prefixes it never declares."""
    message = str(error)
    details: dict[str, object] = {}
    found = _POSITION.search(message)
    if found:
        details = {"line": int(found.group(1)), "column": int(found.group(2))}
    vi, en = f"Lỗi cú pháp SPARQL: {message}", f"SPARQL syntax error: {message}"
    missing = undeclared_prefixes(text)
    if missing:
        lines = " ".join(f"PREFIX {p}: <{PREFIXES[p]}>" if p in PREFIXES else f"PREFIX {p}: <…>" for p in missing)
        names = ", ".join(f"{p}:" for p in missing)
        vi += f". Tiền tố {names} chưa được khai báo; hãy thêm vào đầu truy vấn: {lines}"
        en += f". The prefix {names} is not declared; add at the top of the query: {lines}"
        details["undeclared_prefixes"] = list(missing)
    return ParseError(vi, en, **details)


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
            rdf.NamedNode(iri)
        except ValueError as exc:
            raise UsageError(f"IRI đồ thị không hợp lệ: {iri}", f"Invalid graph IRI: {iri}") from exc
    return given_default or [NO_GRAPH], given_named or [NO_GRAPH]


def execute(store: Store, text: str, settings: Settings, default_graphs: list[str] | tuple[str, ...] | None = None,
            named_graphs: list[str] | tuple[str, ...] | None = None, base_iri: str | None = None) -> QueryResult:
    """Run a user's query: size and shape limits, policy (no SERVICE, updates or remote FROM), then the engine.

    Nothing runs if a limit or policy refuses; syntax errors become ParseError carrying the parser's
    message and position. Relative IRIs in the query resolve against `base_iri` (the endpoint's URL).
    """
    shape = shape_of(text, settings)
    policy.enforce(shape, store.graph_names() if shape.has_dataset else ())
    default, named = dataset_args(shape, default_graphs, named_graphs)
    try:
        return store.query(text, default_graphs=default, named_graphs=named, base_iri=base_iri)
    except SyntaxError as exc:
        raise syntax_error(text, exc) from None
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
    base_iri: str | None = None


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
    result = execute(store, request.text, settings, request.default_graphs, request.named_graphs, request.base_iri)
    graph = is_graph_result(result)
    fmt = by_name(request.format, graph) if request.format else negotiate(request.accept, formats_for(result))
    try:
        if isinstance(result, rdf.QuerySolutions):
            written = write_solutions(result, fmt.name, settings.max_rows)
            return Answer(written.body, fmt.content_type, fmt.name, "bindings", written.rows, written.truncated)
        if isinstance(result, rdf.QueryBoolean):
            return Answer(write_boolean(bool(result), fmt.name), fmt.content_type, fmt.name, "boolean", 1, False)
        triples: list[rdf.Triple] = []
        truncated = False
        for triple in result:
            if len(triples) >= settings.max_rows:
                truncated = True
                break
            triples.append(triple)
    except OSError as exc:
        raise StoreError(f"Kho dữ liệu báo lỗi khi chạy truy vấn: {exc}", f"The store failed while running the query: {exc}") from exc
    return Answer(rdf.serialize(triples, fmt), fmt.content_type, fmt.name, "graph", len(triples), truncated)
