"""What a user query may do before it reaches the engine: no SERVICE, no updates, no remote FROM.

Both engines would otherwise make real outbound requests (Oxigraph for SERVICE, rdflib for FROM),
so the query is parsed and its algebra walked first. rdflib's parser is the primary reader; when it
cannot read something Oxigraph can (SPARQL 1.2 syntax, parser gaps), a tokenizer that skips
strings, IRIs and comments still finds SERVICE and the dataset clause.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import urljoin

from ..errors import QueryRefusedError

UPDATE_KEYWORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"})


@dataclass(frozen=True)
class QueryShape:
    """The facts about a query that policy and dataset selection need."""

    from_graphs: tuple[str, ...] = ()
    from_named: tuple[str, ...] = ()
    service: bool = False
    update: bool = False
    parsed_by: str = "rdflib"

    @property
    def has_dataset(self) -> bool:
        return bool(self.from_graphs or self.from_named)


def _walk(node: Any) -> Iterator[Any]:
    """Every node of an rdflib parse tree or algebra (CompValue, ParseResults, lists, dicts)."""
    stack = [node]
    seen: set[int] = set()
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        if isinstance(current, dict):
            stack.extend(v for k, v in current.items() if k != "_vars")
        elif isinstance(current, (list, tuple)) or type(current).__name__ == "ParseResults":
            stack.extend(list(current))


def _rdflib_shape(text: str) -> QueryShape | None:
    """Parse with rdflib and walk the algebra; None when rdflib cannot read the text as a query."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        parsed = parseQuery(text)
    except ParseException:
        try:
            parseUpdate(text)
        except ParseException:
            return None
        return QueryShape(update=True)
    try:
        tree: Any = translateQuery(parsed).algebra
    except (ParseException, ValueError, TypeError, KeyError, AttributeError, NotImplementedError):
        # translateQuery has gaps; the raw parse tree still carries SERVICE and the dataset clause.
        tree = parsed
    service = False
    defaults: list[str] = []
    named: list[str] = []
    for node in _walk(tree):
        name = getattr(node, "name", None)
        if name == "ServiceGraphPattern":
            service = True
        elif name == "DatasetClause":
            if "default" in node:
                defaults.append(str(node["default"]))
            if "named" in node:
                named.append(str(node["named"]))
    return QueryShape(tuple(dict.fromkeys(defaults)), tuple(dict.fromkeys(named)), service, False, "rdflib")


_TOKEN = re.compile(
    r"""
    (?P<comment>\#[^\n\r]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$]\w+)
  | (?P<langtag>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<pname>[A-Za-z][\w\-.]*?:[\w\-.:%\\]*|:[\w\-.:%\\]*)
  | (?P<word>[A-Za-z_][\w]*)
  | (?P<other>\S)
    """,
    re.VERBOSE,
)


_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def tokens(text: str) -> Iterator[tuple[str, str]]:
    """(kind, text) pairs; strings, IRIs and comments are single tokens, so keywords inside them never count.

    SPARQL lets \\u escapes stand for any character before parsing, so they are decoded first: a
    keyword spelt with escapes is still found (at worst a string is misread, which only over-refuses).
    """
    text = _CODEPOINT.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        if kind != "comment":
            yield kind, match.group(kind)


def _token_shape(text: str) -> QueryShape:
    """The fallback reader: keywords outside strings, IRIs and comments, and the IRIs after FROM."""
    items = list(tokens(text))
    prefixes: dict[str, str] = {}
    base = ""
    service = update = False
    defaults: list[str] = []
    named: list[str] = []
    seen_form = False
    for index, (kind, value) in enumerate(items):
        upper = value.upper() if kind == "word" else ""
        following = items[index + 1:index + 4]
        if upper == "BASE" and following and following[0][0] == "iri":
            base = urljoin(base, following[0][1][1:-1])
        elif upper == "PREFIX" and len(following) >= 2 and following[0][0] == "pname" and following[1][0] == "iri":
            prefixes[following[0][1][:-1]] = urljoin(base, following[1][1][1:-1])
        elif upper in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
            seen_form = True
        elif upper in UPDATE_KEYWORDS and not seen_form:
            update = True
        elif upper == "SERVICE":
            service = True
        elif upper == "FROM" and following:
            target, is_named = following[0], False
            if target[0] == "word" and target[1].upper() == "NAMED" and len(following) > 1:
                target, is_named = following[1], True
            iri = _resolve(target, prefixes, base)
            if iri is not None:
                (named if is_named else defaults).append(iri)
    return QueryShape(tuple(dict.fromkeys(defaults)), tuple(dict.fromkeys(named)), service, update, "tokens")


def _resolve(token: tuple[str, str], prefixes: dict[str, str], base: str) -> str | None:
    kind, value = token
    if kind == "iri":
        return urljoin(base, value[1:-1]) if base else value[1:-1]
    if kind == "pname":
        prefix, _, local = value.partition(":")
        if prefix in prefixes:
            return prefixes[prefix] + local
    return None


@lru_cache(maxsize=512)
def inspect(text: str) -> QueryShape:
    """The query's shape by rdflib's algebra, or by the tokenizer when rdflib cannot parse it (cached by text)."""
    shape = _rdflib_shape(text)
    if shape is None:
        return _token_shape(text)
    if not shape.service and not shape.update:
        # rdflib and the tokenizer must agree that no SERVICE keyword is present outside strings.
        fallback = _token_shape(text)
        if fallback.service:
            return QueryShape(shape.from_graphs, shape.from_named, True, shape.update, shape.parsed_by)
    return shape


def enforce(shape: QueryShape, graph_names: Iterable[str]) -> None:
    """Refuse, before execution, what would reach outside the store or write to it."""
    if shape.update:
        raise QueryRefusedError(
            "Điểm truy vấn công khai chỉ đọc: không nhận SPARQL Update (kể cả LOAD). Dữ liệu mới đi qua đường nhập liệu.",
            "The public endpoint is read-only: SPARQL Update (including LOAD) is refused. New data goes through ingest.",
            reason="update",
        )
    if shape.service:
        raise QueryRefusedError(
            "Truy vấn liên kết (SERVICE) bị từ chối: điểm truy vấn này không gửi yêu cầu ra ngoài.",
            "Federated queries (SERVICE) are refused: this endpoint makes no outbound requests.",
            reason="service",
        )
    known = set(graph_names)
    remote = [iri for iri in (*shape.from_graphs, *shape.from_named) if iri not in known]
    if remote:
        listed = ", ".join(f"<{iri}>" for iri in remote)
        raise QueryRefusedError(
            f"FROM/FROM NAMED chỉ được nêu đồ thị có trong kho; không tải đồ thị từ xa: {listed}.",
            f"FROM/FROM NAMED may only name graphs in this store; remote graphs are not fetched: {listed}.",
            reason="remote_from", graphs=remote,
        )
