"""Staging and review when the store is a SPARQL server (Oxigraph server, Virtuoso) on loopback.

The staging folder is local (WUGRAPH_STAGING); the server never sees a staged fact. Accepting writes
through the same single write path; the test retracts what it accepted, so the shared server is left
as it was found.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import pytest
from click.testing import CliRunner
from support.curation import LAUNCH, REPLICATION, STEWARD, ok, select
from support.paths import ROOT
from support.remote import KINDS, RemoteServer

from wugraph.cli import main
from wugraph.config import load_settings

pytestmark = [pytest.mark.remote, pytest.mark.slow]
ADOPTIONS = "SELECT ?a ?who ?kind WHERE { ?a wu:model <https://w3id.org/wugraph/id/model/gia-dinh-5-co-3-sach> ; wu:adopter ?who ; wu:adoptionKind ?kind }"


@pytest.mark.parametrize("kind", KINDS)
def test_stage_and_accept_on_a_sparql_server(kind: str, built_servers: Callable[[str], RemoteServer], tmp_path: Path) -> None:
    server = built_servers(kind)
    staging = tmp_path / "staging"
    runner = CliRunner(env={"WUGRAPH_STAGING": str(staging)})
    settings = load_settings({"store": server.location, "home": ROOT, "staging": str(staging)}, environ={})

    def wugraph(*args: str) -> str:
        return ok(runner.invoke(main, ["--store", server.location, *args], catch_exceptions=False)).stdout

    before = len(select(settings, "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"))
    wugraph("extract", str(LAUNCH), str(REPLICATION), "--stage")
    assert (staging / "docs" / "quang-son-ra-mat" / "state.json").is_file()
    assert select(settings, ADOPTIONS) == []
    try:
        wugraph("review", "accept", "--all", "--steward", STEWARD)
        rows = select(settings, ADOPTIONS)
        assert sorted((r["who"].rsplit("/", 1)[-1], r["kind"].rsplit("#", 1)[-1]) for r in rows) == [
            ("24616", "Origination"), ("24620", "Replication")]
        people = select(settings, "SELECT DISTINCT ?p WHERE { ?p schema:alternateName 'Hoàng Thị Hòa' }")
        assert [r["p"] for r in people] == ["https://w3id.org/wugraph/id/person/hoang-thi-hoa"]
    finally:
        for doc in ("quang-son-ra-mat", "quang-hoa-nhan-rong"):
            runner.invoke(main, ["--store", server.location, "retract", doc])
    assert select(settings, ADOPTIONS) == []
    assert len(select(settings, "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")) == before
