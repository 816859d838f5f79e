"""POST /ingest (bearer-token protected) and POST /validate: the single write path over HTTP.

Both routes exist only when an ingest token is configured (WUGRAPH_INGEST_TOKEN); without one they
answer 404, so a default deployment has no way to write. A body is either multipart form data
(one or more files; each file name names its source) or a single document sent as the body with
its Content-Type and `?source=ID`. Answers: 201 with counts, 422 with the report, 413 when too large.
"""

from __future__ import annotations

import hmac
from typing import Any

from flask import Blueprint, Response, abort, jsonify, request

from ..errors import UsageError, ValidationFailed
from ..ingest import pipeline as core
from ..ingest.sources import Source, check_size
from . import context

blueprint = Blueprint("ingest", __name__)


def _unauthorised() -> Response:
    response = jsonify({"code": "unauthorized", "message_vi": "Cần mã truy cập hợp lệ (Authorization: Bearer …).",
                        "message_en": "A valid token is required (Authorization: Bearer …)."})
    response.status_code = 401
    response.headers["WWW-Authenticate"] = 'Bearer realm="wugraph-ingest"'
    return response


def _check_token() -> Response | None:
    """404 when ingest is switched off, 401 without the right bearer token, None when allowed."""
    token = context.settings().ingest_token
    if not token:
        abort(404)
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode("utf-8"), token.encode("utf-8")):
        return _unauthorised()
    return None


def _sources(require_id: bool) -> list[Source]:
    """The uploaded documents; the declared length is checked against the limit before reading."""
    settings = context.settings()
    if request.content_length is not None:
        check_size(request.content_length, settings, "request")
    if request.mimetype == "multipart/form-data":
        files = [f for name in request.files for f in request.files.getlist(name)]
        if not files:
            raise UsageError("Yêu cầu multipart không có tệp nào.", "The multipart request holds no file.")
        return [Source(f.filename or "upload", f.read(), f.mimetype or None) for f in files]
    source_id = request.args.get("source")
    if require_id and not source_id:
        raise UsageError("Hãy đặt tên nguồn bằng tham số ?source=ID (hoặc gửi tệp dạng multipart).",
                         "Name the source with ?source=ID (or send a multipart file).")
    name = request.args.get("name") or source_id or "upload"
    return [Source(name, request.get_data(cache=False), request.content_type, source_id)]


def _wants_turtle() -> bool:
    if request.args.get("format") in ("turtle", "ttl"):
        return True
    best = request.accept_mimetypes.best_match(["application/json", "text/turtle"])
    return best == "text/turtle" and request.accept_mimetypes["text/turtle"] > request.accept_mimetypes["application/json"]


def _answer(body: dict[str, Any], turtle: str, status: int) -> Response:
    if _wants_turtle():
        return Response(turtle, status=status, mimetype="text/turtle")
    response = jsonify(body)
    response.status_code = status
    return response


def _rejected(error: ValidationFailed) -> Response:
    report = error.report
    return _answer({**error.to_dict(), **(report.to_dict() if report else {})}, report.report_turtle if report else "", 422)


@blueprint.post("/ingest")
def ingest() -> Response:
    """Validate the uploaded batch and, when it conforms, write it in one transaction (201)."""
    refused = _check_token()
    if refused is not None:
        return refused
    sources = _sources(require_id=True)
    try:
        result = core.ingest(context.store(), sources, context.settings(), steward=request.args.get("steward") or None)
    except ValidationFailed as error:
        return _rejected(error)
    return _answer(result.to_dict(), result.report.report_turtle, 201)


@blueprint.post("/validate")
def validate() -> Response:
    """The report the same batch would get from /ingest, without writing anything (200 or 422)."""
    refused = _check_token()
    if refused is not None:
        return refused
    sources = _sources(require_id=False)
    try:
        result = core.check(context.store(), sources, context.settings())
    except ValidationFailed as error:
        return _rejected(error)
    return _answer(result.to_dict(), result.report.report_turtle, 200)
