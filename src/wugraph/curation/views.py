"""What `wugraph review list|show` print and the /review pages render (the same dicts as their JSON twins).

A document's view holds its text cut into segments, each segment knowing which candidates' evidence
covers it (so the page highlights a candidate's quotes beside it without any script), and every
candidate with its status, what it says once resolved and corrected, its evidence, its edits and
the merges that touch it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rdflib import Graph, Literal, URIRef

from ..identifiers import Minter
from ..namespaces import ORG, SCHEMA, SKOS, WU
from ..reference.gazetteer import Gazetteer
from . import known
from .candidates import Candidate, StagedGraph
from .edits import FIELDS
from .names import model_key
from .resolve import StagedDoc, fact_day
from .workspace import Loaded, Workspace

# per kind: (field, predicate) shown for a candidate
_FIELDS: dict[str, tuple[tuple[str, str], ...]] = {
    "model": (("name", SKOS + "prefLabel"), ("also", SKOS + "altLabel"), ("type", WU + "modelType")),
    "adoption": (("model", WU + "model"), ("adopter", WU + "adopter"), ("date", WU + "adoptedOn"),
                 ("precision", WU + "datePrecision"), ("kind", WU + "adoptionKind"), ("learned_from", WU + "learnedFrom")),
    "person": (("name", SCHEMA + "name"), ("also", SCHEMA + "alternateName"), ("affiliation", SCHEMA + "affiliation")),
    "position": (("person", ORG + "member"), ("role", ORG + "role"), ("organisation", ORG + "organization")),
    "event": (("name", SCHEMA + "name"), ("type", WU + "eventType"), ("date", SCHEMA + "startDate"),
              ("unit", SCHEMA + "location"), ("organiser", SCHEMA + "organizer")),
    "organisation": (("name", SKOS + "prefLabel"), ("unit", WU + "forUnit"), ("parent", ORG + "subOrganizationOf")),
    "contribution": (("person", WU + "participant"), ("type", WU + "contributionType"), ("event", WU + "event")),
}


def unit_name(iri: str, gazetteer: Gazetteer, minter: Minter) -> dict[str, str] | None:
    """'Hội LHPN Xã Quảng Sơn' for a chapter, 'Xã Quảng Sơn' for a unit (the official name of its era)."""
    if iri == minter.union():
        return {"vi": "Hội LHPN Việt Nam", "en": "Vietnam Women's Union"}
    parsed = minter.parse_unit(iri)
    if parsed is None:
        return None
    record = gazetteer.get(minter.unit(parsed[1]))
    if record is None:
        return None
    parent = next((a for a in gazetteer.ancestors(record.iri) if a.level == "Province"), None)
    where = f"{record.name}" + (f", {parent.name}" if parent is not None and parent.iri != record.iri else "")
    if parsed[0] == "chapter":
        return {"vi": f"Hội LHPN {where}", "en": f"Women's Union of {where}"}
    return {"vi": where, "en": where}


class Namer:
    """Display names for IRIs: units and chapters from the gazetteer, the rest from the graph or the store."""

    def __init__(self, ws: Workspace, graphs: Iterable[Graph]) -> None:
        self.ws = ws
        self.local: dict[str, dict[str, str]] = {}
        for graph in graphs:
            for p in (SKOS + "prefLabel", SCHEMA + "name"):
                for s, o in graph.subject_objects(URIRef(p)):
                    if isinstance(o, Literal):
                        self.local.setdefault(str(s), {}).setdefault(o.language or "vi", str(o))
        self.stored: dict[str, dict[str, str]] = {}

    def prefetch(self, iris: Iterable[str]) -> None:
        wanted = {i for i in iris if i not in self.local and self.ws.minter.parse_unit(i) is None}
        self.stored.update(known.labels(self.ws.store, wanted))

    def __call__(self, iri: str) -> dict[str, str]:
        found = unit_name(iri, self.ws.gazetteer, self.ws.minter) or self.local.get(iri) or self.stored.get(iri)
        return dict(found) if found else {"vi": iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1]}


def segments(staged: StagedGraph, candidates: Iterable[Candidate]) -> list[dict[str, Any]]:
    """The article text cut at every evidence boundary; each piece lists the candidates quoting it."""
    text = staged.text
    spans = [(e.start, e.end, c.id) for c in candidates for e in c.evidence if 0 <= e.start < e.end <= len(text)]
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    out = []
    for start, end in zip(cuts, cuts[1:]):
        ids = sorted({cid for s, e, cid in spans if s <= start and end <= e})
        out.append({"start": start, "end": end, "text": text[start:end], "candidates": ids})
    return out


def _fields(c: Candidate, node: str, graph: Graph, namer: Namer) -> list[dict[str, Any]]:
    out = []
    subject = URIRef(node)
    for name, predicate in _FIELDS.get(c.kind, ()):
        values = list(graph.objects(subject, URIRef(predicate))) or c.values(predicate)
        for value in values:
            if isinstance(value, Literal):
                out.append({"field": name, "value": str(value), "lang": value.language})
            else:
                out.append({"field": name, "iri": str(value), "labels": namer(str(value))})
    return out


def doc_view(ws: Workspace, doc_id: str) -> dict[str, Any]:
    """Everything a steward needs to decide on one document."""
    docs = {d.id: d for d in ws.load_all()}
    doc = docs.get(doc_id) or ws.load(doc_id)
    resolution = ws.resolution(docs.values())[doc.id]
    marks = doc.marks
    preview = ws.build(doc, doc.state, resolution, keep={k for k, v in marks.items() if v in ("pending", "accepted")})
    nodes = {cid: node for node, cid in preview.origin.items()}
    namer = Namer(ws, [preview.graph])
    namer.prefetch(str(o) for o in preview.graph.objects() if isinstance(o, URIRef))
    merges = [m.to_dict() for m in resolution.merges]
    decisions = doc.state.get("decisions", {})
    as_staged = StagedDoc(doc.id, doc.staged, {}, frozenset())
    candidates = []
    mentioned = next((str(o) for s, p, o in doc.staged.frame if str(p) == SCHEMA + "mentions"), None)
    for c in doc.staged.candidates:
        node = nodes.get(c.id, resolution.mapping.get(c.subject, c.subject))
        fields = _fields(c, node, preview.graph, namer)
        near = next((f["iri"] for f in fields if "iri" in f and ws.minter.parse_unit(f["iri"])), mentioned)
        candidates.append({
            "id": c.id, "key": c.key, "kind": c.kind, "status": marks[c.key], "iri": node,
            "decision": decisions.get(c.key), "fields": fields, "near": near,
            "evidence": [vars(e) for e in c.evidence], "edits": doc.state.get("edits", {}).get(c.key, []),
            "requires": [doc.staged.by_key()[k].id for k in sorted(c.requires)],
            "merges": [m["id"] for m in merges if m["candidate"] == c.id],
            "override": doc.state.get("overrides", {}).get(c.key),
            "day": (lambda d: d.isoformat() if d else None)(fact_day(as_staged, c)),
            "editable": [f for f, kinds in FIELDS.items() if c.kind in kinds] + (["merge"] if c.kind in ("model", "person") else []),
        })
    return {**summary(doc), "text": doc.staged.text, "segments": segments(doc.staged, doc.staged.candidates),
            "candidates": candidates, "merges": merges, "history": doc.state.get("history", [])}


def summary(doc: Loaded) -> dict[str, Any]:
    state = doc.state
    headline = next((str(o) for s, p, o in doc.staged.frame if str(p) == SCHEMA + "headline"), None)
    return {"doc": doc.id, "file": state.get("file"), "status": doc.status, "counts": doc.counts,
            "total": len(doc.staged.candidates), "published": doc.staged.published, "headline": headline,
            "staged_at": state.get("staged_at"), "extractor": state.get("extractor"),
            "accepted": state.get("accepted"), "rejected": state.get("rejected"), "graph": doc.graph_iri,
            "in_store": doc.in_store}


def doc_list(ws: Workspace, status: str | None = None) -> list[dict[str, Any]]:
    """Staged documents (pending first, then by date), each with counts of its candidates by status and kind."""
    out = []
    for doc in ws.load_all():
        item = summary(doc)
        kinds: dict[str, int] = {}
        for c in doc.staged.candidates:
            if doc.marks[c.key] == "pending":
                kinds[c.kind] = kinds.get(c.kind, 0) + 1
        item["pending_by_kind"] = kinds
        if status is None or item["status"] == status:
            out.append(item)
    order = {"pending": 0, "retracted": 1, "accepted": 2, "rejected": 3}
    return sorted(out, key=lambda d: (order.get(d["status"], 9), d["published"] or "", d["doc"]))


def model_choices(ws: Workspace, text: str, limit: int = 12) -> list[dict[str, str]]:
    """Stored models whose names match (folded, wrappers aside): the model picker's answer."""
    wanted = model_key(text)
    out = []
    for model in known.models(ws.store).values():
        keys = {model_key(n) for n in model.names}
        if not wanted or any(wanted in k for k in keys):
            out.append({"iri": model.iri, "label": model.pref or min(model.names)})
    return sorted(out, key=lambda m: m["label"])[:limit]
