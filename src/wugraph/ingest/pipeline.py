"""The single write path: sources → normalised, minted triples → provenance → SHACL → one atomic commit.

`ingest` reads every source, validates the whole batch (with the slice of the store its shapes
need) and only then writes: every document graph of the batch and the new metadata graph go into
the store in ONE `replace_graphs` call, i.e. one transaction. A rejected batch raises
`ValidationFailed` carrying its report and leaves the store untouched. Re-ingesting a source
replaces its graph, so ingesting the same file twice changes nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from .. import queries
from ..config import Settings
from ..errors import NotFoundError, ParseError, UsageError, ValidationFailed
from ..identifiers import Minter, document_graph
from ..namespaces import DOC_GRAPH_BASE, RDF
from ..reference.gazetteer import Gazetteer, default_cache_dir, gazetteer_for
from ..store import Store, rdf
from .provenance import Agent, Record, Review, agent_for, meta_amendment, now
from .resolve import Problem, Resolver
from .sources import ParsedSource, Source, check_size, media_type_of, parse
from .terms import OxTerms
from .validate import Finding, Report, load_shapes, validate_all, validate_batch

_RESOLVERS: dict[str, tuple[Gazetteer, Resolver]] = {}
_SH = Namespace("http://www.w3.org/ns/shacl#")
_TYPE = URIRef(RDF + "type")
PROBLEM_RULE = "urn:wugraph:ingest:"


@dataclass(frozen=True)
class SourceResult:
    """What one source contributed to a batch."""

    source_id: str
    graph: str
    name: str
    format: str
    triples: int
    sha256: str
    replaced: bool
    unchanged: bool = False


@dataclass(frozen=True)
class IngestResult:
    """The outcome of an accepted batch (written, or only checked on a dry run)."""

    sources: tuple[SourceResult, ...]
    report: Report
    written: bool
    timings: Mapping[str, float] = field(default_factory=dict)

    @property
    def triples(self) -> int:
        return sum(s.triples for s in self.sources)

    @property
    def has_warnings(self) -> bool:
        return bool(self.report.warnings)

    def to_dict(self) -> dict[str, Any]:
        return {"written": self.written, "triples": self.triples, "warnings": len(self.report.warnings),
                "sources": [asdict(s) for s in self.sources], "timings": dict(self.timings), "report": self.report.to_dict()}


@dataclass(frozen=True)
class SourceInfo:
    """One document graph in the store, with its size and provenance."""

    source_id: str
    graph: str
    triples: int
    file: str | None
    agent: str | None
    generated: str | None
    sha256: str | None


def resolver(store: Store, settings: Settings) -> Resolver:
    """Place and concept resolution for tabular sources, kept as long as the (cached) gazetteer is the same."""
    gazetteer = gazetteer_for(store, default_cache_dir())
    cached = _RESOLVERS.get(settings.entity_base)
    if cached is None or cached[0] is not gazetteer:
        rows = [(r["concept"].value, r["scheme"].value, r["label"].value, r["lang"].value or None)
                for r in queries.rows(store, "ingest_concepts")]
        _RESOLVERS.clear()
        cached = _RESOLVERS[settings.entity_base] = (gazetteer, Resolver.from_rows(gazetteer, rows, Minter(settings.entity_base)))
    return cached[1]


def _quads(triples: Sequence[tuple[Node, Node, Node]] | Graph, where: str, problems: list[Problem]) -> list[rdf.Quad]:
    """Convert for the store; a term pyoxigraph refuses (a malformed IRI or language tag) becomes a problem."""
    terms = OxTerms()
    out: list[rdf.Quad] = []
    for s, p, o in triples:
        try:
            out.append(rdf.Quad(terms.term(s), terms.term(p), terms.term(o)))  # type: ignore[arg-type]
        except (ValueError, TypeError) as exc:
            problems.append(Problem("bad_term", f"Thuật ngữ RDF không hợp lệ: {exc}", f"Invalid RDF term: {exc}", where,
                                    f"{s} {p} {o}", None, str(s)))
    return out


def problems_report(problems: Sequence[Problem], documents: Mapping[str, str] | None = None) -> Report:
    """Problems found while reading sources, as a non-conforming report in the same shape as SHACL's.

    Their rule is named `urn:wugraph:ingest:<code>` (e.g. ...:ambiguous_place) where SHACL names a shape;
    a problem about no particular node (a CSV cell) has the source document (`documents`: file → IRI) as focus.
    """
    documents = documents or {}
    graph = Graph()
    graph.bind("sh", _SH)
    report = BNode()
    graph.add((report, _TYPE, _SH.ValidationReport))
    graph.add((report, _SH.conforms, Literal(False)))
    findings = []
    for p in problems:
        focus = p.node or documents.get(p.where) or documents.get(p.where.rsplit(":", 1)[0]) or ""
        findings.append(Finding("violation", focus, p.column, p.value, p.message_vi, p.message_en, PROBLEM_RULE + p.code, p.where))
        result = BNode()
        graph.add((report, _SH.result, result))
        graph.add((result, _TYPE, _SH.ValidationResult))
        graph.add((result, _SH.focusNode, URIRef(focus) if focus else Literal(p.where)))
        graph.add((result, _SH.resultSeverity, _SH.Violation))
        graph.add((result, _SH.sourceShape, URIRef(PROBLEM_RULE + p.code)))
        graph.add((result, _SH.resultMessage, Literal(f"{p.where}: {p.message_vi}", lang="vi")))
        graph.add((result, _SH.resultMessage, Literal(f"{p.where}: {p.message_en}", lang="en")))
        if p.value is not None:
            graph.add((result, _SH.value, Literal(p.value)))
    return Report(False, tuple(findings), graph.serialize(format="turtle"))


def rejected(report: Report) -> ValidationFailed:
    n = len(report.violations)
    return ValidationFailed(f"Lô dữ liệu bị từ chối: {n} lỗi; kho dữ liệu không thay đổi.",
                            f"The batch was rejected: {n} violation(s); the store is unchanged.", report=report,
                            violations=n, warnings=len(report.warnings))


def _parse_all(store: Store, sources: Sequence[Source], settings: Settings) -> list[ParsedSource]:
    if not sources:
        raise UsageError("Chưa có tệp nào để nạp.", "No source to ingest.")
    total = sum(len(s.data) for s in sources)
    check_size(total, settings, "+".join(s.name for s in sources))
    ids: dict[str, str] = {}
    for source in sources:
        if source.id in ids:
            raise UsageError(f"Hai tệp {ids[source.id]} và {source.name} cùng tên nguồn '{source.id}'.",
                             f"Files {ids[source.id]} and {source.name} share the source id '{source.id}'.")
        ids[source.id] = source.name
    cache: list[Resolver] = []

    def lazy_resolver() -> Resolver:
        if not cache:
            models = [(r["model"].value, r["label"].value) for r in queries.rows(store, "ingest_models")]
            cache.append(resolver(store, settings).with_models(models))
        return cache[0]

    parsed = [parse(source, settings, lazy_resolver) for source in sources]
    for ps in parsed:
        if not len(ps.graph) and not ps.problems:
            raise ParseError(f"{ps.source.name}: không có dữ kiện nào (tệp rỗng hoặc chỉ có dòng tiêu đề).",
                             f"{ps.source.name}: holds no statements (an empty file, or a header row only).",
                             reason="empty_source", source=ps.source.name)
    return parsed


def ingest(store: Store, sources: Sequence[Source], settings: Settings, *, steward: str | None = None,
           extractor: str | None = None, dry_run: bool = False, shapes: Graph | None = None,
           generated: datetime | None = None, progress: Callable[[str], None] | None = None,
           reviews: Mapping[str, Review] | None = None) -> IngestResult:
    """Parse, normalise, mint, validate, then write every graph of the batch and its provenance at once.

    `progress`, when given, hears each stage as it starts ("parse", "validate", "commit") and "done".
    `reviews` (source id → Review) marks sources a steward accepted from an extraction (curation):
    their records name the steward, the extractor and its version.
    """
    timings: dict[str, float] = {}
    stage = progress or (lambda name: None)
    stage("parse")
    started = time.perf_counter()
    parsed = _parse_all(store, sources, settings)
    problems = [p for ps in parsed for p in ps.problems]
    batch = parsed[0].graph if len(parsed) == 1 else Graph()
    if len(parsed) > 1:
        for ps in parsed:
            batch += ps.graph
    converted = {ps.graph_iri: _quads(ps.graph, ps.source.name, problems) for ps in parsed}
    timings["parse"] = time.perf_counter() - started
    if problems:
        minter = Minter(settings.entity_base)
        raise rejected(problems_report(problems, {ps.source.name: minter.document(ps.source.id) for ps in parsed}))
    stage("validate")
    started = time.perf_counter()
    locations: dict[str, str] = {}
    for ps in parsed:
        for node, where in ps.locations.items():
            locations.setdefault(node, where)
    existing = set(store.graph_names())
    report = validate_batch(store, batch, shapes if shapes is not None else load_shapes(settings),
                            replacing=[ps.graph_iri for ps in parsed if ps.graph_iri in existing], locations=locations)
    timings["validate"] = time.perf_counter() - started
    if not report.conforms:
        raise rejected(report)

    def results(changed: Mapping[str, object]) -> tuple[SourceResult, ...]:
        return tuple(SourceResult(ps.source.id, ps.graph_iri, ps.source.name, ps.format, len(converted[ps.graph_iri]),
                                  ps.sha256, ps.graph_iri in existing, ps.graph_iri not in changed) for ps in parsed)

    if dry_run:
        return IngestResult(results(_changed(store, converted, existing)), report, False, timings)
    stage("commit")
    started = time.perf_counter()
    minter = Minter(settings.entity_base)
    agent = agent_for(steward, extractor)
    when = generated or now()
    reviews = reviews or {}
    records = [Record(ps.source.id, ps.source.name, ps.sha256, _media_type(ps),
                      Agent(reviews[ps.source.id].steward, "steward") if ps.source.id in reviews else agent, when,
                      reviews.get(ps.source.id)) for ps in parsed]
    changed = _changed(store, converted, existing)
    store.replace_graphs(changed, amend=meta_amendment(records, (), minter))
    timings["commit"] = time.perf_counter() - started
    stage("done")
    return IngestResult(results(changed), report, True, timings)


def _changed(store: Store, converted: Mapping[str, list[rdf.Quad]], existing: set[str]) -> dict[str, list[rdf.Quad]]:
    """The graphs whose new content differs from what is stored (all of them for new sources)."""
    return {g: quads for g, quads in converted.items() if g not in existing or not _same(store, g, quads)}


def _same(store: Store, graph: str, quads: Sequence[rdf.Quad]) -> bool:
    """True when a stored graph already holds exactly these quads (then re-ingesting need not rewrite it)."""
    if any(isinstance(t, rdf.BlankNode) for q in quads for t in (q.subject, q.object)):
        return False
    if store.count(graph) != len(set(quads)):
        return False
    stored = {(str(q.subject), str(q.predicate), str(q.object)) for q in store.quads(graph)}
    if stored == {(str(q.subject), str(q.predicate), str(q.object)) for q in quads}:
        return True
    # Oxigraph keeps derived integer types as xsd:integer: compare with the batch as Oxigraph holds it too.
    canonical = rdf.MemoryGraph(quads)
    return stored == {(str(q.subject), str(q.predicate), str(q.object)) for q in canonical.quads()}


def _media_type(parsed: ParsedSource) -> str:
    if parsed.source.media_type:
        return parsed.source.media_type.split(";")[0].strip()
    if parsed.format == "popolo":
        return "application/json"
    return media_type_of(parsed.format)


def check(store: Store, sources: Sequence[Source], settings: Settings, shapes: Graph | None = None) -> IngestResult:
    """Validate sources exactly as `ingest` would, writing nothing (`wugraph validate FILE`, POST /validate)."""
    return ingest(store, sources, settings, dry_run=True, shapes=shapes)


def check_store(store: Store, settings: Settings, shapes: Graph | None = None) -> Report:
    """The full check of everything stored (`wugraph validate --all`)."""
    return validate_all(store, shapes if shapes is not None else load_shapes(settings))


def source_graph(source: str) -> str:
    """A source named by id, file name or graph IRI → its document graph IRI."""
    if source.startswith(DOC_GRAPH_BASE):
        return source
    if source.startswith(("http://", "https://")):
        raise UsageError(f"'{source}' không phải là đồ thị tài liệu ({DOC_GRAPH_BASE}…).",
                         f"'{source}' is not a document graph ({DOC_GRAPH_BASE}…).")
    return document_graph(Source(source, b"").id)


def retract(store: Store, source: str, settings: Settings) -> SourceInfo:
    """Remove one source's graph and its provenance record, nothing else, in one transaction."""
    graph = source_graph(source)
    if graph not in store.graph_names():
        raise NotFoundError(f"Không có nguồn '{source}' ({graph}).", f"No source '{source}' ({graph}).", source=source)
    info = _info(store, graph)
    store.replace_graphs({}, remove=[graph], amend=meta_amendment((), (graph,), Minter(settings.entity_base)))
    return info


def _info(store: Store, graph: str, row: Mapping[str, Any] | None = None) -> SourceInfo:
    row = row or {}

    def value(key: str) -> str | None:
        return row[key].value if key in row else None

    return SourceInfo(graph[len(DOC_GRAPH_BASE):], graph, store.count(graph), value("source"), value("agent"),
                      value("generated"), value("sha256"))


def list_sources(store: Store) -> list[SourceInfo]:
    """Every document graph with its triple count and provenance (bundled sources included)."""
    rows = {r["graph"].value: r for r in queries.rows(store, "ingest_sources")}
    graphs = sorted({g for g in store.graph_names() if g.startswith(DOC_GRAPH_BASE)} | set(rows))
    return [_info(store, g, rows.get(g)) for g in graphs]
