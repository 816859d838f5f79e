"""Issue 16's acceptance: two articles staged, then `review accept --all`, give one model, two adoptions and one person.

The launch (Xã Quảng Sơn, 14/3/2023) and the replication six months later by the neighbouring commune
(Xã Quảng Hòa, 15/9/2023, under the wrapper “Tổ phụ nữ xây dựng …”); the same district chair is named
in both with different wording and tone placement (Hoàng Thị Hoà / Hoàng Thị Hòa). Staged facts are
invisible to /sparql until accepted; accepted graphs carry the steward's PROV record; the spread
index counts the two adopters.
"""

from __future__ import annotations

import gc
import json

from click.testing import CliRunner
from support.curation import LAUNCH, REPLICATION, STEWARD, fingerprint, ok, select, stage, wugraph

from wugraph.analytics.cache import SpreadCache
from wugraph.config import Settings
from wugraph.curation.names import person_key
from wugraph.extract import EXTRACTOR_NAME, VERSION
from wugraph.store import open_store
from wugraph.web import create_app

BASE = "https://w3id.org/wugraph/id/"
MODEL = BASE + "model/gia-dinh-5-co-3-sach"
QUANG_SON, QUANG_HOA, DISTRICT = (BASE + "chapter/pre2025/commune/24616", BASE + "chapter/pre2025/commune/24620",
                                  BASE + "chapter/pre2025/district/661")
ASK_MODEL = 'SELECT ?m WHERE { ?m a wu:Model ; skos:prefLabel|skos:altLabel ?l FILTER(CONTAINS(STR(?l), "5 có")) }'
ADOPTIONS = ("SELECT ?a ?adopter ?day ?kind ?precision WHERE { ?a a wu:Adoption ; wu:model ?m ; wu:adopter ?adopter ; "
             "wu:adoptedOn ?day ; wu:adoptionKind ?kind ; wu:datePrecision ?precision "
             "FILTER(CONTAINS(STR(?m), 'gia-dinh-5')) } ORDER BY ?day")
CHAIRS = "SELECT DISTINCT ?p ?n WHERE { ?p a schema:Person ; schema:name|schema:alternateName ?n FILTER(STRSTARTS(?n, 'Hoàng Thị H')) }"


def _sparql(settings: Settings, query: str) -> list[dict[str, object]]:
    """The answer of the real /sparql endpoint (default graph = the union of every graph in the store)."""
    with open_store(settings.store) as store:
        app = create_app(settings, store=store)
        response = app.test_client().get("/sparql", query_string={"query": "PREFIX wu: <https://w3id.org/wugraph/ontology#> "
                                         "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX schema: <http://schema.org/> " + query},
                                         headers={"Accept": "application/sparql-results+json"})
        assert response.status_code == 200, response.data[:300]
        body = json.loads(response.data)["results"]["bindings"]
    del app, response
    gc.collect()  # the app's caches hold query results, which hold the store open
    return body


def test_staged_then_accepted_gives_one_model_two_adoptions_one_person(loaded_settings: Settings, runner: CliRunner) -> None:
    settings = loaded_settings
    before = fingerprint(settings)
    staged = stage(runner, settings, LAUNCH, REPLICATION)
    assert "staged: quang-son-ra-mat" in staged.stderr and "staged: quang-hoa-nhan-rong" in staged.stderr

    # Staged, not accepted: the store is byte for byte as before, and /sparql knows nothing of the articles.
    assert fingerprint(settings) == before
    assert _sparql(settings, ASK_MODEL) == []
    assert _sparql(settings, ADOPTIONS) == []
    assert _sparql(settings, CHAIRS) == []
    listed = json.loads(ok(wugraph(runner, settings, "review", "list", "--format", "json")).stdout)
    assert {d["doc"]: d["status"] for d in listed} == {"quang-son-ra-mat": "pending", "quang-hoa-nhan-rong": "pending"}
    assert all(d["counts"]["pending"] >= 5 and d["pending_by_kind"]["adoption"] == 1 for d in listed)

    accepted = ok(wugraph(runner, settings, "review", "accept", "--all", "--steward", STEWARD))
    assert "quang-son-ra-mat" in accepted.stdout and "model.wrapper-words" in accepted.stdout

    models = {row["m"]["value"] for row in _sparql(settings, ASK_MODEL)}
    assert models == {MODEL}
    labels = select(settings, f"SELECT ?p ?l WHERE {{ <{MODEL}> ?p ?l FILTER(?p IN (skos:prefLabel, skos:altLabel)) }}")
    assert {(r["p"].rsplit("#", 1)[-1], r["l"]) for r in labels} == {
        ("prefLabel", "Gia đình 5 có, 3 sạch"), ("altLabel", "Tổ phụ nữ xây dựng gia đình 5 có 3 sạch")}

    rows = [{k: v["value"] for k, v in row.items()} for row in _sparql(settings, ADOPTIONS)]
    assert [(r["adopter"], r["day"], r["kind"].rsplit("#", 1)[-1], r["precision"].rsplit("#", 1)[-1]) for r in rows] == [
        (QUANG_SON, "2023-03-14", "Origination", "DayPrecision"),
        (QUANG_HOA, "2023-09-15", "Replication", "DayPrecision"),
    ]
    assert all(r["a"].startswith(BASE + "adoption/gia-dinh-5-co-3-sach/") for r in rows)

    chairs = _sparql(settings, CHAIRS)
    assert {row["p"]["value"] for row in chairs} == {BASE + "person/hoang-thi-hoa"}
    assert {person_key(row["n"]["value"]) for row in chairs} == {person_key("Hoàng Thị Hòa")}
    assert {row["n"]["value"] for row in chairs} == {"Hoàng Thị Hoà", "Hoàng Thị Hòa"}  # the name and the other spelling
    held = select(settings, f"SELECT DISTINCT ?org ?role WHERE {{ ?m org:member <{BASE}person/hoang-thi-hoa> ; "
                            "org:organization ?org ; org:role ?role }")
    assert held == [{"org": DISTRICT, "role": "https://w3id.org/wugraph/ontology#Chair"}]

    # PROV: who accepted, when, which extractor and version; each article in its own graph/doc/{id}.
    for doc in ("quang-son-ra-mat", "quang-hoa-nhan-rong"):
        graph = f"https://w3id.org/wugraph/graph/doc/{doc}"
        meta = select(settings, "SELECT ?agent ?label ?version ?review ?ended WHERE { GRAPH <https://w3id.org/wugraph/graph/meta> { "
                                f"<{graph}> prov:wasAttributedTo ?agent ; prov:wasGeneratedBy ?review . ?agent rdfs:label ?label . "
                                "?review a wu:Review ; prov:endedAtTime ?ended ; prov:wasAssociatedWith ?steward . "
                                "OPTIONAL { ?agent schema:softwareVersion ?version } } } ")
        assert {(r["label"], r.get("version")) for r in meta} == {(STEWARD, None), (EXTRACTOR_NAME, VERSION)}
    with open_store(settings.store) as store:
        index = SpreadCache(store).index(wait=True)
    assert index is not None
    assert {m["slug"]: m["adopters"] for m in index.models}["gia-dinh-5-co-3-sach"] == 2


def test_one_article_accepted_the_other_still_invisible(staged: Settings, runner: CliRunner) -> None:
    ok(wugraph(runner, staged, "review", "accept", "quang-son-ra-mat", "--steward", STEWARD))
    rows = _sparql(staged, ADOPTIONS)
    assert [(r["adopter"]["value"], r["day"]["value"]) for r in rows] == [(QUANG_SON, "2023-03-14")]
    assert select(staged, "SELECT ?m WHERE { ?m skos:altLabel 'Tổ phụ nữ xây dựng gia đình 5 có 3 sạch'@vi }") == []
    assert not _sparql(staged, "SELECT ?n WHERE { ?p schema:alternateName ?n }")
    listed = {d["doc"]: d["status"] for d in json.loads(ok(wugraph(runner, staged, "review", "list", "--format", "json")).stdout)}
    assert listed == {"quang-son-ra-mat": "accepted", "quang-hoa-nhan-rong": "pending"}
    # the second article, accepted later, resolves against what the graph now holds
    ok(wugraph(runner, staged, "review", "accept", "quang-hoa-nhan-rong", "--steward", STEWARD))
    assert {r["m"]["value"] for r in _sparql(staged, ASK_MODEL)} == {MODEL}
    assert len(_sparql(staged, ADOPTIONS)) == 2
