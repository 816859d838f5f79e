"""An entity's own RDF for Linked Data clients: what is said about it, and what points at it (capped)."""

from __future__ import annotations

import io

import pyoxigraph as ox

from .. import queries
from ..errors import NotFoundError
from ..namespaces import PREFIXES
from ..endpoint.answer import GRAPH_FORMATS, Format
from ..store import Store

# The three formats entity IRIs answer in, by file suffix.
ENTITY_FORMATS: dict[str, Format] = {f.name: f for f in GRAPH_FORMATS if f.name in ("turtle", "jsonld", "ntriples")}
SUFFIXES: dict[str, str] = {"ttl": "turtle", "jsonld": "jsonld", "nt": "ntriples"}
SUFFIX_OF: dict[str, str] = {name: suffix for suffix, name in SUFFIXES.items()}


def entity_triples(store: Store, entity: str) -> list[ox.Triple]:
    """Outgoing statements (all graphs merged) plus incoming links, each triple once."""
    node = ox.NamedNode(entity)
    seen: dict[tuple[str, str, str], ox.Triple] = {}
    for row in queries.rows(store, "page_describe_out", {"entity": node}):
        triple = ox.Triple(node, row["p"], row["o"])  # type: ignore[arg-type]
        seen.setdefault((str(triple.subject), str(triple.predicate), str(triple.object)), triple)
    for row in queries.rows(store, "page_describe_in", {"entity": node}):
        triple = ox.Triple(row["s"], row["p"], node)  # type: ignore[arg-type]
        seen.setdefault((str(triple.subject), str(triple.predicate), str(triple.object)), triple)
    if not seen:
        raise NotFoundError(f"Không có dữ liệu về {entity}.", f"Nothing is known about {entity}.", iri=entity)
    return list(seen.values())


def entity_rdf(store: Store, entity: str, fmt: Format) -> bytes:
    """The entity's triples serialised in one of ENTITY_FORMATS."""
    buffer = io.BytesIO()
    rdf_format = fmt.oxigraph
    assert isinstance(rdf_format, ox.RdfFormat)
    ox.serialize(entity_triples(store, entity), buffer, rdf_format, prefixes=PREFIXES if fmt.name == "turtle" else None)
    return buffer.getvalue()
