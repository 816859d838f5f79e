"""The flat scan policy relies on: keywords found where Oxigraph's parser finds them, depth and operator counts."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from wugraph.endpoint.catalog import examples
from wugraph.endpoint.lexer import scan, tokens, undeclared_prefixes

# Queries Oxigraph accepts in which a false IRI (`<` read as an IRI where the parser reads less-than)
# would shift where strings or comments start and hide SERVICE from a reader that always prefers IRIs.
SMUGGLED = [
    "ASK { FILTER(1<'>') SERVICE <http://127.0.0.1:9/> {} FILTER('') }",
    'ASK { FILTER(1<#> """\n2) SERVICE <http://127.0.0.1:9/> { }\nFILTER(""""""="") }',
    "SELECT * WHERE { BIND(1<'>' AS ?x) SERVICE <http://127.0.0.1:9/> { } BIND('' AS ?y) }",
]
PLAIN = [
    "SELECT * WHERE { ?s ?p 'SERVICE' }",
    "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://127.0.0.1:9/> {}",
    "SELECT * WHERE { ?s <http://example.org/SERVICE> ?o }",
    "PREFIX ex: <http://example.org/> SELECT * WHERE { ?s ex:SERVICE ?o }",
    "SELECT ?service WHERE { ?service ?p ?o }",
    "SELECT * WHERE { ?s ?p (<http://x/a#b> <http://x/c#d>) }",
    "SELECT * WHERE { ?s ?p ?o FILTER(?o<?s&&?s>?o) }",
    "SELECT * WHERE { ?s ?p ?o FILTER(?o<'x'||?o>'y') }",
]


def _engine_accepts(query: str) -> bool:
    """Whether Oxigraph's parser accepts the text (so the case is real), on an empty in-memory store.

    A SERVICE call to port 9 fails at once (Oxigraph refuses that port), so nothing is ever fetched.
    """
    try:
        result = ox.Store().query(query)
        if not isinstance(result, ox.QueryBoolean):
            list(result)
    except SyntaxError:
        return False
    except OSError:
        return True  # parsed; the SERVICE call itself was refused
    return True


@pytest.mark.parametrize("query", SMUGGLED)
def test_service_behind_a_false_iri_is_found(query: str) -> None:
    assert _engine_accepts(query)
    assert scan(query).service
    # A reader that always prefers IRIs misses it: it takes the keyword for part of a string.
    assert not any(kind == "word" and value.upper() == "SERVICE" for kind, value in tokens(query))


@pytest.mark.parametrize("query", PLAIN)
def test_service_inside_strings_iris_names_and_comments_is_not_a_keyword(query: str) -> None:
    assert _engine_accepts(query)
    assert not scan(query).service


def test_dataset_clause_with_prefixes_base_and_escapes() -> None:
    shape = scan("BASE <http://b/> PREFIX ex: <x/> # PREFIX zz: <http://nowhere/>\n"
                 "SELECT * FROM ex:g FROM NAMED <h> FROM NAMED ex:a\\.b WHERE { ?s ?p ?o }")
    assert shape.from_graphs == ("http://b/x/g",) and shape.from_named == ("http://b/h", "http://b/x/a.b")
    assert scan("PREFIX ex: <http://x/\\u0041> SELECT * FROM ex:g WHERE {}").from_graphs == ("http://x/Ag",)


def test_updates_are_recognised_before_the_query_form() -> None:
    assert scan("LOAD <http://example.org/x>").update
    assert scan("PREFIX ex: <http://x/> INSERT DATA { ex:a ex:b ex:c }").update
    assert not scan("SELECT ?insert WHERE { ?insert ?p ?o }").update


def test_depth_and_operators() -> None:
    assert scan("SELECT * WHERE " + "{" * 40 + "}" * 40).depth == 40
    assert scan("SELECT * WHERE { FILTER(" + "(" * 30 + "1" + ")" * 30 + ") }").depth == 32
    union = scan("SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * 500) + " }")
    assert union.operators >= 1000  # each branch is a group and a UNION the engine would nest
    flat = scan("SELECT * WHERE { VALUES ?x { " + " ".join(f'"v{i}"' for i in range(5000)) + " } FILTER(?x IN ("
                + ", ".join(str(i) for i in range(2000)) + ")) }")
    assert flat.operators < 20 and flat.depth == 3  # value lists are flat for the engine


def test_scan_stops_at_the_limits_and_never_recurses() -> None:
    assert scan("SELECT * WHERE " + "{" * 500_000, max_depth=64).depth == 65
    assert scan("SELECT * WHERE { FILTER(" + "!" * 300_000 + "true) }", max_operators=1000).operators == 1001


def test_pathological_text_is_read_in_one_pass() -> None:
    """Megabyte inputs that a backtracking or restarting reader would take hours on (it would hang here)."""
    for text in ("SELECT * WHERE { ?s ?p ?o }" + " " * 1_000_000, "SELECT * WHERE { " + "'" * 500_000,
                 "SELECT * WHERE { " + "'''" + "a" * 500_000, "SELECT * WHERE { " + "<a" * 300_000):
        assert scan(text, 64, 1000).depth == 1


def test_examples_are_well_inside_the_limits() -> None:
    for example in examples():
        shape = scan(example.sparql)
        assert shape.depth <= 8 and shape.operators <= 200 and not shape.service and not shape.update, example.name
        assert undeclared_prefixes(example.sparql) == ()


def test_undeclared_prefixes_for_the_hint() -> None:
    assert undeclared_prefixes("PREFIX ex: <x:> SELECT * WHERE { ?s wu:x ex:o . _:b schema:y 'a:b' }") == ("wu", "schema")
