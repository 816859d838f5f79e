"""SPARQL 1.1 Protocol at /sparql: query by GET, POST form-encoded and POST direct.

The view parses the request, hands one `QueryRequest` to the runner (killable worker processes
when served by `wugraph serve`) and writes what comes back. A bare GET gives the YASGUI page to
browsers and the Service Description to RDF clients. GET answers carry an ETag keyed on the store
version and the request, are kept in a small response cache, and are gzipped when accepted.
"""

from __future__ import annotations

import gzip
import hashlib
from typing import Any

from flask import Blueprint, Response, jsonify, render_template, request, url_for
from flask.blueprints import BlueprintSetupState

from ..endpoint import answer as sparql
from ..endpoint.catalog import examples
from ..endpoint.description import service_description
from ..endpoint.responses import Cached
from ..errors import (
    QueryRefusedError,
    TooLargeError,
    UnsupportedMediaTypeError,
    UsageError,
)
from ..formats import GRAPH_FORMATS, by_name, negotiate, prefers_html
from ..namespaces import PREFIXES
from ..store import rdf
from . import context
from .i18n import current_language

blueprint = Blueprint("endpoint", __name__)

FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"
YASGUI_VERSION = "4.6.2"
GZIP_MIN_BYTES = 1024


@blueprint.record_once
def _configure(state: BlueprintSetupState) -> None:
    """Form bodies may carry a query up to the query limit."""
    app = state.app
    settings = app.extensions["wugraph"].settings
    app.config["MAX_FORM_MEMORY_SIZE"] = max(app.config.get("MAX_FORM_MEMORY_SIZE") or 0, 4 * settings.max_query_bytes)


def _query_text() -> tuple[str | None, list[str], list[str]]:
    """The query string and dataset IRIs from whichever of the three protocol operations was used."""
    settings = context.settings()
    if request.method in ("GET", "HEAD"):
        args = request.args
        if "update" in args:
            raise _no_update()
        query = args.get("query")
    else:
        mimetype = request.mimetype
        if request.content_length is not None and request.content_length > 4 * settings.max_query_bytes:
            raise TooLargeError(
                f"Thân yêu cầu dài {request.content_length} byte, vượt giới hạn truy vấn {settings.max_query_bytes} byte.",
                f"The request body is {request.content_length} bytes, over the query limit of {settings.max_query_bytes} bytes.",
                limit=settings.max_query_bytes,
            )
        if mimetype == FORM:
            args = request.form
            if "update" in args:
                raise _no_update()
            query = args.get("query")
        elif mimetype == DIRECT:
            args = request.args
            query = request.get_data(as_text=True)
        elif mimetype == UPDATE:
            raise _no_update()
        else:
            raise UnsupportedMediaTypeError(
                f"Kiểu nội dung {mimetype or '(trống)'} không được hỗ trợ; dùng {FORM} hoặc {DIRECT}.",
                f"Content type {mimetype or '(none)'} is not supported; use {FORM} or {DIRECT}.",
            )
        if query is None or not query.strip():
            raise UsageError("Thiếu tham số query.", "The query parameter is missing.")
    if query is not None and len(args.getlist("query")) > 1:
        raise UsageError("Chỉ được gửi một tham số query.", "Send exactly one query parameter.")
    return query, args.getlist("default-graph-uri"), args.getlist("named-graph-uri")


def _no_update() -> QueryRefusedError:
    return QueryRefusedError("Điểm truy vấn công khai chỉ đọc: không nhận SPARQL Update.",
                             "The public endpoint is read-only: SPARQL Update is refused.", reason="update")


def _format_override() -> str | None:
    return request.args.get("format") or (request.form.get("format") if request.mimetype == FORM else None) or None


def _accepts_gzip() -> bool:
    for part in request.headers.get("Accept-Encoding", "").split(","):
        pieces = [p.strip() for p in part.split(";")]
        if pieces[0].lower() in ("gzip", "x-gzip", "*"):
            return not any(p.replace(" ", "") in ("q=0", "q=0.0", "q=0.00", "q=0.000") for p in pieces[1:])
    return False


def _etag(version: str, query: sparql.QueryRequest, gzip_ok: bool) -> str:
    parts = [version, query.text, "\x1f".join(query.default_graphs), "\x1f".join(query.named_graphs),
             query.accept or "", query.format or "", "gzip" if gzip_ok else ""]
    return '"' + hashlib.sha256("\x1e".join(parts).encode("utf-8")).hexdigest()[:40] + '"'


def _matches_etag(etag: str) -> bool:
    header = request.headers.get("If-None-Match")
    if not header:
        return False
    tags = [t.strip().removeprefix("W/") for t in header.split(",")]
    return "*" in tags or etag in tags


def _respond(item: Cached, etag: str | None) -> Response:
    response = Response(item.body, status=200, content_type=item.content_type)
    headers = response.headers
    headers["Vary"] = "Accept, Accept-Encoding"
    headers["X-Wugraph-Rows"] = str(item.rows)
    if item.encoding:
        headers["Content-Encoding"] = item.encoding
    if etag is not None:
        headers["ETag"] = etag
        headers["Cache-Control"] = "no-cache"
    if item.truncated:
        limit = context.settings().max_rows
        headers["X-Wugraph-Truncated"] = "true"
        headers["X-Wugraph-Row-Limit"] = str(limit)
        headers["Warning"] = f'199 wugraph "Results truncated at {limit} rows; page with LIMIT and OFFSET"'
        headers["Link"] = f'<{url_for("endpoint.sparql_endpoint")}#limits>; rel="help"'
    return response


def _not_modified(etag: str) -> Response:
    response = Response(status=304)
    response.headers["ETag"] = etag
    response.headers["Vary"] = "Accept, Accept-Encoding"
    response.headers["Cache-Control"] = "no-cache"
    return response


@blueprint.route("/sparql", methods=["GET", "POST", "HEAD"])
def sparql_endpoint() -> Response | str:
    """Answer a SPARQL query in the format the client accepts (or `format=` asks for)."""
    text, default_graphs, named_graphs = _query_text()
    if text is None:
        return _bare_get()
    settings = context.settings()
    sparql.check_size(text, settings)
    query = sparql.QueryRequest(text, tuple(default_graphs), tuple(named_graphs), request.headers.get("Accept"),
                                _format_override())
    version = context.store().version()
    gzip_ok = _accepts_gzip()
    cacheable = request.method in ("GET", "HEAD")
    etag = _etag(version, query, gzip_ok) if cacheable else None
    cache = context.graph().responses
    if etag is not None:
        if _matches_etag(etag):
            return _not_modified(etag)
        hit = cache.get(etag)
        if hit is not None:
            return _respond(hit, etag)
    result = context.graph().runner().run(query, version, request.remote_addr or "unknown")
    body, encoding = result.body, None
    if gzip_ok and len(body) >= GZIP_MIN_BYTES:
        body, encoding = gzip.compress(body, compresslevel=5), "gzip"
    item = Cached(body, result.content_type, encoding, result.rows, result.truncated)
    if etag is not None:
        cache.put(etag, item)
    return _respond(item, etag)


def _bare_get() -> Response | str:
    """No query: the YASGUI page for browsers, the Service Description for everyone else."""
    override = _format_override()
    accept = request.headers.get("Accept")
    if override is None and prefers_html(accept):
        return render_template("pages/sparql.html", **page_data())
    fmt = by_name(override, graph=True) if override else negotiate(accept, GRAPH_FORMATS)
    endpoint = url_for("endpoint.sparql_endpoint", _external=True)
    stats = context.graph().dataset_stats()
    body = rdf.serialize(service_description(stats, endpoint, context.settings()), fmt)
    response = Response(body, content_type=fmt.content_type)
    response.headers["Vary"] = "Accept"
    return response


def page_data() -> dict[str, Any]:
    """What the query page needs (also its .json twin): endpoint, prefixes, examples, limits."""
    lang = current_language()
    settings = context.settings()
    return {
        "endpoint": url_for("endpoint.sparql_endpoint", _external=True),
        "yasgui_version": YASGUI_VERSION,
        "prefixes": dict(PREFIXES),
        "examples": [{"name": e.name, "title": e.title(lang), "description": e.description(lang), "sparql": e.sparql}
                     for e in examples()],
        "limits": {"timeout": settings.query_timeout, "max_rows": settings.max_rows,
                   "max_query_bytes": settings.max_query_bytes, "concurrent": settings.max_concurrent_queries},
    }


@blueprint.route("/sparql.json")
def sparql_page_json() -> Response:
    """The query page's data twin: the catalogue of examples, prefixes and limits."""
    return jsonify(page_data())


@blueprint.after_request
def _cors(response: Response) -> Response:
    """Any web page may query the endpoint (it is public and read-only)."""
    response.headers["Access-Control-Allow-Origin"] = "*"
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = "GET, POST, HEAD, OPTIONS"
        response.headers["Access-Control-Allow-Headers"] = "Accept, Content-Type, If-None-Match"
        response.headers["Access-Control-Max-Age"] = "86400"
    response.headers["Access-Control-Expose-Headers"] = "ETag, X-Wugraph-Truncated, X-Wugraph-Row-Limit, X-Wugraph-Rows, Warning"
    return response
