"""The PROV record of a document graph, and how records are replaced and removed in graph/meta."""

from __future__ import annotations

from datetime import datetime, timezone

import pyoxigraph as ox

from wugraph.identifiers import Minter
from wugraph.ingest.provenance import Agent, Record, agent_for, meta_amendment
from wugraph.namespaces import META_GRAPH
from wugraph.store import OxigraphStore

B = "https://w3id.org/wugraph/id/"
PROV = "http://www.w3.org/ns/prov#"
WHEN = datetime(2024, 4, 25, 5, 42, tzinfo=timezone.utc)


def record(source_id: str, agent: Agent, sha256: str = "ab" * 32) -> Record:
    return Record(source_id, f"{source_id}.csv", sha256, "text/csv", agent, WHEN)


def test_record_names_source_agent_time_hash_and_file() -> None:
    triples = {(t.subject.value, t.predicate.value, t.object.value) for t in record("ban-tin", Agent("Phan Thị Minh")).triples(Minter())}
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


def _meta(store: OxigraphStore) -> set[tuple[str, str, str]]:
    return {(q.subject.value, q.predicate.value, q.object.value) for q in store.quads(META_GRAPH)
            if q.subject.value != "https://w3id.org/wugraph/id/dataset"}


def test_replacing_and_removing_records_leaves_no_orphans() -> None:
    minter = Minter()
    store = OxigraphStore(None)
    other = ox.Quad(ox.NamedNode("https://w3id.org/wugraph/graph/reference/union"), ox.NamedNode(PROV + "generatedAtTime"),
                    ox.Literal("x"), ox.NamedNode(META_GRAPH))
    store.replace_graphs({META_GRAPH: [other]})
    store.replace_graphs({}, amend=meta_amendment([record("a", Agent("Lan")), record("b", Agent("Mai"))], (), minter))
    first = _meta(store)
    store.replace_graphs({}, amend=meta_amendment([record("a", Agent("Mai"), "cd" * 32)], (), minter))
    replaced = _meta(store)
    subjects = {t[0] for t in replaced}
    assert B + "agent/lan" not in subjects and B + "agent/mai" in subjects  # Lan no longer answers for any graph
    graph_a = "https://w3id.org/wugraph/graph/doc/a"
    assert len([t for t in replaced if t[0] == graph_a]) == len([t for t in first if t[0] == graph_a])
    hashes = {t[2] for t in replaced if t[0] == B + "doc/a" and t[1].endswith("#sha256")}
    assert hashes == {"cd" * 32}  # the document's old hash went with its old record
    assert (graph_a, PROV + "wasAttributedTo", B + "agent/mai") in replaced
    store.replace_graphs({}, amend=meta_amendment((), (graph_a, "https://w3id.org/wugraph/graph/doc/b"), minter))
    assert _meta(store) == {(other.subject.value, other.predicate.value, other.object.value)}


def test_amendments_of_different_sources_do_not_undo_each_other() -> None:
    """Two writers that each amend only their own record both survive, whatever their order."""
    minter = Minter()
    store = OxigraphStore(None)
    mine, theirs = meta_amendment([record("a", Agent("Lan"))], (), minter), meta_amendment([record("b", Agent("Mai"))], (), minter)
    store.replace_graphs({}, amend=mine)
    store.replace_graphs({}, amend=theirs)
    store.replace_graphs({}, amend=mine)  # a retry of the first writer changes nothing of the second's
    sources = {t[0] for t in _meta(store) if t[1] == PROV + "hadPrimarySource"}
    assert sources == {"https://w3id.org/wugraph/graph/doc/a", "https://w3id.org/wugraph/graph/doc/b"}
