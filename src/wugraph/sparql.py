"""Running user SPARQL and writing its results: format tables, Accept negotiation, serialisation.

The MIME tables are data, so the endpoint, the CLI and the tests share one definition.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pyoxigraph as ox

from .config import Settings
from .errors import NotAcceptableError, ParseError, TooLargeError, UsageError
from .namespaces import PREFIXES
from .store import QueryResult, Store


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


def by_name(name: str, graph: bool) -> Format:
    """Look a format up by its short name (`--format`, `?format=`) or media type."""
    table = GRAPH_FORMATS if graph else RESULT_FORMATS
    for fmt in table:
        if name in (fmt.name, fmt.media_type):
            return fmt
    names = ", ".join(f.name for f in table)
    raise UsageError(f"Định dạng không hỗ trợ: {name}. Chọn một trong: {names}.", f"Unsupported format: {name}. Choose one of: {names}.")


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """Media ranges with their q-values, best first; ties keep the client's order, specific before wildcard."""
    if not header:
        return [("*/*", 1.0)]
    ranges: list[tuple[str, float, int, int]] = []
    for position, part in enumerate(header.split(",")):
        pieces = [p.strip() for p in part.split(";")]
        media = pieces[0].lower()
        if not media or "/" not in media:
            continue
        q = 1.0
        for param in pieces[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        specificity = 0 if media == "*/*" else 1 if media.endswith("/*") else 2
        ranges.append((media, q, -specificity, position))
    ranges.sort(key=lambda r: (-r[1], r[2], r[3]))
    return [(media, q) for media, q, _, _ in ranges]


def _matches(media_range: str, fmt: Format) -> bool:
    if media_range == "*/*":
        return True
    types = (fmt.media_type, *fmt.aliases)
    if media_range.endswith("/*"):
        return any(t.startswith(media_range[:-1]) for t in types)
    return media_range in types


def negotiate(accept: str | None, table: tuple[Format, ...]) -> Format:
    """The format the client prefers most among those we offer; the first of the table for */*."""
    refused = {media for media, q in parse_accept(accept) if q == 0.0}
    for media_range, q in parse_accept(accept):
        if q == 0.0:
            continue
        for fmt in table:
            if _matches(media_range, fmt) and fmt.media_type not in refused:
                return fmt
    offered = ", ".join(f.media_type for f in table)
    raise NotAcceptableError(
        f"Không có định dạng phù hợp với Accept: {accept}. Có: {offered}.",
        f"No representation matches Accept: {accept}. Available: {offered}.",
    )


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
        result.serialize(buffer, fmt.oxigraph)
    return buffer.getvalue()


def execute(store: Store, text: str, settings: Settings, default_graphs: list[str] | None = None,
            named_graphs: list[str] | None = None) -> QueryResult:
    """Run a user's query under the settings' limits; syntax errors become ParseError with the parser's message."""
    size = len(text.encode("utf-8"))
    if size > settings.max_query_bytes:
        raise TooLargeError(
            f"Truy vấn dài {size} byte, vượt giới hạn {settings.max_query_bytes} byte.",
            f"The query is {size} bytes, over the limit of {settings.max_query_bytes} bytes.",
        )
    try:
        return store.query(text, default_graphs=default_graphs or None, named_graphs=named_graphs or None)
    except SyntaxError as exc:
        raise ParseError(f"Lỗi cú pháp SPARQL: {exc}", f"SPARQL syntax error: {exc}") from exc
