"""`wugraph review list|show|accept|reject|edit|merge|split|units`: decide on staged articles from the command line.

Documents are named by id (DOC), single candidates as DOC:ID (DOC:m1 is the first model, a = adoption,
p = person, t = position, e = event, o = organisation, s = speech). The steward who decides is
`--steward`, else $WUGRAPH_STEWARD, else the login name. Exit codes: 0 done, 1 refused by the
shapes (the report goes to stderr), 2 usage error (unknown document or candidate, accepting twice…).
"""

from __future__ import annotations

import getpass
import json
import sys
import time
from datetime import date
from collections.abc import Callable
from typing import Any, NoReturn

import click

from ..curation import review as ops
from ..curation.edits import describe_unit, find_units
from ..curation.views import doc_list, doc_view
from ..curation.workspace import Workspace
from ..errors import NotFoundError, UsageError, ValidationFailed, WugraphError
from .main import WugraphGroup, main, opened

_STEWARD = click.option("--steward", envvar="WUGRAPH_STEWARD", default=None,
                        help="Who decides (prov:wasAttributedTo); default $WUGRAPH_STEWARD, else the login name.")
_LANG = click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True)


def _say(lang: str, vi: str, en: str) -> str:
    return vi if lang == "vi" else en


def _fail(error: WugraphError) -> NoReturn:
    """Both languages at once; an unknown document or candidate is a usage error (2), a refusal by the shapes 1."""
    click.echo(f"error [{error.code}]: {error.message('vi')} / {error.message('en')}", err=True)
    if isinstance(error, ValidationFailed):
        if error.details.get("candidates"):
            click.echo("candidates: " + ", ".join(error.details["candidates"]), err=True)
        if error.report is not None:
            click.echo(error.report.to_text("vi"), err=True)
    sys.exit(2 if isinstance(error, (UsageError, NotFoundError)) else 1)


def _steward(given: str | None) -> str:
    return given or getpass.getuser()


def _progress(verbose: bool) -> Callable[[str], None]:
    """Stages of a store write on stderr (parse, validate, commit, done), timed from the start of the command."""
    started = time.perf_counter()

    def progress(stage: str) -> None:
        if verbose:
            click.echo(f"[{time.perf_counter() - started:7.2f} s] {stage}", err=True)

    return progress


def _json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@main.group("review", cls=WugraphGroup)
def review() -> None:
    """Review staged articles (`wugraph extract FILE... --stage`): accept, reject or correct their facts."""


@review.command("list")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--status", type=click.Choice(["pending", "accepted", "rejected", "retracted"]), default=None)
@_LANG
@click.pass_context
def list_command(ctx: click.Context, fmt: str, status: str | None, lang: str) -> None:
    """Staged articles with counts of their candidate facts (pending first)."""
    with opened(ctx, on_error=_fail) as graph:
        docs = doc_list(Workspace(graph.store, graph.settings), status)
    if fmt == "json":
        _json(docs)
        return
    if not docs:
        click.echo(_say(lang, "Không có bài nào trong khu chờ duyệt.", "No staged article."))
    for d in docs:
        c = d["counts"]
        kinds = ", ".join(f"{k} {n}" for k, n in sorted(d["pending_by_kind"].items()))
        click.echo(f"{d['doc']:<32} {d['status']:<9} {d['published'] or '-':<10} "
                   + _say(lang, f"chờ {c['pending']}, nhận {c['accepted']}, bác {c['rejected']}, bỏ theo {c['dropped']}",
                          f"pending {c['pending']}, accepted {c['accepted']}, rejected {c['rejected']}, dropped {c['dropped']}")
                   + (f"  ({kinds})" if kinds else ""))


def _field_text(f: dict[str, Any], lang: str) -> str:
    if "iri" in f:
        labels = f["labels"]
        return f"{f['field']}={labels.get(lang) or labels.get('vi') or f['iri']}"
    return f"{f['field']}={f['value']}"


@review.command("show")
@click.argument("doc")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@_LANG
@click.pass_context
def show_command(ctx: click.Context, doc: str, fmt: str, lang: str) -> None:
    """One staged article: every candidate with its status, what it says, its evidence and its merges."""
    with opened(ctx, on_error=_fail) as graph:
        view = doc_view(Workspace(graph.store, graph.settings), doc)
    if fmt == "json":
        _json(view)
        return
    click.echo(f"{view['doc']} · {view['status']} · {view['published'] or '-'} · {view['headline'] or view['file']}")
    for c in view["candidates"]:
        click.echo(f"  {c['id']:<4} {c['status']:<9} {c['kind']:<13} " + "; ".join(_field_text(f, lang) for f in c["fields"]))
        for e in c["evidence"][:2]:
            click.echo(f"       “{e['quote'][:110]}” [{e['start']}:{e['end']}] {e['rule']}")
        if c["decision"] and c["decision"].get("reason"):
            click.echo(f"       {_say(lang, 'lý do', 'reason')}: {c['decision']['reason']}")
    if view["merges"]:
        click.echo(_say(lang, "Hợp nhất (tách bằng `wugraph review split ID`):", "Merges (undo with `wugraph review split ID`):"))
    for m in view["merges"]:
        mark = _say(lang, "giữ riêng", "kept apart") if m["apart"] else "→"
        click.echo(f"  {m['id']} {m['candidate']:<4} “{m['written']}” {mark} {m['target_label']} <{m['target']}> "
                   f"[{m['rule']}; {m['against'] or '-'}; {m['detail']}]")


def _report(outcome: ops.Outcome, lang: str, fmt: str) -> None:
    if fmt == "json":
        _json(outcome.to_dict())
        return
    for doc_id, info in outcome.docs.items():
        if outcome.action == "accept":
            click.echo(_say(lang, f"Đã chấp nhận {doc_id}: {info['accepted']} dữ kiện → <{info['graph']}> ({info['triples']} bộ ba)",
                            f"Accepted {doc_id}: {info['accepted']} facts → <{info['graph']}> ({info['triples']} triples)"))
            for m in info["merges"]:
                click.echo(f"  {m['id']} “{m['written']}” → {m['target_label']} [{m['rule']}]")
        elif outcome.action == "reject":
            gone = _say(lang, "; đã gỡ khỏi kho", "; removed from the store") if outcome.written else ""
            click.echo(_say(lang, f"Đã bác bỏ {doc_id}: {info['rejected']} dữ kiện{gone}", f"Rejected {doc_id}: {info['rejected']} facts{gone}"))
        else:
            stored = _say(lang, " (đã ghi vào kho)", " (written to the store)") if outcome.written else ""
            click.echo(f"{outcome.action} {doc_id}:{info.get('candidate')}{stored}")


@review.command("accept")
@click.argument("refs", nargs=-1)
@click.option("--all", "everything", is_flag=True, help="Accept every pending candidate of every staged article.")
@_STEWARD
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("-v", "--verbose", is_flag=True, help="Print each stage of the write and its time on stderr.")
@_LANG
@click.pass_context
def accept_command(ctx: click.Context, refs: tuple[str, ...], everything: bool, steward: str | None, fmt: str,
                   verbose: bool, lang: str) -> None:
    """Accept DOC... (every pending candidate), DOC:ID... (single candidates) or --all, in one transaction."""
    if bool(refs) == everything:
        _fail(UsageError("Hãy chỉ định bài (DOC, DOC:ID) hoặc --all (không dùng cả hai).", "Give DOC... (or DOC:ID...) or --all, not both."))
    progress = _progress(verbose)
    with opened(ctx, on_error=_fail) as graph:
        outcome = ops.accept(Workspace(graph.store, graph.settings), refs, _steward(steward), everything, progress)
    progress("finished")
    _report(outcome, lang, fmt)


@review.command("reject")
@click.argument("refs", nargs=-1, required=True)
@click.option("--reason", default=None, help="Why (kept, so extracting the article again does not bring them back).")
@_STEWARD
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("-v", "--verbose", is_flag=True, help="Print each stage of a store write and its time on stderr.")
@_LANG
@click.pass_context
def reject_command(ctx: click.Context, refs: tuple[str, ...], reason: str | None, steward: str | None, fmt: str,
                   verbose: bool, lang: str) -> None:
    """Reject DOC... (the whole article; removed from the store if it was accepted) or DOC:ID... (single candidates)."""
    progress = _progress(verbose)
    with opened(ctx, on_error=_fail) as graph:
        outcome = ops.reject(Workspace(graph.store, graph.settings), refs, _steward(steward), reason, progress)
    progress("finished")
    _report(outcome, lang, fmt)


@review.command("edit")
@click.argument("ref")
@click.option("--unit", default=None, help="Unit by GSO code or name (any spelling), valid on the fact's day.")
@click.option("--learned-from", default=None, help="Where an adoption was learned from (a unit; '-' for none).")
@click.option("--date", "day", default=None, help="dd/mm/yyyy, mm/yyyy or yyyy (sets the precision too).")
@click.option("--kind", default=None, help="origination | replication | discontinuation.")
@click.option("--name", default=None, help="A model's or person's name as it should read.")
@click.option("--type", "model_type", default=None, help="A model's type (Club, InterestGroup, SavingsGroup…).")
@_STEWARD
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@_LANG
@click.pass_context
def edit_command(ctx: click.Context, ref: str, unit: str | None, learned_from: str | None, day: str | None, kind: str | None,
                 name: str | None, model_type: str | None, steward: str | None, fmt: str, lang: str) -> None:
    """Correct one candidate DOC:ID; the shapes check it before anything is saved."""
    given = {"unit": unit, "learned_from": learned_from, "date": day, "kind": kind, "name": name, "type": model_type}
    changes = [(k, v) for k, v in given.items() if v is not None]
    with opened(ctx, on_error=_fail) as graph:
        outcome = ops.edit(Workspace(graph.store, graph.settings), ref, changes, _steward(steward))
    _report(outcome, lang, fmt)


@review.command("merge")
@click.argument("ref")
@click.argument("target")
@_STEWARD
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@_LANG
@click.pass_context
def merge_command(ctx: click.Context, ref: str, target: str, steward: str | None, fmt: str, lang: str) -> None:
    """Merge model or person DOC:ID into an existing one (its IRI, slug or, for a model, its name)."""
    with opened(ctx, on_error=_fail) as graph:
        outcome = ops.merge(Workspace(graph.store, graph.settings), ref, target, _steward(steward))
    _report(outcome, lang, fmt)


@review.command("split")
@click.argument("merge_id")
@_STEWARD
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@_LANG
@click.pass_context
def split_command(ctx: click.Context, merge_id: str, steward: str | None, fmt: str, lang: str) -> None:
    """Undo merge MERGE_ID (listed by `review show`): the candidate keeps its own identity from now on."""
    with opened(ctx, on_error=_fail) as graph:
        outcome = ops.split_merge(Workspace(graph.store, graph.settings), merge_id, _steward(steward))
    _report(outcome, lang, fmt)


@review.command("units")
@click.argument("text")
@click.option("--on", "on", default=None, help="The day the unit must be valid on (yyyy-mm-dd); default any.")
@click.pass_context
def units_command(ctx: click.Context, text: str, on: str | None) -> None:
    """Official units matching TEXT (a GSO code or a name, with or without diacritics)."""
    try:
        day = date.fromisoformat(on) if on else None
    except ValueError:
        _fail(UsageError(f"Ngày '{on}' không hợp lệ (yyyy-mm-dd).", f"Invalid day '{on}' (yyyy-mm-dd)."))
    with opened(ctx, on_error=_fail) as graph:
        ws = Workspace(graph.store, graph.settings)
        for record in find_units(ws.gazetteer, text, day):
            click.echo(f"{record.code}\t{describe_unit(ws.gazetteer, record)}\t{record.start or ''}–{record.end or ''}")
