"""The staging area: a folder beside the store where extracted articles wait for review.

Staged facts must stay out of `/sparql` and the pages until a steward accepts them. In the
embedded Oxigraph store every named graph is part of the union default graph, and a remote
server may do the same, so staging cannot be a named graph of the store. It is a plain folder
instead (setting `staging`, `WUGRAPH_STAGING`; by default `<store>.staging` next to an on-disk
store, or `var/staging-<host>` for a SPARQL server), one sub-folder per article:

    <staging>/docs/<doc id>/extraction.trig   the extractor's document graph, as it produced it
    <staging>/docs/<doc id>/state.json        decisions, edits, merges kept or split, acceptance

Every file is replaced atomically (write a temporary file, fsync, rename), and every change of
state happens under one lock file, so a kill -9 leaves each file as before or as after.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..config import Settings
from ..errors import NotFoundError, UsageError
from ..store.location import parse_location
from ..text import slugify

_DOC_ID = re.compile(r"^[A-Za-z0-9_.-]{1,120}$")
EXTRACTION = "extraction.trig"
STATE = "state.json"


def staging_folder(settings: Settings) -> Path:
    """Where staged articles live: the setting, else beside an on-disk store, else under var/ for a server."""
    if settings.staging:
        return Path(settings.staging).expanduser().resolve()
    location = parse_location(settings.store)
    if location.folder is not None:
        return location.folder.with_name(location.folder.name + ".staging")
    if location.url is not None:
        return (Path.cwd() / "var" / f"staging-{slugify(location.url.split('://', 1)[-1])}").resolve()
    return (Path.cwd() / "var" / "staging").resolve()


def check_doc_id(doc_id: str) -> str:
    """A document id safe as a folder name and a graph IRI tail (the ingest's own rule)."""
    if not _DOC_ID.match(doc_id or "") or doc_id in (".", ".."):
        raise UsageError(f"Mã bài '{doc_id}' không hợp lệ (chỉ chữ, số, '.', '_', '-').",
                         f"Invalid document id '{doc_id}' (letters, digits, '.', '_', '-' only).", doc=doc_id)
    return doc_id


def write_atomic(path: Path, data: bytes) -> None:
    """Replace a file in one rename, after its bytes are on disk: readers see old or new, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


@dataclass(frozen=True)
class StagingArea:
    """One staging folder: staged documents, their state, and the lock that serialises changes."""

    root: Path

    @classmethod
    def for_settings(cls, settings: Settings) -> "StagingArea":
        return cls(staging_folder(settings))

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    def folder(self, doc_id: str) -> Path:
        return self.docs / check_doc_id(doc_id)

    def exists(self, doc_id: str) -> bool:
        return (self.folder(doc_id) / STATE).is_file()

    def doc_ids(self) -> list[str]:
        """Every staged document, in name order."""
        if not self.docs.is_dir():
            return []
        return sorted(p.name for p in self.docs.iterdir() if (p / STATE).is_file() and _DOC_ID.match(p.name))

    def require(self, doc_id: str) -> str:
        """The id of a staged document; NotFoundError (bilingual) for any other."""
        if not self.exists(doc_id):
            raise NotFoundError(f"Không có bài '{doc_id}' trong khu chờ duyệt ({self.root}).",
                                f"No document '{doc_id}' in the staging area ({self.root}).", doc=doc_id)
        return doc_id

    def read_state(self, doc_id: str) -> dict[str, Any]:
        return json.loads((self.folder(doc_id) / STATE).read_text(encoding="utf-8"))

    def write_state(self, doc_id: str, state: dict[str, Any]) -> None:
        data = json.dumps(state, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
        write_atomic(self.folder(doc_id) / STATE, data)

    def read_extraction(self, doc_id: str) -> bytes:
        return (self.folder(doc_id) / EXTRACTION).read_bytes()

    def write_extraction(self, doc_id: str, trig: bytes) -> None:
        write_atomic(self.folder(doc_id) / EXTRACTION, trig)

    @contextmanager
    def lock(self) -> Iterator[None]:
        """Exclusive for the whole area: one change at a time, across processes (released by the OS on kill)."""
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / ".lock", "a+b") as handle:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
