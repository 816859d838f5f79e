"""The ontology file keeps the IRI contract: every term researchers query is declared, typed and bilingual."""

from __future__ import annotations

import re
import unicodedata

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD
from support.paths import ROOT

ONTOLOGY_FILE = ROOT / "ontology" / "wugraph.ttl"
IRIS_DOC = ROOT / "docs" / "iris.md"

WU = Namespace("https://w3id.org/wugraph/ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")
PROV = Namespace("http://www.w3.org/ns/prov#")
SCHEMA = Namespace("http://schema.org/")
ONTOLOGY_IRI = URIRef("https://w3id.org/wugraph/ontology")

# Classes from issue 2's table and the brief, with the superclass each must declare.
CONTRACT_CLASSES: dict[str, URIRef] = {
    "AdministrativeUnit": SCHEMA.AdministrativeArea,
    "Chapter": ORG.OrganizationalUnit,
    "Union": ORG.FormalOrganization,
    "EmulationCluster": ORG.OrganizationalCollaboration,
    "ClusterMembership": ORG.Membership,
    "TerritorialChange": PROV.Activity,
    "ChapterChange": ORG.ChangeEvent,
    "Event": SCHEMA.Event,
    "Venue": SCHEMA.Place,
    "Model": PROV.Plan,
    "ModelInstance": ORG.Organization,
    "Adoption": PROV.Activity,
    "DocumentGraph": PROV.Bundle,
    "ExtractionRun": PROV.Activity,
    "Extractor": PROV.SoftwareAgent,
    "Evidence": PROV.Derivation,
    "ReferenceRelease": PROV.Entity,
}
CONTRACT_PLAIN_CLASSES = ("Succession", "Contribution")

CONTRACT_PROPERTIES = (
    "unitLevel forUnit eventType delegateCount delegateComposition participant event contributionType "
    "attributionText inCapacityOf modelType targetGroup organizingBasis originator originDate model adopter "
    "adoptedOn datePrecision adoptionKind learnedFrom viaEvent channel instance instanceOf runBy memberCount "
    "changeType legalBasis legalDate effectiveDate from to isPrimary share shareBasis areaKm2 causedBy currentUnit currentChapter "
    "discussedModel sha256 quote charStart charEnd isSynthetic forLevel"
).split()

# Ranges researchers' queries and the SHACL shapes rely on.
CONTRACT_RANGES: dict[str, URIRef] = {
    "delegateCount": XSD.nonNegativeInteger,
    "adoptedOn": XSD.date,
    "isSynthetic": XSD.boolean,
    "inCapacityOf": ORG.Membership,
    "isPrimary": XSD.boolean,
    "share": XSD.decimal,
    "areaKm2": XSD.decimal,
    "legalDate": XSD.date,
    "effectiveDate": XSD.date,
}

# Vietnamese preferred labels fixed by the brief.
VI_LABELS: dict[str, str] = {
    "Chair": "Chủ tịch",
    "ViceChair": "Phó Chủ tịch",
    "StandingDeputySecretary": "Phó Bí thư thường trực",
    "Forum": "diễn đàn",
    "KeynoteReport": "báo cáo đề dẫn",
    "Presentation": "tham luận",
    "Province": "tỉnh/thành phố",
    "District": "huyện/quận/thị xã/thành phố thuộc tỉnh",
    "Commune": "xã/phường/thị trấn/đặc khu",
}

ABBREVIATIONS: dict[str, str] = {"Club": "CLB", "EthnicMinorityWomen": "DTTS", "WomenMembers": "HVPN"}

LABEL_PROPERTIES = (RDFS.label, SKOS.prefLabel)
OWL_KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDFS.Datatype, SKOS.Concept,
             SKOS.ConceptScheme)
RDF_LANG_STRING = RDF.langString


@pytest.fixture(scope="module")
def ontology() -> Graph:
    """The ontology as rdflib reads it."""
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


@pytest.fixture(scope="module")
def iris_terms() -> set[str]:
    """Every wu: local name docs/iris.md mentions."""
    return set(re.findall(r"\bwu:([A-Za-z][A-Za-z0-9]*)", IRIS_DOC.read_text(encoding="utf-8")))


def _schemes_from_iris_doc() -> dict[str, list[str]]:
    """The SKOS table of docs/iris.md: scheme local name -> concept local names."""
    text = IRIS_DOC.read_text(encoding="utf-8")
    section = text.split("## SKOS concepts", 1)[1]
    table: dict[str, list[str]] = {}
    for line in section.splitlines():
        if not line.startswith("| `wu:"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        scheme = re.findall(r"wu:([A-Za-z0-9]+)", cells[0])[0]
        table[scheme] = re.findall(r"wu:([A-Za-z0-9]+)", cells[-1])
    return table


def _langs(graph: Graph, subject: URIRef, predicate: URIRef) -> list[str]:
    return [o.language or "" for o in graph.objects(subject, predicate) if isinstance(o, Literal)]


def _wu_terms(graph: Graph) -> set[URIRef]:
    terms: set[URIRef] = set()
    for triple in graph:
        terms.update(t for t in triple if isinstance(t, URIRef) and str(t).startswith(str(WU)))
    return terms


def test_parses_the_same_in_pyoxigraph(ontology: Graph) -> None:
    store = ox.Store()
    store.load(path=str(ONTOLOGY_FILE), format=ox.RdfFormat.TURTLE)
    assert len(store) == len(ontology) > 0


def test_header(ontology: Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ontology
    assert (ONTOLOGY_IRI, OWL.versionInfo, Literal("0.1.0")) in ontology
    assert sorted(_langs(ontology, ONTOLOGY_IRI, DCTERMS.title)) == ["en", "vi"]
    assert sorted(_langs(ontology, ONTOLOGY_IRI, DCTERMS.description)) == ["en", "vi"]
    assert not list(ontology.objects(ONTOLOGY_IRI, OWL.imports))


@pytest.mark.parametrize("name", sorted(CONTRACT_CLASSES))
def test_contract_class_specialises_reused_class(ontology: Graph, name: str) -> None:
    assert (WU[name], RDF.type, OWL.Class) in ontology
    assert (WU[name], RDFS.subClassOf, CONTRACT_CLASSES[name]) in ontology


@pytest.mark.parametrize("name", CONTRACT_PLAIN_CLASSES)
def test_contract_plain_class_declared(ontology: Graph, name: str) -> None:
    assert (WU[name], RDF.type, OWL.Class) in ontology


@pytest.mark.parametrize("name", CONTRACT_PROPERTIES)
def test_contract_property_declared(ontology: Graph, name: str) -> None:
    kinds = set(ontology.objects(WU[name], RDF.type))
    assert kinds & {OWL.ObjectProperty, OWL.DatatypeProperty}, f"wu:{name} is not declared as a property"


@pytest.mark.parametrize("name", sorted(CONTRACT_RANGES))
def test_contract_range(ontology: Graph, name: str) -> None:
    assert list(ontology.objects(WU[name], RDFS.range)) == [CONTRACT_RANGES[name]]


def test_every_term_in_iris_doc_is_declared(ontology: Graph, iris_terms: set[str]) -> None:
    assert iris_terms, "docs/iris.md names no wu: terms"
    missing = sorted(t for t in iris_terms if not set(ontology.objects(WU[t], RDF.type)) & set(OWL_KINDS))
    assert not missing, f"declared nowhere: {missing}"


def test_every_wu_term_is_declared_labelled_and_defined(ontology: Graph) -> None:
    problems: list[str] = []
    for term in sorted(_wu_terms(ontology)):
        name = term.removeprefix(str(WU))
        if not set(ontology.objects(term, RDF.type)) & set(OWL_KINDS):
            problems.append(f"wu:{name} has no declaration")
        labels = [lang for p in LABEL_PROPERTIES for lang in _langs(ontology, term, p)]
        definitions = _langs(ontology, term, SKOS.definition)
        for lang in ("vi", "en"):
            if labels.count(lang) != 1:
                problems.append(f"wu:{name} has {labels.count(lang)} {lang} labels")
            if definitions.count(lang) != 1:
                problems.append(f"wu:{name} has {definitions.count(lang)} {lang} definitions")
    assert not problems, "\n".join(problems)


def test_concept_schemes_match_iris_doc(ontology: Graph) -> None:
    table = _schemes_from_iris_doc()
    assert len(table) == 13
    for scheme, concepts in table.items():
        assert (WU[scheme], RDF.type, SKOS.ConceptScheme) in ontology
        declared = {c.removeprefix(str(WU)) for c in ontology.subjects(SKOS.inScheme, WU[scheme])}
        assert declared == set(concepts), f"wu:{scheme}: ontology {sorted(declared)} vs docs {sorted(concepts)}"


def test_role_concepts_are_org_roles(ontology: Graph) -> None:
    roles = list(ontology.subjects(SKOS.inScheme, WU.RoleScheme))
    assert len(roles) == 10
    for role in roles:
        assert (role, RDF.type, ORG.Role) in ontology
        assert (role, RDF.type, SKOS.Concept) in ontology


def test_concepts_are_well_formed(ontology: Graph) -> None:
    problems: list[str] = []
    notations: dict[URIRef, set[str]] = {}
    for concept in sorted(set(ontology.subjects(RDF.type, SKOS.Concept))):
        schemes = list(ontology.objects(concept, SKOS.inScheme))
        if len(schemes) != 1:
            problems.append(f"{concept} is in {len(schemes)} schemes")
            continue
        scheme = schemes[0]
        broader = list(ontology.objects(concept, SKOS.broader))
        if (concept, SKOS.topConceptOf, scheme) not in ontology and not broader:
            problems.append(f"{concept} is neither a top concept nor narrower than another")
        if any((b, SKOS.inScheme, scheme) not in ontology for b in broader):
            problems.append(f"{concept} has a broader concept outside its scheme")
        codes = [str(n) for n in ontology.objects(concept, SKOS.notation)]
        if len(codes) != 1 or codes[0] in notations.setdefault(scheme, set()):
            problems.append(f"{concept} needs one notation unique in its scheme, has {codes}")
        notations[scheme].update(codes)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("name", "label"), sorted(VI_LABELS.items()))
def test_vietnamese_labels(ontology: Graph, name: str, label: str) -> None:
    assert (WU[name], SKOS.prefLabel, Literal(label, lang="vi")) in ontology


@pytest.mark.parametrize(("name", "abbreviation"), sorted(ABBREVIATIONS.items()))
def test_abbreviations_are_alt_labels(ontology: Graph, name: str, abbreviation: str) -> None:
    assert (WU[name], SKOS.altLabel, Literal(abbreviation, lang="vi")) in ontology


def test_all_literals_are_nfc(ontology: Graph) -> None:
    bad = [str(o) for o in ontology.objects() if isinstance(o, Literal) and unicodedata.normalize("NFC", str(o)) != str(o)]
    assert not bad, f"literals not in NFC: {bad}"


def test_reused_terms_are_only_declared_never_redefined(ontology: Graph) -> None:
    """Outside wu:, the file may only say what kind of OWL term something is, or label it."""
    allowed_kinds = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty}
    for s, p, o in ontology:
        if str(s).startswith(str(WU)) or s == ONTOLOGY_IRI:
            continue
        assert (p == RDF.type and o in allowed_kinds) or p == RDFS.label, f"statement about a reused term: {s} {p} {o}"


def test_domains_and_ranges_are_consistent(ontology: Graph) -> None:
    xsd = str(XSD)
    for prop in ontology.subjects(RDF.type, OWL.DatatypeProperty):
        for rng in ontology.objects(prop, RDFS.range):
            assert str(rng).startswith(xsd) or rng == RDF_LANG_STRING, f"{prop} has non-literal range {rng}"
    for prop in ontology.subjects(RDF.type, OWL.ObjectProperty):
        for rng in ontology.objects(prop, RDFS.range):
            assert not str(rng).startswith(xsd), f"{prop} has literal range {rng}"
    for prop in set(ontology.subjects(RDFS.domain, None)) | set(ontology.subjects(RDFS.range, None)):
        for cls in [*ontology.objects(prop, RDFS.domain), *ontology.objects(prop, RDFS.range)]:
            if str(cls).startswith(xsd) or cls == RDF_LANG_STRING:
                continue
            assert (cls, RDF.type, OWL.Class) in ontology, f"{prop} points to undeclared class {cls}"
