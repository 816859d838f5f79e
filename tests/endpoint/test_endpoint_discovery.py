"""What /sparql says about itself: Service Description, VoID, /health, the ontology document and the YASGUI page."""

from __future__ import annotations

import json

import pytest
import rdflib
from rdflib.namespace import OWL, RDF

from wugraph.endpoint.catalog import examples
from wugraph.namespaces import SD, VOID, WU

SDN, VOIDN = rdflib.Namespace(SD), rdflib.Namespace(VOID)


@pytest.fixture(scope="module")
def description(shared_app) -> rdflib.Graph:
    response = shared_app.test_client().get("/sparql", headers={"Accept": "text/turtle"})
    assert response.status_code == 200 and response.content_type.startswith("text/turtle")
    return rdflib.Graph().parse(data=response.data, format="turtle")


def test_service_description(description: rdflib.Graph) -> None:
    (service,) = list(description.subjects(RDF.type, SDN.Service))
    assert str(service).endswith("/sparql") and (service, SDN.endpoint, service) in description
    assert (service, SDN.supportedLanguage, SDN.SPARQL11Query) in description
    assert (service, SDN.feature, SDN.UnionDefaultGraph) in description
    formats = {str(f).rpartition("/")[2] for f in description.objects(service, SDN.resultFormat)}
    assert formats == {"SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                       "Turtle", "N-Triples", "N-Quads", "TriG", "JSON-LD", "RDF_XML"}
    comments = {c.language: str(c) for c in description.objects(service, rdflib.RDFS.comment)}
    assert "SERVICE" in comments["en"] and "SERVICE" in comments["vi"]


def test_service_description_counts_graphs_and_classes(description: rdflib.Graph) -> None:
    (service,) = list(description.subjects(RDF.type, SDN.Service))
    dataset = description.value(service, SDN.defaultDataset)
    default = description.value(dataset, SDN.defaultGraph)
    total = int(description.value(default, VOIDN.triples))
    named = list(description.objects(dataset, SDN.namedGraph))
    sizes = {str(description.value(n, SDN.name)): int(description.value(description.value(n, SDN.graph), VOIDN.triples)) for n in named}
    assert "https://w3id.org/wugraph/graph/ontology" in sizes and sum(sizes.values()) == total > 300_000
    partitions = {str(description.value(p, VOIDN["class"])): int(description.value(p, VOIDN.entities))
                  for p in description.objects(default, VOIDN.classPartition)}
    assert partitions[WU + "AdministrativeUnit"] == 14165 and partitions[WU + "Event"] == 1


def test_service_description_in_other_formats(shared_client) -> None:
    jsonld = shared_client.get("/sparql", headers={"Accept": "application/ld+json"})
    assert jsonld.status_code == 200 and json.loads(jsonld.data)
    assert shared_client.get("/sparql?format=ntriples").content_type.startswith("application/n-triples")
    assert shared_client.get("/sparql", headers={"Accept": "*/*"}).content_type.startswith("text/turtle")
    assert shared_client.get("/sparql").content_type.startswith("text/turtle")


def test_well_known_void(shared_client, description: rdflib.Graph) -> None:
    response = shared_client.get("/.well-known/void")
    assert response.status_code == 200 and response.content_type.startswith("text/turtle")
    void = rdflib.Graph().parse(data=response.data, format="turtle")
    dataset = rdflib.URIRef("https://w3id.org/wugraph/id/dataset")
    assert (dataset, RDF.type, VOIDN.Dataset) in void and str(void.value(dataset, VOIDN.sparqlEndpoint)).endswith("/sparql")
    subsets = list(void.objects(dataset, VOIDN.subset))
    assert sum(int(void.value(s, VOIDN.triples)) for s in subsets) == int(void.value(dataset, VOIDN.triples))
    assert int(void.value(dataset, VOIDN.distinctSubjects)) > 30_000 and int(void.value(dataset, VOIDN.properties)) > 50
    assert {rdflib.URIRef(WU)} <= set(void.objects(dataset, VOIDN.vocabulary))
    doc = rdflib.URIRef("https://w3id.org/wugraph/graph/doc/000_f46896cb9cf14e9f")
    assert str(void.value(doc, rdflib.URIRef("http://www.w3.org/ns/prov#hadPrimarySource"))).endswith("doc/000_f46896cb9cf14e9f")
    assert shared_client.get("/.well-known/void", headers={"Accept": "application/rdf+xml"}).content_type.startswith("application/rdf+xml")


def test_health(shared_client) -> None:
    body = shared_client.get("/health").json
    assert body["status"] == "ok" and body["triples"] > 300_000 and body["store_version"]
    assert body["queries"]["mode"] in ("inline", "process")


def test_ontology_at_its_namespace(shared_client) -> None:
    page = shared_client.get("/ontology", headers={"Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and 'id="Chapter"' in html and 'id="EthnicMinorityWomen"' in html
    assert "Hội" in html and "<code>wu:Chapter</code>" in html
    english = shared_client.get("/ontology?lang=en", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "Classes" in english
    turtle = shared_client.get("/ontology", headers={"Accept": "text/turtle"})
    graph = rdflib.Graph().parse(data=turtle.data, format="turtle")
    assert (rdflib.URIRef(WU + "Chapter"), RDF.type, OWL.Class) in graph
    assert shared_client.get("/ontology", headers={"Accept": "application/rdf+xml"}).content_type.startswith("application/rdf+xml")
    twin = shared_client.get("/ontology.json").json
    assert any(t["curie"] == "wu:Chapter" for kind in twin["kinds"] for t in kind["terms"])


def test_query_page_serves_yasgui_locally_with_the_catalogue(shared_client) -> None:
    page = shared_client.get("/sparql", headers={"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and page.content_type.startswith("text/html")
    assert "/static/vendor/yasgui-4.6.2.min.js" in html and "/static/vendor/yasgui-4.6.2.min.css" in html
    assert "cdn" not in html.lower() and "unpkg" not in html
    for example in examples():
        assert f'data-example="{example.name}"' in html
    assert 'id="limits"' in html and "PREFIX wu:" not in html.split("wugraph-endpoint-config")[0]
    for path in ("/static/vendor/yasgui-4.6.2.min.js", "/static/vendor/yasgui-4.6.2.min.css", "/static/endpoint.js"):
        response = shared_client.get(path)
        assert response.status_code == 200 and len(response.data) > 500
        response.close()
    twin = shared_client.get("/sparql.json").json
    assert len(twin["examples"]) == len(examples()) and twin["prefixes"]["wu"] == WU
    assert twin["examples"][0]["sparql"].startswith("PREFIX wu:")
