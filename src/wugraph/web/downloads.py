"""Downloads: the /download page (and its .json twin) and the dump files, streamed with ETag, size and SHA-256.

Files are built once per store version in the background (`endpoint.dumps`); asking for the page
or a file starts the build when it is missing. A file asked for during the build waits a little,
then gets 503 with Retry-After rather than a partial file. Answers are streamed from disk with
`Content-Length`, an ETag that is the file's SHA-256, `Repr-Digest` (RFC 9530), conditional and
range requests, and HEAD.
"""

from __future__ import annotations

import base64
from typing import Any

from flask import Blueprint, Response, jsonify, render_template, send_file, url_for

from ..endpoint.dumps import DumpSet
from ..errors import NotFoundError, NotReadyError
from . import context

blueprint = Blueprint("downloads", __name__)
FILE_WAIT_SECONDS = 20.0


def file_url(name: str) -> str:
    """The absolute URL of a dump file (VoID and DCAT name files by these)."""
    return url_for("downloads.file", name=name, _external=True)


def download_data() -> dict[str, Any]:
    """The download page's data: the files of the current store version, or the state of their build."""
    graph = context.graph()
    downloads = graph.downloads()
    found: DumpSet | None = downloads.ensure()
    stats = graph.dataset_stats()
    triples = {g.graph: g.triples for g in stats.graphs}
    files = [{"name": f.name, "url": file_url(f.name), "graph": f.graph, "media_type": f.media_type,
              "compression": f.compression, "size": f.size, "sha256": f.sha256,
              "triples": stats.triples if f.graph is None else triples.get(f.graph, 0)}
             for f in (found.files if found else ())]
    error = downloads.error if found is None and not downloads.building else None
    return {
        "status": "ready" if found else "failed" if error else "building",
        "version": stats.version,
        "built": found.built if found else None,
        "files": files,
        "error": {"message_vi": getattr(error, "message_vi", str(error)), "message_en": getattr(error, "message_en", str(error))}
        if error else None,
        "void": url_for("discovery.well_known_void", _external=True),
        "dcat": url_for("discovery.dcat", _external=True),
        "sparql": url_for("endpoint.sparql_endpoint", _external=True),
    }


@blueprint.route("/download")
def page() -> str:
    return render_template("pages/download.html", **download_data())


@blueprint.route("/download.json")
def page_json() -> Response:
    return jsonify(download_data())


@blueprint.route("/download/<path:name>")
def file(name: str) -> Response:
    """One dump file of the current store version, streamed (GET and HEAD, conditional, ranges)."""
    found = context.graph().downloads().ensure(wait=FILE_WAIT_SECONDS)
    if found is None:
        raise NotReadyError("Tệp tải xuống đang được tạo cho phiên bản dữ liệu mới; hãy thử lại sau ít giây.",
                            "The download files are being built for the new data version; try again in a few seconds.",
                            retry_after=5)
    dump = found.get(name)
    if dump is None:
        raise NotFoundError(f"Không có tệp tải xuống {name}.", f"There is no download named {name}.", name=name)
    download_name = name.rsplit("/", 1)[-1]
    if dump.graph is None:
        download_name = f"wugraph-{found.version[:12]}.nq.gz"
    response = send_file(found.path(dump), mimetype=dump.compression or dump.media_type, as_attachment=True,
                         download_name=download_name, etag=dump.sha256, conditional=True, max_age=0)
    response.headers["Repr-Digest"] = "sha-256=:" + base64.b64encode(bytes.fromhex(dump.sha256)).decode("ascii") + ":"
    response.headers["X-Wugraph-Store-Version"] = found.version
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response
