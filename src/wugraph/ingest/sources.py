"""Files and bytes → one rdflib graph per source plus where each node came from; limits before parsing.

Every check that can be made on the raw bytes is made before a parser sees them: the size limit,
strict UTF-8, NUL bytes, DOCTYPE/ENTITY declarations in RDF/XML (no external entities, no
expansion bombs) and JSON-LD contexts that would be fetched from elsewhere. rdflib never fetches
anything on our behalf. Literals are NFC-normalised and trimmed; zero-width and bidirectional
control characters are refused with their location, since they make equal names differ.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import warnings
import xml.sax
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import rdflib
from rdflib import Graph, Literal, URIRef
from rdflib.exceptions import Error as RdflibError

from ..config import Settings
from ..errors import ParseError, TooLargeError, UnsupportedMediaTypeError
from ..formats import GRAPH_FORMATS, TABLE_FORMATS, Format, graph_format
from ..identifiers import Minter, document_graph
from ..namespaces import GRAPH_BASE
from ..store import rdf
from ..text import has_invisible, nfc, slugify
from .csv_templates import read_csv
from .popolo import POPOLO_KEYS, read_popolo
from .resolve import Mapped, Problem, Resolver
from .terms import RdflibTerms

SOURCE_FORMATS: tuple[Format, ...] = GRAPH_FORMATS + TABLE_FORMATS
# rdflib's parser for each RDF syntax (the slow path, and the one that writes the messages users know)
_RDFLIB_PARSER = {"turtle": "turtle", "trig": "trig", "ntriples": "nt", "nquads": "nquads", "jsonld": "json-ld", "rdfxml": "xml"}
# syntaxes pyoxigraph parses first (JSON-LD and RDF/XML stay with rdflib and its guards)
_FAST = frozenset({"turtle", "trig", "ntriples", "nquads"})
_SOURCE_ID = re.compile(r"^[A-Za-z0-9_.-]{1,120}$")
_XML_DECLARATIONS = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_TOKENS = re.compile(r'<[^<>\s"]*>|"[^"\n]*"|[A-Za-z][\w.-]*:[\w.\-%]*\w|(?<![\w:]):[\w.\-%]*\w')
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_PARSER_ERRORS = (SyntaxError, ValueError, TypeError, AttributeError, KeyError, IndexError, RecursionError,
                  RdflibError, xml.sax.SAXException)


@dataclass(frozen=True)
class Source:
    """One input: its file name (which names the source), its bytes and, over HTTP, its media type."""

    name: str
    data: bytes
    media_type: str | None = None
    source_id: str | None = None

    @property
    def id(self) -> str:
        """The source id naming graph/doc/{id}: the given id, else the file name without its suffix."""
        raw = self.source_id or Path(self.name).name.split(".")[0]
        return raw if _SOURCE_ID.match(raw) else slugify(raw)


@dataclass
class ParsedSource:
    """A source read into triples, with its digest, locations and (row-level) problems."""

    source: Source
    format: str
    sha256: str
    graph: Graph
    locations: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def graph_iri(self) -> str:
        return document_graph(self.source.id)


def read_path(path: Path | str, settings: Settings) -> Source:
    """A file as a Source; its size is checked before it is read."""
    path = Path(path)
    size = path.stat().st_size
    check_size(size, settings, path.name)
    return Source(path.name, path.read_bytes())


def check_size(size: int, settings: Settings, name: str) -> None:
    """Refuse input over the configured upload limit before anything parses it."""
    if size > settings.max_upload_bytes:
        raise TooLargeError(
            f"{name}: {size:,} byte vượt giới hạn {settings.max_upload_bytes:,} byte.",
            f"{name}: {size:,} bytes exceeds the limit of {settings.max_upload_bytes:,} bytes.",
            reason="too_large", source=name, limit=settings.max_upload_bytes, size=size)


def media_type_of(name: str) -> str:
    """The media type recorded for a source of format `name`."""
    return next(f.media_type for f in SOURCE_FORMATS if f.name == name)


def detect_format(source: Source) -> str:
    """The format by media type (when given and specific), else by file suffix."""
    media = (source.media_type or "").split(";")[0].strip().lower()
    if media and media not in ("application/octet-stream", "text/plain", "multipart/form-data"):
        for fmt in (*(f for f in SOURCE_FORMATS if media == f.media_type), *(f for f in SOURCE_FORMATS if media in f.aliases)):
            return fmt.name
    suffix = Path(source.name).suffix.lower()
    for fmt in SOURCE_FORMATS:
        if suffix in fmt.suffixes:
            return fmt.name
    raise UnsupportedMediaTypeError(
        f"{source.name}: không đọc được định dạng '{media or suffix or '?'}'. Hỗ trợ: Turtle, TriG, N-Triples, N-Quads, JSON-LD, RDF/XML, CSV, Popolo JSON.",
        f"{source.name}: unsupported format '{media or suffix or '?'}'. Supported: Turtle, TriG, N-Triples, N-Quads, JSON-LD, RDF/XML, CSV, Popolo JSON.",
        reason="unsupported_format", source=source.name)


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def decode(source: Source, settings: Settings) -> str:
    """Strict UTF-8 text (BOM dropped); NUL bytes and other encodings are refused with their line."""
    check_size(len(source.data), settings, source.name)
    nul = source.data.find(b"\x00")
    if nul >= 0:
        line = _line_of(source.data, nul)
        raise ParseError(f"{source.name}:{line}: tệp chứa byte NUL (0x00); đây không phải tệp văn bản UTF-8.",
                         f"{source.name}:{line}: the file contains a NUL byte (0x00); it is not UTF-8 text.",
                         reason="nul_byte", source=source.name, line=line)
    try:
        text = source.data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = _line_of(source.data, exc.start)
        raise ParseError(
            f"{source.name}:{line}: tệp không phải UTF-8 (byte 0x{source.data[exc.start]:02x} ở vị trí {exc.start}); hãy lưu lại với mã hóa UTF-8, không dùng Latin-1 hay Windows-1258.",
            f"{source.name}:{line}: the file is not UTF-8 (byte 0x{source.data[exc.start]:02x} at offset {exc.start}); save it as UTF-8, not Latin-1 or Windows-1258.",
            reason="not_utf8", source=source.name, line=line) from None
    return text.removeprefix("\ufeff")


@contextmanager
def _quiet_rdflib() -> Iterator[None]:
    """rdflib logs a traceback for each ill-typed literal and warns about its own Dataset API; we report those ourselves."""
    logger = logging.getLogger("rdflib.term")
    previous = logger.disabled
    logger.disabled = True
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            yield
    finally:
        logger.disabled = previous


def _syntax_error(source: Source, fmt: str, exc: BaseException) -> ParseError:
    detail = " ".join(str(exc).split())[:400]
    return ParseError(f"{source.name}: lỗi cú pháp {fmt}: {detail}", f"{source.name}: {fmt} syntax error: {detail}",
                      reason="syntax", source=source.name, format=fmt)


def _refuse_remote_contexts(source: Source, document: Any) -> None:
    """Any @context given by reference (a URL string) or @import would make the parser fetch: refuse."""
    stack = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            context = node.get("@context")
            refs = [c for c in (context if isinstance(context, list) else [context]) if isinstance(c, str)]
            if refs or "@import" in node:
                target = refs[0] if refs else node["@import"]
                raise ParseError(
                    f"{source.name}: JSON-LD tham chiếu @context từ xa ({target}); wugraph không tải tài nguyên bên ngoài. Hãy nhúng trực tiếp nội dung @context.",
                    f"{source.name}: the JSON-LD refers to a remote @context ({target}); wugraph never fetches external resources. Embed the context instead.",
                    reason="remote_context", source=source.name, context=str(target))
            stack.extend(node.values())


def _load_json(source: Source, text: str) -> Any:
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise _syntax_error(source, "JSON", exc) from None


def _reserved_graph(source: Source, name: str, own: str) -> ParseError | None:
    """A dataset file may hold the default graph and its source's own graph (`own`), never another wugraph graph."""
    if not name.startswith(GRAPH_BASE) or name == own:
        return None
    return ParseError(
        f"{source.name}: không được ghi vào đồ thị có tên {name}; mỗi nguồn chỉ ghi vào đồ thị của chính nó ({own}).",
        f"{source.name}: writing to the named graph {name} is not allowed; a source writes only its own graph ({own}).",
        reason="reserved_graph", source=source.name, graph=name)


def _parse_fast(source: Source, fmt: str, text: str, base: str) -> Graph | None:
    """Parse with pyoxigraph (Rust; several times faster than rdflib on large files), or None when it
    refuses the text, so that rdflib parses it again and gives the message users already know."""
    if fmt not in _FAST:
        return None
    graph = Graph()
    own = document_graph(source.id)
    terms = RdflibTerms()

    try:
        parser = rdf.parse(text.encode("utf-8"), graph_format(fmt), base_iri=base)
        with _quiet_rdflib():
            for quad in parser:
                graph_name = quad.graph_name
                if isinstance(graph_name, rdf.NamedNode):
                    refused = _reserved_graph(source, graph_name.value, own)
                    if refused is not None:
                        raise refused
                graph.add((terms.term(quad.subject), terms.term(quad.predicate), terms.term(quad.object)))
    except (SyntaxError, ValueError):
        return None
    for prefix, namespace in parser.prefixes.items():
        graph.bind(prefix, namespace, override=False)
    return graph


def _parse_rdf(source: Source, fmt: str, text: str, base: str) -> Graph:
    """Parse into one graph; named graphs of a dataset file fold into the source's graph."""
    fast = _parse_fast(source, fmt, text, base)
    if fast is not None:
        return fast
    parser, dataset = _RDFLIB_PARSER[fmt], graph_format(fmt).datasets
    own = document_graph(source.id)
    try:
        with _quiet_rdflib():
            if not dataset:
                graph = Graph()
                graph.parse(data=text, format=parser, publicID=base)
                return graph
            whole = rdflib.Dataset()
            whole.parse(data=text, format=parser, publicID=base)
    except _PARSER_ERRORS as exc:
        raise _syntax_error(source, fmt, exc) from None
    graph = Graph()
    for prefix, namespace in whole.namespaces():
        graph.bind(prefix, namespace, override=False)
    for s, p, o, g in whole.quads((None, None, None, None)):
        refused = _reserved_graph(source, str(g.identifier if isinstance(g, Graph) else g), own)
        if refused is not None:
            raise refused
        graph.add((s, p, o))
    return graph


def _line_locations(name: str, text: str, graph: Graph, base: str) -> dict[str, str]:
    """Subject IRI → 'file:line' of its first spelling (full, relative or prefixed) in the text."""
    spellings: dict[str, str] = {}
    namespaces = [(p, str(ns)) for p, ns in graph.namespaces() if p]
    for subject in set(graph.subjects()):
        if not isinstance(subject, URIRef):
            continue
        iri = str(subject)
        spellings.setdefault(f"<{iri}>", iri)
        spellings.setdefault(f'"{iri}"', iri)
        for prefix, namespace in namespaces:
            if iri.startswith(namespace):
                spellings.setdefault(f"{prefix}:{iri[len(namespace):]}", iri)
    found: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        for token in _TOKENS.findall(line):
            if token.startswith("<") and "://" not in token:
                token = f"<{urljoin(base, token[1:-1])}>"
            match = spellings.get(token)
            if match is not None and match not in found:
                found[match] = f"{name}:{number}"
    return found


def _where(node: object, locations: dict[str, str], name: str) -> str:
    return locations.get(str(node), name) if isinstance(node, URIRef) else name


def normalise(graph: Graph, name: str, locations: dict[str, str]) -> tuple[Graph, list[Problem]]:
    """NFC and trim every literal; refuse invisible/control characters and ill-typed literals, located.

    Works in place (a large source is not copied again): refused triples leave the graph, literals
    that normalisation changes are replaced.
    """
    problems: list[Problem] = []
    dropped: list[tuple[Any, Any, Any]] = []
    changed: list[tuple[Any, Any, Any]] = []
    checked: set[URIRef] = set()  # each IRI is checked once, where it first appears
    for s, p, o in graph:
        for term in (s, p, o):
            if isinstance(term, URIRef) and term not in checked:
                checked.add(term)
                if has_invisible(str(term)) or _CONTROL.search(str(term)):
                    problems.append(Problem("invisible_character", "IRI chứa ký tự vô hình hoặc ký tự điều khiển.",
                                            "The IRI holds invisible or control characters.", _where(s, locations, name),
                                            repr(str(term)), None, str(s)))
        if isinstance(o, Literal):
            where = _where(s, locations, name)
            text = str(o)
            if has_invisible(text) or _CONTROL.search(text):
                problems.append(Problem(
                    "invisible_character",
                    "Chuỗi chứa ký tự vô hình (khoảng trắng độ rộng 0, ký tự điều khiển hướng chữ) hoặc ký tự điều khiển; hãy gõ lại.",
                    "The text holds invisible characters (zero-width space, bidirectional control) or control characters; retype it.",
                    where, repr(text), str(p), str(s)))
                dropped.append((s, p, o))
                continue
            if o.ill_typed:
                problems.append(Problem(
                    "ill_typed_literal", f"Giá trị '{text}' không đúng kiểu {o.datatype}.",
                    f"The value '{text}' is not a valid {o.datatype}.", where, text, str(p), str(s)))
                dropped.append((s, p, o))
                continue
            cleaned = nfc(text)
            if cleaned != text:
                dropped.append((s, p, o))
                with _quiet_rdflib():
                    changed.append((s, p, Literal(cleaned, lang=o.language, datatype=o.datatype)))
    for triple in dropped:
        graph.remove(triple)
    for triple in changed:
        graph.add(triple)
    return graph, problems


def parse(source: Source, settings: Settings, resolver: Callable[[], Resolver]) -> ParsedSource:
    """Read one source: checks, parse (RDF formats, CSV templates, Popolo JSON), normalise, locate."""
    fmt = detect_format(source)
    text = decode(source, settings)
    digest = hashlib.sha256(source.data).hexdigest()
    base = Minter(settings.entity_base).document(source.id) + "/"
    if fmt == "csv":
        mapped = read_csv(text, source.name, resolver())
        return _finish(source, fmt, digest, mapped)
    if fmt in ("json", "jsonld"):
        document = _load_json(source, text)
        if fmt == "json" and isinstance(document, dict) and POPOLO_KEYS & document.keys() and "@context" not in document:
            return _finish(source, "popolo", digest, read_popolo(document, source.name, resolver()))
        _refuse_remote_contexts(source, document)
        fmt = "jsonld"
    elif fmt == "rdfxml":
        match = _XML_DECLARATIONS.search(text)
        if match:
            line = text.count("\n", 0, match.start()) + 1
            raise ParseError(
                f"{source.name}:{line}: RDF/XML có khai báo <!{match[1].upper()}>; wugraph không xử lý DTD hay thực thể (entity) để tránh tải tệp ngoài và bom mở rộng thực thể.",
                f"{source.name}:{line}: the RDF/XML declares <!{match[1].upper()}>; wugraph refuses DTDs and entities (no external entities, no expansion bombs).",
                reason="xml_doctype", source=source.name, line=line)
    graph = _parse_rdf(source, fmt, text, base)
    locations = _line_locations(source.name, text, graph, base)
    graph, problems = normalise(graph, source.name, locations)
    return ParsedSource(source, fmt, digest, graph, locations, problems)


def _finish(source: Source, fmt: str, digest: str, mapped: Mapped) -> ParsedSource:
    return ParsedSource(source, fmt, digest, mapped.graph, mapped.locations, mapped.problems)
