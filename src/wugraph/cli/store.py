"""`wugraph build | query | stats | dump | serve`: the store itself, from the command line."""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path

import click

from ..core import Wugraph
from ..endpoint.answer import is_graph_result, serialize
from ..errors import WugraphError
from ..formats import GRAPH_FORMATS, RESULT_FORMATS, by_name, names
from ..ingest.build import build as build_store
from .main import fail, main, opened, settings


@main.command()
@click.option("--force", is_flag=True, help="Rebuild every bundle even when unchanged.")
@click.pass_context
def build(ctx: click.Context, force: bool) -> None:
    """Load ontology/, data/ and shapes/ into the store (quick when nothing changed)."""
    with opened(ctx) as graph:
        report = build_store(graph.store, graph.settings, force=force)
        total = graph.store.count()
    click.echo(f"built {len(report.built)} graphs ({report.triples} triples), skipped {len(report.skipped)} unchanged, "
               f"{report.seconds:.2f} s; store {graph.location} holds {total} quads")


@main.command()
@click.argument("query")
@click.option("--format", "fmt", type=click.Choice(names(RESULT_FORMATS + GRAPH_FORMATS)), default=None,
              help="json/xml/csv/tsv for SELECT and ASK (default json); turtle/ntriples/... for CONSTRUCT and DESCRIBE (default turtle).")
@click.pass_context
def query(ctx: click.Context, query: str, fmt: str | None) -> None:
    """Run QUERY (SPARQL text, or @file.rq) over the union of all graphs."""
    text = Path(query[1:]).read_text(encoding="utf-8") if query.startswith("@") else query
    with opened(ctx) as graph:
        result = graph.query(text)
        graph_result = is_graph_result(result)
        chosen = by_name(fmt or ("turtle" if graph_result else "json"), graph_result)
        sys.stdout.buffer.write(serialize(result, chosen))


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_context
def stats(ctx: click.Context, as_json: bool) -> None:
    """Counts per named graph and per class, and units valid today."""
    with opened(ctx) as graph:
        result = graph.stats()
    if as_json:
        click.echo(json.dumps(dataclasses.asdict(result), ensure_ascii=False, indent=2))
        return
    click.echo(f"store version {result.version}: {result.total} triples in {len(result.graphs)} named graphs")
    for g in result.graphs:
        click.echo(f"  {g.triples:>9}  {g.graph}")
    click.echo("units valid today: " + ", ".join(f"{level} {n}" for level, n in result.units_today))
    click.echo("classes:")
    for cls, n in result.classes[:25]:
        click.echo(f"  {n:>9}  {cls}")


@main.command()
@click.option("--format", "fmt", type=click.Choice(names(GRAPH_FORMATS)), default="nquads")
@click.option("--graph", "graph_iri", default=None, help="Dump one named graph only.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default="-")
@click.pass_context
def dump(ctx: click.Context, fmt: str, graph_iri: str | None, output: str) -> None:
    """Write the store (N-Quads or TriG keep the graphs) to a file or stdout."""
    with opened(ctx) as graph:
        if output == "-":
            graph.store.dump(sys.stdout.buffer, fmt, graph_iri)
        else:
            with open(output, "wb") as handle:
                graph.store.dump(handle, fmt, graph_iri)


@main.command()
@click.option("--host", default=None, help="Interface to listen on (default 127.0.0.1).")
@click.option("--port", type=int, default=None, help="Port (default 8000).")
@click.option("--debug", is_flag=True, help="Flask's development server with reloader off.")
@click.pass_context
def serve(ctx: click.Context, host: str | None, port: int | None, debug: bool) -> None:
    """Serve the SPARQL endpoint and pages (waitress; Flask's server only with --debug)."""
    from ..web import create_app, run_server  # Flask only when serving

    try:
        app = create_app(graph=Wugraph(settings(ctx, host=host, port=port)))
    except WugraphError as error:
        fail(error)
    run_server(app, debug=debug)
