"""Security headers for every response, in the one after-request hook every page (present or future) passes.

HTML gets a Content-Security-Policy that allows scripts only from this site's own files (no inline
script, no eval), refuses framing (`frame-ancestors 'none'` and X-Frame-Options for older
browsers) and keeps form posts and fetches at home; every response gets nosniff and a referrer
policy. Styles may be inline: YASGUI and CodeMirror set element styles, which run no code.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, Response

from ..config import Settings

COMMON = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "strict-origin-when-cross-origin"}


def content_security_policy(settings: Settings) -> str:
    """The page policy; the public origin is added where the browser may post or fetch, in case it differs."""
    home = "'self'"
    if settings.public_base_url:
        parts = urlsplit(settings.public_base_url)
        home += f" {parts.scheme}://{parts.netloc}"
    return "; ".join((
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        f"connect-src {home}",
        f"form-action {home}",
        "object-src 'none'",
        "base-uri 'self'",
        "frame-ancestors 'none'",
    ))


def install(app: Flask, settings: Settings) -> None:
    """Register the hook once for the whole app (blueprints added later get it too)."""
    html_headers = {**COMMON, "Content-Security-Policy": content_security_policy(settings), "X-Frame-Options": "DENY"}

    @app.after_request
    def _security_headers(response: Response) -> Response:
        chosen = html_headers if (response.content_type or "").startswith("text/html") else COMMON
        present = {name.lower() for name in response.headers.keys()}
        response.headers.extend([(name, value) for name, value in chosen.items() if name.lower() not in present])
        return response
