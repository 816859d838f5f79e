"""The PROV record of a document graph, and how records are replaced and removed in graph/meta."""

from __future__ import annotations

from datetime import datetime, timezone

from rdflib import Literal, URIRef

from wugraph.identifiers import Minter
from wugraph.provenance import Agent, Record, agent_for, merged_meta

B = "https://w3id.org/wugraph/id/"
PROV = "http://www.w3.org/ns/prov#"
WHEN = datetime(2024, 4, 25, 5, 42, tzinfo=timezone.utc)


def record(source_id: str, agent: Agent) -> Record:
    return Record(source_id, f"{source_id}.csv", "ab" * 32, "text/csv", agent, WHEN)


def test_record_names_source_agent_time_hash_and_file() -> None:
    triples = {(str(s), str(p), str(o)) for s, p, o in record("ban-tin", Agent("Phan Thị Minh")).triples(Minter())}
    graph = "https://w3id.org/wugraph/graph/doc/ban-tin"
    assert (graph, PROV + "hadPrimarySource", B + "doc/ban-tin") in triples
    assert (graph, PROV + "wasAttributedTo", B + "agent/phan-thi-minh") in triples
    assert (graph, PROV + "generatedAtTime", "2024-04-25T05:42:00+00:00") in triples
    assert (graph, "https://w3id.org/wugraph/ontology#sha256", "ab" * 32) in triples
    assert (graph, "http://purl.org/dc/terms/source", "ban-tin.csv") in triples
    assert (B + "agent/phan-thi-minh", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", PROV + "Person") in triples


def test_agents_by_role() -> None:
    assert agent_for(None, None).kind == "tool"
    assert agent_for("Lan", None) == Agent("Lan", "steward")
    assert agent_for("Lan", "trich-xuat/1.0").kind == "extractor"


def test_replacing_and_removing_records_leaves_no_orphans() -> None:
    minter = Minter()
    other = (URIRef("https://w3id.org/wugraph/graph/reference/union"), URIRef(PROV + "generatedAtTime"), Literal("x"))
    first = merged_meta([other], [record("a", Agent("Lan")), record("b", Agent("Mai"))], (), minter)
    replaced = merged_meta(first, [record("a", Agent("Mai"))], (), minter)
    subjects = {str(t[0]) for t in replaced}
    assert B + "agent/lan" not in subjects and B + "agent/mai" in subjects  # Lan no longer answers for any graph
    assert len([t for t in replaced if str(t[0]).endswith("/graph/doc/a")]) == len(
        [t for t in first if str(t[0]).endswith("/graph/doc/a")])
    emptied = merged_meta(replaced, (), ("https://w3id.org/wugraph/graph/doc/a", "https://w3id.org/wugraph/graph/doc/b"), minter)
    assert emptied == [other]
