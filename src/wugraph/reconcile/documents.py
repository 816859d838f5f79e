"""The service's JSON documents as the 0.2 specification shapes them: manifest, result batches, suggest answers.

Views in `web/reconcile.py` only parse the request and hand these dicts to `jsonify`. Names and
descriptions come in the language asked (Vietnamese by default); identifiers are entity IRIs,
types are class IRIs, properties are the short ids of `vocabulary.PROPERTIES`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .. import __version__
from ..namespaces import WU
from ..pages.classes import class_names
from ..text import fold
from .batch import MAX_BATCH
from .index import Facts, ReconcileIndex
from .match import Candidate
from .vocabulary import DEFAULT_TYPES, LEVEL_NAMES, PROPERTIES, TYPES

PREVIEW_WIDTH, PREVIEW_HEIGHT = 400, 200
SUGGEST_PAGE = 10
_SUGGEST_SCAN = 200


@dataclass(frozen=True)
class ServiceUrls:
    """Where the service's parts answer (absolute URLs, made by the web layer)."""

    root: str  # the endpoint itself: /reconcile
    view: str  # a template containing {{id}}
    preview: str  # a template containing {{id}}
    documentation: str


def name_of(index: ReconcileIndex, iri: str, lang: str) -> str:
    names = index.labels.of(iri)
    return names.get(lang) or names.get("vi") or next(iter(names.values()), iri)


def type_ref(index: ReconcileIndex, iri: str, lang: str) -> dict[str, str]:
    return {"id": iri, "name": class_names(iri, index.labels)[lang if lang in ("vi", "en") else "vi"]}


def manifest(index: ReconcileIndex, urls: ServiceUrls, entity_base: str, lang: str) -> dict[str, Any]:
    """The service manifest: what a client (OpenRefine) needs to use every part of the service."""
    vi = lang != "en"
    return {
        "versions": ["0.2"],
        "name": "wugraph — Hội LHPN Việt Nam" if vi else "wugraph — Vietnam Women's Union",
        "identifierSpace": entity_base,
        "schemaSpace": WU,
        "documentation": urls.documentation,
        "serviceVersion": __version__,
        "defaultTypes": [type_ref(index, t, lang) for t in DEFAULT_TYPES],
        "view": {"url": urls.view},
        "preview": {"url": urls.preview, "width": PREVIEW_WIDTH, "height": PREVIEW_HEIGHT},
        "suggest": {kind: {"service_url": urls.root, "service_path": f"/suggest/{kind}"} for kind in ("entity", "type", "property")},
        "extend": {"propose_properties": {"service_url": urls.root, "service_path": "/properties"}, "property_settings": []},
        "batchSize": MAX_BATCH,
    }


def _day(value: str, lang: str) -> str:
    return f"{value[8:10]}/{value[5:7]}/{value[:4]}" if lang == "vi" and len(value) >= 10 else value


def describe(index: ReconcileIndex, facts: Facts | None, lang: str) -> str:
    """One line telling namesakes apart: level, province and validity of a unit or chapter; types otherwise."""
    if facts is None:
        return ""
    if facts.level is None:
        return ", ".join(type_ref(index, t, lang)["name"] for t in facts.types)
    parts = [LEVEL_NAMES.get(facts.level, {}).get(lang, facts.level)]
    if facts.code:
        parts.append(("mã " if lang == "vi" else "code ") + facts.code)
    if facts.province:
        parts.append(name_of(index, facts.province, lang))
    if facts.start and facts.end:
        parts.append(f"{_day(facts.start, lang)}–{_day(facts.end, lang)}")
    elif facts.end:
        parts.append(("đến " if lang == "vi" else "until ") + _day(facts.end, lang))
    elif facts.start:
        parts.append(("từ " if lang == "vi" else "from ") + _day(facts.start, lang))
    return " · ".join(parts)


def result_batch(index: ReconcileIndex, answers: Mapping[str, Iterable[Candidate]], lang: str) -> dict[str, Any]:
    """A reconciliation result batch: for each query key, its candidates with names, types and features."""
    out: dict[str, Any] = {}
    for key, candidates in answers.items():
        result = []
        for candidate in candidates:
            facts = index.facts(candidate.iri)
            result.append({
                "id": candidate.iri,
                "name": name_of(index, candidate.iri, lang),
                "description": describe(index, facts, lang),
                "type": [type_ref(index, t, lang) for t in (facts.types if facts else ())],
                "score": candidate.score,
                "match": candidate.match,
                "features": [{"id": name, "value": value} for name, value in candidate.features],
            })
        out[key] = {"result": result}
    return out


def suggest_entities(index: ReconcileIndex, prefix: str, cursor: int, types: tuple[str, ...], lang: str) -> dict[str, Any]:
    """Entities whose names start like `prefix` (with or without diacritics), optionally of some types."""
    found = index.search.search(prefix, per_group=max(_SUGGEST_SCAN, cursor + SUGGEST_PAGE)) if prefix.strip() else None
    hits = sorted((hit for group in (found.groups if found else ()) for hit in group.hits), key=lambda h: -h.score)
    wanted = set(types)
    chosen = [h.ref.iri for h in hits if h.ref.iri in index.types and (not wanted or index.types[h.ref.iri] & wanted)]
    if prefix in index.types and prefix not in chosen:
        chosen.insert(0, prefix)  # an identifier as prefix finds its entity, as the specification expects
    result = []
    for iri in chosen[cursor: cursor + SUGGEST_PAGE]:
        facts = index.facts(iri)
        result.append({"id": iri, "name": name_of(index, iri, lang), "description": describe(index, facts, lang),
                       "notable": [type_ref(index, t, lang) for t in (facts.types if facts else ())]})
    return {"result": result}


def _starts(prefix: str, *texts: str) -> bool:
    folded = fold(prefix)
    return not folded or any(fold(t).startswith(folded) or f" {folded}" in f" {fold(t)}" for t in texts)


def suggest_types(index: ReconcileIndex, prefix: str, cursor: int, lang: str) -> dict[str, Any]:
    """The offered types whose name (either language), IRI or prefixed name starts like `prefix`."""
    found = []
    for iri in TYPES:
        names = class_names(iri, index.labels)
        if _starts(prefix, names["vi"], names["en"], iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]) or prefix == iri:
            found.append(type_ref(index, iri, lang))
    return {"result": found[cursor: cursor + SUGGEST_PAGE]}


def suggest_properties(prefix: str, cursor: int, lang: str) -> dict[str, Any]:
    """The service's properties whose id or name starts like `prefix`."""
    found = [{"id": p.id, "name": p.names[lang if lang == "en" else "vi"], "description": p.descriptions[lang if lang == "en" else "vi"]}
             for p in PROPERTIES if _starts(prefix, p.id, p.names["vi"], p.names["en"])]
    return {"result": found[cursor: cursor + SUGGEST_PAGE]}
