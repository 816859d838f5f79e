"""Pages for people: home, hierarchy as of a day, search, "where is my old unit now?" and the network view (entity pages are in
`entities`). Views parse, call one function, render; each page has a .json twin with the same data.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, Response, jsonify, render_template, request, url_for

from ..endpoint.catalog import examples
from ..errors import UsageError
from ..pages.lookup import lookup
from ..pages.neighbourhood import MAX_DEPTH, neighbourhood
from ..pages.search import KIND_ORDER
from ..pages.stats import REFORM_DAY
from . import context
from .entities import (
    csv_response,
    entity_base,
    labels,
    page_url,
    pick_table,
    plain,
    search_index,
    tree,
)
from .i18n import current_language

blueprint = Blueprint("pages", __name__)

LANDING_EXAMPLES = ("provinces_on_date", "successor_of_dak_nong", "forums_2023_speakers", "forum_provenance")


def home_data() -> dict[str, Any]:
    """The landing page's data, shared by the HTML page and its .json twin."""
    graph = context.graph()
    stats, news = graph.stats(), graph.news()
    lang = current_language()
    chosen = [e for e in examples() if e.name in LANDING_EXAMPLES]
    return {
        "stats": plain(stats),
        "reform_date": REFORM_DAY.isoformat(),
        "classes": [plain(c) for c in graph.data_classes()],
        "endpoint": url_for("endpoint.sparql_endpoint", _external=True),
        "downloads": url_for("downloads.page", _external=True),
        "reconcile": url_for("reconcile.endpoint", _external=True),
        "examples": [{"name": e.name, "title": e.title(lang), "description": e.description(lang), "sparql": e.sparql} for e in chosen],
        "latest_sources": [plain(s) for s in news[0]],
        "recent_events": [plain(e) for e in news[1]],
    }


@blueprint.route("/")
def home() -> str:
    return render_template("pages/home.html", **home_data())


@blueprint.route("/index.json")
def home_json() -> Response:
    return jsonify(home_data())


def _day(raw: str | None) -> date:
    if not raw:
        return date.today()
    try:
        return date.fromisoformat(raw)
    except ValueError as exc:
        raise UsageError(f"Ngày không hợp lệ: {raw} (cần dạng YYYY-MM-DD).", f"Invalid date: {raw} (expected YYYY-MM-DD).") from exc


@blueprint.route("/hierarchy", defaults={"suffix": None})
@blueprint.route("/hierarchy.<any(json, csv):suffix>")
def hierarchy(suffix: str | None) -> Response | str:
    """The tree on a day (default today), opened down to `open` (a unit or chapter IRI)."""
    view = tree().view(_day(request.args.get("on")), request.args.get("open") or None, entity_base() + "union")
    if suffix == "csv":
        return csv_response(pick_table(view.tables(current_language())), f"hierarchy-{view.day}")
    data = {"view": plain(view), "tables": ["units"]}
    return jsonify(data) if suffix == "json" else render_template("pages/hierarchy.html", **data)


@blueprint.route("/search", defaults={"suffix": None})
@blueprint.route("/search.<any(json, csv):suffix>")
def search(suffix: str | None) -> Response | str:
    """Label search over every entity, grouped by kind (`kind=` narrows it to one)."""
    query = (request.args.get("q") or "").strip()[:200]
    kind = request.args.get("kind") or None
    per_group = 100 if kind else 20
    result = search_index().search(query, per_group, kinds=[kind] if kind else None, context=tree().where) if query else None
    if suffix == "csv":
        if result is None:
            raise UsageError("Thiếu từ khóa tìm kiếm (q).", "The search terms (q) are missing.")
        return csv_response(pick_table(result.tables(current_language())), "search")
    data = {"q": query, "kind": kind, "kinds": list(KIND_ORDER), "result": plain(result) if result else None, "tables": ["results"]}
    return jsonify(data) if suffix == "json" else render_template("pages/search.html", **data)


@blueprint.route("/lookup", defaults={"suffix": None})
@blueprint.route("/lookup.<any(json, csv):suffix>")
def lookup_page(suffix: str | None) -> Response | str:
    """Which unit is an old commune (or district, province) in now: `unit=` a name, GSO code or IRI, `on=` a day."""
    query = (request.args.get("unit") or "").strip()
    day = _day(request.args.get("on"))
    result = lookup(tree(), search_index(), query, day) if query or suffix else None
    if suffix == "csv" and result is not None:
        return csv_response(pick_table(result.tables(current_language())), "lookup")
    data = {"q": query, "day": day.isoformat(), "result": plain(result) if result else None, "tables": ["matches"]}
    return jsonify(data) if suffix == "json" else render_template("pages/lookup.html", **data)


@blueprint.route("/network", defaults={"suffix": None})
@blueprint.route("/network.<any(json):suffix>")
def network(suffix: str | None) -> Response | str:
    """The links around one entity (`iri=`), `depth=` 1 to 3 steps out."""
    iri = request.args.get("iri") or ""
    if not iri:
        raise UsageError("Thiếu tham số iri.", "The iri parameter is missing.")
    try:
        depth = int(request.args.get("depth") or 1)
    except ValueError as exc:
        raise UsageError("Độ sâu phải là số nguyên.", "The depth must be an integer.") from exc
    graph = neighbourhood(context.store(), labels(), iri, depth)
    data = {"network": plain(graph), "max_depth": MAX_DEPTH, "links": {node.ref.iri: page_url(node.ref.iri) for node in graph.nodes}}
    return jsonify(data) if suffix == "json" else render_template("pages/network.html", **data)
