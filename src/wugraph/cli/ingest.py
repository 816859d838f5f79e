"""`wugraph ingest | validate | retract | sources`: the single write path, from the command line.

Exit codes: 0 accepted (warnings included), 1 rejected (the report goes to stderr as text, or to
stdout as JSON or Turtle), 2 usage error.
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any, NoReturn

import click

from ..errors import UsageError, ValidationFailed, WugraphError
from ..ingest import pipeline as core
from ..ingest.sources import Source, read_path
from ..ingest.validate import Report
from .main import main, opened

LANGS = ("vi", "en")
FORMATS = ("text", "json", "turtle")
_FILES = click.Path(exists=True, dir_okay=False, path_type=Path)


def _say(lang: str, vi: str, en: str) -> str:
    return vi if lang == "vi" else en


def _json(data: dict[str, Any]) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _refuse(error: WugraphError, lang: str, fmt: str = "text") -> NoReturn:
    """Report a rejection or error in the chosen format and exit 1 (2 for usage errors)."""
    report: Report | None = error.report if isinstance(error, ValidationFailed) else None
    if fmt == "json":
        _json({**error.to_dict(), **(report.to_dict() if report else {})})
    elif fmt == "turtle" and report is not None:
        click.echo(report.report_turtle)
    else:
        click.echo(f"error [{error.code}]: {error.message(lang)}", err=True)
        if report is not None:
            click.echo(report.to_text(lang), err=True)
    sys.exit(2 if isinstance(error, UsageError) else 1)


def _accepted(result: core.IngestResult, lang: str, fmt: str) -> None:
    if fmt == "json":
        _json(result.to_dict())
        return
    if fmt == "turtle":
        click.echo(result.report.report_turtle)
        return
    verb = (_say(lang, "Đã nạp", "Ingested") if result.written else _say(lang, "Hợp lệ, chưa ghi", "Valid, not written"))
    for s in result.sources:
        again = ""
        if s.replaced:
            again = (_say(lang, ", giống hệt bản đã có", ", identical to the stored version") if s.unchanged
                     else _say(lang, ", thay thế bản cũ", ", replacing the previous version"))
        click.echo(f"{verb}: {s.name} → <{s.graph}> ({s.triples} {_say(lang, 'bộ ba', 'triples')}{again})")
    if result.has_warnings:
        click.echo(result.report.to_text(lang))


def _sources(files: tuple[Path, ...], settings: Any) -> list[Source]:
    return [read_path(path, settings) for path in files]


@main.command("ingest")
@click.argument("files", nargs=-1, required=True, type=_FILES)
@click.option("--dry-run", is_flag=True, help="Validate and report, write nothing.")
@click.option("--lang", type=click.Choice(LANGS), default="vi", show_default=True, help="Language of text reports.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True, help="Report format.")
@click.option("--steward", default=None, envvar="WUGRAPH_STEWARD", help="Who is answerable for this batch (prov:wasAttributedTo).")
@click.option("-v", "--verbose", is_flag=True, help="Print each stage and its time on stderr.")
@click.pass_context
def ingest_command(ctx: click.Context, files: tuple[Path, ...], dry_run: bool, lang: str, fmt: str,
                   steward: str | None, verbose: bool) -> None:
    """Validate FILE... as one batch and, if valid, write it in one transaction (Turtle, TriG, N-Triples,
    N-Quads, JSON-LD, RDF/XML, CSV templates, Popolo JSON)."""
    started = time.perf_counter()

    def progress(stage: str) -> None:
        if verbose:
            click.echo(f"[{time.perf_counter() - started:7.2f} s] {stage}", err=True)

    with opened(ctx, on_error=lambda error: _refuse(error, lang, fmt)) as graph:
        sources = _sources(files, graph.settings)
        result = core.ingest(graph.store, sources, graph.settings, steward=steward, dry_run=dry_run, progress=progress)
    _accepted(result, lang, fmt)


@main.command("validate")
@click.argument("files", nargs=-1, type=_FILES)
@click.option("--all", "check_all", is_flag=True, help="Validate everything in the store against every shape.")
@click.option("--lang", type=click.Choice(LANGS), default="vi", show_default=True)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.pass_context
def validate_command(ctx: click.Context, files: tuple[Path, ...], check_all: bool, lang: str, fmt: str) -> None:
    """Check FILE... exactly as `ingest` would (nothing is written), or the whole store with --all."""
    if bool(files) == check_all:
        _refuse(UsageError("Hãy chỉ định tệp, hoặc --all (không dùng cả hai).", "Give files or --all (not both)."), lang, fmt)
    with opened(ctx, on_error=lambda error: _refuse(error, lang, fmt)) as graph:
        if check_all:
            report = core.check_store(graph.store, graph.settings)
            if not report.conforms:
                raise core.rejected(report)
        else:
            result = core.check(graph.store, _sources(files, graph.settings), graph.settings)
    if not check_all:
        _accepted(result, lang, fmt)
    elif fmt == "json":
        _json(report.to_dict())
    else:
        click.echo(report.report_turtle if fmt == "turtle" else report.to_text(lang))


@main.command("retract")
@click.argument("source")
@click.option("--lang", type=click.Choice(LANGS), default="vi", show_default=True)
@click.pass_context
def retract_command(ctx: click.Context, source: str, lang: str) -> None:
    """Remove SOURCE (source id, file name or graph IRI): its graph and its provenance, nothing else."""
    with opened(ctx, on_error=lambda error: _refuse(error, lang)) as graph:
        info = core.retract(graph.store, source, graph.settings)
    click.echo(_say(lang, f"Đã gỡ nguồn {info.source_id}: <{info.graph}> ({info.triples} bộ ba).",
                    f"Retracted {info.source_id}: <{info.graph}> ({info.triples} triples)."))


@main.command("sources")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_context
def sources_command(ctx: click.Context, as_json: bool) -> None:
    """List the document graphs (ingested and bundled sources) with their triple counts."""
    with opened(ctx) as graph:
        found = core.list_sources(graph.store)
    if as_json:
        click.echo(json.dumps([asdict(s) for s in found], ensure_ascii=False, indent=2))
        return
    for s in found:
        click.echo(f"{s.triples:>9}  {s.source_id:<40} {s.file or '-':<30} {s.generated or '-':<26} {s.agent or '-'}")
