"""Curation test helpers: the articles written for issue 16, the command line in-process, and looks into the store."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result
from .paths import DATA
from .stores import dumped

from wugraph.cli import main
from wugraph.config import Settings
from wugraph.curation.area import staging_folder
from wugraph.namespaces import DOC_GRAPH_BASE, META_GRAPH
from wugraph.store import Store, open_store

ARTICLES = DATA / "curation"
LAUNCH = ARTICLES / "quang-son-ra-mat.txt"
REPLICATION = ARTICLES / "quang-hoa-nhan-rong.txt"
HOMONYM = ARTICLES / "dak-mil-ra-mat.txt"
STEWARD = "Lê Thị Thu"


def wugraph(runner: CliRunner, settings: Settings, *args: str) -> Result:
    """`wugraph --store S ARGS…` in this process (each invocation opens and closes the store)."""
    return runner.invoke(main, ["--store", settings.store, *args], catch_exceptions=False)


def ok(result: Result) -> Result:
    assert result.exit_code == 0, (result.exit_code, result.output, result.stderr if result.stderr_bytes is not None else "")
    return result


@contextmanager
def _opened(where: Settings | Store) -> Iterator[Store]:
    """The store of these settings, opened for the moment, or a store already open (a running app's)."""
    if isinstance(where, Settings):
        with open_store(where.store) as store:
            yield store
    else:
        yield where


def select(where: Settings | Store, sparql: str) -> list[dict[str, str]]:
    """Rows of a SELECT over the union default graph, as plain strings."""
    with _opened(where) as store:
        result = store.query("PREFIX wu: <https://w3id.org/wugraph/ontology#> PREFIX schema: <http://schema.org/> "
                             "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX prov: <http://www.w3.org/ns/prov#> "
                             "PREFIX org: <http://www.w3.org/ns/org#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> " + sparql)
        names = [v.value for v in result.variables]
        return [{n: row[n].value for n in names if row[n] is not None} for row in result]


def fingerprint(where: Settings | Store) -> tuple[int, str, tuple[str, ...], str]:
    """Quad count, store version (it moves on every write), graph names and a hash of graph/meta and the
    document graphs: equal before and after means nothing was written (cheaper than hashing 300,000 quads)."""
    with _opened(where) as store:
        graphs = tuple(store.graph_names())
        watched = [META_GRAPH, *(g for g in graphs if g.startswith(DOC_GRAPH_BASE))]
        digest = hashlib.sha256()
        for graph in watched:
            digest.update(b"\n".join(sorted(dumped(store, "nquads", graph).splitlines())))
        return store.count(), store.version(), graphs, digest.hexdigest()


def staging_snapshot(settings: Settings) -> dict[str, bytes]:
    """Every file of the staging area (the lock file aside): equal before and after means nothing was decided."""
    root = staging_folder(settings)
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file() and p.name != ".lock"}


def stage(runner: CliRunner, settings: Settings, *files: Path) -> Result:
    return ok(wugraph(runner, settings, "extract", *map(str, files), "--stage"))


def review_json(runner: CliRunner, settings: Settings, *args: str) -> Any:
    return json.loads(ok(wugraph(runner, settings, "review", *args, "--format", "json")).stdout)
