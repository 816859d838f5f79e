"""The Reconciliation Service API 0.2 at /reconcile, for OpenRefine and other clients.

GET /reconcile gives the manifest; `queries=` (GET or POST form) a result batch; `extend=` a data
extension. Suggest services answer at /reconcile/suggest/{entity,type,property}, property
proposals at /reconcile/properties, entity previews at /reconcile/preview?id= and the entity page
through /reconcile/view?id=. Every answer allows cross-origin use, as the specification requires.
Views parse, call one function of `wugraph.reconcile`, and return its document.
"""

from __future__ import annotations

from datetime import date

from flask import Blueprint, Response, jsonify, redirect, render_template, request, url_for

from .. import reconcile as service
from ..errors import NotFoundError, UsageError
from ..reconcile import ReconcileIndex
from ..reconcile.vocabulary import type_iri
from . import context
from .entities import page_url
from .i18n import current_language

blueprint = Blueprint("reconcile", __name__, url_prefix="/reconcile")
MAX_PREFIX_CHARS = 200


def index() -> ReconcileIndex:
    return context.graph().reconciler()


@blueprint.after_request
def _cross_origin(response: Response) -> Response:
    """CORS on every endpoint of the service, errors included (the specification makes it mandatory)."""
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Allow-Headers"] = "Content-Type"
    return response


def _urls() -> service.ServiceUrls:
    root = url_for("reconcile.endpoint", _external=True)
    return service.ServiceUrls(root=root,
                               view=url_for("reconcile.view", _external=True) + "?id={{id}}",
                               preview=url_for("reconcile.preview", _external=True) + "?id={{id}}",
                               documentation=url_for("pages.home", _external=True))


@blueprint.route("", methods=["GET", "POST"])
def endpoint() -> Response:
    """Manifest, a reconciliation batch (`queries`) or a data extension (`extend`), by parameter."""
    values = request.values
    lang = current_language()
    if "queries" in values:
        batch = service.parse_batch(values.get("queries"))
        return jsonify(service.result_batch(index(), service.reconcile_batch(index(), batch, date.today()), lang))
    if "extend" in values:
        return jsonify(service.extension(index(), service.parse_extend(values.get("extend")), lang))
    return jsonify(service.manifest(index(), _urls(), context.settings().entity_base, lang))


def _paging() -> tuple[str, int]:
    prefix = request.args.get("prefix", "")
    if len(prefix) > MAX_PREFIX_CHARS:
        raise UsageError(f"prefix dài quá {MAX_PREFIX_CHARS} ký tự.", f"The prefix is longer than {MAX_PREFIX_CHARS} characters.",
                         reason="prefix_too_long")
    raw = request.args.get("cursor") or "0"
    if not raw.isascii() or not raw.isdigit():
        raise UsageError("cursor phải là số nguyên không âm.", "The cursor must be a non-negative integer.", reason="bad_cursor")
    return prefix, min(int(raw), 10_000)


@blueprint.route("/suggest/<any(entity, type, property):kind>")
def suggest(kind: str) -> Response:
    """Auto-completion of entities (optionally of some `type`s), types and properties."""
    prefix, cursor = _paging()
    lang = current_language()
    if kind == "entity":
        types = []
        for value in request.args.getlist("type"):
            found = type_iri(value)
            if found is None:
                raise UsageError(f"Không có loại {value!r}.", f"There is no type {value!r}.", reason="unknown_type")
            types.append(found)
        return jsonify(service.suggest_entities(index(), prefix, cursor, tuple(types), lang))
    if kind == "type":
        return jsonify(service.suggest_types(index(), prefix, cursor, lang))
    return jsonify(service.suggest_properties(prefix, cursor, lang))


@blueprint.route("/properties")
def properties() -> Response:
    """Data extension property proposals for a `type` (at most `limit`)."""
    raw = request.args.get("limit")
    if raw is not None and (not raw.isascii() or not raw.isdigit() or int(raw) < 1):
        raise UsageError("limit phải là số nguyên dương.", "The limit must be a positive integer.", reason="bad_limit")
    return jsonify(service.propose_properties(request.args.get("type"), int(raw) if raw else None, current_language()))


def _entity_id() -> str:
    iri = request.args.get("id") or ""
    if not iri:
        raise UsageError("Thiếu tham số id.", "The id parameter is missing.", reason="missing")
    return iri


@blueprint.route("/preview", defaults={"suffix": None})
@blueprint.route("/preview.<any(json):suffix>")
def preview(suffix: str | None) -> Response | str:
    """A small HTML card of one entity for the client's iframe (and its .json twin)."""
    iri = _entity_id()
    data = service.preview(index(), iri, current_language())
    if data is None:
        raise NotFoundError(f"Dịch vụ không có thực thể {iri}.", f"The service has no entity {iri}.", iri=iri)
    data["page"] = page_url(iri)
    return jsonify(data) if suffix == "json" else render_template("pages/reconcile_preview.html", **data)


@blueprint.route("/view")
def view() -> Response:
    """The entity page of an id (the manifest's view template points here)."""
    iri = _entity_id()
    target = page_url(iri) if iri in index().types else None
    if target is None:
        raise NotFoundError(f"Dịch vụ không có thực thể {iri}.", f"The service has no entity {iri}.", iri=iri)
    return redirect(target, code=303)  # type: ignore[return-value]
