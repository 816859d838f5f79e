"""Writers for SELECT results that stop at the row cap, in the four SPARQL result formats.

pyoxigraph serialises a whole solution iterator; the endpoint must stop after `max_rows` and say
so, so these writers take the solutions one by one. Output follows the W3C result format specs
(JSON, XML, CSV, TSV) and matches what pyoxigraph writes for the same terms.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from ..store import rdf

XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = XSD + "string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_BARE_NUMERIC = {XSD + "integer", XSD + "decimal", XSD + "double", XSD + "boolean"}

Row = list["rdf.NamedNode | rdf.BlankNode | rdf.Literal | rdf.Triple | None"]


@dataclass(frozen=True)
class Written:
    """Serialised rows, how many were written and whether more were left out."""

    body: bytes
    rows: int
    truncated: bool


def capped(solutions: Iterable[rdf.QuerySolution], width: int, max_rows: int) -> tuple[list[Row], bool]:
    """At most `max_rows` rows as lists of terms; True when at least one more row existed."""
    rows: list[Row] = []
    for solution in solutions:
        if len(rows) >= max_rows:
            return rows, True
        rows.append([solution[i] for i in range(width)])
    return rows, False


def _json_term(term: object) -> dict[str, object]:
    if isinstance(term, rdf.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, rdf.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, rdf.Literal):
        out: dict[str, object] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value not in (XSD_STRING, RDF_LANG_STRING):
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, rdf.Triple):
        return {"type": "triple", "value": {"subject": _json_term(term.subject), "predicate": _json_term(term.predicate),
                                            "object": _json_term(term.object)}}
    raise TypeError(f"not an RDF term: {term!r}")


def _json(names: list[str], rows: list[Row]) -> Iterator[str]:
    yield '{"head":{"vars":' + json.dumps(names, ensure_ascii=False) + '},"results":{"bindings":['
    for index, row in enumerate(rows):
        binding = {name: _json_term(term) for name, term in zip(names, row) if term is not None}
        yield ("," if index else "") + json.dumps(binding, ensure_ascii=False, separators=(",", ":"))
    yield "]}}"


def _xml_term(term: object) -> str:
    if isinstance(term, rdf.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, rdf.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, rdf.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value not in (XSD_STRING, RDF_LANG_STRING):
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    if isinstance(term, rdf.Triple):
        return (f"<triple><subject>{_xml_term(term.subject)}</subject><predicate>{_xml_term(term.predicate)}</predicate>"
                f"<object>{_xml_term(term.object)}</object></triple>")
    raise TypeError(f"not an RDF term: {term!r}")


def _xml(names: list[str], rows: list[Row]) -> Iterator[str]:
    yield '<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>'
    yield "".join(f"<variable name={quoteattr(n)}/>" for n in names)
    yield "</head><results>"
    for row in rows:
        cells = "".join(f"<binding name={quoteattr(n)}>{_xml_term(t)}</binding>" for n, t in zip(names, row) if t is not None)
        yield f"<result>{cells}</result>"
    yield "</results></sparql>"


def _csv_field(term: object) -> str:
    if term is None:
        return ""
    if isinstance(term, rdf.BlankNode):
        text = "_:" + term.value
    elif isinstance(term, (rdf.NamedNode, rdf.Literal)):
        text = term.value
    else:
        text = str(term)
    if any(c in text for c in '",\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def _csv(names: list[str], rows: list[Row]) -> Iterator[str]:
    yield ",".join(_csv_field(rdf.Literal(n)) for n in names) + "\r\n"
    for row in rows:
        yield ",".join(_csv_field(term) for term in row) + "\r\n"


def _tsv_field(term: object) -> str:
    if term is None:
        return ""
    if isinstance(term, rdf.Literal) and term.datatype.value in _BARE_NUMERIC and _is_plain_number(term):
        return term.value
    return str(term)


def _is_plain_number(term: rdf.Literal) -> bool:
    """Turtle's bare numbers and booleans; anything else keeps its quoted, typed form."""
    value = term.value
    if term.datatype.value == XSD + "boolean":
        return value in ("true", "false")
    body = value.lstrip("+-")
    if term.datatype.value == XSD + "integer":
        return body.isdigit()
    if term.datatype.value == XSD + "decimal":
        whole, dot, frac = body.partition(".")
        return dot == "." and frac.isdigit() and (whole == "" or whole.isdigit())
    mantissa, e, exponent = body.lower().partition("e")
    whole, _, frac = mantissa.partition(".")
    return e == "e" and exponent.lstrip("+-").isdigit() and (whole + frac).isdigit()


def _tsv(names: list[str], rows: list[Row]) -> Iterator[str]:
    yield "\t".join("?" + n for n in names) + "\n"
    for row in rows:
        yield "\t".join(_tsv_field(term) for term in row) + "\n"


WRITERS: dict[str, Callable[[list[str], list[Row]], Iterator[str]]] = {"json": _json, "xml": _xml, "csv": _csv, "tsv": _tsv}


_BOOLEANS = {
    "json": (b'{"head":{},"boolean":false}', b'{"head":{},"boolean":true}'),
    "xml": (b'<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#"><head></head><boolean>false</boolean></sparql>',
            b'<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#"><head></head><boolean>true</boolean></sparql>'),
    "csv": (b"false", b"true"),
    "tsv": (b"false", b"true"),
}


def write_boolean(value: bool, format_name: str) -> bytes:
    """An ASK answer, byte for byte what pyoxigraph writes (without a serialiser round trip per request)."""
    return _BOOLEANS[format_name][bool(value)]


def write_solutions(result: rdf.QuerySolutions, format_name: str, max_rows: int) -> Written:
    """Evaluate up to `max_rows` solutions and write them; pulling the solutions is what runs the query."""
    names = [v.value for v in result.variables]
    rows, truncated = capped(result, len(names), max_rows)
    body = "".join(WRITERS[format_name](names, rows)).encode("utf-8")
    return Written(body, len(rows), truncated)
