"""The W3C Reconciliation Service API (0.2) over wugraph: match spreadsheet names to entity IRIs.

Data stewards bring lists of chapters, communes or officials typed by hand, often without
diacritics and with pre-2025 names; OpenRefine sends them here in batches. Matching reuses the
project's own folding (`text`), the gazetteer (`reference.gazetteer`) and the in-memory label and
unit indexes the pages use (`pages`), so a name found by search is found here too. This package
sits beside ingest and analytics because it needs both `reference` and `pages`; nothing here
knows about HTTP (`web/reconcile.py` is the thin view).
"""

from __future__ import annotations

from .batch import MAX_BATCH, MAX_QUERY_CHARS, Query, parse_batch
from .documents import ServiceUrls, manifest, result_batch, suggest_entities, suggest_properties, suggest_types
from .extend import ExtendRequest, extension, parse_extend, preview, propose_properties
from .index import ReconcileIndex
from .match import Candidate, reconcile, reconcile_batch

__all__ = ["MAX_BATCH", "MAX_QUERY_CHARS", "Candidate", "ExtendRequest", "Query", "ReconcileIndex", "ServiceUrls",
           "extension", "manifest", "parse_batch", "parse_extend", "preview", "propose_properties", "reconcile",
           "reconcile_batch", "result_batch", "suggest_entities", "suggest_properties", "suggest_types"]
