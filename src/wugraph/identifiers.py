"""Mint and parse the stable IRIs of wugraph entities (scheme documented in docs/iris.md)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .namespaces import DEFAULT_ENTITY_BASE, DOC_GRAPH_BASE, REFERENCE_GRAPH_BASE
from .text import slugify

ERAS: tuple[str, ...] = ("pre2025", "2025")
CODE_WIDTH: dict[str, int] = {"province": 2, "district": 3, "commune": 5}

_UNIT_PATH = re.compile(r"^(unit|chapter)/(pre2025|2025)/(province|district|commune)/(\d+)$")


@dataclass(frozen=True)
class UnitKey:
    """One version of an administrative unit: its era, level and GSO code."""

    era: str
    level: str
    code: str

    @property
    def path(self) -> str:
        return f"{self.era}/{self.level}/{self.code}"


def gso_code(level: str, code: int | str) -> str:
    """A GSO code as GSO publishes it: zero-padded to 2, 3 or 5 digits by level."""
    return str(int(code)).zfill(CODE_WIDTH[level])


@dataclass(frozen=True)
class Minter:
    """Mints IRIs under one entity base, so a deployment can serve its own domain."""

    base: str = DEFAULT_ENTITY_BASE

    def unit(self, key: UnitKey) -> str:
        return f"{self.base}unit/{key.path}"

    def chapter(self, key: UnitKey) -> str:
        return f"{self.base}chapter/{key.path}"

    def territorial_change(self, key: UnitKey) -> str:
        return f"{self.base}change/{key.path}"

    def chapter_change(self, key: UnitKey) -> str:
        return f"{self.base}chapter-change/{key.path}"

    def succession(self, old: UnitKey, new: UnitKey) -> str:
        """The qualified link from one unit version to a later one, e.g. succession/pre2025/commune/27019/2025/commune/27022."""
        return f"{self.base}succession/{old.path}/{new.path}"

    def union(self) -> str:
        return f"{self.base}union"

    def cluster(self, parent: UnitKey, number: int | str) -> str:
        return f"{self.base}cluster/{parent.path}/{number}"

    def organization(self, name: str) -> str:
        return f"{self.base}org/{slugify(name)}"

    def person(self, name: str, suffix: int | None = None) -> str:
        slug = slugify(name)
        return f"{self.base}person/{slug}" + (f"-{suffix}" if suffix and suffix > 1 else "")

    def event(self, date: str, name: str) -> str:
        return f"{self.base}event/{date}/{slugify(name)}"

    def model(self, name: str) -> str:
        return f"{self.base}model/{slugify(name)}"

    def document(self, doc_id: str) -> str:
        return f"{self.base}doc/{slugify(doc_id) if not re.fullmatch(r'[A-Za-z0-9_.-]+', doc_id) else doc_id}"

    def agent(self, name: str) -> str:
        return f"{self.base}agent/{slugify(name)}"

    def parse_unit(self, iri: str) -> tuple[str, UnitKey] | None:
        """('unit' | 'chapter', key) for a unit or chapter IRI under this base, else None."""
        if not iri.startswith(self.base):
            return None
        match = _UNIT_PATH.match(iri[len(self.base) :])
        if not match:
            return None
        kind, era, level, code = match.groups()
        return kind, UnitKey(era, level, code)


def reference_graph(release: str) -> str:
    """The named graph of one official unit-list release."""
    return f"{REFERENCE_GRAPH_BASE}vietnam-provinces-{release}"


def document_graph(doc_id: str) -> str:
    """The named graph holding the facts of one source document."""
    return f"{DOC_GRAPH_BASE}{doc_id}"
