"""`wugraph ingest | validate | retract | sources`: the single write path, from the command line.

Exit codes: 0 accepted (warnings included), 1 rejected (the report goes to stderr as text, or to
stdout as JSON or Turtle), 2 usage error.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
import time
from pathlib import Path
from typing import Any, NoReturn

import click

from ..ingest import pipeline as core
from ..errors import UsageError, ValidationFailed, WugraphError
from ..ingest.sources import Source, read_path
from ..store import open_store
from ..ingest.validate import Report
from . import _settings, main

LANGS = ("vi", "en")
FORMATS = ("text", "json", "turtle")
_FILES = click.Path(exists=True, dir_okay=False, path_type=Path)


def _say(lang: str, vi: str, en: str) -> str:
    return vi if lang == "vi" else en


def _json(data: dict[str, Any]) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _refuse(error: WugraphError, lang: str, fmt: str) -> NoReturn:
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
    settings = _settings(ctx)
    started = time.perf_counter()

    def progress(stage: str) -> None:
        if verbose:
            click.echo(f"[{time.perf_counter() - started:7.2f} s] {stage}", err=True)

    try:
        sources = _sources(files, settings)
        with open_store(settings.store_location) as store:
            result = core.ingest(store, sources, settings, steward=steward, dry_run=dry_run, progress=progress)
    except WugraphError as error:
        _refuse(error, lang, fmt)
    _accepted(result, lang, fmt)


@main.command("validate")
@click.argument("files", nargs=-1, type=_FILES)
@click.option("--all", "check_all", is_flag=True, help="Validate everything in the store against every shape.")
@click.option("--lang", type=click.Choice(LANGS), default="vi", show_default=True)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.pass_context
def validate_command(ctx: click.Context, files: tuple[Path, ...], check_all: bool, lang: str, fmt: str) -> None:
    """Check FILE... exactly as `ingest` would (nothing is written), or the whole store with --all."""
    settings = _settings(ctx)
    if bool(files) == check_all:
        _refuse(UsageError("Hãy chỉ định tệp, hoặc --all (không dùng cả hai).", "Give files or --all (not both)."), lang, fmt)
    try:
        with open_store(settings.store_location) as store:
            if check_all:
                report = core.check_store(store, settings)
                if not report.conforms:
                    raise core.rejected(report)
            else:
                result = core.check(store, _sources(files, settings), settings)
    except WugraphError as error:
        _refuse(error, lang, fmt)
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
    settings = _settings(ctx)
    try:
        with open_store(settings.store_location) as store:
            info = core.retract(store, source, settings)
    except WugraphError as error:
        _refuse(error, lang, "text")
    click.echo(_say(lang, f"Đã gỡ nguồn {info.source_id}: <{info.graph}> ({info.triples} bộ ba).",
                    f"Retracted {info.source_id}: <{info.graph}> ({info.triples} triples)."))


@main.command("sources")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_context
def sources_command(ctx: click.Context, as_json: bool) -> None:
    """List the document graphs (ingested and bundled sources) with their triple counts."""
    settings = _settings(ctx)
    try:
        with open_store(settings.store_location) as store:
            found = core.list_sources(store)
    except WugraphError as error:
        _refuse(error, "en", "text")
    if as_json:
        click.echo(json.dumps([asdict(s) for s in found], ensure_ascii=False, indent=2))
        return
    for s in found:
        click.echo(f"{s.triples:>9}  {s.source_id:<40} {s.file or '-':<30} {s.generated or '-':<26} {s.agent or '-'}")
