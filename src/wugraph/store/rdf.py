"""The RDF terms, results and syntaxes the store speaks, for every module above it.

The store is Oxigraph, so its terms are pyoxigraph's; this module is the one door to them outside
`store/` (with `ingest.terms`, which converts to rdflib for pyshacl). Parsers and serialisers take
wugraph's own `formats.Format`, mapped to the engine's by media type.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from typing import IO, Union

import pyoxigraph as _ox
from pyoxigraph import (  # noqa: F401  (re-exported: the term model of the whole package)
    BlankNode,
    DefaultGraph,
    Literal,
    NamedNode,
    Quad,
    QueryBoolean,
    QuerySolution,
    QuerySolutions,
    QueryTriples,
    Triple,
    Variable,
)

from ..errors import NotFoundError
from ..formats import GRAPH_FORMATS, Format
from ..namespaces import PREFIXES

Term = Union[NamedNode, BlankNode, Literal]
QueryResult = Union[QuerySolutions, QueryBoolean, QueryTriples]
XSD = "http://www.w3.org/2001/XMLSchema#"


def _rdf_format(fmt: Format) -> _ox.RdfFormat:
    found = _ox.RdfFormat.from_media_type(fmt.media_type)
    if found is None:
        raise ValueError(f"not an RDF syntax: {fmt.name}")
    return found


def _results_format(fmt: Format) -> _ox.QueryResultsFormat:
    found = _ox.QueryResultsFormat.from_media_type(fmt.media_type)
    if found is None:
        raise ValueError(f"not a query results syntax: {fmt.name}")
    return found


def is_graph_result(result: QueryResult) -> bool:
    """CONSTRUCT and DESCRIBE give triples; SELECT and ASK give a results table or boolean."""
    return isinstance(result, QueryTriples)


def parse(data: bytes | None = None, fmt: Format = GRAPH_FORMATS[0], *, path: str | None = None,
          base_iri: str | None = None, lenient: bool = False) -> Iterator[Quad]:
    """Quads of a document (triples land in the default graph); raises SyntaxError with a position."""
    if path is not None:
        return _ox.parse(path=path, format=_rdf_format(fmt), base_iri=base_iri, lenient=lenient)
    return _ox.parse(data, format=_rdf_format(fmt), base_iri=base_iri, lenient=lenient)


def parse_results(data: bytes | None = None, fmt: Format | None = None, *, path: str | None = None) -> QueryResult:
    """A SPARQL results document (JSON, XML, TSV) read back into solutions or a boolean."""
    assert fmt is not None
    if path is not None:
        return _ox.parse_query_results(path=path, format=_results_format(fmt))
    return _ox.parse_query_results(data, format=_results_format(fmt))


def serialize(items: Iterable[Triple] | Iterable[Quad], fmt: Format, output: IO[bytes] | None = None) -> bytes:
    """Triples or quads in an RDF syntax (triples go to the default graph of dataset syntaxes), with our prefixes."""
    rdf_format = _rdf_format(fmt)
    if rdf_format.supports_datasets:
        items = (Quad(t.subject, t.predicate, t.object) if isinstance(t, Triple) else t for t in items)
    buffer = output if output is not None else io.BytesIO()
    _ox.serialize(items, buffer, rdf_format, prefixes=PREFIXES if fmt.prefixed else None)
    return buffer.getvalue() if output is None else b""  # type: ignore[union-attr]


def serialize_result(result: QuerySolutions | QueryBoolean, fmt: Format) -> bytes:
    """A SELECT or ASK answer in a results syntax."""
    buffer = io.BytesIO()
    result.serialize(buffer, _results_format(fmt))
    return buffer.getvalue()


def entity(value: str) -> NamedNode:
    """An IRI that came from outside (a URL path, a parameter) as a term: no such entity (404) when it is no IRI at all."""
    try:
        return NamedNode(value)
    except ValueError:
        shown = value if len(value) <= 200 else value[:200] + "…"
        raise NotFoundError(f"Không có dữ liệu về {shown}: đây không phải một IRI hợp lệ.",
                            f"Nothing is known about {shown}: it is not a valid IRI.", iri=shown) from None


def is_true(term: object) -> bool:
    """An xsd:boolean read back as true: "true" from Oxigraph, "1" from Virtuoso (both canonical forms)."""
    return isinstance(term, Literal) and term.value in ("true", "1")


def typed(value: str, datatype: str) -> Literal:
    """A literal of an XSD (or other) datatype given by IRI."""
    return Literal(value, datatype=NamedNode(datatype))


class MemoryGraph:
    """A throw-away in-memory quad store, for queries over a batch before it is written (rules, canonical form)."""

    def __init__(self, quads: Iterable[Quad] = ()) -> None:
        self._store = _ox.Store()
        self._store.bulk_extend(quads)

    def extend(self, quads: Iterable[Quad]) -> None:
        self._store.bulk_extend(quads)

    def query(self, sparql: str) -> QueryResult:
        return self._store.query(sparql)

    def quads(self) -> Iterator[Quad]:
        return iter(self._store)

    def __len__(self) -> int:
        return len(self._store)
