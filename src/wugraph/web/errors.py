"""The one place mapping wugraph's exception tree to HTTP statuses and JSON error bodies."""

from __future__ import annotations

from flask import Flask, Response, jsonify
from werkzeug.exceptions import HTTPException

from .. import errors as e

STATUS: dict[type[e.WugraphError], int] = {
    e.UsageError: 400,
    e.ParseError: 400,
    e.QueryRefusedError: 400,
    e.QueryTooComplexError: 400,
    e.HostNotAllowedError: 400,
    e.NotFoundError: 404,
    e.NotAcceptableError: 406,
    e.TooLargeError: 413,
    e.UnsupportedMediaTypeError: 415,
    e.ValidationFailed: 422,
    e.BusyError: 429,
    e.NotReadyError: 503,
    e.QueryTimeoutError: 503,
    e.StoreError: 503,
    e.WorkerCrashedError: 500,
    e.EngineError: 500,
}


def status_of(error: e.WugraphError) -> int:
    for cls in type(error).__mro__:
        if cls in STATUS:
            return STATUS[cls]  # type: ignore[index]
    return 500


def error_response(error: e.WugraphError) -> Response:
    """JSON body carrying the code and both messages, whatever the client accepts."""
    response = jsonify(error.to_dict())
    response.status_code = status_of(error)
    if isinstance(error, (e.BusyError, e.NotReadyError)):
        response.headers["Retry-After"] = str(error.details.get("retry_after", 2))
    return response


_HTTP_VI: dict[int, str] = {
    404: "Không tìm thấy trang hoặc tài nguyên này.",
    405: "Phương thức HTTP này không được hỗ trợ ở đây.",
    413: "Yêu cầu quá lớn.",
}


def _http_error(error: HTTPException) -> Response:
    """Werkzeug's own errors (404, 405, 413) in the same JSON shape as ours."""
    status = error.code or 500
    body = {"code": error.name.lower().replace(" ", "_"), "message_vi": _HTTP_VI.get(status, error.name),
            "message_en": error.description or error.name}
    response = jsonify(body)
    response.status_code = status
    allow = error.get_response().headers.get("Allow")  # 405 must name the methods that are allowed
    if allow:
        response.headers["Allow"] = allow
    return response


def install(app: Flask) -> None:
    app.register_error_handler(e.WugraphError, error_response)
    app.register_error_handler(HTTPException, _http_error)
