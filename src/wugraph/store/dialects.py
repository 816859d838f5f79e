"""What each SPARQL server product needs: endpoint layout, limits and the query rewrites for its quirks.

Kept apart from the HTTP client so the table reads as data: adding a server is adding a row.
Every rewrite here is an equivalence under SPARQL 1.1 semantics, applied only to the server
that needs it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

RESULTS_ACCEPT = "application/sparql-results+json, application/sparql-results+xml;q=0.8"
_FORM = re.compile(
    r"""(?:\s+|\#[^\n]*|BASE\s*<[^>]*>|PREFIX\s*[^\s:]*:\s*<[^>]*>)*"""
    r"(SELECT|ASK|CONSTRUCT|DESCRIBE)\b",
    re.IGNORECASE | re.VERBOSE,
)


_BASE_DECLARED = re.compile(r"(?:^|[\s}>])BASE\s*<", re.IGNORECASE)
_RELATIVE_IRI = re.compile(r"<(?![A-Za-z][A-Za-z0-9+.\-]*:)[^<>\"{}|^`\\\x00-\x20]*>")


def needs_base(sparql: str) -> bool:
    """Whether the text has an IRI without a scheme and no BASE of its own (an over-estimate is harmless)."""
    return bool(_RELATIVE_IRI.search(sparql)) and not _BASE_DECLARED.search(sparql)


@dataclass(frozen=True)
class Dialect:
    """How one server product lays out its endpoints and where it departs from the standard."""

    name: str
    query_path: str = ""  # appended to the base URL
    update_path: str = ""
    gsp_path: str | None = None  # Graph Store Protocol endpoint, None when absent
    graph_param: str = "graph"  # GSP parameter naming the graph
    union_param: str | None = None  # query parameter asking for the union default graph
    update_form: bool = False  # send updates form-encoded (`update=`) instead of application/sparql-update
    dataset_dump: bool = False  # GET on the GSP endpoint without a graph returns every quad as N-Quads
    bulk_suffix: str = ""  # extra GSP parameters for a bulk (non-transactional) load
    insert_block: int | None = None  # most triples one INSERT DATA operation may hold
    bnode_prefix: str = ""  # written before blank node ids in results (not a valid id: stripped)
    results_accept: str = RESULTS_ACCEPT  # the results format the server writes fastest
    values_as_binds: bool = False  # rewrite VALUES blocks (Virtuoso mishandles them before property paths)
    request_quads: int = 200_000  # most quads one update request may hold before staging is used


DIALECTS: dict[str, Dialect] = {
    "oxigraph": Dialect("oxigraph", "/query", "/update", "/store", union_param="union-default-graph",
                        dataset_dump=True, bulk_suffix="&no_transaction"),
    # Virtuoso's default graph (no FROM) is already the union of the graphs the account may read;
    # its own graphs (virtrdf#, ldp#) are hidden by making them private (docs/scaling-out.md).
    "virtuoso": Dialect("virtuoso", gsp_path="-graph-crud", graph_param="graph-uri", update_form=True,
                        insert_block=2_000, request_quads=100_000, bnode_prefix="nodeID://",
                        results_accept="application/sparql-results+xml",  # its JSON writer is 2x slower
                        values_as_binds=True),
    # Fuseki: configure the dataset with tdb2:unionDefaultGraph true.
    "fuseki": Dialect("fuseki", "/query", "/update", "/data"),
    # GraphDB's default graph is the union of all graphs.
    "graphdb": Dialect("graphdb", "", "/statements", "/rdf-graphs/service", update_form=True),
    "qlever": Dialect("qlever"),
    "sparql": Dialect("sparql"),
}


def query_form(text: str) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE, read past the prologue (servers differ when Accept is mixed)."""
    match = _FORM.match(text)
    return match.group(1).upper() if match else None


def strip_bnode_prefix(data: bytes, prefix: str) -> bytes:
    """Virtuoso writes blank nodes as `nodeID://b1001` in results; keep the `b1001` its N-Triples also uses."""
    pattern = rb'(<bnode>|"type"\s*:\s*"bnode"\s*,\s*"value"\s*:\s*")' + re.escape(prefix.encode())
    return re.sub(pattern, rb"\1", data)


_TERM = (r"""<[^<>"\s]*>|"(?:[^"\\\n]|\\.)*"(?:@[A-Za-z0-9-]+|\^\^(?:<[^>]*>|[A-Za-z][\w.-]*:[\w.-]*))?"""
         r"|[A-Za-z][\w.-]*:[\w.-]*|_:[\w.-]+|[+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|UNDEF")
_ROW = rf"\(\s*(?:(?:{_TERM})\s*)*\)"
_VALUES = re.compile(
    rf"(?P<open>\{{\s*)VALUES\s*(?:(?P<var>\?\w+)\s*\{{(?P<terms>\s*(?:(?:{_TERM})\s*)*)\}}"
    rf"|\((?P<vars>\s*(?:\?\w+\s*)+)\)\s*\{{(?P<rows>\s*(?:{_ROW}\s*)*)\}})",
)
MAX_VALUES_ROWS = 200  # Virtuoso refuses a UNION of a few hundred groups ("length of generated SQL")


def _binds(variables: list[str], row: list[str]) -> str:
    return " ".join(f"BIND({term} AS {var})" for var, term in zip(variables, row) if term != "UNDEF")


# IRIs, strings and comments, blanked out before looking for path operators
_OPAQUE = re.compile(r"""<[^<>"\s]*>|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|\#[^\n]*""")
# `p*` `p+` `p?` right after a predicate, `/` or `|` (not `||`) between steps, `^p` (not `^^`)
_STEP = r"(?:<>|(?<![\w?$])a\b|[A-Za-z][\w.-]*:[\w.-]*|\))"
_PATH_OPERATOR = re.compile(rf"{_STEP}[*+?](?=[\s?$<(])|{_STEP}\s*(?:/|\|(?!\|))|(?<![\^\w])\^(?=[<\w(])")


def has_property_path(text: str) -> bool:
    """Whether a query uses a property path operator (outside IRIs, strings and comments)."""
    return _PATH_OPERATOR.search(_OPAQUE.sub(lambda m: "<>" if m[0].startswith("<") else '""', text)) is not None


def values_as_binds(text: str) -> str:
    """In a query with a property path, VALUES opening a group becomes BINDs (one row) or a UNION of
    BIND groups: the same solutions.

    Virtuoso 7.2 rejects a VALUES-bound start of a property path (`transitive start not given`) or
    ignores the binding, and joins a many-row VALUES block slowly; BIND has neither problem there.
    Without a path VALUES stays: Virtuoso fails on a BIND-opened group followed by OPTIONALs
    (`SP031 … no SPART_VARR_FIXED`).
    """
    if not has_property_path(text):
        return text

    def rewrite(match: re.Match[str]) -> str:
        if match["var"]:
            variables = [match["var"]]
            rows = [[term] for term in re.findall(_TERM, match["terms"])]
        else:
            variables = match["vars"].split()
            rows = [re.findall(_TERM, row) for row in re.findall(_ROW, match["rows"])]
        if not rows or len(rows) > MAX_VALUES_ROWS or any(len(row) != len(variables) for row in rows):
            return match[0]
        if len(rows) == 1:
            return f"{match['open']}{_binds(variables, rows[0])} "
        return match["open"] + " UNION ".join(f"{{ {_binds(variables, row)} }}" for row in rows) + " "

    return _VALUES.sub(rewrite, text)
