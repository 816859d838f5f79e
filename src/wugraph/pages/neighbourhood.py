"""The network around an entity: links to and from it, out to a chosen depth, capped for the browser.

Breadth-first over IRI links (rdf:type and the union-wide org:unitOf left out); each node
contributes at most a few dozen links per direction, and the whole graph stops growing at
`max_nodes`, so a hub such as a province cannot flood the view.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import queries
from ..errors import NotFoundError
from ..store import Store, rdf
from .labels import Labels, Ref

MAX_DEPTH = 3


@dataclass(frozen=True)
class Edge:
    source: Ref
    target: Ref
    prop: Ref


@dataclass(frozen=True)
class Node:
    ref: Ref
    depth: int


@dataclass(frozen=True)
class Network:
    """Nodes (with their distance from the centre) and labelled edges; `capped` when limits cut it short."""

    center: Ref
    depth: int
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    capped: bool


def _linkable(target: str, labels: Labels) -> bool:
    """Entities under the base only: ontology terms (wu:Forum...) would join every event to every other."""
    return target.startswith(labels.base)


def neighbourhood(store: Store, labels: Labels, center: str, depth: int = 1, max_nodes: int = 150) -> Network:
    """Entities within `depth` links of `center` (1 to 3), with the links between them."""
    if not queries.run(store, "page_entity_exists", {"entity": rdf.entity(center)}):
        raise NotFoundError(f"Không có dữ liệu về {center}.", f"Nothing is known about {center}.", iri=center)
    depth = max(1, min(MAX_DEPTH, depth))
    distance: dict[str, int] = {center: 0}
    edges: dict[tuple[str, str, str], Edge] = {}
    frontier = [center]
    capped = False
    for level in range(1, depth + 1):
        following: list[str] = []
        for node in frontier:
            links = [(node, r["p"].value, r["o"].value) for r in queries.rows(store, "page_network_out", {"entity": rdf.NamedNode(node)})
                     if _linkable(r["o"].value, labels)]
            links += [(r["s"].value, r["p"].value, node) for r in queries.rows(store, "page_network_in", {"entity": rdf.NamedNode(node)})
                      if _linkable(r["s"].value, labels)]
            for source, prop, target in links:
                other = target if source == node else source
                if other not in distance:
                    if len(distance) >= max_nodes:
                        capped = True
                        continue
                    distance[other] = level
                    following.append(other)
                edges.setdefault((source, prop, target), Edge(labels.ref(source), labels.ref(target), labels.ref(prop)))
        frontier = following
    nodes = tuple(Node(labels.ref(n), d) for n, d in sorted(distance.items(), key=lambda nd: (nd[1], nd[0])))
    return Network(labels.ref(center), depth, nodes, tuple(edges.values()), capped)
