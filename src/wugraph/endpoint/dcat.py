"""The DCAT description of the downloads, beside VoID: what the files are, how big, and how to check them.

Data catalogues (CKAN, data.europa.eu harvesters, Google Dataset Search via schema.org mappings)
read DCAT, not VoID. The dataset IRI is the one VoID describes, so the two documents merge; each
named graph is a sub-dataset with its own TriG distribution. Sizes and SHA-256 checksums come from
the finished dump set and are left out while it is still being built.
"""

from __future__ import annotations

from collections.abc import Callable

from ..namespaces import DCAT, DCTERMS, RDF, RDFS, SPDX, VOID, XSD
from ..store import DATASET_IRI, rdf
from .description import DatasetStats
from .dumps import FULL_NAME, GZIP, NQUADS, TRIG, DumpFile, DumpSet, graph_file_name

MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"
LICENSE = "https://spdx.org/licenses/MIT"
CATALOG_FRAGMENT = "#catalog"


def _n(iri: str) -> rdf.NamedNode:
    return rdf.NamedNode(iri)


def _typed(value: str, datatype: str) -> rdf.Literal:
    return rdf.Literal(value, datatype=_n(datatype))


def _texts(subject: rdf.NamedNode | rdf.BlankNode, prop: str, vi: str, en: str) -> list[rdf.Triple]:
    return [rdf.Triple(subject, _n(prop), rdf.Literal(vi, language="vi")),
            rdf.Triple(subject, _n(prop), rdf.Literal(en, language="en"))]


def _distribution(url: str, media_type: str, compression: str | None, file: DumpFile | None, built: str | None,
                  vi: str, en: str) -> tuple[rdf.BlankNode, list[rdf.Triple]]:
    """One dcat:Distribution: where to get it, its media type, and (once built) its byte size and checksum."""
    node, a = rdf.BlankNode(), _n(RDF + "type")
    triples = [rdf.Triple(node, a, _n(DCAT + "Distribution")),
               rdf.Triple(node, _n(DCAT + "downloadURL"), _n(url)),
               rdf.Triple(node, _n(DCAT + "accessURL"), _n(url)),
               rdf.Triple(node, _n(DCAT + "mediaType"), _n(MEDIA_TYPES + media_type)),
               rdf.Triple(node, _n(DCTERMS + "license"), _n(LICENSE)),
               *_texts(node, DCTERMS + "title", vi, en)]
    if compression:
        triples.append(rdf.Triple(node, _n(DCAT + "compressFormat"), _n(MEDIA_TYPES + compression)))
    if file is not None:
        checksum = rdf.BlankNode()
        triples += [rdf.Triple(node, _n(DCAT + "byteSize"), _typed(str(file.size), XSD + "nonNegativeInteger")),
                    rdf.Triple(node, _n(SPDX + "checksum"), checksum),
                    rdf.Triple(checksum, a, _n(SPDX + "Checksum")),
                    rdf.Triple(checksum, _n(SPDX + "algorithm"), _n(SPDX + "checksumAlgorithm_sha256")),
                    rdf.Triple(checksum, _n(SPDX + "checksumValue"), _typed(file.sha256, XSD + "hexBinary"))]
    if built:
        triples.append(rdf.Triple(node, _n(DCTERMS + "issued"), _typed(built, XSD + "dateTime")))
    return node, triples


def dcat_description(stats: DatasetStats, dumps: DumpSet | None, dump_url: Callable[[str], str], endpoint: str,
                     landing_page: str, catalog: str) -> list[rdf.Triple]:
    """dcat:Catalog → dcat:Dataset (the whole graph) → distributions, one sub-dataset per named graph, the SPARQL service."""
    a = _n(RDF + "type")
    catalog_node, dataset, service = _n(catalog + CATALOG_FRAGMENT), _n(DATASET_IRI), _n(endpoint)
    built = dumps.built if dumps is not None else None
    triples = [rdf.Triple(catalog_node, a, _n(DCAT + "Catalog")),
               rdf.Triple(catalog_node, _n(DCAT + "dataset"), dataset),
               rdf.Triple(catalog_node, _n(DCAT + "service"), service),
               *_texts(catalog_node, DCTERMS + "title", "Danh mục dữ liệu wugraph", "wugraph data catalogue"),
               rdf.Triple(dataset, a, _n(DCAT + "Dataset")),
               rdf.Triple(dataset, _n(DCAT + "landingPage"), _n(landing_page)),
               rdf.Triple(dataset, _n(DCTERMS + "license"), _n(LICENSE)),
               rdf.Triple(dataset, _n(DCTERMS + "identifier"), rdf.Literal(DATASET_IRI)),
               rdf.Triple(dataset, _n(RDFS + "seeAlso"), _n(landing_page)),
               rdf.Triple(dataset, _n(DCAT + "version"), rdf.Literal(stats.version)),
               rdf.Triple(dataset, _n(VOID + "triples"), _typed(str(stats.triples), XSD + "integer")),
               *_texts(dataset, DCTERMS + "title", "wugraph: đồ thị tri thức Hội Liên hiệp Phụ nữ Việt Nam",
                       "wugraph: knowledge graph of the Vietnam Women's Union"),
               *_texts(dataset, DCTERMS + "description",
                       "Các cấp Hội, cán bộ, diễn đàn và mô hình được nhân rộng, với đơn vị hành chính trước và sau ngày 01/07/2025; "
                       "mỗi dữ kiện giữ nguồn gốc trong đồ thị có tên của nó.",
                       "Union chapters, officials, forums and replicated models, with administrative units before and after "
                       "2025-07-01; every fact keeps its provenance in its named graph."),
               rdf.Triple(service, a, _n(DCAT + "DataService")),
               rdf.Triple(service, _n(DCAT + "endpointURL"), service),
               rdf.Triple(service, _n(DCAT + "servesDataset"), dataset),
               rdf.Triple(service, _n(DCTERMS + "conformsTo"), _n("https://www.w3.org/TR/sparql11-protocol/")),
               *_texts(service, DCTERMS + "title", "Điểm truy vấn SPARQL 1.1", "SPARQL 1.1 endpoint")]
    node, more = _distribution(dump_url(FULL_NAME), NQUADS, GZIP, dumps.full if dumps else None, built,
                               "Toàn bộ đồ thị (N-Quads, nén gzip)", "The whole graph (N-Quads, gzip-compressed)")
    triples += [rdf.Triple(dataset, _n(DCAT + "distribution"), node), *more]
    for graph in stats.graphs:
        name = graph_file_name(graph.graph)
        subset = _n(graph.graph)
        node, more = _distribution(dump_url(name), TRIG, None, dumps.get(name) if dumps else None, built,
                                   f"Đồ thị có tên {graph.graph} (TriG)", f"Named graph {graph.graph} (TriG)")
        triples += [rdf.Triple(dataset, _n(DCTERMS + "hasPart"), subset),
                    rdf.Triple(subset, a, _n(DCAT + "Dataset")),
                    rdf.Triple(subset, _n(DCTERMS + "isPartOf"), dataset),
                    rdf.Triple(subset, _n(DCTERMS + "title"), rdf.Literal(graph.graph)),
                    rdf.Triple(subset, _n(VOID + "triples"), _typed(str(graph.triples), XSD + "integer")),
                    rdf.Triple(subset, _n(DCAT + "distribution"), node), *more]
        if graph.source:
            triples.append(rdf.Triple(subset, _n(DCTERMS + "source"), _n(graph.source)))
    return triples
