"""Page language: Vietnamese first, English one click away; the choice persists in a cookie."""

from __future__ import annotations

from flask import Flask, Response, g, request

from .messages import MESSAGES

LANGUAGES = ("vi", "en")
COOKIE = "wugraph_lang"


def current_language() -> str:
    return getattr(g, "lang", "vi")


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


def _choose_language() -> None:
    asked = request.args.get("lang")
    g.lang = asked if asked in LANGUAGES else request.cookies.get(COOKIE) if request.cookies.get(COOKIE) in LANGUAGES else "vi"
    g.lang_asked = asked in LANGUAGES


def _remember_language(response: Response) -> Response:
    if getattr(g, "lang_asked", False):
        response.set_cookie(COOKIE, g.lang, max_age=365 * 24 * 3600, samesite="Lax")
    response.headers.setdefault("Content-Language", current_language())
    return response


def install(app: Flask) -> None:
    app.before_request(_choose_language)
    app.after_request(_remember_language)
    app.jinja_env.globals.update(t=translate, lang=current_language, pick=label, languages=LANGUAGES)
