"""Named SPARQL queries: one `.rq` file each, loaded by name and run with bound RDF terms.

Values never enter query text by string formatting; they are bound as terms (substitutions),
so a label containing quotes or braces cannot change what a query means.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Iterable, Mapping

from ..errors import NotFoundError
from ..namespaces import sparql_prologue
from ..store import QueryResult, Store, Term, rdf


@lru_cache(maxsize=None)
def text(name: str) -> str:
    """The query text of `name.rq`, with the standard prefixes prepended."""
    try:
        body = resources.files(__package__).joinpath(f"{name}.rq").read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise NotFoundError(f"Không có truy vấn tên {name}.", f"No query named {name}.") from exc
    return sparql_prologue() + body


def names() -> list[str]:
    """Every named query shipped with the package."""
    return sorted(p.name[:-3] for p in resources.files(__package__).iterdir() if p.name.endswith(".rq"))


_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def join_where(query: str, pattern: str) -> str:
    """Put a pattern (a VALUES block, a target) at the start of the outermost WHERE group."""
    match = _WHERE.search(query)
    if match is None:
        raise ValueError("a parameterised query needs an explicit WHERE {")
    return f"{query[: match.end()]}\n  {pattern}\n{query[match.end():]}"


def bind(query: str, bindings: Mapping[str, Term] | None) -> str:
    """Join the outermost WHERE group with a VALUES row of serialised terms (N-Triples syntax).

    Terms are written by pyoxigraph, which escapes them, so bound values cannot alter the query.
    """
    if not bindings:
        return query
    names = " ".join(f"?{name}" for name in bindings)
    values = " ".join(str(term) for term in bindings.values())
    return join_where(query, f"VALUES ({names}) {{ ({values}) }}")


def bind_iris(query: str, variable: str, iris: Iterable[str]) -> str:
    """Bind one variable to many IRIs in a single VALUES block; invalid IRIs are dropped, never pasted."""
    rows = []
    for iri in iris:
        try:
            rows.append(str(rdf.NamedNode(iri)))
        except ValueError:
            continue
    return join_where(query, f"VALUES ?{variable} {{ {' '.join(rows)} }}")


def run(store: Store, name: str, bindings: Mapping[str, Term] | None = None) -> QueryResult:
    """Run a named query with variables bound to RDF terms."""
    return store.query(bind(text(name), bindings))


def rows(store: Store, name: str, bindings: Mapping[str, Term] | None = None) -> list[dict[str, Term]]:
    """A SELECT query's solutions as dicts of bound terms (unbound variables left out)."""
    return _as_dicts(run(store, name, bindings))


def result_rows(store: Store, query: str) -> list[dict[str, Term]]:
    """Rows of a query text already bound (e.g. by `bind_iris`)."""
    return _as_dicts(store.query(query))


def _as_dicts(result: QueryResult) -> list[dict[str, Term]]:
    variables = [v.value for v in result.variables]  # type: ignore[union-attr]
    out: list[dict[str, Term]] = []
    for solution in result:  # type: ignore[union-attr]
        out.append({v: solution[v] for v in variables if solution[v] is not None})
    return out
