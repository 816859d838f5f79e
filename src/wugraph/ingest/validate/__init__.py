"""SHACL validation with bilingual findings; the only place pyshacl is imported.

A batch is validated together with the slice of the store its shapes reach (referenced units,
chapters, organisations and people, their ancestors, the class hierarchy), never the whole
store, and with no inference, so the cost follows the batch. pyshacl checks the core constraints;
the SPARQL rules run once each in Oxigraph over the same data (shapes.detach_rules). `validate_all`
is the full check.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from pyshacl import validate as pyshacl_validate
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Node

from ... import queries
from ...config import Settings
from ...errors import UsageError
from ...store import Store
from ..terms import OxTerms, to_rdflib, triples_to_rdflib
from .findings import Finding, Report, findings_of, message_templates
from .shapes import (
    Solutions,
    StoreRule,
    add_rule_results,
    closed_classes,
    detach_rules,
    flatten,
    focus_on,
    inspected_predicates,
    memory_solutions,
    store_solutions,
)

__all__ = [
    "Finding", "Report", "load_shapes", "context_for", "class_hierarchy", "referenced_iris",
    "validate_batch", "validate_all", "flatten", "as_stored",
]

_IRI_SAFE = re.compile(r'[^<>"{}|^`\\\x00-\x20]+')
_INTEGER = re.compile(r"[+-]?[0-9]+")
_INTEGER_TYPES = frozenset(XSD[name] for name in (
    "integer", "nonNegativeInteger", "positiveInteger", "nonPositiveInteger", "negativeInteger",
    "long", "int", "short", "byte", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte"))


def load_shapes(settings: Settings) -> Graph:
    """Every Turtle file in the shapes folder, as one shapes graph."""
    graph = Graph()
    for path in sorted(settings.shapes_dir.glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


class _PreparedQueryGraph(Graph):
    """A memory graph that parses each SPARQL text once.

    pyshacl hands a SPARQL constraint's text to `Graph.query` once per focus node and rdflib parses
    it anew every time (about 10 ms), which would dominate batch validation.
    """

    def query(self, query_object: Any, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        if isinstance(query_object, str):
            query_object = _prepared(query_object)
        return super().query(query_object, *args, **kwargs)


@lru_cache(maxsize=256)
def _prepared(text: str) -> Query:
    return prepareQuery(text)


def _construct(store: Store, text: str, into: Graph | None = None) -> Graph:
    """Run a CONSTRUCT on the store and add its triples to `into` (a new graph by default)."""
    graph = Graph() if into is None else into
    result: Any = store.query(text)  # a CONSTRUCT: triples
    graph.addN((s, p, o, graph) for s, p, o in triples_to_rdflib(result))
    return graph


def as_stored(term: Node) -> Node:
    """A term as the store will hold it: pyoxigraph keeps derived integer types as canonical xsd:integer.

    Without this, a batch restating a stored count ("80"^^xsd:nonNegativeInteger next to the stored
    "80"^^xsd:integer) would look like two values.
    """
    if isinstance(term, Literal) and term.datatype in _INTEGER_TYPES and _INTEGER.fullmatch(str(term)):
        return Literal(str(int(str(term))), datatype=XSD.integer)
    return term


def referenced_iris(batch: Graph) -> list[str]:
    """IRIs the batch mentions as subject or object (classes excepted) that the store could hold."""
    found: set[str] = set()
    for s, p, o in batch:
        if isinstance(s, URIRef):
            found.add(str(s))
        if isinstance(o, URIRef) and p != RDF.type:
            found.add(str(o))
    return sorted(iri for iri in found if _IRI_SAFE.fullmatch(iri))


def context_for(store: Store, batch: Graph, replacing: Iterable[str] = (), into: Graph | None = None) -> Graph:
    """The slice of the store the shapes need for this batch, fetched with one query for all its IRIs.

    What the store already says about the batch's own subjects (a batch may add to a known node);
    types, validity dates and parent links of every mentioned node and its ancestors; the memberships
    naming a mentioned node. When the store did describe some batch subjects, a second query fetches
    the same slice for the nodes those stored descriptions name. `replacing` names graphs the batch
    replaces (a re-ingested source): their old content stays out, so it cannot clash with the new version.
    """
    graph = Graph() if into is None else into
    iris = referenced_iris(batch)
    if not iris:
        return graph
    subjects = {s for s in batch.subjects() if isinstance(s, URIRef)}
    found = _construct(store, _context_query(iris, set(map(str, subjects))))
    named = {str(o) for s, p, o in found if s in subjects and isinstance(o, URIRef) and p != RDF.type} - set(iris)
    if named:
        _construct(store, _context_query(sorted(named), set()), found)
    stored = set(store.graph_names())
    replaced = [g for g in replacing if g in stored]
    if replaced:
        _drop_replaced(store, found, replaced)
    graph += found
    return graph


def _drop_replaced(store: Store, found: Graph, replaced: list[str]) -> None:
    """Take out of `found` the triples that only the replaced graphs hold.

    Cheaper than querying the union of every other graph instead (Oxigraph then evaluates the query
    graph by graph, several times slower; Virtuoso takes tens of seconds): the old version's content
    says which triples may have come from it, and one query asks which graphs hold those. Nodes
    reached only through dropped triples may stay, unconnected to the batch, where no shape looks at them.
    """
    old = {t for g in replaced for t in triples_to_rdflib(store.quads(g))}
    candidates = [t for t in found if t in old]
    kept: set[tuple[Node, Node, Node]] = set()
    ground = [t for t in candidates if not any(isinstance(term, BNode) for term in t)]  # blank nodes are graph-local
    if ground:
        terms = OxTerms()  # pyoxigraph writes the terms, escaped
        rows = " ".join(f"({' '.join(str(terms.term(term)) for term in t)})" for t in ground)
        query = queries.join_where(queries.text("validate_graphs_holding"), f"VALUES (?s ?p ?o) {{ {rows} }}")
        for row in store.query(query):  # type: ignore[union-attr]
            if row["g"].value not in replaced:
                kept.add((to_rdflib(row["s"]), to_rdflib(row["p"]), to_rdflib(row["o"])))
    for triple in candidates:
        if triple not in kept:
            found.remove(triple)


def _context_query(iris: list[str], full: set[str]) -> str:
    """validate_context.rq with one VALUES row per IRI; `full` marks the ones whose whole description is wanted."""
    rows = " ".join(f"(<{iri}> {'true' if iri in full else 'false'})" for iri in iris if _IRI_SAFE.fullmatch(iri))
    return queries.join_where(queries.text("validate_context"), f"VALUES (?node ?full) {{ {rows} }}")


def class_hierarchy(store: Store, ontology: Graph | None = None, into: Graph | None = None) -> Graph:
    """`rdfs:subClassOf` triples from the given ontology, else from the store, so sh:class follows subclasses."""
    graph = Graph() if into is None else into
    if ontology is None:
        return _construct(store, queries.text("validate_hierarchy"), graph)
    for triple in ontology.triples((None, RDFS.subClassOf, None)):
        graph.add(triple)
    return graph


def validate_batch(
    store: Store,
    batch: Graph,
    shapes: Graph,
    ontology: Graph | None = None,
    *,
    replacing: Iterable[str] = (),
    locations: Mapping[str, str] | None = None,
) -> Report:
    """Validate a batch's own nodes against the shapes, with its store context; no inference.

    `ontology` supplies the class hierarchy (and types of the concepts the batch names) when given,
    else the store's does. `locations` maps a focus node (IRI string, `_:id` for blank nodes) to
    where it came from ("people.csv:12"), for `Finding.where`.
    """
    data = _PreparedQueryGraph()
    for s, p, o in batch:
        data.add((s, p, as_stored(o)))
    context_for(store, batch, replacing, into=data)
    class_hierarchy(store, ontology, into=data)
    if ontology is not None:
        for iri in referenced_iris(batch):
            for triple in ontology.triples((URIRef(iri), RDF.type, None)):
                data.add(triple)
    narrowed = focus_on(flatten(shapes), data, set(batch.subjects()))
    rules = detach_rules(narrowed)
    return _run(data, narrowed, shapes, locations, rules, memory_solutions(data))


def validate_all(store: Store, shapes: Graph) -> Report:
    """The full check: the union of all graphs against every shape.

    Core constraints run in pyshacl over a memory copy of the triples the shapes can inspect;
    SPARQL-based node shapes run as one query each inside the store, since pyshacl would run them
    once per focus node through rdflib's engine (minutes on the bundled data).
    """
    flat = flatten(shapes)
    rules = detach_rules(flat)
    data = _PreparedQueryGraph()
    predicates = inspected_predicates(flat)
    union = queries.text("validate_union")
    _construct(store, union if predicates is None else queries.bind_iris(union, "p", sorted(map(str, predicates))), data)
    closed = closed_classes(flat)
    if predicates is not None and closed:
        _construct(store, queries.bind_iris(queries.text("validate_closed"), "class", sorted(map(str, closed))), data)
    return _run(data, flat, shapes, None, rules, store_solutions(store))


def _run(data: Graph, shapes_for_run: Graph, shapes: Graph, locations: Mapping[str, str] | None,
         rules: list[StoreRule], solutions: Solutions) -> Report:
    """Run pyshacl once, then the detached SPARQL rules once each, and turn the report graph into findings.

    `solutions` answers the rule queries: the store for the full check, an in-memory copy of the
    validation graph for a batch.
    """
    _, report_graph, text = pyshacl_validate(
        data, shacl_graph=shapes_for_run, inference="none", abort_on_first=False,
        allow_infos=True, allow_warnings=True, advanced=False, meta_shacl=False,
    )
    if not isinstance(report_graph, Graph):  # pyshacl returns, not raises, a failure for unusable shapes
        raise UsageError(f"Không dùng được khuôn dữ liệu SHACL: {text}", f"The SHACL shapes cannot be used: {text}")
    add_rule_results(solutions, rules, message_templates(shapes), report_graph)
    findings = findings_of(report_graph, shapes, locations)
    conforms = not any(f.severity == "violation" for f in findings)
    return Report(conforms, findings, report_graph.serialize(format="turtle"))
