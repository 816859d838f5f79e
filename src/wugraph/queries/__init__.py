"""Named SPARQL queries: one `.rq` file each, loaded by name and run with bound RDF terms.

Values never enter query text by string formatting; they are bound as terms (substitutions),
so a label containing quotes or braces cannot change what a query means.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Mapping

from ..errors import NotFoundError
from ..namespaces import sparql_prologue
from ..store import QueryResult, Store, Term


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


def bind(query: str, bindings: Mapping[str, Term] | None) -> str:
    """Join the outermost WHERE group with a VALUES row of serialised terms (N-Triples syntax).

    Terms are written by pyoxigraph, which escapes them, so bound values cannot alter the query.
    """
    if not bindings:
        return query
    match = _WHERE.search(query)
    if match is None:
        raise ValueError("a parameterised query needs an explicit WHERE {")
    names = " ".join(f"?{name}" for name in bindings)
    values = " ".join(str(term) for term in bindings.values())
    return f"{query[: match.end()]}\n  VALUES ({names}) {{ ({values}) }}\n{query[match.end():]}"


def run(store: Store, name: str, bindings: Mapping[str, Term] | None = None) -> QueryResult:
    """Run a named query with variables bound to RDF terms."""
    return store.query(bind(text(name), bindings))


def rows(store: Store, name: str, bindings: Mapping[str, Term] | None = None) -> list[dict[str, Term]]:
    """A SELECT query's solutions as dicts of bound terms (unbound variables left out)."""
    result = run(store, name, bindings)
    variables = [v.value for v in result.variables]  # type: ignore[union-attr]
    out: list[dict[str, Term]] = []
    for solution in result:  # type: ignore[union-attr]
        out.append({v: solution[v] for v in variables if solution[v] is not None})
    return out
