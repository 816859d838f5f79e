"""Where each adoption comes from: an article (extracted, reviewed by a steward), a CSV table, a file curated
by hand, or the synthetic demo — so the spread pages can show it per adoption and let demo data be hidden.

The kind belongs to the document graph holding the record, read from its provenance: a wu:Review or a
wu:ExtractionRun means an article, a text/csv source a table, wu:isSynthetic anywhere in the graph the
demo; anything else (Turtle, TriG, Popolo, the bundled seed) was curated by hand.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .. import queries
from ..namespaces import DOC_GRAPH_BASE
from ..store import Store, rdf

KINDS = ("article", "csv", "hand", "synthetic")


@dataclass(frozen=True)
class Source:
    """One graph an adoption is recorded in, with its kind and the document it was read from."""

    kind: str
    graph: str
    document: str | None  # the source document's IRI (doc/{id}), for a link to its page

    def to_dict(self) -> dict[str, str | None]:
        return {"kind": self.kind, "graph": self.graph, "document": self.document}


def kind_of(format_: str | None, review: bool, run: bool, synthetic: bool) -> str:
    if synthetic:
        return "synthetic"
    if review or run:
        return "article"
    if format_ and format_.split(";")[0].strip() == "text/csv":
        return "csv"
    return "hand"


def graph_kinds(store: Store, graphs: Iterable[str]) -> dict[str, str]:
    """Graph → kind, one query for all of them."""
    listed = sorted(set(graphs))
    if not listed:
        return {}
    out: dict[str, str] = {}
    for row in queries.result_rows(store, queries.bind_iris(queries.text("spread_graph_kinds"), "graph", listed)):
        graph = row["graph"].value
        kind = kind_of(row["format"].value if "format" in row else None, "review" in row, "run" in row,
                       rdf.is_true(row.get("synthetic")))
        if out.get(graph) in (None, "hand"):  # several rows (formats, runs) for one graph: any telling one wins
            out[graph] = kind
    return out


def document_of(graph: str, entity_base: str) -> str | None:
    return entity_base + "doc/" + graph[len(DOC_GRAPH_BASE):] if graph.startswith(DOC_GRAPH_BASE) else None


def model_sources(store: Store, model: str, entity_base: str) -> dict[str, tuple[Source, ...]]:
    """Adoption → the graphs recording it (usually one), with their kinds."""
    rows = queries.rows(store, "spread_adoption_graphs", {"model": rdf.NamedNode(model)})
    kinds = graph_kinds(store, (r["graph"].value for r in rows))
    out: dict[str, list[Source]] = {}
    for row in rows:
        graph = row["graph"].value
        out.setdefault(row["adoption"].value, []).append(Source(kinds.get(graph, "hand"), graph, document_of(graph, entity_base)))
    return {k: tuple(sorted(v, key=lambda s: s.graph)) for k, v in out.items()}


def index_sources(store: Store) -> dict[str, dict[str, int]]:
    """Model → {kind: adoption records}, over every model (read once per store version, in the background)."""
    rows = queries.rows(store, "spread_adoption_provenance")
    kinds = graph_kinds(store, (r["graph"].value for r in rows))
    out: dict[str, dict[str, int]] = {}
    for row in rows:
        counts = out.setdefault(row["model"].value, {})
        kind = kinds.get(row["graph"].value, "hand")
        counts[kind] = counts.get(kind, 0) + int(row["n"].value)
    return out
