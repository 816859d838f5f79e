"""kill -9 in the middle of an ingest leaves the store exactly before or after the batch, never between.

A real `wugraph ingest -v` subprocess ingests 1,500 adoption rows into its own copy of the bundled
store and is killed with SIGKILL at several moments: while validating, and at the start, 50 % and
90 % of the commit (as long as a complete run's commit took). Reopening the store must show the
state before the batch or the state a complete run produces (same quad counts, same document
graphs), nothing in between.
"""

from __future__ import annotations

import csv
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support.paths import ROOT
from support.stores import dumped

from wugraph.namespaces import DOC_GRAPH_BASE, META_GRAPH
from wugraph.store import open_store

pytestmark = pytest.mark.slow
ROWS = 1500
GRAPHS = (DOC_GRAPH_BASE + "crash-models", DOC_GRAPH_BASE + "crash-adoptions")


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A models file and ROWS adoption rows (communes by GSO code, distinct days)."""
    folder = tmp_path_factory.mktemp("crash-batch")
    with open(ROOT / "data" / "units" / "units-0.6.0.csv", encoding="utf-8") as handle:
        communes = [row["code"] for row in csv.DictReader(handle) if row["level"] == "commune"]
    models, adoptions = folder / "crash-models.csv", folder / "crash-adoptions.csv"
    with open(models, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Model name", "Model type"])
        writer.writerows([f"Mô hình kiểm thử {n}", "club"] for n in range(1, 4))
    with open(adoptions, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Model", "Adopter", "Adopted on", "Kind"])
        for i in range(ROWS):
            writer.writerow([f"Mô hình kiểm thử {i % 3 + 1}", communes[i], f"{i % 28 + 1}/{i % 12 + 1}/2023", "nhân rộng"])
    return models, adoptions


def _copy(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    (target / "LOCK").unlink(missing_ok=True)
    return target


def fingerprint(folder: Path) -> tuple[int, int, tuple[tuple[int, str], ...]]:
    """Total quads, metadata quads, and (count, content hash) of each graph the batch writes."""
    with open_store(folder) as store:
        graphs = []
        for graph in GRAPHS:
            lines = sorted(dumped(store, "nquads", graph).splitlines())
            graphs.append((len(lines), hashlib.sha256(b"\n".join(lines)).hexdigest()))
        return store.count(), store.count(META_GRAPH), tuple(graphs)


def _start(folder: Path, batch: tuple[Path, Path]) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "wugraph", "--store", str(folder), "ingest", "-v", *map(str, batch)]
    return subprocess.Popen(command, cwd=ROOT, env={**os.environ}, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)


def _wait_for(process: subprocess.Popen[str], stage: str) -> float:
    """Read the -v progress lines until `stage` starts; the monotonic time it was seen."""
    assert process.stderr is not None
    for line in process.stderr:
        if line.split("]", 1)[-1].strip() == stage:
            return time.monotonic()
    raise AssertionError(f"the ingest ended (exit {process.wait()}) before stage {stage!r}")


def _finish(process: subprocess.Popen[str]) -> int:
    code = process.wait(timeout=120)
    assert process.stderr is not None
    process.stderr.close()
    return code


def test_sigkill_leaves_before_or_after_state(built_store_dir: Path, tmp_path: Path, batch: tuple[Path, Path]) -> None:
    before = fingerprint(_copy(built_store_dir, tmp_path / "before"))
    reference = _copy(built_store_dir, tmp_path / "reference")
    process = _start(reference, batch)
    _wait_for(process, "commit")
    commit_started = time.monotonic()
    _wait_for(process, "done")
    commit_seconds = time.monotonic() - commit_started
    assert _finish(process) == 0
    after = fingerprint(reference)
    assert after[0] > before[0] and after[2][1][0] == ROWS * 6

    plans = [("validate", 0.0), ("commit", 0.0), ("commit", 0.5), ("commit", 0.9)]
    outcomes = []
    for number, (stage, fraction) in enumerate(plans):
        folder = _copy(built_store_dir, tmp_path / f"run{number}")
        process = _start(folder, batch)
        seen = _wait_for(process, stage)
        delay = fraction * commit_seconds if stage == "commit" else fraction
        time.sleep(max(0.0, seen + delay - time.monotonic()))
        process.send_signal(signal.SIGKILL)
        code = _finish(process)
        state = fingerprint(folder)
        assert state in (before, after), (stage, fraction, code, state, before, after)
        outcomes.append((stage, fraction, code, "after" if state == after else "before"))
    killed_in_commit = [o for o in outcomes if o[0] == "commit" and o[2] == -signal.SIGKILL]
    assert killed_in_commit, outcomes
    assert all(o[3] == "before" for o in outcomes if o[0] != "commit"), outcomes
