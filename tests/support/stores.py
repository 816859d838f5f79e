"""Store folders for tests: private copies of a built store, and whole-store dumps to compare."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

from wugraph.namespaces import DOC_GRAPH_BASE
from wugraph.store import Store, rdf
from wugraph.store.remote import STAGING_BASE


def copy_store(source: Path, target: Path) -> Path:
    """A private copy of a closed (or read-only) store folder that another process may open for writing."""
    shutil.copytree(source, target)
    (target / "LOCK").unlink(missing_ok=True)
    return target


def dumped(store: Store, fmt: str = "nquads", graph: str | None = None) -> bytes:
    """The store (or one graph) serialised in memory: what tests hash or compare before and after."""
    buffer = io.BytesIO()
    store.dump(buffer, fmt, graph)
    return buffer.getvalue()


EX = "http://example.org/remote-test/"
"""Test graphs and subjects live under this prefix, so they can be dropped from a shared server."""


def quad(s: str, o: str) -> rdf.Quad:
    return rdf.Quad(rdf.NamedNode(EX + s), rdf.NamedNode(EX + "p"), rdf.Literal(o))


def drop_test_graphs(store: Store) -> None:
    """Remove what tests wrote to a (shared, remote) store: test graphs, staging graphs, test documents."""
    doomed = [g for g in store.graph_names() if g.startswith((EX, STAGING_BASE, DOC_GRAPH_BASE + "remote-test"))]
    if doomed:
        store.replace_graphs({}, remove=doomed)
