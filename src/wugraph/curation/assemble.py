"""The graph an accepted article contributes: its frame, the accepted candidates, resolved and corrected.

Order of work: drop what was not accepted (and what cannot stand without it), apply each
candidate's unit corrections and the steward's edits, rename resolved models, people and their
positions, give each adoption the IRI its model, adopter and date determine (so two articles
reporting one adoption give one record), then settle names: a merged model carries its canonical
name as skos:prefLabel and the article's wording as skos:altLabel (a person: schema:name and
schema:alternateName), and a name that another source already gives differently becomes an
alternative name instead of a rival one (the shapes allow one preferred name per language).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from ..identifiers import Minter
from ..namespaces import PREFIXES, RDF, SCHEMA, SKOS, WU
from ..text import slugify
from . import edits as editing
from .candidates import StagedGraph, Triple, dependants
from .resolve import DocResolution

_ALTERNATIVE = {SKOS + "prefLabel": SKOS + "altLabel", SCHEMA + "name": SCHEMA + "alternateName"}
_DATE_TEXT = {WU + "DayPrecision": 10, WU + "MonthPrecision": 7, WU + "YearPrecision": 4}
Rivals = set[tuple[str, str, str, str]]  # (subject, property, language, text)


def included_keys(staged: StagedGraph, wanted: Iterable[str]) -> tuple[set[str], set[str]]:
    """(kept, dropped): the wanted candidates that can stand, and those lost with a candidate left out."""
    wanted = set(wanted)
    dropped = dependants(staged.candidates, {c.key for c in staged.candidates} - wanted) & wanted
    return wanted - dropped, dropped


def assemble(staged: StagedGraph, keep: set[str], edits: Mapping[str, Sequence[Mapping[str, Any]]],
             resolution: DocResolution, minter: Minter) -> tuple[Graph, dict[str, str]]:
    """The document graph with exactly the kept candidates, resolved and edited, and the adoptions renamed (old → new)."""
    left_out = {URIRef(c.subject) for c in staged.candidates if c.key not in keep}
    triples: list[Triple] = list(staged.frame)
    for c in staged.candidates:
        if c.key in keep:
            triples.extend(editing.apply(c, edits.get(c.key, ()), resolution.rewrites.get(c.key, {})))
    mapping = {URIRef(k): URIRef(v) for k, v in resolution.mapping.items()}
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    for s, p, o in triples:
        if o in left_out and s not in left_out:
            continue  # a link to something not accepted
        graph.add((mapping.get(s, s), p, mapping.get(o, o)))  # type: ignore[arg-type]
    renamed = _mint_adoptions(graph, minter)
    _settle_resolved_names(graph, resolution)
    return graph, renamed


def _rename(graph: Graph, old: Node, new: Node) -> None:
    for s, p, o in list(graph.triples((old, None, None))):
        graph.remove((s, p, o))
        graph.add((new, p, o))
    for s, p, o in list(graph.triples((None, None, old))):
        graph.remove((s, p, o))
        graph.add((s, p, new))


def adoption_iri(graph: Graph, node: Node, minter: Minter) -> str | None:
    """adoption/{model}/{adopter}/{date at its precision}: one record per adoption, whichever article reports it."""
    model, adopter = graph.value(node, URIRef(WU + "model")), graph.value(node, URIRef(WU + "adopter"))
    day, precision = graph.value(node, URIRef(WU + "adoptedOn")), graph.value(node, URIRef(WU + "datePrecision"))
    if model is None or adopter is None or day is None:
        return None
    model_tail = str(model).rsplit("/model/", 1)[-1] if "/model/" in str(model) else slugify(str(model))
    parsed = minter.parse_unit(str(adopter))
    who = parsed[1].path if parsed else slugify(str(adopter).removeprefix(minter.base))
    return f"{minter.base}adoption/{model_tail}/{who}/{str(day)[:_DATE_TEXT.get(str(precision), 10)]}"


def _mint_adoptions(graph: Graph, minter: Minter) -> dict[str, str]:
    renamed = {}
    for node in list(graph.subjects(URIRef(RDF + "type"), URIRef(WU + "Adoption"))):
        iri = adoption_iri(graph, node, minter)
        if iri is not None and iri != str(node):
            _rename(graph, node, URIRef(iri))
            renamed[str(node)] = iri
    return renamed


def _settle(graph: Graph, subject: URIRef, predicate: str, lang: str | None, canonical: str) -> None:
    """One preferred name (`canonical`) for this language; the others become alternatives."""
    values = [o for o in graph.objects(subject, URIRef(predicate)) if isinstance(o, Literal) and (o.language or None) == lang]
    if [str(v) for v in values] == [canonical]:
        return
    for value in values:
        graph.remove((subject, URIRef(predicate), value))
        if str(value) != canonical:
            graph.add((subject, URIRef(_ALTERNATIVE[predicate]), value))
    graph.add((subject, URIRef(predicate), Literal(canonical, lang=lang)))


def _settle_resolved_names(graph: Graph, resolution: DocResolution) -> None:
    for model, (label, types) in resolution.model_labels.items():
        node = URIRef(model)
        if (node, URIRef(RDF + "type"), URIRef(WU + "Model")) not in graph:
            continue
        _settle(graph, node, SKOS + "prefLabel", "vi", label)
        if types:
            graph.remove((node, URIRef(WU + "modelType"), None))
            for kind in types:
                graph.add((node, URIRef(WU + "modelType"), URIRef(kind)))
    for person, name in resolution.person_names.items():
        node = URIRef(person)
        if (node, URIRef(RDF + "type"), URIRef(SCHEMA + "Person")) in graph:
            _settle(graph, node, SCHEMA + "name", None, name)


def named_subjects(graph: Graph) -> set[str]:
    return {str(s) for p in _ALTERNATIVE for s in graph.subjects(URIRef(p), None) if isinstance(s, URIRef)}


def defer_to_rivals(graph: Graph, rivals: Rivals) -> int:
    """Names other sources give differently become this graph's alternatives; returns how many moved."""
    moved = 0
    for predicate, alternative in _ALTERNATIVE.items():
        for s, o in list(graph.subject_objects(URIRef(predicate))):
            if not isinstance(o, Literal):
                continue
            lang = o.language or ""
            if any(r[0] == str(s) and r[1] == predicate and r[2] == lang and r[3] != str(o) for r in rivals):
                graph.remove((s, URIRef(predicate), o))
                graph.add((s, URIRef(alternative), o))
                moved += 1
    return moved


def names_given(graph: Graph) -> Rivals:
    """The preferred names this graph gives, as rivals for the graphs accepted after it in one batch."""
    return {(str(s), str(p), o.language or "", str(o)) for p in _ALTERNATIVE for s, o in graph.subject_objects(URIRef(p))
            if isinstance(o, Literal) and isinstance(s, URIRef)}


def to_trig(graph: Graph, graph_iri: str) -> bytes:
    """TriG bytes of the document graph (rdflib's TriG writer still calls its own deprecated API)."""
    dataset = Dataset()
    for prefix, namespace in PREFIXES.items():
        dataset.bind(prefix, namespace, override=True, replace=True)
    named = dataset.graph(URIRef(graph_iri))
    for triple in graph:
        named.add(triple)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return dataset.serialize(format="trig", encoding="utf-8")
