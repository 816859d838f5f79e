"""kill -9 in the middle of `review accept` or `review reject` leaves the store as before or as after, never between,
and the staging area agrees with the store once it is read again.

A real `wugraph review accept --all -v` subprocess accepts 40 staged launch articles (one per commune of
Đắk Nông) into its own copy of the bundled store and is killed with SIGKILL while validating, at the
start and middle of the commit, and right after the store said "done" (before the staging area records
the acceptance). Then `wugraph review reject DOC… -v` of every accepted article is killed the same way.
Each time the store must equal the state before or the state a complete run gives, and `review list`
(which finishes or undoes what the dead process left) must report every article as the store has it.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from support.curation import STEWARD, ok, wugraph
from support.curation_articles import write_articles
from support.paths import ROOT
from support.stores import copy_store

from wugraph.config import Settings, load_settings
from wugraph.curation.area import staging_folder
from wugraph.store import open_store

pytestmark = pytest.mark.slow
COUNT = 40


def _settings(folder: Path) -> Settings:
    return load_settings({"store": str(folder / "store"), "home": ROOT}, environ={})


def _copy(template: Path, target: Path) -> Path:
    """A private copy of a store folder and its staging area."""
    copy_store(template / "store", target / "store")
    shutil.copytree(template / "store.staging", target / "store.staging")
    (target / "store.staging" / ".lock").unlink(missing_ok=True)
    return target


@pytest.fixture(scope="module")
def staged_template(tmp_path_factory: pytest.TempPathFactory, built_store_dir: Path) -> Path:
    """The bundled store with COUNT launch articles staged (never written to by the tests themselves)."""
    folder = tmp_path_factory.mktemp("review-crash")
    copy_store(built_store_dir, folder / "store")
    articles = write_articles(folder / "articles", COUNT)
    ok(wugraph(CliRunner(), _settings(folder), "extract", *map(str, articles), "--stage"))
    assert staging_folder(_settings(folder)) == folder / "store.staging"
    return folder


def _start(folder: Path, *args: str) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "wugraph", "--store", str(folder / "store"), "review", *args, "-v", "--steward", STEWARD]
    return subprocess.Popen(command, cwd=ROOT, env={**os.environ}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def _wait_for(process: subprocess.Popen[str], stage: str) -> float:
    assert process.stderr is not None
    for line in process.stderr:
        if line.split("]", 1)[-1].strip() == stage:
            return time.monotonic()
    raise AssertionError(f"the command ended (exit {process.wait()}) before stage {stage!r}")


def _finish(process: subprocess.Popen[str]) -> int:
    code = process.wait(timeout=300)
    assert process.stderr is not None
    process.stderr.close()
    return code


def _statuses(folder: Path) -> dict[str, tuple[str, bool]]:
    """What `review list` says (after finishing or undoing a dead process's work): status and in-store, per article."""
    listed = json.loads(ok(wugraph(CliRunner(), _settings(folder), "review", "list", "--format", "json")).stdout)
    return {d["doc"]: (d["status"], d["in_store"]) for d in listed}


def _run(folder: Path, *args: str) -> tuple[float, float]:
    """A complete run: (seconds from the start of the commit to 'done', seconds from 'done' to the end)."""
    process = _start(folder, *args)
    _wait_for(process, "commit")
    commit = time.monotonic()
    _wait_for(process, "done")
    done = time.monotonic()
    assert _finish(process) == 0
    return done - commit, time.monotonic() - done


def _kill_runs(template: Path, tmp_path: Path, args: tuple[str, ...], commit_seconds: float,
               before: tuple[object, dict[str, tuple[str, bool]]], after: tuple[object, dict[str, tuple[str, bool]]]) -> list[tuple[str, float, int, str]]:
    outcomes = []
    plans = [("validate", 0.0), ("commit", 0.0), ("commit", 0.5), ("done", 0.0)]
    for number, (stage, fraction) in enumerate(plans):
        folder = _copy(template, tmp_path / f"{args[0]}-{number}")
        process = _start(folder, *args)
        seen = _wait_for(process, stage)
        time.sleep(max(0.0, seen + fraction * commit_seconds - time.monotonic()))
        process.send_signal(signal.SIGKILL)
        code = _finish(process)
        state = _state(folder)
        assert state in (before, after), (stage, fraction, code)
        outcomes.append((stage, fraction, code, "after" if state == after else "before"))
    return outcomes


def _state(folder: Path) -> tuple[object, dict[str, tuple[str, bool]]]:
    """Quads in all, each graph's size (times and blank-node labels differ from run to run), and the staging statuses."""
    with open_store(folder / "store") as store:
        sizes = tuple((g, store.count(g)) for g in store.graph_names())
        total = store.count()
    return (total, sizes), _statuses(folder)


def test_sigkill_during_accept_and_reject(staged_template: Path, tmp_path: Path) -> None:
    before = _state(staged_template)
    assert set(before[1].values()) == {("pending", False)} and len(before[1]) == COUNT

    accepted = _copy(staged_template, tmp_path / "accepted")
    commit_seconds, _ = _run(accepted, "accept", "--all")
    after = _state(accepted)
    assert set(after[1].values()) == {("accepted", True)}
    outcomes = _kill_runs(staged_template, tmp_path, ("accept", "--all"), commit_seconds, before, after)
    assert any(o[0] == "commit" and o[2] == -signal.SIGKILL for o in outcomes), outcomes
    assert all(o[3] == "before" for o in outcomes if o[0] == "validate"), outcomes
    assert all(o[3] == "after" for o in outcomes if o[0] == "done"), outcomes  # the store had committed: the staging area follows it

    docs = sorted(after[1])
    rejected = _copy(accepted, tmp_path / "rejected")
    reject_args = ("reject", *docs, "--reason", "thử nghiệm")
    commit_seconds, _ = _run(rejected, *reject_args)
    gone = _state(rejected)
    assert set(gone[1].values()) == {("rejected", False)}
    assert gone[0][0] < after[0][0]
    outcomes = []
    for number, (stage, fraction) in enumerate([("commit", 0.0), ("commit", 0.5), ("done", 0.0)]):
        folder = _copy(accepted, tmp_path / f"reject-{number}")
        process = _start(folder, *reject_args)
        seen = _wait_for(process, stage)
        time.sleep(max(0.0, seen + fraction * commit_seconds - time.monotonic()))
        process.send_signal(signal.SIGKILL)
        code = _finish(process)
        state = _state(folder)
        assert state in (after, gone), (stage, fraction, code)
        outcomes.append((stage, code, "after" if state == gone else "before"))
    assert all(o[2] == "after" for o in outcomes if o[0] == "done"), outcomes
