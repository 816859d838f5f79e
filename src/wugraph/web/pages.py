"""Pages for people: the landing page (more in later issues). Views parse, call one function, render."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from flask import Blueprint, Response, jsonify, render_template, url_for

from ..catalog import examples
from ..stats import collect
from . import context
from .i18n import current_language

blueprint = Blueprint("pages", __name__)

LANDING_EXAMPLES = ("provinces_on_date", "successor_of_dak_nong", "forums_2023_speakers", "forum_provenance")


def _home_data() -> dict[str, Any]:
    """The landing page's data, shared by the HTML page and its .json twin."""
    stats = context.cached("stats", lambda: collect(context.store()))
    lang = current_language()
    chosen = [e for e in examples() if e.name in LANDING_EXAMPLES]
    return {
        "stats": asdict(stats),
        "endpoint": url_for("endpoint.sparql_endpoint", _external=True),
        "examples": [{"name": e.name, "title": e.title(lang), "description": e.description(lang), "sparql": e.sparql} for e in chosen],
    }


@blueprint.route("/")
def home() -> str:
    return render_template("pages/home.html", **_home_data())


@blueprint.route("/index.json")
def home_json() -> Response:
    return jsonify(_home_data())
