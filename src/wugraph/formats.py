"""The one table of formats wugraph reads and writes: short names, media types, file suffixes.

The endpoint, the entity pages, the CLI, dumps and ingest all look formats up here, so a name
such as `turtle` or a suffix such as `.nq` means the same thing everywhere. The store maps a
format to its engine's own parser and serialiser by media type (`store.rdf`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .errors import NotAcceptableError, UsageError


@dataclass(frozen=True)
class Format:
    """One syntax: its short name, media type, other media types clients send for it, and file suffixes."""

    name: str
    media_type: str
    aliases: tuple[str, ...] = ()
    suffixes: tuple[str, ...] = ()
    datasets: bool = False  # holds named graphs (N-Quads, TriG, JSON-LD)

    @property
    def content_type(self) -> str:
        """The media type with a charset where the syntax is text a browser might otherwise guess."""
        textual = self.media_type.startswith(("text/", "application/sparql-results+json", "application/ld+json"))
        return self.media_type + ("; charset=utf-8" if textual else "")

    @property
    def suffix(self) -> str:
        """The file suffix (without its dot) that names this format in URLs and downloads."""
        return self.suffixes[0].lstrip(".") if self.suffixes else self.name

    @property
    def prefixed(self) -> bool:
        """Whether the syntax has prefix declarations, so output can use the project's prefixes."""
        return self.name in ("turtle", "trig", "rdfxml")


RESULT_FORMATS: tuple[Format, ...] = (
    Format("json", "application/sparql-results+json", ("application/json",), (".srj",)),
    Format("xml", "application/sparql-results+xml", ("application/xml", "text/xml"), (".srx",)),
    Format("csv", "text/csv", (), (".csv",)),
    Format("tsv", "text/tab-separated-values", (), (".tsv",)),
)
"""SELECT and ASK answers."""

GRAPH_FORMATS: tuple[Format, ...] = (
    Format("turtle", "text/turtle", ("application/x-turtle",), (".ttl",)),
    Format("ntriples", "application/n-triples", ("text/plain",), (".nt",)),
    Format("jsonld", "application/ld+json", ("application/json",), (".jsonld", ".json-ld"), datasets=True),
    Format("nquads", "application/n-quads", (), (".nq",), datasets=True),
    Format("trig", "application/trig", (), (".trig",), datasets=True),
    Format("rdfxml", "application/rdf+xml", ("application/xml", "text/xml"), (".rdf", ".owl", ".xml")),
)
"""RDF syntaxes: CONSTRUCT and DESCRIBE answers, entity data, dumps and ingest."""

TABLE_FORMATS: tuple[Format, ...] = (
    Format("csv", "text/csv", ("application/csv",), (".csv",)),
    Format("json", "application/json", (), (".json",)),
)
"""Non-RDF inputs ingest reads: CSV templates and Popolo JSON."""

ENTITY_FORMATS: tuple[Format, ...] = tuple(f for f in GRAPH_FORMATS if f.name in ("turtle", "jsonld", "ntriples"))
"""The RDF an entity IRI answers with, besides its HTML page and JSON twin."""

HTML = Format("html", "text/html", ("application/xhtml+xml",), (".html",))
"""A page for people."""

JSON_TWIN = Format("json", "application/json", (), (".json",))
"""A page's data twin: the same dict its template gets."""

ENTITY_CHOICES: tuple[Format, ...] = (HTML, ENTITY_FORMATS[0], JSON_TWIN, *ENTITY_FORMATS[1:])
"""What an entity IRI can answer with, in the order ties are broken (a browser's */* gets the page)."""

_NAME_ALIASES: dict[str, str] = {
    "srj": "json", "srx": "xml", "ttl": "turtle", "nt": "ntriples", "n-triples": "ntriples", "nq": "nquads",
    "n-quads": "nquads", "json-ld": "jsonld", "rdf": "rdfxml", "rdf/xml": "rdfxml", "rdf+xml": "rdfxml", "owl": "rdfxml",
    "n3": "turtle", "sparql-results+json": "json", "sparql-results+xml": "xml",
}
# A generic name asked for a graph result means the graph flavour of that syntax.
_GRAPH_FLAVOUR: dict[str, str] = {"json": "jsonld", "xml": "rdfxml"}


def names(table: tuple[Format, ...]) -> tuple[str, ...]:
    """Short names of a table, for `--format` choices."""
    return tuple(f.name for f in table)


def by_name(name: str, graph: bool) -> Format:
    """Look a format up by its short name (`--format`, `?format=`), an alias or a media type."""
    table = GRAPH_FORMATS if graph else RESULT_FORMATS
    key = name.strip().lower()
    key = _NAME_ALIASES.get(key, key)
    if graph:
        key = _GRAPH_FLAVOUR.get(key, key)
    for fmt in table:
        if key in (fmt.name, fmt.media_type, *fmt.aliases):
            return fmt
    choices = ", ".join(f.name for f in table)
    raise UsageError(f"Định dạng không hỗ trợ: {name}. Chọn một trong: {choices}.",
                     f"Unsupported format: {name}. Choose one of: {choices}.")


def graph_format(name: str) -> Format:
    """An RDF syntax by its exact short name (store dumps, parsers)."""
    for fmt in GRAPH_FORMATS:
        if fmt.name == name:
            return fmt
    return by_name(name, graph=True)


def by_suffix(suffix: str, table: tuple[Format, ...] = ENTITY_FORMATS) -> Format | None:
    """The format a file or URL suffix (with or without its dot) names in `table`, if any."""
    wanted = "." + suffix.lower().lstrip(".")
    return next((f for f in table if wanted in f.suffixes), None)


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """Media ranges with their q-values, best first; ties keep the client's order, specific before wildcard."""
    return [(media, q) for media, q, _, _ in _ranges(header)]


@lru_cache(maxsize=512)
def _ranges(header: str | None) -> tuple[tuple[str, float, int, int], ...]:
    """(media range, q, specificity, position) for each well-formed range, sorted best first (clients repeat headers)."""
    if not header or not header.strip():
        return (("*/*", 1.0, 0, 0),)
    ranges: list[tuple[str, float, int, int]] = []
    for position, part in enumerate(header.split(",")):
        pieces = [p.strip() for p in part.split(";")]
        media = pieces[0].lower()
        kind, slash, sub = media.partition("/")
        if not slash or not kind or not sub or (kind == "*" and sub != "*"):
            continue
        q = 1.0
        for param in pieces[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value.strip())))
                except ValueError:
                    q = 0.0
        specificity = 0 if media == "*/*" else 1 if sub == "*" else 2
        ranges.append((media, q, specificity, position))
    ranges.sort(key=lambda r: (-r[1], -r[2], r[3]))
    return tuple(ranges)


def _matches(media_range: str, media_type: str, aliases: tuple[str, ...] = ()) -> bool:
    """Wildcards match a format's own media type only; exact ranges also match its aliases."""
    if media_range == "*/*":
        return True
    if media_range.endswith("/*"):
        return media_type.startswith(media_range[:-1])
    return media_range in (media_type, *aliases)


def _rank(ranges: tuple[tuple[str, float, int, int], ...], media_type: str, aliases: tuple[str, ...] = ()) -> tuple[float, int, int] | None:
    """(q, specificity, -position) of the most specific range that matches the type; None when none does."""
    matching = [r for r in ranges if _matches(r[0], media_type, aliases)]
    if not matching:
        return None
    _, q, specificity, position = max(matching, key=lambda r: (r[2], -r[3]))
    return q, specificity, -position


def negotiate(accept: str | None, table: tuple[Format, ...]) -> Format:
    """The format the client prefers most among those we offer (RFC 9110: the most specific range sets q).

    Ties go to the more specific range, then to the range the client listed first, then to our
    table order, so `*/*` gives the first format of the table.
    """
    chosen = _best(accept, table)
    if chosen is None:
        offered = ", ".join(f.media_type for f in table)
        raise NotAcceptableError(
            f"Không có định dạng phù hợp với Accept: {accept}. Có: {offered}.",
            f"No representation matches Accept: {accept}. Available: {offered}.",
        )
    return chosen


@lru_cache(maxsize=512)
def _best(accept: str | None, table: tuple[Format, ...]) -> Format | None:
    ranges = _ranges(accept)
    best: tuple[float, int, int, int] | None = None
    chosen: Format | None = None
    for index, fmt in enumerate(table):
        rank = _rank(ranges, fmt.media_type, fmt.aliases)
        if rank is None or rank[0] <= 0.0:
            continue
        key = (*rank, -index)
        if best is None or key > best:
            best, chosen = key, fmt
    return chosen


def prefers_html(accept: str | None, table: tuple[Format, ...] = GRAPH_FORMATS) -> bool:
    """A browser asking for a page: text/html ranks strictly above every format of `table` (ties go to `table`)."""
    try:
        return negotiate(accept, (*table, HTML)) is HTML
    except NotAcceptableError:
        return False
