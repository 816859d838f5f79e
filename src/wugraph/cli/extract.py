"""`wugraph extract FILE...`: Vietnamese news articles (text or HTML) → candidate facts with evidence.

`--format json` prints the summary (article, events, persons, organizations, models, places, every
item with evidence and confidence); `--format trig` the document graph. `--stage` puts each
article's graph in the staging area for review (`wugraph review`), where nothing is public until a
steward accepts it; `--ingest` sends the graph straight through the single write path (SHACL-gated,
attributed to the extractor). Exit codes: 0 done, 1 rejected by validation, 2 usage error
(unreadable file, bad option).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import NoReturn

import click

from ..curation.review import stage
from ..curation.workspace import Workspace
from ..errors import UsageError, WugraphError
from ..extract import EXTRACTOR_NAME, VERSION, extract, gazetteer_for
from ..extract.summary import to_summary
from ..extract.to_rdf import to_dataset
from ..ingest import pipeline as ingest_core
from ..ingest.sources import Source, decode, read_path
from .main import main, opened


def _fail(error: WugraphError) -> NoReturn:
    """Both languages at once: extraction is run by people of either."""
    click.echo(f"error [{error.code}]: {error.message('en')} / {error.message('vi')}", err=True)
    report = getattr(error, "report", None)
    if report is not None:
        click.echo(report.to_text("en"), err=True)
    sys.exit(2 if isinstance(error, UsageError) else 1)


@main.command("extract")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["json", "trig"]), default="json", show_default=True,
              help="json: the summary with evidence; trig: the document graph.")
@click.option("--stage", "do_stage", is_flag=True, help="Put each article's graph in the staging area for review (`wugraph review`).")
@click.option("--ingest", "do_ingest", is_flag=True, help="Validate the document graph and write it to the store.")
@click.option("--doc-id", default=None, help="Source id naming graph/doc/{id} and doc/{id} (default: the file name).")
@click.option("--html/--text", "is_html", default=None, help="Read FILE as HTML or plain text (default: by suffix and content).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True, path_type=Path), default=None,
              help="Write the result to a file instead of stdout.")
@click.pass_context
def extract_command(ctx: click.Context, files: tuple[Path, ...], fmt: str, do_stage: bool, do_ingest: bool, doc_id: str | None,
                    is_html: bool | None, output: Path | None) -> None:
    """Extract events, people, organisations, models and places from FILE... (news articles)."""
    if do_stage and do_ingest:
        _fail(UsageError("Chọn --stage (chờ duyệt) hoặc --ingest (ghi thẳng), không dùng cả hai.",
                         "Choose --stage (review first) or --ingest (write straight away), not both."))
    if len(files) > 1 and (doc_id is not None or output is not None or not do_stage):
        _fail(UsageError("Nhiều tệp chỉ dùng được với --stage, không kèm --doc-id hay -o.",
                         "Several files work only with --stage, without --doc-id or -o."))
    if do_stage:
        _stage_all(ctx, files, doc_id, is_html)
        return
    file = files[0]
    source_id = Source(file.name, b"", source_id=doc_id).id
    if is_html is None and file.suffix.lower() in (".html", ".htm"):
        is_html = True
    with opened(ctx, on_error=_fail) as graph:
        store = graph.store
        raw = decode(read_path(file, graph.settings), graph.settings)
        extraction = extract(raw, gazetteer_for(store), doc_id=source_id, is_html=is_html)
        rdf = to_dataset(extraction)
        trig = rdf.trig()
        result = None
        if do_ingest:
            if rdf.defer_to_known_names(store):
                trig = rdf.trig()
            graph_source = Source(f"{source_id}.trig", trig, media_type="application/trig", source_id=source_id)
            result = ingest_core.ingest(store, [graph_source], graph.settings, extractor=EXTRACTOR_NAME)
    body = trig if fmt == "trig" else (json.dumps(to_summary(extraction), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    if output is not None:
        output.write_bytes(body)
    else:
        sys.stdout.buffer.write(body)
        sys.stdout.flush()
    for note in rdf.skipped:
        click.echo(f"note: left out of the graph: {note}", err=True)
    if fmt == "trig" and output is not None and output.stem != source_id:
        click.echo(f"note: `wugraph ingest` names a graph after its file; save it as {source_id}.trig to ingest it later", err=True)
    if result is not None:
        for s in result.sources:
            again = " (replacing the previous version)" if s.replaced else ""
            click.echo(f"ingested: <{s.graph}>, {s.triples} triples{again}; {len(result.report.warnings)} warning(s)", err=True)


def _stage_all(ctx: click.Context, files: tuple[Path, ...], doc_id: str | None, is_html: bool | None) -> None:
    """Extract each file and stage its graph; nothing reaches the store (or /sparql) until it is accepted."""
    with opened(ctx, on_error=_fail) as graph:
        workspace = Workspace(graph.store, graph.settings)
        gazetteer = gazetteer_for(graph.store)
        for file in files:
            source_id = Source(file.name, b"", source_id=doc_id).id
            html = True if is_html is None and file.suffix.lower() in (".html", ".htm") else is_html
            raw = decode(read_path(file, graph.settings), graph.settings)
            rdf = to_dataset(extract(raw, gazetteer, doc_id=source_id, is_html=html))
            staged = stage(workspace, source_id, file.name, rdf.trig(), EXTRACTOR_NAME, VERSION)
            kept = f"; {staged.rejected_before} rejected before stay rejected" if staged.rejected_before else ""
            again = " (extracted again)" if staged.restaged else ""
            click.echo(f"staged: {source_id}{again}, {staged.candidates} candidate facts{kept} → "
                       f"{workspace.area.root} (review with `wugraph review show {source_id}`)", err=True)
            for note in rdf.skipped:
                click.echo(f"note: left out of the graph: {note}", err=True)
