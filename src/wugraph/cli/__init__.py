"""The `wugraph` command: each subcommand is a few lines over one core function.

Exit codes: 0 success, 1 data rejected or query failed, 2 usage error.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..endpoint import answer as sparql
from ..ingest.build import build as build_store
from ..config import Settings, load_settings
from ..errors import StoreError, UsageError, WugraphError
from ..pages.stats import collect
from ..store import RDF_FORMATS, open_store

QUERY_FORMATS = ("json", "xml", "csv", "tsv", "turtle", "ntriples", "jsonld", "nquads", "trig", "rdfxml")


def _settings(ctx: click.Context) -> Settings:
    return ctx.find_object(Settings) or load_settings()


def _fail(error: WugraphError, lang: str = "en") -> None:
    click.echo(f"error [{error.code}]: {error.message(lang)}", err=True)
    sys.exit(2 if isinstance(error, UsageError) else 1)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--store", envvar="WUGRAPH_STORE", default=None, help="Store folder (default var/store, or $WUGRAPH_STORE).")
@click.version_option(package_name="wugraph")
@click.pass_context
def main(ctx: click.Context, store: str | None) -> None:
    """wugraph: knowledge graph of the Vietnam Women's Union (Hội LHPN Việt Nam)."""
    ctx.obj = load_settings({"store": store})


@main.command()
@click.option("--force", is_flag=True, help="Rebuild every bundle even when unchanged.")
@click.pass_context
def build(ctx: click.Context, force: bool) -> None:
    """Load ontology/, data/ and shapes/ into the store (quick when nothing changed)."""
    settings = _settings(ctx)
    try:
        with open_store(settings.store_location) as store:
            report = build_store(store, settings, force=force)
            total = store.count()
    except StoreError as error:
        _fail(error)
    click.echo(f"built {len(report.built)} graphs ({report.triples} triples), skipped {len(report.skipped)} unchanged, "
               f"{report.seconds:.2f} s; store {settings.store_location} holds {total} quads")


@main.command()
@click.argument("query")
@click.option("--format", "fmt", type=click.Choice(QUERY_FORMATS), default=None,
              help="json/xml/csv/tsv for SELECT and ASK (default json); turtle/ntriples/... for CONSTRUCT and DESCRIBE (default turtle).")
@click.pass_context
def query(ctx: click.Context, query: str, fmt: str | None) -> None:
    """Run QUERY (SPARQL text, or @file.rq) over the union of all graphs."""
    settings = _settings(ctx)
    text = Path(query[1:]).read_text(encoding="utf-8") if query.startswith("@") else query
    try:
        with open_store(settings.store_location) as store:
            result = sparql.execute(store, text, settings)
            graph = sparql.is_graph_result(result)
            chosen = sparql.by_name(fmt or ("turtle" if graph else "json"), graph)
            sys.stdout.buffer.write(sparql.serialize(result, chosen))
    except WugraphError as error:
        _fail(error)


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_context
def stats(ctx: click.Context, as_json: bool) -> None:
    """Counts per named graph and per class, and units valid today."""
    settings = _settings(ctx)
    try:
        with open_store(settings.store_location) as store:
            result = collect(store)
    except WugraphError as error:
        _fail(error)
    if as_json:
        import dataclasses
        import json

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
@click.option("--format", "fmt", type=click.Choice(sorted(RDF_FORMATS)), default="nquads")
@click.option("--graph", default=None, help="Dump one named graph only.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default="-")
@click.pass_context
def dump(ctx: click.Context, fmt: str, graph: str | None, output: str) -> None:
    """Write the store (N-Quads or TriG keep the graphs) to a file or stdout."""
    settings = _settings(ctx)
    try:
        with open_store(settings.store_location) as store:
            if output == "-":
                store.dump(sys.stdout.buffer, fmt, graph)
            else:
                with open(output, "wb") as handle:
                    store.dump(handle, fmt, graph)
    except WugraphError as error:
        _fail(error)


@main.command()
@click.option("--host", default=None, help="Interface to listen on (default 127.0.0.1).")
@click.option("--port", type=int, default=None, help="Port (default 8000).")
@click.option("--debug", is_flag=True, help="Flask's development server with reloader off.")
@click.pass_context
def serve(ctx: click.Context, host: str | None, port: int | None, debug: bool) -> None:
    """Serve the SPARQL endpoint and pages (waitress; Flask's server only with --debug)."""
    from ..web import create_app, run_server

    settings = load_settings({"store": _settings(ctx).store, "host": host, "port": port})
    try:
        app = create_app(settings)
    except WugraphError as error:
        _fail(error)
    run_server(app, settings, debug=debug)


# Command groups of other areas register themselves on `main` when imported (one module each).
from . import _extensions  # noqa: E402,F401
