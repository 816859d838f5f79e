"""The staging area: where it lives, what survives extracting an article again, retraction, and finishing
or undoing an acceptance a dead process left between the store's commit and the staging area's record."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from support.curation import LAUNCH, REPLICATION, STEWARD, ok, review_json, select, stage, wugraph

from wugraph.config import Settings, load_settings
from wugraph.curation.area import StagingArea, check_doc_id, staging_folder
from wugraph.ingest.provenance import Review
from wugraph.curation.state import after, decide, with_intent
from wugraph.curation.workspace import Workspace
from wugraph.errors import UsageError
from wugraph.ingest import pipeline
from wugraph.store import open_store


def test_where_the_staging_area_lives(tmp_path: Path) -> None:
    assert staging_folder(load_settings({"store": str(tmp_path / "var" / "store")}, environ={})) == tmp_path / "var" / "store.staging"
    assert staging_folder(load_settings({"store": "oxigraph+http://db.example:7878", "staging": str(tmp_path / "s")}, environ={})) == tmp_path / "s"
    remote = staging_folder(load_settings({"store": "virtuoso+http://db.example:8890/sparql"}, environ={}))
    assert remote.name == "staging-db-example-8890-sparql" and remote.parent.name == "var"
    from_env = load_settings({"store": str(tmp_path / "store")}, environ={"WUGRAPH_STAGING": str(tmp_path / "elsewhere")})
    assert staging_folder(from_env) == tmp_path / "elsewhere"
    for bad in ("", "..", "a/b", "x" * 121, "bài-viết"):
        with pytest.raises(UsageError):
            check_doc_id(bad)


def test_reextracting_keeps_rejections_and_acceptances(staged: Settings, runner: CliRunner) -> None:
    view = review_json(runner, staged, "show", "quang-hoa-nhan-rong")
    person = next(c for c in view["candidates"] if c["kind"] == "person" and any(f["value"] == "Minh Thư" for f in c["fields"] if "value" in f))
    ok(wugraph(runner, staged, "review", "reject", f"quang-hoa-nhan-rong:{person['id']}", "--reason", "tác giả, không phải dữ kiện",
               "--steward", STEWARD))
    ok(wugraph(runner, staged, "review", "accept", "quang-son-ra-mat", "--steward", STEWARD))
    again = stage(runner, staged, LAUNCH, REPLICATION)
    assert "quang-hoa-nhan-rong (extracted again)" in again.stderr and "1 rejected before stay rejected" in again.stderr
    view = review_json(runner, staged, "show", "quang-hoa-nhan-rong")
    author = next(c for c in view["candidates"] if c["key"] == person["key"])
    assert author["status"] == "rejected" and author["decision"]["reason"] == "tác giả, không phải dữ kiện"
    assert author["decision"]["by"] == STEWARD
    listed = {d["doc"]: d["status"] for d in review_json(runner, staged, "list")}
    assert listed == {"quang-son-ra-mat": "accepted", "quang-hoa-nhan-rong": "pending"}
    ok(wugraph(runner, staged, "review", "accept", "quang-hoa-nhan-rong", "--steward", STEWARD))
    assert select(staged, "SELECT ?p WHERE { ?p schema:name 'Minh Thư' }") == []  # the rejected author never reaches the store


def test_an_accepted_article_is_retracted_like_any_source(staged: Settings, runner: CliRunner) -> None:
    ok(wugraph(runner, staged, "review", "accept", "quang-son-ra-mat", "--steward", STEWARD))
    adoptions = "SELECT ?a WHERE { ?a a wu:Adoption }"
    assert len(select(staged, adoptions)) == 1
    retracted = ok(wugraph(runner, staged, "retract", "quang-son-ra-mat"))
    assert "quang-son-ra-mat" in retracted.stdout
    assert select(staged, adoptions) == []
    assert select(staged, "SELECT ?r WHERE { GRAPH <https://w3id.org/wugraph/graph/meta> { ?r a wu:Review } }") == []
    listed = {d["doc"]: d["status"] for d in review_json(runner, staged, "list")}
    assert listed["quang-son-ra-mat"] == "retracted"
    ok(wugraph(runner, staged, "review", "accept", "quang-son-ra-mat", "--steward", STEWARD))  # and accepted again
    assert len(select(staged, adoptions)) == 1


@pytest.mark.parametrize("written", [False, True], ids=["died-before-the-commit", "died-after-the-commit"])
def test_a_dead_acceptance_is_finished_or_undone_from_the_store(staged: Settings, written: bool) -> None:
    """What `review accept` does up to the moment a process dies: the intent is recorded, the store written or not."""
    with open_store(staged.store) as store:
        ws = Workspace(store, staged)
        docs = {d.id: d for d in ws.load_all()}
        doc = docs["quang-son-ra-mat"]
        later = after(doc.state)
        decide(later, {c.key for c in doc.staged.candidates}, "accepted", STEWARD)
        [built] = ws.build_batch([doc], {doc.id: later}, ws.resolution(docs.values(), {doc.id: later}))
        later["accepted"] = {"at": "now", "by": STEWARD, "sha256": built.digest, "candidates": len(doc.staged.candidates)}
        ws.area.write_state(doc.id, with_intent(doc.state, "write", built.digest, later))
        if written:
            pipeline.ingest(store, [built.source()], staged, reviews={doc.id: Review(STEWARD)})
        raw = json.loads((StagingArea.for_settings(staged).folder(doc.id) / "state.json").read_text(encoding="utf-8"))
        assert raw["intent"]["op"] == "write"
        reloaded = Workspace(store, staged).load(doc.id)  # the next command to read the area settles it
    assert reloaded.state["intent"] is None
    assert reloaded.status == ("accepted" if written else "pending")
    assert reloaded.in_store is written
    assert (reloaded.state["accepted"] is not None) is written


def test_list_and_show_as_text_and_staging_needs_a_store(staged: Settings, runner: CliRunner, tmp_path: Path) -> None:
    listed = ok(wugraph(runner, staged, "review", "list")).stdout
    assert "quang-son-ra-mat" in listed and "pending" in listed and "chờ " in listed
    english = ok(wugraph(runner, staged, "review", "list", "--lang", "en")).stdout
    assert "pending" in english and "accepted 0" in english
    shown = ok(wugraph(runner, staged, "review", "show", "quang-hoa-nhan-rong")).stdout
    assert "a1" in shown and "adoption" in shown and "model.wrapper-words" in shown and "“" in shown
    nowhere = load_settings({"store": str(tmp_path / "no-store"), "home": staged.home}, environ={})
    result = wugraph(runner, nowhere, "extract", str(LAUNCH), "--stage")
    assert result.exit_code == 2 and "wugraph build" in result.stderr
    assert not (tmp_path / "no-store.staging").exists()
    both = wugraph(runner, staged, "extract", str(LAUNCH), "--stage", "--ingest")
    assert both.exit_code == 2 and "--stage" in both.stderr
