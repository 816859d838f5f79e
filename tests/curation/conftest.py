"""Fixtures of the curation tests: a private bundled store with the two articles of issue 16 staged."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from support.curation import LAUNCH, REPLICATION, stage

from wugraph.config import Settings


@pytest.fixture
def staged(loaded_settings: Settings, runner: CliRunner) -> Settings:
    """A private copy of the bundled store with the launch and the replication article staged (not accepted)."""
    stage(runner, loaded_settings, LAUNCH, REPLICATION)
    return loaded_settings
