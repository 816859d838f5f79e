"""The hand-modelled seed article (data/seed/), checked as a file with rdflib so it holds before any build."""

from __future__ import annotations

import hashlib
import unicodedata
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from rdflib import Dataset, Literal, URIRef
from rdflib.query import ResultRow
from support.paths import ROOT

SEED = ROOT / "data" / "seed"
TRIG = SEED / "000_f46896cb9cf14e9f.trig"
TEXT = SEED / "000_f46896cb9cf14e9f.txt"

B = "https://w3id.org/wugraph/id/"
WU = "https://w3id.org/wugraph/ontology#"
ARTICLE = URIRef(B + "doc/000_f46896cb9cf14e9f")
DOC_GRAPH = URIRef("https://w3id.org/wugraph/graph/doc/000_f46896cb9cf14e9f")
META_GRAPH = URIRef("https://w3id.org/wugraph/graph/meta")
FORUM = URIRef(B + "event/2023-02-21/dien-dan-chia-se-kinh-nghiem-cong-tac-hoi")
DISTRICT = URIRef(B + "unit/pre2025/district/661")
PROVINCE_CHAPTER = URIRef(B + "chapter/pre2025/province/67")
XSD_NNI = URIRef("http://www.w3.org/2001/XMLSchema#nonNegativeInteger")

PROLOGUE = """
PREFIX wu: <https://w3id.org/wugraph/ontology#>
PREFIX schema: <http://schema.org/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""


@contextmanager
def _rdflib_quietly() -> Iterator[None]:
    """rdflib 7.6 warns about its own deprecated Dataset internals on every parse and query."""
    with warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore", message=r"(Dataset\.\w+|ConjunctiveGraph) is deprecated", category=DeprecationWarning
        )
        yield


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    """The seed TriG, parsed once; the default graph is the union of its named graphs."""
    ds = Dataset(default_union=True)
    with _rdflib_quietly():
        ds.parse(data=TRIG.read_text(encoding="utf-8"), format="trig")
    return ds


@pytest.fixture(scope="module")
def text() -> str:
    return TEXT.read_text(encoding="utf-8")


def select(ds: Dataset, body: str) -> list[ResultRow]:
    with _rdflib_quietly():
        return list(ds.query(PROLOGUE + body))  # type: ignore[arg-type]


def ask(ds: Dataset, body: str) -> bool:
    with _rdflib_quietly():
        return bool(ds.query(PROLOGUE + body).askAnswer)


def test_the_file_has_the_doc_graph_and_the_meta_graph_only(dataset: Dataset) -> None:
    rows = select(dataset, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g")
    assert [r.g for r in rows] == [DOC_GRAPH, META_GRAPH]


def test_the_forum_date_place_organiser_and_delegates(dataset: Dataset) -> None:
    rows = select(dataset, f"""
        SELECT ?date ?place ?organizer ?n WHERE {{
          GRAPH <{DOC_GRAPH}> {{
            ?forum a wu:Event ; wu:eventType wu:Forum ; schema:startDate ?date ;
                   schema:location ?place ; schema:organizer ?organizer ; wu:delegateCount ?n }} }}""")
    assert len(rows) == 1
    row = rows[0]
    assert row.date == Literal("2023-02-21", datatype=URIRef("http://www.w3.org/2001/XMLSchema#date"))
    assert row.place == DISTRICT
    assert row.organizer == PROVINCE_CHAPTER
    assert row.n.datatype == XSD_NNI
    assert int(row.n) == 80
    assert ask(dataset, f"""ASK {{ <{FORUM}> wu:delegateCount ?n
        FILTER (DATATYPE(?n) = xsd:nonNegativeInteger && ?n = 80) }}""")


def test_the_forum_names_and_delegate_composition_are_bilingual(dataset: Dataset) -> None:
    for prop in ("schema:name", "wu:delegateComposition"):
        rows = select(dataset, f"SELECT (LANG(?v) AS ?lang) WHERE {{ <{FORUM}> {prop} ?v }} ORDER BY ?lang")
        assert [str(r.lang) for r in rows] == ["en", "vi"], prop


@pytest.mark.parametrize(("name", "role", "organization", "kind", "attribution"), [
    ("Nguyễn Thị Trà Linh", "ViceChair", B + "chapter/pre2025/province/67", "OpeningSpeech",
     "Đ/c Nguyễn Thị Trà Linh, Phó Chủ tịch Hội LHPN tỉnh"),
    ("Nguyễn Văn Thông", "StandingDeputySecretary", B + "org/huyen-uy-dak-glong", "Remarks",
     "Đ/c Nguyễn Văn Thông, Phó Bí thư thường trực Huyện ủy Đắk G'long"),
], ids=["tra-linh", "van-thong"])
def test_the_named_officials_their_positions_and_contributions(
    dataset: Dataset, name: str, role: str, organization: str, kind: str, attribution: str
) -> None:
    rows = select(dataset, f"""
        SELECT ?person ?role ?org ?kind ?text WHERE {{
          ?person a schema:Person ; schema:name ?name .
          ?m a org:Membership ; org:member ?person ; org:role ?role ; org:organization ?org .
          ?c a wu:Contribution ; wu:event <{FORUM}> ; wu:participant ?person ; wu:contributionType ?kind ;
             wu:inCapacityOf ?m ; wu:attributionText ?text .
          FILTER (STR(?name) = "{name}") }}""")
    assert len(rows) == 1
    row = rows[0]
    assert row.role == URIRef(WU + role)
    assert row.org == URIRef(organization)
    assert row.kind == URIRef(WU + kind)
    assert str(row.text) == attribution


def test_unnamed_contributions_have_no_participant(dataset: Dataset) -> None:
    rows = select(dataset, f"""
        SELECT ?kind WHERE {{ ?c wu:event <{FORUM}> ; wu:contributionType ?kind
          FILTER NOT EXISTS {{ ?c wu:participant ?p }} }} ORDER BY ?kind""")
    assert {r.kind for r in rows} == {URIRef(WU + k) for k in ("KeynoteReport", "Presentation", "ExperienceSharing")}


def test_the_doc_graph_has_the_article_as_primary_source(dataset: Dataset) -> None:
    rows = select(dataset, f"""
        SELECT ?source ?agent ?time WHERE {{ GRAPH <{META_GRAPH}> {{
          <{DOC_GRAPH}> a wu:DocumentGraph ; prov:hadPrimarySource ?source ; prov:wasAttributedTo ?agent ;
                        prov:generatedAtTime ?time }} }}""")
    assert [(r.source, r.agent) for r in rows] == [(ARTICLE, URIRef(B + "agent/founding-team"))]
    assert ask(dataset, f"""ASK {{ GRAPH <{DOC_GRAPH}> {{
        <{ARTICLE}> a schema:NewsArticle ; schema:author ?a ; schema:publisher <{PROVINCE_CHAPTER}> ;
          schema:datePublished "2024-04-25T12:42:00+07:00"^^xsd:dateTime }} }}""")


def test_the_article_body_and_hash_match_the_text_file(dataset: Dataset, text: str) -> None:
    rows = select(dataset, f"SELECT ?body ?sha WHERE {{ <{ARTICLE}> schema:articleBody ?body ; wu:sha256 ?sha }}")
    assert len(rows) == 1
    assert str(rows[0].body) == text
    assert str(rows[0].sha) == hashlib.sha256(TEXT.read_bytes()).hexdigest()


def test_every_evidence_quote_is_the_text_slice(dataset: Dataset, text: str) -> None:
    rows = select(dataset, f"""
        SELECT ?subject ?ev ?quote ?start ?end WHERE {{
          ?subject prov:qualifiedDerivation ?ev .
          ?ev a wu:Evidence ; prov:entity <{ARTICLE}> ; wu:quote ?quote ; wu:charStart ?start ; wu:charEnd ?end }}""")
    assert len(rows) >= 20
    for row in rows:
        assert row.start.datatype == XSD_NNI and row.end.datatype == XSD_NNI
        assert text[int(row.start):int(row.end)] == str(row.quote), (row.subject, row.quote)
    orphans = select(dataset, """SELECT ?ev WHERE { ?ev a wu:Evidence
        FILTER NOT EXISTS { ?s prov:qualifiedDerivation ?ev } }""")
    assert orphans == []


def test_key_facts_carry_evidence(dataset: Dataset) -> None:
    rows = select(dataset, """
        SELECT ?s WHERE { ?s a ?type
          VALUES ?type { wu:Event wu:Contribution org:Membership wu:Model wu:EmulationCluster schema:NewsArticle }
          FILTER NOT EXISTS { ?s prov:qualifiedDerivation ?ev } }""")
    assert rows == []


def test_every_literal_is_nfc(dataset: Dataset, text: str) -> None:
    rows = select(dataset, "SELECT DISTINCT ?o WHERE { GRAPH ?g { ?s ?p ?o FILTER (isLiteral(?o)) } }")
    assert rows
    assert [r.o for r in rows if unicodedata.normalize("NFC", str(r.o)) != str(r.o)] == []
    assert unicodedata.normalize("NFC", text) == text
