"""The web application over one `Wugraph`: `create_app` builds it, `run_server` serves it."""

from .app import create_app, run_server

__all__ = ["create_app", "run_server"]
