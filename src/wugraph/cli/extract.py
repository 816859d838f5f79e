"""`wugraph extract PATH...`: Vietnamese news articles (text, HTML, folders, .jsonl records) → candidate facts.

`--format json` prints the summary (one object for one article, an array of `{source, doc_id, …}` for
several); `jsonl` one such line per article; `trig` the document graphs. No store is needed: the unit
gazetteer comes from the bundled official lists. A store that already exists is read (never created)
for its units, the people it names (found even without a title) and its curated names. `--stage` puts each
article's graph in the staging area for review (`wugraph review`): nothing of it is public until a steward
accepts it. `--ingest` sends each graph straight through the single write path. An article
that cannot be read or is refused is named on stderr with the reason, the others are still written,
and the exit status is 1. Exit codes: 0 done, 1 an article refused or rejected, 2 usage error.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import click

from ..config import Settings
from ..curation.review import stage
from ..curation.workspace import Workspace
from ..errors import StoreError, UsageError, ValidationFailed, WugraphError
from ..extract import EXTRACTOR_NAME, VERSION, KnownNames
from ..extract.batch import ArticleInput, ArticleResult, read_inputs, run_one
from ..extract.summary import to_summary
from ..extract.to_rdf import RdfResult, to_dataset
from ..ingest import pipeline as ingest_core
from ..ingest.sources import Source
from ..reference.gazetteer import Gazetteer, default_cache_dir, gazetteer_for, gazetteer_from_lists
from ..store import Store, open_store, parse_location
from .main import main, settings as settings_of


def _say(error: WugraphError) -> None:
    """Both languages at once: extraction is run by people of either."""
    click.echo(f"error [{error.code}]: {error.message('en')} / {error.message('vi')}", err=True)
    report = getattr(error, "report", None)
    if report is not None:
        click.echo(report.to_text("en"), err=True)


def _existing_store(settings: Settings, ingest: bool) -> Store | None:
    """The configured store if it exists (read-only unless ingesting); never created here."""
    location = parse_location(settings.store)
    if location.folder is not None and not (location.folder.is_dir() and any(location.folder.iterdir())):
        if ingest:
            raise UsageError(f"Không có kho dữ liệu ở {location.folder}; hãy chạy `wugraph build` trước khi dùng --ingest.",
                             f"There is no store at {location.folder}; run `wugraph build` before using --ingest.")
        return None
    return open_store(location, read_only=not ingest, timeout=settings.query_timeout)


def _gazetteer(settings: Settings, store: Store | None) -> Gazetteer:
    cache = default_cache_dir()
    if store is not None:
        found = gazetteer_for(store, cache)
        if len(found.records) > 1000:
            return found
    return gazetteer_from_lists(settings.data_dir, settings.entity_base, cache)


@contextmanager
def _output(path: Path | None) -> Iterator[IO[bytes]]:
    """stdout, or a file written whole at the end (a temporary file renamed), so no half-written output is left."""
    if path is None:
        yield sys.stdout.buffer
        sys.stdout.flush()
        return
    handle, temporary = tempfile.mkstemp(dir=path.parent if str(path.parent) else ".", prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            yield out
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def _record(result: ArticleResult, summary: dict[str, Any]) -> dict[str, Any]:
    return {"source": result.input.source, "doc_id": result.input.doc_id, **summary}


def _results(items: list[ArticleInput], gazetteer: Gazetteer, known: KnownNames | None) -> Iterator[ArticleResult]:
    show = sys.stderr.isatty() and len(items) > 1
    if not show:
        for item in items:
            yield run_one(item, gazetteer, known)
        return
    with click.progressbar(items, label="extract", file=sys.stderr, show_pos=True) as bar:
        for item in bar:
            yield run_one(item, gazetteer, known)


def _ingest(store: Store, rdf: RdfResult, doc_id: str, settings: Settings) -> None:
    rdf.defer_to_known_names(store)
    source = Source(f"{doc_id}.trig", rdf.trig(), media_type="application/trig", source_id=doc_id)
    result = ingest_core.ingest(store, [source], settings, extractor=EXTRACTOR_NAME)
    for s in result.sources:
        again = " (replacing the previous version)" if s.replaced else ""
        click.echo(f"ingested: <{s.graph}>, {s.triples} triples{again}; {len(result.report.warnings)} warning(s)", err=True)


def _stage(workspace: Workspace, rdf: RdfResult, doc_id: str, source: str) -> None:
    """Stage one article's graph; nothing reaches the store (or /sparql) until a steward accepts it."""
    staged = stage(workspace, doc_id, Path(source).name, rdf.trig(), EXTRACTOR_NAME, VERSION)
    kept = f"; {staged.rejected_before} rejected before stay rejected" if staged.rejected_before else ""
    again = " (extracted again)" if staged.restaged else ""
    click.echo(f"staged: {doc_id}{again}, {staged.candidates} candidate facts{kept} → {workspace.area.root} "
               f"(review with `wugraph review show {doc_id}`)", err=True)
    for note in rdf.skipped:
        click.echo(f"note: {source}: left out of the graph: {note}", err=True)


@main.command("extract")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl", "trig"]), default="json", show_default=True,
              help="json: the summary with evidence; jsonl: one summary per line; trig: the document graphs.")
@click.option("--stage", "do_stage", is_flag=True, help="Put each article's graph in the staging area for review (`wugraph review`).")
@click.option("--ingest", "do_ingest", is_flag=True, help="Validate each document graph and write it to the store.")
@click.option("--doc-id", default=None, help="Source id naming graph/doc/{id} (one article only; default: the file name).")
@click.option("--html/--text", "is_html", default=None, help="Read files as HTML or plain text (default: by suffix and content).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True, path_type=Path), default=None,
              help="Write the result to a file instead of stdout.")
@click.pass_context
def extract_command(ctx: click.Context, paths: tuple[Path, ...], fmt: str, do_stage: bool, do_ingest: bool, doc_id: str | None,
                    is_html: bool | None, output: Path | None) -> None:
    """Extract events, people, organisations, models, programmes, adoptions and places from news articles.

    PATH is an article (.txt, .html), a folder of them, or a .jsonl file of {url?, date?, title?, text | html}.
    """
    settings = settings_of(ctx)
    if do_stage and (do_ingest or output is not None):
        _say(UsageError("--stage (chờ duyệt) không dùng cùng --ingest hay -o.", "--stage (review first) goes with neither --ingest nor -o."))
        sys.exit(2)
    items = list(read_inputs(paths, settings.max_upload_bytes))
    if doc_id is not None:
        if len(items) != 1:
            _say(UsageError("--doc-id chỉ dùng với một bài.", "--doc-id applies to one article only."))
            sys.exit(2)
        items = [ArticleInput(items[0].source, Source(doc_id, b"", source_id=doc_id).id, items[0].raw, items[0].is_html,
                              items[0].published, items[0].error)]
    if is_html is not None:
        items = [ArticleInput(i.source, i.doc_id, i.raw, is_html, i.published, i.error) for i in items]
    try:
        store = _existing_store(settings, do_ingest)
        if do_stage and store is None:
            raise UsageError(f"Không có kho dữ liệu ở {settings.store}; hãy chạy `wugraph build` trước khi dùng --stage.",
                             f"There is no store at {settings.store}; run `wugraph build` before using --stage.")
    except (UsageError, StoreError) as error:
        _say(error)
        sys.exit(2)
    failed = 0
    try:
        gazetteer = _gazetteer(settings, store)
        known = KnownNames.from_store(store) if store is not None else None
        records: list[dict[str, Any]] = []
        with _output(output) as out:
            for result in _results(items, gazetteer, known):
                if result.extraction is None:
                    failed += 1
                    _say(result.error or UsageError("?", "?"))
                    continue
                rdf = to_dataset(result.extraction) if fmt == "trig" or do_ingest or do_stage else None
                if do_stage and store is not None and rdf is not None:
                    _stage(Workspace(store, settings), rdf, result.input.doc_id, result.input.source)
                    continue
                if do_ingest and store is not None and rdf is not None:
                    try:
                        _ingest(store, rdf, result.input.doc_id, settings)
                    except ValidationFailed as error:
                        failed += 1
                        _say(error)
                        continue
                if fmt == "trig" and rdf is not None:
                    if store is not None and not do_ingest:
                        rdf.defer_to_known_names(store)
                    out.write(rdf.trig())
                    for note in rdf.skipped:
                        click.echo(f"note: {result.input.source}: left out of the graph: {note}", err=True)
                    continue
                summary = to_summary(result.extraction)
                if fmt == "jsonl":
                    out.write((json.dumps(_record(result, summary), ensure_ascii=False) + "\n").encode("utf-8"))
                else:
                    records.append(_record(result, summary) if len(items) > 1 else summary)
            if fmt == "json" and (records or len(items) > 1):
                body = records if len(items) > 1 else records[0]
                out.write((json.dumps(body, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    except WugraphError as error:
        _say(error)
        sys.exit(2 if isinstance(error, UsageError) else 1)
    finally:
        if store is not None:
            store.close()
    if failed:
        click.echo(f"{failed} of {len(items)} article(s) not extracted / {failed} trên {len(items)} bài không trích xuất được", err=True)
        sys.exit(1)
