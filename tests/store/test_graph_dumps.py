"""One named graph dumped as TriG or N-Quads keeps its graph name on every store (the per-graph download files)."""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path

from support.stores import EX, dumped

from wugraph.endpoint.dumps import build_dumps, graph_file_name
from wugraph.formats import by_name
from wugraph.store import Store, rdf


def test_one_graph_as_trig_or_nquads_keeps_its_name(any_store: Store) -> None:
    def quad(s: str, o: str, g: str) -> rdf.Quad:
        return rdf.Quad(rdf.NamedNode(EX + s), rdf.NamedNode(EX + "p"), rdf.Literal(o, language="vi"), rdf.NamedNode(EX + g))

    any_store.replace_graphs({EX + "g1": [quad("a", "Đắk G'long", "g1"), quad("b", "Lâm Đồng", "g1")],
                              EX + "g2": [quad("c", "Đắk Nông", "g2")]})
    for fmt in ("trig", "nquads"):
        quads = list(rdf.parse(dumped(any_store, fmt, EX + "g1"), by_name(fmt, graph=True)))
        assert sorted((q.subject.value, q.object.value, q.graph_name.value) for q in quads) == [
            (EX + "a", "Đắk G'long", EX + "g1"), (EX + "b", "Lâm Đồng", EX + "g1")]
    turtle = list(rdf.parse(dumped(any_store, "turtle", EX + "g2"), by_name("turtle", graph=True)))
    assert [(q.object.value, str(q.graph_name)) for q in turtle] == [("Đắk Nông", "DEFAULT")]


def test_download_files_are_made_through_the_store_protocol(any_store: Store, tmp_path: Path) -> None:
    """The dump set of a remote server is written the same way as the embedded store's (store.dump)."""
    any_store.replace_graphs({EX + "g1": [rdf.Quad(rdf.NamedNode(EX + "a"), rdf.NamedNode(EX + "p"), rdf.Literal("Đắk Nông"),
                                                   rdf.NamedNode(EX + "g1"))]})
    built = build_dumps(any_store, tmp_path / "downloads", any_store.version())
    mine = built.get(graph_file_name(EX + "g1"))
    assert mine is not None and built.full.size > 0
    quads = list(rdf.parse(built.path(mine).read_bytes(), by_name("trig", graph=True)))
    assert [(q.object.value, q.graph_name.value) for q in quads] == [("Đắk Nông", EX + "g1")]
    whole = list(rdf.parse(gzip.decompress(built.path(built.full).read_bytes()), by_name("nquads", graph=True)))
    assert ("Đắk Nông", EX + "g1") in [(q.object.value, q.graph_name.value) for q in whole]
    assert hashlib.sha256(built.path(built.full).read_bytes()).hexdigest() == built.full.sha256
