"""Precomputed spread data is refreshed on ingest: a real `wugraph serve` process notices the new store
version after a POST /ingest and recomputes the model index before any visitor asks for it."""

from __future__ import annotations

import json
import time
import urllib.request
from pathlib import Path

from support.live import start_server, stop_server
from support.paths import ROOT
from support.stores import copy_store

from wugraph.config import load_settings
from wugraph.demo.generate import generate

TOKEN = "spread-refresh-token"


def _get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=60) as response:
        return json.load(response)


def _wait_for_line(log: Path, text: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in log.read_text(encoding="utf-8", errors="replace"):
            return
        time.sleep(0.2)
    raise AssertionError(f"{text!r} never appeared in the server log:\n{log.read_text(errors='replace')[-2000:]}")


def test_an_ingest_refreshes_the_spread_index_before_anyone_asks(built_store_dir: Path, tmp_path: Path) -> None:
    folder = copy_store(built_store_dir, tmp_path / "store")
    demo = generate(load_settings({"store": str(folder), "home": ROOT}, environ={}), 0.002, 5, tmp_path / "demo-refresh.trig")
    log = tmp_path / "server.log"
    server = start_server(folder, {"WUGRAPH_INGEST_TOKEN": TOKEN}, log=log)
    try:
        before = _get(server.url + "/index.json")["stats"]["version"]
        _wait_for_line(log, f"caches ready for store version {before}")
        request = urllib.request.Request(
            f"{server.url}/ingest?source={demo.source_id}&name={demo.path.name}", data=demo.path.read_bytes(), method="POST",
            headers={"Content-Type": "application/trig", "Authorization": f"Bearer {TOKEN}"})
        with urllib.request.urlopen(request, timeout=300) as response:
            assert response.status == 201
        after = _get(server.url + "/index.json")["stats"]["version"]
        assert after != before
        _wait_for_line(log, f"caches ready for store version {after}")
        index = _get(server.url + "/api/spread")  # no ?wait=1: the index must already be there
        assert index["computing"] is False
        adopted = {m["slug"]: m["adopters"] for m in index["models"] if m["synthetic"]}
        assert len(adopted) == demo.counts["models"] and all(n > 0 for n in adopted.values())
    finally:
        stop_server(server)
