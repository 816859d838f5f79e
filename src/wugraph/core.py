"""`Wugraph`: the opened knowledge graph, usable from the CLI, the web app, a script or a notebook.

It owns what every front end needs exactly once: the settings (built once), the opened store, the
query runner (killable worker processes or inline, decided here and nowhere else), and the indexes
and caches that are rebuilt whenever the store version moves. The CLI and the web app are thin
layers over it; nothing here knows about HTTP.

    >>> with Wugraph.open(store="var/store") as wg:
    ...     wg.search_index().search("dak glong", 5)
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from .analytics.cache import SpreadCache
from .config import Settings, load_settings
from .endpoint.answer import Answer, QueryRequest, answer, execute
from .endpoint.description import (
    DatasetStats,
    OntologyTerm,
    dataset_stats,
    ontology_terms,
    ontology_triples,
)
from .endpoint.dumps import Downloads, downloads_folder
from .endpoint.gate import InlineRunner, Runner
from .endpoint.responses import ResponseCache
from .endpoint.worker import QueryPool
from .errors import WugraphError
from .pages.classes import ClassCount, data_classes
from .pages.hierarchy import UnitTree
from .pages.labels import Labels
from .pages.overview import EventItem, SourceItem, latest_sources, recent_events
from .pages.profiles import AdoptionRow, adoption_rows
from .pages.search import SearchIndex
from .pages.stats import Stats, collect
from .reconcile import ReconcileIndex
from .reference.gazetteer import Gazetteer, default_cache_dir, gazetteer_for
from .store import Location, QueryResult, Store, open_store, parse_location, rdf

T = TypeVar("T")


class Wugraph:
    """One opened store with its settings, query runner and version-keyed caches."""

    def __init__(self, settings: Settings, store: Store | None = None) -> None:
        self.settings = settings
        self.location: Location = parse_location(settings.store)
        self.store: Store = store if store is not None else open_store(self.location, timeout=settings.query_timeout)
        self._owns_store = store is None
        self._lock = threading.RLock()
        self._cache: dict[str, tuple[str, Any]] = {}
        self._computing: dict[str, threading.Lock] = {}
        self._runner: Runner | None = None
        self._spread: SpreadCache | None = None
        self._downloads: Downloads | None = None
        self.responses = ResponseCache()

    @classmethod
    def open(cls, settings: Settings | None = None, **overrides: Any) -> "Wugraph":
        """Defaults, then WUGRAPH_* environment, then `overrides` (e.g. store="var/store")."""
        return cls(settings or load_settings(overrides))

    def __enter__(self) -> "Wugraph":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the query workers and release the store (an embedded folder is locked while open)."""
        with self._lock:
            runner, self._runner = self._runner, None
        if runner is not None:
            runner.close()
        if self._owns_store:
            self.store.close()

    # -- queries ------------------------------------------------------------------------------

    @property
    def isolated(self) -> bool:
        """Whether user queries run in killable worker processes: only an on-disk store can be
        reopened read-only by a worker; "auto" means yes for such a store once serving starts."""
        wanted = self.settings.query_isolation
        return self.location.folder is not None and wanted != "inline"

    def runner(self) -> Runner:
        """The runner of user queries, made on first use: worker processes when the settings insist on
        them ("process"), else inline until `start_query_workers` (serving) starts the pool."""
        with self._lock:
            if self._runner is None:
                if self.isolated and self.settings.query_isolation == "process":
                    return self.start_query_workers()
                self._runner = InlineRunner(self.store, self.settings)
            return self._runner

    def start_query_workers(self) -> Runner:
        """Serve user queries from worker processes (when the store allows it) and wait until they are ready."""
        with self._lock:
            if isinstance(self._runner, QueryPool) or not self.isolated:
                return self.runner()
            assert self.location.folder is not None
            pool = QueryPool(self.location.folder, self.settings)
            pool.wait_ready()
            old, self._runner = self._runner, pool
        if old is not None:
            old.close()
        return pool

    def run(self, request: QueryRequest, client: str = "local", version: str | None = None) -> Answer:
        """Answer one protocol request (policy, limits, format) through the runner, admitted for `client`."""
        return self.runner().run(request, version if version is not None else self.store.version(), client)

    def query(self, text: str) -> QueryResult:
        """Run a user's query in this process (policy and limits apply) and return the engine's result."""
        return execute(self.store, text, self.settings)

    def answer(self, request: QueryRequest) -> Answer:
        """Answer a protocol request in this process, without the runner's admission control."""
        return answer(self.store, request, self.settings)

    # -- caches keyed on the store version ------------------------------------------------------

    def cached(self, key: str, compute: Callable[[], T]) -> T:
        """Memoise a value until the store version changes (the only state wugraph keeps beside the store).

        Two threads missing the same key at once compute it once: the second waits for the first.
        """
        version = self.store.version()
        with self._lock:
            entry = self._cache.get(key)
            if entry is not None and entry[0] == version:
                return entry[1]
            key_lock = self._computing.setdefault(key, threading.Lock())
        with key_lock:
            with self._lock:
                entry = self._cache.get(key)
            if entry is not None and entry[0] == version:
                return entry[1]
            value = compute()
            with self._lock:
                self._cache[key] = (version, value)
            return value

    def labels(self) -> Labels:
        return self.cached("labels", lambda: Labels.from_store(self.store, self.settings.entity_base))

    def tree(self) -> UnitTree:
        return self.cached("tree", lambda: UnitTree.from_store(self.store, self.labels()))

    def search_index(self) -> SearchIndex:
        return self.cached("search", lambda: SearchIndex(self.labels()))

    def adoptions(self) -> tuple[AdoptionRow, ...]:
        return self.cached("adoptions", lambda: adoption_rows(self.store, self.labels()))

    def stats(self) -> Stats:
        return self.cached("stats", lambda: collect(self.store))

    def data_classes(self) -> tuple[ClassCount, ...]:
        """Classes of the data with their names in both languages (the landing page's table)."""
        return self.cached("data_classes", lambda: data_classes(self.store, self.labels()))

    def news(self) -> tuple[tuple[SourceItem, ...], tuple[EventItem, ...]]:
        """The latest sources and recent events the landing page lists."""
        return self.cached("news", lambda: (latest_sources(self.store, self.labels()), recent_events(self.store, self.labels())))

    def dataset_stats(self) -> DatasetStats:
        """VoID statistics, shared by the service description, /.well-known/void and /health."""
        return self.cached("dataset_stats", lambda: dataset_stats(self.store))

    def ontology_terms(self) -> list[OntologyTerm]:
        return self.cached("ontology_terms", lambda: ontology_terms(self.store))

    def ontology_triples(self) -> list[rdf.Triple]:
        return self.cached("ontology_triples", lambda: ontology_triples(self.store))

    def gazetteer(self) -> Gazetteer:
        """Units by name and code on a day (the one gazetteer cache, shared with ingest and extraction)."""
        return self.cached("gazetteer", lambda: gazetteer_for(self.store, default_cache_dir()))

    def reconciler(self) -> ReconcileIndex:
        """The reconciliation service's index: names, types, levels, validity and provinces of every offered entity."""
        return self.cached("reconcile", lambda: ReconcileIndex.build(self.store, self.labels(), self.search_index(),
                                                                      self.tree(), self.gazetteer()))

    def downloads(self) -> Downloads:
        """The dump files of the current store version (built in the background when first asked for)."""
        with self._lock:
            if self._downloads is None:
                self._downloads = Downloads(self.store, downloads_folder(self.settings, self.location))
            return self._downloads

    def spread(self) -> SpreadCache:
        """The spread precomputation (it follows the store version on its own)."""
        with self._lock:
            if self._spread is None:
                self._spread = SpreadCache(self.store, self.settings.entity_base, data_dir=self.settings.data_dir)
            return self._spread

    def warm(self, wait: bool = False) -> None:
        """Build the indexes pages and the reconciliation service need before the first visitor does, and start the spread precomputation."""
        self.search_index()
        self.tree()
        self.stats()
        self.news()
        self.data_classes()
        self.spread().index(wait=wait)
        self.reconciler()

    def keep_warm(self, stop: threading.Event, interval: float = 5.0, log: Callable[[str], None] = print) -> None:
        """Re-warm whenever the store version moves, so pages are ready after an ingest by this or any process."""
        seen: str | None = None
        while not stop.is_set():
            try:
                version = self.store.version()
                if version != seen:
                    self.warm(wait=True)
                    seen = version
                    log(f"wugraph: caches ready for store version {version}")
            except (WugraphError, OSError) as exc:  # a store briefly away: try again at the next tick
                log(f"wugraph: cache warm-up failed: {exc}")
            stop.wait(interval)
