"""The `wugraph` command: each subcommand is a few lines over the core object (`wugraph.core.Wugraph`)."""

from . import analytics, extract, ingest, review, store  # noqa: F401  (each module attaches its commands to `main`)
from .main import main

__all__ = ["main"]
