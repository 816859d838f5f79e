"""The store contract on every store (embedded, Oxigraph server, Virtuoso): union default graph,
GRAPH ?g, atomic replacement with a version bump, dumps; then what only the embedded folder promises."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from support.stores import EX, dumped, quad

from wugraph.errors import StoreError
from wugraph.store import OxigraphStore, Store, open_store


def test_queries_see_the_union_and_graph_clauses_see_sources(any_store: Store) -> None:
    any_store.replace_graphs({EX + "g1": [quad("a", "1")], EX + "g2": [quad("b", "2")]})
    rows = list(any_store.query(f"SELECT ?s WHERE {{ ?s <{EX}p> ?o }} ORDER BY ?s"))
    assert [r["s"].value for r in rows] == [EX + "a", EX + "b"]
    where = list(any_store.query(f"SELECT ?g WHERE {{ GRAPH ?g {{ <{EX}b> ?p ?o }} }}"))
    assert [r["g"].value for r in where] == [EX + "g2"]
    only_g1 = list(any_store.query(f"SELECT ?s WHERE {{ ?s <{EX}p> ?o }}", default_graphs=[EX + "g1"]))
    assert [r["s"].value for r in only_g1] == [EX + "a"]
    named = list(any_store.query(f"SELECT ?g ?s WHERE {{ ?s <{EX}p> '1' . GRAPH ?g {{ ?x ?p ?o }} }}", named_graphs=[EX + "g2"]))
    assert [(r["g"].value, r["s"].value) for r in named] == [(EX + "g2", EX + "a")]
    assert bool(any_store.query(f"ASK {{ <{EX}a> ?p '1' }}"))
    constructed = any_store.query(f"CONSTRUCT {{ ?s <{EX}q> ?o }} WHERE {{ ?s <{EX}p> ?o }}")
    assert isinstance(constructed, ox.QueryTriples)
    assert sorted(t.subject.value for t in constructed) == [EX + "a", EX + "b"]


def test_replace_is_idempotent_and_bumps_the_version(any_store: Store) -> None:
    before = any_store.version()
    any_store.replace_graphs({EX + "g": [quad("a", "1"), quad("b", "2")]})
    first = any_store.version()
    any_store.replace_graphs({EX + "g": [quad("a", "1"), quad("b", "2")]})
    assert any_store.count(EX + "g") == 2
    assert before != first != any_store.version()


def test_a_failing_update_writes_nothing(any_store: Store) -> None:
    any_store.replace_graphs({EX + "g": [quad("a", "1")]})
    snapshot, version, total = dumped(any_store, graph=EX + "g"), any_store.version(), any_store.count()
    with pytest.raises(SyntaxError):
        any_store.update(f"INSERT DATA {{ GRAPH <{EX}g> {{ <{EX}x> <{EX}p> 'ok' }} }} ; INSERT DATA {{ broken")
    assert dumped(any_store, graph=EX + "g") == snapshot
    assert (any_store.version(), any_store.count()) == (version, total)


def test_remove_drops_only_the_named_graph(any_store: Store) -> None:
    any_store.replace_graphs({EX + "g1": [quad("a", "1")], EX + "g2": [quad("b", "2")]})
    any_store.replace_graphs({}, remove=[EX + "g1"])
    assert EX + "g1" not in any_store.graph_names()
    assert any_store.count(EX + "g2") == 1


def test_dump_keeps_graphs_text_and_blank_nodes(any_store: Store) -> None:
    node = ox.BlankNode()
    linked = [ox.Quad(ox.NamedNode(EX + "s"), ox.NamedNode(EX + "p"), node),
              ox.Quad(node, ox.NamedNode(EX + "q"), ox.Literal("Đắk G'long", language="vi"))]
    any_store.replace_graphs({EX + "g1": [quad("a", "Đắk G'long")], EX + "g2": linked})
    quads = [q for q in ox.parse(dumped(any_store, "nquads"), ox.RdfFormat.N_QUADS) if q.graph_name.value.startswith(EX)]
    assert sorted(q.graph_name.value for q in quads) == [EX + "g1", EX + "g2", EX + "g2"]
    assert "Đắk G'long" in dumped(any_store, "turtle", graph=EX + "g1").decode()
    joined = list(any_store.query(f"SELECT ?v WHERE {{ <{EX}s> <{EX}p> ?b . ?b <{EX}q> ?v }}"))
    assert [r["v"] for r in joined] == [ox.Literal("Đắk G'long", language="vi")]
    assert sorted(q.predicate.value for q in any_store.quads(EX + "g2")) == [EX + "p", EX + "q"]


# -- the embedded folder


def test_store_folder_is_a_plain_oxigraph_store(settings) -> None:
    opened = open_store(Path(settings.store))
    opened.replace_graphs({EX + "g": [quad("a", "1")]})
    opened.close()
    raw = ox.Store(str(Path(settings.store)))
    assert len(raw) >= 1
    del raw


def test_a_second_writer_gets_a_clear_error(store: OxigraphStore) -> None:
    with pytest.raises(StoreError) as caught:
        OxigraphStore(store.path)
    assert "process" in caught.value.message_en
