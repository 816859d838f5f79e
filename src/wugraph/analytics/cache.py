"""Precomputed spread data keyed on the store version, refreshed lazily when the version changes.

Whole-store aggregates over adoptions take seconds (1×) to minutes (10×) even in Oxigraph, so
the pages never run them per request. Three layers, each dropped when the store version moves:
- the *context* (chapters, roll-up to today's units along primary successions, risk sets, neighbours,
  clusters, labels, map positions of provinces and of every chapter at its own unit's centroid): a few
  seconds, independent of the number of adoptions;
- one *view* per model (its own records through three bound queries, then analytics.py),
  kept in a small LRU: milliseconds once computed;
- the *index* (adoption counts per model and chapter innovativeness over every model), computed
  in a background thread because it reads every adoption; pages show "computing" until it is ready.
  The same job then computes the views of the largest models, the slowest to compute on demand
  (tens of seconds each at 10× on a busy machine), so they are ready before anyone asks.
"""

from __future__ import annotations

import threading
import traceback
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .. import queries
from ..config import Settings
from ..errors import NotFoundError, WugraphError
from ..identifiers import Minter
from ..namespaces import DEFAULT_ENTITY_BASE, WU
from ..reference.geo import load_coordinates, nearest_neighbours, project
from ..reference.rollup import RollUp, load_labels
from ..store import Store, rdf
from . import spread as an
from .provenance import index_sources, model_sources
from .view import ModelFacts, Place, SpreadView, assemble

NEIGHBOURS = 6
_ADOPTION_FIELDS = frozenset({"adopter", "adoptedOn", "datePrecision", "adoptionKind", "learnedFrom", "viaEvent", "channel"})


@dataclass(frozen=True)
class Context:
    """What every model's view needs, built once per store version."""

    spread: an.SpreadContext
    labels: dict[str, dict[str, str]]
    places: dict[str, Place]
    risk: dict[str, an.RiskSet]
    risk_by_province: dict[str, dict[str, an.RiskSet]]
    coordinates_source: str
    version: str
    positions: dict[str, tuple[float, float]]  # chapter → its unit's centroid on the map (a branch: its nearest unit's)


def _day(term: Any) -> date | None:
    return date.fromisoformat(term.value[:10]) if term is not None else None


def build_context(store: Store, today: date | None = None, entity_base: str = DEFAULT_ENTITY_BASE,
                  data_dir: Path | None = None) -> Context:
    """Chapters with their roll-up, risk sets, neighbours by coordinates, clusters, names and map places."""
    version = store.version()
    today = today or date.today()
    rollup = RollUp.from_store(store, today)
    minter = Minter(entity_base)
    coords = load_coordinates(data_dir or Settings().data_dir)
    spans: dict[str, an.ChapterSpan] = {}
    for iri, c in rollup.chapters.items():
        spans[iri] = an.ChapterSpan(c.level, c.start, c.end, c.parent, rollup.current_chapter(iri),
                                    rollup.chapter_recorded_province(iri), rollup.chapter_current_province(iri))
    clusters: dict[str, list[str]] = {}
    for row in queries.rows(store, "spread_clusters"):
        clusters.setdefault(row["cluster"].value, []).append(row["member"].value)
    # Neighbours of the chapters in force today, by the centroids of their units (same level).
    by_level: dict[str, dict[str, tuple[float, float]]] = {}
    for iri, span in spans.items():
        unit = rollup.chapters[iri].unit
        parsed = minter.parse_unit(unit) if unit else None
        if parsed is None or not span.valid_on(today):
            continue
        point = coords.get(parsed[1].era, parsed[1].level, parsed[1].code)
        if point is not None and span.level:
            by_level.setdefault(span.level, {})[iri] = point
    neighbours: dict[str, tuple[str, ...]] = {}
    for points in by_level.values():
        neighbours.update({k: tuple(v) for k, v in nearest_neighbours(points, NEIGHBOURS).items()})
    ctx = an.SpreadContext(spans, {k: tuple(v) for k, v in clusters.items()}, neighbours, data_end=today)
    levels = {s.level for s in spans.values() if s.level}
    risk = {level: an.RiskSet(s for s in spans.values() if s.level == level) for level in levels}
    grouped: dict[str, dict[str, list[an.ChapterSpan]]] = {}
    for span in spans.values():
        if span.level and span.current_province:
            grouped.setdefault(span.level, {}).setdefault(span.current_province, []).append(span)
    risk_by_province = {level: {p: an.RiskSet(v) for p, v in by_p.items()} for level, by_p in grouped.items()}
    current = set(rollup.current_provinces)
    names: dict[str, dict[str, str]] = {}
    codes: dict[str, str] = {}
    for row in queries.rows(store, "spread_province_names"):
        names.setdefault(row["unit"].value, {})[row["name"].language or "vi"] = row["name"].value
        codes[row["unit"].value] = row["code"].value
    places = {}
    for iri, code in codes.items():
        parsed = minter.parse_unit(iri)
        point = coords.get(parsed[1].era, "province", code) if parsed else None
        x, y = project(*point) if point else (None, None)
        places[iri] = Place(iri, code, names.get(iri, {}), x, y, iri in current)
    positions: dict[str, tuple[float, float]] = {}
    for iri in rollup.chapters:
        unit = rollup.chapter_unit(iri)
        parsed = minter.parse_unit(unit) if unit else None
        point = coords.get(parsed[1].era, parsed[1].level, parsed[1].code) if parsed else None
        if point is not None:
            positions[iri] = project(*point)
    return Context(ctx, load_labels(store), places, risk, risk_by_province, coords.source, version, positions)


def model_facts(store: Store, iri: str, slug: str) -> ModelFacts:
    """The model's names and categories; NotFoundError when the IRI is not a wu:Model."""
    rows = queries.rows(store, "spread_model_facts", {"model": rdf.entity(iri)})
    if not any(r["p"].value.endswith("#type") and r["o"].value == WU + "Model" for r in rows):
        raise NotFoundError(f"Không có mô hình {slug}.", f"No model {slug}.", model=iri)
    values: dict[str, list[Any]] = {}
    for row in rows:
        values.setdefault(row["p"].value.rsplit("#", 1)[-1].rsplit("/", 1)[-1], []).append(row["o"])
    labels = {t.language or "vi": t.value for t in values.get("prefLabel", [])}

    def local(key: str) -> tuple[str, ...]:
        return tuple(sorted(t.value.removeprefix(WU) for t in values.get(key, [])))

    return ModelFacts(iri, slug, labels, (local("modelType") or (None,))[0], local("targetGroup"), local("organizingBasis"),
                      values["originator"][0].value if "originator" in values else None,
                      values["originDate"][0].value if "originDate" in values else None,
                      any(rdf.is_true(t) for t in values.get("isSynthetic", [])))


def model_records(store: Store, iri: str, entity_base: str = DEFAULT_ENTITY_BASE
                  ) -> tuple[list[an.AdoptionRecord], list[an.Exposure], dict[str, dict[str, str]]]:
    """One model's adoption records (each with the graphs recording it), forum exposures and the names of the events involved."""
    bound = {"model": rdf.NamedNode(iri)}
    sources = model_sources(store, iri, entity_base)
    fields: dict[str, dict[str, Any]] = {}
    for adoption, prop, value in queries.run(store, "spread_model_adoptions", bound):  # type: ignore[union-attr,misc]
        name = prop.value.removeprefix(WU)
        if name in _ADOPTION_FIELDS:
            fields.setdefault(adoption.value, {}).setdefault(name, value)  # first value wins
    records = []
    for key, f in fields.items():
        if "adopter" not in f or "adoptedOn" not in f:
            continue
        local = {k: f[k].value.removeprefix(WU) for k in ("datePrecision", "adoptionKind", "channel") if k in f}
        records.append(an.AdoptionRecord(
            key, iri, f["adopter"].value, _day(f["adoptedOn"]),  # type: ignore[arg-type]
            local.get("datePrecision", "DayPrecision"), local.get("adoptionKind", "Replication"),
            f["learnedFrom"].value if "learnedFrom" in f else None, f["viaEvent"].value if "viaEvent" in f else None,
            local.get("channel"), sources.get(key, ())))
    exposures = [an.Exposure(event.value, _day(day), speaker.value, attendee.value)  # type: ignore[arg-type]
                 for event, day, speaker, attendee in queries.run(store, "spread_model_exposures", bound)]  # type: ignore[union-attr,misc]
    names: dict[str, dict[str, str]] = {}
    for r in queries.rows(store, "spread_event_names", bound):
        names.setdefault(r["event"].value, {})[r["name"].language or "vi"] = r["name"].value
    return records, exposures, names


@dataclass
class Index:
    """Models with their adoption counts and sources, and chapter innovativeness across all models
    (and across the models that are not synthetic, for when demo data is hidden)."""

    models: list[dict[str, Any]]
    innovativeness: an.Innovativeness
    version: str
    innovativeness_real: an.Innovativeness | None = None


def model_list(store: Store, entity_base: str = DEFAULT_ENTITY_BASE) -> list[dict[str, Any]]:
    """Every model with its names, type, synthetic flag and slug (one fast query; no adoption is read)."""
    base = f"{entity_base}model/"
    found: dict[str, dict[str, Any]] = {}
    for r in queries.rows(store, "spread_models"):
        iri = r["model"].value
        entry = found.setdefault(iri, {"iri": iri, "slug": iri.removeprefix(base) if iri.startswith(base) else None,
                                       "labels": {}, "type": None, "synthetic": False})
        entry["labels"][r["label"].language or "vi"] = r["label"].value
        if "type" in r:  # a model may have two types: show the first by name, whatever the row order
            kind = r["type"].value.removeprefix(WU)
            entry["type"] = kind if entry["type"] is None else min(entry["type"], kind)
        if "synthetic" in r:
            entry["synthetic"] = rdf.is_true(r["synthetic"])
    return sorted(found.values(), key=lambda m: (m["labels"].get("vi", ""), m["iri"]))


def build_index(store: Store, entity_base: str = DEFAULT_ENTITY_BASE) -> Index:
    """Reads every adoption once: counts per model and each chapter's mean normalised adoption order."""
    version = store.version()
    labels = {m["iri"]: m for m in model_list(store, entity_base)}
    firsts: dict[str, dict[str, an.AdoptionRecord]] = {}
    for model_term, adopter_term, day_term, kind_term in queries.run(store, "spread_adoption_index"):  # type: ignore[union-attr,misc]
        kind = kind_term.value.removeprefix(WU) if kind_term is not None else "Replication"
        if kind not in an.KINDS_ADOPTING:
            continue
        model, adopter, day = model_term.value, adopter_term.value, _day(day_term)
        known = firsts.setdefault(model, {}).get(adopter)
        if known is None or day < known.day:  # type: ignore[operator]
            firsts[model][adopter] = an.AdoptionRecord("", model, adopter, day, kind=kind)  # type: ignore[arg-type]
    sources = index_sources(store)
    models = []
    for iri, entry in labels.items():
        first = firsts.get(iri, {})
        days = sorted(r.day for r in first.values())
        counts = sources.get(iri, {})
        models.append({**entry, "adopters": len(first), "sources": counts,
                       "synthetic": entry["synthetic"] or (bool(counts) and set(counts) == {"synthetic"}),
                       "first": days[0].isoformat() if days else None, "last": days[-1].isoformat() if days else None})
    models.sort(key=lambda m: (m["synthetic"], -m["adopters"], m["iri"]))  # real data first
    real = {m["iri"] for m in models if not m["synthetic"]}
    return Index(models, an.innovativeness(an.normalised_order(f) for f in firsts.values() if len(f) > 1), version,
                 an.innovativeness(an.normalised_order(f) for m, f in firsts.items() if len(f) > 1 and m in real))


@dataclass
class _Background:
    """One value computed in a daemon thread; `get` never blocks unless asked to."""

    compute: Callable[[], Any]
    value: Any = None
    thread: threading.Thread | None = None
    error: BaseException | None = None
    done: threading.Event = field(default_factory=threading.Event)

    def start(self) -> None:
        def run() -> None:
            try:
                self.value = self.compute()
            except (WugraphError, OSError, ValueError, RuntimeError, SyntaxError) as exc:  # re-raised by SpreadCache.index
                # Free the failed frames' locals here: store results may only be freed by the thread that made them.
                traceback.clear_frames(exc.__traceback__)
                self.error = exc
            finally:
                self.done.set()

        self.thread = threading.Thread(target=run, name="wugraph-spread-index", daemon=True)
        self.thread.start()


class SpreadCache:
    """The per-process store of precomputed spread data; thread-safe, keyed on the store version."""

    def __init__(self, store: Store, entity_base: str = DEFAULT_ENTITY_BASE, max_views: int = 256,
                 today: date | None = None, warm: int = 12, data_dir: Path | None = None) -> None:
        self.store, self.entity_base, self.max_views, self.today, self.warm = store, entity_base, max_views, today, warm
        self.data_dir = data_dir
        self._lock = threading.RLock()
        self._context: Context | None = None
        self._views: OrderedDict[str, SpreadView] = OrderedDict()
        self._index: _Background | None = None
        self._index_version: str | None = None
        self._models: tuple[str, list[dict[str, Any]]] | None = None

    def model_iri(self, slug: str) -> str:
        return f"{self.entity_base}model/{slug}"

    def context(self) -> Context:
        """The context for the current store version, rebuilt (and views dropped) when it moved."""
        version = self.store.version()
        with self._lock:
            if self._context is None or self._context.version != version:
                self._context = build_context(self.store, self.today, self.entity_base, self.data_dir)
                self._views.clear()
            return self._context

    def view(self, slug: str) -> SpreadView:
        """One model's spread view (computed on first request per store version, then served from memory)."""
        version = self.store.version()
        with self._lock:
            cached = self._views.get(slug)
            if cached is not None and cached.version == version:
                self._views.move_to_end(slug)
                return cached
        iri = self.model_iri(slug)
        facts = model_facts(self.store, iri, slug)  # an unknown model fails fast, before any context is built
        ctx = self.context()
        records, exposures, event_names = model_records(self.store, iri, self.entity_base)
        view = assemble(facts, records, exposures, ctx.spread, ctx.risk, ctx.risk_by_province, ctx.labels, ctx.places,
                        event_names, ctx.coordinates_source, ctx.version, ctx.positions)
        with self._lock:
            self._views[slug] = view
            while len(self._views) > self.max_views:
                self._views.popitem(last=False)
        return view

    def index(self, wait: bool = False) -> Index | None:
        """The model index and innovativeness; None while the background computation runs (unless `wait`)."""
        version = self.store.version()
        with self._lock:
            if self._index is None or self._index_version != version:
                self._index = _Background(self._index_and_warm)
                self._index_version = version
                self._index.start()
            job = self._index
        if wait:
            job.done.wait()
        if job.error is not None and job.done.is_set():
            raise job.error
        return job.value if job.done.is_set() else None

    def _index_and_warm(self) -> Index:
        """The background job: the index, then the views of the largest models (the slowest to compute cold)."""
        index = build_index(self.store, self.entity_base)
        for model in [m for m in index.models if m["slug"] and m["adopters"]][: self.warm]:
            if self.store.version() != index.version:
                break  # the store moved on; a newer job will do the work
            self.view(model["slug"])
        return index

    def models(self) -> list[dict[str, Any]]:
        """Names and slugs of every model (for pickers); cheap, recomputed per store version."""
        version = self.store.version()
        with self._lock:
            if self._models is None or self._models[0] != version:
                self._models = (version, model_list(self.store, self.entity_base))
            return self._models[1]

    def compare(self, slug_a: str, slug_b: str) -> dict[str, Any]:
        """Two models side by side: both summaries, aligned shares since first adoption, and adopter overlap."""
        a, b = self.view(slug_a), self.view(slug_b)
        return {
            "a": {"model": a.to_dict(limit=1)["model"], "summary": a.summary(), "curve": a.to_dict(limit=1)["curve"],
                  "aligned": an.share_by_year_since_start(a.curve)},
            "b": {"model": b.to_dict(limit=1)["model"], "summary": b.summary(), "curve": b.to_dict(limit=1)["curve"],
                  "aligned": an.share_by_year_since_start(b.curve)},
            "overlap": vars(an.overlap(a.first, b.first)),
            "store_version": a.version,
        }
