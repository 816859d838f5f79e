"""Where a store lives, parsed once: an on-disk folder, a SPARQL server URL, or nowhere (in memory).

`WUGRAPH_STORE` / `--store` take `var/store` (a folder), `oxigraph+http://host:7878`,
`virtuoso+http://host:8890/sparql?timeout=60` (a server of a known kind, options after `?`), or
plain `http(s)://…` (any SPARQL 1.1 server). Everything that needs to know which kind of store it
has asks a `Location`, never the string.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit, urlunsplit

from ..errors import StoreError
from .dialects import DIALECTS, Dialect
from .oxigraph import OxigraphStore
from .protocol import Store

_SERVER = re.compile(r"^(?:[a-z]+\+)?https?://")


@dataclass(frozen=True)
class Location:
    """A parsed store location: exactly one of `folder` and `url` is set, or neither for an in-memory store."""

    text: str | None
    folder: Path | None = None
    url: str | None = None  # the server's base URL, without dialect prefix or options
    dialect: Dialect | None = None
    options: dict[str, list[str]] = field(default_factory=dict)

    @property
    def is_server(self) -> bool:
        return self.url is not None

    def __str__(self) -> str:
        return str(self.folder) if self.folder is not None else self.text or "(memory)"


def parse_location(location: str | Path | None) -> Location:
    """Parse a store setting; raises StoreError for a malformed URL or an unknown server kind."""
    if location is None:
        return Location(None)
    if isinstance(location, Path) or not _SERVER.match(location):
        return Location(str(location), folder=Path(location).expanduser().resolve())
    scheme, netloc, path, query, _ = urlsplit(location)
    dialect_name, _, transport = scheme.rpartition("+")
    if transport not in ("http", "https") or not netloc:
        raise StoreError(f"Địa chỉ kho không hợp lệ: {location}.", f"Not a valid store URL: {location}.")
    dialect = DIALECTS.get(dialect_name or "sparql")
    if dialect is None:
        known = ", ".join(f"{d}+http://" for d in DIALECTS)
        raise StoreError(f"Không biết loại máy chủ {dialect_name}; dùng một trong: {known}.",
                         f"Unknown server kind {dialect_name}; use one of: {known}.")
    return Location(location, url=urlunsplit((transport, netloc, path.rstrip("/"), "", "")), dialect=dialect,
                    options=parse_qs(query))


def open_store(location: str | Path | Location | None, read_only: bool = False, timeout: float | None = None) -> Store:
    """Open the store a setting names: a SPARQL server, an on-disk folder, or None for in-memory.

    `timeout` bounds each read of a remote store (the web app passes its query time limit).
    """
    where = location if isinstance(location, Location) else parse_location(location)
    if where.is_server:
        from .remote import (
            RemoteStore,  # urllib3 and the HTTP client only when a server is named
        )

        return RemoteStore(where, read_only=read_only, **({"timeout": timeout} if timeout else {}))
    return OxigraphStore(where.folder, read_only=read_only)
