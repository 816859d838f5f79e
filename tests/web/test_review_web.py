"""/review over HTTP (Flask's test client on a real store): the token, the forms, the JSON twins, bad input.

The pages exist only when an ingest token is configured and share it; a browser signs in once (the
cookie holds a keyed digest of the token) and every form carries a second digest. Refusals leave the
store and the staging area exactly as they were.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

import pytest
from click.testing import CliRunner
from support.curation import HOMONYM, LAUNCH, REPLICATION, STEWARD, fingerprint, select, stage, staging_snapshot

from wugraph.config import Settings
from wugraph.store import Store, open_store
from wugraph.web import create_app

TOKEN = "mã-bí-mật-để-thử"
HTML = {"Accept": "text/html"}
BEARER = {"Authorization": f"Bearer {TOKEN}", "Accept": "application/json"}


@pytest.fixture
def review_settings(loaded_settings: Settings, runner: CliRunner) -> Settings:
    stage(runner, loaded_settings, LAUNCH, REPLICATION, HOMONYM)
    return replace(loaded_settings, ingest_token=TOKEN)


@pytest.fixture
def review_store(review_settings: Settings) -> Iterator[Store]:
    with open_store(review_settings.store) as store:
        yield store


@pytest.fixture
def review_client(review_settings: Settings, review_store: Store) -> object:
    app = create_app(review_settings, store=review_store)
    app.config["TESTING"] = True
    return app.test_client()


def _sign_in(client: object) -> str:
    """Sign in as a browser would; returns the form digest every post must carry."""
    response = client.post("/review/login", data={"token": TOKEN, "steward": STEWARD}, headers=HTML)  # type: ignore[attr-defined]
    assert response.status_code == 303 and response.headers["Location"] == "/review"
    page = client.get("/review/doc/quang-son-ra-mat", headers=HTML)  # type: ignore[attr-defined]
    return re.search(r'name="csrf" value="([0-9a-f]+)"', page.get_data(as_text=True))[1]  # type: ignore[index]


def test_review_is_off_without_a_token(loaded_settings: Settings) -> None:
    with open_store(loaded_settings.store) as store:
        client = create_app(loaded_settings, store=store).test_client()
        for path in ("/review", "/review.json", "/review/login", "/review/doc/x", "/review/api/units?q=x"):
            assert client.get(path).status_code == 404, path
        assert client.post("/review/doc/x/accept").status_code == 404


def test_the_token_guards_every_route(review_client: object, review_settings: Settings, review_store: Store) -> None:
    client = review_client
    refused = client.get("/review.json")  # type: ignore[attr-defined]
    assert refused.status_code == 401 and "Bearer" in refused.headers["WWW-Authenticate"]
    assert refused.json["message_vi"] and refused.json["message_en"]
    page = client.get("/review", headers=HTML)  # type: ignore[attr-defined]
    assert page.status_code == 303 and page.headers["Location"].startswith("/review/login")
    before = fingerprint(review_store), staging_snapshot(review_settings)
    assert client.post("/review/doc/quang-son-ra-mat/accept", headers={"Authorization": "Bearer nope"}).status_code == 401  # type: ignore[attr-defined]
    wrong = client.post("/review/login", data={"token": "nope", "steward": STEWARD}, headers=HTML)  # type: ignore[attr-defined]
    assert wrong.status_code == 401 and "Mã truy cập không đúng" in wrong.get_data(as_text=True)
    assert "Set-Cookie" not in wrong.headers
    nameless = client.post("/review/login", data={"token": TOKEN, "steward": " "}, headers=HTML)  # type: ignore[attr-defined]
    assert nameless.status_code == 400
    _sign_in(client)
    forged = client.post("/review/doc/quang-son-ra-mat/accept", data={"csrf": "0" * 64}, headers=HTML)  # type: ignore[attr-defined]
    assert forged.status_code == 403
    assert (fingerprint(review_store), staging_snapshot(review_settings)) == before


def test_pages_json_twins_and_pickers(review_client: object) -> None:
    client = review_client
    _sign_in(client)
    index = client.get("/review", headers=HTML)  # type: ignore[attr-defined]
    text = index.get_data(as_text=True)
    assert index.status_code == 200 and "Duyệt dữ kiện trích từ bài viết" in text and "quang-hoa-nhan-rong" in text
    assert index.headers["Cache-Control"] == "no-store"
    english = client.get("/review?lang=en", headers=HTML).get_data(as_text=True)  # type: ignore[attr-defined]
    assert "Review facts extracted from articles" in english
    listed = client.get("/review.json", headers=BEARER).json  # type: ignore[attr-defined]
    assert {d["doc"] for d in listed["docs"]} == {"quang-son-ra-mat", "quang-hoa-nhan-rong", "dak-mil-ra-mat"}
    doc = client.get("/review/doc/quang-hoa-nhan-rong", headers=HTML).get_data(as_text=True)  # type: ignore[attr-defined]
    assert '<mark class="ev" data-c="' in doc and "Tổ phụ nữ xây dựng gia đình 5 có 3 sạch" in doc
    assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", doc) is None  # no inline script (CSP without 'unsafe-inline')
    assert re.search(r"\son[a-z]+=", doc) is None  # no inline event handlers either
    twin = client.get("/review/doc/quang-hoa-nhan-rong.json", headers=BEARER).json  # type: ignore[attr-defined]
    assert {c["kind"] for c in twin["candidates"]} >= {"model", "adoption", "person", "position"}
    assert "".join(s["text"] for s in twin["segments"]) == twin["text"]
    assert any(m["rule"] == "model.wrapper-words" for m in twin["merges"])
    units = client.get("/review/api/units", query_string={"q": "Quang Hoa", "on": "2023-09-15",  # type: ignore[attr-defined]
                                                          "near": "https://w3id.org/wugraph/id/chapter/pre2025/commune/24620"}).json
    assert units[0]["code"] == "24620" and "Đăk Glong" in units[0]["label"]
    models = client.get("/review/api/models", query_string={"q": "theo sở thích"}).json  # type: ignore[attr-defined]
    assert [m["iri"] for m in models] == ["https://w3id.org/wugraph/id/model/clb-theo-so-thich"]
    assert client.get("/review/doc/khong-co.json", headers=BEARER).status_code == 404  # type: ignore[attr-defined]


def test_accept_reject_and_edit_from_the_page(review_client: object, review_settings: Settings, review_store: Store) -> None:
    client = review_client
    csrf = _sign_in(client)
    accepted = client.post("/review/doc/quang-son-ra-mat/accept", data={"csrf": csrf, "candidate": "m1"}, headers=HTML)  # type: ignore[attr-defined]
    assert accepted.status_code == 303 and "done=accept" in accepted.headers["Location"]
    assert [r["l"] for r in select(review_store, "SELECT ?l WHERE { ?m a wu:Model ; skos:prefLabel ?l FILTER(CONTAINS(?l, '5 có')) }")] == [
        "Gia đình 5 có, 3 sạch"]
    rejected = client.post("/review/doc/quang-son-ra-mat/reject",  # type: ignore[attr-defined]
                           data={"csrf": csrf, "candidate": "p2", "reason": "tác giả bài viết"}, headers=HTML)
    assert rejected.status_code == 303
    page = client.get("/review/doc/quang-son-ra-mat", headers=HTML).get_data(as_text=True)  # type: ignore[attr-defined]
    assert "tác giả bài viết" in page and STEWARD in page

    before = fingerprint(review_store), staging_snapshot(review_settings)
    refused = client.post("/review/doc/dak-mil-ra-mat/edit", data={"csrf": csrf, "candidate": "a1", "date": "1/8/2025"}, headers=HTML)  # type: ignore[attr-defined]
    assert refused.status_code == 422
    text = refused.get_data(as_text=True)
    assert "Không thực hiện được; không có gì bị thay đổi." in text and "The batch was rejected" in text
    assert "dak-mil-ra-mat:a1" in text
    unknown = client.post("/review/doc/dak-mil-ra-mat/edit", data={"csrf": csrf, "candidate": "a1", "unit": "Xã Không Có"}, headers=HTML)  # type: ignore[attr-defined]
    assert unknown.status_code == 400 and "No official administrative unit" in unknown.get_data(as_text=True)
    twice = client.post("/review/doc/quang-son-ra-mat/accept", data={"steward": STEWARD, "candidate": "m1"}, headers=BEARER)  # type: ignore[attr-defined]
    assert twice.status_code == 400 and twice.json["reason"] == "already_accepted"
    assert (fingerprint(review_store), staging_snapshot(review_settings)) == before

    edited = client.post("/review/doc/dak-mil-ra-mat/edit",  # type: ignore[attr-defined]
                         data={"steward": STEWARD, "candidate": "a1", "unit": "24676", "date": "11/2023"}, headers=BEARER)
    assert edited.status_code == 200 and edited.json["action"] == "edit"
    done = client.post("/review/doc/dak-mil-ra-mat/accept", data={"steward": STEWARD}, headers=BEARER).json  # type: ignore[attr-defined]
    assert done["written"] and done["docs"]["dak-mil-ra-mat"]["accepted"] >= 6
    rows = select(review_store, "SELECT ?day ?p WHERE { ?a wu:adopter <https://w3id.org/wugraph/id/chapter/pre2025/commune/24676> ; "
                                   "wu:adoptedOn ?day ; wu:datePrecision ?p ; wu:model ?m FILTER(CONTAINS(STR(?m), 'phap-luat')) }")
    assert rows == [{"day": "2023-11-01", "p": "https://w3id.org/wugraph/ontology#MonthPrecision"}]
