"""Review operations: stage, accept, reject, edit, merge by hand, split a merge — one change at a time.

Acceptance is the single write path: the accepted candidates of each document, resolved and
corrected, go through `ingest.pipeline.ingest` (SHACL-gated) into graph/doc/{id}, all documents
of one command in one transaction, with a PROV record of the steward who accepted them, when,
and the extractor and its version (ingest/provenance.py). Rejections stay in the staging area
with their reasons, so extracting the article again does not bring them back. Bad input — an
unknown document, accepting twice, an edit the shapes refuse — raises a bilingual error and
changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..errors import NotFoundError, UsageError, ValidationFailed, WugraphError
from ..ingest import pipeline
from ..ingest.provenance import Review, meta_amendment
from . import known
from .area import check_doc_id
from .assemble import included_keys
from .candidates import Candidate, split
from .edits import resolve_value
from .names import model_key
from .resolve import StagedDoc, fact_day
from .state import after, decided, decide, new_state, note, now_iso, sha256, with_intent
from .workspace import Built, Loaded, Workspace, candidate_of

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Staged:
    """What staging one article did: its candidates, how many stay rejected from before, whether it was staged before."""

    doc: str
    candidates: int
    rejected_before: int
    restaged: bool


@dataclass(frozen=True)
class Outcome:
    """What an operation changed: per document, the candidates decided and the store write, if any."""

    action: str
    docs: dict[str, dict[str, Any]] = field(default_factory=dict)
    written: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"action": self.action, "written": self.written, "docs": self.docs}


def stage(ws: Workspace, doc_id: str, file_name: str, trig: bytes, extractor: str | None, version: str | None,
          steward: str = "wugraph-extract") -> Staged:
    """Put an extraction in the staging area; decisions on the same candidates (rejections above all) carry over."""
    check_doc_id(doc_id)
    staged = split(trig)  # refuses what is not one document graph before anything is written
    with ws.area.lock():
        restaged = ws.area.exists(doc_id)
        if restaged:
            state = ws.load(doc_id).state
            state.update(extractor=extractor, extractor_version=version, text_sha256=sha256(staged.text.encode("utf-8")))
        else:
            state = new_state(doc_id, file_name, extractor, version, sha256(staged.text.encode("utf-8")))
        note(state, "staged", steward, file=file_name, candidates=len(staged.candidates))
        ws.area.write_extraction(doc_id, trig)
        ws.area.write_state(doc_id, state)
    rejected = decided(state, "rejected") & {c.key for c in staged.candidates}
    return Staged(doc_id, len(staged.candidates), len(rejected), restaged)


def _with_requirements(doc: Loaded, keys: set[str]) -> set[str]:
    """The candidates and everything they cannot stand without."""
    by_key = doc.staged.by_key()
    todo, out = list(keys), set()
    while todo:
        key = todo.pop()
        if key not in out:
            out.add(key)
            todo.extend(by_key[key].requires)
    return out


def _refuse(vi: str, en: str, **details: Any) -> UsageError:
    return UsageError(vi, en, **details)


def _accept_keys(doc: Loaded, wanted: set[str] | None) -> set[str]:
    marks = doc.marks
    if wanted is None:
        keys = {k for k, v in marks.items() if v == "pending"}
        if not keys and doc.status == "retracted":
            keys = {k for k, v in marks.items() if v == "accepted"}
        if keys:
            return keys
        if doc.status == "accepted":
            when = doc.state["accepted"]
            raise _refuse(f"Bài '{doc.id}' đã được duyệt lúc {when['at']} (người duyệt: {when['by']}); không có gì mới để chấp nhận.",
                          f"Document '{doc.id}' was already accepted at {when['at']} by {when['by']}; there is nothing new to accept.",
                          reason="already_accepted", doc=doc.id)
        raise _refuse(f"Bài '{doc.id}' đã bị bác bỏ; không còn dữ kiện nào chờ duyệt.",
                      f"Document '{doc.id}' was rejected; no candidate is waiting for review.", reason="rejected", doc=doc.id)
    keys = _with_requirements(doc, wanted)
    for key in sorted(keys):
        c = doc.staged.by_key()[key]
        if marks[key] in ("rejected", "dropped"):
            raise _refuse(f"{doc.id}:{c.id} đã bị bác bỏ (hoặc cần dữ kiện đã bị bác bỏ); hãy chấp nhận lại từng dữ kiện nó cần trước.",
                          f"{doc.id}:{c.id} was rejected (or needs a rejected candidate); accept what it needs first.",
                          reason="rejected", doc=doc.id, candidate=c.id)
    fresh = {k for k in keys if marks[k] != "accepted"}
    if not fresh and doc.in_store:
        listed = ", ".join(f"{doc.id}:{doc.staged.by_key()[k].id}" for k in sorted(wanted))
        raise _refuse(f"{listed} đã được chấp nhận rồi.", f"{listed} already accepted.", reason="already_accepted", doc=doc.id)
    return keys


def _write(ws: Workspace, built: Sequence[Built], befores: Mapping[str, dict[str, Any]], laters: Mapping[str, dict[str, Any]],
           steward: str, progress: Progress | None) -> pipeline.IngestResult:
    """Intent, one SHACL-gated transaction for every graph, then the states after (undone if the store refused)."""
    reviews = {}
    for b in built:
        state = laters[b.doc]
        accepted = len(decided(state, "accepted"))
        reviews[b.doc] = Review(steward, state.get("extractor"), state.get("extractor_version"), accepted, len(decided(state, "rejected")))
        laters[b.doc]["accepted"] = {"at": now_iso(), "by": steward, "sha256": b.digest, "candidates": accepted}
        ws.area.write_state(b.doc, with_intent(befores[b.doc], "write", b.digest, laters[b.doc]))
    try:
        result = pipeline.ingest(ws.store, [b.source() for b in built], ws.settings, steward=steward, progress=progress,
                                 reviews=reviews)
    except ValidationFailed as error:
        for b in built:
            ws.area.write_state(b.doc, befores[b.doc])
        raise _located(error, built) from None
    except WugraphError:
        for b in built:
            ws.area.write_state(b.doc, befores[b.doc])
        raise
    for b in built:
        ws.area.write_state(b.doc, laters[b.doc])
    return result


def _located(error: ValidationFailed, built: Sequence[Built]) -> ValidationFailed:
    """The same refusal, naming the candidates (DOC:a1) the findings are about."""
    named: list[str] = []
    report = error.report
    for finding in (report.violations if report is not None else ()):
        for b in built:
            key = candidate_of(b, finding.focus_node)
            if key is not None:
                named.append(f"{b.doc}:{key}")
    return ValidationFailed(error.message_vi, error.message_en, report=report, **{**error.details, "candidates": sorted(set(named))})


def accept(ws: Workspace, refs: Sequence[str], steward: str, everything: bool = False,
           progress: Progress | None = None) -> Outcome:
    """Accept whole documents (DOC), single candidates (DOC:a1) or every pending document (`everything`)."""
    steward = _steward(steward)
    with ws.area.lock():
        docs = {d.id: d for d in ws.load_all()}
        if everything:
            targets: dict[str, set[str] | None] = {i: None for i, d in docs.items() if d.counts["pending"]}
            if not targets:
                raise _refuse("Không có bài nào chờ duyệt.", "No document is waiting for review.", reason="nothing_pending")
        else:
            targets = ws.targets(refs, docs)
        befores = {i: docs[i].state for i in targets}
        laters: dict[str, dict[str, Any]] = {}
        decided_now: dict[str, set[str]] = {}
        for doc_id, wanted in targets.items():
            doc = docs[doc_id]
            keys = _accept_keys(doc, wanted)
            later = after(doc.state)
            decide(later, keys, "accepted", steward)
            note(later, "accepted", steward, candidates=len(keys))
            laters[doc_id], decided_now[doc_id] = later, keys
        resolution = ws.resolution(docs.values(), laters)
        built = ws.build_batch([docs[i] for i in targets], laters, resolution)
        result = _write(ws, built, befores, laters, steward, progress)
    outcome = Outcome("accept", written=result.written)
    for b, s in zip(built, result.sources):
        merges = [m.to_dict() for m in resolution[b.doc].merges if m.candidate in decided(laters[b.doc], "accepted")]
        outcome.docs[b.doc] = {"accepted": len(decided_now[b.doc]), "graph": s.graph, "triples": s.triples,
                               "merges": merges, "replaced": s.replaced}
    return outcome


def reject(ws: Workspace, refs: Sequence[str], steward: str, reason: str | None = None,
           progress: Progress | None = None) -> Outcome:
    """Reject documents or single candidates, with a reason kept for good; an accepted document leaves the store."""
    steward = _steward(steward)
    with ws.area.lock():
        docs = {d.id: d for d in ws.load_all()}
        targets = ws.targets(refs, docs)
        outcome = Outcome("reject")
        retract: list[str] = []
        rewrite: dict[str, dict[str, Any]] = {}
        laters: dict[str, dict[str, Any]] = {}
        for doc_id, wanted in targets.items():
            doc = docs[doc_id]
            marks = doc.marks
            keys = {k for k, v in marks.items() if v != "rejected"} if wanted is None else set(wanted)
            already = [k for k in keys if marks[k] == "rejected"]
            if not keys or already:
                what = doc_id if wanted is None else ", ".join(f"{doc_id}:{doc.staged.by_key()[k].id}" for k in already)
                raise _refuse(f"{what} đã bị bác bỏ rồi.", f"{what} was already rejected.", reason="already_rejected", doc=doc_id)
            later = after(doc.state)
            decide(later, keys, "rejected", steward, reason)
            if wanted is None:
                later["rejected"] = {"at": now_iso(), "by": steward, "reason": reason or ""}
                later["accepted"] = None
            note(later, "rejected", steward, candidates=len(keys), reason=reason or "")
            laters[doc_id] = later
            outcome.docs[doc_id] = {"rejected": len(keys)}
            if doc.in_store:
                still = decided(later, "accepted") & {c.key for c in doc.staged.candidates}
                kept, _ = included_keys(doc.staged, still)
                if wanted is None or not kept:
                    retract.append(doc_id)
                elif kept != decided(doc.state, "accepted") & {c.key for c in doc.staged.candidates}:
                    rewrite[doc_id] = later
        for doc_id in [d for d in laters if d not in retract and d not in rewrite]:
            ws.area.write_state(doc_id, laters[doc_id])
        if rewrite:
            resolution = ws.resolution(docs.values(), laters)
            built = ws.build_batch([docs[i] for i in rewrite], rewrite, resolution)
            _write(ws, built, {i: docs[i].state for i in rewrite}, rewrite, steward, progress)
        if retract:
            _retract(ws, [docs[i] for i in retract], {i: laters[i] for i in retract}, progress)
        return Outcome("reject", outcome.docs, bool(rewrite or retract))


def _retract(ws: Workspace, docs: Sequence[Loaded], laters: Mapping[str, dict[str, Any]], progress: Progress | None) -> None:
    """Remove accepted documents' graphs and records in one transaction (intent first)."""
    stage = progress or (lambda name: None)
    for doc in docs:
        ws.area.write_state(doc.id, with_intent(doc.state, "retract", None, laters[doc.id]))
    graphs = [doc.graph_iri for doc in docs]
    stage("commit")
    try:
        ws.store.replace_graphs({}, remove=graphs, amend=meta_amendment((), graphs, ws.minter))
    except WugraphError:
        for doc in docs:
            ws.area.write_state(doc.id, doc.state)
        raise
    stage("done")
    for doc in docs:
        ws.area.write_state(doc.id, laters[doc.id])


def _steward(name: str | None) -> str:
    name = (name or "").strip()
    if not name:
        raise _refuse("Hãy ghi tên người duyệt (--steward hoặc WUGRAPH_STEWARD).",
                      "Name the steward who decides (--steward or WUGRAPH_STEWARD).", reason="no_steward")
    return name


def edit(ws: Workspace, ref: str, changes: Sequence[tuple[str, str]], steward: str) -> Outcome:
    """Correct one candidate (one or more fields at once); checked by SHACL, and written if it is in the store."""
    steward = _steward(steward)
    if not changes:
        raise _refuse("Chưa có gì để sửa (ví dụ --unit 24620, --date 15/9/2023).", "Nothing to change (e.g. --unit 24620, --date 15/9/2023).")
    with ws.area.lock():
        docs = {d.id: d for d in ws.load_all()}
        doc, c = _one(ws, ref, docs)
        day = fact_day(_staged_doc(doc), c)
        later = after(doc.state)
        made = []
        for field_name, value in sorted(changes, key=lambda fv: fv[0] != "date"):  # a new date picks the era of a new unit
            change = {**resolve_value(field_name, value, c, ws.gazetteer, ws.minter, day), "by": steward, "at": now_iso()}
            if field_name == "date":
                day = date.fromisoformat(change["value"])
            later.setdefault("edits", {}).setdefault(c.key, []).append(change)
            note(later, "edited", steward, candidate=c.id, field=field_name, value=change["written"])
            made.append(change)
        return _checked_change(ws, docs, doc, c, later, steward, "edit", {"candidate": c.id, "edits": made})


def merge(ws: Workspace, ref: str, target: str, steward: str) -> Outcome:
    """Merge a model or person candidate into an existing one (a stored IRI, or a model's name)."""
    steward = _steward(steward)
    with ws.area.lock():
        docs = {d.id: d for d in ws.load_all()}
        doc, c = _one(ws, ref, docs)
        iri = _merge_target(ws, c, target, docs)
        later = after(doc.state)
        later.setdefault("overrides", {})[c.key] = {"same_as": iri, "by": steward, "at": now_iso()}
        note(later, "merged", steward, candidate=c.id, target=iri)
        return _checked_change(ws, docs, doc, c, later, steward, "merge", {"candidate": c.id, "target": iri})


def split_merge(ws: Workspace, merge_id: str, steward: str) -> Outcome:
    """Undo a merge: the candidate keeps its own identity from now on (recorded, so it is not merged again)."""
    steward = _steward(steward)
    with ws.area.lock():
        docs = {d.id: d for d in ws.load_all()}
        resolution = ws.resolution(docs.values())
        found = next((m for r in resolution.values() for m in r.merges if m.id == merge_id), None)
        if found is None or found.apart:
            raise NotFoundError(f"Không có việc gộp '{merge_id}' (xem `wugraph review show DOC`).",
                                f"No merge '{merge_id}' (see `wugraph review show DOC`).", merge=merge_id)
        doc = docs[found.doc]
        c = doc.staged.by_key()[found.candidate]
        later = after(doc.state)
        override = {"unit": {"keep_units": True}, "adoption": {"keep_kind": True}}.get(found.kind, {"apart": True})
        later.setdefault("overrides", {})[c.key] = {**override, "from": found.target, "rule": found.rule, "by": steward, "at": now_iso()}
        note(later, "split", steward, candidate=c.id, target=found.target, rule=found.rule)
        return _checked_change(ws, docs, doc, c, later, steward, "split", {"candidate": c.id, "merge": merge_id})


def _checked_change(ws: Workspace, docs: Mapping[str, Loaded], doc: Loaded, c: Candidate, later: dict[str, Any],
                    steward: str, action: str, details: dict[str, Any]) -> Outcome:
    """Validate the changed candidate (with what it needs) as the gate would; write the state, and the store if it is there."""
    resolution = ws.resolution(docs.values(), {doc.id: later})
    keep = _with_requirements(doc, {c.key})
    probe = ws.build(doc, later, resolution[doc.id], keep=keep)
    try:
        pipeline.check(ws.store, [probe.source()], ws.settings)
    except ValidationFailed as error:
        raise _located(error, [probe]) from None
    accepted = decided(later, "accepted") & {k.key for k in doc.staged.candidates}
    if doc.in_store and c.key in accepted:
        built = ws.build_batch([doc], {doc.id: later}, resolution)
        _write(ws, built, {doc.id: doc.state}, {doc.id: later}, steward, None)
        return Outcome(action, {doc.id: details}, True)
    ws.area.write_state(doc.id, later)
    return Outcome(action, {doc.id: details}, False)


def _one(ws: Workspace, ref: str, docs: Mapping[str, Loaded]) -> tuple[Loaded, Candidate]:
    doc_id, _, cid = ref.partition(":")
    if not cid:
        raise _refuse(f"Hãy chỉ định một dữ kiện dạng DOC:m1 (nhận được '{ref}').", f"Name one candidate as DOC:m1 (got '{ref}').")
    if doc_id not in docs:
        ws.area.require(check_doc_id(doc_id))
    return docs[doc_id], docs[doc_id].candidate(cid)


def _staged_doc(doc: Loaded) -> StagedDoc:
    return StagedDoc(doc.id, doc.staged, {}, frozenset())


def _merge_target(ws: Workspace, c: Candidate, target: str, docs: Mapping[str, Loaded]) -> str:
    if c.kind not in ("model", "person"):
        raise _refuse(f"Chỉ gộp được mô hình hoặc người ({c.id} là {c.kind}).", f"Only models and people can be merged ({c.id} is a {c.kind}).")
    if c.kind == "model":
        models = known.models(ws.store)
        staged = {o.subject for d in docs.values() for o in d.staged.candidates if o.kind == "model" and o.key != c.key}
        if target in models or target in staged:
            return target
        slug = ws.minter.base + "model/" + target
        if slug in models:
            return slug
        by_name = [m.iri for m in models.values() if model_key(target) in {model_key(n) for n in m.names}]
        if len(by_name) == 1:
            return by_name[0]
        raise NotFoundError(f"Không có mô hình '{target}' trong đồ thị.", f"No model '{target}' in the graph.", target=target)
    names = known.labels(ws.store, [target])
    staged_people = {o.subject for d in docs.values() for o in d.staged.candidates if o.kind == "person"}
    if target in names or target in staged_people:
        return target
    raise NotFoundError(f"Không có người '{target}' trong đồ thị (hãy ghi IRI của người đó).",
                        f"No person '{target}' in the graph (give the person's IRI).", target=target)
