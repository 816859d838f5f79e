"""The web application: `create_app(settings)` builds it, `run_server` serves it."""

from __future__ import annotations

import threading
from typing import Any

from flask import Flask

from ..config import Settings, load_settings
from ..errors import WugraphError
from ..store import Store, open_store
from . import discovery, endpoint, entities, errors, i18n, pages
from . import ingest as ingest_routes
from . import spread


def create_app(settings: Settings | None = None, store: Store | None = None, **overrides: Any) -> Flask:
    """App factory: defaults, then WUGRAPH_* environment, then explicit settings; no global state."""
    settings = settings or load_settings(overrides)
    app = Flask(__name__)
    app.config["WUGRAPH_SETTINGS"] = settings
    app.config["MAX_CONTENT_LENGTH"] = settings.max_upload_bytes
    app.config["JSON_AS_ASCII"] = False
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.extensions["wugraph.store"] = store if store is not None else open_store(settings.store_location, timeout=settings.query_timeout)
    app.extensions["wugraph.cache"] = {}
    i18n.install(app)
    errors.install(app)
    app.register_blueprint(endpoint.blueprint)
    app.register_blueprint(discovery.blueprint)
    app.register_blueprint(pages.blueprint)
    app.register_blueprint(entities.blueprint)
    app.register_blueprint(ingest_routes.blueprint)
    app.register_blueprint(spread.blueprint)
    return app


def warm_caches(app: Flask, wait: bool = False) -> None:
    """Build the version-keyed indexes (labels, unit tree, search, home) before the first visitor needs them,
    and start the spread precomputation (model index, then the views of the largest models); `wait` for it."""
    with app.test_request_context("/"):
        entities.search_index()
        entities.tree()
        pages.home_data()
        spread.cache().index(wait=wait)


def keep_warm(app: Flask, stop: threading.Event, interval: float = 5.0) -> None:
    """Re-warm the caches whenever the store version moves, so precomputed data is refreshed on ingest.

    The version is one cheap lookup; it moves on an ingest through this process or, on a shared remote
    store, through any other process, and the visitor after an ingest then finds the pages ready.
    """
    store = app.extensions["wugraph.store"]
    seen: str | None = None
    while not stop.is_set():
        try:
            version = store.version()
            if version != seen:
                warm_caches(app, wait=True)
                seen = version
                print(f"wugraph: caches ready for store version {version}", flush=True)
        except (WugraphError, OSError) as exc:  # a store briefly away: try again at the next tick
            app.logger.warning("cache warm-up failed: %s", exc)
        stop.wait(interval)


def run_server(app: Flask, settings: Settings, debug: bool = False) -> None:
    """waitress in production (threads share the one embedded store); Flask's server only for --debug.

    User queries run in killable worker processes, started before the first request and stopped
    when serving ends (SIGTERM included).
    """
    import signal
    import sys

    runner = endpoint.start_query_workers(app)
    stop_warming = threading.Event()
    threading.Thread(target=keep_warm, args=(app, stop_warming), name="wugraph-warm", daemon=True).start()
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
    try:
        if debug:
            app.run(host=settings.host, port=settings.port, debug=True, use_reloader=False)
            return
        from waitress import serve

        print(f"wugraph: serving on http://{settings.host}:{settings.port}/ (SPARQL at /sparql)", flush=True)
        threads = max(4, settings.workers, settings.max_concurrent_queries + 4)
        serve(app, host=settings.host, port=settings.port, threads=threads, ident="wugraph")
    finally:
        stop_warming.set()
        runner.close()
