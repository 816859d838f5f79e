"""The app's `Wugraph` (and its store and settings) from inside a request."""

from __future__ import annotations

from flask import current_app

from ..config import Settings
from ..core import Wugraph
from ..store import Store


def graph() -> Wugraph:
    return current_app.extensions["wugraph"]


def store() -> Store:
    return graph().store


def settings() -> Settings:
    return graph().settings
