"""SPARQL 1.1 Protocol at /sparql: query by GET, POST form-encoded and POST direct.

The view parses the request, hands one `QueryRequest` to the runner (killable worker processes
when served by `wugraph serve`) and writes what comes back. A bare GET gives the YASGUI page to
browsers and the Service Description to RDF clients. GET answers carry an ETag keyed on the store
version and the request, are kept in a small response cache, and are gzipped when accepted.
"""

from __future__ import annotations

import gzip
import hashlib
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from flask import Blueprint, Response, jsonify, render_template, request, url_for
from flask.blueprints import BlueprintSetupState

from ..endpoint import answer as sparql
from ..endpoint.catalog import examples
from ..endpoint.description import service_description
from ..endpoint.responses import Cached
from ..errors import (
    ParseError,
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
MAX_FIELDS = 1000


@blueprint.record_once
def _configure(state: BlueprintSetupState) -> None:
    """Form bodies may carry a query up to the query limit."""
    app = state.app
    settings = app.extensions["wugraph"].settings
    app.config["MAX_FORM_MEMORY_SIZE"] = max(app.config.get("MAX_FORM_MEMORY_SIZE") or 0, 4 * settings.max_query_bytes)


@dataclass(frozen=True)
class _Params:
    """What one protocol request asks: the query (None for a bare GET), its dataset and a format override."""

    query: str | None
    default_graphs: tuple[str, ...]
    named_graphs: tuple[str, ...]
    format: str | None


URL_PART = ("Chuỗi tham số trên URL", "URL query string")
BODY_PART = ("Thân yêu cầu", "request body")


def _decode(raw: bytes, encoding: str, what: tuple[str, str]) -> str:
    """Bytes to text, strictly: the protocol's encoding is UTF-8 and a wrong byte is the client's error (400)."""
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ParseError(
            f"{what[0]} không phải văn bản {encoding.upper()} hợp lệ (byte lỗi ở vị trí {exc.start}). Giao thức SPARQL dùng UTF-8.",
            f"The {what[1]} is not valid {encoding.upper()} text (bad byte at offset {exc.start}). The SPARQL protocol uses UTF-8.",
            offset=exc.start,
        ) from None


def _pairs(raw: bytes, what: tuple[str, str]) -> list[tuple[str, str]]:
    """URL-encoded name=value pairs, decoded strictly as UTF-8 (raw bytes and %-escapes alike)."""
    if not raw:
        return []
    try:
        return parse_qsl(_decode(raw, "utf-8", what), keep_blank_values=True, encoding="utf-8", errors="strict",
                         max_num_fields=MAX_FIELDS)
    except UnicodeDecodeError as exc:
        raise ParseError(
            f"{what[0]} chứa chuỗi %-mã hóa không phải UTF-8 hợp lệ. Giao thức SPARQL dùng UTF-8.",
            f"The {what[1]} has %-escapes that are not valid UTF-8. The SPARQL protocol uses UTF-8.",
            offset=exc.start,
        ) from None
    except ValueError as exc:
        raise UsageError(f"Quá nhiều tham số (tối đa {MAX_FIELDS}).", f"Too many parameters (at most {MAX_FIELDS}).") from exc


def _content_type(environ: dict[str, Any]) -> tuple[str, str]:
    """(media type, declared charset) of the request body, read straight from the environment."""
    media, *params = environ.get("CONTENT_TYPE", "").split(";")
    charset = ""
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    return media.strip().lower(), charset


def _body_encoding(declared: str) -> str:
    """The charset the body declares, honoured: UTF-8 (or its subset US-ASCII); anything else is refused."""
    if declared in ("", "utf-8", "utf8"):
        return "utf-8"
    if declared in ("us-ascii", "ascii"):
        return "ascii"
    raise ParseError(
        f"Truy vấn phải được mã hóa UTF-8 theo giao thức SPARQL; yêu cầu khai báo charset={declared}.",
        f"The SPARQL protocol requires the query in UTF-8; the request declares charset={declared}.",
        charset=declared,
    )


def _body(environ: dict[str, Any], length: int | None) -> bytes:
    if length is not None:
        return environ["wsgi.input"].read(length) if length else b""
    return request.get_data(cache=False)  # chunked: werkzeug reads it within MAX_CONTENT_LENGTH


def _one(pairs: list[tuple[str, str]], name: str) -> str | None:
    values = [v for k, v in pairs if k == name]
    if len(values) > 1:
        raise UsageError(f"Chỉ được gửi một tham số {name}.", f"Send exactly one {name} parameter.")
    return values[0] if values else None


def _params() -> _Params:
    """The query and dataset from whichever of the three protocol operations was used, read strictly as UTF-8.

    Read from the WSGI environment directly: this runs for every query, and werkzeug's request
    accessors parse the same headers several times over.
    """
    environ = request.environ
    url = _pairs(environ.get("QUERY_STRING", "").encode("latin-1"), URL_PART)
    if environ["REQUEST_METHOD"] in ("GET", "HEAD"):
        pairs = url
        if any(k == "update" for k, _ in url):
            raise _no_update()
        query = _one(url, "query")
    else:
        settings = context.settings()
        raw_length = environ.get("CONTENT_LENGTH")
        length = int(raw_length) if raw_length and raw_length.isdigit() else None
        if length is not None and length > 4 * settings.max_query_bytes:
            raise TooLargeError(
                f"Thân yêu cầu dài {length} byte, vượt giới hạn truy vấn {settings.max_query_bytes} byte.",
                f"The request body is {length} bytes, over the query limit of {settings.max_query_bytes} bytes.",
                limit=settings.max_query_bytes,
            )
        mimetype, charset = _content_type(environ)
        if mimetype == FORM:
            encoding = _body_encoding(charset)
            body = _body(environ, length)
            if encoding == "ascii":
                _decode(body, "ascii", BODY_PART)
            form = _pairs(body, BODY_PART)
            if any(k == "update" for k, _ in form):
                raise _no_update()
            query = _one(form, "query")
            pairs = [(k, v) for k, v in url if k != "query"] + form
        elif mimetype == DIRECT:
            query = _decode(_body(environ, length), _body_encoding(charset), BODY_PART).removeprefix("\ufeff")
            pairs = url
        elif mimetype == UPDATE:
            raise _no_update()
        else:
            raise UnsupportedMediaTypeError(
                f"Kiểu nội dung {mimetype or '(trống)'} không được hỗ trợ; dùng {FORM} hoặc {DIRECT}.",
                f"Content type {mimetype or '(none)'} is not supported; use {FORM} or {DIRECT}.",
            )
        if query is None or not query.strip():
            raise UsageError("Thiếu tham số query.", "The query parameter is missing.")
    formats = [v for k, v in pairs if k == "format" and v]
    return _Params(query, tuple(v for k, v in pairs if k == "default-graph-uri"),
                   tuple(v for k, v in pairs if k == "named-graph-uri"), formats[0] if formats else None)


def _endpoint_url() -> str:
    """This endpoint's absolute URL, from the environment `web.origin` has already checked (or set from the public base)."""
    env = request.environ
    return f"{env['wsgi.url_scheme']}://{env.get('HTTP_HOST') or 'localhost'}{env.get('SCRIPT_NAME', '')}/sparql"


def _no_update() -> QueryRefusedError:
    return QueryRefusedError("Điểm truy vấn công khai chỉ đọc: không nhận SPARQL Update.",
                             "The public endpoint is read-only: SPARQL Update is refused.", reason="update")


def _accepts_gzip(header: str) -> bool:
    for part in header.split(","):
        pieces = [p.strip() for p in part.split(";")]
        if pieces[0].lower() in ("gzip", "x-gzip", "*"):
            return not any(p.replace(" ", "") in ("q=0", "q=0.0", "q=0.00", "q=0.000") for p in pieces[1:])
    return False


def _etag(version: str, query: sparql.QueryRequest, gzip_ok: bool) -> str:
    parts = [version, query.text, "\x1f".join(query.default_graphs), "\x1f".join(query.named_graphs),
             query.accept or "", query.format or "", query.base_iri or "", "gzip" if gzip_ok else ""]
    return '"' + hashlib.sha256("\x1e".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:40] + '"'


def _matches_etag(etag: str, header: str | None) -> bool:
    if not header:
        return False
    tags = [t.strip().removeprefix("W/") for t in header.split(",")]
    return "*" in tags or etag in tags


def _respond(item: Cached, etag: str | None) -> Response:
    headers = [("Vary", "Accept, Accept-Encoding"), ("X-Wugraph-Rows", str(item.rows))]
    if item.encoding:
        headers.append(("Content-Encoding", item.encoding))
    if etag is not None:
        headers += [("ETag", etag), ("Cache-Control", "no-cache")]
    if item.truncated:
        limit = context.settings().max_rows
        headers += [("X-Wugraph-Truncated", "true"), ("X-Wugraph-Row-Limit", str(limit)),
                    ("Warning", f'199 wugraph "Results truncated at {limit} rows; page with LIMIT and OFFSET"'),
                    ("Link", f'<{url_for("endpoint.sparql_endpoint")}#limits>; rel="help"')]
    return Response(item.body, status=200, headers=headers, content_type=item.content_type)


def _not_modified(etag: str) -> Response:
    response = Response(status=304)
    response.headers["ETag"] = etag
    response.headers["Vary"] = "Accept, Accept-Encoding"
    response.headers["Cache-Control"] = "no-cache"
    return response


@blueprint.route("/sparql", methods=["GET", "POST", "HEAD"])
def sparql_endpoint() -> Response | str:
    """Answer a SPARQL query in the format the client accepts (or `format=` asks for)."""
    params = _params()
    if params.query is None:
        return _bare_get(params.format)
    graph = context.graph()
    environ = request.environ
    sparql.check_size(params.query, graph.settings)
    # Relative IRIs in the query resolve against the endpoint's own (public) URL.
    query = sparql.QueryRequest(params.query, params.default_graphs, params.named_graphs, environ.get("HTTP_ACCEPT"),
                                params.format, _endpoint_url())
    version = graph.store.version()
    gzip_ok = _accepts_gzip(environ.get("HTTP_ACCEPT_ENCODING", ""))
    cacheable = environ["REQUEST_METHOD"] in ("GET", "HEAD")
    key = _etag(version, query, gzip_ok)
    if cacheable and _matches_etag(key, environ.get("HTTP_IF_NONE_MATCH")):
        return _not_modified(key)
    client = environ.get("REMOTE_ADDR") or "unknown"

    def compute() -> Cached:
        result = graph.run(query, client, version)
        body, encoding = result.body, None
        if gzip_ok and len(body) >= GZIP_MIN_BYTES:
            body, encoding = gzip.compress(body, compresslevel=5), "gzip"
        return Cached(body, result.content_type, encoding, result.rows, result.truncated)

    # Identical requests arriving together run once; only GET answers are kept afterwards.
    item = graph.responses.fetch(key, compute, keep=cacheable, follow=lambda: graph.runner().gate.following(client))
    return _respond(item, key if cacheable else None)


def _bare_get(override: str | None) -> Response | str:
    """No query: the YASGUI page for browsers, the Service Description for everyone else."""
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
    headers = response.headers
    headers.add("Access-Control-Allow-Origin", "*")
    if request.environ["REQUEST_METHOD"] == "OPTIONS":
        headers.extend({"Access-Control-Allow-Methods": "GET, POST, HEAD, OPTIONS",
                        "Access-Control-Allow-Headers": "Accept, Content-Type, If-None-Match", "Access-Control-Max-Age": "86400"})
    headers.add("Access-Control-Expose-Headers", "ETag, X-Wugraph-Truncated, X-Wugraph-Row-Limit, X-Wugraph-Rows, Warning")
    return response
