"""The app factory and the server: one `Wugraph` per app, blueprints for each part of the site."""

from __future__ import annotations

import signal
import sys
import threading
from typing import Any

from flask import Flask

from ..config import Settings, load_settings
from ..core import Wugraph
from ..store import Store
from . import discovery, downloads, endpoint, entities, errors, headers, i18n, origin, pages, reconcile, review, spread
from . import ingest as ingest_routes


def create_app(settings: Settings | None = None, store: Store | None = None, *, graph: Wugraph | None = None,
               **overrides: Any) -> Flask:
    """App factory: defaults, then WUGRAPH_* environment, then explicit settings; no global state.

    Give an opened `graph` to share it, or settings (and optionally an opened store) to open one.
    """
    if graph is None:
        graph = Wugraph(settings or load_settings(overrides), store)
    app = Flask(__name__)
    app.extensions["wugraph"] = graph
    app.config["MAX_CONTENT_LENGTH"] = graph.settings.max_upload_bytes
    app.config["JSON_AS_ASCII"] = False
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    origin.install(app, graph.settings)
    headers.install(app, graph.settings)
    i18n.install(app)
    errors.install(app)
    for blueprint in (endpoint.blueprint, discovery.blueprint, pages.blueprint, entities.blueprint,
                      ingest_routes.blueprint, spread.blueprint, reconcile.blueprint, downloads.blueprint, review.blueprint):
        app.register_blueprint(blueprint)
    return app


def run_server(app: Flask, debug: bool = False) -> None:
    """waitress in production (threads share the one embedded store); Flask's server only for --debug.

    User queries run in killable worker processes, started before the first request and stopped
    when serving ends (SIGTERM included); a background thread keeps the caches warm.
    """
    graph: Wugraph = app.extensions["wugraph"]
    settings = graph.settings
    graph.start_query_workers()
    stop_warming = threading.Event()
    threading.Thread(target=graph.keep_warm, args=(stop_warming,), kwargs={"log": _log},
                     name="wugraph-warm", daemon=True).start()
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
    try:
        if debug:
            app.run(host=settings.host, port=settings.port, debug=True, use_reloader=False)
            return
        from waitress import serve

        _log(f"wugraph: serving on http://{settings.host}:{settings.port}/ (SPARQL at /sparql)")
        if not settings.public_base_url and settings.host in origin.WILDCARD_BINDS:
            _log(f"wugraph: no WUGRAPH_PUBLIC_BASE_URL set: only requests whose Host is one of "
                 f"{', '.join(settings.allowed_hosts)} are answered (others get 400); see docs/serving.md")
        # Enough threads for every running query, a client's identical waits and pages besides.
        threads = max(8, settings.workers, 3 * settings.max_concurrent_queries)
        # X-Forwarded-* reach the app untouched; `web.origin` believes them only from `trusted_proxies`.
        serve(app, host=settings.host, port=settings.port, threads=threads, ident="wugraph", clear_untrusted_proxy_headers=False)
    finally:
        stop_warming.set()
        graph.close()


def _log(line: str) -> None:
    print(line, flush=True)
