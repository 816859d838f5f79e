"""The staged documents loaded together, resolved against each other and the store, and built into graphs.

Every operation (review.py) and every view (views.py) starts here: load each staged document
(finishing any operation a dead process left half-way), resolve all of them at once — a model
named in two articles is one model whichever is accepted first — and assemble the graph a
document would contribute for a given set of accepted candidates.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from rdflib import Graph

from ..config import Settings
from ..errors import NotFoundError, UsageError
from ..identifiers import Minter, document_graph
from ..ingest.sources import Source
from ..namespaces import DOC_GRAPH_BASE
from ..reference.gazetteer import Gazetteer, default_cache_dir, gazetteer_for
from ..store import Store
from . import known
from .area import EXTRACTION, StagingArea, check_doc_id
from .assemble import Rivals, assemble, defer_to_rivals, included_keys, named_subjects, names_given, to_trig
from .candidates import Candidate, StagedGraph, split
from .resolve import DocResolution, StagedDoc, ordered, resolve
from .state import counts_of, decided, doc_status, reconcile, sha256, statuses


@dataclass
class Loaded:
    """One staged document: its state, its candidates and their statuses."""

    id: str
    state: dict[str, Any]
    staged: StagedGraph
    in_store: bool

    @property
    def marks(self) -> dict[str, str]:
        return statuses(self.state, self.staged)

    @property
    def counts(self) -> dict[str, int]:
        return counts_of(self.marks)

    @property
    def status(self) -> str:
        return doc_status(self.state, self.counts, self.in_store)

    @property
    def graph_iri(self) -> str:
        return document_graph(self.id)

    def candidate(self, ref: str) -> Candidate:
        found = self.staged.find(ref)
        if found is None:
            raise NotFoundError(f"Bài '{self.id}' không có dữ kiện đề xuất '{ref}'.", f"Document '{self.id}' has no candidate '{ref}'.",
                                doc=self.id, candidate=ref)
        return found


@dataclass
class Built:
    """A document graph ready for the write path, and which candidate each of its nodes came from."""

    doc: str
    graph: Graph
    trig: bytes
    origin: dict[str, str] = field(default_factory=dict)  # node IRI → candidate id (m1, a2 …)

    @property
    def digest(self) -> str:
        return sha256(self.trig)

    def source(self) -> Source:
        return Source(f"{self.doc}.trig", self.trig, "application/trig", source_id=self.doc)


class Workspace:
    """The staging area and the store, seen together for one operation (hold the area's lock to change them)."""

    def __init__(self, store: Store, settings: Settings, area: StagingArea | None = None) -> None:
        self.store, self.settings = store, settings
        self.area = area or StagingArea.for_settings(settings)
        self.minter = Minter(settings.entity_base)

    @cached_property
    def gazetteer(self) -> Gazetteer:
        return gazetteer_for(self.store, default_cache_dir())

    def load(self, doc_id: str, graphs: set[str] | None = None) -> Loaded:
        self.area.require(check_doc_id(doc_id))
        state = reconcile(self.area, self.store, doc_id, self.area.read_state(doc_id))
        graphs = graphs if graphs is not None else set(self.store.graph_names())
        return Loaded(doc_id, state, _split_cached(self.area.folder(doc_id) / EXTRACTION), document_graph(doc_id) in graphs)

    def load_all(self) -> list[Loaded]:
        graphs = {g for g in self.store.graph_names() if g.startswith(DOC_GRAPH_BASE)}
        return [self.load(doc_id, graphs) for doc_id in self.area.doc_ids()]

    def targets(self, refs: Iterable[str], docs: Mapping[str, Loaded]) -> dict[str, set[str] | None]:
        """'DOC' (the whole document) or 'DOC:CID' (one candidate) → {doc: candidate keys, or None for all}."""
        out: dict[str, set[str] | None] = {}
        for ref in refs:
            doc_id, _, cid = ref.partition(":")
            if doc_id not in docs:
                self.area.require(check_doc_id(doc_id))
            loaded = docs[doc_id]
            if not cid:
                out[doc_id] = None
            elif out.get(doc_id, set()) is not None:
                out.setdefault(doc_id, set()).add(loaded.candidate(cid).key)  # type: ignore[union-attr]
        if not out:
            raise UsageError("Hãy chỉ định bài (DOC) hoặc dữ kiện (DOC:m1).", "Name a document (DOC) or a candidate (DOC:m1).")
        return out

    def resolution(self, docs: Iterable[Loaded], states: Mapping[str, Mapping[str, Any]] | None = None) -> dict[str, DocResolution]:
        """Resolve every document not rejected outright, with `states` standing in for the ones about to change."""
        states = states or {}
        staged = []
        for d in docs:
            state = states.get(d.id, d.state)
            marks = statuses(state, d.staged)
            excluded = frozenset(k for k, v in marks.items() if v in ("rejected", "dropped"))
            names = {k: e[-1]["value"] for k, edits in state.get("edits", {}).items()
                     if (e := [x for x in edits if x["field"] == "name"])}
            staged.append(StagedDoc(d.id, d.staged, state.get("overrides", {}), excluded, names))
        person_names = [doc.label(c) for doc in staged for c in doc.active("person")]
        return resolve(staged, known.models(self.store), known.people(self.store, person_names, self.minter),
                       self.gazetteer, self.minter, known.originations(self.store))

    def build(self, doc: Loaded, state: Mapping[str, Any], resolution: DocResolution, rivals: Rivals | None = None,
              keep: set[str] | None = None, stored: tuple[set[str], set[tuple[str, str, str, str, str]]] | None = None) -> Built:
        """The graph this document contributes with the candidates accepted in `state` (or `keep`).

        `stored` (subjects asked about, and the names the store gives them, by graph) may be fetched once
        for a batch; names of subjects not asked about yet are fetched here.
        """
        wanted = keep if keep is not None else decided(state, "accepted") & {c.key for c in doc.staged.candidates}
        kept, _ = included_keys(doc.staged, wanted)
        graph, renamed = assemble(doc.staged, kept, state.get("edits", {}), resolution, self.minter)
        subjects = named_subjects(graph)
        asked, names = stored or (set(), set())
        names = names | known.names_by_graph(self.store, subjects - asked)
        elsewhere = {(s, p, lang, text) for s, p, lang, text, g in names if g != doc.graph_iri and s in subjects}
        defer_to_rivals(graph, elsewhere | (rivals or set()))
        origin = {}
        for c in doc.staged.candidates:
            if c.key in kept:
                node = resolution.mapping.get(c.subject, c.subject)
                origin[renamed.get(node, node)] = c.id
        return Built(doc.id, graph, to_trig(graph, doc.graph_iri), origin)

    def build_batch(self, docs: Iterable[Loaded], states: Mapping[str, Mapping[str, Any]],
                    resolution: Mapping[str, DocResolution]) -> list[Built]:
        """Graphs of several documents written together: a name the first gives, the later ones do not contradict."""
        rivals: Rivals = set()
        out = []
        by_id = {d.id: d for d in docs}
        staged = [StagedDoc(d.id, d.staged, {}, frozenset()) for d in by_id.values()]
        subjects = {str(t[0]) for d in by_id.values() for t in d.staged.frame} | {
            resolution[d.id].mapping.get(c.subject, c.subject) for d in by_id.values() for c in d.staged.candidates}
        stored = (subjects, known.names_by_graph(self.store, subjects))
        for doc in ordered(staged):
            built = self.build(by_id[doc.id], states[doc.id], resolution[doc.id], rivals, stored=stored)
            rivals |= names_given(built.graph)
            out.append(built)
        return out


_PARSED: OrderedDict[tuple[str, int, int], StagedGraph] = OrderedDict()
_PARSED_LOCK = threading.Lock()


def _split_cached(path: Path, keep: int = 512) -> StagedGraph:
    """A staged extraction cut into candidates, parsed once per file version in this process (pages list many)."""
    stat = path.stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    with _PARSED_LOCK:
        found = _PARSED.get(key)
        if found is not None:
            _PARSED.move_to_end(key)
            return found
    parsed = split(path.read_bytes())
    with _PARSED_LOCK:
        _PARSED[key] = parsed
        while len(_PARSED) > keep:
            _PARSED.popitem(last=False)
    return parsed


def candidate_of(built: Built, focus: str) -> str | None:
    """The candidate a validation finding is about (its node, or the evidence node under it)."""
    if focus in built.origin:
        return built.origin[focus]
    for s, _, o in built.graph.triples((None, None, None)):
        if str(o) == focus and str(s) in built.origin:
            return built.origin[str(s)]
    return None
