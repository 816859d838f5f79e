"""Names of the classes the data is made of, for people: the ontology's labels, and ours for reused classes.

The ontology labels its own classes in Vietnamese and English but only declares the classes it
reuses (schema:Person, org:Organization…), so their names for pages and the reconciliation
service are kept here, once.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import queries
from ..namespaces import ORG, SCHEMA, SKOS
from ..store import Store
from .labels import Labels, short_name

REUSED_CLASS_NAMES: dict[str, dict[str, str]] = {
    SCHEMA + "Person": {"vi": "người", "en": "person"},
    SCHEMA + "Event": {"vi": "sự kiện", "en": "event"},
    SCHEMA + "NewsArticle": {"vi": "bài báo", "en": "news article"},
    SCHEMA + "Place": {"vi": "địa điểm", "en": "place"},
    ORG + "Organization": {"vi": "tổ chức", "en": "organisation"},
    ORG + "Membership": {"vi": "chức danh theo nhiệm kỳ", "en": "position held"},
    ORG + "Role": {"vi": "vai trò", "en": "role"},
    SKOS + "Concept": {"vi": "khái niệm", "en": "concept"},
    SKOS + "ConceptScheme": {"vi": "bộ khái niệm", "en": "concept scheme"},
}


@dataclass(frozen=True)
class ClassCount:
    """A class of things in the data, named in both languages, with its number of instances."""

    iri: str
    curie: str
    labels: dict[str, str]
    count: int


def class_names(iri: str, labels: Labels) -> dict[str, str]:
    """{vi, en} names of a class: the ontology's label, ours for a reused class, else its prefixed name."""
    known = labels.names.get(iri)
    if known and "vi" in known and "en" in known:
        return {"vi": known["vi"], "en": known["en"]}
    if iri in REUSED_CLASS_NAMES:
        return dict(REUSED_CLASS_NAMES[iri])
    fallback = short_name(iri)
    return {"vi": fallback, "en": fallback}


def data_classes(store: Store, labels: Labels) -> tuple[ClassCount, ...]:
    """Classes of the data (not of the ontology, shapes or provenance records), most instances first."""
    return tuple(ClassCount(row["class"].value, short_name(row["class"].value), class_names(row["class"].value, labels),
                            int(row["instances"].value))
                 for row in queries.rows(store, "page_data_classes"))
