"""An entity's own RDF for Linked Data clients: what is said about it, and what points at it (capped)."""

from __future__ import annotations

from .. import queries
from ..errors import NotFoundError
from ..formats import Format
from ..store import Store, rdf


def entity_triples(store: Store, entity: str) -> list[rdf.Triple]:
    """Outgoing statements (all graphs merged) plus incoming links, each triple once."""
    node = rdf.entity(entity)
    seen: dict[tuple[str, str, str], rdf.Triple] = {}
    for row in queries.rows(store, "page_describe_out", {"entity": node}):
        triple = rdf.Triple(node, row["p"], row["o"])  # type: ignore[arg-type]
        seen.setdefault((str(triple.subject), str(triple.predicate), str(triple.object)), triple)
    for row in queries.rows(store, "page_describe_in", {"entity": node}):
        triple = rdf.Triple(row["s"], row["p"], node)  # type: ignore[arg-type]
        seen.setdefault((str(triple.subject), str(triple.predicate), str(triple.object)), triple)
    if not seen:
        raise NotFoundError(f"Không có dữ liệu về {entity}.", f"Nothing is known about {entity}.", iri=entity)
    return list(seen.values())


def entity_rdf(store: Store, entity: str, fmt: Format) -> bytes:
    """The entity's triples serialised in one of `formats.ENTITY_FORMATS`."""
    return rdf.serialize(entity_triples(store, entity), fmt)
