"""Whole-graph downloads: gzipped N-Quads of the store and one TriG file per named graph, built once per store version.

Researchers want the graph as files with checksums, and a dump of 300,000+ quads takes seconds,
so it never runs per request. A background job (one per store version and process) writes the
files into a hidden temporary folder beside the cache, checks the store did not move meanwhile,
writes `manifest.json` (sizes, SHA-256) and renames the folder to the version: a reader sees a
whole set or none, never a half-written file. Other processes serving the same store find the
finished folder on disk and reuse it. Dumps go through the Store protocol (`store.dump`), so a
remote SPARQL server is dumped the same way as the embedded store.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import shutil
import threading
import time
import traceback
import uuid
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path

from ..config import Settings
from ..errors import StoreError, WugraphError
from ..namespaces import GRAPH_BASE
from ..store import Location, Store

FULL_NAME = "wugraph.nq.gz"
MANIFEST = "manifest.json"
NQUADS, TRIG, GZIP = "application/n-quads", "application/trig", "application/gzip"
_SAFE_SEGMENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,120}$")
_STALE_BUILD_SECONDS = 3600


@dataclass(frozen=True)
class DumpFile:
    """One downloadable file: its name under /download/, what it holds and how to check it."""

    name: str
    graph: str | None  # the named graph it holds; None for the whole store
    media_type: str
    compression: str | None
    size: int
    sha256: str


@dataclass(frozen=True)
class DumpSet:
    """Every file of one store version, as written in its folder's manifest."""

    version: str
    built: str  # ISO 8601 UTC time the set was finished
    files: tuple[DumpFile, ...]
    folder: Path

    def get(self, name: str) -> DumpFile | None:
        return next((f for f in self.files if f.name == name), None)

    def path(self, file: DumpFile) -> Path:
        return self.folder / file.name

    @property
    def full(self) -> DumpFile:
        """The whole store as gzipped N-Quads."""
        return next(f for f in self.files if f.graph is None)

    @classmethod
    def load(cls, folder: Path) -> "DumpSet | None":
        """The set a finished folder holds, or None when there is no (readable) manifest."""
        try:
            data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
            files = tuple(DumpFile(**f) for f in data["files"])
            return cls(data["version"], data["built"], files, folder)
        except (OSError, ValueError, KeyError, TypeError):
            return None


def graph_file_name(graph: str) -> str:
    """The TriG file of a named graph: its path under the graph base ('graph/reference/union.trig'), else a hash."""
    rest = graph[len(GRAPH_BASE):] if graph.startswith(GRAPH_BASE) else ""
    segments = rest.split("/")
    if rest and all(_SAFE_SEGMENT.match(s) for s in segments):
        return "graph/" + rest + ".trig"
    return "graph/other/" + hashlib.sha256(graph.encode("utf-8")).hexdigest()[:20] + ".trig"


def _folder_name(version: str) -> str:
    """A store version as a folder name (versions are opaque tokens: hash anything unusual)."""
    return version if _SAFE_SEGMENT.match(version) else hashlib.sha256(version.encode("utf-8")).hexdigest()[:32]


def downloads_folder(settings: Settings, location: Location) -> Path:
    """Where dumps are cached: the `downloads` setting, else beside an on-disk store, else under the project's var/."""
    if settings.downloads:
        return Path(settings.downloads).expanduser().resolve()
    if location.folder is not None:
        return location.folder.with_name(location.folder.name + ".downloads")
    if location.url is not None:
        return settings.home / "var" / "downloads" / re.sub(r"[^A-Za-z0-9.-]+", "-", location.url).strip("-")
    return settings.home / "var" / "downloads" / f"memory-{os.getpid()}"


def _digest(path: Path) -> tuple[int, str]:
    sha = hashlib.sha256()
    size = 0
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            sha.update(chunk)
            size += len(chunk)
    return size, sha.hexdigest()


def _write(store: Store, path: Path, fmt: str, graph: str | None, compress: bool) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as raw:
        if compress:
            with gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0, compresslevel=6) as packed:  # same data, same bytes
                store.dump(packed, fmt, graph)  # type: ignore[arg-type]
        else:
            store.dump(raw, fmt, graph)


def build_dumps(store: Store, root: Path, version: str) -> DumpSet:
    """Write every file of `version` into a temporary folder, then rename it into place (or reuse a finished one)."""
    final = root / _folder_name(version)
    existing = DumpSet.load(final)
    if existing is not None:
        return existing
    root.mkdir(parents=True, exist_ok=True)
    temporary = root / f".building-{_folder_name(version)}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    temporary.mkdir()
    try:
        plan: list[tuple[str, str | None, str, str | None]] = [(FULL_NAME, None, NQUADS, GZIP)]
        plan += [(graph_file_name(g), g, TRIG, None) for g in store.graph_names()]
        files = []
        for name, graph, media_type, compression in plan:
            _write(store, temporary / name, "nquads" if graph is None else "trig", graph, compression is not None)
            size, sha = _digest(temporary / name)
            files.append(DumpFile(name, graph, media_type, compression, size, sha))
        if store.version() != version:
            raise StoreError("Kho dữ liệu vừa thay đổi trong lúc xuất; sẽ xuất lại theo phiên bản mới.",
                             "The store changed while it was being dumped; the dump will be made again for the new version.")
        built = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
        manifest = {"version": version, "built": built, "files": [asdict(f) for f in files]}
        (temporary / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        try:
            os.rename(temporary, final)
        except OSError:  # another process finished the same version first: keep its files
            shutil.rmtree(temporary, ignore_errors=True)
        found = DumpSet.load(final)
        if found is None:
            raise StoreError(f"Không đọc được bản xuất vừa tạo ở {final}.", f"Cannot read the dump just written at {final}.")
        _prune(root, keep=final)
        return found
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise


def _prune(root: Path, keep: Path) -> None:
    """Drop the sets of older versions and builds abandoned by crashed processes (open downloads keep their files)."""
    now = time.time()
    for entry in root.iterdir():
        if entry == keep or not entry.is_dir():
            continue
        building = entry.name.startswith(".building-")
        if building and now - entry.stat().st_mtime < _STALE_BUILD_SECONDS:
            continue
        if building or (entry / MANIFEST).exists():
            shutil.rmtree(entry, ignore_errors=True)


class Downloads:
    """The dump set of the current store version: found on disk, or built by one background job per version."""

    def __init__(self, store: Store, root: Path) -> None:
        self.store, self.root = store, root
        self._lock = threading.Lock()
        self._ready: DumpSet | None = None
        self._job: tuple[str, threading.Thread, threading.Event] | None = None
        self.error: Exception | None = None

    def current(self) -> DumpSet | None:
        """The finished set for the store version now, without building anything."""
        version = self.store.version()
        with self._lock:
            if self._ready is not None and self._ready.version == version:
                return self._ready
        found = DumpSet.load(self.root / _folder_name(version))
        if found is not None and found.version == version:
            with self._lock:
                self._ready = found
            return found
        return None

    def ensure(self, wait: float = 0.0) -> DumpSet | None:
        """The current set, starting its build when missing (one job per version) and waiting up to `wait` seconds."""
        found = self.current()
        if found is not None:
            return found
        version = self.store.version()
        with self._lock:
            if self._job is None or self._job[0] != version or self._job[2].is_set():  # none, stale or failed
                done = threading.Event()
                thread = threading.Thread(target=self._build, args=(version, done), name="wugraph-dumps", daemon=True)
                self._job = (version, thread, done)
                thread.start()
            done = self._job[2]
        if wait > 0:
            done.wait(wait)
        return self.current()

    @property
    def building(self) -> bool:
        with self._lock:
            return self._job is not None and not self._job[2].is_set()

    def _build(self, version: str, done: threading.Event) -> None:
        try:
            built = build_dumps(self.store, self.root, version)
            with self._lock:
                self._ready, self.error = built, None
        except (WugraphError, OSError, ValueError, RuntimeError) as exc:  # shown on /download; the next request retries
            traceback.clear_frames(exc.__traceback__)  # store results may only be freed by the thread that made them
            with self._lock:
                self.error = exc
        finally:
            done.set()
