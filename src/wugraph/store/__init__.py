"""The store boundary: the `Store` protocol, its embedded and remote implementations, and the RDF terms they speak.

Only this package imports pyoxigraph (and `ingest.terms`, which converts to rdflib for pyshacl).
Everything above it opens a store with `open_store(location)` and uses the term model in `rdf`.
"""

from __future__ import annotations

from . import rdf
from .location import Location, open_store, parse_location
from .oxigraph import OxigraphStore
from .protocol import DATASET_IRI, Amendment, Store
from .rdf import QueryResult, Term

__all__ = ["DATASET_IRI", "Amendment", "Location", "OxigraphStore", "QueryResult", "Store", "Term", "open_store",
           "parse_location", "rdf"]
