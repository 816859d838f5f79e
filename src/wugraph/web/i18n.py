"""Page language: Vietnamese first, English one click away; the choice persists in a cookie."""

from __future__ import annotations

from flask import Flask, Response, g, request

from .messages import MESSAGES

LANGUAGES = ("vi", "en")
COOKIE = "wugraph_lang"


def current_language() -> str:
    """The request's language, chosen on first use (a SPARQL answer never needs one, so never pays for it)."""
    chosen = getattr(g, "lang", None)
    return chosen if chosen is not None else _choose_language()


def translate(key: str, **values: object) -> str:
    """The message for `key` in the request's language (falls back to Vietnamese, then the key)."""
    entry = MESSAGES.get(key)
    if entry is None:
        return key
    text = entry.get(current_language()) or entry["vi"]
    return text.format(**values) if values else text


def label(labels: dict[str, str] | None) -> str:
    """Pick an entity label in the page language from a {lang: text} dict."""
    if not labels:
        return ""
    return labels.get(current_language()) or labels.get("vi") or next(iter(labels.values()))


def _choose_language() -> str:
    """?lang= first (remembered in a cookie), then the cookie, then Vietnamese."""
    asked = request.args.get("lang") if "lang=" in request.environ.get("QUERY_STRING", "") else None
    cookie = request.cookies.get(COOKIE) if "HTTP_COOKIE" in request.environ else None
    lang = asked if asked in LANGUAGES else cookie if cookie in LANGUAGES else "vi"
    g.lang, g.lang_asked = lang, asked in LANGUAGES
    return lang


def _remember_language(response: Response) -> Response:
    if "lang=" in request.environ.get("QUERY_STRING", ""):
        current_language()
    if getattr(g, "lang_asked", False):
        response.set_cookie(COOKIE, g.lang, max_age=365 * 24 * 3600, samesite="Lax")
    if getattr(g, "lang", None) is not None or (response.content_type or "").startswith("text/html"):
        response.headers.setdefault("Content-Language", current_language())
    return response


def install(app: Flask) -> None:
    app.after_request(_remember_language)
    app.jinja_env.globals.update(t=translate, lang=current_language, pick=label, languages=LANGUAGES)
