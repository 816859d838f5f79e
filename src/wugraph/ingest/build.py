"""`wugraph build`: load the bundled ontology, shapes and data into their named graphs.

Each bundle is fingerprinted (its input bytes plus the builder's version); a bundle whose
fingerprint is already recorded in the metadata graph is skipped, so a repeated build is quick
and changes nothing. Ingested sources live in other graphs and are never touched here.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from .. import __version__
from ..config import Settings
from ..formats import graph_format
from ..identifiers import Minter, reference_graph
from ..namespaces import DCTERMS, META_GRAPH, ONTOLOGY_GRAPH, PROV, RDF, SHAPES_GRAPH, WU
from ..reference.geo import CENTROIDS_FILE
from ..reference.releases import RELEASES, snapshot_paths
from ..store import Store, rdf
from .provenance import graph_amendment, timestamp
from .reference_graphs import (
    CENTROIDS_GRAPH,
    REFORM_GRAPH,
    Once,
    produce_centroids,
    produce_reform,
    produce_units,
    reform_input_paths,
    reform_inputs,
    release_description,
    release_iri,
)

BUILDER_VERSION = f"wugraph-build/{__version__}/3"
_FINGERPRINT = WU + "buildFingerprint"
_META = rdf.NamedNode(META_GRAPH)

GraphContent = dict[str, list[rdf.Quad]]  # graph → its quads, each already in that graph


@dataclass(frozen=True)
class Bundle:
    """A set of input files that produce some named graphs (and, optionally, their metadata)."""

    name: str
    inputs: tuple[Path, ...]
    produce: Callable[[], tuple[GraphContent, list[rdf.Triple]]]
    source: str = ""
    primary_source: str | None = None
    check: Callable[[], object] | None = None  # reads and checks the inputs before anything is written

    def fingerprint(self) -> str:
        digest = hashlib.sha256(BUILDER_VERSION.encode())
        for path in self.inputs:
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
        return digest.hexdigest()


@dataclass
class BuildReport:
    """What a build did: graphs written or skipped, triples and seconds."""

    built: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    triples: int = 0
    seconds: float = 0.0


def _rdf_files(folder: Path, suffixes: tuple[str, ...] = (".ttl",)) -> tuple[Path, ...]:
    return tuple(sorted(p for p in folder.glob("*") if p.suffix in suffixes)) if folder.is_dir() else ()


def _load_into(graph: str, files: tuple[Path, ...]) -> Callable[[], tuple[GraphContent, list[rdf.Triple]]]:
    def produce() -> tuple[GraphContent, list[rdf.Triple]]:
        node = rdf.NamedNode(graph)
        quads = [rdf.Quad(q.subject, q.predicate, q.object, node)
                 for path in files for q in rdf.parse(path=str(path), fmt=graph_format("turtle"))]
        return {graph: quads}, []

    return produce


def _dataset_file(path: Path) -> Callable[[], tuple[GraphContent, list[rdf.Triple]]]:
    """A TriG file: its named graphs as they are, its metadata-graph statements kept apart."""

    def produce() -> tuple[GraphContent, list[rdf.Triple]]:
        graphs: GraphContent = {}
        meta: list[rdf.Triple] = []
        for quad in rdf.parse(path=str(path), fmt=graph_format("trig")):
            if quad.graph_name == _META:
                meta.append(rdf.Triple(quad.subject, quad.predicate, quad.object))
            elif isinstance(quad.graph_name, rdf.NamedNode):
                graphs.setdefault(quad.graph_name.value, []).append(quad)
        return graphs, meta

    return produce


def bundles(settings: Settings) -> list[Bundle]:
    """Every bundle the build loads, in order."""
    minter = Minter(settings.entity_base)
    paths = snapshot_paths(settings.data_dir)
    found: list[Bundle] = []
    for graph, folder in ((ONTOLOGY_GRAPH, settings.ontology_dir), (SHAPES_GRAPH, settings.shapes_dir)):
        files = _rdf_files(folder)
        if files:
            found.append(Bundle(graph, files, _load_into(graph, files), source=folder.name))
    for era, path in paths.items():
        if path.exists():
            graph = reference_graph(RELEASES[era])
            found.append(Bundle(
                graph, (path,),
                lambda path=path, era=era: produce_units(path, era, minter),
                source=f"data/units/{path.name}", primary_source=release_iri(minter, RELEASES[era]),
            ))
    if all(p.exists() for p in reform_input_paths(settings.data_dir)):
        inputs = Once(lambda: reform_inputs(settings.data_dir))
        found.append(Bundle(REFORM_GRAPH, reform_input_paths(settings.data_dir), lambda: produce_reform(inputs, minter),
                            source="data/units/*-lineage-2025.csv, commune-changes-pre2025.csv", check=inputs))
    centroids = settings.data_dir / "units" / CENTROIDS_FILE
    if centroids.exists():
        found.append(Bundle(CENTROIDS_GRAPH, (centroids,), lambda: produce_centroids(centroids, minter),
                            source=f"data/units/{CENTROIDS_FILE}"))
    for path in sorted(settings.data_dir.rglob("*.trig")):
        found.append(Bundle(str(path.relative_to(settings.data_dir)), (path,), _dataset_file(path),
                            source=f"data/{path.relative_to(settings.data_dir)}"))
    return found


def _meta_for(bundle: Bundle, graphs: Iterable[str], stated: list[rdf.Triple], fingerprint: str, minter: Minter) -> list[rdf.Triple]:
    """PROV description of each graph a bundle produced; statements the file made itself win."""
    now = timestamp(datetime.now(timezone.utc))
    said = {(t.subject, t.predicate) for t in stated}
    out = list(stated)
    for graph in graphs:
        g = rdf.NamedNode(graph)
        defaults = [
            (RDF + "type", rdf.NamedNode(PROV + "Entity")),
            (PROV + "generatedAtTime", now),
            (PROV + "wasAttributedTo", rdf.NamedNode(minter.agent("wugraph-build"))),
            (DCTERMS + "source", rdf.Literal(bundle.source)),
        ]
        if bundle.primary_source:
            defaults.append((PROV + "hadPrimarySource", rdf.NamedNode(bundle.primary_source)))
        out += [rdf.Triple(g, rdf.NamedNode(p), o) for p, o in defaults if (g, rdf.NamedNode(p)) not in said]
        out.append(rdf.Triple(g, rdf.NamedNode(_FINGERPRINT), rdf.Literal(fingerprint)))
    return out


def recorded_fingerprints(store: Store) -> dict[str, str]:
    """Graph → fingerprint of the bundle that last wrote it."""
    rows = store.query(f"SELECT ?g ?fp WHERE {{ GRAPH <{META_GRAPH}> {{ ?g <{_FINGERPRINT}> ?fp }} }}")
    return {row["g"].value: row["fp"].value for row in rows}


def build(store: Store, settings: Settings, force: bool = False) -> BuildReport:
    """Load every changed bundle; large graphs go in by bulk load, the rest transactionally."""
    started = time.perf_counter()
    report = BuildReport()
    minter = Minter(settings.entity_base)
    recorded = recorded_fingerprints(store)
    pending: list[tuple[Bundle, str]] = []
    for bundle in bundles(settings):
        fingerprint = bundle.fingerprint()
        known = [g for g, fp in recorded.items() if fp == fingerprint]
        if known and not force:
            report.skipped.extend(known)
        else:
            pending.append((bundle, fingerprint))
    for bundle, _ in pending:  # refuse broken reference data before the first write
        if bundle.check is not None:
            bundle.check()
    for bundle, fingerprint in pending:
        graphs, stated_meta = bundle.produce()
        stale = [g for g, fp in recorded.items() if fp != fingerprint and g in graphs]
        # Forget the old records (and fingerprints) first: a build interrupted mid-load must not look finished.
        store.replace_graphs({}, amend=graph_amendment((), graphs, minter))
        for graph, quads in graphs.items():
            if len(quads) > 20_000:
                store.bulk_replace_graph(graph, quads, in_graph=True)
            else:
                store.replace_graphs({graph: quads})
            report.triples += len(quads)
            report.built.append(graph)
        meta = _meta_for(bundle, graphs, stated_meta, fingerprint, minter)
        if bundle.primary_source:
            meta += release_description(minter)
        store.replace_graphs({}, amend=graph_amendment(meta, sorted(set(graphs) | set(stale)), minter))
    store.flush()
    report.seconds = time.perf_counter() - started
    return report
