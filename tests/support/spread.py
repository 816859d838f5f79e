"""A store holding the bundled data plus a small demo data set, ingested once per test session.

Shared by the spread test modules (web, browser): generating and ingesting the demo through
the normal SHACL-gated ingest takes a few seconds, so it happens once and the folder is copied.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from wugraph.config import load_settings
from wugraph.demo.generate import DemoResult, generate, ingest_demo
from wugraph.ingest.pipeline import IngestResult
from wugraph.store import open_store

from .paths import ROOT
from .stores import copy_store

SCALE, SEED = 0.002, 3


@dataclass(frozen=True)
class DemoStore:
    folder: Path
    demo: DemoResult
    ingested: IngestResult

    def copy(self, target: Path) -> Path:
        """A private copy of the store folder (the original stays read-only)."""
        return copy_store(self.folder, target)


_MEMO: dict[str, DemoStore] = {}


def demo_store(factory: pytest.TempPathFactory, built_store_dir: Path) -> DemoStore:
    """Build (once per session) a copy of the bundled store with the demo ingested into it."""
    if "store" not in _MEMO:
        base = factory.mktemp("spread-demo")
        folder = base / "store"
        copy_store(built_store_dir, folder)
        settings = load_settings({"store": str(folder), "home": ROOT}, environ={})
        result = generate(settings, SCALE, SEED, base / "demo-s3-x0p002.trig")
        with open_store(folder) as store:
            ingested = ingest_demo(store, result, settings)
        _MEMO["store"] = DemoStore(folder, result, ingested)
    return _MEMO["store"]


def model_slugs(result: DemoResult) -> list[str]:
    """The models the demo file defines, by slug, in file order."""
    text = result.path.read_text(encoding="utf-8")
    return [line.split(">", 1)[0].removeprefix("<model/") for line in text.splitlines() if line.startswith("<model/")]
