"""One exception tree; every error carries a stable code and a message in Vietnamese and English."""

from __future__ import annotations

from typing import Any


class WugraphError(Exception):
    """Base of every error wugraph raises on purpose."""

    code = "error"

    def __init__(self, message_vi: str, message_en: str, **details: Any) -> None:
        super().__init__(message_en)
        self.message_vi = message_vi
        self.message_en = message_en
        self.details = details

    def message(self, lang: str = "vi") -> str:
        """The message in the requested language (Vietnamese by default)."""
        return self.message_vi if lang == "vi" else self.message_en

    def to_dict(self) -> dict[str, Any]:
        """JSON body for HTTP errors and machine-readable CLI output."""
        return {"code": self.code, "message_vi": self.message_vi, "message_en": self.message_en, **self.details}


class UsageError(WugraphError):
    """The caller asked for something malformed (unknown format, bad option)."""

    code = "usage"


class ParseError(WugraphError):
    """Input could not be parsed (RDF syntax, SPARQL syntax, CSV structure)."""

    code = "parse_error"


class TooLargeError(WugraphError):
    """Input exceeds a configured size limit."""

    code = "too_large"


class NotAcceptableError(WugraphError):
    """No representation matches what the client accepts."""

    code = "not_acceptable"


class UnsupportedMediaTypeError(WugraphError):
    """The request body has a media type we do not read."""

    code = "unsupported_media_type"


class QueryRefusedError(WugraphError):
    """A query was refused by policy before execution (SERVICE, LOAD, updates)."""

    code = "query_refused"


class QueryTooComplexError(WugraphError):
    """A query nests too deeply or has too many operators for the engine to parse and plan safely (400)."""

    code = "query_too_complex"


class QueryTimeoutError(WugraphError):
    """A query ran past its wall-clock limit and was stopped."""

    code = "query_timeout"


class QueryMemoryError(QueryTimeoutError):
    """The worker ran out of its memory allowance and was stopped (503, like a timeout)."""

    code = "query_memory_limit"


class WorkerCrashedError(WugraphError):
    """A query worker process died for a reason other than the time or memory limit (500); it was replaced."""

    code = "worker_crashed"


class EngineError(WugraphError):
    """The engine failed on a query in a way it does not report as a syntax error (500); the worker lives on."""

    code = "engine_error"


class HostNotAllowedError(WugraphError):
    """The Host header names no allowed host, so no absolute URL may be built from it (400)."""

    code = "host_not_allowed"


class BusyError(WugraphError):
    """Too many concurrent queries; the client should retry later."""

    code = "busy"


class ValidationFailed(WugraphError):
    """SHACL rejected a batch; `report` holds the details."""

    code = "validation_failed"

    def __init__(self, message_vi: str, message_en: str, report: Any = None, **details: Any) -> None:
        super().__init__(message_vi, message_en, **details)
        self.report = report


class ReferenceDataError(WugraphError):
    """A bundled reference file (unit lists, the 2025 lineage) breaks a rule; the build stops before writing it."""

    code = "reference_data_rejected"


class NotReadyError(WugraphError):
    """Something built in the background (a dump) is not ready yet; the client should retry shortly."""

    code = "not_ready"


class NotFoundError(WugraphError):
    """An entity, source or query name does not exist."""

    code = "not_found"


class StoreError(WugraphError):
    """The store could not be opened or written."""

    code = "store_error"
