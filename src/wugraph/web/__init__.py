"""The web application: `create_app(settings)` builds it, `run_server` serves it."""

from __future__ import annotations

from typing import Any

from flask import Flask

from ..config import Settings, load_settings
from ..store import Store, open_store
from . import endpoint, errors, i18n, pages


def create_app(settings: Settings | None = None, store: Store | None = None, **overrides: Any) -> Flask:
    """App factory: defaults, then WUGRAPH_* environment, then explicit settings; no global state."""
    settings = settings or load_settings(overrides)
    app = Flask(__name__)
    app.config["WUGRAPH_SETTINGS"] = settings
    app.config["MAX_CONTENT_LENGTH"] = settings.max_upload_bytes
    app.config["JSON_AS_ASCII"] = False
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.extensions["wugraph.store"] = store if store is not None else open_store(settings.store_path)
    app.extensions["wugraph.cache"] = {}
    i18n.install(app)
    errors.install(app)
    app.register_blueprint(endpoint.blueprint)
    app.register_blueprint(pages.blueprint)
    return app


def run_server(app: Flask, settings: Settings, debug: bool = False) -> None:
    """waitress in production (threads share the one embedded store); Flask's server only for --debug."""
    if debug:
        app.run(host=settings.host, port=settings.port, debug=True, use_reloader=False)
        return
    from waitress import serve

    print(f"wugraph: serving on http://{settings.host}:{settings.port}/ (SPARQL at /sparql)", flush=True)
    serve(app, host=settings.host, port=settings.port, threads=max(4, settings.workers), ident="wugraph")
