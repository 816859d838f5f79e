"""The spread view: /spread (index), /spread/<slug> (one model), /spread/compare, their JSON twins under
/api/spread and CSV tables. Views parse, call one function of the spread cache, render.
"""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    Response,
    current_app,
    jsonify,
    render_template,
    request,
    url_for,
)

from ..analytics.cache import SpreadCache
from ..analytics.view import TABLE_LIMIT, tables
from ..errors import NotFoundError, UsageError
from ..tables import table_csv
from . import context
from .i18n import current_language, translate

blueprint = Blueprint("spread", __name__)
CSV_TABLES = ("adopters", "curve", "provinces", "cascades", "inferred", "candidates")


def cache() -> SpreadCache:
    """The app's spread cache (one per app; it follows the store version on its own)."""
    return context.graph().spread()


def _slug(value: str) -> str:
    if not value or "/" in value or len(value) > 200:
        raise UsageError("Tên mô hình không hợp lệ.", "Invalid model name.", model=value)
    return value


def _show_demo() -> bool:
    """Synthetic demo data is shown unless ?demo=hide (or 0, no, off)."""
    return request.args.get("demo", "show").lower() not in ("hide", "0", "no", "off")


def _index_data() -> dict[str, Any]:
    show_demo = _show_demo()
    index = cache().index(wait=request.args.get("wait") == "1")
    if index is None:
        return {"computing": True, "models": None, "innovativeness": None, "show_demo": show_demo}
    inn = index.innovativeness if show_demo or index.innovativeness_real is None else index.innovativeness_real
    labels = cache().context().labels

    def score(s: Any) -> dict[str, Any]:
        return {"chapter": s.chapter, "labels": labels.get(s.chapter, {}), "models": s.models, "mean_order": s.mean_order, "score": s.score}

    models = [m for m in index.models if show_demo or not m["synthetic"]]
    return {"computing": False, "models": models, "store_version": index.version, "show_demo": show_demo,
            "synthetic_models": sum(1 for m in index.models if m["synthetic"]),
            "without_adopters": sum(1 for m in models if not m["adopters"]),
            "innovativeness": {"leaders": [score(s) for s in inn.leaders], "laggards": [score(s) for s in inn.laggards],
                               "chapters_scored": inn.chapters_scored, "min_models": inn.min_models}}


@blueprint.route("/spread")
def index() -> str:
    return render_template("pages/spread_index.html", **_index_data())


@blueprint.route("/api/spread")
def index_json() -> Response:
    response = jsonify(_index_data())
    if response.json and response.json.get("computing"):
        response.status_code = 202
        response.headers["Retry-After"] = "5"
    return response


@blueprint.route("/spread/<slug>")
def model(slug: str) -> str:
    view = cache().view(_slug(slug))
    data = view.to_dict(limit=TABLE_LIMIT)
    return render_template("pages/spread.html", data=data, slug=slug, totals=_totals(view), tables=CSV_TABLES,
                           model_page=url_for("entities.page", rest=f"model/{slug}") if "entities.page" in current_app.view_functions else None)


def _totals(view: Any) -> dict[str, int]:
    return {"adopters": len(view.first), "candidates": len(view.candidates), "inferred": len(view.inferred),
            "trees": len(view.cascades.trees)}


@blueprint.route("/api/spread/<slug>")
def model_json(slug: str) -> Response:
    return jsonify(cache().view(_slug(slug)).to_dict())


@blueprint.route("/spread/<slug>/<table>.csv")
def model_csv(slug: str, table: str) -> Response:
    if table not in CSV_TABLES:
        raise NotFoundError(f"Không có bảng {table}.", f"No table {table}.", table=table)
    found = tables(cache().view(_slug(slug)), current_language())[table]
    body = table_csv(found, [translate(f"spread.col.{c}") if not c.startswith("share_") else c for c in found.columns])
    response = Response(body, content_type="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="{slug}-{table}.csv"'
    return response


def _compare_data() -> dict[str, Any] | None:
    a, b = request.args.get("a", "").strip(), request.args.get("b", "").strip()
    if not a or not b:
        return None
    return cache().compare(_slug(a), _slug(b))


@blueprint.route("/spread/compare")
def compare() -> str:
    return render_template("pages/spread_compare.html", data=_compare_data(), a=request.args.get("a", ""), b=request.args.get("b", ""),
                           models=cache().models())


@blueprint.route("/api/spread/compare")
def compare_json() -> Response:
    data = _compare_data()
    if data is None:
        raise UsageError("Cần hai mô hình: ?a=…&b=….", "Two models are needed: ?a=…&b=….")
    return jsonify(data)
