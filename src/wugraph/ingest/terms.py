"""Conversions between pyoxigraph terms (what the store speaks) and rdflib terms (what pyshacl and parsers speak).

Converting term by term is several times faster than serialising to N-Triples and parsing the
text again with rdflib, which is what dominated fetching a batch's validation context.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal


def to_rdflib(term: OxTerm) -> Node:
    """A store term as an rdflib term; plain strings stay plain (no explicit xsd:string)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    return Literal(term.value) if datatype == XSD_STRING else Literal(term.value, datatype=URIRef(datatype))


def triples_to_rdflib(triples: Iterable[ox.Triple | ox.Quad]) -> Iterator[tuple[Node, Node, Node]]:
    """Store triples (or quads, graph dropped) as rdflib triples."""
    for t in triples:
        yield to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)  # type: ignore[arg-type]


class RdflibTerms:
    """pyoxigraph → rdflib terms for one parsed file: IRIs are cached (predicates and classes recur on every
    line), blank nodes made fresh, so two files' `_:b0` stay two nodes in one batch."""

    def __init__(self) -> None:
        self._iris: dict[ox.NamedNode, URIRef] = {}
        self._bnodes: dict[str, BNode] = {}

    def term(self, term: OxTerm) -> Node:
        if isinstance(term, ox.NamedNode):
            found = self._iris.get(term)
            if found is None:
                found = self._iris[term] = URIRef(term.value)
            return found
        if isinstance(term, ox.BlankNode):
            return self._bnodes.setdefault(term.value, BNode())
        return to_rdflib(term)


class OxTerms:
    """rdflib → pyoxigraph terms for one batch: IRIs are cached, blank nodes renamed afresh but consistently."""

    def __init__(self) -> None:
        self._iris: dict[Node, ox.NamedNode] = {}
        self._bnodes: dict[Node, ox.BlankNode] = {}
        self._back: dict[str, Node] = {}

    def iri(self, term: Node) -> ox.NamedNode:
        node = self._iris.get(term)
        if node is None:
            node = self._iris[term] = ox.NamedNode(str(term))
        return node

    def term(self, term: Node) -> OxTerm:
        """Raises ValueError for what pyoxigraph refuses (a malformed IRI or language tag)."""
        if isinstance(term, URIRef):
            return self.iri(term)
        if isinstance(term, BNode):
            node = self._bnodes.get(term)
            if node is None:
                node = self._bnodes[term] = ox.BlankNode()
                self._back[node.value] = term
            return node
        if isinstance(term, Literal):
            if term.language:
                return ox.Literal(str(term), language=term.language)
            if term.datatype is not None and str(term.datatype) != XSD_STRING:
                return ox.Literal(str(term), datatype=self.iri(term.datatype))
            return ox.Literal(str(term))
        raise TypeError(f"not an RDF term: {term!r}")

    def back(self, term: OxTerm) -> Node:
        """A term of a store filled through this converter as the rdflib term it came from (blank nodes included)."""
        if isinstance(term, ox.BlankNode) and term.value in self._back:
            return self._back[term.value]
        return to_rdflib(term)
