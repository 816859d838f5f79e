"""SPARQL 1.1 Protocol at /sparql: query by GET, POST form-encoded and POST direct.

The view only parses the request, calls `sparql.execute` and writes the negotiated format.
"""

from __future__ import annotations

from flask import Blueprint, Response, request

from .. import sparql
from ..errors import UnsupportedMediaTypeError, UsageError
from . import context

blueprint = Blueprint("endpoint", __name__)

FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"


def _query_text() -> tuple[str, list[str], list[str]]:
    """The query string and dataset IRIs from whichever of the three protocol operations was used."""
    if request.method in ("GET", "HEAD"):
        args = request.args
        query = args.get("query")
    else:
        mimetype = request.mimetype
        if mimetype == FORM:
            args = request.form
            query = args.get("query")
            if "update" in args:
                raise UsageError("Điểm truy vấn này không nhận SPARQL Update.", "This endpoint does not accept SPARQL Update.")
        elif mimetype == DIRECT:
            args = request.args
            query = request.get_data(as_text=True)
        else:
            raise UnsupportedMediaTypeError(
                f"Kiểu nội dung {mimetype or '(trống)'} không được hỗ trợ; dùng {FORM} hoặc {DIRECT}.",
                f"Content type {mimetype or '(none)'} is not supported; use {FORM} or {DIRECT}.",
            )
    if query is None or not query.strip():
        raise UsageError("Thiếu tham số query.", "The query parameter is missing.")
    if len(args.getlist("query")) > 1:
        raise UsageError("Chỉ được gửi một tham số query.", "Send exactly one query parameter.")
    return query, args.getlist("default-graph-uri"), args.getlist("named-graph-uri")


@blueprint.route("/sparql", methods=["GET", "POST", "HEAD"])
def sparql_endpoint() -> Response:
    """Answer a SPARQL query in the format the client accepts (or `format=` asks for)."""
    query, default_graphs, named_graphs = _query_text()
    result = sparql.execute(context.store(), query, context.settings(), default_graphs=default_graphs, named_graphs=named_graphs)
    graph = sparql.is_graph_result(result)
    override = request.args.get("format") or request.form.get("format")
    fmt = sparql.by_name(override, graph) if override else sparql.negotiate(request.headers.get("Accept"), sparql.formats_for(result))
    body = sparql.serialize(result, fmt)
    response = Response(body if request.method != "HEAD" else b"", status=200, content_type=fmt.content_type)
    response.headers["Vary"] = "Accept"
    if request.method == "HEAD":
        response.headers["Content-Length"] = str(len(body))
    return response
