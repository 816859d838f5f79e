"""How the W3C runner judges an answer: result sets, booleans and graphs against the expected files.

Solutions compare as multisets (as sequences when the query has ORDER BY and no blank nodes);
blank nodes match up to a consistent renaming; numbers and booleans compare by value within their
datatype, because Oxigraph stores canonical forms ("1.0E6"^^xsd:double comes back as 1000000).
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from decimal import Decimal
from pathlib import Path

import rdflib
from rdflib.compare import isomorphic

from ..formats import RESULT_FORMATS, by_name, by_suffix
from ..store import rdf

RS = "http://www.w3.org/2001/sw/DataAccess/tests/result-set#"
RDF_SUFFIXES = (".ttl", ".nt", ".rdf")

Row = dict[str, object]


def _solutions(parsed: object) -> list[Row] | bool:
    if isinstance(parsed, rdf.QueryBoolean):
        return bool(parsed)
    assert isinstance(parsed, rdf.QuerySolutions)
    names = [v.value for v in parsed.variables]
    return [{n: s[n] for n in names if s[n] is not None} for s in parsed]


def _rdf_result_set(path: Path) -> list[Row] | bool:
    """A result set written in the DAWG result-set vocabulary (rs:ResultSet) as rows or a boolean."""
    graph = rdflib.Graph().parse(path, format="turtle" if path.suffix == ".ttl" else "xml", publicID=path.as_uri())
    rs = rdflib.Namespace(RS)
    result_set = next(iter(graph.subjects(rdflib.RDF.type, rs.ResultSet)))
    boolean = graph.value(result_set, rs.boolean)
    if isinstance(boolean, rdflib.Literal):
        return bool(boolean.toPython())
    rows: list[Row] = []
    for solution in graph.objects(result_set, rs.solution):
        row: Row = {}
        for binding in graph.objects(solution, rs.binding):
            row[str(graph.value(binding, rs.variable))] = _ox_term(graph.value(binding, rs.value))
        rows.append(row)
    return rows


def _ox_term(term: object) -> object:
    if isinstance(term, rdflib.URIRef):
        return rdf.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return rdf.BlankNode(str(term))
    assert isinstance(term, rdflib.Literal)
    if term.language:
        return rdf.Literal(str(term), language=term.language)
    return rdf.Literal(str(term), datatype=rdf.NamedNode(str(term.datatype)) if term.datatype else None)


def _expected(path: Path) -> list[Row] | bool:
    if path.suffix in RDF_SUFFIXES:
        return _rdf_result_set(path)
    return _solutions(rdf.parse_results(path=str(path), fmt=by_suffix(path.suffix, RESULT_FORMATS)))


def compare_results(body: bytes, content_type: str, expected_path: Path, ordered: bool) -> tuple[bool, str]:
    media = content_type.split(";")[0].strip()
    actual, expected = _solutions(rdf.parse_results(body, by_name(media, graph=False))), _expected(expected_path)
    if isinstance(expected, bool) or isinstance(actual, bool):
        return actual == expected, "" if actual == expected else f"boolean {actual} != expected {expected}"
    if rows_match(actual, expected, ordered):
        return True, ""
    if ordered and rows_match(actual, expected, False):
        return False, "same solutions in a different order"
    return False, f"{len(actual)} solutions, expected {len(expected)}; first differing: {_first_missing(actual, expected)}"


XSD = "http://www.w3.org/2001/XMLSchema#"
INTEGER_TYPES = {XSD + t for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger", "nonPositiveInteger",
                                   "negativeInteger", "positiveInteger", "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte")}


def canonical(lexical: str, datatype: str) -> str | None:
    """The value behind a numeric or boolean lexical form (Oxigraph stores canonical forms: 1.0E6 → 1000000)."""
    try:
        if datatype in INTEGER_TYPES:
            return str(int(lexical.strip()))
        if datatype == XSD + "decimal":
            return str(Decimal(lexical.strip()).normalize())
        if datatype in (XSD + "double", XSD + "float"):
            text = lexical.strip()
            return {"INF": "inf", "+INF": "inf", "-INF": "-inf", "NaN": "nan"}.get(text) or repr(float(text))
        if datatype == XSD + "boolean":
            return {"1": "true", "0": "false"}.get(lexical.strip(), lexical.strip())
    except (ValueError, ArithmeticError):
        return None
    return None


def _key(value: object) -> str:
    """How a cell is compared: RDF terms exactly, except numbers and booleans by value within their datatype."""
    if isinstance(value, rdf.Literal):
        value_form = canonical(value.value, value.datatype.value)
        if value_form is not None:
            return f"{value_form}^^{value.datatype.value}"
    if isinstance(value, str):
        try:
            return repr(float(value))
        except ValueError:
            return value
    return str(value)


def _first_missing(actual: list[Row], expected: list[Row]) -> str:
    def key(row: Row) -> str:
        return " ".join(f"{k}={_key(v)}" for k, v in sorted(row.items()))

    missing = Counter(map(key, expected)) - Counter(map(key, actual))
    extra = Counter(map(key, actual)) - Counter(map(key, expected))
    return f"missing {list(missing)[:1]} extra {list(extra)[:1]}"[:400]


def _is_bnode(value: object) -> bool:
    return isinstance(value, rdf.BlankNode) or (isinstance(value, str) and value.startswith("_:"))


def rows_match(actual: list[Row], expected: list[Row], ordered: bool) -> bool:
    """Multiset (or sequence) equality of solutions up to a consistent renaming of blank nodes."""
    if len(actual) != len(expected):
        return False
    if not any(_is_bnode(v) for row in (*actual, *expected) for v in row.values()):
        if ordered:
            return [_frozen(r) for r in actual] == [_frozen(r) for r in expected]
        return Counter(map(_frozen, actual)) == Counter(map(_frozen, expected))
    # ORDER BY leaves blank nodes in no defined order, so results with blank nodes compare unordered.
    return _match(list(actual), list(expected), {}, False)


def _frozen(row: Row) -> frozenset[tuple[str, str]]:
    return frozenset((k, _key(v)) for k, v in row.items())


def _row_fits(a: Row, e: Row, mapping: dict[str, str]) -> dict[str, str] | None:
    if a.keys() != e.keys():
        return None
    extended = dict(mapping)
    for name, value in a.items():
        other = e[name]
        if _is_bnode(value) and _is_bnode(other):
            left, right = str(value), str(other)
            if extended.get(left, right) != right or (left not in extended and right in extended.values()):
                return None
            extended[left] = right
        elif _key(value) != _key(other):
            return None
    return extended


def _match(actual: list[Row], expected: list[Row], mapping: dict[str, str], ordered: bool) -> bool:
    if not actual:
        return True
    first, rest = actual[0], actual[1:]
    candidates = [0] if ordered else range(len(expected))
    for index in candidates:
        extended = _row_fits(first, expected[index], mapping)
        if extended is not None and _match(rest, expected[:index] + expected[index + 1:], extended, ordered):
            return True
    return False


def compare_csv(body: bytes, expected_path: Path) -> tuple[bool, str]:
    def rows(text: str) -> tuple[list[str], list[Row]]:
        table = list(csv.reader(io.StringIO(text, newline="")))
        header, data = table[0], table[1:]
        return header, [{h: c for h, c in zip(header, row) if c != ""} for row in data]

    actual_header, actual = rows(body.decode("utf-8"))
    expected_header, expected = rows(expected_path.read_text(encoding="utf-8"))
    if set(actual_header) != set(expected_header):
        return False, f"header {actual_header} != {expected_header}"
    ok = rows_match(actual, expected, False)
    return ok, "" if ok else f"CSV rows differ: {_first_missing(actual, expected)}"


def compare_graphs(body: bytes, expected_path: Path) -> tuple[bool, str]:
    actual = rdflib.Graph().parse(data=body.decode("utf-8"), format="nt")
    fmt = {".ttl": "turtle", ".nt": "nt", ".rdf": "xml"}[expected_path.suffix]
    expected = rdflib.Graph().parse(expected_path, format=fmt, publicID=expected_path.as_uri())
    ok = isomorphic(actual, expected)
    return ok, "" if ok else f"graph of {len(actual)} triples not isomorphic to expected {len(expected)}"
