"""What the endpoint says about itself: SPARQL Service Description, VoID statistics, the ontology.

Statistics come from named queries (`endpoint_*.rq`, `graph_counts.rq`) and are meant to be cached
per store version by the caller; the descriptions are lists of triples any RDF format can carry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .. import queries
from ..config import Settings
from ..formats import GRAPH_FORMATS, RESULT_FORMATS
from ..namespaces import (
    DCTERMS,
    ONTOLOGY_GRAPH,
    ORG,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    SD,
    SKOS,
    VOID,
    WU,
    XSD,
)
from ..store import DATASET_IRI, Store, rdf
from .dumps import FULL_NAME, graph_file_name

FORMATS_NS = "http://www.w3.org/ns/formats/"
FORMAT_IRIS: dict[str, str] = {
    "json": "SPARQL_Results_JSON", "xml": "SPARQL_Results_XML", "csv": "SPARQL_Results_CSV", "tsv": "SPARQL_Results_TSV",
    "turtle": "Turtle", "ntriples": "N-Triples", "nquads": "N-Quads", "trig": "TriG", "jsonld": "JSON-LD", "rdfxml": "RDF_XML",
}
ONTOLOGY_IRI = WU.rstrip("#")


@dataclass(frozen=True)
class GraphStat:
    """One named graph: size, primary source when recorded, and its class partitions."""

    graph: str
    triples: int
    source: str | None = None
    classes: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class DatasetStats:
    """VoID numbers for the whole store, computed once per store version."""

    version: str
    triples: int
    subjects: int
    properties: int
    objects: int
    graphs: tuple[GraphStat, ...] = ()
    classes: tuple[tuple[str, int], ...] = field(default_factory=tuple)


def _int(term: object) -> int:
    return int(term.value) if isinstance(term, rdf.Literal) else 0


def dataset_stats(store: Store) -> DatasetStats:
    """Counts per graph, class partitions per graph and overall, and distinct subjects/properties/objects."""
    partitions: dict[str, list[tuple[str, int]]] = {}
    for row in queries.rows(store, "endpoint_class_partitions"):
        partitions.setdefault(row["g"].value, []).append((row["class"].value, _int(row["entities"])))
    graphs = tuple(
        GraphStat(row["g"].value, _int(row["triples"]), row["source"].value if "source" in row else None,
                  tuple(partitions.get(row["g"].value, ())))
        for row in queries.rows(store, "graph_counts")
    )
    totals = queries.rows(store, "endpoint_void_totals")[0]
    classes = tuple((row["class"].value, _int(row["instances"])) for row in queries.rows(store, "class_counts"))
    return DatasetStats(store.version(), sum(g.triples for g in graphs), _int(totals.get("subjects")),
                        _int(totals.get("properties")), _int(totals.get("objects")), graphs, classes)


def _n(iri: str) -> rdf.NamedNode:
    return rdf.NamedNode(iri)


def _count(value: int) -> rdf.Literal:
    return rdf.Literal(str(value), datatype=_n(XSD + "integer"))


def _text(vi: str, en: str) -> tuple[rdf.Literal, rdf.Literal]:
    return rdf.Literal(vi, language="vi"), rdf.Literal(en, language="en")


def _partitions(node: rdf.NamedNode | rdf.BlankNode, classes: tuple[tuple[str, int], ...]) -> list[rdf.Triple]:
    out: list[rdf.Triple] = [rdf.Triple(node, _n(VOID + "classes"), _count(len(classes)))]
    for cls, entities in classes:
        part = rdf.BlankNode()
        out += [rdf.Triple(node, _n(VOID + "classPartition"), part), rdf.Triple(part, _n(VOID + "class"), _n(cls)),
                rdf.Triple(part, _n(VOID + "entities"), _count(entities))]
    return out


def service_description(stats: DatasetStats, endpoint: str, settings: Settings) -> list[rdf.Triple]:
    """sd:Service with its endpoint, formats, features and the default dataset with VoID counts per graph."""
    service, dataset, default = _n(endpoint), _n(DATASET_IRI), rdf.BlankNode()
    a = _n(RDF + "type")
    triples = [
        rdf.Triple(service, a, _n(SD + "Service")),
        rdf.Triple(service, _n(SD + "endpoint"), service),
        rdf.Triple(service, _n(SD + "supportedLanguage"), _n(SD + "SPARQL11Query")),
        rdf.Triple(service, _n(SD + "feature"), _n(SD + "UnionDefaultGraph")),
        rdf.Triple(service, _n(SD + "defaultEntailmentRegime"), _n("http://www.w3.org/ns/entailment/Simple")),
        rdf.Triple(service, _n(SD + "defaultDataset"), dataset),
    ]
    triples += [rdf.Triple(service, _n(SD + "resultFormat"), _n(FORMATS_NS + FORMAT_IRIS[f.name]))
                for f in (*RESULT_FORMATS, *GRAPH_FORMATS)]
    triples += [rdf.Triple(service, _n(DCTERMS + "title"), t) for t in _text(
        "Điểm truy vấn SPARQL của wugraph (Hội LHPN Việt Nam)", "wugraph SPARQL endpoint (Vietnam Women's Union)")]
    triples += [rdf.Triple(service, _n(RDFS + "comment"), t) for t in _text(
        f"Chỉ đọc; đồ thị mặc định là hợp của mọi đồ thị có tên. Giới hạn: {settings.query_timeout:g} giây mỗi truy vấn, "
        f"{settings.max_rows} dòng kết quả, {settings.max_query_bytes} byte văn bản truy vấn; không SERVICE, LOAD hay FROM từ xa.",
        f"Read-only; the default graph is the union of all named graphs. Limits: {settings.query_timeout:g} s per query, "
        f"{settings.max_rows} result rows, {settings.max_query_bytes} bytes of query text; no SERVICE, LOAD or remote FROM.")]
    triples += [rdf.Triple(dataset, a, _n(SD + "Dataset")), rdf.Triple(dataset, _n(SD + "defaultGraph"), default),
                rdf.Triple(default, a, _n(SD + "Graph")), rdf.Triple(default, _n(VOID + "triples"), _count(stats.triples)),
                *_partitions(default, stats.classes)]
    for graph in stats.graphs:
        named, inner = rdf.BlankNode(), rdf.BlankNode()
        triples += [rdf.Triple(dataset, _n(SD + "namedGraph"), named), rdf.Triple(named, a, _n(SD + "NamedGraph")),
                    rdf.Triple(named, _n(SD + "name"), _n(graph.graph)), rdf.Triple(named, _n(SD + "graph"), inner),
                    rdf.Triple(inner, a, _n(SD + "Graph")), rdf.Triple(inner, _n(VOID + "triples"), _count(graph.triples)),
                    *_partitions(inner, graph.classes)]
    return triples


def void_description(stats: DatasetStats, endpoint: str, settings: Settings,
                     dump_url: Callable[[str], str] | None = None) -> list[rdf.Triple]:
    """void:Dataset for /.well-known/void: totals, vocabularies, class partitions, one subset per named graph.

    `dump_url` turns a dump file name into its URL: the dataset then names its gzipped N-Quads and
    each subset its TriG file as void:dataDump.
    """
    dataset, a = _n(DATASET_IRI), _n(RDF + "type")
    triples = [
        rdf.Triple(dataset, a, _n(VOID + "Dataset")),
        rdf.Triple(dataset, _n(VOID + "sparqlEndpoint"), _n(endpoint)),
        rdf.Triple(dataset, _n(VOID + "uriSpace"), rdf.Literal(settings.entity_base)),
        rdf.Triple(dataset, _n(VOID + "triples"), _count(stats.triples)),
        rdf.Triple(dataset, _n(VOID + "distinctSubjects"), _count(stats.subjects)),
        rdf.Triple(dataset, _n(VOID + "properties"), _count(stats.properties)),
        rdf.Triple(dataset, _n(VOID + "distinctObjects"), _count(stats.objects)),
        rdf.Triple(dataset, _n(DCTERMS + "license"), _n("https://spdx.org/licenses/MIT")),
        rdf.Triple(dataset, _n(SCHEMA + "version"), rdf.Literal(stats.version)),
    ]
    triples += [rdf.Triple(dataset, _n(DCTERMS + "title"), t) for t in _text(
        "wugraph: đồ thị tri thức Hội Liên hiệp Phụ nữ Việt Nam", "wugraph: knowledge graph of the Vietnam Women's Union")]
    triples += [rdf.Triple(dataset, _n(VOID + "vocabulary"), _n(v)) for v in (WU, ORG, PROV, SKOS, SCHEMA, DCTERMS)]
    triples += _partitions(dataset, stats.classes)
    if dump_url is not None:
        triples.append(rdf.Triple(dataset, _n(VOID + "dataDump"), _n(dump_url(FULL_NAME))))
    for graph in stats.graphs:
        subset = _n(graph.graph)
        triples += [rdf.Triple(dataset, _n(VOID + "subset"), subset), rdf.Triple(subset, a, _n(VOID + "Dataset")),
                    rdf.Triple(subset, _n(VOID + "triples"), _count(graph.triples)),
                    rdf.Triple(subset, _n(VOID + "sparqlEndpoint"), _n(endpoint)), *_partitions(subset, graph.classes)]
        if dump_url is not None:
            triples.append(rdf.Triple(subset, _n(VOID + "dataDump"), _n(dump_url(graph_file_name(graph.graph)))))
        if graph.source:
            triples.append(rdf.Triple(subset, _n(PROV + "hadPrimarySource"), _n(graph.source)))
    return triples


@dataclass(frozen=True)
class OntologyTerm:
    """One term of the wugraph ontology as its documentation page lists it."""

    iri: str
    kind: str
    label_vi: str
    label_en: str
    definition_vi: str = ""
    definition_en: str = ""
    parents: tuple[str, ...] = ()
    domain: str | None = None
    range: str | None = None
    scheme: str | None = None

    @property
    def anchor(self) -> str:
        """The fragment of the term's IRI, so `/ontology#Chapter` lands on wu:Chapter."""
        return self.iri.rpartition("#")[2]


def ontology_terms(store: Store) -> list[OntologyTerm]:
    """Classes, properties, schemes and concepts defined in the ontology graph, with vi/en labels."""
    out: list[OntologyTerm] = []
    for row in queries.rows(store, "endpoint_ontology_terms"):
        value = {k: v.value for k, v in row.items()}
        out.append(OntologyTerm(value["term"], value["kind"], value.get("labelVi", ""), value.get("labelEn", ""),
                                value.get("definitionVi", ""), value.get("definitionEn", ""),
                                tuple(value.get("parents", "").split()), value.get("domain"), value.get("range"),
                                value.get("scheme")))
    return out


def ontology_triples(store: Store) -> list[rdf.Triple]:
    """The ontology graph as loaded in the store (what /ontology returns as Turtle, RDF/XML, ...)."""
    return [rdf.Triple(q.subject, q.predicate, q.object) for q in store.quads(ONTOLOGY_GRAPH)]
