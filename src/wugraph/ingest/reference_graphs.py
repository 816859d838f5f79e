"""What the reference graphs are made of: the two official unit lists, the 2025 reform with its lineage, the
derived roll-up, the unit centroids, and the releases they come from (described in graph/meta).

Each producer returns (graphs, metadata statements) for `build`; the reform bundle's `check` reads and checks
every lineage file before the build writes anything, so a broken hand edit leaves the store as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from ..identifiers import Minter, reference_graph
from ..namespaces import DCTERMS, GRAPH_BASE, PROV, RDF, REFERENCE_GRAPH_BASE, SCHEMA, WU
from ..reference import geo
from ..reference.lineage import FILES as LINEAGE_FILES
from ..reference.lineage import Lineage, check_lineage, read_lineage
from ..reference.reform import current_unit_statements, reform_statements
from ..reference.releases import (
    RELEASES,
    ProvinceLink,
    Statement,
    UnitRow,
    read_province_lineage,
    read_units,
    snapshot_paths,
    unit_statements,
)
from ..store import rdf

REFORM_GRAPH = REFERENCE_GRAPH_BASE + "reform-2025"
CURRENT_UNITS_GRAPH = GRAPH_BASE + "derived/current-units"
CENTROIDS_GRAPH = REFERENCE_GRAPH_BASE + f"{geo.SOURCE_PACKAGE}-{geo.SOURCE_VERSION}"
PROVINCE_LINEAGE_FILE = "province-lineage-2025.csv"

GraphContent = dict[str, list[rdf.Quad]]  # graph → its quads, each already in that graph
Produced = tuple[GraphContent, list[rdf.Triple]]
T = TypeVar("T")


def release_iri(minter: Minter, release: str) -> str:
    """A vietnam-provinces release, e.g. release/vietnam-provinces-2026.9.0."""
    return f"{minter.base}release/vietnam-provinces-{release}"


def package_release_iri(minter: Minter) -> str:
    """The vietnamadminunits release the lineage and centroids were taken from."""
    return f"{minter.base}release/{geo.SOURCE_PACKAGE}-{geo.SOURCE_VERSION}"


def homed(graph: str, statements: Iterable[Statement]) -> list[rdf.Quad]:
    """Statements as quads of their graph, made once (the store takes them as they are)."""
    node = rdf.NamedNode(graph)
    return [rdf.Quad(s, p, o, node) for s, p, o in statements]


def _t(subject: str, prop: str, obj: rdf.NamedNode | rdf.Literal) -> rdf.Triple:
    return rdf.Triple(rdf.NamedNode(subject), rdf.NamedNode(prop), obj)


def release_description(minter: Minter) -> list[rdf.Triple]:
    """The official releases and the vietnamadminunits release as prov:Entity nodes that graphs cite."""
    out: list[rdf.Triple] = []
    for release in RELEASES.values():
        node = release_iri(minter, release)
        out += [_t(node, RDF + "type", rdf.NamedNode(WU + "ReferenceRelease")),
                _t(node, SCHEMA + "name", rdf.Literal(f"vietnam-provinces {release}")),
                _t(node, SCHEMA + "version", rdf.Literal(release))]
    node = package_release_iri(minter)
    out += [_t(node, RDF + "type", rdf.NamedNode(WU + "ReferenceRelease")),
            _t(node, SCHEMA + "name", rdf.Literal(geo.source_label())),
            _t(node, SCHEMA + "version", rdf.Literal(geo.SOURCE_VERSION)),
            _t(node, SCHEMA + "url", rdf.NamedNode(geo.SOURCE_URL)),
            _t(node, DCTERMS + "license", rdf.NamedNode(geo.SOURCE_LICENCE))]
    return out


@dataclass
class Once(Generic[T]):
    """A value computed on first use and kept, so a bundle's check and its production read the files once."""

    compute: Callable[[], T]
    _value: list[T] = field(default_factory=list)

    def __call__(self) -> T:
        if not self._value:
            self._value.append(self.compute())
        return self._value[0]


@dataclass(frozen=True)
class ReformInputs:
    """The unit lists and lineage files of the reform graph, read and checked."""

    provinces: list[ProvinceLink]
    lineage: Lineage
    old_rows: list[UnitRow]
    new_rows: list[UnitRow]


def reform_inputs(data_dir: Path) -> ReformInputs:
    """Read every input of the reform graph and run the lineage rules on them (ReferenceDataError when broken)."""
    units = data_dir / "units"
    paths = snapshot_paths(data_dir)
    inputs = ReformInputs(read_province_lineage(units / PROVINCE_LINEAGE_FILE), read_lineage(units),
                          read_units(paths["pre2025"], "pre2025"), read_units(paths["2025"], "2025"))
    check_lineage(inputs.lineage, inputs.old_rows, inputs.new_rows, inputs.provinces)
    return inputs


def reform_input_paths(data_dir: Path) -> tuple[Path, ...]:
    """The files the reform bundle is fingerprinted on."""
    units = data_dir / "units"
    return (units / PROVINCE_LINEAGE_FILE, *(units / name for name in LINEAGE_FILES), *snapshot_paths(data_dir).values())


def produce_reform(inputs: Callable[[], ReformInputs], minter: Minter) -> Produced:
    """The reform graph and the derived roll-up graph, with where they came from."""
    data = inputs()
    graphs = {
        REFORM_GRAPH: homed(REFORM_GRAPH, reform_statements(data.provinces, data.lineage, data.old_rows, data.new_rows, minter)),
        CURRENT_UNITS_GRAPH: homed(CURRENT_UNITS_GRAPH, current_unit_statements(data.provinces, data.lineage, minter)),
    }
    sources = [release_iri(minter, r) for r in RELEASES.values()] + [package_release_iri(minter)]
    meta = [_t(REFORM_GRAPH, PROV + "wasDerivedFrom", rdf.NamedNode(s)) for s in sources]
    meta.append(_t(REFORM_GRAPH, PROV + "hadPrimarySource", rdf.NamedNode(package_release_iri(minter))))  # its merge table
    meta += [_t(CURRENT_UNITS_GRAPH, PROV + "wasDerivedFrom", rdf.NamedNode(REFORM_GRAPH)),
             _t(CURRENT_UNITS_GRAPH, DCTERMS + "source", rdf.Literal("derived from graph/reference/reform-2025 by wugraph build"))]
    return graphs, meta + release_description(minter)


def produce_units(path: Path, era: str, minter: Minter) -> Produced:
    """One official list: its units and their chapters."""
    graph = reference_graph(RELEASES[era])
    return {graph: homed(graph, unit_statements(read_units(path, era), minter))}, []


def produce_centroids(path: Path, minter: Minter) -> Produced:
    """Centroids (and areas) of both eras, derived from the vietnamadminunits release under its MIT licence."""
    quads = homed(CENTROIDS_GRAPH, geo.centroid_statements(geo.read_centroids(path), minter))
    release = rdf.NamedNode(package_release_iri(minter))
    meta = [_t(CENTROIDS_GRAPH, PROV + "wasDerivedFrom", release),
            _t(CENTROIDS_GRAPH, PROV + "hadPrimarySource", release),
            _t(CENTROIDS_GRAPH, DCTERMS + "license", rdf.NamedNode(geo.SOURCE_LICENCE))]
    return {CENTROIDS_GRAPH: quads}, meta + release_description(minter)
