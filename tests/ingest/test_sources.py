"""Reading sources without a store: formats, encodings, locations, normalisation, the limits checked first."""

from __future__ import annotations

import pytest
from support.paths import ROOT

from wugraph.config import load_settings
from wugraph.errors import ParseError, TooLargeError, UnsupportedMediaTypeError
from wugraph.ingest.resolve import Resolver
from wugraph.ingest.sources import Source, decode, detect_format, parse

SETTINGS = load_settings({"home": ROOT, "max_upload_bytes": 10_000}, environ={})
B = "https://w3id.org/wugraph/id/"


def no_resolver() -> Resolver:
    raise AssertionError("RDF sources never need place resolution")


def test_format_by_media_type_then_suffix() -> None:
    assert detect_format(Source("a.ttl", b"")) == "turtle"
    assert detect_format(Source("a.bin", b"", "application/trig")) == "trig"
    assert detect_format(Source("a.ttl", b"", "application/ld+json; charset=utf-8")) == "jsonld"
    assert detect_format(Source("a.nq", b"", "application/octet-stream")) == "nquads"
    with pytest.raises(UnsupportedMediaTypeError):
        detect_format(Source("a.xlsx", b""))


def test_source_ids_name_the_graph() -> None:
    assert Source("000_f46896cb9cf14e9f.trig", b"").id == "000_f46896cb9cf14e9f"
    assert Source("Danh sách cán bộ.csv", b"").id == "danh-sach-can-bo"
    assert Source("x.csv", b"", source_id="bao-cao-2024").id == "bao-cao-2024"


def test_decoding_is_strict_utf8_with_optional_bom() -> None:
    assert decode(Source("a.csv", "\ufeffTên".encode()), SETTINGS) == "Tên"
    with pytest.raises(ParseError) as caught:
        decode(Source("a.csv", b"dong 1\nHa\xcc N\xf4\xf2i"), SETTINGS)  # 'Hà Nội' in Windows-1258
    assert caught.value.details == {"reason": "not_utf8", "source": "a.csv", "line": 2}
    with pytest.raises(TooLargeError):
        decode(Source("a.csv", b"x" * 10_001), SETTINGS)


def test_turtle_lines_and_normalised_literals() -> None:
    text = ('@prefix schema: <http://schema.org/> .\n@prefix p: <https://w3id.org/wugraph/id/person/> .\n\n'
            'p:le-thi-lan schema:name "  Lê Thị Lan " .\n'
            '<https://w3id.org/wugraph/id/person/tran-thi-ha> schema:name "Tra\u0302\u0300n Thi\u0323 Ha\u0300" .\n')
    parsed = parse(Source("nguoi.ttl", text.encode()), SETTINGS, no_resolver)
    assert parsed.locations[B + "person/tran-thi-ha"] == "nguoi.ttl:5"
    assert parsed.locations[B + "person/le-thi-lan"] == "nguoi.ttl:4"
    assert sorted(str(o) for o in parsed.graph.objects()) == ["Lê Thị Lan", "Trần Thị Hà"]
    assert parsed.problems == [] and parsed.graph_iri == "https://w3id.org/wugraph/graph/doc/nguoi"


def test_jsonld_with_an_embedded_context_is_read() -> None:
    doc = ('{"@context": {"schema": "http://schema.org/", "name": {"@id": "schema:name", "@language": "vi"}},'
           ' "@id": "https://w3id.org/wugraph/id/person/le-thi-lan", "name": "Lê Thị Lan"}')
    parsed = parse(Source("lan.jsonld", doc.encode()), SETTINGS, no_resolver)
    (triple,) = list(parsed.graph)
    assert str(triple[2]) == "Lê Thị Lan" and triple[2].language == "vi"
    assert parsed.locations[B + "person/le-thi-lan"] == "lan.jsonld:1"


def test_trig_may_name_its_own_graph_only() -> None:
    own = ('<https://w3id.org/wugraph/graph/doc/ban-tin> { <https://w3id.org/wugraph/id/x> '
           '<http://schema.org/name> "x" . }\n<https://example.org/g> { <https://w3id.org/wugraph/id/y> <http://schema.org/name> "y" . }')
    parsed = parse(Source("ban-tin.trig", own.encode()), SETTINGS, no_resolver)
    assert len(parsed.graph) == 2
    other = own.replace("doc/ban-tin", "doc/khac")
    with pytest.raises(ParseError) as caught:
        parse(Source("ban-tin.trig", other.encode()), SETTINGS, no_resolver)
    assert caught.value.details["reason"] == "reserved_graph"


def test_invisible_characters_are_located_not_silently_dropped() -> None:
    text = '<https://w3id.org/wugraph/id/x> <http://schema.org/name> "Lan\u200b" .\n'
    parsed = parse(Source("x.nt", text.encode()), SETTINGS, no_resolver)
    (problem,) = parsed.problems
    assert (problem.code, problem.where, problem.node) == ("invisible_character", "x.nt:1", B + "x")


def test_rdfxml_without_doctype_is_read() -> None:
    xml = ('<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
           'xmlns:schema="http://schema.org/"><rdf:Description rdf:about="https://w3id.org/wugraph/id/x">'
           '<schema:name xml:lang="vi">Hà</schema:name></rdf:Description></rdf:RDF>')
    parsed = parse(Source("x.rdf", xml.encode()), SETTINGS, no_resolver)
    assert [str(o) for o in parsed.graph.objects()] == ["Hà"]
