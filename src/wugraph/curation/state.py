"""A staged document's state (state.json) and how a decision reaches the store without tearing.

The state holds, per candidate key, the steward's decision (accepted or rejected, with reason,
who and when), edits and resolution overrides (merge by hand, keep apart), the whole-document
rejection and the last acceptance. Writing to the store and to the staging folder cannot be one
transaction, so a change that writes the store goes in two steps: the state first records an
*intent* (the digest of the graph about to be written, or "retract", and the complete state
after), then the store is written in one transaction, then the intent is applied. If the process
dies in between, `reconcile` looks at the store's provenance record: the digest there means the
write happened (the state after applies), anything else means it did not (the intent is dropped).
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Iterable, Mapping
from datetime import datetime, timezone
from typing import Any

from ..identifiers import document_graph
from ..store import Store
from . import known
from .area import StagingArea
from .candidates import StagedGraph, dependants

STATUSES = ("pending", "accepted", "rejected", "dropped")


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def new_state(doc_id: str, file_name: str, extractor: str | None, version: str | None, text_sha: str) -> dict[str, Any]:
    return {"doc_id": doc_id, "file": file_name, "staged_at": now_iso(), "extractor": extractor, "extractor_version": version,
            "text_sha256": text_sha, "decisions": {}, "edits": {}, "overrides": {}, "accepted": None, "rejected": None,
            "intent": None, "history": []}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def decided(state: Mapping[str, Any], status: str) -> set[str]:
    return {k for k, d in state.get("decisions", {}).items() if d.get("status") == status}


def statuses(state: Mapping[str, Any], staged: StagedGraph) -> dict[str, str]:
    """Each candidate's status: pending, accepted, rejected, or dropped (needs a rejected candidate)."""
    rejected = decided(state, "rejected") & {c.key for c in staged.candidates}
    dropped = dependants(staged.candidates, rejected)
    out = {}
    for c in staged.candidates:
        status = state.get("decisions", {}).get(c.key, {}).get("status", "pending")
        out[c.key] = "dropped" if c.key in dropped and status != "rejected" else status
    return out


def doc_status(state: Mapping[str, Any], counts: Mapping[str, int], in_store: bool) -> str:
    """pending (something to decide), accepted (in the store), retracted (accepted, then removed), rejected."""
    if counts.get("pending", 0):
        return "pending"
    if state.get("accepted"):
        return "accepted" if in_store else "retracted"
    if counts.get("accepted", 0):
        return "pending"  # accepted candidates never written (an acceptance that did not reach the store)
    return "rejected"


def counts_of(marks: Mapping[str, str]) -> dict[str, int]:
    return {s: sum(1 for v in marks.values() if v == s) for s in STATUSES}


def decide(state: dict[str, Any], keys: Iterable[str], status: str, steward: str, reason: str | None = None) -> None:
    when = now_iso()
    for key in keys:
        entry: dict[str, Any] = {"status": status, "by": steward, "at": when}
        if reason:
            entry["reason"] = reason
        state.setdefault("decisions", {})[key] = entry


def note(state: dict[str, Any], what: str, steward: str, **details: Any) -> None:
    """A line of the document's history (staged, accepted, rejected, edited, merged, split)."""
    state.setdefault("history", []).append({"what": what, "by": steward, "at": now_iso(), **details})


def after(state: Mapping[str, Any]) -> dict[str, Any]:
    """A deep copy to change into the state after an operation."""
    copied = copy.deepcopy(dict(state))
    copied["intent"] = None
    return copied


def with_intent(before: Mapping[str, Any], op: str, digest: str | None, later: Mapping[str, Any]) -> dict[str, Any]:
    state = copy.deepcopy(dict(before))
    state["intent"] = {"op": op, "sha256": digest, "at": now_iso(), "after": dict(later)}
    return state


def reconcile(area: StagingArea, store: Store, doc_id: str, state: dict[str, Any]) -> dict[str, Any]:
    """Finish or undo an operation a dead process left half-way, from what the store says (call under the lock)."""
    intent = state.get("intent")
    if not intent:
        return state
    record = known.graph_record(store, document_graph(doc_id))
    happened = (record is None) if intent["op"] == "retract" else (record is not None and record.get("sha256") == intent["sha256"])
    settled = dict(intent["after"]) if happened else {**state, "intent": None}
    settled["intent"] = None
    area.write_state(doc_id, settled)
    return settled
