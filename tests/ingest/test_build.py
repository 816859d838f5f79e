"""`wugraph build`: repeatable, quick when unchanged, rebuilds only what changed."""

from __future__ import annotations

import shutil
from pathlib import Path

from support.paths import ROOT

from wugraph.config import load_settings
from wugraph.ingest.build import build, bundles
from wugraph.store import open_store


def test_a_repeated_build_skips_everything_and_keeps_the_count(loaded_store, loaded_settings) -> None:
    before = loaded_store.count()
    report = build(loaded_store, loaded_settings)
    assert report.built == []
    assert len(report.skipped) >= 5
    assert loaded_store.count() == before


def test_a_forced_rebuild_gives_the_same_triples(loaded_store, loaded_settings) -> None:
    graphs = [g for g in loaded_store.graph_names() if not g.endswith("/meta")]
    before = {g: loaded_store.count(g) for g in graphs}
    build(loaded_store, loaded_settings, force=True)
    assert {g: loaded_store.count(g) for g in graphs} == before


def test_ingested_graphs_survive_a_rebuild(loaded_store, loaded_settings) -> None:
    import pyoxigraph as ox

    graph = "https://w3id.org/wugraph/graph/doc/steward-upload"
    loaded_store.replace_graphs({graph: [ox.Quad(ox.NamedNode("http://example.org/x"), ox.NamedNode("http://example.org/p"), ox.Literal("y"))]})
    build(loaded_store, loaded_settings, force=True)
    assert loaded_store.count(graph) == 1


def test_a_changed_input_rebuilds_only_its_bundle(tmp_path: Path) -> None:
    home = tmp_path / "home"
    for part in ("ontology", "shapes", "data"):
        if (ROOT / part).exists():
            shutil.copytree(ROOT / part, home / part)
    settings = load_settings({"store": str(tmp_path / "store"), "home": home}, environ={})
    store = open_store(Path(settings.store))
    first = build(store, settings)
    assert first.triples > 300_000
    union = home / "data" / "reference" / "union.trig"
    union.write_text(union.read_text(encoding="utf-8").replace('"VWU"@en', '"VWU"@en , "Women\'s Union"@en'), encoding="utf-8")
    second = build(store, settings)
    assert second.built == ["https://w3id.org/wugraph/graph/reference/union"]
    assert len(list(store.query('SELECT * WHERE { ?u ?p "Women\'s Union"@en }'))) == 1
    store.close()


def test_bundles_cover_ontology_reference_data_and_seed() -> None:
    names = [b.name for b in bundles(load_settings({"home": ROOT}, environ={}))]
    assert "https://w3id.org/wugraph/graph/ontology" in names
    assert "https://w3id.org/wugraph/graph/reference/reform-2025" in names
    assert any(n.startswith("seed/") for n in names)
