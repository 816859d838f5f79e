"""Dereferenceable entity IRIs: /id/… answers 303 See Other to an HTML page or an RDF document.

Convention (the W3C "Cool URIs" 303 pattern): an entity IRI names a thing (a person, a forum),
not a document, so `/id/{path}` never answers 200 itself. It redirects, by Accept, to
`/page/{path}` (HTML; `.json` twin with the page's data, `.csv?table=` for its tables) or to
`/data/{path}.ttl|.jsonld|.nt` (Turtle, JSON-LD, N-Triples). Responses carry `Vary: Accept`,
and every page links its alternates. Views parse, call one profile function, render.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from flask import (
    Blueprint,
    Response,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)

from ..errors import NotFoundError, WugraphError
from ..formats import (
    ENTITY_CHOICES,
    ENTITY_FORMATS,
    HTML,
    by_suffix,
    negotiate,
    prefers_html,
)
from ..pages.entity_rdf import entity_rdf
from ..pages.hierarchy import UnitTree
from ..pages.labels import Labels, kind_of
from ..pages.place_profiles import event_profile, unit_profile
from ..pages.profiles import (
    AdoptionRow,
    entity_profile,
    exists,
    model_profile,
    person_profile,
)
from ..pages.search import SearchIndex
from ..pages.source_profile import source_profile
from ..tables import Table, table_csv
from . import context
from .i18n import current_language, translate

blueprint = Blueprint("entities", __name__)

TEMPLATES: dict[str, str] = {"unit": "unit", "chapter": "unit", "event": "event", "person": "person", "model": "model", "doc": "source"}


# --- indexes shared by every page, rebuilt when the store version changes -------------------

def labels() -> Labels:
    return context.graph().labels()


def tree() -> UnitTree:
    return context.graph().tree()


def search_index() -> SearchIndex:
    return context.graph().search_index()


def all_adoptions() -> tuple[AdoptionRow, ...]:
    return context.graph().adoptions()


def plain(value: Any) -> Any:
    """Dataclasses → dicts and tuples → lists, without `asdict`'s deep copies (3× faster on big pages)."""
    if hasattr(value, "__dataclass_fields__"):
        return {name: plain(getattr(value, name)) for name in value.__dataclass_fields__}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


# --- URLs for templates ---------------------------------------------------------------------

def entity_base() -> str:
    return context.settings().entity_base


@blueprint.app_template_global()
def page_url(iri: str | None) -> str | None:
    """The HTML page of an entity under the configured base (None for ontology terms and outside IRIs)."""
    base = entity_base()
    if not iri or not iri.startswith(base) or iri == base:
        return None
    return url_for("entities.page", rest=iri[len(base):])


@blueprint.app_template_global()
def lang_switch_url() -> str:
    """This page in the other language, keeping its query (the choice then persists in a cookie)."""
    other = "en" if current_language() == "vi" else "vi"
    args = [(k, v) for k, v in request.args.items(multi=True) if k != "lang"]
    return request.path + "?" + urlencode([*args, ("lang", other)])


@blueprint.app_template_global()
def network_url(iri: str, depth: int = 1) -> str:
    return url_for("pages.network", iri=iri, depth=depth)


@blueprint.app_template_global()
def csv_url(table: str) -> str:
    """This page's CSV export of one of its tables (same query arguments)."""
    args = [(k, v) for k, v in request.args.items() if k not in ("table", "lang")]
    path = request.path[:-5] if request.path.endswith(".json") else request.path
    return f"{path}.csv?" + urlencode([("table", table), *args])


@blueprint.app_template_global()
def show_date(value: str | None) -> str:
    """A date as planners read it: 21/02/2023 in Vietnamese, 2023-02-21 in English."""
    if not value:
        return ""
    day = value[:10]
    try:
        parsed = date.fromisoformat(day)
    except ValueError:
        return value
    return parsed.strftime("%d/%m/%Y") if current_language() == "vi" else day


@blueprint.app_template_global()
def spread_url(model_iri: str) -> str | None:
    """The spread view of a model when the analytics pages are installed (a /spread/<…> route), else None."""
    slug = model_iri.rstrip("/").rsplit("/", 1)[-1]
    for rule in current_app.url_map.iter_rules():
        if rule.rule.startswith("/spread/<") and rule.rule.count("/") == 2 and len(rule.arguments) == 1:
            values: dict[str, Any] = {next(iter(rule.arguments)): slug}
            return url_for(rule.endpoint, **values)
    return None


# --- responses ------------------------------------------------------------------------------

def csv_response(table: Table, filename: str) -> Response:
    """A table as a downloadable CSV with headers in the page language."""
    body = table_csv(table, [translate(f"col.{c}") for c in table.columns])
    response = Response(body, content_type="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def pick_table(tables: dict[str, Table]) -> Table:
    name = request.args.get("table") or next(iter(tables))
    if name not in tables:
        raise NotFoundError(f"Trang này không có bảng {name}.", f"This page has no table {name}.", tables=sorted(tables))
    return tables[name]


def _split_suffix(rest: str, suffixes: tuple[str, ...]) -> tuple[str, str | None]:
    for suffix in suffixes:
        if rest.endswith("." + suffix):
            return rest[: -len(suffix) - 1], suffix
    return rest, None


def _profile(kind: str, iri: str) -> Any:
    store = context.store()
    if kind in ("unit", "chapter"):
        wanted = request.args.get("rollup")
        return unit_profile(store, tree(), iri, all_adoptions(), rollup=None if wanted is None else wanted == "1")
    if kind == "event":
        return event_profile(store, tree(), iri)
    if kind == "person":
        return person_profile(store, labels(), iri)
    if kind == "model":
        return model_profile(store, labels(), iri)
    if kind == "doc":
        return source_profile(store, labels(), iri)
    return entity_profile(store, labels(), iri)


def page_data(rest: str) -> tuple[str, dict[str, Any], Any]:
    """(template, data, profile) of the page of `base + rest`: the dict both the template and the .json twin get."""
    iri = entity_base() + rest
    kind = kind_of(iri, entity_base())
    profile = _profile(kind, iri)
    data = {
        "kind": kind,
        "iri": iri,
        "profile": plain(profile),
        "tables": list(profile.tables(current_language())),
        "alternates": {"json": url_for("entities.page", rest=rest + ".json"),
                       **{f.name: url_for("entities.data", rest=f"{rest}.{f.suffix}") for f in ENTITY_FORMATS}},
    }
    return f"pages/{TEMPLATES.get(kind, 'entity')}.html", data, profile


@blueprint.route("/id/<path:rest>")
def resolve(rest: str) -> Response:
    """303 See Other: browsers to the HTML page, RDF clients to the document in the format they accept."""
    iri = entity_base() + rest
    if not exists(context.store(), iri):
        raise NotFoundError(f"Không có dữ liệu về {iri}.", f"Nothing is known about {iri}.", iri=iri)
    target = negotiate(request.headers.get("Accept"), ENTITY_CHOICES)
    if target is HTML:
        location = url_for("entities.page", rest=rest)
    elif target.name == "json":
        location = url_for("entities.page", rest=rest + ".json")
    else:
        location = url_for("entities.data", rest=f"{rest}.{target.suffix}")
    response = redirect(location, code=303)
    response.headers["Vary"] = "Accept"
    return response  # type: ignore[return-value]


@blueprint.route("/page/<path:rest>")
def page(rest: str) -> Response | str:
    """An entity's HTML page, its .json twin, or one of its tables as .csv."""
    rest, suffix = _split_suffix(rest, ("json", "csv"))
    template, data, profile = page_data(rest)
    if suffix == "json":
        return jsonify(data)
    if suffix == "csv":
        table = pick_table(profile.tables(current_language()))
        return csv_response(table, f"{rest.replace('/', '-')}-{table.name}")
    return render_template(template, **data)


@blueprint.route("/data/<path:rest>")
def data(rest: str) -> Response:
    """The entity's RDF: by suffix (.ttl, .jsonld, .nt) or, without one, by Accept."""
    rest, suffix = _split_suffix(rest, tuple(s.lstrip(".") for f in ENTITY_FORMATS for s in f.suffixes))
    if suffix is None:
        chosen = negotiate(request.headers.get("Accept") or "text/turtle", ENTITY_CHOICES)
        fmt = chosen if chosen in ENTITY_FORMATS else ENTITY_FORMATS[0]
    else:
        fmt = by_suffix(suffix) or ENTITY_FORMATS[0]
    response = Response(entity_rdf(context.store(), entity_base() + rest, fmt), content_type=fmt.content_type)
    response.headers["Vary"] = "Accept"
    return response


@blueprint.errorhandler(NotFoundError)
def not_found(error: WugraphError) -> Response | tuple[str, int]:
    """A readable 404 page for browsers; JSON for everything else (as the app-wide handler does)."""
    wants_html = not request.path.endswith((".json", ".csv")) and request.path.startswith(("/page/", "/id/")) and \
        prefers_html(request.headers.get("Accept"), ENTITY_CHOICES[1:])
    if wants_html:
        return render_template("pages/not_found.html", iri=error.details.get("iri"), message=error.message(current_language())), 404
    response = jsonify(error.to_dict())
    response.status_code = 404
    return response
