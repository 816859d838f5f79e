"""How clients find out what is here: /.well-known/void, /dcat, /health and the ontology at its namespace IRI.

The namespace `https://w3id.org/wugraph/ontology#` is meant to resolve (through the w3id.org
redirect) to `/ontology`, which answers with HTML documentation for browsers (every term at its
`#fragment`) and Turtle, N-Triples, JSON-LD or RDF/XML by Accept. The Service Description itself
is the bare GET of /sparql (web/endpoint.py).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict
from typing import Any

from flask import Blueprint, Response, jsonify, render_template, request, url_for

from ..endpoint.dcat import dcat_description
from ..endpoint.description import ONTOLOGY_IRI, OntologyTerm, void_description
from ..formats import GRAPH_FORMATS, by_name, negotiate, prefers_html
from ..namespaces import PREFIXES, WU
from ..store import rdf
from . import context
from .downloads import FILE_WAIT_SECONDS, file_url

blueprint = Blueprint("discovery", __name__)

KIND_ORDER = ("http://www.w3.org/2002/07/owl#Class", "http://www.w3.org/2002/07/owl#ObjectProperty",
              "http://www.w3.org/2002/07/owl#DatatypeProperty", "http://www.w3.org/2004/02/skos/core#ConceptScheme",
              "http://www.w3.org/2004/02/skos/core#Concept")


def _rdf_response(triples: list[Any], default: str = "turtle") -> Response:
    """Triples in the format `?format=` names or the Accept header prefers (Turtle for */*)."""
    override = request.args.get("format")
    if override:
        fmt = by_name(override, graph=True)
    else:
        ordered = tuple(sorted(GRAPH_FORMATS, key=lambda f: f.name != default))
        fmt = negotiate(request.headers.get("Accept"), ordered)
    response = Response(rdf.serialize(triples, fmt), content_type=fmt.content_type)
    response.headers["Vary"] = "Accept"
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@blueprint.route("/.well-known/void")
def well_known_void() -> Response:
    """The VoID description of the dataset (RFC 5785 well-known location, as the VoID note asks), with its dumps."""
    endpoint = url_for("endpoint.sparql_endpoint", _external=True)
    return _rdf_response(void_description(context.graph().dataset_stats(), endpoint, context.settings(), file_url))


@blueprint.route("/dcat")
def dcat() -> Response:
    """The DCAT catalogue beside VoID: the dataset, its distributions with media type, byte size and SHA-256."""
    graph = context.graph()
    dumps = graph.downloads().ensure(wait=FILE_WAIT_SECONDS)
    return _rdf_response(dcat_description(graph.dataset_stats(), dumps, file_url, url_for("endpoint.sparql_endpoint", _external=True),
                                          url_for("downloads.page", _external=True), url_for("discovery.dcat", _external=True)))


@blueprint.route("/health")
def health() -> Response:
    """Liveness for operators and load balancers: store version, triple count, query runner state."""
    graph = context.graph()
    store, stats = graph.store, graph.dataset_stats()
    body = {"status": "ok", "store_version": store.version(), "triples": stats.triples,
            "graphs": len(stats.graphs), "queries": graph.runner().status()}
    response = jsonify(body)
    response.headers["Cache-Control"] = "no-store"
    return response


def _curie(iri: str | None) -> str:
    if not iri:
        return ""
    for prefix, base in PREFIXES.items():
        if iri.startswith(base) and len(iri) > len(base):
            return f"{prefix}:{iri[len(base):]}"
    return iri


def ontology_data() -> dict[str, Any]:
    """The ontology page's data (shared with /ontology.json): terms grouped by kind, with CURIEs."""
    terms: list[OntologyTerm] = context.graph().ontology_terms()
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for term in terms:
        entry = asdict(term)
        entry.update(anchor=term.anchor, curie=_curie(term.iri), parents_curie=[_curie(p) for p in term.parents],
                     domain_curie=_curie(term.domain), range_curie=_curie(term.range), scheme_curie=_curie(term.scheme))
        groups[term.kind].append(entry)
    return {"iri": ONTOLOGY_IRI, "namespace": WU, "kinds": [{"kind": k, "curie": _curie(k), "terms": groups[k]}
                                                            for k in KIND_ORDER if groups.get(k)]}


@blueprint.route("/ontology")
def ontology() -> Response | str:
    """The namespace document: HTML for browsers, the ontology graph in RDF otherwise."""
    if request.args.get("format") is None and prefers_html(request.headers.get("Accept")):
        return render_template("pages/ontology.html", **ontology_data())
    triples = context.graph().ontology_triples()
    return _rdf_response(triples)


@blueprint.route("/ontology.json")
def ontology_json() -> Response:
    return jsonify(ontology_data())
