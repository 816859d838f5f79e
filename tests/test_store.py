"""The embedded store: union default graph, atomic replacement, versions, dumps."""

from __future__ import annotations

from pathlib import Path

import io

import pyoxigraph as ox
import pytest
from store_support import dumped

from wugraph.errors import StoreError
from wugraph.store import OxigraphStore, open_store

EX = "http://example.org/"


def quad(s: str, o: str) -> ox.Quad:
    return ox.Quad(ox.NamedNode(EX + s), ox.NamedNode(EX + "p"), ox.Literal(o))


def test_queries_see_the_union_and_graph_clauses_see_sources(store: OxigraphStore) -> None:
    store.replace_graphs({EX + "g1": [quad("a", "1")], EX + "g2": [quad("b", "2")]})
    rows = list(store.query(f"SELECT ?s WHERE {{ ?s <{EX}p> ?o }} ORDER BY ?s"))
    assert [r["s"].value for r in rows] == [EX + "a", EX + "b"]
    where = list(store.query(f"SELECT ?g WHERE {{ GRAPH ?g {{ <{EX}b> ?p ?o }} }}"))
    assert [r["g"].value for r in where] == [EX + "g2"]
    only_g1 = list(store.query("SELECT ?s WHERE { ?s ?p ?o }", default_graphs=[EX + "g1"]))
    assert [r["s"].value for r in only_g1] == [EX + "a"]


def test_replace_is_idempotent_and_bumps_the_version(store: OxigraphStore) -> None:
    before = store.version()
    store.replace_graphs({EX + "g": [quad("a", "1"), quad("b", "2")]})
    first = store.version()
    store.replace_graphs({EX + "g": [quad("a", "1"), quad("b", "2")]})
    assert store.count(EX + "g") == 2
    assert before != first != store.version()


def test_a_failing_update_writes_nothing(store: OxigraphStore) -> None:
    store.replace_graphs({EX + "g": [quad("a", "1")]})
    snapshot = dumped(store)
    with pytest.raises(SyntaxError):
        store.update(f"INSERT DATA {{ GRAPH <{EX}g> {{ <{EX}x> <{EX}p> 'ok' }} }} ; INSERT DATA {{ broken")
    assert dumped(store) == snapshot


def test_remove_drops_only_the_named_graph(store: OxigraphStore) -> None:
    store.replace_graphs({EX + "g1": [quad("a", "1")], EX + "g2": [quad("b", "2")]})
    store.replace_graphs({}, remove=[EX + "g1"])
    assert EX + "g1" not in store.graph_names()
    assert store.count(EX + "g2") == 1


def test_dump_and_reload_as_nquads_keeps_graphs(store: OxigraphStore, tmp_path) -> None:
    store.replace_graphs({EX + "g1": [quad("a", "Đắk G'long")]})
    data = dumped(store, "nquads")
    other = open_store(tmp_path / "other")
    other._store.load(io.BytesIO(data), ox.RdfFormat.N_QUADS)
    assert dumped(other, "nquads") == data
    assert "Đắk G'long" in dumped(store, "trig").decode()
    other.close()


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
