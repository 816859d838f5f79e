"""Settings: paths, limits and languages; defaults, then WUGRAPH_* environment, then explicit values."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Mapping

from .namespaces import DEFAULT_ENTITY_BASE


def _default_home() -> Path:
    """The project folder holding ontology/, data/ and shapes/ (a source checkout), else the cwd."""
    checkout = Path(__file__).resolve().parents[2]
    return checkout if (checkout / "ontology").is_dir() else Path.cwd()


@dataclass(frozen=True)
class Settings:
    """Everything configurable, in one immutable object passed down explicitly."""

    store: str = "var/store"
    home: Path = field(default_factory=_default_home)
    entity_base: str = DEFAULT_ENTITY_BASE
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 4
    query_timeout: float = 30.0
    query_memory_mb: int = 2048
    max_rows: int = 10_000
    max_concurrent_queries: int = 4
    max_client_queries: int = 0  # per client address; 0 means all workers but one
    queue_wait: float = 1.0  # seconds a query waits for a free worker before 429
    query_isolation: str = "auto"  # "process" (killable workers), "inline", or "auto" (process for on-disk stores)
    max_query_bytes: int = 1_000_000
    max_query_depth: int = 64  # nesting of { ( [ in a user query, checked before any parser reads it
    max_query_operators: int = 1_000  # keywords and operators in a user query (chains the engine would nest)
    public_base_url: str | None = None  # e.g. https://wugraph.example.org/ : every absolute URL starts with it
    allowed_hosts: tuple[str, ...] = ("localhost", "127.0.0.1", "::1")  # Host headers trusted when no base URL is set
    trusted_proxies: tuple[str, ...] = ()  # addresses/networks whose X-Forwarded-For/-Proto/-Host are believed
    max_upload_bytes: int = 20_000_000
    ingest_token: str | None = None
    staging: str | None = None  # folder of staged (not yet reviewed) extractions; default beside the store (docs/curation.md)
    downloads: str = ""  # folder caching the dumps; empty: beside an on-disk store (<store>.downloads)

    @property
    def ontology_dir(self) -> Path:
        return self.home / "ontology"

    @property
    def data_dir(self) -> Path:
        return self.home / "data"

    @property
    def shapes_dir(self) -> Path:
        return self.home / "shapes"


def _coerce(kind: Any, raw: str) -> Any:
    """Turn an environment string into the field's type."""
    if kind in (int, "int"):
        return int(raw)
    if kind in (float, "float"):
        return float(raw)
    if kind in (Path, "Path"):
        return Path(raw)
    if str(kind).startswith("tuple"):
        return tuple(part.strip() for part in raw.split(",") if part.strip())
    return raw


def load_settings(overrides: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None) -> Settings:
    """Defaults, then WUGRAPH_<FIELD> variables, then explicit overrides (None values ignored)."""
    env = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    for f in fields(Settings):
        raw = env.get(f"WUGRAPH_{f.name.upper()}")
        if raw is not None and raw != "":
            values[f.name] = _coerce(f.type, raw)
    for key, value in (overrides or {}).items():
        if value is not None:
            values[key] = value
    return replace(Settings(), **values)
