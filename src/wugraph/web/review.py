"""/review: staged articles beside their evidence; accept, reject or correct each fact in place.

Protected by the same token as /ingest (WUGRAPH_INGEST_TOKEN; without one every route answers 404).
A browser signs in once with the token and the steward's name: the cookie holds a keyed digest of
the token (HttpOnly, SameSite=Strict, path /review) and every form carries a second digest against
cross-site posts. Scripts and other clients send `Authorization: Bearer <token>` and `steward=`.
Views parse, call one curation function, render; every page has a `.json` twin, every action
answers JSON to a client that prefers it, else redirects back (303) with what was done.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import date
from typing import Any
from urllib.parse import quote, unquote

from flask import Blueprint, Response, abort, jsonify, redirect, render_template, request, url_for

from ..curation import review as ops
from ..curation.edits import FIELDS, describe_unit, find_units
from ..curation.views import doc_list, doc_view, model_choices
from ..curation.known import MODEL_TYPES
from ..curation.workspace import Workspace
from ..errors import UsageError, ValidationFailed, WugraphError
from ..formats import JSON_TWIN, prefers_html
from . import context
from .errors import status_of

blueprint = Blueprint("review", __name__)
SESSION, STEWARD = "wugraph_review", "wugraph_steward"


def _token() -> str:
    token = context.settings().ingest_token
    if not token:
        abort(404)
    return token


def _digest(purpose: str) -> str:
    return hmac.new(_token().encode("utf-8"), f"wugraph-review-{purpose}".encode(), hashlib.sha256).hexdigest()


def _bearer() -> bool:
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode("utf-8"), _token().encode("utf-8"))


def _signed_in() -> bool:
    return _bearer() or hmac.compare_digest(request.cookies.get(SESSION, ""), _digest("session"))


def _steward() -> str:
    name = request.form.get("steward") or request.args.get("steward") if _bearer() else unquote(request.cookies.get(STEWARD, ""))
    return (name or "").strip()


def _guard(post: bool = False) -> Response | None:
    """404 when review is off; 401 (JSON) or the sign-in page (HTML) without the token; 403 on a forged form."""
    _token()
    if not _signed_in():
        if _wants_json():
            response = jsonify({"code": "unauthorized", "message_vi": "Cần mã truy cập hợp lệ (Authorization: Bearer …).",
                                "message_en": "A valid token is required (Authorization: Bearer …)."})
            response.status_code = 401
            response.headers["WWW-Authenticate"] = 'Bearer realm="wugraph-review"'
            return response
        return redirect(url_for("review.login", next=request.path), code=303)  # type: ignore[return-value]
    if post and not _bearer() and not hmac.compare_digest(request.form.get("csrf", ""), _digest("csrf")):
        abort(403)
    return None


def _wants_json() -> bool:
    return request.path.endswith(".json") or not prefers_html(request.headers.get("Accept"), (JSON_TWIN,))


def _workspace() -> Workspace:
    return Workspace(context.store(), context.settings())


def _page(template: str, status: int = 200, **data: Any) -> Response:
    body = render_template(template, csrf=_digest("csrf"), steward=_steward(), model_types=MODEL_TYPES, **data)
    response = Response(body, status=status, mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    return response


@blueprint.route("/review/login", methods=["GET", "POST"])
def login() -> Response:
    """The sign-in form; a right token and a name set the session cookies."""
    _token()
    target = request.values.get("next") or url_for("review.index")
    if not target.startswith("/review"):
        target = url_for("review.index")
    if request.method == "GET":
        return _page("pages/review_login.html", next=target, problem=None)
    given, name = request.form.get("token", ""), request.form.get("steward", "").strip()
    if not hmac.compare_digest(given.encode("utf-8"), _token().encode("utf-8")):
        return _page("pages/review_login.html", 401, next=target, problem="review.bad_token")
    if not name:
        return _page("pages/review_login.html", 400, next=target, problem="review.need_steward")
    response = redirect(target, code=303)
    secure = request.is_secure
    response.set_cookie(SESSION, _digest("session"), httponly=True, samesite="Strict", path="/review", secure=secure)
    response.set_cookie(STEWARD, quote(name), httponly=True, samesite="Strict", path="/review", secure=secure)
    return response  # type: ignore[return-value]


@blueprint.post("/review/logout")
def logout() -> Response:
    refused = _guard(post=True)
    if refused is not None:
        return refused
    response = redirect(url_for("review.login"), code=303)
    for name in (SESSION, STEWARD):
        response.delete_cookie(name, path="/review")
    return response  # type: ignore[return-value]


@blueprint.route("/review")
def index() -> Response:
    """Staged articles, pending first (HTML, or JSON to a client that prefers it)."""
    refused = _guard()
    if refused is not None:
        return refused
    docs = doc_list(_workspace(), request.args.get("status") or None)
    if _wants_json():
        return jsonify({"docs": docs})
    return _page("pages/review_index.html", docs=docs)


@blueprint.route("/review.json")
def index_json() -> Response:
    return index()


@blueprint.route("/review/doc/<doc_id>")
def document(doc_id: str) -> Response:
    """One article: its text with the evidence highlighted, and every proposed fact with its actions."""
    refused = _guard()
    if refused is not None:
        return refused
    view = doc_view(_workspace(), doc_id)
    if _wants_json():
        return jsonify(view)
    return _page("pages/review_doc.html", view=view, done=request.args.get("done"), error=None)


@blueprint.route("/review/doc/<doc_id>.json")
def document_json(doc_id: str) -> Response:
    return document(doc_id)


def _act(doc_id: str, action: str, run: Any) -> Response:
    """Run one operation; JSON clients get its outcome (or the error's status), browsers a redirect or the page with the error."""
    refused = _guard(post=True)
    if refused is not None:
        return refused
    try:
        outcome = run(_workspace(), _steward())
    except WugraphError as error:
        if _wants_json():
            raise
        return _page("pages/review_doc.html", status_of(error), view=doc_view(_workspace(), doc_id), done=None,
                     error=_error(error))
    if _wants_json():
        return jsonify(outcome.to_dict())
    return redirect(url_for("review.document", doc_id=doc_id, done=action, _anchor=request.form.get("anchor") or None),
                    code=303)  # type: ignore[return-value]


def _error(error: WugraphError) -> dict[str, Any]:
    report = error.report if isinstance(error, ValidationFailed) else None
    findings = [{"vi": f.message_vi, "en": f.message_en, "focus": f.focus_node} for f in (report.violations if report else ())]
    return {**error.to_dict(), "findings": findings}


def _refs(doc_id: str) -> list[str]:
    chosen = [c for c in request.form.getlist("candidate") if c]
    return [f"{doc_id}:{c}" for c in chosen] or [doc_id]


@blueprint.post("/review/doc/<doc_id>/accept")
def accept(doc_id: str) -> Response:
    return _act(doc_id, "accept", lambda ws, who: ops.accept(ws, _refs(doc_id), who))


@blueprint.post("/review/doc/<doc_id>/reject")
def reject(doc_id: str) -> Response:
    return _act(doc_id, "reject", lambda ws, who: ops.reject(ws, _refs(doc_id), who, request.form.get("reason") or None))


@blueprint.post("/review/doc/<doc_id>/edit")
def edit(doc_id: str) -> Response:
    candidate = request.form.get("candidate", "")
    changes = [(f, request.form[f]) for f in FIELDS if request.form.get(f, "").strip()]
    target = request.form.get("merge", "").strip()

    def run(ws: Workspace, who: str) -> ops.Outcome:
        if target and changes:
            raise UsageError("Gộp hoặc sửa, mỗi lần một việc.", "Merge or correct, one at a time.")
        if target:
            return ops.merge(ws, f"{doc_id}:{candidate}", target, who)
        return ops.edit(ws, f"{doc_id}:{candidate}", changes, who)

    return _act(doc_id, "merge" if target else "edit", run)


@blueprint.post("/review/doc/<doc_id>/split/<merge_id>")
def split(doc_id: str, merge_id: str) -> Response:
    return _act(doc_id, "split", lambda ws, who: ops.split_merge(ws, merge_id, who))


@blueprint.route("/review/api/units")
def units() -> Response:
    """The unit picker: official units matching ?q= (code or name, any spelling), valid on ?on= (yyyy-mm-dd)."""
    refused = _guard()
    if refused is not None:
        return refused
    try:
        on = date.fromisoformat(request.args["on"]) if request.args.get("on") else None
    except ValueError:
        raise UsageError("Ngày không hợp lệ (yyyy-mm-dd).", "Invalid day (yyyy-mm-dd).") from None
    ws = _workspace()
    found = find_units(ws.gazetteer, request.args.get("q", "")[:100], on, near=request.args.get("near") or None)
    return jsonify([{"code": r.code, "iri": r.iri, "level": r.level, "label": describe_unit(ws.gazetteer, r)} for r in found])


@blueprint.route("/review/api/models")
def models() -> Response:
    """The model picker: stored models whose names match ?q= (folded, wrappers aside)."""
    refused = _guard()
    if refused is not None:
        return refused
    return jsonify(model_choices(_workspace(), request.args.get("q", "")[:200]))
