"""Every namespace and prefix wugraph uses: the only place an IRI base is written."""

from __future__ import annotations

from typing import Final

WU: Final = "https://w3id.org/wugraph/ontology#"
DEFAULT_ENTITY_BASE: Final = "https://w3id.org/wugraph/id/"
GRAPH_BASE: Final = "https://w3id.org/wugraph/graph/"

RDF: Final = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS: Final = "http://www.w3.org/2000/01/rdf-schema#"
OWL: Final = "http://www.w3.org/2002/07/owl#"
XSD: Final = "http://www.w3.org/2001/XMLSchema#"
SKOS: Final = "http://www.w3.org/2004/02/skos/core#"
ORG: Final = "http://www.w3.org/ns/org#"
PROV: Final = "http://www.w3.org/ns/prov#"
SCHEMA: Final = "http://schema.org/"
DCTERMS: Final = "http://purl.org/dc/terms/"
SH: Final = "http://www.w3.org/ns/shacl#"
VOID: Final = "http://rdfs.org/ns/void#"
SD: Final = "http://www.w3.org/ns/sparql-service-description#"
FOAF: Final = "http://xmlns.com/foaf/0.1/"
DCAT: Final = "http://www.w3.org/ns/dcat#"
SPDX: Final = "http://spdx.org/rdf/terms#"

PREFIXES: Final[dict[str, str]] = {
    "wu": WU,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "skos": SKOS,
    "org": ORG,
    "prov": PROV,
    "schema": SCHEMA,
    "dcterms": DCTERMS,
    "sh": SH,
    "void": VOID,
    "foaf": FOAF,
    "dcat": DCAT,
    "spdx": SPDX,
}

# Named graphs with a fixed role.
ONTOLOGY_GRAPH: Final = GRAPH_BASE + "ontology"
SHAPES_GRAPH: Final = GRAPH_BASE + "shapes"
META_GRAPH: Final = GRAPH_BASE + "meta"
REFERENCE_GRAPH_BASE: Final = GRAPH_BASE + "reference/"
DOC_GRAPH_BASE: Final = GRAPH_BASE + "doc/"


def sparql_prologue(prefixes: dict[str, str] | None = None) -> str:
    """PREFIX lines for queries, so .rq files and examples can stay short."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in (prefixes or PREFIXES).items())
