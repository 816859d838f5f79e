"""Downloads: gzipped N-Quads of the store and TriG per named graph, built once per store version, streamed with
ETag, size and SHA-256; VoID names them as void:dataDump and DCAT describes them with size and checksum.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
import rdflib
from rdflib.namespace import RDF

import wugraph.web.downloads as download_views
from wugraph.endpoint.dumps import FULL_NAME, DumpSet, Downloads, build_dumps, graph_file_name
from wugraph.errors import StoreError
from wugraph.formats import by_name
from wugraph.namespaces import DCAT, SPDX, VOID
from wugraph.store import rdf

DCATN, SPDXN, VOIDN = rdflib.Namespace(DCAT), rdflib.Namespace(SPDX), rdflib.Namespace(VOID)
EX = "http://example.org/dump-test/"


def ready(app: Any) -> DumpSet:
    """The current dump set, built now (tests wait for the background job instead of racing it)."""
    found = app.extensions["wugraph"].downloads().ensure(wait=300)
    assert found is not None, app.extensions["wugraph"].downloads().error
    return found


def fetch(client: Any, path: str, method: str = "get", **kwargs: Any) -> tuple[Any, bytes]:
    """A response and its whole body, the streamed file closed (send_file leaves it open until then)."""
    response = getattr(client, method)(path, **kwargs)
    try:
        return response, response.get_data()
    finally:
        response.close()


def quads_of(data: bytes, fmt: str) -> list[rdf.Quad]:
    return list(rdf.parse(data, by_name(fmt, graph=True)))


def test_the_whole_store_as_gzipped_nquads(shared_app, shared_store, collected_here) -> None:
    dumps = ready(shared_app)
    client = shared_app.test_client()
    response, body = fetch(client, "/download/" + FULL_NAME)
    assert response.status_code == 200 and response.mimetype == "application/gzip"
    assert int(response.headers["Content-Length"]) == len(body) == dumps.full.size
    digest = hashlib.sha256(body).hexdigest()
    assert digest == dumps.full.sha256 and response.headers["ETag"] == f'"{digest}"'
    assert response.headers["Repr-Digest"] == "sha-256=:" + base64.b64encode(bytes.fromhex(digest)).decode() + ":"
    assert response.headers["X-Wugraph-Store-Version"] == shared_store.version()
    assert "attachment" in response.headers["Content-Disposition"] and ".nq.gz" in response.headers["Content-Disposition"]
    quads = quads_of(gzip.decompress(body), "nquads")
    assert len(quads) == shared_store.count() > 300_000
    assert {q.graph_name.value for q in quads} == set(shared_store.graph_names())


def test_each_named_graph_as_trig_keeping_its_name(shared_app, shared_store, collected_here) -> None:
    dumps = ready(shared_app)
    client = shared_app.test_client()
    graphs = shared_store.graph_names()
    assert sorted(f.graph for f in dumps.files if f.graph) == sorted(graphs)
    for graph in graphs:
        name = graph_file_name(graph)
        response, body = fetch(client, "/download/" + name)
        assert response.status_code == 200 and response.mimetype == "application/trig"
        assert hashlib.sha256(body).hexdigest() == dumps.get(name).sha256  # type: ignore[union-attr]
        quads = quads_of(body, "trig")
        assert len(quads) == shared_store.count(graph) and {q.graph_name.value for q in quads} == {graph}


def test_head_conditional_and_range_requests(shared_app, collected_here) -> None:
    dumps = ready(shared_app)
    client = shared_app.test_client()
    head, nothing = fetch(client, "/download/" + FULL_NAME, "head")
    assert head.status_code == 200 and nothing == b""
    assert int(head.headers["Content-Length"]) == dumps.full.size and head.headers["ETag"] == f'"{dumps.full.sha256}"'
    assert fetch(client, "/download/" + FULL_NAME, headers={"If-None-Match": head.headers["ETag"]})[0].status_code == 304
    part, first_bytes = fetch(client, "/download/" + FULL_NAME, headers={"Range": "bytes=0-99"})
    assert part.status_code == 206 and len(first_bytes) == 100
    missing = client.get("/download/graph/no-such-graph.trig")
    assert missing.status_code == 404 and missing.json["code"] == "not_found" and missing.json["message_vi"]


def test_files_follow_the_store_version(app, loaded_store, collected_here) -> None:
    first = ready(app)
    loaded_store.replace_graphs({EX + "g": [rdf.Quad(rdf.NamedNode(EX + "s"), rdf.NamedNode(EX + "p"), rdf.Literal("Đắk Nông"),
                                                     rdf.NamedNode(EX + "g"))]})
    second = ready(app)
    assert second.version == loaded_store.version() != first.version
    assert second.full.sha256 != first.full.sha256 and not first.folder.exists()  # the old version's files are gone
    other = second.get(graph_file_name(EX + "g"))
    assert other is not None and other.name.startswith("graph/other/")
    body = fetch(app.test_client(), "/download/" + other.name)[1]
    assert [q.object.value for q in quads_of(body, "trig")] == ["Đắk Nông"]


def small(store: Any) -> Any:
    """A store holding two small named graphs (dumps of the bundled data take seconds)."""
    def quad(s: str, o: str, g: str) -> rdf.Quad:
        return rdf.Quad(rdf.NamedNode(EX + s), rdf.NamedNode(EX + "p"), rdf.Literal(o), rdf.NamedNode(EX + g))

    store.replace_graphs({EX + "g1": [quad("a", "Đắk Nông", "g1")], EX + "g2": [quad("b", "Lâm Đồng", "g2")]})
    return store


def test_a_dump_of_a_store_that_moved_is_never_published(store, tmp_path: Path) -> None:
    root = tmp_path / "downloads"
    with pytest.raises(StoreError):
        build_dumps(small(store), root, "a-version-the-store-left-behind")
    assert list(root.iterdir()) == []  # neither a finished folder nor a half-written one


def test_a_finished_set_is_found_by_another_process(store, tmp_path: Path) -> None:
    root = tmp_path / "downloads"
    built = build_dumps(small(store), root, store.version())
    assert [f.name for f in built.files] == [FULL_NAME, *(graph_file_name(g) for g in store.graph_names())]
    assert graph_file_name(EX + "g1").startswith("graph/other/") and graph_file_name(EX + "g1") != graph_file_name(EX + "g2")
    other = Downloads(store, root)  # what a second `wugraph serve` on the same store sees
    found = other.current()
    assert found is not None and found.files == built.files and not other.building
    assert json.loads((found.folder / "manifest.json").read_text(encoding="utf-8"))["version"] == store.version()
    again = build_dumps(store, root, store.version())  # the same version is never written twice
    assert again.built == built.built and again.files == built.files


def test_a_file_asked_for_while_it_is_built_gets_503_then_arrives(app, monkeypatch, collected_here) -> None:
    monkeypatch.setattr(download_views, "FILE_WAIT_SECONDS", 0.0)
    client = app.test_client()
    early = client.get("/download/" + FULL_NAME)
    assert early.status_code == 503 and early.headers["Retry-After"] == "5"
    assert early.json["code"] == "not_ready" and early.json["message_vi"] and early.json["message_en"]
    page = client.get("/download.json").json
    assert page["status"] == "building" and page["files"] == []
    ready(app)
    assert fetch(client, "/download/" + FULL_NAME)[0].status_code == 200


def test_download_page_in_both_languages_with_its_json_twin(shared_app, collected_here) -> None:
    dumps = ready(shared_app)
    client = shared_app.test_client()
    vi = client.get("/download", headers={"Accept": "text/html"}).get_data(as_text=True)
    en = client.get("/download?lang=en").get_data(as_text=True)
    assert "Tải toàn bộ dữ liệu" in vi and "Download the whole graph" in en and "<script" not in vi
    assert dumps.full.sha256 in vi and 'href="http://localhost/download/wugraph.nq.gz"' in vi
    twin = client.get("/download.json").json
    assert twin["status"] == "ready" and twin["version"] == dumps.version
    assert {f["name"]: f["sha256"] for f in twin["files"]} == {f.name: f.sha256 for f in dumps.files}
    assert twin["dcat"].endswith("/dcat") and twin["void"].endswith("/.well-known/void")


def test_void_names_the_dumps_and_dcat_describes_them(shared_app, collected_here) -> None:
    dumps = ready(shared_app)
    client = shared_app.test_client()
    void = rdflib.Graph().parse(data=client.get("/.well-known/void").data, format="turtle")
    dataset = rdflib.URIRef("https://w3id.org/wugraph/id/dataset")
    assert str(void.value(dataset, VOIDN.dataDump)) == "http://localhost/download/wugraph.nq.gz"
    subset_dumps = {str(s): str(void.value(s, VOIDN.dataDump)) for s in void.objects(dataset, VOIDN.subset)}
    assert subset_dumps["https://w3id.org/wugraph/graph/ontology"] == "http://localhost/download/graph/ontology.trig"
    response = client.get("/dcat", headers={"Accept": "text/turtle"})
    assert response.status_code == 200 and response.content_type.startswith("text/turtle")
    dcat = rdflib.Graph().parse(data=response.data, format="turtle")
    assert (dataset, RDF.type, DCATN.Dataset) in dcat and list(dcat.subjects(RDF.type, DCATN.Catalog))
    distributions = {str(dcat.value(d, DCATN.downloadURL)): d for d in dcat.subjects(RDF.type, DCATN.Distribution)}
    assert len(distributions) == len(dumps.files)
    for file in dumps.files:
        node = distributions["http://localhost/download/" + file.name]
        assert int(dcat.value(node, DCATN.byteSize)) == file.size
        assert str(dcat.value(node, DCATN.mediaType)).endswith("/" + file.media_type)
        checksum = dcat.value(node, SPDXN.checksum)
        assert str(dcat.value(checksum, SPDXN.checksumValue)) == file.sha256
        assert dcat.value(checksum, SPDXN.algorithm) == SPDXN.checksumAlgorithm_sha256
    whole = distributions["http://localhost/download/wugraph.nq.gz"]
    assert str(dcat.value(whole, DCATN.compressFormat)).endswith("/application/gzip")
    assert (dataset, DCATN.distribution, whole) in dcat
    ontology = rdflib.URIRef("https://w3id.org/wugraph/graph/ontology")
    assert (dataset, rdflib.URIRef("http://purl.org/dc/terms/hasPart"), ontology) in dcat
    assert client.get("/dcat", headers={"Accept": "application/ld+json"}).status_code == 200


def get_when_ready(url: str, method: str = "GET", seconds: float = 600) -> tuple[bytes, Any]:
    """GET (or HEAD) a download, waiting out 503 + Retry-After while the server builds the files, as clients should."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(urllib.request.Request(url, method=method), timeout=60) as reply:
                return reply.read(), reply.headers
        except urllib.error.HTTPError as error:
            assert error.code == 503 and json.loads(error.read())["code"] == "not_ready", error
            assert time.monotonic() < deadline, "the dumps were not built in time"
            time.sleep(float(error.headers["Retry-After"]))


def test_dumps_over_http_from_a_served_process(live_server) -> None:
    body, headers = get_when_ready(live_server.url + "/download/" + FULL_NAME)
    digest = hashlib.sha256(body).hexdigest()
    assert int(headers["Content-Length"]) == len(body) and headers["ETag"] == f'"{digest}"'
    assert headers["Content-Type"] == "application/gzip" and gzip.decompress(body).count(b"\n") > 300_000
    nothing, head = get_when_ready(live_server.url + "/download/" + FULL_NAME, "HEAD")
    assert nothing == b"" and head["ETag"] == f'"{digest}"' and int(head["Content-Length"]) == len(body)
    listing = json.loads(get_when_ready(live_server.url + "/download.json")[0])
    assert listing["status"] == "ready" and {f["name"]: f["sha256"] for f in listing["files"]}[FULL_NAME] == digest
